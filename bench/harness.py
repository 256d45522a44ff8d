"""What bench/speed.py and bench/accuracy.py share: the workload, CPU timing, the machine, results.json.

The speed workload is every distinct article the project holds once: the seed articles
(seeds/, read as `tracker ingest seeds` reads them) and the written news sets
(tests/data/dev_news_*.jsonl). tests/data/seeds_gold.jsonl is not added: its texts are the
seed articles again. Both scripts merge their figures into bench/results.json, one section
each (`make bench` deletes the file first, so it holds one run's figures).
"""
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


REFEREE = SHARED_EVAL / "score.py"


def referee(gold, predictions) -> dict:
    """The referee's figures (score.py --json) for these predictions against gold."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for record in predictions:
            f.write(json.dumps(record) + "\n")
    try:
        result = subprocess.run([sys.executable, str(REFEREE), str(gold), f.name, "--json"],
                                capture_output=True, text=True, check=True)
    finally:
        os.unlink(f.name)
    return json.loads(result.stdout)
SEEDS = ROOT / "seeds"
NEWS_SETS = sorted((ROOT / "tests" / "data").glob("dev_news_*.jsonl"))
# Written without sight of the code; their first scores are in tests/data/blind/README.md.
BLIND_SETS = sorted((ROOT / "tests" / "data" / "blind").glob("*.jsonl"))
GOLD_SETS = [SHARED_EVAL / "data" / "seeds_gold.jsonl", SHARED_EVAL / "data" / "textacy_fixtures.jsonl",
             *NEWS_SETS, *BLIND_SETS]


def distinct_articles():
    """[(label, [Article, ...]), ...]: the seeds and each written news set, every article once."""
    from tracker.articles import Article, read_paths

    groups = []
    seen = set()
    for label, path in [("seeds/", SEEDS)] + [(p.stem, p) for p in NEWS_SETS]:
        articles = []
        for item in read_paths(path):
            if not isinstance(item, Article):
                raise SystemExit(f"bench workload: {item}")
            if item.content_hash in seen:
                raise SystemExit(f"bench workload: {item.source} repeats an article already read")
            seen.add(item.content_hash)
            articles.append(item)
        groups.append((label, articles))
    return groups


def words(text):
    return len(text.split())


def cpu_timed(fn):
    """(CPU seconds of this process, wall seconds, fn's result); garbage collected first."""
    gc.collect()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    result = fn()
    cpu1, wall1 = time.process_time(), time.perf_counter()
    return cpu1 - cpu0, wall1 - wall0, result


def spread(values, digits):
    """{"median", "min", "max"} of values, rounded as printed."""
    return {"median": round(statistics.median(values), digits),
            "min": round(min(values), digits), "max": round(max(values), digits)}


def textacy_quotes(doc):
    """textacy's direct_quotations on a parsed Doc (none when textacy gives up on it)."""
    from textacy.extract.triples import direct_quotations

    try:
        return list(direct_quotations(doc))
    except ValueError:  # textacy gives up on a document with an unclosed quote
        return []


def textacy_version():
    try:
        import textacy
    except ImportError:
        return None
    return textacy.__version__


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_commit():
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("+uncommitted changes" if dirty else "")


def machine(nlp):
    """The facts a reader needs to compare figures: machine, versions, model, commit."""
    import spacy

    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}",
        "textacy": textacy_version(),
        "commit": git_commit(),
    }


def machine_line(info):
    return (f"{info['cores']} cores, {info['cpu']}; Python {info['python']}, spaCy {info['spacy']}, "
            f"model {info['model']}, textacy {info['textacy'] or 'not installed'}; commit {info['commit']}")


def write_results(section, figures, path=RESULTS):
    """Merge {section: figures} into results.json (the other sections are kept)."""
    data = {}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            data = {}
    data[section] = figures
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"\n{section} figures written to {shown}")


def write_headline(figures, path=RESULTS):
    """Merge {key: number} into the top level of results.json: the figures issue 12 asks
    for side by side (per_article_cpu_100k_vs_1k, workers2_vs_1, ...); sections keep the detail."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.update(figures)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
