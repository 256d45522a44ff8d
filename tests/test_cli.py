import json
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
        f"Ingested 1 article (1 new, 0 updated, 0 unchanged), 1 quote, 1 speaker into {db_path}")
    assert sqlite_utils.Database(db_path).table("quotes").count == 1


def test_ingest_with_progress_bar(tmp_path, no_model):
    (tmp_path / "a.txt").write_text("\u201cHello,\u201d Ann said.", encoding="utf-8")
    result = run("ingest", tmp_path / "a.txt", "--db", tmp_path / "quotes.db")
    assert result.exit_code == 0
    assert "Ingesting" in result.stderr
    assert result.stdout.startswith("Ingested 1 article (1 new")


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
    [('{"id": "x", "text": "unterminated', "not valid JSON"), ('{"id": "x"}', "record has no"), ("[1, 2]", "record has no")],
)
def test_extract_rejects_bad_lines_with_file_and_line(tmp_path, no_model, bad_line, message):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "ok", "text": "fine"}) + "\n" + bad_line + "\n", encoding="utf-8")
    result = run("extract", source, "-o", tmp_path / "out.jsonl")
    assert result.exit_code != 0
    assert f"{source}:2: {message}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_calls_the_server(tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("tracker.server")
    fake.serve = lambda db_path, host, port: calls.append((db_path, host, port))
    monkeypatch.setitem(sys.modules, "tracker.server", fake)
    result = run("serve", "--db", tmp_path / "quotes.db", "--port", "9001")
    assert result.exit_code == 0, result.output
    assert calls == [(str(tmp_path / "quotes.db"), "127.0.0.1", 9001)]


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
    assert first.stdout.startswith("Ingested 4 articles (4 new, 0 updated, 0 unchanged)")
    assert second.stdout.startswith("Ingested 4 articles (0 new, 0 updated, 4 unchanged), 0 quotes")
