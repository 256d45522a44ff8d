"""Extraction and ingest speed against a bare spaCy pass over the same distinct articles.

    .venv/bin/python bench/speed.py [--rounds N]      (make bench runs it with the defaults)

Workload: every article of seeds/ and tests/data/dev_news_*.jsonl once (no copies, so no
article is a syndicated duplicate of another that the workload made up). Paths, all in this
process with one loaded model:

  bare      spaCy nlp.pipe over the whole texts (tagger, parser, NER...; no quote component)
            with the pipeline as spacy.load gives it: what any spaCy-based extractor pays at
            least. A copy of its own: tracker's copy (load_model) has its attribute_ruler
            matching through an index (tracker/extract/model.py), which spaCy's has not
  extract   tracker's extract_many (parses only the paragraphs with quote marks and the
            context they need)
  component nlp.pipe with the quote_attribution component on whole Docs
  ingest    tracker.pipeline.ingest into a fresh, empty SQLite database (extraction, speakers,
            utterances, syndication, writes); creating the empty file is not timed
  after_extraction  the same ingest with the extraction replaced by its output, recorded
            once in the warm-up: the steps after extraction alone (speakers, utterances with
            their sentence vectors, syndication, writes, full-text and facet triggers, commits)
  textacy   nlp.pipe (as bare, the same stock copy) plus textacy's direct_quotations on each Doc (when the bench
            extra is installed)

Method: every path runs once untimed (warm-up), then N rounds (default 5); each round runs
every path once, the order rotated by one place per round so that no path is always first
or last. Time is CPU time of this process (time.process_time), which other processes on the
machine disturb less than wall time; wall time is shown beside it. Speed is words (whitespace
separated) per CPU second. A ratio A vs B is A's speed over B's in the same round (above 1:
A is faster); its median, min and max over the rounds are printed and written to
bench/results.json (section "speed"), with after_extraction_share_of_bare: the CPU time of
the steps after extraction over that of a bare parse (goal 0.1 or less).

The per-text caches of utterance grouping (stems, names, sentence vectors) are emptied
before each ingest, so no round ingests texts an earlier round has already read.

    .venv/bin/python bench/speed.py --paths bare_spacy,after_extraction   (a subset of paths)
"""
import argparse
import os
import statistics
import tempfile

from harness import cpu_timed, distinct_articles, machine, machine_line, spread, textacy_quotes, \
    textacy_version, words, write_headline, write_results

QUOTE_COMPONENT = "quote_attribution"
LABELS = {
    "bare_spacy": "bare spaCy nlp.pipe (whole texts)",
    "extract": "tracker extract_many (fast path)",
    "component": "quote_attribution component (whole)",
    "ingest": "tracker ingest into fresh SQLite",
    "textacy": "textacy direct_quotations (+nlp.pipe)",
}
RATIOS = [  # (key in results.json, path A, path B): A's speed / B's speed
    ("extract_vs_bare_spacy", "extract", "bare_spacy"),
    ("component_vs_bare_spacy", "component", "bare_spacy"),
    ("ingest_vs_bare_spacy", "ingest", "bare_spacy"),
    ("textacy_vs_bare_spacy", "textacy", "bare_spacy"),
    ("extract_vs_textacy", "extract", "textacy"),
    ("ingest_vs_textacy", "ingest", "textacy"),
]
LABELS["after_extraction"] = "ingest, steps after extraction only"


def forget_texts():
    """Empty the per-text caches of utterance grouping (tracker.utterances, tracker.meaning):
    each ingest round starts as a first ingest of these texts would."""
    from tracker import meaning, utterances

    for name in ("_remembered_stems", "_remembered_names", "meaning_text", "_keys"):
        cached = getattr(utterances, name, None)
        if hasattr(cached, "cache_clear"):  # (a version without that cache has nothing to empty)
            cached.cache_clear()
    getattr(meaning, "_remembered", {}).clear()


def make_paths(nlp, stock, articles):
    """{name: run} where run() -> (CPU seconds, wall seconds, what it found). nlp: tracker's
    pipeline (load_model); stock: the same package as spacy.load gives it, for bare and textacy."""
    from tracker import pipeline, store
    from tracker.extract import extract_many

    texts = [a.text for a in articles]

    def run_bare():
        return cpu_timed(lambda: sum(len(doc) for doc in stock.pipe(texts)))

    def run_extract():
        return cpu_timed(lambda: sum(len(quotes) for quotes in extract_many(texts, nlp)))

    def run_component():
        return cpu_timed(lambda: sum(len(doc._.quotes) for doc in nlp.pipe(texts)))

    recorded = {}

    def run_ingest(extracted=None):
        import tracker.extract

        real = tracker.extract.extract_many
        if extracted is not None:  # the recorded output stands in for the extractor
            tracker.extract.extract_many = lambda texts, nlp=None: [list(extracted[t]) for t in texts]
        forget_texts()
        try:
            with tempfile.TemporaryDirectory() as tmp:
                db = store.open_db(f"{tmp}/bench.db")
                cpu, wall, report = cpu_timed(lambda: pipeline.ingest(db, articles, nlp=nlp))
                if report.errors or report.articles != len(articles):
                    raise SystemExit(f"ingest stored {report.articles} of {len(articles)} articles: {report.errors}")
                syndicated = db.table("articles").count_where("syndicated_from is not null")
                db.close()
        finally:
            tracker.extract.extract_many = real
        return cpu, wall, (report.quotes, report.speakers, syndicated)

    def run_after_extraction():
        if not recorded:
            recorded.update(zip(texts, extract_many(texts, nlp)))
        return run_ingest(recorded)

    def run_textacy():
        return cpu_timed(lambda: sum(len(textacy_quotes(doc)) for doc in stock.pipe(texts)))

    paths = {"bare_spacy": run_bare, "extract": run_extract, "component": run_component,
             "ingest": run_ingest, "after_extraction": run_after_extraction}
    if textacy_version():
        paths["textacy"] = run_textacy
    return paths


def quoted_paragraphs(texts):
    """(paragraphs holding quote marks, all paragraphs), as extract_many plans its parse."""
    from tracker.extract.marks import find_quotes, paragraphs

    marked = total = 0
    for text in texts:
        marked += len({k for q in find_quotes(text) for k in range(q.paragraph, q.paragraph + len(q.pieces))})
        total += len(paragraphs(text))
    return marked, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds after the warm-up (default 5)")
    parser.add_argument("--paths", help="comma-separated paths to run (default: all)")
    args = parser.parse_args()
    from tracker.extract.model import load_model

    import spacy

    nlp = load_model()
    stock = spacy.load(f"{nlp.meta['lang']}_{nlp.meta['name']}")
    groups = distinct_articles()
    articles = [a for _, group in groups for a in group]
    n_words = sum(words(a.text) for a in articles)
    marked, n_paragraphs = quoted_paragraphs([a.text for a in articles])
    info = machine(nlp)
    paths = make_paths(nlp, stock, articles)
    if args.paths:
        unknown = set(args.paths.split(",")) - set(paths)
        if unknown:
            raise SystemExit(f"speed: no path {', '.join(sorted(unknown))} (paths: {', '.join(paths)})")
        paths = {name: run for name, run in paths.items() if name in args.paths.split(",")}
    names = list(paths)

    load_before = os.getloadavg()[0]
    found = {name: paths[name]()[2] for name in names}  # warm-up: every path once, untimed
    rounds = []
    for r in range(args.rounds):
        shift = r % len(names)
        order = names[shift:] + names[:shift]
        rounds.append([(name, *paths[name]()[:2]) for name in order])

    load_after = os.getloadavg()[0]
    cpu = {name: [c for run in rounds for n, c, _ in run if n == name] for name in names}
    wall = {name: [w for run in rounds for n, _, w in run if n == name] for name in names}
    print(f"Speed: {len(articles)} distinct articles, each once "
          f"({', '.join(f'{label} {len(group)}' for label, group in groups)}), {n_words:,} words")
    print(f"Paragraphs holding quote marks (extract_many parses these up front): {marked} of {n_paragraphs}")
    print(f"Machine: {machine_line(info)}")
    print(f"Method: every path warmed up once, then {args.rounds} rounds, path order rotated each round; "
          f"CPU time of this process (time.process_time)")
    print(f"Load average (1 min) before / after: {load_before:.2f} / {load_after:.2f} "
          f"on {info['cores']} cores (above the core count: other processes were waiting for a core)")
    quotes, speakers, syndicated = found.get("ingest") or found.get("after_extraction") or (None, None, None)
    print("Found: " + "; ".join(part for part in (
        f"extract_many {found['extract']} quotes" if "extract" in found else "",
        f"component {found['component']}" if "component" in found else "",
        f"ingest {quotes} quotes stored, {speakers} speakers, {syndicated} articles linked as syndicated"
        if quotes is not None else "",
        f"textacy {found['textacy']} quotations" if "textacy" in found else "",
        f"bare pass {found['bare_spacy']:,} tokens" if "bare_spacy" in found else "") if part))

    print("\nCPU seconds per pass, round by round, in the order run:")
    for r, run in enumerate(rounds, 1):
        print(f"  round {r}: " + "  ".join(f"{name} {c:.2f}" for name, c, _ in run))

    print(f"\n{'path':40} {'words per CPU second':>28}   {'wall s':>6}")
    print(f"{'':40} {'median':>8} {'min':>9} {'max':>9}   {'median':>6}")
    speeds = {}
    for name in names:
        values = [n_words / c for c in cpu[name]]
        speeds[name] = {"words_per_cpu_s": spread(values, 0), "cpu_s": spread(cpu[name], 2),
                        "wall_s": spread(wall[name], 2)}
        s = speeds[name]["words_per_cpu_s"]
        print(f"{LABELS[name]:40} {s['median']:>8,.0f} {s['min']:>9,.0f} {s['max']:>9,.0f}   "
              f"{statistics.median(wall[name]):>6.2f}")

    print(f"\nratios (A's speed / B's speed in the same round; above 1: A faster), over {args.rounds} rounds:")
    print(f"{'':32} {'median':>7} {'min':>6} {'max':>6}")
    ratios = {}
    for key, a, b in RATIOS:
        if a not in paths or b not in paths:
            continue
        values = [cb / ca for ca, cb in zip(cpu[a], cpu[b])]
        ratios[key] = spread(values, 2)
        v = ratios[key]
        print(f"{key:32} {v['median']:>7.2f} {v['min']:>6.2f} {v['max']:>6.2f}")
    if "textacy" not in paths and not args.paths:
        print("(textacy not installed: pip install -e '.[bench]' for the textacy ratios)")
    if "after_extraction" in paths and "bare_spacy" in paths:
        values = [ca / cb for ca, cb in zip(cpu["after_extraction"], cpu["bare_spacy"])]
        ratios["after_extraction_share_of_bare"] = spread(values, 2)
        v = ratios["after_extraction_share_of_bare"]
        print(f"\nsteps after extraction, CPU over a bare parse's (goal <= 0.1): median {v['median']:.2f}"
              f" (min {v['min']:.2f}, max {v['max']:.2f})")

    write_results("speed", {
        "command": "bench/speed.py" + (f" --rounds {args.rounds}" if args.rounds != 5 else "")
                   + (f" --paths {args.paths}" if args.paths else ""),
        "machine": info,
        "workload": {"articles": len(articles), "words": n_words, "paragraphs": n_paragraphs,
                     "paragraphs_with_quote_marks": marked,
                     "sets": {label: len(group) for label, group in groups}},
        "rounds": args.rounds,
        "timer": "time.process_time (CPU seconds of the process)",
        "load_average_1min": {"before": round(load_before, 2), "after": round(load_after, 2)},
        "found": {"extract_quotes": found.get("extract"), "component_quotes": found.get("component"),
                  "ingest_quotes_stored": quotes, "ingest_speakers": speakers,
                  "ingest_syndicated_articles": syndicated, "bare_tokens": found.get("bare_spacy"),
                  "textacy_quotations": found.get("textacy")},
        "cpu_seconds_by_round": [[{"path": n, "cpu_s": round(c, 2)} for n, c, _ in run] for run in rounds],
        "paths": speeds,
        **ratios,
    })
    write_headline({key: ratios[key]["median"] for key in ("ingest_vs_bare_spacy", "ingest_vs_textacy")
                    if key in ratios})


if __name__ == "__main__":
    main()
