"""The Dask path stores exactly what the local path stores, and a killed worker costs nothing.

A real LocalCluster of two worker processes (each loads spaCy once), real SQLite files.
"""
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rows import table_rows
from tracker import dask_ingest, pipeline, store
from tracker.articles import read_paths


ROOT = Path(__file__).resolve().parent.parent
TRACKER = Path(sys.executable).with_name("tracker")
INPUTS = [str(ROOT / "seeds"), str(ROOT / "tests" / "data" / "dev_news_a.jsonl")]


@pytest.fixture(scope="module")
def client():
    with dask_ingest.connect("local", workers=2) as client:
        client.wait_for_workers(2, timeout=120)
        yield client
    client.cluster.close()


@pytest.fixture(scope="module")
def local_rows(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("local") / "local.db"
    report = pipeline.ingest(store.open_db(path), list(read_paths(INPUTS)), nlp=nlp)
    assert not report.errors and report.new > 10 and report.quotes > 50
    return table_rows(path)


@pytest.fixture(scope="module")
def nlp():
    from tracker.extract import load_model
    return load_model()


@pytest.mark.parametrize("files_per_task,articles_per_task", [(1, 1), (2, 5), (32, 16)])
def test_dask_path_stores_the_same_rows_as_the_local_path(tmp_path, client, local_rows,
                                                          files_per_task, articles_per_task):
    path = tmp_path / "dask.db"
    report = dask_ingest.ingest(store.open_db(path), INPUTS, client,
                                files_per_task=files_per_task, articles_per_task=articles_per_task)
    assert not report.errors
    assert table_rows(path) == local_rows


def test_a_second_dask_ingest_changes_nothing(tmp_path, client, local_rows):
    path = tmp_path / "dask.db"
    dask_ingest.ingest(store.open_db(path), INPUTS, client)
    again = dask_ingest.ingest(store.open_db(path), INPUTS, client)
    assert again.new == 0 and again.updated == 0 and again.unchanged == again.articles > 10
    assert table_rows(path) == local_rows


def test_unreadable_inputs_are_reported_and_the_rest_stored(tmp_path, client):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine, \\"we will go on,\\" she said."}\nnot json\n', encoding="utf-8")
    path = tmp_path / "dask.db"
    report = dask_ingest.ingest(store.open_db(path), [str(bad), str(tmp_path / "missing.txt")],
                                client)
    assert any("bad.jsonl:2" in e for e in report.errors)
    assert any("missing.txt" in e for e in report.errors)
    assert report.new == 1


def _worker_pids(client) -> dict:
    return client.run(os.getpid)


def test_a_worker_killed_mid_task_loses_and_duplicates_nothing(tmp_path, client, local_rows):
    """One task at a time per article, so a worker is always busy; kill one while it works."""
    pids = _worker_pids(client)
    path = tmp_path / "dask.db"
    outcome = {}

    def run():
        outcome["report"] = dask_ingest.ingest(store.open_db(path), INPUTS, client,
                                               files_per_task=1, articles_per_task=1)

    writer = threading.Thread(target=run)
    writer.start()
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and writer.is_alive() and time.monotonic() < deadline:
        busy = [addr for addr, keys in client.processing().items()
                if any(str(k).startswith("_extract_batch") for k in keys)]
        if busy:
            killed = pids[busy[0]]
            os.kill(killed, signal.SIGKILL)
        else:
            time.sleep(0.05)
    writer.join(timeout=600)
    assert killed is not None, "no worker was ever seen extracting"
    assert not outcome["report"].errors
    assert table_rows(path) == local_rows
    client.wait_for_workers(2, timeout=120)  # the nanny restarts the killed worker
    assert killed not in _worker_pids(client).values()


def test_cli_ingest_on_a_local_cluster(tmp_path):
    db = tmp_path / "cli.db"
    done = subprocess.run([str(TRACKER), "ingest", "seeds", "--db", str(db), "--dask", "local",
                           "--workers", "2"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "4 articles" in done.stdout and "Traceback" not in done.stderr
    assert "Ingesting on Dask: 4/4 articles" in done.stderr


def test_cli_says_so_when_the_scheduler_cannot_be_reached(tmp_path):
    done = subprocess.run([str(TRACKER), "ingest", "seeds", "--db", str(tmp_path / "x.db"),
                           "--dask", "tcp://127.0.0.1:9"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in done.stderr
    assert "Traceback" not in done.stderr


def test_publish_writes_a_consistent_snapshot_while_ingest_writes(tmp_path, nlp):
    db_path = tmp_path / "live.db"
    db = store.open_db(db_path)
    pipeline.ingest(db, list(read_paths(str(ROOT / "seeds"))), nlp=nlp)
    snapshot = tmp_path / "public" / "quotes.db"
    snapshot.parent.mkdir()
    writing = threading.Event()

    def keep_writing():
        conn = sqlite3.connect(db_path, timeout=10)
        while not writing.is_set():
            with conn:
                conn.execute("update articles set title = title")
        conn.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        for _ in range(3):
            done = subprocess.run([str(TRACKER), "publish", "--db", str(db_path), str(snapshot)],
                                  capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            assert f"to {snapshot}" in done.stdout
    finally:
        writing.set()
        writer.join()
    assert not list(snapshot.parent.glob("*.tmp"))  # the temporary copy was renamed, not left
    copy = sqlite3.connect(f"file:{snapshot}?immutable=1", uri=True)
    assert copy.execute("pragma integrity_check").fetchone() == ("ok",)
    assert copy.execute("pragma journal_mode").fetchone() == ("delete",)
    assert copy.execute("select count(*) from quotes").fetchone()[0] == \
        db.execute("select count(*) from quotes").fetchone()[0]


def test_publish_refuses_a_missing_database_and_itself(tmp_path):
    missing = subprocess.run([str(TRACKER), "publish", "--db", str(tmp_path / "no.db"),
                              str(tmp_path / "out.db")], capture_output=True, text=True)
    assert missing.returncode == 1 and "no.db: no such database" in missing.stderr
    assert not (tmp_path / "no.db").exists()
    db_path = tmp_path / "x.db"
    store.open_db(db_path)
    itself = subprocess.run([str(TRACKER), "publish", "--db", str(db_path), str(db_path)],
                            capture_output=True, text=True)
    assert itself.returncode == 1 and "cannot be the database itself" in itself.stderr
    assert "Traceback" not in missing.stderr + itself.stderr
