"""Flask side of the tracker: the ingest API, quote permalinks and the compare page.

Datasette serves everything else on the same port (see tracker/server.py); this app only
answers under /api/, /q/ and /compare/.
"""
import os
import threading
from pathlib import Path

import sqlite_utils
from flask import Flask, g

DEFAULT_DB = "db/quotes.db"
MAX_BODY = 2 * 1024 * 1024  # 2 MB: far more than any news article, far less than a DoS

# Every Flask response. The pages load their script and style from /q/_static/ and have no
# inline script, style or event handler, so the policy allows only this origin: an injected
# <script> or style="" does not run, no other site may frame the pages (clickjacking the copy
# buttons), and browsers never guess a type (a JSON answer is never read as HTML).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def create_app(test_config=None):
    """App factory; test_config overrides DATABASE, API_TOKEN, MAX_CONTENT_LENGTH, NLP..."""
    app = Flask(__name__, static_url_path="/q/_static")
    app.config.from_mapping(
        DATABASE=os.environ.get("TRACKER_DB", DEFAULT_DB),
        API_TOKEN=os.environ.get("TRACKER_API_TOKEN") or None,
        MAX_CONTENT_LENGTH=MAX_BODY,
        PAGE_SIZE=50,
        NLP=None,  # a loaded spaCy pipeline; None: the pipeline loads (and caches) its own
        JSON_SORT_KEYS=False,
    )
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False
    # Datasette names a database after its file: db/quotes.db is served at /quotes.
    app.config.setdefault("DATASETTE_DB", Path(app.config["DATABASE"]).stem)
    # One writer at a time in this process: SQLite has one write lock and spaCy is not
    # meant to be shared by threads mid-parse.
    app.extensions["tracker_write_lock"] = threading.Lock()

    from . import api, pages

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.teardown_appcontext(close_db)
    app.after_request(_security_headers)
    app.jinja_env.filters["human_date"] = _human_date
    return app


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _human_date(value):
    from tracker.citations import human_date

    return human_date(value)


def get_db():
    """A read connection for this request (query-only: visitors never write through it)."""
    from flask import current_app

    if "db" not in g:
        db = sqlite_utils.Database(current_app.config["DATABASE"])
        db.execute("pragma query_only = 1")
        g.db = db
    return g.db


def get_write_db():
    """A connection that may write (the ingest API), shaped and in WAL mode."""
    from flask import current_app

    from tracker.store import open_db

    if "write_db" not in g:
        g.write_db = open_db(current_app.config["DATABASE"])
    return g.write_db


def close_db(_exc=None):
    for name in ("db", "write_db"):
        db = g.pop(name, None)
        if db is not None:
            db.conn.close()
