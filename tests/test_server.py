"""The one-port server, driven over real HTTP: Datasette at /, Flask under /api/, /q/, /compare/.

The live-server helpers here are shared with test_web_api.py and test_browser.py: one seeded
server per test session (the seeds ingested once, the spaCy model loaded once).
"""
import http.client
import json
import re
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TOKEN = "test-token"

_servers = {}


class LiveServer:
    """uvicorn serving tracker.server.build_app in a thread, on a pre-bound loopback socket."""

    def __init__(self, db_path, api_token=None, nlp=None):
        import uvicorn

        from tracker.server import build_app

        self.db_path = Path(db_path)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))  # a free port, no race: uvicorn takes this socket
        self.port = self.sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        app = build_app(db_path, api_token=api_token, test_config={"NLP": nlp} if nlp else None,
                        base_url=self.base)
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start within 20 s")
            time.sleep(0.05)

    def request(self, method, path, body=None, headers=None):
        """(status, headers, body bytes); never follows redirects."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body).encode()
                headers = {"Content-Type": "application/json", **(headers or {})}
            try:
                conn.request(method, path, body=body, headers=headers or {})
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered (413) before reading the whole body
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def json(self, method, path, body=None, headers=None):
        status, hdrs, data = self.request(method, path, body, headers)
        assert hdrs.get("content-type", "").startswith("application/json"), (status, data[:300])
        return status, hdrs, json.loads(data)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def empty_server(api_token=None):
    """A live server over a fresh (empty, shaped) database in a temporary folder."""
    return LiveServer(Path(tempfile.mkdtemp(prefix="tracker-empty-")) / "quotes.db", api_token=api_token)


def load_nlp():
    if "nlp" not in _servers:
        from tracker.extract.model import load_model

        _servers["nlp"] = load_model()
    return _servers["nlp"]


def seeded_server():
    """The session's main server: the seeds ingested, the write API on with TOKEN."""
    if "seeded" not in _servers:
        from tracker import pipeline, store
        from tracker.articles import read_paths

        tmp = Path(tempfile.mkdtemp(prefix="tracker-web-"))
        db_path = tmp / "quotes.db"
        db = store.open_db(db_path)
        report = pipeline.ingest(db, read_paths([SEEDS]), nlp=load_nlp())
        assert report.articles == 4 and not report.errors, report
        db.close()
        _servers["seeded"] = LiveServer(db_path, api_token=TOKEN, nlp=load_nlp())
    return _servers["seeded"]


def closed_server():
    """A second server with no token configured: its write API is off."""
    if "closed" not in _servers:
        tmp = Path(tempfile.mkdtemp(prefix="tracker-web-closed-"))
        _servers["closed"] = LiveServer(tmp / "empty.db", api_token=None)
    return _servers["closed"]


def stop_all():
    for name in ("seeded", "closed"):
        server = _servers.pop(name, None)
        if server:
            server.stop()


@pytest.fixture(scope="session")
def server():
    yield seeded_server()
    stop_all()


def a_quote(server, text_start):
    """A stored quote row whose text starts with text_start."""
    import sqlite_utils

    db = sqlite_utils.Database(server.db_path)
    try:
        return next(db.query("select * from quotes where text like ? order by id", [text_start + "%"]))
    finally:
        db.close()


# --- the tests ---------------------------------------------------------------------------


def test_datasette_owns_the_root(server):
    status, headers, body = server.get("/")
    assert status == 200 and b"quotes" in body
    status, _, body = server.get("/quotes/quotes.json?_shape=array&_size=1")
    assert status == 200 and len(json.loads(body)) == 1
    status, _, body = server.get("/-/versions.json")
    assert status == 200 and b"datasette" in body


def test_datasette_is_read_only_with_a_time_limit(server):
    status, _, body = server.get("/quotes.json?sql=delete+from+quotes")
    assert status == 400 and "must be a SELECT" in json.loads(body)["error"]
    status, _, body = server.get("/quotes/quotes.json?_size=1")
    assert json.loads(body)["filtered_table_rows_count"] > 0  # nothing was deleted
    status, _, body = server.get("/-/settings.json")
    assert json.loads(body)["sql_time_limit_ms"] > 0


def test_flask_prefixes_go_to_flask(server):
    status, headers, _ = server.get("/api/quotes")
    assert status == 200 and headers["content-type"].startswith("application/json")
    status, _, body = server.get("/api/nothing-here")
    assert status == 404 and json.loads(body)["error"]
    status, _, body = server.get("/q/_static/tracker.css")
    assert status == 200 and b"--ink" in body
    # A path that only shares a prefix's letters stays with Datasette.
    status, _, body = server.get("/quotes")
    assert status == 200 and b"<html" in body.lower()


def test_permalink_and_compare_routes(server):
    quote = a_quote(server, "Damascus is waiting")
    status, _, body = server.get(f"/q/{quote['id']}")
    assert status == 200 and "Damascus is waiting for you".encode() in body
    status, _, body = server.get(f"/compare/{quote['utterance_id']}")
    assert status == 200 and b"Damascus" in body


def test_declared_oversized_body_is_refused_before_reading(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest("POST", "/api/articles")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(50 * 1024 * 1024))
        conn.putheader("Authorization", f"Bearer {TOKEN}")
        conn.endheaders()
        conn.send(b"{")  # the rest never comes: the server must answer anyway
        response = conn.getresponse()
        assert response.status == 413
        assert "too large" in json.loads(response.read())["error"]
    finally:
        conn.close()


def test_chunked_oversized_body_is_refused_by_flask(server):
    """No Content-Length to check up front: Flask's MAX_CONTENT_LENGTH still stops it."""
    chunks = (b"x" * 65536 for _ in range(40))  # 2.5 MB
    status, _, body = server.request(
        "POST", "/api/articles", body=chunks,
        headers={"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"})
    assert status == 413 and "too large" in json.loads(body)["error"]


def test_chunked_body_reaches_flask(server):
    text = "\u201cChunks arrive in pieces,\u201d engineer Bob Hall said.".encode()
    status, _, body = server.request(
        "POST", "/api/articles?outlet=Chunk+Times", body=iter([text[:20], text[20:]]),
        headers={"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"})
    assert status == 201, body
    assert json.loads(body)["quotes"][0]["text"] == "Chunks arrive in pieces,"


def test_pipelined_requests_all_answer(server):
    """Regression: a Flask request started from inside the previous response's send failed
    with asgiref's "CurrentThreadExecutor already quit" (500) before the fresh-context fix."""
    paths = ["/q/_static/tracker.css", "/api/quotes?per_page=1", "/-/versions.json",
             "/q/_static/tracker.js", "/api/quotes?per_page=2"]
    requests = b"".join(f"GET {p} HTTP/1.1\r\nHost: t\r\n\r\n".encode() for p in paths)
    data = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(requests)
        deadline = time.monotonic() + 20
        while data.count(b"HTTP/1.1 ") < len(paths) and time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            data += chunk
    statuses = [int(s) for s in re.findall(rb"HTTP/1\.1 (\d{3}) ", data)]
    assert statuses == [200] * len(paths)


def test_dispatcher_routes_by_path_only():
    from tracker.server import _is_flask_path

    assert _is_flask_path("/api") and _is_flask_path("/api/quotes")
    assert _is_flask_path("/q/q123") and _is_flask_path("/compare/u1")
    assert not _is_flask_path("/quotes") and not _is_flask_path("/apis")
    assert not _is_flask_path("/") and not _is_flask_path("/-/static/app.css")
