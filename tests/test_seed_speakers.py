"""After ingesting the seed articles, each gold speaker is one row in `speakers`, whatever
variant each outlet used, and no two gold speakers share a row (issue 3's measure)."""
import json
from collections import defaultdict
from pathlib import Path

import pytest

from tracker import pipeline, store
from tracker.articles import read_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    db = store.open_db(tmp_path_factory.mktemp("seeds") / "quotes.db")
    report = pipeline.ingest(db, list(read_paths([ROOT / "seeds"])))
    assert not report.errors
    return db


def gold_speakers_by_row(db):
    gold = [json.loads(line) for line in open(ROOT / "tests" / "data" / "seeds_gold.jsonl", encoding="utf-8")]
    rows_of = defaultdict(set)  # gold speaker -> speaker ids stored for its quotes
    for doc in gold:
        article = db.execute("select id from articles where source like ?", [f"%{doc['file']}"]).fetchone()
        assert article, doc["file"]
        for q in doc["quotes"]:
            if q.get("kind") == "scare" or not q.get("speaker") or not q.get("speaker_judge", True):
                continue
            row = db.execute(
                "select speaker_id from quotes where article_id = ? and start < ? and end > ?",
                [article[0], q["end"], q["start"]]).fetchone()
            assert row is not None, q["text"]
            rows_of[q["speaker"]].add(row[0])
    return rows_of


def test_each_gold_speaker_is_one_row(seeded):
    rows_of = gold_speakers_by_row(seeded)
    split = {speaker: ids for speaker, ids in rows_of.items() if len(ids) != 1}
    assert not split, split


def test_no_two_gold_speakers_share_a_row(seeded):
    rows_of = gold_speakers_by_row(seeded)
    owners = defaultdict(set)
    for speaker, ids in rows_of.items():
        for sid in ids:
            owners[sid].add(speaker)
    shared = {sid: names for sid, names in owners.items() if len(names) > 1}
    assert not shared, shared


def test_variants_are_recorded_as_aliases_with_their_rule(seeded):
    """Hassan Abdul-Ghani (AP) and Hassan Abdel Ghani (AFP): one speaker, the merge recorded."""
    ids = {row[0] for row in seeded.execute(
        "select speaker_id from speaker_aliases where alias in ('Hassan Abdul-Ghani', 'Hassan Abdel Ghani')")}
    assert len(ids) == 1
    rules = dict(seeded.execute("select alias, rule from speaker_aliases where speaker_id = ?", [ids.pop()]).fetchall())
    # files are read in name order: AP's spelling (002) comes first, AFP's (003) joins it
    assert rules["Hassan Abdul-Ghani"] == "new"
    assert rules["Hassan Abdel Ghani"] == "transliteration"
    role = seeded.execute("select rule from speaker_aliases where alias like 'leader of Hayat Tahrir%'").fetchone()
    assert role == ("role",)
