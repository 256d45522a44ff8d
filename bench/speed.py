"""Extraction speed against a bare spaCy pass over the same texts, as ratios from one run.

    .venv/bin/python bench/speed.py [--repeat N]

Texts: the seed articles, repeated N times (default 20). Three timings, one run each, same
process and model: bare `nlp.pipe` over whole texts (what any spaCy-based extractor pays at
least), tracker's extract_many (parses only paragraphs with quote marks and the context it
needs), and the component on whole Docs (nlp with quote_attribution). Prints the ratios.
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
    args = parser.parse_args()
    from tracker.extract import extract_many
    from tracker.extract.model import load_model

    nlp = load_model()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))] * args.repeat
    words = sum(len(t.split()) for t in texts)
    bare_pipes = [name for name in nlp.pipe_names if name != "quote_attribution"]
    list(nlp.pipe(texts[:2]))  # warm up
    with nlp.select_pipes(enable=bare_pipes):
        bare, _ = timed(lambda: list(nlp.pipe(texts)))
    ours, quotes = timed(lambda: list(extract_many(texts, nlp)))
    component, _ = timed(lambda: [doc._.quotes for doc in nlp.pipe(texts)])
    n_quotes = sum(len(q) for q in quotes)
    print(f"{len(texts)} texts, {words} words, {n_quotes} quotes found by extract_many")
    print(f"bare spaCy nlp.pipe (whole texts):     1.00  ({words / bare:,.0f} words/s)")
    print(f"tracker extract_many (fast path):      {bare / ours:.2f}x the bare pass's speed")
    print(f"quote_attribution component (whole):  {bare / component:.2f}x the bare pass's speed")


if __name__ == "__main__":
    main()
