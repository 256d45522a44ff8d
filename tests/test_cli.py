import json
import socket
import sys
import types

import pytest
import sqlite_utils
from click.testing import CliRunner

from rows import table_counts
from tracker import cli as cli_module
from tracker.cli import cli

from conftest import SEEDS


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("ingest", "extract", "serve"):
        assert command in result.stdout


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_documented(command):
    assert cli.commands[command].help, f"{command} has no help text"
    result = run(command, "--help")
    assert result.exit_code == 0
    assert cli.commands[command].help.split("\n")[0][:40] in result.stdout


@pytest.fixture
def no_model(monkeypatch, fake_extractor):
    monkeypatch.setattr(cli_module, "_load_model", lambda: None)


def test_ingest_reports_bad_inputs_and_stores_good_ones(tmp_path, no_model):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("\u201cWe will win,\u201d Jolani said.\n", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("  \n", encoding="utf-8")
    db_path = tmp_path / "out" / "quotes.db"
    result = run("ingest", tmp_path / "in", tmp_path / "nope.txt", "--db", db_path, "--silent")
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert any("empty.txt" in e for e in errors) and any("nope.txt" in e for e in errors)
    assert result.stdout.strip() == (
        f"Ingested 1 article: 1 new, 0 unchanged; wrote 1 quote by 1 speaker to {db_path}")
    assert sqlite_utils.Database(db_path).table("quotes").count == 1


def test_ingest_with_progress_bar(tmp_path, no_model):
    (tmp_path / "a.txt").write_text("\u201cHello,\u201d Ann said.", encoding="utf-8")
    result = run("ingest", tmp_path / "a.txt", "--db", tmp_path / "quotes.db")
    assert result.exit_code == 0
    assert "Ingesting" in result.stderr
    assert result.stdout.startswith("Ingested 1 article: 1 new")


def test_extract_writes_predictions(tmp_path, no_model):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "d1", "text": "\u201cDamascus awaits you,\u201d Jolani said."}) + "\n\n"
        + json.dumps({"id": "d2", "text": "No quotes here."}) + "\n",
        encoding="utf-8",
    )
    result = run("extract", source, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(l) for l in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [l["id"] for l in lines] == ["d1", "d2"]
    assert lines[0]["quotes"][0]["text"] == "Damascus awaits you,"
    assert lines[0]["quotes"][0]["speaker"] == "Jolani"
    assert lines[1]["quotes"] == []


@pytest.mark.parametrize(
    "bad_line, message",
    [('{"id": "x", "text": "unterminated', "not valid JSON"), ('{"id": "x"}', "record has no"), ("[1, 2]", "record has no"),
     ("[" * 100_000, "not valid JSON (nested too deeply)")],
)
def test_extract_rejects_bad_lines_with_file_and_line(tmp_path, no_model, bad_line, message):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "ok", "text": "fine"}) + "\n" + bad_line + "\n", encoding="utf-8")
    result = run("extract", source, "-o", tmp_path / "out.jsonl")
    assert result.exit_code != 0
    assert f"{source}:2: {message}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture
def fake_server(monkeypatch):
    calls = []
    fake = types.ModuleType("tracker.server")
    fake.serve = lambda db_path, host, port, base_url: calls.append((db_path, host, port, base_url))
    monkeypatch.setitem(sys.modules, "tracker.server", fake)
    return calls


def a_database(path):
    sqlite_utils.Database(path)["t"].insert({"x": 1})
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_calls_the_server_with_the_base_url(tmp_path, fake_server, monkeypatch):
    db = a_database(tmp_path / "quotes.db")
    port = free_port()
    result = run("serve", "--db", db, "--port", port)
    assert result.exit_code == 0, result.output
    assert fake_server == [(str(db), "127.0.0.1", port, f"http://127.0.0.1:{port}")]
    run("serve", "--db", db, "--port", port, "--base-url", "https://quotes.example.org/")
    monkeypatch.setenv("TRACKER_BASE_URL", "https://env.example.org/tracker")
    run("serve", "--db", db, "--port", port)
    assert [c[3] for c in fake_server[1:]] == ["https://quotes.example.org", "https://env.example.org/tracker"]


def test_serve_help_documents_the_token_and_the_base_url():
    result = run("serve", "--help")
    assert "TRACKER_API_TOKEN" in result.stdout and "TRACKER_BASE_URL" in result.stdout
    assert "--base-url" in result.stdout and "Host header" in result.stdout


def one_line_error(result, *words):
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in result.output, result.output
    for word in words:
        assert word in lines[0]


def test_serve_refuses_a_missing_database_and_creates_none(tmp_path, fake_server):
    db = tmp_path / "nowhere" / "quotes.db"
    one_line_error(run("serve", "--db", db), str(db), "tracker ingest")
    assert not db.exists() and not db.parent.exists() and fake_server == []


def test_a_file_that_is_not_sqlite_is_named(tmp_path, fake_server, no_model):
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    one_line_error(run("serve", "--db", bad), str(bad), "not an SQLite database")
    (tmp_path / "a.txt").write_text("\u201cHello,\u201d Ann said.", encoding="utf-8")
    one_line_error(run("ingest", tmp_path / "a.txt", "--db", bad, "--silent"), "not an SQLite database")


def test_ingest_into_a_path_that_cannot_be_created(tmp_path, no_model):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("\u201cHello,\u201d Ann said.", encoding="utf-8")
    db = tmp_path / "file" / "sub" / "quotes.db"  # its parent would be inside a plain file
    one_line_error(run("ingest", tmp_path / "a.txt", "--db", db, "--silent"), str(db), "cannot create")


def test_a_port_in_use_is_named_with_the_option_to_change_it(tmp_path, fake_server):
    db = a_database(tmp_path / "quotes.db")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        one_line_error(run("serve", "--db", db, "--port", port), f"port {port}", "in use", "--port")
    assert fake_server == []


def test_a_bad_base_url_is_refused(tmp_path, fake_server):
    db = a_database(tmp_path / "quotes.db")
    one_line_error(run("serve", "--db", db, "--base-url", "quotes.example.org"), "--base-url", "https://")


def test_ingest_seeds_acceptance(tmp_path):
    """The real extractor on the four seed articles; a second run changes no count."""
    db_path = tmp_path / "quotes.db"
    first = run("ingest", SEEDS, "--db", db_path, "--silent")
    assert first.exit_code == 0, first.output
    db = sqlite_utils.Database(db_path)
    counts = table_counts(db)
    assert counts["articles"] == 4
    assert counts["outlets"] == 4
    # the gold file annotates 48 quotes (scare quotes aside) by 24 speakers in these articles
    assert counts["quotes"] == 48
    assert counts["speakers"] == 24
    second = run("ingest", SEEDS, "--db", db_path, "--silent")
    assert second.exit_code == 0
    assert table_counts(db) == counts
    assert first.stdout.startswith("Ingested 4 articles: 4 new, 0 unchanged;")
    assert second.stdout.startswith("Ingested 4 articles: 0 new, 4 unchanged; wrote 0 quotes")


def test_missing_sentence_vectors_are_one_line_before_any_work(tmp_path, monkeypatch):
    """Utterance grouping reads wordllama's vectors: without them, extract stops at once
    with one line naming the package, and writes nothing."""
    from tracker import meaning

    monkeypatch.setattr(meaning, "MODEL_PACKAGE", "wordllama_missing_for_this_test")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "fine"}) + "\n", encoding="utf-8")
    result = run("extract", source, "-o", tmp_path / "out.jsonl")
    assert result.exit_code != 0
    assert "wordllama_missing_for_this_test package is not installed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.jsonl").exists()
