"""Datasette plugin: quote, utterance and speaker cells link to the tracker's permalink,
compare and speaker pages; the articles' full texts and local paths stay unpublished.

Registered through the `datasette` entry point in setup.cfg, so a plain `datasette
db/quotes.db` picks it up too. It also holds the public SQL policy (README, "Public SQL"):
every connection Datasette opens is bounded here, and the database's file path is never shown.
"""
import json
import re
import sqlite3

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from . import redirects, search

QUOTE_COLUMNS = {"quote_id", "old_id", "new_id"}
UTTERANCE_COLUMNS = {"utterance_id"}

# Per-connection SQLite limits. sql_time_limit_ms interrupts a query between steps of the
# SQLite VM; these bound what one step can do. A value longer than MAX_VALUE_BYTES cannot be
# built (printf('%.*c', 2000000000, 'x') fails instead of allocating 2 GB) nor read, so it
# stays above any stored article (files over 20 MB are refused by the readers).
MAX_VALUE_BYTES = 32 * 1024 * 1024
LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: MAX_VALUE_BYTES,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 100_000,  # a query's text
    # LIKE and GLOB cost up to (text length x pattern length) in one step
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 200,
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
}
# Functions one call of which can run for seconds or minutes beyond the time limit: printf
# loops over its width and precision whatever the length limit (2 billion turns for the query
# above), replace, instr and trim compare every position of one string with another
# (quadratic in the value length). Public SQL gets an error naming the function instead.
DENIED_FUNCTIONS = frozenset({"printf", "format", "replace", "instr", "trim", "ltrim", "rtrim"})


# Columns no query through Datasette can read (they read as NULL): the articles' full texts
# (the outlets' work; the tracker's own pages show the paragraph around a quote) and where
# each was read from (a local file path says how the server is laid out). Publishing the
# texts is a choice: plugin setting {"tracker": {"publish_article_text": true}}.
PRIVATE_COLUMNS = frozenset({("articles", "text"), ("articles", "source")})


def _authorizer(action, arg1, arg2, _db_name, _trigger, private=PRIVATE_COLUMNS):
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and arg1 == "pragma_database_list" and arg2 == "file":
        return sqlite3.SQLITE_IGNORE  # reads as NULL: the server's file layout stays private
    if action == sqlite3.SQLITE_READ and (arg1, arg2) in private:
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


def _private_columns(datasette):
    config = datasette.plugin_config("tracker") or {}
    if config.get("publish_article_text"):
        return frozenset(c for c in PRIVATE_COLUMNS if c != ("articles", "text"))
    return PRIVATE_COLUMNS


def _name_key(name):
    """names.name_key for SQL (the canned query "quotes by speaker, any spelling")."""
    from tracker.names import name_key

    return name_key(name) or None if isinstance(name, str) else None


@hookimpl
def prepare_connection(conn, database, datasette):
    if database == "_internal":  # Datasette's own catalogue, never reachable by visitors
        return
    for limit, value in LIMITS.items():
        conn.setlimit(limit, value)
    private = _private_columns(datasette)
    conn.set_authorizer(lambda *args: _authorizer(*args, private=private))
    conn.create_function("tracker_name_key", 1, _name_key, deterministic=True)


# The tables a visitor comes for, listed first on the home and database pages.
FIRST_TABLES = ("quotes", "speakers", "outlets", "utterances")


def tables_first(tables):
    """Quotes, speakers, outlets and utterances first, the rest in Datasette's order."""
    def rank(table):
        name = table.get("name") if isinstance(table, dict) else getattr(table, "name", None)
        return FIRST_TABLES.index(name) if name in FIRST_TABLES else len(FIRST_TABLES)

    return sorted(tables, key=rank)


def home_tables(truncated, database):
    """The home page's short list of a database's tables: the four first, each named even
    when Datasette's list (the biggest tables) left it out, then the others it listed."""
    names = {t["name"] for t in truncated}
    present = set(database.get("tables_and_views_more") and FIRST_TABLES or ()) | names
    listed = [{"name": n} for n in FIRST_TABLES if n in present and n not in names]
    return tables_first(list(truncated) + listed)


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["tracker_first"] = tables_first
    env.filters["tracker_home"] = home_tables


# Column descriptions stay in each column's menu rather than in a list above the table, so
# the rows are the first thing under the search box.
CSS = """
dl.column-descriptions { display: none; }
td.col-text { min-width: 22em; }
"""


async def css_view(request):
    return Response(CSS, content_type="text/css; charset=utf-8")


@hookimpl
def extra_css_urls():
    return ["/-/tracker.css"]


def _databases(datasette):
    """/-/databases without the "path" of each file."""
    return [{k: v for k, v in d.items() if k != "path"} for d in datasette._connected_databases()]


async def databases_view(request, datasette):
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    data = _databases(datasette)
    if request.url_vars.get("format"):
        return Response.json(data)
    html = await datasette.render_template(
        "show_json.html", {"filename": "databases.json", "data_json": json.dumps(data, indent=4)},
        request=request)
    return Response.html(html)


@hookimpl
def register_routes(datasette):
    # Plugin routes come before Datasette's own, so this one replaces /-/databases.
    return [(r"^/-/databases(\.(?P<format>json))?$", databases_view),
            (r"^/-/tracker\.css$", css_view),
            (search.SEARCH_PATH, search.search_view)]


@hookimpl
def asgi_wrapper(datasette):
    """Before Datasette routes a request: an old speaker id answers 301 with its new one
    (redirects.py), and a plain search of the quotes table goes to the tracker's search
    route (search.py), the browser's URL unchanged."""
    def wrap(app):
        async def tracker_requests(scope, receive, send):
            location = await redirects.redirect_location(datasette, scope)
            if location:
                await _redirect(send, location)
                return
            if search.search_request(scope):
                scope = search.routed(scope)
            await app(scope, receive, send)

        return tracker_requests

    return wrap


async def _redirect(send, location):
    await send({"type": "http.response.start", "status": 301,
                "headers": [(b"location", location.encode("latin-1")),
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


def _raw(value):
    """The plain value of a cell (Datasette passes expanded foreign keys as dicts)."""
    return value["value"] if isinstance(value, dict) else value


def _link(href_prefix, target, label):
    # an f-string of escaped parts: Markup.format runs string.Formatter on every call, and
    # a quotes page has a hundred of these cells
    return Markup(f'<a href="{href_prefix}{escape(target)}">{escape(label)}</a>')


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
    if column == "speaker_id":  # the speaker's page, not Datasette's row
        return _link("/s/", escape(raw), escape(label))
    if table == "speakers" and column == "name" and _row_id(row):
        return _link("/s/", escape(_row_id(row)), escape(raw))
    if table is None and column in ("name", "speaker") and _cell(row, "speaker_id"):
        return _link("/s/", escape(_cell(row, "speaker_id")), escape(raw))  # canned queries
    return None


def _cell(row, column):
    try:
        return _raw(row[column])
    except (KeyError, IndexError, TypeError):
        return None


class CountedFacet(ColumnFacet):
    """The quotes table's default facets (metadata: {"counted": column}). Over the whole
    table their counts come from quote_facets, kept by triggers as quotes are written (a
    look-up of a few rows, not a count of a million); once a filter or a search narrows the
    rows, they are counted as Datasette's column facet counts them."""

    type = "counted"

    async def suggest(self):
        return []

    def _whole_table(self) -> bool:
        return not self.params and not re.search(r"\bwhere\b", self.sql, re.I)

    async def facet_results(self):
        if self.table == "quotes" and self.request.args.get("_search") \
                and (await self.get_row_count() or 0) > search.FACET_ROWS:
            # each matching quote is a row read: a count this size cannot finish within
            # facet_time_limit_ms, so it is not started (the page says they timed out)
            return [], [c["config"].get("column") or c["config"]["simple"] for c in self.get_configs()]
        if self.table != "quotes" or not self._whole_table():
            return await super().facet_results()
        results, timed_out = [], []
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            try:
                rows = (await self.ds.execute(
                    self.database,
                    "select value, n as count from quote_facets where facet = :facet and n > 0"
                    " order by n desc, value limit :limit",
                    {"facet": column, "limit": size + 1},
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows
            except QueryInterrupted:
                timed_out.append(column)
                continue
            except sqlite3.OperationalError:  # a database shaped before quote_facets
                return await super().facet_results()
            values = [row["value"] for row in rows[:size]]
            labels = await self.ds.expand_foreign_keys(self.database, self.table, column, values)
            results.append({
                "name": column,
                "type": self.type,
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet_counted": column})),
                "results": [{
                    "value": value,
                    "label": labels.get((column, value), value),
                    "count": row["count"],
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(
                        path_with_added_args(self.request, {column: value}))),
                    "selected": False,  # the whole table: no value is selected
                } for value, row in zip(values, rows)],
                "truncated": len(rows) > size,
            })
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [CountedFacet]
