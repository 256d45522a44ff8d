"""The database connections of one request: a read-only one for visitors, a writer for ingest.

The reads of one request share a time limit (config SQL_TIME_LIMIT_MS, 1000 ms unless set;
None turns it off, 0 stops every query at once, for tests): a query still running when it
is spent is stopped by SQLite's progress handler and the request answers 503 with a message
saying so (JSON under /api/, an HTML page elsewhere), where Datasette has its own limit.
"""
import sqlite3
import time
from contextlib import contextmanager

import sqlite_utils
from flask import current_app, g
from werkzeug.exceptions import ServiceUnavailable

from tracker import store

DEFAULT_SQL_TIME_LIMIT_MS = 1000


class QueryTimeLimit(ServiceUnavailable):
    """503: the request's reads ran past the time limit and were stopped."""

    def __init__(self, limit_ms):
        super().__init__(
            f"the database took longer than the {limit_ms} ms this request may use and was"
            " stopped; try a narrower query (a speaker, an outlet, a date range, rarer words)")
        self.limit_ms = limit_ms


class ReadDatabase(sqlite_utils.Database):
    """A read-only connection whose statements stop when the request's time is spent."""

    def start_clock(self, limit_ms):
        self.limit_ms = limit_ms
        self.stopped = False
        if limit_ms is None:
            return
        deadline = time.perf_counter() + limit_ms / 1000

        def check():
            if time.perf_counter() >= deadline:
                self.stopped = True
                return 1  # SQLite stops the statement: "interrupted"
            return 0

        # every n virtual machine steps (1000 take about 0.1 ms)
        self.conn.set_progress_handler(check, 1 if limit_ms <= 20 else 1000)

    def stop_clock(self):
        """No time limit any more (a connection that outlives the request: Datasette's)."""
        self.conn.set_progress_handler(None, 0)

    @contextmanager
    def _limited(self):
        try:
            yield
        except sqlite3.OperationalError as err:
            # stopped by the clock: "interrupted", or whatever the statement was doing when
            # it was stopped ("vtable constructor failed" opening a full-text index)
            if getattr(self, "stopped", False):
                raise QueryTimeLimit(self.limit_ms) from err
            raise

    def execute(self, sql, parameters=None):
        with self._limited():
            return super().execute(sql, parameters)

    def query(self, sql, params=None):
        with self._limited():
            yield from super().query(sql, params)


def get_db():
    """A read connection for this request (query-only: visitors never write through it)."""
    if "db" not in g:
        db = ReadDatabase(current_app.config["DATABASE"])
        db.execute("pragma query_only = 1")
        db.start_clock(current_app.config.get("SQL_TIME_LIMIT_MS", DEFAULT_SQL_TIME_LIMIT_MS))
        g.db = db
    return g.db


def get_write_db():
    """A connection that may write (the ingest API), in WAL mode; the database is shaped by
    the first one this app opens, not on every request."""
    if "write_db" not in g:
        if current_app.extensions.get("tracker_shaped"):
            g.write_db = store.connect(current_app.config["DATABASE"])
        else:
            g.write_db = store.open_db(current_app.config["DATABASE"])
            current_app.extensions["tracker_shaped"] = True
    return g.write_db


def close_db(_exc=None):
    for name in ("db", "write_db"):
        db = g.pop(name, None)
        if db is not None:
            db.conn.close()
