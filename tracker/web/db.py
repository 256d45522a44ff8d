"""The database connections of one request: a read-only one for visitors, a writer for ingest."""
import sqlite_utils
from flask import current_app, g

from tracker import store


def get_db():
    """A read connection for this request (query-only: visitors never write through it)."""
    if "db" not in g:
        db = sqlite_utils.Database(current_app.config["DATABASE"])
        db.execute("pragma query_only = 1")
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
