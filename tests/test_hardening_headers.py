"""Security headers on every Flask answer, and pages with nothing inline for the policy to
block. Over real HTTP on loopback."""
import re
from pathlib import Path

import pytest

from test_server import empty_server


@pytest.fixture(scope="module")
def live():
    """A server over a fresh (empty, shaped) database; no spaCy needed."""
    server = empty_server(api_token=None)
    yield server
    server.stop()


def test_flask_answers_carry_security_headers(live):
    for path in ("/q/q-unknown", "/api/quotes", "/q/_static/tracker.js", "/compare/u-unknown"):
        _, headers, body = live.get(path)
        headers = {k.lower(): v for k, v in headers.items()}
        csp = headers.get("content-security-policy", "")
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "'unsafe-inline'" not in csp
        assert headers.get("x-frame-options") == "DENY", path
        assert headers.get("x-content-type-options") == "nosniff", path


def test_pages_have_nothing_inline_that_the_policy_would_block():
    """Inline <script>, style="" or on…= handlers would be blocked by script-src/style-src
    'self': the templates have none (the browser tests run the copy buttons under it). A
    JSON-LD block is data, never run, so the policy does not apply to it."""
    templates = Path(__file__).resolve().parent.parent / "tracker" / "web" / "templates"
    for template in templates.glob("*.html"):
        html = template.read_text(encoding="utf-8")
        assert not re.search(r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))', html), template.name
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html, re.I), template.name




def test_datasette_answers_carry_the_headers_that_do_not_break_its_pages(live):
    """Datasette's pages run inline scripts, so they get no script policy, but framing,
    sniffing and plugins are refused as on the Flask pages."""
    for path in ("/", "/quotes", "/quotes/quotes", "/quotes/quotes.json", "/-/versions.json"):
        status, headers, _ = live.get(path)
        assert status == 200, path
        headers = {k.lower(): v for k, v in headers.items()}
        csp = headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        assert "script-src" not in csp, path
        assert headers.get("x-frame-options") == "DENY", path
        assert headers.get("x-content-type-options") == "nosniff", path


def test_datasette_thread_listing_is_not_public(live):
    for path in ("/-/threads", "/-/threads.json"):
        status, _, body = live.get(path)
        assert status == 404, path
        assert b"Thread" not in body and b"asyncio" not in body.lower()
