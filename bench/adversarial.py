"""Hostile inputs against normal ones of the same size, through the same path as ingest.

    .venv/bin/python bench/adversarial.py [--only NAME]

Each hostile input of tests/adversarial/hostile.py (unclosed marks, runs of marks, a
paragraph over spaCy's limit, a JSON-LD page of "<script", deep JSON lines...) is written to
a file and ingested as `tracker ingest FILE` does it (read_paths, then pipeline.ingest into a
fresh SQLite database, the model loaded once), and so is ordinary input of the same format
and total size made of the seed articles (one article, or articles of 100,000 characters
for the larger inputs). Prints the CPU time of each and their ratio; the
goal is no ratio above 5 (hostile input costs at most five times a normal article).
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "adversarial"))

GOAL = 5.0


def ingest_cpu(nlp, files: list, workdir: Path) -> tuple:
    """(CPU seconds, articles stored, quotes stored, problems) for (name, bytes) files."""
    from tracker import pipeline, store
    from tracker.articles import read_paths

    folder = Path(tempfile.mkdtemp(dir=workdir))
    (folder / "in").mkdir()
    for name, data in files:
        (folder / "in" / name).write_bytes(data)
    db = store.open_db(folder / "quotes.db")
    start = time.process_time()
    report = pipeline.ingest(db, read_paths([folder / "in"]), nlp=nlp)
    spent = time.process_time() - start
    db.close()
    return spent, report.articles, report.quotes, len(report.errors)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the hostile inputs whose name contains this")
    args = parser.parse_args()
    from hostile import HOSTILE, normal_like
    from tracker.extract.model import load_model

    nlp = load_model()
    rows = []
    with tempfile.TemporaryDirectory(prefix="tracker-adversarial-") as tmp:
        # warm up: the first ingest pays for caches and lazily loaded data (gender names)
        ingest_cpu(nlp, [("warm_up.txt", normal_like("warm_up.txt", b"x" * 5000)[0][1])], Path(tmp))
        for label, build in HOSTILE.items():
            if args.only and args.only.lower() not in label.lower():
                continue
            name, data = build()
            bad = ingest_cpu(nlp, [(name, data)], Path(tmp))
            good = ingest_cpu(nlp, normal_like(name, data), Path(tmp))
            rows.append((label, len(data), bad, good))
            print(f"  measured {label}", file=sys.stderr, flush=True)
    header = f"{'input':<26} {'bytes':>9} {'hostile s':>10} {'normal s':>9} {'ratio':>6}  hostile stored / normal stored"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for label, size, bad, good in rows:
        ratio = bad[0] / max(good[0], 1e-3)
        worst = max(worst, ratio)
        print(f"{label:<26} {size:>9,} {bad[0]:>10.2f} {good[0]:>9.2f} {ratio:>6.2f}  "
              f"{bad[1]} articles, {bad[2]} quotes, {bad[3]} errors / "
              f"{good[1]} articles, {good[2]} quotes, {good[3]} errors")
    print(f"worst ratio {worst:.2f} (goal: at most {GOAL:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
