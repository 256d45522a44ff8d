"""Old speaker ids in Datasette's URLs answer 301 with the id the speaker goes by now.

A speaker merged into another, or renamed to a readable id, leaves a row in
speaker_redirects; the tracker's /s/ pages and the API follow it, and so must the links
people saved into Datasette: the speakers row page (/db/speakers/<old id>, .json too) and
a filter on a speaker (?speaker_id=<old id>, ?speaker_id__exact=, and ?id= on the
speakers table), which would otherwise show "not found" or no rows at all.
"""
import re
import sqlite3
import urllib.parse
from typing import Optional

from datasette.database import QueryInterrupted
from datasette.utils import tilde_decode, tilde_encode

ROW_PATH = re.compile(r"^/(?P<database>[^/.]+)/speakers/(?P<pk>[^/.]+)(?P<format>\.\w+)?$")
TABLE_PATH = re.compile(r"^/(?P<database>[^/.]+)/(?P<table>[^/.]+)(?P<format>\.\w+)?$")
SPEAKER_FILTERS = ("speaker_id", "speaker_id__exact")
SPEAKER_TABLE_FILTERS = ("id", "id__exact")  # on the speakers table itself

# an id that names a current speaker is never redirected, whatever speaker_redirects says
NEW_ID_SQL = ("select new_id from speaker_redirects where old_id = :id"
              " and not exists (select 1 from speakers where id = :id)")


async def _new_id(datasette, route: str, speaker_id: str) -> Optional[str]:
    try:
        database = datasette.get_database(route=route)
    except KeyError:
        return None
    if database.name == "_internal" or not speaker_id:
        return None
    try:
        row = (await database.execute(NEW_ID_SQL, {"id": speaker_id})).first()
    except (sqlite3.Error, QueryInterrupted):  # not the tracker's tables: nothing to follow
        return None
    return row[0] if row else None


async def redirect_location(datasette, scope) -> Optional[str]:
    """The URL an old speaker id in this request's path or filters moved to, or None."""
    if scope.get("type") != "http" or scope.get("method") not in ("GET", "HEAD"):
        return None
    path = scope.get("path", "")
    query = scope.get("query_string", b"").decode("latin-1")
    row = ROW_PATH.match(path)
    if row:
        new_id = await _new_id(datasette, row["database"], tilde_decode(row["pk"]))
        if new_id:
            return (f"/{row['database']}/speakers/{tilde_encode(new_id)}{row['format'] or ''}"
                    + (f"?{query}" if query else ""))
        return None
    table = TABLE_PATH.match(path)
    if not table or not query:
        return None
    names = SPEAKER_FILTERS + (SPEAKER_TABLE_FILTERS if table["table"] == "speakers" else ())
    args = urllib.parse.parse_qsl(query, keep_blank_values=True)
    moved, changed = [], False
    for key, value in args:
        new_id = await _new_id(datasette, table["database"], value) if key in names else None
        moved.append((key, new_id or value))
        changed = changed or bool(new_id)
    if not changed:
        return None
    return urllib.parse.quote(path) + "?" + urllib.parse.urlencode(moved)
