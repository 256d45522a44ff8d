"""Flask side of the tracker: the ingest API, quote permalinks and the compare page.

Datasette serves everything else on the same port (see tracker/server.py); this app only
answers under /api/, /q/ and /compare/.
"""
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

from tracker.citations import human_date

from . import api, pages
from .db import close_db

DEFAULT_DB = "db/quotes.db"
# Where permalinks point when no public base URL is configured: the address `tracker serve`
# listens on by default.
DEFAULT_BASE_URL = "http://127.0.0.1:8001"
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
    """App factory; test_config overrides DATABASE, API_TOKEN, BASE_URL, MAX_CONTENT_LENGTH,
    NLP..."""
    app = Flask(__name__, static_url_path="/q/_static")
    app.config.from_mapping(
        DATABASE=os.environ.get("TRACKER_DB", DEFAULT_DB),
        API_TOKEN=os.environ.get("TRACKER_API_TOKEN") or None,
        BASE_URL=os.environ.get("TRACKER_BASE_URL") or DEFAULT_BASE_URL,
        MAX_CONTENT_LENGTH=MAX_BODY,
        PAGE_SIZE=50,
        NLP=None,  # a loaded spaCy pipeline; None: the pipeline loads (and caches) its own
        JSON_SORT_KEYS=False,
    )
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False
    app.config["BASE_URL"] = check_base_url(app.config["BASE_URL"])
    # Datasette names a database after its file: db/quotes.db is served at /quotes.
    app.config.setdefault("DATASETTE_DB", Path(app.config["DATABASE"]).stem)
    # One writer at a time in this process: SQLite has one write lock and spaCy is not
    # meant to be shared by threads mid-parse.
    app.extensions["tracker_write_lock"] = threading.Lock()

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.teardown_appcontext(close_db)
    app.after_request(_security_headers)
    app.jinja_env.filters["human_date"] = human_date
    return app


def check_base_url(value):
    """The public base URL without a trailing slash; ValueError unless it is http(s) with a
    host (and no query or fragment, which would break every link built on it)."""
    parts = urlsplit(str(value or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"base URL must be http:// or https:// with a host, e.g."
                         f" https://quotes.example.org (got {value!r})")
    return parts.geturl().rstrip("/")


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
