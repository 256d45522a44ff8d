"""JSON API: ingest an article (token-protected) and read quotes, speakers, utterances.

Every error, including Flask's own (404, 405, 413), answers JSON {"error": ...} under /api/.
"""
import hmac

from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for
from werkzeug.exceptions import HTTPException

from tracker.articles import ReadError, article_from_record, normalise_date
from tracker.readers.normalise import canonical_url, day_of

from tracker import pipeline

from . import atom, queries
from .db import get_db, get_write_db
from .views import compare_as_json, compare_context, public_url, quote_json

bp = Blueprint("api", __name__, url_prefix="/api")

ARTICLE_FIELDS = ("url", "outlet", "title", "published", "author")


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


@bp.errorhandler(ApiError)
def _api_error(err):
    return jsonify(error=err.message, status=err.status), err.status


@bp.app_errorhandler(HTTPException)
def _http_error(err):
    """JSON for any HTTP error under /api/ (routing errors never reach blueprint handlers)."""
    if not request.path.startswith("/api"):
        return err
    message = {
        404: f"no API route {request.path}",
        413: f"request body too large (limit {current_app.config['MAX_CONTENT_LENGTH']} bytes)",
        500: "internal error",
    }.get(err.code, err.description)
    return jsonify(error=message, status=err.code), err.code


def _check_token():
    """403 when the write API is off (no token configured), 401 for a missing or wrong token."""
    expected = current_app.config.get("API_TOKEN")
    if not expected:
        raise ApiError(403, "the write API is off: set TRACKER_API_TOKEN on the server to enable it")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "missing credentials: send 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(401, "invalid token")


def _article_record():
    """The posted article as a record: a JSON object, or a raw text/plain or text/html body.

    A raw body takes its url, outlet, title, published and author from the query string.
    """
    mimetype = request.mimetype
    if mimetype == "application/json":
        try:
            record = request.get_json(silent=True)
        except RecursionError:  # silent covers ValueError only
            raise ApiError(400, "malformed JSON body: nested too deeply") from None
        if record is None:
            raise ApiError(400, "malformed JSON body")
        if not isinstance(record, dict):
            raise ApiError(400, "the JSON body must be an object with 'text' or 'html'")
    elif mimetype in ("text/plain", "text/html"):
        record = {k: request.args.get(k) for k in ARTICLE_FIELDS}
        record["text" if mimetype == "text/plain" else "html"] = request.get_data(as_text=True)
    else:
        raise ApiError(400, "send JSON (application/json), text/plain or text/html")
    for name in ("text", "html") + ARTICLE_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise ApiError(400, f"'{name}' must be a string")
    text, html = record.get("text") or "", record.get("html") or ""
    if not text.strip() and not html.strip():
        raise ApiError(400, "missing article text: give a non-empty 'text' or 'html'")
    if record.get("published") and normalise_date(record["published"]) is None:
        raise ApiError(400, "'published' must be a date, e.g. 2024-12-07")
    if record.get("url") and canonical_url(record["url"]) is None:
        raise ApiError(400, "'url' must be an http(s) URL with a host")
    return record


def _make_article(record):
    article = article_from_record(record, "api")
    if isinstance(article, ReadError):
        raise ApiError(400, f"could not read the article: {article.problem}")
    return article


@bp.post("/articles")
def post_article():
    """Ingest one article; 201 when new, 200 when it was stored before (updated or not)."""
    _check_token()
    article = _make_article(_article_record())
    db = get_write_db()
    with current_app.extensions["tracker_write_lock"]:
        report = pipeline.ingest(db, [article], nlp=current_app.config.get("NLP"))
    if report.errors:
        raise ApiError(422, f"could not ingest the article: {report.errors[0]}")
    outcome = report.outcomes[article.id]
    read = get_db()
    row = queries.article(read, article.id)
    if row is None:
        raise ApiError(500, "the article was not stored")
    quotes = [quote_json(q) for q in queries.article_quotes(read, article.id)]
    body = {
        "id": row["id"],
        "created": outcome == "new",
        "outcome": outcome,  # new, updated or unchanged
        "article": {k: row[k] for k in ("id", "title", "url", "outlet", "published")},
        "quotes": quotes,
    }
    status = 201 if outcome == "new" else 200
    response = jsonify(body)
    response.status_code = status
    if status == 201:
        response.headers["Location"] = f"/{current_app.config['DATASETTE_DB']}/articles/{row['id']}"
    return response


def _int_arg(name, default, low, high):
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"'{name}' must be a whole number") from None
    if not low <= value <= high:
        raise ApiError(400, f"'{name}' must be between {low} and {high}")
    return value


def _search_args():
    """The filters of a quote search (speaker, outlet, q, since, until), dates as ISO days;
    400 for a date that is not one ("since=2025-13-45")."""
    args = {k: (request.args.get(k) or "").strip() or None
            for k in ("speaker", "outlet", "q", "since", "until")}
    for name in ("since", "until"):
        if args[name]:
            day = day_of(args[name])
            if day is None:
                raise ApiError(400, f"'{name}' must be an ISO date (YYYY-MM-DD)")
            args[name] = day.isoformat()
    return args


def _search(db, args, page, per_page):
    """(rows, total, speakers found or None) for the search args."""
    found = queries.resolve_speaker(db, args["speaker"]) if args["speaker"] else None
    rows, total = queries.search_quotes(
        db, speaker_ids=found["ids"] if found else None,
        outlet_ids=queries.resolve_outlet(db, args["outlet"]) if args["outlet"] else None,
        q=args["q"], since=args["since"], until=args["until"], page=page, per_page=per_page)
    return rows, total, found


@bp.get("/quotes")
def list_quotes():
    """Quotes filtered by speaker, outlet, full-text q and a date range; paginated.

    speaker= is resolved to one speaker first (id, alias, a spelling of it, a surname; see
    queries.resolve_speaker); the answer says whom it found ("speakers"), and when the name
    fits several it lists them and holds no quotes ("ambiguous": true).
    """
    args = _search_args()
    page = _int_arg("page", 1, 1, 1_000_000)
    per_page = _int_arg("per_page", current_app.config["PAGE_SIZE"], 1, 500)
    rows, total, found = _search(get_db(), args, page, per_page)
    query = {k: v for k, v in args.items() if v}

    def page_url(n):
        return public_url("api.list_quotes", page=n, per_page=per_page, **query)

    body = {
        "quotes": [quote_json(q) for q in rows],
        "total": total,
        "page": page,
        "per_page": per_page,
        "next": page_url(page + 1) if page * per_page < total else None,
        "previous": page_url(page - 1) if page > 1 else None,
        "feed": public_url("api.quotes_feed", **query),
    }
    if found is not None:
        body["speakers"] = [dict(s, quotes=public_url("api.list_quotes", speaker=s["id"])) for s in found["speakers"]]
        body["speaker_match"] = found["match"]
        body["ambiguous"] = found["ambiguous"]
        if found["n_speakers"] > len(found["speakers"]):
            body["n_speakers"] = found["n_speakers"]
    return jsonify(body)


@bp.get("/quotes.atom")
def quotes_feed():
    """The newest quotes of a search (the same filters as /api/quotes) as an Atom feed."""
    args = _search_args()
    rows, _total, _found = _search(get_db(), args, 1, atom.FEED_SIZE)
    query = {k: v for k, v in args.items() if v}
    described = ", ".join(f"{k} {v}" for k, v in query.items()) or "all quotes"
    entries = [(q, public_url("pages.permalink", qid=q["id"]),
                public_url("pages.compare", uid=q["utterance_id"]) if q["utterance_id"] else None)
               for q in rows]
    xml = atom.feed(f"tracker: newest quotes ({described})", public_url("api.quotes_feed", **query),
                    public_url("api.list_quotes", **query), entries)
    return Response(xml, content_type=atom.ATOM_TYPE)


@bp.get("/speakers/<speaker_id>")
def get_speaker(speaker_id):
    db = get_db()
    row = queries.speaker(db, speaker_id)
    if row is None:
        merged_into = queries.speaker_redirect(db, speaker_id)
        if merged_into:  # a later article showed this speaker is another one
            return redirect(url_for("api.get_speaker", speaker_id=merged_into), code=301)
        raise ApiError(404, f"no speaker with id {speaker_id!r}")
    row["quotes_url"] = public_url("api.list_quotes", speaker=speaker_id)
    row["page"] = public_url("pages.speaker_page", speaker_id=speaker_id)
    row["feed"] = public_url("pages.speaker_feed", speaker_id=speaker_id)
    row["utterances"] = queries.speaker_utterances(db, speaker_id)
    for u in row["utterances"]:
        u["compare"] = public_url("pages.compare", uid=u["id"])
    return jsonify(row)


@bp.get("/utterances/<uid>")
def get_utterance(uid):
    db = get_db()
    context = compare_context(db, uid)
    if context is None:
        merged_into = queries.utterance_redirect(db, uid)
        if merged_into:  # regrouped into another utterance
            return redirect(url_for("api.get_utterance", uid=merged_into), code=301)
        raise ApiError(404, f"no utterance with id {uid!r}")
    return jsonify(compare_as_json(context))


