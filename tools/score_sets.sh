#!/bin/bash
# The referee on every gold set, one line each: tracker extract, then ../shared/eval/score.py.
#   bash tools/score_sets.sh [OUTDIR]      (from the repository root, after make install)
# Columns: quotes exact F1, speaker accuracy, end-to-end F1, quotes overlap F1, utterance
# clusters pairwise P/R/F1, speakers pairwise P/R/F1. Predictions and full referee outputs
# stay in OUTDIR (default /tmp/tracker-scores).
set -euo pipefail
out=${1:-/tmp/tracker-scores}; mkdir -p "$out"
sets="../shared/eval/data/seeds_gold.jsonl ../shared/eval/data/textacy_fixtures.jsonl $(ls tests/data/dev_news_*.jsonl tests/data/blind/*.jsonl)"
printf "%-18s %6s %6s %6s %6s %17s %17s\n" set qF1 spk e2e qF1ov "clusters P/R/F1" "speakers P/R/F1"
for f in $sets; do
  n=$(basename "$f" .jsonl)
  .venv/bin/tracker extract "$f" -o "$out/$n.pred.jsonl" 2>/dev/null
  python3 ../shared/eval/score.py "$f" "$out/$n.pred.jsonl" > "$out/$n.score"
  python3 - "$n" "$out/$n.score" <<'PY'
import re, sys
name, path = sys.argv[1:]
text = open(path).read()
def prf(metric):
    m = re.search(rf"^{metric}\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)", text, re.M)
    return m.groups() if m else ("-", "-", "-")
acc = re.search(r"^speaker_accuracy\s+([\d.]+)", text, re.M)
print(f"{name:18s} {prf('quotes_exact')[2]:>6s} {float(acc.group(1)):6.3f} {prf('end_to_end')[2]:>6s}"
      f" {prf('quotes_overlap')[2]:>6s} {'/'.join(prf('clusters_pairwise')):>17s}"
      f" {'/'.join(prf('speakers_pairwise')):>17s}")
PY
done
