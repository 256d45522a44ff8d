"""`tracker ingest --workers 2` against one worker: the same rows, in less time on 2 cores.

    .venv/bin/python bench/workers.py [--rounds N] [--workers 2]

Workload: the speed workload (bench/harness.py: seeds/ and tests/data/dev_news_*.jsonl,
every article once), ingested by pipeline.ingest (what `tracker ingest --workers N` runs)
into a fresh SQLite file, with one worker and with N, the model loaded once beforehand.
Each round runs both, the order alternating. The goal is about elapsed time, so the ratio
is wall time (one worker / N workers); on a shared machine other processes take cores
too, so the load average is printed beside it, and the CPU time of this process and of
its workers (getrusage, children included) shows the work done did not change. The rows
written are compared: they must be the same.
"""
import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import distinct_articles, machine, spread, write_headline, write_results  # noqa: E402


def cpu_now():
    """(CPU seconds of this process, of its reaped children)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def rows_of(db):
    return {t: sorted(map(tuple, db.execute(f"select * from [{t}]").fetchall()))
            for t in ("articles", "quotes", "speakers", "utterances")}


def ingest_once(nlp, articles, workers):
    from tracker import pipeline, store

    with tempfile.TemporaryDirectory() as tmp:
        db = store.open_db(f"{tmp}/bench.db")
        (own0, kids0), wall0 = cpu_now(), time.perf_counter()
        report = pipeline.ingest(db, articles, nlp=nlp, workers=workers)
        wall = time.perf_counter() - wall0
        own1, kids1 = cpu_now()
        # On two idle cores the run takes at least the busiest process's CPU time (the
        # workers share theirs evenly) and at least half of all of it.
        own, kids = own1 - own0, kids1 - kids0
        cpu = (own + kids, max(own, kids / workers, (own + kids) / 2) if workers > 1 else own)
        if report.errors or report.new != len(articles):
            raise SystemExit(f"workers bench: {report.errors or report.new}")
        rows = rows_of(db)
        db.close()
    return wall, cpu, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from tracker.extract.model import load_model

    nlp = load_model()
    articles = [a for _, group in distinct_articles() for a in group]
    load_before = os.getloadavg()[0]
    ingest_once(nlp, articles[:8], 1)  # warm-up
    runs = {1: [], args.workers: []}
    reference = None
    for r in range(args.rounds):
        order = [1, args.workers] if r % 2 == 0 else [args.workers, 1]
        for workers in order:
            wall, cpu, rows = ingest_once(nlp, articles, workers)
            if reference is None:
                reference = rows
            elif rows != reference:
                raise SystemExit(f"workers bench: {workers} worker(s) wrote other rows")
            runs[workers].append((wall, cpu))
            print(f"  round {r + 1}: {workers} worker(s) wall {wall:.1f} s, CPU {cpu[0]:.1f} s"
                  f" (least time on 2 idle cores {cpu[1]:.1f} s)",
                  file=sys.stderr)
    load_after = os.getloadavg()[0]
    key = f"workers{args.workers}_vs_1"
    ratios = [w1 / wn for (w1, _), (wn, _) in zip(runs[1], runs[args.workers])]
    bounds = [c1[1] / cn[1] for (_, c1), (_, cn) in zip(runs[1], runs[args.workers])]
    figures = {
        "command": "bench/workers.py" + (f" --rounds {args.rounds}" if args.rounds != 3 else ""),
        "machine": machine(nlp), "articles": len(articles), "rounds": args.rounds,
        "timer": "wall (time.perf_counter); CPU: getrusage self + children",
        "wall_s": {str(k): spread([w for w, _ in v], 2) for k, v in runs.items()},
        "cpu_s": {str(k): spread([c[0] for _, c in v], 2) for k, v in runs.items()},
        # one worker's CPU over the least time N workers could take on idle cores, from
        # their CPU times: what the wall ratio would be without the machine's other load
        f"{key}_from_cpu_bound": spread(bounds, 2),
        "load_average_1min": {"before": round(load_before, 2), "after": round(load_after, 2)},
        "same_rows": True,
        key: spread(ratios, 2),
    }
    print(f"{len(articles)} articles; wall 1 worker {statistics.median([w for w, _ in runs[1]]):.1f} s,"
          f" {args.workers} workers {statistics.median([w for w, _ in runs[args.workers]]):.1f} s;"
          f" {key} median {figures[key]['median']} (min {figures[key]['min']},"
          f" max {figures[key]['max']}); from the CPU times at most"
          f" {figures[key + '_from_cpu_bound']['median']} on idle cores; load average {load_before:.1f} / {load_after:.1f}"
          f" on {os.cpu_count()} cores")
    write_results("workers", figures)
    write_headline({key: figures[key]["median"]})


if __name__ == "__main__":
    main()
