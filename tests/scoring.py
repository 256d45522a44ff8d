"""A small scorer for the regression tests, with the referee's definitions.

Spans match when their character Jaccard (after trimming marks, spaces and edge punctuation)
is at least 0.5, one to one; a speaker is right when it names the gold entity: it holds every
word of a gold name, or is a part of one that carries a distinctive word ("Lavrov").
"""
import re
import unicodedata

EDGE = "\"'“”‘’«»„‟‚‛‹› \t\r\n.,;:!?…-–—()[]"
NOT_DISTINCTIVE = {"the", "a", "an", "of", "and", "al", "el", "mr", "mrs", "ms", "dr", "president",
                   "minister", "spokesperson", "spokesman", "official", "source", "head", "leader",
                   "chief", "foreign", "prime", "secretary", "general", "state", "national"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "you"}


def trim(text, start, end):
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def words(name):
    name = unicodedata.normalize("NFKD", name or "")
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    return set(t for t in re.split(r"[^a-z0-9]+", re.sub(r"['’]s\b", "", name)) if t)


def names_same(pred, gold_names):
    p = words(pred)
    if not p or p <= PRONOUNS:
        return False
    for gold in gold_names:
        g = words(gold)
        if g and (g <= p or (p <= g and p - NOT_DISTINCTIVE - PRONOUNS)):
            return True
    return False


def jaccard(a, b):
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def score(gold_docs, predicted):
    """predicted: {doc id: [Quote]} -> span F1, speaker accuracy, end-to-end F1."""
    n_gold = n_pred = hits = right = judged = e2e = 0
    for doc in gold_docs:
        text = doc["text"]
        golds = [q for q in doc["quotes"] if q.get("kind") != "scare"]
        scares = [trim(text, q["start"], q["end"]) for q in doc["quotes"] if q.get("kind") == "scare"]
        gspans = [trim(text, q["start"], q["end"]) for q in golds]
        preds = [q for q in predicted[doc["id"]]
                 if not any(jaccard(trim(text, q.start, q.end), s) >= 0.5 for s in scares)
                 or any(jaccard(trim(text, q.start, q.end), g) >= 0.5 for g in gspans)]
        pspans = [trim(text, q.start, q.end) for q in preds]
        n_gold, n_pred = n_gold + len(golds), n_pred + len(preds)
        pairs = sorted(((jaccard(g, p), gi, pi) for gi, g in enumerate(gspans) for pi, p in enumerate(pspans)), reverse=True)
        used_g, used_p = set(), set()
        for j, gi, pi in pairs:
            if j < 0.5 or gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            hits += 1
            gold, pred = golds[gi], preds[pi]
            ok = True
            if gold.get("speaker") and gold.get("speaker_judge", True):
                judged += 1
                names = [gold["speaker"]] + gold.get("speaker_aliases", [])
                ok = names_same(pred.speaker or "", names) or names_same(pred.speaker_mention or "", names)
                right += ok
            e2e += ok

    def f1(tp):
        p, r = tp / n_pred if n_pred else 0, tp / n_gold if n_gold else 0
        return 2 * p * r / (p + r) if p + r else 0.0

    return {"quotes_f1": f1(hits), "speaker_accuracy": right / judged if judged else None,
            "end_to_end_f1": f1(e2e), "predicted": n_pred, "gold": n_gold}
