"""What the pages and the JSON API show: one context per page, built from read queries.

Both blueprints (pages.py for HTML, api.py for JSON) build their answers here, so the page
and its JSON never disagree and neither blueprint imports the other.
"""
import datetime
import difflib
import re
from urllib.parse import urlencode

from flask import current_app, url_for

from tracker import citations

from . import queries


def datasette_url(path, **params):
    """A link into Datasette on the same host: /<db>/<path>?params."""
    url = f"/{current_app.config['DATASETTE_DB']}/{path}"
    return url + ("?" + urlencode(params) if params else "")


def quote_context(db, qid):
    """Everything the permalink page and its JSON show about one live quote, or None."""
    q = queries.quote(db, qid)
    if q is None:
        return None
    article = queries.article(db, q["article_id"]) or {}
    permalink = url_for("pages.permalink", qid=qid, _external=True)
    cite = {
        "id": q["id"],
        "text": q["text"],
        "speaker": q["speaker"],
        "cue": q["cue"],
        "channel": q["channel"],
        "outlet": q["outlet"],
        "published": q["published"] or article.get("published"),
        "title": q["article_title"],
        "url": q["article_url"],
        "permalink": permalink,
        "accessed": datetime.date.today().isoformat(),
    }
    others = [r for r in queries.renderings(db, q["utterance_id"]) if r["id"] != qid]
    para = queries.paragraph(article.get("text"), q)
    return {
        "quote": q,
        "permalink": permalink,
        "article_link": citations.text_fragment_url(q["article_url"], q["text"])
        or datasette_url(f"articles/{q['article_id']}"),
        "article_row": datasette_url(f"articles/{q['article_id']}"),
        "speaker_quotes": datasette_url("quotes", speaker_id=q["speaker_id"]) if q["speaker_id"] else None,
        "outlet_quotes": datasette_url("quotes", outlet_id=q["outlet_id"]) if q["outlet_id"] else None,
        "paragraph": para,
        "others": others,
        "compare": url_for("pages.compare", uid=q["utterance_id"]) if q["utterance_id"] and others else None,
        "citations": citations.all_formats(cite),
        "citation_labels": {k: label for k, (label, _fn) in citations.FORMATS.items()},
    }


def _syndication(db, renderings):
    """{article_id: label}: which renderings copy one wire story and which stand alone.

    Articles that share a root (syndicated_from, or themselves when others copy them) form a
    wire group; a group of one is independent reporting.
    """
    ids = sorted({r["article_id"] for r in renderings})
    source_of = queries.syndicated_from(db, ids)
    root = {a: source_of.get(a) or a for a in ids}
    groups = {}
    for a in ids:
        groups.setdefault(root[a], []).append(a)
    wire = [g for g in groups.values() if len(g) > 1]
    letters = {}
    for n, group in enumerate(sorted(wire)):
        for a in group:
            letters[a] = chr(ord("A") + n % 26)
    out = {}
    for a in ids:
        if a in letters:
            out[a] = {"kind": "wire", "group": letters[a], "source": root[a],
                      "label": f"Wire copy (story {letters[a]})"}
        else:
            out[a] = {"kind": "independent", "group": None, "source": None,
                      "label": "Independent"}
    return out


LONG_REMOVAL = 8  # words; a longer left-out run shows as an ellipsis with the words on hover


def _runs(diff):
    """Diff runs for the template: (kind, leading space, words), long removals shortened."""
    out = []
    for kind, text in diff:
        words = text.lstrip()
        space = text[: len(text) - len(words)]
        if kind == "removed" and len(words.split()) > LONG_REMOVAL:
            kind = "cut"
        out.append((kind, space, words))
    return out


def compare_context(db, uid):
    """The renderings of one utterance with a word diff against the representative text."""
    u = queries.utterance(db, uid)
    if u is None:
        return None
    rows = queries.renderings(db, uid)
    reference = u["text"] or (rows[0]["text"] if rows else "")
    representative = next((r["id"] for r in rows if r["text"] == reference), None)
    syndication = _syndication(db, rows)
    renderings = []
    for r in rows:
        diff = word_diff(reference, r["text"])
        renderings.append({
            "quote": r,
            "representative": r["id"] == representative,
            "diff": diff,
            "runs": _runs(diff),
            "syndication": syndication[r["article_id"]],
            "article_link": citations.text_fragment_url(r["article_url"], r["text"])
            or datasette_url(f"articles/{r['article_id']}"),
        })
    return {
        "utterance": u,
        "reference": reference,
        "renderings": renderings,
        "n_wire": sum(1 for r in renderings if r["syndication"]["kind"] == "wire"),
        "speaker_quotes": datasette_url("quotes", speaker_id=u["speaker_id"]) if u["speaker_id"] else None,
    }


def quote_json(q):
    """The public fields of a quote row, with links to its permalink and compare page."""
    out = {k: q.get(k) for k in (
        "id", "text", "kind", "speaker", "speaker_id", "cue", "channel", "outlet", "outlet_id",
        "published", "article_id", "article_title", "article_url", "utterance_id")}
    out["permalink"] = url_for("pages.permalink", qid=q["id"], _external=True)
    if q.get("utterance_id"):
        out["compare"] = url_for("pages.compare", uid=q["utterance_id"], _external=True)
    return out


def compare_as_json(context):
    """The compare page's data as JSON (the word diff as runs of kind and text)."""
    u = context["utterance"]
    return {
        "id": u["id"],
        "speaker": u["speaker"],
        "speaker_id": u["speaker_id"],
        "text": u["text"],
        "n_quotes": u["n_quotes"],
        "n_outlets": u["n_outlets"],
        "compare": url_for("pages.compare", uid=u["id"], _external=True),
        "renderings": [
            dict(quote_json(r["quote"]), diff=[{"kind": k, "text": t} for k, t in r["diff"]],
                 representative=r["representative"], syndication=r["syndication"])
            for r in context["renderings"]
        ],
    }


TOKEN = re.compile(r"\w+(?:['\u2019\-]\w+)*|[^\w\s]", re.UNICODE)


def tokens(text):
    """Word and punctuation tokens, each with the whitespace before it (to rebuild the text)."""
    text = text or ""
    out, last = [], 0
    for m in TOKEN.finditer(text):
        out.append((m.group(), text[last:m.start()]))
        last = m.end()
    return out


def _norm(word):
    """Case, apostrophe style and the choice of , . ; : ! ? do not count as differences."""
    if word in ",.;:!?":
        return ","
    return word.lower().replace("\u2019", "'")


def _join(toks):
    return "".join(space + word for word, space in toks)


def word_diff(reference, text):
    """text as (kind, words) runs against reference: same, added, changed, removed or cut.

    Compared case-insensitively on word tokens, so 'is waiting for' vs 'awaits' shows as a
    change while a capital letter or a curly apostrophe does not. 'was' holds the
    reference words a 'changed' run replaces, 'removed' the words this rendering leaves out,
    'cut' the same at either end (a rendering that quotes only part of the sentence).
    """
    ref, mine = tokens(reference), tokens(text)
    matcher = difflib.SequenceMatcher(
        a=[_norm(w) for w, _ in ref], b=[_norm(w) for w, _ in mine], autojunk=False
    )
    out = []
    opcodes = matcher.get_opcodes()
    for n, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "delete":
            at_edge = n in (0, len(opcodes) - 1) and len(opcodes) > 1
            out.append(["cut" if at_edge else "removed", _join(ref[a1:a2])])
        elif op == "replace":
            out.append(["was", _join(ref[a1:a2])])
        if op != "delete":
            kind = {"equal": "same", "insert": "added", "replace": "changed"}[op]
            out.append([kind, _join(mine[b1:b2])])
    if out and out[0][0] == "cut":
        out[0][1] = out[0][1].lstrip()
    return [tuple(run) for run in out]
