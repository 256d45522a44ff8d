"""The quotes table's search (?_search=) answered by the tracker's own query, at the same URL.

Datasette searches a table with `rowid in (select rowid from fts where fts match ...)
order by published desc`, which SQLite answers by reading and sorting every match (about
100 ms for 11,000 matches at a million quotes) whatever the page shows, and a plugin
cannot change that SQL. So a plain search of the quotes table (the search box of the table
page and of the tracker's own pages: ?_search= alone, or with _page) is routed to
SEARCH_PATH, which runs queries.search_quotes: the count from the full-text index, the
page of a broad search read off the date index, a narrow one's matches sorted. The words
match as in Datasette (escape_fts over every indexed column, so a speaker's names and
aliases find their quotes). Any other argument (a filter, a sort, a facet, JSON) stays
Datasette's table page.
"""
import re
import urllib.parse

from datasette.utils import escape_fts
from datasette.utils.asgi import NotFound, Response

from tracker.web import queries
from tracker.web.db import QueryTimeLimit, ReadDatabase

TABLE = "quotes"
SEARCH_PATH = r"^/(?P<database>[^/.]+)/-/search$"  # the route the table's searches go to
TABLE_PATH = re.compile(r"^/(?P<database>[^/.]+)/" + TABLE + r"$")
ARGS = {"_search", "_page"}  # a search with nothing else: the rest is Datasette's
PER_PAGE = 25  # as the table page (metadata "size")
MAX_PAGE = 10_000
# Matches of a search above which its facets are not counted (here and on Datasette's table
# page, plugin.CountedFacet): about 10 us a matching quote (a row read each) at a million
# quotes, so 2,500 fill the 25 ms facet_time_limit_ms.
FACET_ROWS = 2_500
FACETS = (("speaker_id", "speakers"), ("outlet_id", "outlets"), ("published", None))


def search_request(scope) -> bool:
    """True for a GET of the quotes table with a search and no other argument."""
    if scope.get("type") != "http" or scope.get("method") not in ("GET", "HEAD"):
        return False
    if not TABLE_PATH.match(scope.get("path", "")):
        return False
    args = urllib.parse.parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                  keep_blank_values=True)
    keys = {key for key, _ in args}
    return "_search" in keys and keys <= ARGS and len(args) == len(keys)


def routed(scope) -> dict:
    """The scope of a table search, sent to the search route (the URL the browser shows
    stays the table's)."""
    database = TABLE_PATH.match(scope["path"])["database"]
    path = f"/{database}/-/search"
    return dict(scope, path=path, raw_path=path.encode())


def _page_number(value) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) <= MAX_PAGE else 1


def _rows_and_facets(conn, match, page, time_limit_ms, facet_limit_ms):
    """(rows, total, facets, facets_skipped) of one search, read on Datasette's connection
    under its time limits (QueryTimeLimit when the search itself runs out of time)."""
    db = ReadDatabase(conn, recursive_triggers=False, execute_plugins=False)
    try:
        db.start_clock(time_limit_ms)
        rows, total = queries.search_quotes(db, match=match, page=page, per_page=PER_PAGE)
        facets, facets_skipped = [], total > FACET_ROWS
        if total and not facets_skipped:
            db.start_clock(facet_limit_ms)
            try:
                facets = [_facet(db, column, labels, match) for column, labels in FACETS]
            except QueryTimeLimit:
                facets, facets_skipped = [], True
        return rows, total, facets, facets_skipped
    finally:
        db.stop_clock()


def _facet(db, column, labels, match, size=5):
    """The commonest values of one column among the matches, with their names."""
    rows = list(db.query(
        f"select [{column}] as value, count(*) as n from {TABLE}"
        " where rowid in (select rowid from quotes_fts where quotes_fts match ?)"
        f" and [{column}] is not null group by [{column}] order by n desc, value limit ?",
        [match, size + 1]))
    names = {}
    if labels and rows:
        values = [r["value"] for r in rows]
        names = dict(db.execute(
            f"select id, name from [{labels}] where id in ({', '.join('?' for _ in values)})",
            values).fetchall())
    return {"column": column, "truncated": len(rows) > size,
            "values": [dict(r, label=names.get(r["value"]) or r["value"]) for r in rows[:size]]}


async def search_view(request, datasette):
    try:
        database = datasette.get_database(route=request.url_vars["database"])
    except KeyError:
        raise NotFound("Database not found")
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (database.name, TABLE)), ("view-database", database.name), "view-instance"])
    table_url = datasette.urls.table(database.name, TABLE)
    words = request.args.get("_search", "").strip()
    match = escape_fts(words) if words else ""
    if not match:  # an empty search box: the whole table
        return Response.redirect(table_url)
    page = _page_number(request.args.get("_page"))
    error = None
    rows, total, facets, facets_skipped = [], None, [], False
    try:
        rows, total, facets, facets_skipped = await database.execute_fn(
            lambda conn: _rows_and_facets(conn, match, page, datasette.setting("sql_time_limit_ms"),
                                          datasette.setting("facet_time_limit_ms")))
    except QueryTimeLimit:
        error = ("The search took longer than this server allows and was stopped: try rarer"
                 " or more words.")

    def page_url(n):
        return table_url + "?" + urllib.parse.urlencode(
            [("_search", words)] + ([("_page", str(n))] if n > 1 else []))

    def filter_url(column, value):
        return table_url + "?" + urllib.parse.urlencode([("_search", words), (column, value)])

    context = {
        "database": database.name,
        "table": TABLE,
        "table_url": table_url,
        "search": words,
        "rows": rows,
        "total": total,
        "page": page,
        "first": (page - 1) * PER_PAGE + 1,
        "previous_url": page_url(page - 1) if page > 1 and rows else None,
        "next_url": page_url(page + 1) if total and page * PER_PAGE < total else None,
        "facets": [dict(f, links=[filter_url(f["column"], v["value"]) for v in f["values"]])
                   for f in facets],
        "facets_skipped": facets_skipped,
        "facet_rows": FACET_ROWS,
        # the same search on Datasette's table page, which has filters, sorting and JSON
        "table_view_url": table_url + "?" + urllib.parse.urlencode(
            [("_search", words), ("_searchmode", "escaped")]),
        "json_url": datasette.urls.table(database.name, TABLE, format="json") + "?"
        + urllib.parse.urlencode([("_search", words)]),
        "error": error,
    }
    html = await datasette.render_template("tracker_search.html", context, request=request)
    return Response.html(html, status=503 if error else 200)
