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


def public_url(endpoint, **values):
    """The absolute URL of a tracker page under the configured public base URL (BASE_URL:
    `tracker serve --base-url` or TRACKER_BASE_URL), never the request's Host header, which
    any client may set; the scheme comes from the base URL too."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


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
    permalink = public_url("pages.permalink", qid=qid)
    cite = {
        "id": q["id"],
        "text": q["text"],
        "speaker": q["speaker"],
        "speaker_kind": q["speaker_kind"],
        "author": article.get("author"),
        "cue": q["cue"],
        "channel": q["channel"],
        "audience": q.get("audience"),
        "outlet": q["outlet"],
        "published": q["published"] or article.get("published"),
        "title": q["article_title"],
        "url": q["article_url"],
        "permalink": permalink,
        "accessed": datetime.date.today().isoformat(),
    }
    others = [r for r in queries.renderings(db, q["utterance_id"]) if r["id"] != qid]
    para = queries.paragraph(article.get("text"), q)
    role, phrase = citations.manner(q)
    return {
        "quote": q,
        "permalink": permalink,
        "manner": {"role": role, "phrase": phrase},
        "author": article.get("author"),
        "sharing": sharing_metadata(q, cite),
        "speaker_page": url_for("pages.speaker_page", speaker_id=q["speaker_id"]) if q["speaker_id"] else None,
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


SPEAKER_PAGE_SIZE = 50


def speaker_context(db, speaker_id, page=1):
    """The speaker page: who (name, kind, description, roles), every alias with the rule that
    merged it, outlets, quotes per month and a page of quotes, newest first; None when no
    speaker has this id."""
    s = queries.speaker(db, speaker_id)
    if s is None:
        return None
    rows, total = queries.search_quotes(db, speaker_ids=[speaker_id], page=page,
                                        per_page=SPEAKER_PAGE_SIZE)
    timeline = queries.speaker_timeline(db, speaker_id)
    peak = max((m["n_quotes"] for m in timeline), default=0)
    quotes = [dict(q, delivery=citations.delivery(q)) for q in rows]
    return {
        "speaker": s,
        "roles": queries.speaker_roles(db, speaker_id),
        "quotes": quotes,
        "feed_quotes": quotes if page == 1 else queries.search_quotes(
            db, speaker_ids=[speaker_id], per_page=SPEAKER_PAGE_SIZE)[0],
        "total": total,
        "page": page,
        "pages": max(1, -(-total // SPEAKER_PAGE_SIZE)),
        "timeline": [dict(m, share=m["n_quotes"] / peak if peak else 0) for m in timeline],
        "utterances": queries.speaker_utterances(db, speaker_id, limit=20),
        "datasette_quotes": datasette_url("quotes", speaker_id=speaker_id),
        "feed": url_for("pages.speaker_feed", speaker_id=speaker_id),
        "permalink": public_url("pages.speaker_page", speaker_id=speaker_id),
    }


def speaker_as_json(context):
    """The speaker page's data as JSON."""
    s = context["speaker"]
    return {
        "id": s["id"], "name": s["name"], "kind": s["kind"], "description": s["description"],
        "roles": context["roles"],
        "aliases": s["aliases"],
        "outlets": s["outlets"],
        "n_quotes": s["n_quotes"],
        "n_utterances": s["n_utterances"],
        "quotes_per_month": [{"month": m["month"], "n_quotes": m["n_quotes"]} for m in context["timeline"]],
        "page": context["page"], "pages": context["pages"],
        "quotes": [quote_json(q) for q in context["quotes"]],
        "url": context["permalink"],
        "feed": public_url("pages.speaker_feed", speaker_id=s["id"]),
    }


def sharing_metadata(q, cite):
    """Open Graph properties and a schema.org Quotation (JSON-LD) for a quote's page, so a
    shared link previews as the quote and search engines read who said it where."""
    speaker = q["speaker"] or "Unknown speaker"
    text = citations.cited_text(cite)
    title = f"{speaker}: \u201c{text}\u201d"
    where = ", ".join(p for p in (q["outlet"], citations.human_date(cite["published"])) if p)
    description = f"Quoted in {where}." if where else "A quote tracked across news outlets."
    og = {"og:type": "article", "og:title": title if len(title) <= 200 else title[:199] + "\u2026",
          "og:description": description, "og:url": cite["permalink"], "og:site_name": "tracker"}
    if cite["published"]:
        og["article:published_time"] = cite["published"]
    quotation = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "@id": cite["permalink"],
        "url": cite["permalink"],
        "text": q["text"],
        "spokenByCharacter": {"@type": "Person" if q["speaker_kind"] == "person" else "Organization",
                              "name": speaker},
    }
    if q["speaker_id"]:
        quotation["spokenByCharacter"]["url"] = public_url("pages.speaker_page", speaker_id=q["speaker_id"])
    article = {"@type": "NewsArticle"}
    for key, value in (("headline", q["article_title"]), ("url", q["article_url"]),
                       ("datePublished", cite["published"])):
        if value:
            article[key] = value
    if q["outlet"]:
        article["publisher"] = {"@type": "Organization", "name": q["outlet"]}
    if cite.get("author"):
        article["author"] = [{"@type": "Organization" if "literal" in n else "Person",
                              "name": n.get("literal") or " ".join(
                                  p for p in (n.get("given"), n.get("non-dropping-particle"), n.get("family")) if p)}
                             for n in citations.byline_names(cite["author"], q["outlet"])]
    quotation["isPartOf"] = article
    if cite["published"]:
        quotation["datePublished"] = cite["published"]
    return {"og": og, "json_ld": quotation}


def _syndication(db, renderings):
    """{article_id: label}: which renderings copy one wire story, which is that story, and
    which stand alone.

    Articles that share a root (syndicated_from, or themselves when others copy them) form a
    wire group; the root is the original and each copy names it ("Copy of the AFP story");
    a group of one is independent reporting.
    """
    ids = sorted({r["article_id"] for r in renderings})
    outlet_of = {r["article_id"]: r["outlet"] for r in renderings}
    source_of = queries.syndicated_from(db, ids)
    root = {a: source_of.get(a) or a for a in ids}
    groups = {}
    for a in ids:
        groups.setdefault(root[a], []).append(a)
    out = {}
    for a in ids:
        source = root[a]
        if len(groups[source]) == 1 and source == a:
            out[a] = {"kind": "independent", "source": None, "source_outlet": None,
                      "label": "Independent reporting"}
            continue
        if source not in outlet_of:  # the original does not carry this utterance
            outlet_of[source] = (queries.article(db, source) or {}).get("outlet")
        story = f"the {outlet_of[source]} story" if outlet_of[source] else "a wire story"
        if a == source:
            n = len(groups[source]) - 1
            out[a] = {"kind": "original", "source": None, "source_outlet": outlet_of[a],
                      "label": f"Original story (copied by {n} other outlet{'s' if n != 1 else ''} here)"}
        else:
            out[a] = {"kind": "wire", "source": source, "source_outlet": outlet_of[source],
                      "label": f"Copy of {story}"}
    return out


LONG_REMOVAL = 8  # words; a longer left-out run shows as an ellipsis with the words on hover


def _runs(diff):
    """Diff runs for the template: (kind, leading space, words), long removals shortened."""
    out = []
    for kind, text in diff:
        words = text.lstrip()
        space = text[: len(text) - len(words)]
        if kind == "removed" and len(words.split()) > LONG_REMOVAL:
            kind = "elided"  # left out in the middle: an ellipsis, the words on hover
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
        diff = word_diff(reference, r["text"], fragment=r["kind"] == "fragment")
        renderings.append({
            "quote": r,
            "representative": r["id"] == representative,
            "diff": diff,
            "runs": _runs(diff),
            "syndication": syndication[r["article_id"]],
            "delivery": citations.delivery(r),
            "article_link": citations.text_fragment_url(r["article_url"], r["text"])
            or datasette_url(f"articles/{r['article_id']}"),
        })
    return {
        "utterance": u,
        "reference": reference,
        "renderings": renderings,
        "n_wire": sum(1 for r in renderings if r["syndication"]["kind"] in ("wire", "original")),
        "speaker_quotes": datasette_url("quotes", speaker_id=u["speaker_id"]) if u["speaker_id"] else None,
        "speaker_page": url_for("pages.speaker_page", speaker_id=u["speaker_id"]) if u["speaker_id"] else None,
    }


def quote_json(q):
    """The public fields of a quote row, with links to its permalink and compare page."""
    out = {k: q.get(k) for k in (
        "id", "text", "kind", "speaker", "speaker_id", "cue", "channel", "audience", "outlet",
        "outlet_id", "published", "article_id", "article_title", "article_url", "utterance_id")}
    out["permalink"] = public_url("pages.permalink", qid=q["id"])
    if q.get("utterance_id"):
        out["compare"] = public_url("pages.compare", uid=q["utterance_id"])
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
        "compare": public_url("pages.compare", uid=u["id"]),
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


def _is_punct(toks):
    return all(not any(ch.isalnum() for ch in word) for word, _ in toks)


def _loose(word):
    """A key for aligning a fragment to the statement: case and common endings aside
    ("brutality" and "brutal", "settles" and "settle" align)."""
    word = _norm(word)
    return word[:5] if len(word) > 5 else word


def _aligned_window(ref, mine):
    """(a1, a2): the stretch of reference tokens the rendering's words share, or None
    when they share no word."""
    matcher = difflib.SequenceMatcher(a=[_loose(w) for w, _ in ref], b=[_loose(w) for w, _ in mine],
                                      autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size and not _is_punct(ref[b.a:b.a + b.size])]
    if not blocks:
        return None
    return blocks[0].a, blocks[-1].a + blocks[-1].size


def _is_part(ref, mine, fragment):
    """A rendering that quotes part of the statement: a fragment, or a third of its words."""
    words = sum(1 for w, _ in mine if not _is_punct([(w, "")]))
    ref_words = sum(1 for w, _ in ref if not _is_punct([(w, "")]))
    return fragment or words * 3 <= ref_words


def word_diff(reference, text, fragment=False):
    """text as (kind, words) runs against reference: same, added, changed, removed or cut.

    Compared case-insensitively on word tokens, so 'is waiting for' vs 'awaits' shows as a
    change while a capital letter or a curly apostrophe does not. 'was' holds the
    reference words a 'changed' run replaces, 'removed' the words this rendering leaves out
    in the middle, 'cut' the words before or after what it quotes ("not quoted"). A fragment
    (or any rendering a third as long) is first aligned to the words it shares with the
    statement, so it shows as quoting that part, never as replacing the whole.
    """
    ref, mine = tokens(reference), tokens(text)
    before, after = [], []
    if ref and mine and _is_part(ref, mine, fragment):
        window = _aligned_window(ref, mine)
        if window is None:  # no word in common: the whole statement is not quoted here
            return [("cut", _join(ref).lstrip()), ("added", _join(mine))]
        a1, a2 = window
        before, after, ref = ref[:a1], ref[a2:], ref[a1:a2]
    matcher = difflib.SequenceMatcher(
        a=[_norm(w) for w, _ in ref], b=[_norm(w) for w, _ in mine], autojunk=False
    )
    opcodes = matcher.get_opcodes()

    def only_punct(ops):
        return all(_is_punct(ref[a1:a2]) and _is_punct(mine[b1:b2]) for _op, a1, a2, b1, b2 in ops)

    out = [["cut", _join(before)]] if before and not _is_punct(before) else []
    for n, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "delete":
            # at an edge once punctuation is set aside: the rendering starts late or stops early
            at_edge = only_punct(opcodes[:n]) or only_punct(opcodes[n + 1:])
            out.append(["cut" if at_edge else "removed", _join(ref[a1:a2])])
        elif op == "replace":
            out.append(["was", _join(ref[a1:a2])])
        if op != "delete":
            kind = {"equal": "same", "insert": "added", "replace": "changed"}[op]
            out.append([kind, _join(mine[b1:b2])])
    if after and not _is_punct(after):
        out.append(["cut", _join(after)])
    if out and out[0][0] == "cut":
        out[0][1] = out[0][1].lstrip()
    return [tuple(run) for run in out]
