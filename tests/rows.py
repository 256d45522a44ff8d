"""Rows and row counts of the tracker tables, for tests that check what a run wrote."""
import sqlite3

from tracker import store


def table_counts(db) -> dict:
    return {name: db.table(name).count for name in store.TABLES if name != "migrations"}


# The tables whose rows say what an ingest stored, each with the order to list them in.
TABLES = {
    "articles": "id",
    "outlets": "id",
    "speakers": "id",
    "speaker_aliases": "alias, speaker_id",
    "quotes": "id",
    "utterances": "id",
    "quote_redirects": "old_id",
}


def table_rows(db_path) -> dict:
    """Every row of each table in TABLES, in a fixed order: two databases that stored the
    same thing compare equal."""
    conn = sqlite3.connect(db_path)
    try:
        return {name: conn.execute(f"select * from {name} order by {pk}").fetchall()
                for name, pk in TABLES.items()}
    finally:
        conn.close()
