"""The referee on the gold files for tracker and for textacy's direct_quotations, side by side.

    .venv/bin/python bench/accuracy.py [GOLD.jsonl ...]   (textacy: pip install -e '.[bench]')

Both systems read the same texts with the same spaCy model; the referee is
../shared/eval/score.py. Default gold files: ../shared/eval/data/seeds_gold.jsonl,
../shared/eval/data/textacy_fixtures.jsonl, tests/data/dev_news_*.jsonl and the blind sets
tests/data/blind/*.jsonl. Prints one table
per gold file and writes the same figures to bench/results.json (section "accuracy").
"""
import json
import sys
from pathlib import Path

from harness import GOLD_SETS, machine, referee, machine_line, textacy_quotes, textacy_version, \
    write_results

METRICS = ["quotes_overlap", "speaker_accuracy", "end_to_end", "clusters_pairwise", "speakers_pairwise"]


def tracker_predictions(docs):
    from tracker.pipeline import extract_records
    return list(extract_records(docs))


def textacy_predictions(docs, nlp):
    out = []
    for doc_record, doc in zip(docs, nlp.pipe(d["text"] for d in docs)):
        quotes = []
        for triple in textacy_quotes(doc):
            content = triple.content
            start = content[0].idx
            end = content[-1].idx + len(content[-1].text)
            quotes.append({"start": start, "end": end, "text": doc.text[start:end],
                           "speaker": " ".join(t.text for t in triple.speaker),
                           "cue": " ".join(t.text for t in triple.cue)})
        out.append({"id": doc_record["id"], "quotes": quotes})
    return out


def figure(value):
    """The printed figure as a number: F1 for a P/R/F1 dict, the value for an accuracy.

    None when there is nothing to measure: no such annotation, or a P/R/F1 with nothing on
    the gold side (e.g. a set whose gold clusters are all single quotes has no pair to find,
    and the referee's F1 of 0 would read as a failure).
    """
    if value is None:
        return None
    if isinstance(value, dict):
        return round(value["f1"], 3) if value["gold"] else None
    return round(value, 3)


def cell(value):
    value = figure(value)
    return "-" if value is None else f"{value:.3f}"


def figures(result):
    out = {metric: figure(result.get(metric)) for metric in METRICS}
    out["quotes_predicted"] = result["quotes_overlap"]["pred"]
    out["quotes_gold"] = result["quotes_overlap"]["gold"]
    return out


def main(paths):
    """Prints a table per gold file; returns {gold file name: figures} and writes results.json."""
    from tracker.extract.model import load_model
    nlp = load_model()
    with_textacy = textacy_version() is not None
    info = machine(nlp)
    print(f"Accuracy (referee: ../shared/eval/score.py). Machine: {machine_line(info)}")
    if not with_textacy:
        print("(textacy not installed: pip install -e '.[bench]' for its column)")
    results = {}
    for gold in paths or GOLD_SETS:
        docs = [json.loads(line) for line in open(gold, encoding="utf-8") if line.strip()]
        ours = referee(gold, tracker_predictions(docs))
        theirs = referee(gold, textacy_predictions(docs, nlp)) if with_textacy else {}
        print(f"\n{Path(gold).name} ({len(docs)} documents)")
        print(f"{'metric (F1 or accuracy)':26} {'tracker':>8} {'textacy':>8}")
        for metric in METRICS:
            print(f"{metric:26} {cell(ours.get(metric)):>8} {cell(theirs.get(metric)):>8}")
        counts = [f"{r['quotes_overlap']['pred']:>4}/{r['quotes_overlap']['gold']:<3}" if r else f"{'-':>8}"
                  for r in (ours, theirs)]
        print(f"{'quotes predicted / gold':26} {counts[0]} {counts[1]}")
        results[Path(gold).name] = {"documents": len(docs), "tracker": figures(ours),
                                    "textacy": figures(theirs) if theirs else None}
    print_side_by_side(results)
    write_results("accuracy", {"command": "bench/accuracy.py" + "".join(f" {p}" for p in paths),
                               "referee": "../shared/eval/score.py", "machine": info, "gold": results})
    return results


SUMMARY = [("quotes_overlap", "quotes"), ("speaker_accuracy", "speaker"), ("end_to_end", "e2e")]


def print_side_by_side(results):
    """Every gold set on one line: quotes F1, speaker accuracy and end-to-end F1, tracker
    then textacy."""
    print(f"\n{'set':28} " + " ".join(f"{label:>8}" for _, label in SUMMARY) + "  |"
          + " ".join(f"{'textacy ' + label:>16}" for _, label in SUMMARY))
    for name, row in results.items():
        ours = [row["tracker"].get(metric) for metric, _ in SUMMARY]
        theirs = [row["textacy"].get(metric) if row["textacy"] else None for metric, _ in SUMMARY]
        show = lambda v, w: f"{'-' if v is None else f'{v:.3f}':>{w}}"  # noqa: E731
        print(f"{name:28} " + " ".join(show(v, 8) for v in ours) + "  |" + " ".join(show(v, 16) for v in theirs))


if __name__ == "__main__":
    main(sys.argv[1:])
