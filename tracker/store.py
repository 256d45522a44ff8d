"""The SQLite shape (declared as data) and the writes that keep it true.

Everything keyed by stable text ids derived from content, so that re-ingesting the same
article rewrites the same rows and a permalink to a quote never breaks. A quote that a
re-extraction no longer produces leaves a row in quote_redirects pointing at its successor.
"""
import datetime
import hashlib
import logging
import os
import re
import sqlite3
import time
from collections import Counter
from contextlib import contextmanager
from typing import Iterable, Optional, Sequence

import sqlite_utils
from sqlite_utils.db import COLUMN_TYPE_MAPPING, DescIndex

from tracker import syndication
from tracker.names import name_key, org_tokens, split_role
from tracker.speakers import Speaker, SpeakerRegistry, readable_id, stored_keys
from tracker.readers.base import Article
from tracker.citations import audience_and_channel
from tracker.readers.normalise import day_of, domain_of
from tracker.text import slug
from tracker.utterances import align, content_stems, similar

log = logging.getLogger(__name__)

# Column order is the order Datasette shows, so the useful columns come first.
TABLES = {
    "outlets": {"columns": {"id": str, "name": str, "domain": str}, "pk": "id"},
    "articles": {
        "columns": {
            "id": str,
            "title": str,
            "outlet_id": str,
            "published": str,
            "author": str,
            "url": str,
            "source": str,
            "syndicated_from": str,
            "content_hash": str,
            "text": str,
        },
        "pk": "id",
    },
    "speakers": {
        # scope: the article a speaker belongs to when its words name no one in particular
        # (anonymous, an unnamed role, a generic body); NULL for speakers any article may name.
        # n_quotes: how many stored quotes are theirs, kept by every write that moves quotes,
        # so the speakers table sorts by it without counting a million quotes per page
        "columns": {"id": str, "name": str, "kind": str, "description": str, "scope": str,
                    "n_quotes": int},
        "pk": "id",
    },
    "speaker_aliases": {
        # key: names.name_key of the alias's name (spelling-insensitive); surname: its last
        # word. Both let a search find a speaker by any spelling without scanning.
        "columns": {"alias": str, "speaker_id": str, "rule": str, "key": str, "surname": str},
        "pk": ("alias", "speaker_id"),
    },
    "speaker_keys": {
        # blocking keys (speakers.stored_keys): the registry loads only the speakers filed
        # under the keys of the names it resolves, never the whole table
        "columns": {"key": str, "speaker_id": str},
        "pk": ("key", "speaker_id"),
    },
    "utterances": {
        "columns": {
            "id": str,
            "speaker_id": str,
            "text": str,
            "n_quotes": int,
            "n_outlets": int,
        },
        "pk": "id",
    },
    "quotes": {
        "columns": {
            "id": str,
            "text": str,
            "speaker_id": str,
            "speaker_mention": str,
            "cue": str,
            "channel": str,  # where it was said: Telegram, a statement, a news conference
            "audience": str,  # whom it was told to: reporters, AFP (citations.audience_and_channel)
            "kind": str,
            "rule": str,  # the extraction rule that attributed it (extract/rules.py), to facet on
            "outlet_id": str,  # denormalised from the article, to facet on directly
            "published": str,  # the article's date (YYYY-MM-DD), to facet on directly
            "article_id": str,
            "utterance_id": str,
            "start": int,
            "end": int,
            "paragraph_start": int,
            "paragraph_end": int,
            # every name the speaker is known by (store.speaker_names), for full-text search
            "speaker_names": str,
        },
        "pk": "id",
    },
    "quote_redirects": {
        # new_id is NULL when the updated article no longer carries the quote (the permalink
        # answers 410 Gone with old_text and a link to the article); otherwise new_id is the
        # same speaker's rendering of the same words in the updated article.
        "columns": {"old_id": str, "new_id": str, "article_id": str, "old_text": str,
                    "speaker_id": str},
        "pk": "old_id",
    },
    "utterance_redirects": {
        # an utterance regrouped into another (a new rendering showed two were one): its id
        # answers with the other, as quote and speaker ids do
        "columns": {"old_id": str, "new_id": str},
        "pk": "old_id",
    },
    "quote_stems": {
        # The blocking index of utterance grouping: each content stem of a quote, with its
        # speaker (NULL: unattributed), so a new quote meets only the stored quotes that
        # share a word with it, its speaker's first, never the whole table.
        # speaker_id: the speaker's stem key (speaker_stem_keys), the id it was first
        # filed under, so that a rename moves none of these rows.
        # n: how many distinct stems the quote has (a short fragment shares all of its few)
        "columns": {"stem": str, "speaker_id": str, "quote_id": str, "n": int},
        "pk": ("stem", "speaker_id", "quote_id"),
    },
    "speaker_stem_keys": {
        # A renamed speaker's quotes stay filed in quote_stems under the id they were filed
        # under (stem_key); a speaker with no row here is filed under its own id. A rename
        # of a speaker with thousands of quotes then writes one row, not one per stem.
        "columns": {"speaker_id": str, "stem_key": str},
        "pk": "speaker_id",
    },
    "stem_counts": {
        # how many quotes hold each stem: a word in everything is no evidence of a rendering
        "columns": {"stem": str, "n": int},
        "pk": "stem",
    },
    "speaker_redirects": {
        # a speaker a later article showed to be another one: its id answers with the other
        "columns": {"old_id": str, "new_id": str, "rule": str},
        "pk": "old_id",
    },
    # A sample of each article's shingle hashes (tracker.syndication.sketch): the index a new
    # article finds the stored wire story it copies through, without reading every article.
    "syndication_shingles": {
        "columns": {"hash": int, "article_id": str},
        "pk": ("hash", "article_id"),
    },
    "quote_facets": {
        # How many quotes hold each value of a faceted column (FACETED): the counts
        # Datasette's default facets show over the whole quotes table, read here instead of
        # counting a million rows per page view. Kept by triggers on quotes (FACET_TRIGGERS),
        # so every write path keeps them true; a value no quote holds any more has no row.
        "columns": {"facet": str, "value": str, "n": int},
        "pk": ("facet", "value"),
    },
    "migrations": {
        "columns": {"version": int, "name": str, "applied_at": str},
        "pk": "version",
    },
}

# (table, column, other_table, other_column)
FOREIGN_KEYS = [
    ("articles", "outlet_id", "outlets", "id"),
    ("articles", "syndicated_from", "articles", "id"),
    ("speaker_aliases", "speaker_id", "speakers", "id"),
    ("speaker_keys", "speaker_id", "speakers", "id"),
    ("utterances", "speaker_id", "speakers", "id"),
    ("quotes", "article_id", "articles", "id"),
    ("quotes", "speaker_id", "speakers", "id"),
    ("quotes", "outlet_id", "outlets", "id"),
    ("quotes", "utterance_id", "utterances", "id"),
    ("quote_redirects", "new_id", "quotes", "id"),
    ("quote_redirects", "article_id", "articles", "id"),
    ("speaker_redirects", "new_id", "speakers", "id"),
    ("utterance_redirects", "new_id", "utterances", "id"),
]

# Beyond one index per foreign key column.
INDEXES = [
    ("speaker_aliases", ["key"]),
    ("speaker_aliases", ["surname"]),
    # newest first in the API's order (published, then the article's own order): a page is
    # read off the index, ties on a busy day included
    ("quotes", [DescIndex("published"), "article_id", "start"]),
    # One speaker's or one outlet's quotes newest first without sorting them all; the first
    # also answers Datasette's facets on a speaker's page without reading the rows.
    ("quotes", ["speaker_id", "published", "outlet_id"]),
    ("quotes", ["outlet_id", "published"]),
    # a speaker's quotes counted by outlet (the outlet facet of one speaker's Datasette page)
    # in index order: 16,000 quotes of the busiest speaker grouped without a sort
    ("quotes", ["speaker_id", "outlet_id"]),
    ("utterances", ["speaker_id", "n_outlets", "n_quotes"]),  # a speaker's most carried first
    ("quote_stems", ["quote_id"]),
    ("quote_redirects", ["speaker_id"]),  # a merge moves a speaker's gone quotes without a scan
    ("articles", ["content_hash"]),
    ("articles", ["published"]),
    ("speakers", ["n_quotes"]),  # the speakers table, most quoted first
    ("outlets", ["domain"]),  # an article's outlet by its domain (store.outlet_record)
    ("quote_facets", ["facet", DescIndex("n")]),  # a facet's most frequent values first
]
# Indexes with a collation, which sqlite-utils does not declare: name -> (table, columns)
COLLATED_INDEXES = {
    # an article's outlet by its name in any case (store.outlet_record), not a scan
    "idx_outlets_name_nocase": ("outlets", "name collate nocase"),
}

FTS_CONFIG = {
    "quotes": ["text", "speaker_names"],
    "speakers": ["name"],
}
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

VIEWS = {
    # Utterances that two or more outlets carried: the ones worth comparing.
    "widely_quoted": """
select
  utterances.id as utterance_id,
  speakers.name as speaker,
  utterances.text,
  utterances.n_outlets,
  utterances.n_quotes
from utterances
left join speakers on speakers.id = utterances.speaker_id
where utterances.n_outlets >= 2
order by utterances.n_outlets desc, utterances.n_quotes desc, utterances.id
""".strip(),
}


# The quotes columns Datasette facets the whole table by (publish/metadata.json), counted
# in quote_facets by these triggers: an insert counts its values, a delete uncounts them, an
# update of a faceted column moves one count (sqlite-utils upserts are ON CONFLICT DO UPDATE,
# which fire the update triggers; nothing writes quotes with INSERT OR REPLACE).
FACETED = ("speaker_id", "outlet_id", "published")


def _facet_triggers() -> dict:
    def count(sign, row, column):
        if sign > 0:
            return (f"insert into quote_facets (facet, value, n) select '{column}', {row}.[{column}], 1"
                    f" where {row}.[{column}] is not null"
                    " on conflict (facet, value) do update set n = n + 1;")
        return (f"update quote_facets set n = n - 1 where facet = '{column}'"
                f" and value = {row}.[{column}];"
                f" delete from quote_facets where facet = '{column}'"
                f" and value = {row}.[{column}] and n <= 0;")

    triggers = {
        "quotes_facets_ai": "after insert on quotes begin\n"
                            + "\n".join(count(1, "new", c) for c in FACETED) + "\nend",
        "quotes_facets_ad": "after delete on quotes begin\n"
                            + "\n".join(count(-1, "old", c) for c in FACETED) + "\nend",
    }
    for column in FACETED:
        triggers[f"quotes_facets_au_{column}"] = (
            f"after update of [{column}] on quotes when old.[{column}] is not new.[{column}] begin\n"
            f"{count(-1, 'old', column)}\n{count(1, 'new', column)}\nend")
    return triggers


FACET_TRIGGERS = _facet_triggers()


def count_quote_facets(db) -> None:
    """quote_facets counted again from the quotes, one grouped scan per faceted column."""
    db.execute("delete from quote_facets")
    for column in FACETED:
        db.execute(f"insert into quote_facets (facet, value, n) select '{column}', [{column}],"
                   f" count(*) from quotes where [{column}] is not null group by [{column}]")


BUSY_TIMEOUT_MS = 10_000  # how long one write waits for another writer's lock
WRITE_ATTEMPTS = 5  # then a busy database is an error


def connect(path) -> sqlite_utils.Database:
    """A connection in WAL mode (the writer and Datasette share the file), not reshaped:
    for a database some earlier open_db already shaped."""
    db = sqlite_utils.Database(path)
    db.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
    if not db.memory:
        db.enable_wal()
        # In WAL mode NORMAL syncs at checkpoints, not at every commit: a power cut may lose
        # the last ingests, never the file's consistency; a commit on a busy disk no longer
        # waits for an fsync (half a second a POST on the shared benchmark machine).
        db.execute("pragma synchronous = normal")
    return db


@contextmanager
def write_transaction(db: sqlite_utils.Database):
    """One unit of writes that takes the write lock at its start (BEGIN IMMEDIATE): two
    writers then queue on the busy timeout, where a read upgraded to a write mid-way would
    fail at once with "database is locked". Nested inside another, it is a savepoint."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def retry_when_busy(write, *args, attempts: int = WRITE_ATTEMPTS):
    """Run write(*args), again after a pause when another process holds the database
    (each try has already waited BUSY_TIMEOUT_MS); other errors pass through at once."""
    for attempt in range(attempts):
        try:
            return write(*args)
        except sqlite3.OperationalError as err:
            busy = "locked" in str(err) or "busy" in str(err)
            if not busy or attempt == attempts - 1:
                raise
            log.warning("database busy, retrying (%s)", err)
            time.sleep(min(2.0, 0.1 * 2 ** attempt))


def open_db(path) -> sqlite_utils.Database:
    """A connection to a database at path, created or brought to the current shape."""
    db = connect(path)
    ensure_db_shape(db)
    return db


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Create or complete tables, foreign keys, indexes, FTS and views. Safe to run twice."""
    with db.atomic():
        reshaped = [name for name, spec in TABLES.items() if _complete_table(db, name, spec)]
        for name, body in FACET_TRIGGERS.items():  # before a migration that counts
            db.execute(f"create trigger if not exists [{name}] {body}")
        _run_migrations(db)
    db.index_foreign_keys()
    for table, columns in INDEXES:
        db.table(table).create_index(columns, if_not_exists=True)
    for name, (table, columns) in COLLATED_INDEXES.items():
        db.execute(f"create index if not exists [{name}] on [{table}] ({columns})")
    for table, columns in FTS_CONFIG.items():
        # a copied table lost its triggers with the old copy; an index over other columns
        # than the configured ones is built again
        fts = db.table(table).detect_fts()
        if not fts or table in reshaped or [c.name for c in db.table(fts).columns] != columns:
            db.table(table).enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZE,
                                       replace=True)
        _narrow_fts_update_trigger(db, table, columns)
    for name, sql in VIEWS.items():
        current = db.view(name).schema if name in db.view_names() else None
        if _normal(current) != _normal(f"CREATE VIEW {name} AS {sql}"):
            db.create_view(name, sql, replace=True)


def _narrow_fts_update_trigger(db, table: str, columns: list) -> None:
    """sqlite-utils' update trigger rewrites a row's full-text entry on any update; this one
    only when an indexed column (or the rowid) changes. Setting quotes.utterance_id,
    quotes.speaker_id or speakers.n_quotes, which every ingest does, then costs no
    full-text work: a rename of a speaker with 10,000 quotes rewrote 10,000 entries."""
    name = f"{table}_au"
    fts = f"{table}_fts"
    changed = " OR ".join(["old.rowid IS NOT new.rowid"]
                          + [f'old."{c}" IS NOT new."{c}"' for c in columns])
    listed = ", ".join(f'"{c}"' for c in columns)
    sql = (f'CREATE TRIGGER "{name}" AFTER UPDATE ON "{table}" WHEN {changed} BEGIN\n'
           f'  INSERT INTO "{fts}" ("{fts}", rowid, {listed}) VALUES(\'delete\', old.rowid, '
           + ", ".join(f'old."{c}"' for c in columns) + ");\n"
           f'  INSERT INTO "{fts}" (rowid, {listed}) VALUES (new.rowid, '
           + ", ".join(f'new."{c}"' for c in columns) + ");\nEND")
    stored = db.execute("select sql from sqlite_master where type = 'trigger' and name = ?",
                        [name]).fetchone()
    if stored and stored[0] == sql:
        return
    with db.atomic():
        db.execute(f'drop trigger if exists "{name}"')
        db.execute(sql)


def _complete_table(db, name: str, spec: dict) -> bool:
    """Create a table, or bring a stored one to its spec. A missing column is added in place
    (ALTER TABLE ADD COLUMN, with its foreign key): constant time however many rows the table
    holds; on an upgraded database it comes after the older columns. Only a changed primary
    key, a changed type or a column the spec dropped copies the table (sqlite-utils
    transform). Returns True when the table was copied."""
    table = db.table(name)
    fks = {c: (other, other_c) for t, c, other, other_c in FOREIGN_KEYS if t == name}
    if not table.exists():
        table.create(spec["columns"], pk=spec["pk"], foreign_keys=list(
            (c, other, other_c) for c, (other, other_c) in fks.items()))
        return False
    stored = {column.lower() for column in table.columns_dict}
    for column, kind in spec["columns"].items():
        if column.lower() in stored:
            continue
        references = " REFERENCES [{}]([{}])".format(*fks[column]) if column in fks else ""
        db.execute(f"ALTER TABLE [{name}] ADD COLUMN [{column}]"
                   f" {COLUMN_TYPE_MAPPING[kind]}{references}")
    schema = table.schema
    # with every column present, sqlite-utils copies the table only for a key, type or drop
    table.create(spec["columns"], pk=spec["pk"], transform=True)
    return table.schema != schema


# (version, name, SQL or a function): each runs once per database, in order, and is recorded
# in the migrations table; on a new, empty database they find nothing to change.
MIGRATIONS = [
    (1, "initial schema", None),
    (2, "speakers.scope from the id prefix of scoped speakers", """
update speakers set scope = coalesce(
  (select min(article_id) from quotes where quotes.speaker_id = speakers.id), 'unknown')
where scope is null
  and (id like 's-anon-%' or id like 's-role-%' or id like 's-org-in-%' or id like 's-grp-in-%')
"""),
    (3, "article ids from the canonical URL and the outlet", lambda db: _rekey_articles(db)),
    (4, "speaker_aliases.key and surname, to find a speaker by any spelling",
     lambda db: _fill_alias_keys(db)),
    (5, "quotes.speaker_names, searched with the text", lambda db: _index_speaker_names(db)),
    (6, "speaker blocking keys and alias keys by romanisation family",
     lambda db: _fill_speaker_keys(db)),
    (7, "quote_stems and stem_counts: the blocking index of utterance grouping",
     lambda db: _index_all_quote_stems(db)),
    (8, "syndication_shingles: the stored articles' shingle samples",
     lambda db: _index_article_shingles(db)),
    # the column comes with the table's shape; quotes stored before it keep NULL until re-extracted
    (10, "quotes.rule, the extraction rule that attributed each quote", None),
    (11, "articles.published as an ISO day, whatever the reader gave",
     "update articles set published = substr(published, 1, 10) where length(published) > 10"),
    (12, "speakers.n_quotes, the number of quotes of each speaker",
     "update speakers set n_quotes = (select count(*) from quotes where quotes.speaker_id = speakers.id)"),
    (13, "quotes.audience: whom it was told to, moved out of the channel",
     lambda db: _split_audiences(db)),
    (14, "readable speaker ids (the slug of the displayed name); the old ids redirect",
     lambda db: _readable_speaker_ids(db)),
    (17, "quote_facets: the counts of the default facets, kept by triggers",
     lambda db: count_quote_facets(db)),
    # the table comes with the shape; every stored speaker is filed under its own id so far
    (18, "speaker_stem_keys: a renamed speaker's quote_stems rows stay where they are", None),
    (20, "name keys again: given-name spellings on every word of a name, '-bek' optional",
     lambda db: _fill_speaker_keys(db)),
    # content_stems now reads more translators' swaps as one word (negotiate/bargain, ...):
    # the stored quotes are indexed again so a new rendering finds them by the new stems
    (21, "quote_stems again, with the content stems of this version",
     lambda db: _index_all_quote_stems(db)),
]


def _readable_speaker_ids(db) -> None:
    """Rename every stored speaker to speakers.readable_id of its stored name, kind and
    scope ("s-abas-araghchi" -> "abbas-araghchi"), namesakes numbered, the most quoted
    first; the old ids go to speaker_redirects. One Python step per speaker (to compute
    the id), none per quote: the rows that refer to a speaker follow in set-based
    statements through a table of renames."""
    rows = list(db.execute("select id, name, kind, scope from speakers"
                           " order by coalesce(n_quotes, 0) desc, id"))
    if not rows:
        return
    taken = {row[0] for row in rows}
    taken.update(row[0] for row in db.execute("select old_id from speaker_redirects"))
    renames = []
    for old_id, name, kind, scope in rows:
        wanted = readable_id(name, kind or "person", scope)
        new_id, n = wanted, 1
        while new_id != old_id and new_id in taken:
            n += 1
            new_id = f"{wanted}-{n}"
        if new_id != old_id:
            taken.add(new_id)
            renames.append((old_id, new_id))
    if not renames:
        return
    db.execute("create temp table speaker_renames (old_id text primary key, new_id text not null)")
    db.conn.executemany("insert into temp.speaker_renames values (?, ?)", renames)
    # the quotes' full-text triggers would rewrite the index of every quote for a column
    # it does not hold: off during the move, then back as they were
    triggers = [sql for (sql,) in db.execute(
        "select sql from sqlite_master where type = 'trigger' and tbl_name = 'quotes'")]
    for (name,) in db.execute("select name from sqlite_master where type = 'trigger'"
                              " and tbl_name = 'quotes'").fetchall():
        db.execute(f"drop trigger [{name}]")
    new_of = "(select new_id from temp.speaker_renames r where r.old_id = {0})"
    db.execute("insert into speakers (id, name, kind, description, scope, n_quotes)"
               " select r.new_id, s.name, s.kind, s.description, s.scope, s.n_quotes"
               " from speakers s join temp.speaker_renames r on r.old_id = s.id")
    for table, column in (("quotes", "speaker_id"), ("utterances", "speaker_id"),
                          ("quote_redirects", "speaker_id"), ("speaker_aliases", "speaker_id"),
                          ("speaker_keys", "speaker_id"), ("quote_stems", "speaker_id"),
                          ("speaker_redirects", "new_id")):
        db.execute(f"update [{table}] set [{column}] = {new_of.format(f'[{table}].[{column}]')}"
                   f" where [{column}] in (select old_id from temp.speaker_renames)")
    db.execute("insert or replace into speaker_redirects (old_id, new_id, rule)"
               " select old_id, new_id, 'renamed' from temp.speaker_renames")
    db.execute("delete from speakers where id in (select old_id from temp.speaker_renames)")
    db.execute("drop table temp.speaker_renames")
    for sql in triggers:
        db.execute(sql)
    if "quote_facets" in db.table_names():  # its triggers were off too: count it again
        count_quote_facets(db)


def _split_audiences(db) -> None:
    """Stored channels that name an audience ("reporters" after "told") move to audience:
    decided once per distinct (cue, channel), written in one statement."""
    update_by_distinct(db, "quotes", ["cue", "channel"], ["audience", "channel"],
                       lambda cue, channel: audience_and_channel(cue, channel),
                       where="channel is not null and audience is null",
                       changed=lambda row, new: new[0] is not None)


# --- tools of the migrations: a million rows in SQL, or in batches, never one at a time ----

MIGRATION_BATCH = 5_000  # rows read and written per statement batch of a migration


def rows_in_batches(db, table: str, columns: str, where: str = "1",
                    size: int = MIGRATION_BATCH) -> Iterable[list]:
    """Lists of (rowid, *columns) of the table's rows matching where, in rowid order, read
    by keyset (rowid > the last one seen): the table may be written between two batches."""
    last = None
    while True:
        after = "" if last is None else "rowid > ? and "
        rows = db.execute(f"select rowid, {columns} from [{table}] where {after}({where})"
                          " order by rowid limit ?",
                          ([] if last is None else [last]) + [size]).fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def update_by_distinct(db, table: str, inputs: Sequence[str], outputs: Sequence[str],
                       compute, where: str = "1", changed=None) -> int:
    """Backfill outputs = compute(*inputs) where each row's new values depend only on its
    inputs: compute runs once per distinct inputs (a few hundred calls for a million rows),
    and one UPDATE ... FROM writes every row through a scratch table of the results.
    changed(inputs, outputs) keeps only the results worth writing. Returns rows updated."""
    keys = ", ".join(f"[{c}]" for c in inputs)
    results = []
    for values in db.execute(f"select distinct {keys} from [{table}] where {where}").fetchall():
        new = tuple(compute(*values))
        if changed is None or changed(values, new):
            results.append(tuple(values) + new)
    if not results:
        return 0
    scratch = f"_migrate_{table}"
    db.execute(f"drop table if exists temp.[{scratch}]")
    db.execute("create temp table [{}] ({})".format(scratch, ", ".join(
        [f"[in_{c}]" for c in inputs] + [f"[out_{c}]" for c in outputs])))
    db.conn.executemany("insert into temp.[{}] values ({})".format(
        scratch, _marks(results[0])), results)
    db.execute("create index temp.[{0}_in] on [{0}] ({1})".format(
        scratch, ", ".join(f"[in_{c}]" for c in inputs)))
    sets = ", ".join(f"[{c}] = s.[out_{c}]" for c in outputs)
    match = " and ".join(f"[{table}].[{c}] is s.[in_{c}]" for c in inputs)
    # the where filter first: it is what the distinct inputs were read under
    cursor = db.execute(f"update [{table}] set {sets} from temp.[{scratch}] as s"
                        f" where ({where}) and {match}")
    db.execute(f"drop table temp.[{scratch}]")
    return cursor.rowcount


MIGRATION_CACHE_KB = 256 * 1024  # page cache while migrations run: a bulk fill stays in memory


def _run_migrations(db) -> None:
    done = {row["version"] for row in db.query("select version from migrations")}
    if all(version in done for version, _, _ in MIGRATIONS):
        return
    cache = db.execute("pragma cache_size").fetchone()[0]
    db.execute(f"pragma cache_size = -{MIGRATION_CACHE_KB}")
    try:
        _run_pending(db, done)
    finally:
        db.execute(f"pragma cache_size = {cache}")


def _run_pending(db, done: set) -> None:
    for version, name, sql in MIGRATIONS:
        if version in done:
            continue
        started = time.process_time()
        if callable(sql):
            sql(db)
        elif sql:
            db.execute(sql)
        log.info("migration %d (%s): %.1f s of CPU", version, name, time.process_time() - started)
        db.table("migrations").insert({
            "version": version,
            "name": name,
            "applied_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        })


def _index_all_quote_stems(db) -> None:
    """Index the quotes stored before the blocking index existed: their stems computed a
    batch of quotes at a time (once per distinct text) into a scratch table, copied into
    the index in its key order in one statement (its secondary index dropped first and
    built again after the migrations, by one sort), and stem_counts counted from it."""
    db.execute("delete from quote_stems where quote_id in (select id from quotes)")
    _drop_secondary_indexes(db, "quote_stems")
    db.execute("drop table if exists temp._stems")
    db.execute("create temp table _stems (stem text, speaker_id text, quote_id text, n integer)")
    stems_of = {}
    keyed = ("id, coalesce((select stem_key from speaker_stem_keys k"
             " where k.speaker_id = quotes.speaker_id), speaker_id), text")
    for batch in rows_in_batches(db, "quotes", keyed):
        rows = []
        for _, quote_id_, speaker_id, text in batch:
            stems = stems_of.get(text)
            if stems is None:
                stems = stems_of[text] = sorted(set(content_stems(text or "")))
            rows.extend((stem, speaker_id, quote_id_, len(stems)) for stem in stems)
        db.conn.executemany("insert into temp._stems values (?, ?, ?, ?)", rows)
        if len(stems_of) > 200_000:
            stems_of.clear()
    db.execute("insert or ignore into quote_stems (stem, speaker_id, quote_id, n)"
               " select stem, speaker_id, quote_id, n from temp._stems"
               " order by stem, speaker_id, quote_id")
    db.execute("drop table temp._stems")
    db.execute("delete from stem_counts")
    db.execute("insert into stem_counts (stem, n) select stem, count(*) from quote_stems"
               " group by stem")


def _drop_secondary_indexes(db, table: str) -> None:
    """Drop a table's declared indexes before a bulk fill: ensure_db_shape makes them again
    after the migrations, each by one sort instead of a million inserts at random places."""
    for _, name, _, origin, _ in db.execute(f"pragma index_list([{table}])").fetchall():
        if origin == "c":
            db.execute(f"drop index [{name}]")


def _rekey_articles(db) -> None:
    """Give every stored article the id its canonical URL and outlet give now; its quotes
    take the ids that follow, and their old permalinks redirect to them."""
    outlet_names = dict(db.execute("select id, name from outlets").fetchall())
    columns = list(db.table("articles").columns_dict)
    # a batch at a time (the texts of a large archive do not fit in memory at once); an
    # article inserted under its new id comes round again and is left as it is
    for batch in rows_in_batches(db, "articles", ", ".join(f"[{c}]" for c in columns)):
        for values in batch:
            row = dict(zip(columns, values[1:]))
            article = Article(text=row["text"] or "", source=row["source"] or "", url=row["url"],
                              outlet=outlet_names.get(row["outlet_id"]))
            new_id = article.id
            if new_id == row["id"] or article_exists(db, new_id):
                continue
            db.table("articles").insert(dict(row, id=new_id, url=article.url), pk="id")
            for quote in list(db.query("select * from quotes where article_id = ?", [row["id"]])):
                qid = quote_id(new_id, quote["start"], quote["end"], quote["text"])
                db.table("quotes").insert(dict(quote, id=qid, article_id=new_id), pk="id")
                db.execute("update quote_redirects set new_id = ? where new_id = ?", [qid, quote["id"]])
                db.table("quote_redirects").upsert({"old_id": quote["id"], "new_id": qid,
                                                    "article_id": new_id}, pk="old_id")
                db.execute("delete from quotes where id = ?", [quote["id"]])
            db.execute("update quote_redirects set article_id = ? where article_id = ?", [new_id, row["id"]])
            db.execute("update articles set syndicated_from = ? where syndicated_from = ?", [new_id, row["id"]])
            db.execute("delete from articles where id = ?", [row["id"]])


def _index_article_shingles(db) -> None:
    """Sketch every stored article once, so syndication looks up candidates from now on.
    In bulk: the samples go to a scratch table a batch of articles at a time, then the
    first POSTING_CAP articles of each hash (in id order, as article-by-article indexing
    would keep them, after the rows already held) are copied over in one statement."""
    db.execute("drop table if exists temp._sketches")
    db.execute("create temp table _sketches (hash integer, article_id text)")
    for batch in rows_in_batches(db, "articles", "id, text"):
        db.conn.executemany("insert into temp._sketches values (?, ?)", [
            (h, article_id) for _, article_id, text in batch
            for h in syndication.sketch(syndication.hashes(syndication.shingles(text or "")))])
    db.execute("""
insert or ignore into syndication_shingles (hash, article_id)
select hash, article_id from (
  select s.hash, s.article_id, s.rank + coalesce(h.n, 0) as place from (
    select hash, article_id, row_number() over (partition by hash order by article_id) as rank
    from temp._sketches) as s
  left join (select hash, count(*) as n from syndication_shingles group by hash) as h
    on h.hash = s.hash)
where place <= ?
order by hash, article_id""", [syndication.POSTING_CAP])
    db.execute("drop table temp._sketches")


def alias_search_fields(alias: str, kind: Optional[str] = None) -> dict:
    """key and surname of one speaker_aliases row: a person's alias keys on the name part
    (names.name_key, as the registry compares names; the key's last word is the surname),
    a body's on its words in a fixed shape ("Ministry of Defence" -> "defence ministry")."""
    if not alias:
        return {"key": None, "surname": None}
    if kind in ("organization", "group"):
        return {"key": " ".join(org_tokens(alias)) or None, "surname": None}
    key = name_key(alias if kind == "anonymous" else (split_role(alias)[0] or alias))
    surname = key.split()[-1] if key and kind in (None, "person") else None
    return {"key": key or None, "surname": surname}


def _alias_rows(db, aliases: Iterable[dict]) -> list:
    """speaker_aliases rows with their search fields (the speakers must be written first)."""
    rows = [{k: a.get(k) for k in ("alias", "speaker_id", "rule")} for a in aliases]
    ids = sorted({r["speaker_id"] for r in rows if r["speaker_id"]})
    kinds = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        kinds.update(db.execute("select id, kind from speakers where id in ({})".format(
            ", ".join("?" for _ in part)), part).fetchall())
    return [dict(r, **alias_search_fields(r["alias"], kinds.get(r["speaker_id"]))) for r in rows]


def _fill_alias_keys(db) -> None:
    rows = _alias_rows(db, db.query("select alias, speaker_id, rule from speaker_aliases"))
    db.conn.executemany("update speaker_aliases set key = :key, surname = :surname"
                        " where alias = :alias and speaker_id = :speaker_id", rows)


def _fill_speaker_keys(db) -> None:
    """Alias keys again (name keys learnt romanisation families) and every speaker's
    blocking keys, so the registry can load candidates instead of every speaker."""
    _fill_alias_keys(db)
    for chunk in _chunks([row[0] for row in db.execute("select id from speakers order by id")], 500):
        registry = SpeakerRegistry(
            db.query("select * from speakers where id in ({})".format(", ".join("?" for _ in chunk)), chunk),
            db.query("select * from speaker_aliases where speaker_id in ({})".format(
                ", ".join("?" for _ in chunk)), chunk))
        save_speaker_keys(db, registry.speakers.values())


def _chunks(items: list, size: int = 500) -> Iterable:
    """Slices within SQLite's bound-parameter limit."""
    return (items[i:i + size] for i in range(0, len(items), size))


def save_speaker_keys(db, speakers: Iterable) -> None:
    """File each speaker (a speakers.Speaker) under its blocking keys."""
    rows = [{"key": key, "speaker_id": sp.id} for sp in speakers for key in sorted(stored_keys(sp))]
    if rows:
        write_rows(db, "speaker_keys", rows, ignore=True)


def _save_keys_of_rows(db, speakers: Iterable[dict], aliases: Iterable[dict]) -> None:
    """The blocking keys of speaker rows with the aliases written for them: each row made
    a Speaker with its name and aliases, as a SpeakerRegistry loads it, without indexing
    them for matching (stored_keys reads only these fields)."""
    made = {}
    for row in speakers:
        if row["id"] not in made:
            made[row["id"]] = Speaker(row["id"], row.get("name") or "", row.get("kind") or "person",
                                      row.get("description"), row.get("scope"))
            made[row["id"]].aliases.setdefault(made[row["id"]].name, "exact")
    for row in aliases:
        if row["speaker_id"] in made:
            made[row["speaker_id"]].aliases.setdefault(row["alias"], row.get("rule") or "exact")
    save_speaker_keys(db, made.values())


# Blocking keys made of one word of a name (first name "f:", surname "l:", its consonants
# "c:"): at 20,000 speakers "f:elena" holds hundreds, and loading them all made each ingest
# cost grow with the archive. A key shared by more speakers than this tells nobody apart;
# candidates then come from the other keys (the whole name's, the surname's exact form).
LOOSE_KEYS = ("f:", "l:", "c:")
LOOSE_KEY_CAP = 64


def speakers_filed_under(db, keys: Iterable) -> tuple:
    """(speaker rows, alias rows) of the speakers filed under any of these blocking keys.

    A key "i:ID" asks for the speaker with that id (is a new id free?): its row, or when ID
    is an old id, a row {"id": ID, "redirect_to": the id it answers with}."""
    keys = set(keys)
    asked_ids = sorted(k[2:] for k in keys if k.startswith("i:"))
    ids, redirects = set(), []
    for chunk in _chunks(asked_ids, 500):
        marks = ", ".join("?" for _ in chunk)
        ids.update(row[0] for row in db.execute(f"select id from speakers where id in ({marks})", chunk))
        redirects.extend({"id": old, "redirect_to": new} for old, new in db.execute(
            f"select old_id, new_id from speaker_redirects where old_id in ({marks})"
            " order by old_id", chunk))
    exact = sorted(k for k in keys if not k.startswith("i:") and not k.startswith(LOOSE_KEYS))
    for chunk in _chunks(exact, 500):
        ids.update(row[0] for row in db.execute(
            "select distinct speaker_id from speaker_keys where key in ({})".format(
                ", ".join("?" for _ in chunk)), chunk))
    for key in sorted(k for k in keys if k.startswith(LOOSE_KEYS)):
        filed = [row[0] for row in db.execute(
            "select speaker_id from speaker_keys where key = ? limit ?", [key, LOOSE_KEY_CAP + 1])]
        if len(filed) <= LOOSE_KEY_CAP:  # beyond it, too common a word to tell anyone by
            ids.update(filed)
    speakers, aliases = [], []
    for chunk in _chunks(sorted(ids), 500):
        marks = ", ".join("?" for _ in chunk)
        speakers.extend(db.query(f"select * from speakers where id in ({marks}) order by id", chunk))
        aliases.extend(db.query(f"select * from speaker_aliases where speaker_id in ({marks})"
                                " order by speaker_id, alias", chunk))
    return speakers + [r for r in redirects if r["id"] not in ids], aliases


def _index_speaker_names(db) -> None:
    """Fill quotes.speaker_names and drop the quotes full-text index: ensure_db_shape builds
    it again, once, over the columns FTS_CONFIG names."""
    for suffix in ("_ai", "_ad", "_au"):
        db.execute(f"drop trigger if exists [quotes{suffix}]")
    db.execute("drop table if exists [quotes_fts]")
    names = speaker_names(db, [row[0] for row in db.execute("select id from speakers")])
    db.conn.executemany("update quotes set speaker_names = ? where speaker_id = ?",
                        [(text, sid) for sid, text in names.items()])


def _normal(sql: str) -> str:
    return re.sub(r"\s+", " ", (sql or "").replace('"', "")).strip().lower()


# --- ids -------------------------------------------------------------------------------


def outlet_record(article, db=None) -> dict:
    """One outlet, one row: www.example.com, example.com and "Example News" (a page of
    example.com that calls itself so, or an article with only that name) share a row.

    An existing row with the same name (any case), or the same domain where one side has no
    site name, is reused; a new row takes its id from the name (the domain when there is no
    name). A site name replaces a bare domain as the display name.
    """
    domain = domain_of(article.url)
    name = (article.outlet or "").strip() or domain or "Unknown outlet"
    if db is not None and db["outlets"].exists():
        rows = list(db.query(
            "select id, name, domain from outlets where domain = :domain"
            " or name = :name collate nocase", {"domain": domain, "name": name}))
        same_name = [r for r in rows if r["name"].lower() == name.lower()]
        # a shared domain unites rows only where one side has no site name of its own
        # (two outlets named differently on one host, an aggregator's, stay apart)
        same_domain = [r for r in rows if r["domain"] == domain and (name == domain or r["name"] == r["domain"])]
        row = (same_name or same_domain or [None])[0]
        if row is not None:
            keep_name = row["name"] if row["name"] != row["domain"] or name == domain else name
            return {"id": row["id"], "name": keep_name, "domain": row["domain"] or domain}
    return {"id": slug(name) or "unknown", "name": name, "domain": domain}


def quote_id(article_id: str, start: int, end: int, text: str) -> str:
    """Stable: the same quote at the same place in the same article keeps its id."""
    key = f"{article_id}:{start}:{end}:{text}"
    return "q" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


# --- writes ----------------------------------------------------------------------------



def save_article(
    db: sqlite_utils.Database,
    article,
    quotes: Sequence,
    speaker_ids: Optional[Sequence[Optional[str]]] = None,
    speakers: Iterable[dict] = (),
    aliases: Iterable[dict] = (),
    syndicated_from: Optional[str] = None,
) -> list:
    """Write one article, its outlet, speakers and quotes in one transaction.

    speaker_ids runs parallel to quotes (None: unattributed). syndicated_from, when given,
    names the stored article this one republishes (left as it is otherwise). Quotes that
    the new extraction no longer produces are deleted and redirected. Returns the quote ids.
    """
    speaker_ids = list(speaker_ids) if speaker_ids is not None else [None] * len(quotes)
    speakers = list(speakers)  # written, then filed under their blocking keys
    article_id = article.id  # hashes the whole text: once, not once per quote
    outlet = outlet_record(article, db)
    fields = article_row(article, outlet_id=outlet["id"])  # outlet_record asked once
    published = fields["published"]
    if syndicated_from:
        fields["syndicated_from"] = syndicated_from
    rows = []
    for quote, speaker_id in zip(quotes, speaker_ids):
        audience, channel = audience_and_channel(quote.cue, quote.channel)
        rows.append(
            {
                "id": quote_id(article_id, quote.start, quote.end, quote.text),
                "text": quote.text,
                "speaker_id": speaker_id,
                "speaker_mention": quote.speaker_mention,
                "cue": quote.cue,
                "channel": channel,
                "audience": audience,
                "kind": quote.kind,
                "rule": quote.rule,
                "outlet_id": outlet["id"],
                "published": published,
                "article_id": article_id,
                "start": quote.start,
                "end": quote.end,
                "paragraph_start": quote.paragraph_start,
                "paragraph_end": quote.paragraph_end,
            }
        )
    rows = list({row["id"]: row for row in rows}.values())  # an extractor repeat is one quote
    quoted = sorted({row["speaker_id"] for row in rows if row["speaker_id"]})
    with write_transaction(db):
        names_before = speaker_names(db, quoted)
        write_rows(db, "outlets", [outlet])
        _upsert_same_keys(db, "speakers", speakers, SPEAKER_FIELDS)
        # An alias keeps the rule that first merged it: a re-run says "already known".
        alias_rows = _alias_rows(db, aliases)
        if alias_rows:
            write_rows(db, "speaker_aliases", alias_rows, ignore=True)
        _save_keys_of_rows(db, speakers, alias_rows)
        names = speaker_names(db, quoted)
        for row in rows:
            row["speaker_names"] = names.get(row["speaker_id"])
        for sid in quoted:  # a speaker known by a new name: their stored quotes learn it too
            if names_before.get(sid) != names.get(sid):
                db.execute("update quotes set speaker_names = ? where speaker_id = ?"
                           " and speaker_names is not ?", [names.get(sid), sid, names.get(sid)])
        write_rows(db, "articles", [fields])
        old = list(db.query(
            'select id, text, speaker_id, start, "end" from quotes where article_id = ?',
            [article_id]))
        write_rows(db, "quotes", rows)
        new_ids = {row["id"] for row in rows}
        gone = [q for q in old if q["id"] not in new_ids]
        _redirect(db, article_id, gone, rows)
        if new_ids:
            marks = ", ".join("?" for _ in new_ids)
            db.execute(f"delete from quote_redirects where old_id in ({marks})", list(new_ids))
        _count_quotes(db, [r["speaker_id"] for r in rows], [q["speaker_id"] for q in old])
    return [row["id"] for row in rows]


# What the registry writes of a speaker; n_quotes is the store's own
SPEAKER_FIELDS = [c for c in TABLES["speakers"]["columns"] if c != "n_quotes"]


def _count_quotes(db, now: list, before: list) -> None:
    """Move speakers.n_quotes by what one article's save changed: its quotes' speakers now
    against before (the article's own rows, so the cost does not grow with the archive)."""
    change = Counter(s for s in now if s)
    change.subtract(s for s in before if s)
    for speaker_id, delta in sorted(change.items()):
        if delta:
            db.execute("update speakers set n_quotes = coalesce(n_quotes, 0) + ? where id = ?",
                       [delta, speaker_id])


def merge_speakers(db, old_id: str, new_id: str, rule: str) -> None:
    """Move everything of speaker old_id to new_id and leave a redirect behind.

    Also how a speaker is renamed (rule "renamed": a fuller name changed its readable id):
    a new_id not stored yet starts as a copy of old_id's row; an old_id never stored
    leaves no redirect; an id that was a redirect and is a speaker again stops being one."""
    with write_transaction(db):
        new_stored = bool(db.execute("select 1 from speakers where id = ?", [new_id]).fetchone())
        if not db.execute("select 1 from speakers where id = ?", [old_id]).fetchone():
            if rule == "renamed":
                db.execute("update speaker_redirects set new_id = ? where new_id = ?", [new_id, old_id])
                db.execute("delete from speaker_redirects where old_id = ?", [new_id])
                return
        else:
            db.execute("insert or ignore into speakers (id, name, kind, description, scope, n_quotes)"
                       " select ?, name, kind, description, scope, 0 from speakers where id = ?",
                       [new_id, old_id])
        db.execute("delete from speaker_redirects where old_id = ?", [new_id])
        _move_stem_key(db, old_id, new_id, new_stored)
        db.execute("insert or ignore into speaker_aliases (alias, speaker_id, rule, key, surname)"
                   " select alias, ?, rule, key, surname from speaker_aliases where speaker_id = ?",
                   [new_id, old_id])
        db.execute("delete from speaker_aliases where speaker_id = ?", [old_id])
        names = speaker_names(db, [new_id]).get(new_id)  # the merged names, for search
        # one pass over old_id's quotes (each update rewrites the quote's full-text row)
        db.execute("update quotes set speaker_id = ?, speaker_names = ? where speaker_id = ?",
                   [new_id, names, old_id])
        db.execute("update quotes set speaker_names = ? where speaker_id = ?"
                   " and speaker_names is not ?", [names, new_id, names])
        db.execute("update utterances set speaker_id = ? where speaker_id = ?", [new_id, old_id])
        # a gone quote's page names who said it through this column
        db.execute("update quote_redirects set speaker_id = ? where speaker_id = ?", [new_id, old_id])
        db.execute("insert or ignore into speaker_keys (key, speaker_id)"
                   " select key, ? from speaker_keys where speaker_id = ?", [new_id, old_id])
        db.execute("delete from speaker_keys where speaker_id = ?", [old_id])
        db.execute("update speakers set n_quotes = coalesce(n_quotes, 0) + coalesce("
                   "(select n_quotes from speakers where id = ?), 0) where id = ?", [old_id, new_id])
        db.execute("delete from speakers where id = ?", [old_id])
        db.execute("update speaker_redirects set new_id = ? where new_id = ?", [new_id, old_id])
        write_rows(db, "speaker_redirects", [{"old_id": old_id, "new_id": new_id, "rule": rule}])


def _move_stem_key(db, old_id: str, new_id: str, new_stored: bool) -> None:
    """The blocking index after old_id becomes new_id. A rename (new_id not stored before)
    keeps old_id's rows where they are and files new_id under old_id's stem key: one row
    written. A merge into a stored speaker moves old_id's rows to new_id's key, found
    through old_id's quotes (by quotes' speaker index, then quote_stems' quote_id index);
    run before the quotes move."""
    old_key, new_key = (stem_keys(db, [old_id, new_id]).get(s) for s in (old_id, new_id))
    db.execute("delete from speaker_stem_keys where speaker_id in (?, ?)", [old_id, new_id])
    if not new_stored:
        new_key = old_key
    elif old_key != new_key:
        db.execute("update or replace quote_stems set speaker_id = ? where speaker_id = ? and"
                   " quote_id in (select id from quotes where speaker_id = ?)",
                   [new_key, old_key, old_id])
    if new_key != new_id:
        db.execute("insert into speaker_stem_keys (speaker_id, stem_key) values (?, ?)",
                   [new_id, new_key])


def stem_keys(db, speaker_ids: Iterable) -> dict:
    """{speaker id: the id its quotes are filed under in quote_stems} (its own, unless renamed)."""
    ids = sorted({s for s in speaker_ids if s})
    keys = {s: s for s in ids}
    for chunk in _chunks(ids):
        keys.update(db.execute("select speaker_id, stem_key from speaker_stem_keys where"
                               f" speaker_id in ({_marks(chunk)})", chunk).fetchall())
    return keys


def speaker_names(db, speaker_ids: Iterable) -> dict:
    """{speaker id: every name it is known by, "; " between them}, the quotes.speaker_names
    that the full-text index holds beside the words, so a search for "Lavrov" or "Golani"
    finds that speaker's quotes. A person's aliases count by their name part (no roles)."""
    ids = sorted({s for s in speaker_ids if s})
    forms: dict = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        for sid, kind, name, alias in db.execute(
                "select speakers.id, speakers.kind, speakers.name, speaker_aliases.alias"
                " from speakers left join speaker_aliases on speaker_aliases.speaker_id = speakers.id"
                " where speakers.id in ({}) order by speakers.id, speaker_aliases.alias".format(
                    ", ".join("?" for _ in part)), part).fetchall():
            for text in (name, alias):
                if text and kind == "person":
                    text = split_role(text)[0]
                if text:
                    forms.setdefault(sid, {}).setdefault(text.casefold(), text)
    return {sid: "; ".join(sorted(found.values(), key=str.casefold)) for sid, found in forms.items()}


def _upsert_same_keys(db, table: str, records: Iterable[dict], keys: list) -> None:
    """Upsert with every record carrying the same keys (sqlite-utils writes NULL otherwise)."""
    write_rows(db, table, [{k: r.get(k) for k in keys} for r in records])


_WRITE_SQL: dict = {}


def write_rows(db, table: str, rows: Sequence[dict], ignore: bool = False) -> None:
    """Insert rows into a TABLES table; a row whose key is stored updates the columns it
    carries (an upsert, as sqlite-utils writes it: ON CONFLICT DO UPDATE, which fires the
    update triggers), or with ignore=True leaves the stored row alone (INSERT OR IGNORE).

    One prepared statement per table and column set, run by executemany: the ingest path
    writes a few rows per table per article, and sqlite-utils' insert_all spends more on
    reading the table's shape and building its SQL than SQLite spends writing them."""
    if not rows:
        return
    columns = tuple(dict.fromkeys(k for row in rows for k in row))
    sql = _WRITE_SQL.get((table, columns, ignore))
    if sql is None:
        pk = TABLES[table]["pk"]
        pk = (pk,) if isinstance(pk, str) else tuple(pk)
        names = ", ".join(f"[{c}]" for c in columns)
        marks = ", ".join("?" for _ in columns)
        updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c not in pk)
        if ignore:
            sql = f"INSERT OR IGNORE INTO [{table}] ({names}) VALUES ({marks})"
        else:
            keys = ", ".join(f"[{c}]" for c in pk)
            sql = (f"INSERT INTO [{table}] ({names}) VALUES ({marks}) ON CONFLICT({keys}) "
                   + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING"))
        _WRITE_SQL[(table, columns, ignore)] = sql
    db.conn.executemany(sql, [tuple(row.get(c) for c in columns) for row in rows])


def _redirect(db, article_id: str, gone: list, new_rows: list) -> None:
    """Record where each vanished quote went: the same speaker's rendering of the same words
    (moved, or reworded) in the updated article, else nowhere (its permalink answers 410)."""
    for old in gone:
        successor = _successor(old, new_rows)
        new_id = successor["id"] if successor else None
        db.execute("delete from quotes where id = ?", [old["id"]])
        write_rows(db, "quote_redirects", [
            {"old_id": old["id"], "new_id": new_id, "article_id": article_id,
             "old_text": old["text"], "speaker_id": old["speaker_id"]}])
        # Older permalinks that led to this quote follow it to its successor.
        db.execute(
            "update quote_redirects set new_id = ? where new_id = ?", [new_id, old["id"]]
        )


def _successor(old: dict, new_rows: list) -> Optional[dict]:
    """The new quote that renders the old one: the same speaker's, with the same text, the
    same words reworded, or a correction in place (overlapping spans that share at least
    half the words). An offset overlap alone is not enough: it may be someone else's."""
    mine = [r for r in new_rows if r["speaker_id"] == old["speaker_id"]]
    same = [r for r in mine if r["text"] == old["text"]]
    if same:
        return min(same, key=lambda r: abs(r["start"] - old["start"]))
    old_stems = content_stems(old["text"])

    def renders(row) -> bool:
        stems = content_stems(row["text"])
        if similar(old_stems, stems):
            return True
        overlap = min(old["end"], row["end"]) > max(old["start"], row["start"])
        shorter = min(len(old_stems), len(stems))
        return overlap and shorter > 0 and 2 * align(old_stems, stems)[0] >= shorter

    found = [r for r in mine if renders(r)]
    return min(found, key=lambda r: (abs(r["start"] - old["start"]), r["id"])) if found else None


def _iso_day(value) -> Optional[str]:
    """An article's date in one form whatever its reader gave: the ISO day ("2024-12-07"),
    the day it was in its own time zone; a feed's or an API's time of day is not kept."""
    day = day_of(value)
    return day.isoformat() if day else None


def article_row(article, db=None, outlet_id=None) -> dict:
    """The articles row for an Article, as save_article writes it (outlet_id when the
    caller has already looked the outlet up)."""
    return {
        "id": article.id,
        "title": article.title,
        "outlet_id": outlet_id if outlet_id is not None else outlet_record(article, db)["id"],
        "published": _iso_day(article.published),
        "author": article.author,
        "url": article.url,
        "source": article.source,
        "content_hash": article.content_hash,
        "text": article.text,
    }


# What a reader may correct without changing the text; the source (where it was read
# from this time) is not part of the article.
METADATA = ("title", "outlet_id", "published", "author", "url")


def article_change(db, article) -> str:
    """new (never stored), text (stored with another text), metadata (same text, another
    title, outlet, date, author or URL) or same."""
    stored = next(db.query("select content_hash, {} from articles where id = ?".format(
        ", ".join(METADATA)), [article.id]), None)
    if stored is None:
        return "new"
    if stored["content_hash"] != article.content_hash:
        return "text"
    row = article_row(article, db)
    return "same" if all(stored[k] == row[k] for k in METADATA) else "metadata"


def update_article_metadata(db, article) -> None:
    """Write a corrected title, outlet, date, author or URL of a stored article (and the
    outlet and date its quotes carry for faceting), leaving its quotes as they are."""
    outlet = outlet_record(article, db)
    row = article_row(article, db)
    with write_transaction(db):
        db.table("outlets").upsert(outlet, pk="id")
        db.table("articles").update(article.id, {k: row[k] for k in METADATA})
        db.execute("update quotes set outlet_id = ?, published = ? where article_id = ?",
                   [outlet["id"], row["published"][:10] if row["published"] else None, article.id])


def article_exists(db, article_id: str) -> bool:
    return bool(db.table("articles").count_where("id = ?", [article_id]))


def article_texts(db) -> Iterable:
    """(id, text) of every stored article, in id order."""
    return ((row["id"], row["text"]) for row in db.query("select id, text from articles order by id"))


def article_text(db, article_id: str) -> Optional[str]:
    row = db.execute("select text from articles where id = ?", [article_id]).fetchone()
    return row[0] if row else None


def save_syndication_sketch(db, article_id: str, sample: Iterable[int],
                            old_sample: Iterable[int] = ()) -> None:
    """Write the article's rows in the syndication index, its old text's (old_sample) gone
    first: deleted by primary key, never by a scan of the index. A hash already held by
    POSTING_CAP articles gains no more (see tracker.syndication)."""
    db.conn.executemany("delete from syndication_shingles where hash = ? and article_id = ?",
                        [(h, article_id) for h in old_sample])
    db.conn.executemany(
        "insert or ignore into syndication_shingles (hash, article_id) select ?, ?"
        " where (select count(*) from (select 1 from syndication_shingles where hash = ?"
        " limit ?)) < ?",
        [(h, article_id, h, syndication.POSTING_CAP, syndication.POSTING_CAP) for h in sample])


def articles_sharing_shingles(db, shingle_hashes: Iterable[int], except_id: str,
                              chunk: int = 500) -> dict:
    """article id -> how many of these hashes its index rows hold (except_id left out)."""
    shingle_hashes = sorted(shingle_hashes)
    counts = {}
    for i in range(0, len(shingle_hashes), chunk):
        part = shingle_hashes[i:i + chunk]
        marks = ", ".join("?" for _ in part)
        for article_id, n in db.execute(
                f"select article_id, count(*) from syndication_shingles where hash in ({marks})"
                " and article_id != ? group by article_id", part + [except_id]):
            counts[article_id] = counts.get(article_id, 0) + n
    return counts


def syndicated_from(db, article_id: str) -> Optional[str]:
    row = db.execute("select syndicated_from from articles where id = ?", [article_id]).fetchone()
    return row[0] if row else None


def save_utterances(db: sqlite_utils.Database, records: list, clusters: dict, rows: list,
                    redirects: Iterable = (), touched: Iterable = ()) -> int:
    """Write utterance rows and set quotes.utterance_id for the records that were clustered.

    records: as from quotes_for_regrouping (with the utterance_id each held); clusters:
    {quote_id: utterance_id}; rows: one dict per utterance (id, speaker_id, text, n_quotes,
    n_outlets); redirects: (old id, new id) of utterances merged into another. Of the
    utterances these records held (and the touched ones), those no quote uses any more are
    removed: only those, never a scan of the whole table. Returns the number written.
    """
    keys = list(TABLES["utterances"]["columns"])
    rows = [{k: row.get(k) for k in keys} for row in rows]
    held = sorted({r.get("utterance_id") for r in records if r.get("utterance_id")}
                  | {u for u in touched if u})
    with write_transaction(db):
        write_rows(db, "utterances", rows)
        db.conn.executemany("update quotes set utterance_id = ? where id = ?", [
            (clusters.get(r["id"]), r["id"]) for r in records
            if clusters.get(r["id"]) != r.get("utterance_id")])
        for old_id, new_id in redirects:
            if db.execute("select 1 from quotes where utterance_id = ? limit 1",
                          [old_id]).fetchone():
                continue  # renderings not read this time still carry it: it lives on
            db.execute("update utterance_redirects set new_id = ? where new_id = ?", [new_id, old_id])
            write_rows(db, "utterance_redirects", [{"old_id": old_id, "new_id": new_id}])
        written = [row["id"] for row in rows]
        # counts from the quotes themselves: an utterance may hold renderings not read
        db.conn.executemany(
            "update utterances set n_quotes = (select count(*) from quotes where"
            " utterance_id = :u), n_outlets = max(1, (select count(distinct coalesce(outlet_id,"
            " article_id)) from quotes where utterance_id = :u)) where id = :u",
            [{"u": uid} for uid in sorted(set(written) | set(held))])
        for chunk in _chunks(written):
            db.execute("delete from utterance_redirects where old_id in ({})".format(_marks(chunk)),
                       chunk)
        for chunk in _chunks(held):
            db.execute("delete from utterances where id in ({}) and not exists (select 1 from"
                       " quotes where quotes.utterance_id = utterances.id)".format(_marks(chunk)),
                       chunk)
    return len(rows)



def snapshot(db_path, snapshot_path) -> int:
    """Copy the database to snapshot_path with SQLite's backup API (a consistent state even
    while another process writes), through a temporary file renamed over the target, so a
    reader of snapshot_path sees the old copy or the new one, never half of one. Returns the
    number of pages copied."""
    target = os.path.abspath(snapshot_path)
    if target == os.path.abspath(db_path):
        raise ValueError("the snapshot cannot be the database itself")
    temporary = f"{target}.{os.getpid()}.tmp"
    source = sqlite3.connect(f"file:{os.path.abspath(db_path)}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(temporary)
        try:
            source.backup(copy)
            pages = copy.execute("pragma page_count").fetchone()[0]
            copy.execute("pragma journal_mode = delete")  # an immutable file needs no -wal beside it
        finally:
            copy.close()
        os.replace(temporary, target)
    except (OSError, sqlite3.Error):
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    finally:
        source.close()
    return pages
def _marks(items: list) -> str:
    return ", ".join("?" for _ in items)


# --- the blocking index of utterance grouping -------------------------------------------

REGROUP_MEMBERS = 12  # renderings of one stored utterance read when regrouping around it
RARE_STEM = 500  # a stem held by more quotes than this finds no candidates across speakers
CANDIDATES_PER_QUOTE = 20


def index_quote_stems(db, records: Iterable[dict], gone_ids: Iterable) -> None:
    """(Re)index these quotes (id, speaker_id, text) and forget the gone ones, keeping
    stem_counts true. Called per article: the cost is that of the article's quotes."""
    records = list(records)
    key_of = stem_keys(db, [r.get("speaker_id") for r in records])
    with write_transaction(db):
        for chunk in _chunks(sorted(set(gone_ids) | {r["id"] for r in records})):
            old = db.execute("select stem from quote_stems where quote_id in ({})".format(
                _marks(chunk)), chunk).fetchall()
            db.conn.executemany("update stem_counts set n = n - 1 where stem = ?", old)
            db.execute("delete from quote_stems where quote_id in ({})".format(_marks(chunk)), chunk)
        rows = []
        for record in records:
            stems = sorted(set(content_stems(record.get("text") or "")))
            rows.extend((stem, key_of.get(record.get("speaker_id")), record["id"], len(stems))
                        for stem in stems)
        db.conn.executemany("insert or ignore into quote_stems (stem, speaker_id, quote_id, n)"
                            " values (?, ?, ?, ?)", rows)
        db.conn.executemany("insert into stem_counts (stem, n) values (?, 1)"
                            " on conflict(stem) do update set n = n + 1", [(r[0],) for r in rows])


def utterance_candidates(db, record: dict, key_of: Optional[dict] = None) -> list:
    """Ids of stored quotes that may render the same statement as record (id, speaker_id,
    text): its speaker's quotes sharing a content stem, and anyone's sharing a rare one,
    the most shared first. Read off the index; the database size does not enter.
    key_of: stem_keys of the speakers, when the caller has them for many records."""
    stems = sorted(set(content_stems(record.get("text") or "")))
    if not stems:
        return []
    found = {}
    speaker = record.get("speaker_id")
    speaker = (key_of if key_of is not None and speaker in key_of
               else stem_keys(db, [speaker])).get(speaker)
    # A rendering shares about a third of the longer quote's words at the least
    # (utterances._need_similar); a short quote, all of its own.
    need = max(1, int(0.25 * len(stems)) - 1)  # less: "await" meets "wait" unindexed
    if speaker:
        for qid, shared in db.execute(
                "select quote_id, count(*) as shared from quote_stems where speaker_id = ? and"
                " stem in ({}) and quote_id != ? group by quote_id having shared >= min(?, max(n))"
                " order by shared desc, quote_id limit ?".format(_marks(stems)),
                [speaker, *stems, record["id"], need, CANDIDATES_PER_QUOTE]).fetchall():
            found[qid] = shared
    rare = [row[0] for row in db.execute(
        "select stem from stem_counts where stem in ({}) and n <= ?".format(_marks(stems)),
        [*stems, RARE_STEM]).fetchall()]
    if rare:
        need = 1 if len(rare) < 3 else 2
        for qid, shared in db.execute(
                "select quote_id, count(*) as shared from quote_stems where stem in ({}) and"
                " quote_id != ? group by quote_id having shared >= ? order by shared desc,"
                " quote_id limit ?".format(_marks(rare)),
                [*rare, record["id"], need, CANDIDATES_PER_QUOTE]).fetchall():
            found[qid] = max(shared, found.get(qid, 0))
    return sorted(found, key=lambda q: (-found[q], q))


def utterances_of_quotes(db, quote_ids: Iterable) -> set:
    """The utterance ids these stored quotes belong to."""
    found = set()
    for chunk in _chunks(sorted(set(quote_ids))):
        found.update(row[0] for row in db.execute(
            "select distinct utterance_id from quotes where id in ({}) and utterance_id is not null"
            .format(_marks(chunk)), chunk).fetchall())
    return found


def quotes_for_regrouping(db, quote_ids: Iterable, utterance_ids: Iterable) -> list:
    """Quote records (id, speaker_id, text, article_id, kind, outlet_id, utterance_id) of
    these quotes and of every quote of these utterances: the neighbourhood one ingest
    regroups."""
    columns = "id, speaker_id, text, article_id, kind, outlet_id, utterance_id"
    found = {}
    for chunk in _chunks(sorted(set(quote_ids))):
        for row in db.query(f"select {columns} from quotes where id in ({_marks(chunk)})", chunk):
            found[row["id"]] = row
    for uid in sorted(set(u for u in utterance_ids if u)):
        # A statement carried by hundreds of outlets is regrouped through its first renderings
        # only: enough to tell whether a new one joins, at a cost that does not grow with it.
        for row in db.query(f"select {columns} from quotes where utterance_id = ? order by id"
                            " limit ?", [uid, REGROUP_MEMBERS]):
            found[row["id"]] = row
    return [found[k] for k in sorted(found)]


def quotes_of_article(db, article_id: str) -> list:
    """(id, utterance_id) of the quotes stored for an article."""
    return [tuple(row) for row in db.execute(
        "select id, utterance_id from quotes where article_id = ? order by id", [article_id])]


def quote_successors(db, quote_ids: Iterable) -> dict:
    """{old quote id: the quote that replaced it} for quotes a re-extraction redirected."""
    found = {}
    for chunk in _chunks(sorted(set(quote_ids))):
        found.update((old, new) for old, new in db.execute(
            "select old_id, new_id from quote_redirects where new_id is not null and old_id in"
            " ({})".format(_marks(chunk)), chunk).fetchall())
    return found


def quotes_of_speaker(db, speaker_id: str) -> list:
    """Ids of a speaker's quotes (after a merge, the merged speaker's are regrouped)."""
    return [row[0] for row in db.execute(
        "select id from quotes where speaker_id = ? order by id", [speaker_id])]
