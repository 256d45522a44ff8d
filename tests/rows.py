"""Row counts of every tracker table, for tests that check what a run wrote."""
from tracker import store


def table_counts(db) -> dict:
    return {name: db.table(name).count for name in store.TABLES if name != "migrations"}
