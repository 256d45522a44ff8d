"""Extraction speed against a bare spaCy pass over the same texts, as ratios from one run.

    .venv/bin/python bench/speed.py [--repeat N]

Texts: the seed articles (or the texts of --jsonl files), repeated N times (default 20). Four timings, one run each, same
process and model: bare `nlp.pipe` over whole texts (what any spaCy-based extractor pays at
least), tracker's extract_many (parses only paragraphs with quote marks and the context it
needs), the component on whole Docs (nlp with quote_attribution), and the whole ingest
(extraction, speakers, utterances, syndication, SQLite writes) into a fresh database, each
copy made a distinct article by a numbered first line. Prints speeds relative to the bare
pass (above 1: faster than it).
"""
import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--jsonl", nargs="*", help="take the texts from these JSONL files instead of seeds/")
    args = parser.parse_args()
    from tracker.extract import extract_many
    from tracker.extract.model import load_model

    nlp = load_model()
    if args.jsonl:
        import json
        texts = [json.loads(line)["text"] for path in args.jsonl for line in open(path, encoding="utf-8") if line.strip()]
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts = texts * args.repeat
    words = sum(len(t.split()) for t in texts)
    bare_pipes = [name for name in nlp.pipe_names if name != "quote_attribution"]
    with nlp.select_pipes(enable=bare_pipes):
        list(nlp.pipe(texts))  # warm up: the first pass pays for caches and allocation
        bare, _ = timed(lambda: list(nlp.pipe(texts)))
    ours, quotes = timed(lambda: list(extract_many(texts, nlp)))
    component, _ = timed(lambda: [doc._.quotes for doc in nlp.pipe(texts)])
    n_quotes = sum(len(q) for q in quotes)
    ingest = _time_ingest(nlp, texts)
    print(f"{len(texts)} texts, {words} words, {n_quotes} quotes found by extract_many")
    print(f"bare spaCy nlp.pipe (whole texts):     1.00  ({words / bare:,.0f} words/s)")
    print(f"tracker extract_many (fast path):      {bare / ours:.2f}x the bare pass's speed")
    print(f"quote_attribution component (whole):  {bare / component:.2f}x the bare pass's speed")
    print(f"tracker ingest into SQLite (all steps): {bare / ingest:.2f}x the bare pass's speed")


def _time_ingest(nlp, texts):
    import tempfile

    import sqlite_utils

    from tracker import pipeline
    from tracker.articles import Article

    articles = [Article(text=f"Copy {n}.\n{text}", source=f"bench-{n}", outlet=f"Outlet {n % 4}")
                for n, text in enumerate(texts)]
    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite_utils.Database(f"{tmp}/bench.db")
        seconds, _ = timed(lambda: pipeline.ingest(db, articles, nlp=nlp))
        db.close()
    return seconds


if __name__ == "__main__":
    main()
