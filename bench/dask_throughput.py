"""Ingest throughput on a Dask LocalCluster of 1 and 2 workers beside the local path.

The workload is every distinct article the project holds (bench/harness.py), written as
JSONL files (8 articles a file) so the Dask path reads them on its workers as it would a
real archive. Each path ingests into a fresh database; the figure is words per wall second
for the whole command-equivalent (read, extract, write), the cluster already started and
its workers' models loaded (a long-running cluster pays that once). From the measured rate
of the 2-worker cluster per core, the paper estimate of the worker cores needed for one
million articles a day, beside what the one writer stored per day at that run's rate (the
writer resolves speakers and groups utterances for every article: it is the bound).
Writes section "dask" of bench/results.json.
"""
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import distinct_articles, words, write_results  # noqa: E402

ARTICLES_A_DAY = 1_000_000
FILE_SIZE = 8


def write_workload(directory: Path) -> tuple:
    articles = [a for _, group in distinct_articles() for a in group]
    for i in range(0, len(articles), FILE_SIZE):
        with open(directory / f"batch_{i // FILE_SIZE:03d}.jsonl", "w", encoding="utf-8") as out:
            for a in articles[i:i + FILE_SIZE]:
                out.write(json.dumps({"text": a.text, "outlet": a.outlet, "url": a.url,
                                      "title": a.title, "published": a.published}) + "\n")
    return len(articles), sum(words(a.text) for a in articles)


def timed(fn) -> float:
    start = time.perf_counter()
    report = fn()
    elapsed = time.perf_counter() - start
    if report.errors:
        raise SystemExit(f"bench workload: {report.errors[0]}")
    return elapsed


def _load_model():
    from tracker.extract import load_model
    load_model()


def main():
    from tracker import dask_ingest, pipeline, store
    from tracker.articles import read_paths
    from tracker.extract import load_model

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        n_articles, n_words = write_workload(tmp / "in")
        inputs = [str(tmp / "in")]
        nlp = load_model()
        seconds = {"local": timed(lambda: pipeline.ingest(
            store.open_db(tmp / "local.db"), list(read_paths(inputs)), nlp=nlp))}
        for workers in (1, 2):  # small tasks, so 44 articles spread over both workers
            client = dask_ingest.connect("local", workers=workers)
            try:
                client.wait_for_workers(workers, timeout=300)
                client.run(_load_model)  # each worker's model loaded before the clock starts
                seconds[f"dask_{workers}"] = timed(lambda: dask_ingest.ingest(
                    store.open_db(tmp / f"dask{workers}.db"), inputs, client,
                    files_per_task=1, articles_per_task=4))
            finally:
                dask_ingest.close(client)
    rate = {path: n_words / s for path, s in seconds.items()}
    per_core = rate["dask_2"] / 2
    words_per_article = n_words / n_articles
    cores = ARTICLES_A_DAY * words_per_article / (per_core * 86_400)
    print(f"{n_articles} articles, {n_words} words")
    for path, s in seconds.items():
        print(f"  {path:8s} {s:7.1f} s  {rate[path]:7.0f} words/s")
    print(f"dask_2 vs dask_1: {seconds['dask_1'] / seconds['dask_2']:.2f}x; "
          f"dask_2 vs local: {seconds['local'] / seconds['dask_2']:.2f}x")
    per_day = n_articles / seconds["dask_2"] * 86_400
    print(f"paper estimate: {ARTICLES_A_DAY:,} articles a day of {words_per_article:.0f} words at "
          f"{per_core:.0f} words/s per worker core = {cores:.0f} worker cores busy all day, "
          f"if the one writer kept up; but this run's whole path (one writer) stored "
          f"{per_day:,.0f} articles a day's worth: the writer, not the workers, is the bound")
    write_results("dask", {
        "articles": n_articles, "words": n_words,
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "words_per_second": {k: round(v) for k, v in rate.items()},
        "dask2_vs_dask1": round(seconds["dask_1"] / seconds["dask_2"], 2),
        "dask2_vs_local": round(seconds["local"] / seconds["dask_2"], 2),
        "worker_cores_for_1m_articles_a_day": round(cores),
        "articles_a_day_at_dask2_rate": round(n_articles / seconds["dask_2"] * 86_400),
    })


if __name__ == "__main__":
    main()
