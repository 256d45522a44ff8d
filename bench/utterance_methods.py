"""Utterance grouping, words only against words and meaning, on the gold sets it was tuned on.

    .venv/bin/python bench/utterance_methods.py

For each tuned gold set the articles are extracted once (quotes and speakers as `tracker
extract` finds them); the same quotes are then grouped twice, by the lexical tests alone
(cluster_utterances(meaning=False)) and with sentence vectors beside them (meaning=True, the
default), and each result goes to the referee (../shared/eval/score.py): clusters pairwise
precision, recall, F1. Also: CPU time per quote grouped (best of 3 runs over all the sets'
quotes at once, vectors included; the one-off model load apart) and the installed size of
the packages the meaning method adds (wordllama and what only it needs). The blind sets
kept for judging (xo_gamma, news_mix) are not read here. Prints a table and writes the section
"utterance_methods" of bench/results.json.
"""
import json
from importlib import metadata

from harness import ROOT, SHARED_EVAL, cpu_timed, referee, git_commit, write_headline, write_results

TUNED_SETS = [SHARED_EVAL / "data" / "seeds_gold.jsonl",
              *(ROOT / "tests" / "data" / f"dev_news_{x}.jsonl" for x in "abc"),
              *(ROOT / "tests" / "data" / "blind" / f"{n}.jsonl"
                for n in ("xo_east", "xo_west", "xo_north", "xo_south", "news_us", "news_wire",
                          "news_pol", "news_intl"))]
METHODS = {"lexical": False, "lexical+meaning": True}


def read_gold(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def extracted(docs):
    """(predictions, the quote records the grouping received), from one extraction."""
    import tracker.pipeline as pipeline

    seen = []
    real = pipeline.cluster_utterances

    def recording(records, *args, **kwargs):
        seen.extend(records)
        return real(records, *args, **kwargs)

    pipeline.cluster_utterances = recording
    try:
        predictions = list(pipeline.extract_records([{"id": d["id"], "text": d["text"]} for d in docs]))
    finally:
        pipeline.cluster_utterances = real
    return predictions, seen


def with_clusters(predictions, records, clusters):
    """The predictions with each quote's cluster from `clusters` (records are in quote order)."""
    ids = iter(r["id"] for r in records)
    out = []
    for doc in predictions:
        out.append({"id": doc["id"], "quotes": [dict(q, cluster=clusters.get(next(ids)))
                                                for q in doc["quotes"]]})
    return out


def clusters_figure(gold, predictions):
    return referee(gold, predictions)["clusters_pairwise"]


def closure(names):
    """Canonical names of these distributions and every one they need (installed metadata)."""
    from packaging.requirements import Requirement

    found, todo = set(), list(names)
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found.add(name)
        for line in dist.requires or []:
            r = Requirement(line)
            if not r.marker or r.marker.evaluate({"extra": ""}):
                todo.append(r.name)
    return found


def added_install_size():
    """({distribution: bytes}) of wordllama and the packages nothing else tracker needs pulls in."""
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    from packaging.requirements import Requirement
    runtime = [Requirement(x).name for x in cfg["options"]["install_requires"].splitlines()
               if x.strip() and not x.strip().startswith("#")]
    others = closure([n for n in runtime if n.lower() not in ("wordllama", "tokenizers", "safetensors")])
    sizes = {}
    for name in sorted(closure(["wordllama"]) - others):
        dist = metadata.distribution(name)
        sizes[name] = sum(f.size or 0 for f in dist.files or [])
    return sizes


def main():
    from tracker import meaning
    from tracker.utterances import cluster_utterances

    load_cpu, _, _ = cpu_timed(meaning._loaded)
    rows, everything = [], []
    for gold in TUNED_SETS:
        docs = read_gold(gold)
        predictions, records = extracted(docs)
        everything.extend(records)
        row = {"set": gold.stem, "quotes": len(records)}
        for method, flag in METHODS.items():
            clusters = cluster_utterances(records, meaning=flag)
            row[method] = clusters_figure(gold, with_clusters(predictions, records, clusters))
        rows.append(row)
    per_quote = {}
    for method, flag in METHODS.items():
        best = min(cpu_timed(lambda: cluster_utterances(everything, meaning=flag))[0] for _ in range(3))
        per_quote[method] = best / len(everything) * 1000
    sizes = added_install_size()

    print(f"Utterance clusters, pairwise P/R/F1 on the tuned gold sets (commit {git_commit()})")
    print(f"{'set':14s} {'quotes':>6s}   {'lexical':>20s}   {'lexical+meaning':>20s}")
    for row in rows:
        cells = ["{:.3f}/{:.3f}/{:.3f}".format(row[m]["p"], row[m]["r"], row[m]["f1"])
                 for m in METHODS]
        print(f"{row['set']:14s} {row['quotes']:6d}   {cells[0]:>20s}   {cells[1]:>20s}")
    print(f"\nCPU per quote grouped ({len(everything)} quotes at once, best of 3): "
          + ", ".join(f"{m} {v:.3f} ms" for m, v in per_quote.items()))
    print(f"Model load (once per process): {load_cpu:.2f} s CPU")
    print("Installed size added: " + ", ".join(f"{n} {b / 1e6:.1f} MB" for n, b in sizes.items())
          + f"; total {sum(sizes.values()) / 1e6:.1f} MB")

    figures = {
        "sets": {row["set"]: {m: row[m] for m in METHODS} | {"quotes": row["quotes"]} for row in rows},
        "cpu_ms_per_quote": {m: round(v, 4) for m, v in per_quote.items()},
        "model_load_cpu_s": round(load_cpu, 3),
        "added_install_bytes": sizes,
        "commit": git_commit(),
    }
    write_results("utterance_methods", figures)
    write_headline({
        "utterance_cluster_f1_min_lexical": min(r["lexical"]["f1"] for r in rows),
        "utterance_cluster_f1_min_meaning": min(r["lexical+meaning"]["f1"] for r in rows),
        "utterance_meaning_ms_per_quote": round(per_quote["lexical+meaning"], 4),
    })


if __name__ == "__main__":
    main()
