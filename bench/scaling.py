"""Flat ingest: the cost of the steps after extraction at the 1,000th vs the 100,000th article.

    .venv/bin/python bench/scaling.py [--quick] [--articles N] [--posts N] [--no-api]
                                      [--db /tmp/tracker-reads/quotes.db] [--rebuild]

Two databases in the project's schema, built by bench/reads.py's generator (Zipf-like
speakers, the busiest under 2% of the quotes): 1,000 articles (10,000 quotes, 200
speakers) and 100,000 articles (1,000,000 quotes, 20,000 speakers; the file bench/reads.py
times its reads on, built once and cached). Each is copied before it is written to, so
every run starts from the same rows.

  steps     A fresh process per database ingests the same N real news articles (seeds/ and
            tests/data/dev_news_*.jsonl) one per pipeline.ingest call, as the API does. The
            parser is replaced by a recorded extraction (the real extractor's output for
            those texts, recorded once per run with the model), so what is timed is every
            step after extraction: registry load, speaker resolution, syndication, the
            writes, utterance regrouping. CPU time of the process (time.process_time) per
            article and per step; peak RSS of the process (VmHWM) after the N articles.
  api       `tracker serve` (the real server, model loaded, its own process) on a copy of each
            database; N articles POSTed to /api/articles one after another. Wall time per
            POST (p50/p95; the machine is shared, so wall time includes waiting for a core)
            and the server's CPU time per POST from /proc/PID/stat.

Figures (ratios of one run) go to bench/results.json: per_article_cpu_100k_vs_1k,
peak_rss_100k_vs_1k, api_post_p95_ms_100k, and the details under "scaling". --quick uses
a 10,000-article database instead of the 100,000 one (minutes instead of half an hour;
the keys then say so: per_article_cpu_10k_vs_1k...).
"""
import argparse
import json
import os
import pickle
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import reads  # noqa: E402
from harness import distinct_articles, write_headline, write_results  # noqa: E402

WORK = Path("/tmp/tracker-scaling")
TOKEN = "scaling-bench-token"
# (name in the figures, module, attribute): the steps after extraction, timed apart.
STEPS = [
    ("lookup", "tracker.store", "article_change"),
    ("registry_load", "tracker.pipeline", "_registry"),
    ("resolve_speakers", "tracker.pipeline", "resolve_speakers"),
    ("merge_speakers", "tracker.store", "merge_speakers"),
    ("syndication", "tracker.pipeline", "_SyndicationIndex.original_of"),
    ("syndication", "tracker.pipeline", "_SyndicationIndex.add"),
    ("save_article", "tracker.store", "save_article"),
    ("regroup_utterances", "tracker.pipeline", "regroup_utterances"),
]


# --- the databases ------------------------------------------------------------------------


def sized_db(path, articles, rebuild=False):
    """The generator's database of `articles` articles (ten quotes each, one speaker per
    five articles), built once and cached by reads.ensure_db, with the speaker keys and
    quote stems an archive grown by ingest has (the generator writes rows in bulk)."""
    from tracker import store

    args = argparse.Namespace(db=str(path), quotes=articles * 10, articles=articles,
                              speakers=max(200, articles // 5), rebuild=rebuild)
    path = reads.ensure_db(args)
    reads.unindexed_backfills(path)
    store.open_db(path).close()  # fills what unindexed_backfills marked undone
    return path


def working_copy(path, name):
    """A copy of the database to write to (the cached file stays as built)."""
    conn = sqlite3.connect(path)
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    WORK.mkdir(parents=True, exist_ok=True)
    copy = WORK / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copyfile(path, copy)
    return copy


# --- the recorded extraction ----------------------------------------------------------------


def workload(n):
    """The first n distinct real news articles of the speed workload."""
    articles = [a for _, group in distinct_articles() for a in group]
    if n > len(articles):
        raise SystemExit(f"scaling: only {len(articles)} distinct articles to ingest, not {n}")
    return articles[:n]


def record_extraction(articles, path):
    """Run the real extractor once over the texts and keep its output: {text: [Quote]}."""
    from tracker.extract import extract_many
    from tracker.extract.model import load_model

    texts = [a.text for a in articles]
    recorded = dict(zip(texts, (list(q) for q in extract_many(texts, load_model()))))
    path.write_bytes(pickle.dumps(recorded))
    return recorded


# --- the steps, in a process of their own ---------------------------------------------------


def measure_steps(db_path, recorded_path, n):
    """In a child process: ingest n recorded articles one per call; print the figures."""
    import importlib

    import tracker.extract
    from tracker import pipeline, store

    recorded = pickle.loads(Path(recorded_path).read_bytes())
    tracker.extract.extract_many = lambda texts, nlp=None: [list(recorded[t]) for t in texts]
    spent = {}
    depth = [0]

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            if depth[0]:  # a timed step inside another: counted in the outer one
                return fn(*args, **kwargs)
            depth[0] += 1
            started = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - started
                depth[0] -= 1
        return wrapper

    for name, module_name, attribute in STEPS:
        owner = importlib.import_module(module_name)
        *path, last = attribute.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if owner is None or not hasattr(owner, last):  # renamed: the figures would drop it unseen
            raise SystemExit(f"scaling: no {module_name}.{attribute} to time; update STEPS")
        setattr(owner, last, timed(name, getattr(owner, last)))

    articles = workload(n)
    db = store.open_db(db_path)
    per_article = []
    for article in articles:
        started = time.process_time()
        report = pipeline.ingest(db, [article], nlp=object())
        per_article.append(time.process_time() - started)
        if report.errors or report.new != 1:
            raise SystemExit(f"scaling: {article.source} was not stored as new: {report.errors}")
    quotes = db.execute("select count(*) from quotes").fetchone()[0]
    db.close()
    print(json.dumps({
        "articles_ingested": n, "quotes_in_db_after": quotes,
        "cpu_s_per_article": per_article,
        "steps_cpu_s": spent,
        "peak_rss_kb": peak_rss_kb(),
    }))


def peak_rss_kb():
    """This process's peak resident set (VmHWM). Not ru_maxrss: Linux keeps that across
    exec, so a child started by a process holding the model would report the parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise SystemExit("scaling: no VmHWM in /proc/self/status")


def run_steps(db_path, recorded_path, n):
    out = subprocess.run([sys.executable, __file__, "--child-steps", str(db_path), str(recorded_path),
                          str(n)], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"scaling: the steps run on {db_path} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the API ----------------------------------------------------------------------------------


def cpu_ticks(pid):
    """utime + stime of a process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def post(port, article):
    body = json.dumps({"text": article.text, "url": article.url, "outlet": article.outlet,
                       "title": article.title, "published": article.published}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/articles", data=body, method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
        status = response.status
    return status, (time.perf_counter() - started) * 1000


def measure_api(db_path, articles):
    """POST each article once to a fresh `tracker serve`: wall ms and server CPU per POST."""
    port = reads.free_port()
    env = dict(os.environ, TRACKER_API_TOKEN=TOKEN)
    log = open(db_path.with_suffix(".serve.log"), "wb")
    tracker_bin = Path(sys.executable).parent / "tracker"
    proc = subprocess.Popen([str(tracker_bin), "serve", "--db", str(db_path), "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.monotonic() + 300
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"tracker serve exited: see {log.name}")
            try:
                if reads.get(port, "/-/versions.json")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("tracker serve did not start in 300 s")
                time.sleep(0.3)
        # the model loads on the first POST or at start: one article untimed either way
        post(port, articles[0])
        wall, cpu = [], []
        for article in articles[1:]:
            before = cpu_ticks(proc.pid)
            status, ms = post(port, article)
            cpu.append(cpu_ticks(proc.pid) - before)
            if status != 201:
                raise SystemExit(f"POST {article.source}: HTTP {status}")
            wall.append(ms)
    finally:
        reads.stop(proc)
    return {"posts": len(wall), "wall_ms": [round(w, 1) for w in wall],
            "p50_ms": round(reads.percentile(wall, 50), 1),
            "p95_ms": round(reads.percentile(wall, 95), 1),
            "cpu_ms_mean": round(1000 * statistics.mean(cpu), 1)}


# --- the run ------------------------------------------------------------------------------------


def summarise_steps(small, large):
    """Per-article CPU (mean over the articles) and per step, large over small."""
    n_small, n_large = small["articles_ingested"], large["articles_ingested"]
    mean_small = statistics.mean(small["cpu_s_per_article"])
    mean_large = statistics.mean(large["cpu_s_per_article"])
    steps = {}
    for name in sorted(set(small["steps_cpu_s"]) | set(large["steps_cpu_s"])):
        a = small["steps_cpu_s"].get(name, 0.0) / n_small
        b = large["steps_cpu_s"].get(name, 0.0) / n_large
        steps[name] = {"small_ms": round(1000 * a, 2), "large_ms": round(1000 * b, 2),
                       "ratio": round(b / a, 2) if a > 0 else None}
    return {"per_article_cpu_ms": {"small": round(1000 * mean_small, 1),
                                   "large": round(1000 * mean_large, 1)},
            "ratio": round(mean_large / mean_small, 2),
            "peak_rss_mb": {"small": round(small["peak_rss_kb"] / 1024, 1),
                            "large": round(large["peak_rss_kb"] / 1024, 1)},
            "rss_ratio": round(large["peak_rss_kb"] / small["peak_rss_kb"], 2),
            "steps": steps}


def main():
    global WORK
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/tracker-reads/quotes.db",
                        help="the 100,000-article database (shared with bench/reads.py)")
    parser.add_argument("--small-db", default="/tmp/tracker-scaling/small-1k.db")
    parser.add_argument("--articles", type=int, default=20,
                        help="real articles ingested into each database (default 20)")
    parser.add_argument("--posts", type=int, default=12, help="articles POSTed to the API")
    parser.add_argument("--quick", action="store_true",
                        help="10,000 articles instead of 100,000 (keys say 10k)")
    parser.add_argument("--no-api", action="store_true", help="skip the API POST timing")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--work", default="/tmp/tracker-scaling", help="where the working copies go")
    args = parser.parse_args()
    WORK = Path(args.work)

    large_n = 10_000 if args.quick else 100_000
    tag = "10k" if args.quick else "100k"
    large_path = Path(args.db) if not args.quick else WORK / "quick-10k.db"
    print(f"scaling: databases of 1,000 and {large_n:,} articles", file=sys.stderr)
    small_db = sized_db(Path(args.small_db), 1_000, args.rebuild)
    large_db = sized_db(large_path, large_n, args.rebuild)
    articles = workload(max(args.articles, args.posts + 1))
    WORK.mkdir(parents=True, exist_ok=True)
    recorded_path = WORK / "recorded-extraction.pickle"
    print(f"scaling: recording the extraction of {len(articles)} articles", file=sys.stderr)
    record_extraction(articles, recorded_path)

    figures = {"command": "bench/scaling.py" + (" --quick" if args.quick else ""),
               "timer": "steps: time.process_time of a fresh process per database; "
                        "API: wall ms per POST, server CPU from /proc",
               "load_average_1min_before": round(os.getloadavg()[0], 2)}
    runs = {}
    for label, path in (("1k", small_db), (tag, large_db)):
        print(f"scaling: steps after extraction, {args.articles} articles into the {label} database",
              file=sys.stderr)
        runs[label] = run_steps(working_copy(path, f"steps-{label}.db"), recorded_path, args.articles)
    steps = summarise_steps(runs["1k"], runs[tag])
    figures["steps"] = steps
    figures["runs"] = runs
    results = {f"per_article_cpu_{tag}_vs_1k": steps["ratio"],
               f"peak_rss_{tag}_vs_1k": steps["rss_ratio"]}
    if not args.no_api:
        api = {}
        for label, path in (("1k", small_db), (tag, large_db)):
            print(f"scaling: {args.posts} API POSTs on the {label} database", file=sys.stderr)
            api[label] = measure_api(working_copy(path, f"api-{label}.db"), articles[:args.posts + 1])
        figures["api"] = api
        results[f"api_post_p95_ms_{tag}"] = api[tag]["p95_ms"]
        results[f"api_post_p95_ms_1k"] = api["1k"]["p95_ms"]
    figures["load_average_1min_after"] = round(os.getloadavg()[0], 2)
    figures.update(results)

    print(f"\nper-article CPU after extraction (ms, mean of {args.articles}): "
          f"1k {steps['per_article_cpu_ms']['small']}, {tag} {steps['per_article_cpu_ms']['large']}"
          f" -> {steps['ratio']}x")
    for name, s in steps["steps"].items():
        print(f"  {name:24} {s['small_ms']:>9} ms {s['large_ms']:>9} ms  {s['ratio']}x")
    print(f"peak RSS: 1k {steps['peak_rss_mb']['small']} MB, {tag} {steps['peak_rss_mb']['large']} MB"
          f" -> {steps['rss_ratio']}x")
    if "api" in figures:
        for label, a in figures["api"].items():
            print(f"API POST on {label}: p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms (wall), "
                  f"server CPU {a['cpu_ms_mean']} ms per POST")
    print(f"load average (1 min) before / after: {figures['load_average_1min_before']} / "
          f"{figures['load_average_1min_after']}")
    write_results("scaling", figures)
    write_headline(results)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child-steps":
        measure_steps(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
