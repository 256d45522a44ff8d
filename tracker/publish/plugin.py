"""Datasette plugin: quote and utterance ids link to the tracker's permalink and compare pages.

Registered through the `datasette` entry point in setup.cfg, so a plain `datasette
db/quotes.db` picks it up too.
"""
from datasette import hookimpl
from markupsafe import Markup, escape

QUOTE_COLUMNS = {"quote_id", "old_id", "new_id"}
UTTERANCE_COLUMNS = {"utterance_id"}


def _raw(value):
    """The plain value of a cell (Datasette passes expanded foreign keys as dicts)."""
    return value["value"] if isinstance(value, dict) else value


def _link(href_prefix, target, label):
    return Markup('<a href="{}{}">{}</a>').format(href_prefix, target, label)


def _row_id(row):
    try:
        return _raw(row["id"])
    except (KeyError, IndexError, TypeError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value is None or value == "":
        return None
    raw = _raw(value)
    label = (value.get("label") or raw) if isinstance(value, dict) else raw
    if column in QUOTE_COLUMNS or (table == "quotes" and column == "id"):
        return _link("/q/", escape(raw), escape(label))
    if column in UTTERANCE_COLUMNS or (table == "utterances" and column == "id"):
        return _link("/compare/", escape(raw), escape(label))
    # In table views the primary key is Datasette's own row link, so the text carries the
    # permalink instead.
    if column == "text" and table in ("quotes", "utterances"):
        row_id = _row_id(row)
        if row_id:
            prefix = "/q/" if table == "quotes" else "/compare/"
            return _link(prefix, escape(row_id), escape(raw))
    return None
