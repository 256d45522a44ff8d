"""Slow clients are timed out: a request head that trickles in is cut off (on a new and on a
kept-alive connection), a body that trickles in answers 408. Over real HTTP on loopback,
with the production uvicorn settings and short timeouts."""
import http.client
import json
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

TOKEN = "hardening-token"


@pytest.fixture(scope="module")
def strict():
    """A server with the production uvicorn settings and short timeouts."""
    import uvicorn

    from tracker.server import build_app, uvicorn_settings

    tmp = Path(tempfile.mkdtemp(prefix="tracker-hardening-slow-"))
    app = build_app(tmp / "quotes.db", api_token=TOKEN, test_config={"BODY_TIMEOUT": 0.5})
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="on", **uvicorn_settings(head_timeout=0.5))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield sock.getsockname()[1]
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def read_all(sock):
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        data += chunk
    return data


def test_a_request_head_that_trickles_in_is_cut_off(strict):
    with socket.create_connection(("127.0.0.1", strict), timeout=30) as sock:
        sock.sendall(b"GET /-/versions.json HTTP/1.1\r\nHost: t\r\n")  # the head never ends
        assert read_all(sock) == b""  # closed by the server, nothing answered


def test_a_request_head_on_a_kept_alive_connection_is_cut_off_too(strict):
    with socket.create_connection(("127.0.0.1", strict), timeout=30) as sock:
        sock.sendall(b"GET /-/versions.json HTTP/1.1\r\nHost: t\r\n\r\n")
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /-/versions.json HTTP/1.1\r\n")  # the second head never ends
        rest = read_all(sock)
        assert b"HTTP/1.1 200" not in rest


def test_a_body_that_trickles_in_answers_408(strict):
    with socket.create_connection(("127.0.0.1", strict), timeout=30) as sock:
        sock.sendall(b"POST /api/articles HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
                     b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 100\r\n\r\nsome")
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408")
    assert b"request body not received within 0.5 s" in answer


def test_a_complete_request_is_answered_by_the_strict_server(strict):
    conn = http.client.HTTPConnection("127.0.0.1", strict, timeout=30)
    conn.request("GET", "/api/quotes")
    response = conn.getresponse()
    assert response.status == 200 and json.loads(response.read())["total"] == 0
    conn.close()
