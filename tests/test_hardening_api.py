"""Hostile API bodies answer 400 with the reason, not 500. Over real HTTP on loopback."""
import json

import pytest

from test_server import empty_server

TOKEN = "hardening-token"


@pytest.fixture(scope="module")
def live():
    """A server over a fresh (empty, shaped) database; no spaCy needed."""
    server = empty_server(api_token=TOKEN)
    yield server
    server.stop()


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize("body, problem", [
    (b"[" * 100_000, "nested too deeply"),
    (json.dumps({"text": "A text.", "url": "https://[::1"}).encode(), "'url' must be an http(s) URL"),
    (b'{"text": "A text.", "n": ' + b"1" * 5000 + b"}", "malformed JSON body"),
])
def test_hostile_api_bodies_answer_400(live, body, problem):
    status, headers, data = live.request(
        "POST", "/api/articles", body=body, headers={**AUTH, "Content-Type": "application/json"})
    assert status == 400, data[:300]
    assert problem in json.loads(data)["error"]


