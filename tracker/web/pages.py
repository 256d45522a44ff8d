"""Reader-facing pages: the quote permalink (/q/<id>) and the renderings compare page.

A permalink never breaks: a superseded id answers 301 to its successor (or to the article
when nothing took its place); only an id the tracker never issued answers 404.
"""
import datetime

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from tracker import citations

from . import get_db, queries

bp = Blueprint("pages", __name__)


def datasette_url(path, **params):
    """A link into Datasette on the same host: /<db>/<path>?params."""
    from urllib.parse import urlencode

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


def _resolve(db, qid, as_json):
    """(context, None) for a live quote; (None, response) for a redirect or a 404."""
    context = quote_context(db, qid)
    if context is not None:
        return context, None
    target = queries.redirect_target(db, qid)
    if target is not None:
        new_id, article_id = target
        if new_id:
            endpoint = "pages.permalink_json" if as_json else "pages.permalink"
            return None, redirect(url_for(endpoint, qid=new_id), code=301)
        if article_id:
            return None, redirect(datasette_url(f"articles/{article_id}"), code=301)
    search = datasette_url("quotes")
    if as_json:
        body = {"error": f"no quote with id {qid!r}", "status": 404, "search": search}
        return None, (jsonify(body), 404)
    return None, (render_template("not_found.html", what="quote", ident=qid, search=search), 404)


@bp.get("/q/<qid>")
def permalink(qid):
    context, response = _resolve(get_db(), qid, as_json=False)
    return response or render_template("quote.html", **context)


@bp.get("/q/<qid>.json")
def permalink_json(qid):
    context, response = _resolve(get_db(), qid, as_json=True)
    if response:
        return response
    q = context["quote"]
    return jsonify(
        id=q["id"],
        text=q["text"],
        kind=q["kind"],
        speaker={"id": q["speaker_id"], "name": q["speaker"], "kind": q["speaker_kind"],
                 "mention": q["speaker_mention"], "quotes": context["speaker_quotes"]},
        cue=q["cue"],
        channel=q["channel"],
        outlet={"id": q["outlet_id"], "name": q["outlet"]},
        published=q["published"],
        article={"id": q["article_id"], "title": q["article_title"], "url": q["article_url"],
                 "link": context["article_link"]},
        paragraph="".join(context["paragraph"]) if context["paragraph"] else None,
        utterance_id=q["utterance_id"],
        compare=url_for("pages.compare", uid=q["utterance_id"], _external=True)
        if q["utterance_id"] else None,
        other_renderings=[
            {"id": o["id"], "text": o["text"], "outlet": o["outlet"], "published": o["published"],
             "permalink": url_for("pages.permalink", qid=o["id"], _external=True)}
            for o in context["others"]
        ],
        permalink=context["permalink"],
        citations=context["citations"],
    )


def _syndication(db, renderings):
    """{article_id: label}: which renderings copy one wire story and which stand alone.

    Articles that share a root (syndicated_from, or themselves when others copy them) form a
    wire group; a group of one is independent reporting.
    """
    ids = sorted({r["article_id"] for r in renderings})
    source_of = {}
    if ids and queries.has_column(db, "articles", "syndicated_from"):
        marks = ", ".join("?" for _ in ids)
        source_of = {r["id"]: r["syndicated_from"] for r in db.query(
            f"select id, syndicated_from from articles where id in ({marks})", ids)}
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
        diff = queries.word_diff(reference, r["text"])
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


@bp.get("/compare/<uid>")
def compare(uid):
    db = get_db()
    context = compare_context(db, uid)
    if context is None:
        return render_template("not_found.html", what="utterance", ident=uid,
                               search=datasette_url("utterances")), 404
    return render_template("compare.html", **context)


@bp.get("/compare/<uid>.json")
def compare_json(uid):
    from .api import compare_json as as_json

    context = compare_context(get_db(), uid)
    if context is None:
        return jsonify(error=f"no utterance with id {uid!r}", status=404,
                       search=datasette_url("utterances")), 404
    return jsonify(as_json(context))


@bp.app_context_processor
def _links():
    return {"datasette_home": "/", "datasette_db": f"/{current_app.config['DATASETTE_DB']}",
            "request_path": request.path if request else ""}
