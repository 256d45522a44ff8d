"""The referee on the gold files for tracker and for textacy's direct_quotations, side by side.

    .venv/bin/python bench/accuracy.py [GOLD.jsonl ...]   (textacy: pip install -e '.[bench]')

Both systems read the same texts with the same spaCy model; the referee is
../shared/eval/score.py. Prints one table per gold file.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFEREE = ROOT.parent / "shared" / "eval" / "score.py"
DEFAULT_GOLD = [ROOT.parent / "shared" / "eval" / "data" / "seeds_gold.jsonl",
                ROOT.parent / "shared" / "eval" / "data" / "textacy_fixtures.jsonl"]
METRICS = ["quotes_overlap", "speaker_accuracy", "end_to_end", "clusters_pairwise", "speakers_pairwise"]


def tracker_predictions(docs):
    from tracker.pipeline import extract_records
    return list(extract_records(docs))


def textacy_predictions(docs, nlp):
    from textacy.extract.triples import direct_quotations
    out = []
    for doc_record, doc in zip(docs, nlp.pipe(d["text"] for d in docs)):
        quotes = []
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy gives up on a document with an unclosed quote
            triples = []
        for triple in triples:
            content = triple.content
            start = content[0].idx
            end = content[-1].idx + len(content[-1].text)
            quotes.append({"start": start, "end": end, "text": doc.text[start:end],
                           "speaker": " ".join(t.text for t in triple.speaker),
                           "cue": " ".join(t.text for t in triple.cue)})
        out.append({"id": doc_record["id"], "quotes": quotes})
    return out


def referee(gold, predictions):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for record in predictions:
            f.write(json.dumps(record) + "\n")
    result = subprocess.run([sys.executable, str(REFEREE), str(gold), f.name, "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def cell(value):
    if value is None:
        return "-"
    if isinstance(value, dict):
        return f"{value['f1']:.3f}"
    return f"{value:.3f}"


def main(paths):
    from tracker.extract.model import load_model
    nlp = load_model()
    for gold in paths or DEFAULT_GOLD:
        docs = [json.loads(line) for line in open(gold, encoding="utf-8") if line.strip()]
        ours = referee(gold, tracker_predictions(docs))
        theirs = referee(gold, textacy_predictions(docs, nlp))
        print(f"\n{Path(gold).name} ({len(docs)} documents)")
        print(f"{'metric (F1 or accuracy)':26} {'tracker':>8} {'textacy':>8}")
        for metric in METRICS:
            print(f"{metric:26} {cell(ours.get(metric)):>8} {cell(theirs.get(metric)):>8}")
        print(f"{'quotes predicted / gold':26} {ours['quotes_overlap']['pred']:>4}/{ours['quotes_overlap']['gold']:<3} "
              f"{theirs['quotes_overlap']['pred']:>4}/{theirs['quotes_overlap']['gold']:<3}")


if __name__ == "__main__":
    main(sys.argv[1:])
