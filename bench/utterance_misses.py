"""Which gold utterance pairs the grouping misses, and why, per tuned gold set.

    .venv/bin/python bench/utterance_misses.py [--quiet] [SET ...]

Each set is extracted once (quotes and speakers as `tracker extract` finds them; cached in
/tmp/utterance-misses-<commit of tracker/extract.py and speakers.py>/ so that grouping can
be re-run quickly while it is tuned) and grouped by tracker.utterances. Every gold pair of
renderings (two matched quotes with one gold cluster) the prediction splits is listed with
its cause:

  (a) speakers   the two quotes got different predicted speaker ids (one may be none);
  (b) wording    one speaker, both full quotes, below the joining thresholds (paraphrase,
                 translation);
  (c) fragment   one speaker, one quote a fragment of the other or much shorter;
  (d) other      one speaker, and the pair passes the tests but the guarded merge refused.

Wrong joins (pairs the prediction joins, gold keeps apart) are listed too. The sets kept
for judging (xo_gamma, news_mix) are never read.
"""
import hashlib
import json
import pickle
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

from harness import ROOT, SHARED_EVAL
from utterance_methods import extracted as extracted_once

sys.path.insert(0, str(SHARED_EVAL))
import score as referee_module  # noqa: E402

SETS = {p.stem: p for p in [
    SHARED_EVAL / "data" / "seeds_gold.jsonl",
    *(ROOT / "tests" / "data" / f"dev_news_{x}.jsonl" for x in "abc"),
    *(ROOT / "tests" / "data" / "blind" / f"{n}.jsonl" for n in (
        "xo_east", "xo_west", "xo_north", "xo_south", "news_us", "news_wire", "news_pol",
        "news_intl"))]}


def _cache_dir() -> Path:
    h = hashlib.sha1()
    for name in sorted(p.name for p in (ROOT / "tracker").glob("*.py") if p.name not in ("utterances.py", "meaning.py")):
        h.update((ROOT / "tracker" / name).read_bytes())
    d = Path("/tmp") / f"utterance-misses-{h.hexdigest()[:10]}"
    d.mkdir(exist_ok=True)
    return d


def extracted(path: Path):
    """(gold docs, predictions without clusters, records grouping receives)."""
    gold = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    cache = _cache_dir() / f"{path.stem}.pickle"
    if cache.exists():
        predictions, records = pickle.loads(cache.read_bytes())
        return gold, predictions, records
    predictions, seen = extracted_once(gold)
    cache.write_bytes(pickle.dumps((predictions, seen)))
    return gold, predictions, seen


def matched(gold, predictions):
    """[(gold quote, pred quote index into the flat record list, doc id)] as the referee
    matches them (overlap >= 0.5, best first)."""
    trim, jaccard = referee_module.trim, referee_module.jaccard
    preds_by_doc, flat = {}, 0
    for doc in predictions:
        preds_by_doc[str(doc["id"])] = (flat, doc["quotes"])
        flat += len(doc["quotes"])
    out = []
    for g in gold:
        text = g["text"]
        golds = [q for q in g.get("quotes", []) if q.get("kind") != "scare"]
        base, preds = preds_by_doc.get(str(g["id"]), (0, []))
        gspans = [trim(text, q["start"], q["end"]) for q in golds]
        pspans = [trim(text, int(q["start"]), int(q["end"])) for q in preds]
        pairs = sorted(((jaccard(gs, ps), gi, pi) for gi, gs in enumerate(gspans)
                        for pi, ps in enumerate(pspans)), reverse=True)
        used_g, used_p = set(), set()
        for j, gi, pi in pairs:
            if j < 0.5:
                break
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            if "cluster" in golds[gi]:
                out.append((golds[gi], base + pi, str(g["id"]), gi))
    return out


def cause(a: dict, b: dict) -> str:
    from tracker import utterances as u

    if (a.get("speaker_id") or None) != (b.get("speaker_id") or None):
        return "a-speakers"
    sa, sb = u.content_stems(a["text"]), u.content_stems(b["text"])
    short, long_ = sorted((sa, sb), key=len)
    frag = "fragment" in (a.get("kind"), b.get("kind")) or len(short) * 2 < len(long_)
    if frag:
        return "c-fragment"
    if u.similar(sa, sb):
        return "d-other"
    return "b-wording"


def pairwise(clustered):
    same_g = same_p = both = 0
    for (g1, p1), (g2, p2) in combinations(clustered, 2):
        sg, sp = g1 == g2, p1 == p2
        same_g += sg
        same_p += sp
        both += sg and sp
    p = both / same_p if same_p else 1.0
    r = both / same_g if same_g else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def analyse(name: str, quiet: bool = False, **kwargs):
    from tracker.utterances import cluster_utterances

    gold, predictions, records = extracted(SETS[name])
    clusters = cluster_utterances(records, **kwargs)
    rows = matched(gold, predictions)
    clustered = []
    for gq, pi, doc, gi in rows:
        gc = gq.get("cluster") or f"{doc}#{gi}"
        clustered.append((gc, clusters.get(records[pi]["id"]) or f"pred:{pi}"))
    p, r, f1 = pairwise(clustered)
    causes = Counter()
    lines = []
    for (gqa, pa, da, ga), (gqb, pb, db, gb) in combinations(rows, 2):
        gca, gcb = gqa.get("cluster") or f"{da}#{ga}", gqb.get("cluster") or f"{db}#{gb}"
        ra, rb = records[pa], records[pb]
        same_p = clusters.get(ra["id"]) == clusters.get(rb["id"])
        if gca == gcb and not same_p:
            c = cause(ra, rb)
            causes[c] += 1
            lines.append(f"  MISS {c:10s} [{ra.get('speaker_id')}|{ra.get('kind')}] {ra['text'][:110]!r}\n"
                         f"  {'':15s} [{rb.get('speaker_id')}|{rb.get('kind')}] {rb['text'][:110]!r}")
        elif gca != gcb and same_p:
            causes["wrong-join"] += 1
            lines.append(f"  WRONG [{ra.get('speaker_id')}] {ra['text'][:110]!r}\n"
                         f"        [{rb.get('speaker_id')}] {rb['text'][:110]!r}")
    print(f"{name:12s} P {p:.3f} R {r:.3f} F1 {f1:.3f}  " + ", ".join(f"{k} {v}" for k, v in sorted(causes.items())))
    if not quiet:
        print("\n".join(lines))
    return p, r, f1


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quiet = "--quiet" in sys.argv
    for name in args or SETS:
        analyse(name, quiet)


if __name__ == "__main__":
    main()
