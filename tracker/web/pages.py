"""Reader-facing pages: the quote permalink (/q/<id>) and the renderings compare page.

A permalink never breaks: a superseded id answers 301 to its successor (or to the article
when nothing took its place); only an id the tracker never issued answers 404.
"""
from flask import (Blueprint, Response, abort, current_app, jsonify, redirect, render_template,
                   request, url_for)

from tracker import citations

from . import queries
from .db import get_db
from . import atom
from .views import (compare_as_json, compare_context, datasette_url, public_url, quote_context,
                    speaker_context, speaker_as_json)

bp = Blueprint("pages", __name__)


def _resolve(db, qid, as_json):
    """(context, None) for a live quote; (None, response) for a redirect or a 404."""
    context = quote_context(db, qid)
    if context is not None:
        return context, None
    target = queries.redirect_target(db, qid)
    if target is not None and target["new_id"]:
        endpoint = "pages.permalink_json" if as_json else "pages.permalink"
        return None, redirect(url_for(endpoint, qid=target["new_id"]), code=301)
    if target is not None:  # the updated article no longer carries the quote
        article_link = datasette_url(f"articles/{target['article_id']}")
        if as_json:
            body = {"error": f"quote {qid!r} was removed when its article was updated",
                    "status": 410, "old_text": target["old_text"], "speaker": target["speaker"],
                    "article": article_link}
            return None, (jsonify(body), 410)
        return None, (render_template("gone.html", old_text=target["old_text"],
                                      speaker=target["speaker"], article_link=article_link), 410)
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
        audience=q["audience"],  # "told reporters": whom it was said to, stored apart
        delivery=citations.delivery(q),
        outlet={"id": q["outlet_id"], "name": q["outlet"]},
        published=q["published"],
        article={"id": q["article_id"], "title": q["article_title"], "url": q["article_url"],
                 "link": context["article_link"]},
        paragraph="".join(context["paragraph"]) if context["paragraph"] else None,
        utterance_id=q["utterance_id"],
        compare=public_url("pages.compare", uid=q["utterance_id"])
        if q["utterance_id"] else None,
        other_renderings=[
            {"id": o["id"], "text": o["text"], "outlet": o["outlet"], "published": o["published"],
             "permalink": public_url("pages.permalink", qid=o["id"])}
            for o in context["others"]
        ],
        permalink=context["permalink"],
        citations=context["citations"],
    )


@bp.get("/compare/<uid>")
def compare(uid):
    db = get_db()
    context = compare_context(db, uid)
    if context is None:
        merged_into = queries.utterance_redirect(db, uid)
        if merged_into:  # regrouped into another utterance
            return redirect(url_for("pages.compare", uid=merged_into), code=301)
        return render_template("not_found.html", what="utterance", ident=uid,
                               search=datasette_url("utterances")), 404
    return render_template("compare.html", **context)


@bp.get("/compare/<uid>.json")
def compare_json(uid):
    db = get_db()
    context = compare_context(db, uid)
    if context is None:
        merged_into = queries.utterance_redirect(db, uid)
        if merged_into:
            return redirect(url_for("pages.compare_json", uid=merged_into), code=301)
        return jsonify(error=f"no utterance with id {uid!r}", status=404,
                       search=datasette_url("utterances")), 404
    return jsonify(compare_as_json(context))


def _speaker_or_redirect(speaker_id, endpoint):
    """(context, None) for a stored speaker; (None, response) for a merged one (301 to the
    id it goes by now, as the store records in speaker_redirects) or an unknown one (404)."""
    db = get_db()
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) <= 100_000 else 1
    context = speaker_context(db, speaker_id, page=page)
    if context is not None:
        return context, None
    merged_into = queries.speaker_redirect(db, speaker_id)
    if merged_into:
        return None, redirect(url_for(endpoint, speaker_id=merged_into), code=301)
    search = datasette_url("speakers")
    if endpoint == "pages.speaker_page":
        return None, (render_template("not_found.html", what="speaker", ident=speaker_id,
                                      search=search), 404)
    if endpoint == "pages.speaker_json":
        return None, (jsonify(error=f"no speaker with id {speaker_id!r}", status=404, search=search), 404)
    abort(404)


@bp.get("/s/<speaker_id>")
def speaker_page(speaker_id):
    context, response = _speaker_or_redirect(speaker_id, "pages.speaker_page")
    return response or render_template("speaker.html", **context)


@bp.get("/s/<speaker_id>.json")
def speaker_json(speaker_id):
    context, response = _speaker_or_redirect(speaker_id, "pages.speaker_json")
    return response or jsonify(speaker_as_json(context))


@bp.get("/s/<speaker_id>.atom")
def speaker_feed(speaker_id):
    """The speaker's newest quotes as an Atom feed."""
    context, response = _speaker_or_redirect(speaker_id, "pages.speaker_feed")
    if response:
        return response
    s = context["speaker"]
    entries = [(q, public_url("pages.permalink", qid=q["id"]),
                public_url("pages.compare", uid=q["utterance_id"]) if q["utterance_id"] else None)
               for q in context["feed_quotes"]]
    xml = atom.feed(f"{s['name']}: newest quotes", public_url("pages.speaker_feed", speaker_id=s["id"]),
                    public_url("pages.speaker_page", speaker_id=s["id"]), entries)
    return Response(xml, content_type=atom.ATOM_TYPE)


@bp.app_context_processor
def _links():
    return {"datasette_home": "/", "datasette_db": f"/{current_app.config['DATASETTE_DB']}",
            "request_path": request.path if request else ""}
