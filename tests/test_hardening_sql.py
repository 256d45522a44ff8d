"""The public SQL policy over real HTTP on loopback (README, "Public SQL"): a query that
would hang answers an error and the server goes on; the database's file path is never shown."""
import json
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

from test_server import LiveServer

HANG = "select length(printf('%.*c', 2000000000, 'x'))"


@pytest.fixture(scope="module")
def live():
    """A server over a fresh (empty, shaped) database; no spaCy needed."""
    tmp = Path(tempfile.mkdtemp(prefix="tracker-sql-"))
    server = LiveServer(tmp / "quotes.db")
    yield server
    server.stop()


def sql(live, query):
    status, _, body = live.get(f"/quotes.json?sql={quote(query)}&_shape=objects")
    return status, json.loads(body)


def test_a_query_that_would_hang_answers_an_error_and_the_server_goes_on(live):
    status, body = sql(live, HANG)
    assert status == 400 and "printf" in body["error"], body
    status, _, page = live.get("/quotes/quotes.json?_size=1")
    assert status == 200 and "rows" in json.loads(page)
    status, _, page = live.get("/quotes")
    assert status == 200 and b"<html" in page.lower()


def test_each_connection_is_bounded(live):
    status, body = sql(live, "select length(zeroblob(2000000000)) as n")
    assert status == 400 and "too big" in body["error"]
    status, body = sql(live, "select length(randomblob(100000000)) as n")  # 100 MB
    assert status == 400 and "too big" in body["error"]
    status, body = sql(live, "select 'x' like '%" + "a" * 300 + "' as hit")
    assert status == 400 and "pattern" in body["error"].lower()
    for name in ("replace('a', 'b', 'c')", "instr('ab', 'b')", "trim('  a ')", "format('%d', 1)"):
        status, body = sql(live, f"select {name} as v")
        assert status == 400 and "not authorized" in body["error"], name
    # ordinary SQL still works, and so do the time limit and read-only rules it had
    status, body = sql(live, "select upper('ok') as v, length(zeroblob(1000)) as n, 'abc' like 'a%' as hit")
    assert status == 200 and body["rows"] == [{"v": "OK", "n": 1000, "hit": 1}]
    status, _, settings = live.get("/-/settings.json")
    assert json.loads(settings)["sql_time_limit_ms"] > 0


def test_the_database_file_path_is_never_shown(live):
    path = str(live.db_path.resolve())
    folder = str(live.db_path.resolve().parent)
    pages = ["/", "/quotes", "/quotes.json", "/-/databases", "/-/databases.json", "/-/metadata.json",
             "/-/settings.json", "/-/plugins.json", "/quotes/articles", "/-/versions.json",
             f"/quotes.json?sql={quote('select * from pragma_database_list()')}",
             f"/quotes?sql={quote('select file from pragma_database_list')}", "/_memory", "/_internal"]
    for page in pages:
        _, _, body = live.get(page)
        text = body.decode("utf-8", "replace")
        assert path not in text and folder not in text, page
    _, _, body = live.get("/-/databases.json")
    assert [d["name"] for d in json.loads(body)] == ["quotes"]
    status, body = sql(live, "select name, file from pragma_database_list()")
    assert status == 200 and body["rows"] == [{"name": "main", "file": None}]


