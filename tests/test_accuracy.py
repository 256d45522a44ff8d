"""Regression test on the hand-annotated seed articles (tests/data/seeds_gold.jsonl).

Thresholds are the product's goals; the referee (../shared/eval/score.py) gives the same
figures with `make eval`. The seed articles were the first tuning set; the two written news
sets were annotated by colleagues who never saw the extractor, then used to find its errors,
so they are development data too, not a held-out test.
"""
import json
from pathlib import Path

import pytest

from scoring import score

from tracker.extract import extract_many

DATA = Path(__file__).parent / "data"


def load(name):
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_seed_articles_meet_the_accuracy_goals():
    gold = load("seeds_gold.jsonl")
    predicted = dict(zip([d["id"] for d in gold], extract_many(d["text"] for d in gold)))
    result = score(gold, predicted)
    assert result["quotes_f1"] >= 0.97, result
    assert result["speaker_accuracy"] >= 0.95, result
    assert result["end_to_end_f1"] >= 0.92, result


@pytest.mark.parametrize("name", ["dev_news_a.jsonl", "dev_news_b.jsonl", "dev_news_c.jsonl", "dev_news_d.jsonl"])
def test_written_news_sets_meet_the_held_out_goals(name):
    """Forty articles in many news styles, written and annotated blind to the extractor
    (tests/data/dev_news_*.jsonl), held to the goals set for unseen news."""
    gold = load(name)
    predicted = dict(zip([d["id"] for d in gold], extract_many(d["text"] for d in gold)))
    result = score(gold, predicted)
    assert result["quotes_f1"] >= 0.96, result
    assert result["speaker_accuracy"] >= 0.92, result
    assert result["end_to_end_f1"] >= 0.88, result


def test_scorer_counts_misses_and_wrong_speakers():
    """The scorer itself can fail: a dropped quote and a wrong speaker lower the figures."""
    gold = load("seeds_gold.jsonl")[:1]
    predicted = {gold[0]["id"]: list(extract_many([gold[0]["text"]]))[0]}
    full = score(gold, predicted)
    predicted[gold[0]["id"]] = predicted[gold[0]["id"]][1:]
    predicted[gold[0]["id"]][0].speaker = predicted[gold[0]["id"]][0].speaker_mention = "Someone Else"
    worse = score(gold, predicted)
    assert worse["quotes_f1"] < full["quotes_f1"]
    assert worse["speaker_accuracy"] < full["speaker_accuracy"]
