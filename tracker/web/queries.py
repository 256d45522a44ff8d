"""Read queries the web layer needs and store.py does not offer (parameterized SQL only).

Each function returns plain dicts so the same data feeds the HTML pages and the JSON API.
"""
import re
import sqlite3

from tracker import store

QUOTE_COLUMNS = """
  quotes.id, quotes.text, quotes.kind, quotes.cue, quotes.channel, quotes.audience,
  quotes.speaker_mention,
  quotes.start, quotes."end", quotes.paragraph_start, quotes.paragraph_end,
  quotes.published, quotes.article_id, quotes.utterance_id,
  quotes.speaker_id, speakers.name as speaker, speakers.kind as speaker_kind,
  quotes.outlet_id, outlets.name as outlet,
  articles.title as article_title, articles.url as article_url
"""

QUOTE_JOINS = """
from quotes
  left join speakers on speakers.id = quotes.speaker_id
  left join outlets on outlets.id = quotes.outlet_id
  left join articles on articles.id = quotes.article_id
"""


def _one(db, sql, params):
    return next(iter(db.query(sql, params)), None)


def has_column(db, table, column):
    return column in db.table(table).columns_dict


def redirect_target(db, qid):
    """What became of a superseded quote id (new_id, article_id, old_text, speaker), or None
    when the tracker never issued the id."""
    return _one(db, "select quote_redirects.new_id, quote_redirects.article_id,"
                " quote_redirects.old_text, speakers.name as speaker from quote_redirects"
                " left join speakers on speakers.id = quote_redirects.speaker_id"
                " where old_id = ?", [qid])


def content_hash(db, article_id):
    """The stored content hash of an article, or None when it is not stored."""
    row = _one(db, "select content_hash from articles where id = ?", [article_id])
    return row["content_hash"] if row else None


def article_quotes(db, article_id):
    """An article's quotes in text order, with speaker, outlet and article columns."""
    return list(db.query(f"select {QUOTE_COLUMNS} {QUOTE_JOINS}"
                         " where quotes.article_id = ? order by quotes.start", [article_id]))


def speaker_utterances(db, speaker_id, limit=100):
    """A speaker's utterances, the most widely carried first."""
    return [dict(u) for u in db.query(
        "select id, text, n_quotes, n_outlets from utterances where speaker_id = ?"
        " order by n_outlets desc, n_quotes desc, id limit ?", [speaker_id, limit])]


def syndicated_from(db, article_ids):
    """{article id: the article it copies, or None} for these articles."""
    ids = sorted(article_ids)
    if not ids or not has_column(db, "articles", "syndicated_from"):
        return {}
    marks = ", ".join("?" for _ in ids)
    return {r["id"]: r["syndicated_from"] for r in db.query(
        f"select id, syndicated_from from articles where id in ({marks})", ids)}


def speaker_redirect(db, speaker_id):
    """The id a merged speaker now goes by, or None."""
    if not db.table("speaker_redirects").exists():
        return None
    row = _one(db, "select new_id from speaker_redirects where old_id = ?", [speaker_id])
    return row["new_id"] if row else None


def utterance_redirect(db, utterance_id):
    """The utterance a regrouped one was merged into, or None."""
    if not db.table("utterance_redirects").exists():
        return None
    row = _one(db, "select new_id from utterance_redirects where old_id = ?", [utterance_id])
    return row["new_id"] if row else None


def quote(db, qid):
    """One quote with its speaker, outlet and article, or None."""
    return _one(db, f"select {QUOTE_COLUMNS} {QUOTE_JOINS} where quotes.id = ?", [qid])


def article(db, article_id):
    syndicated = ", articles.syndicated_from" if has_column(db, "articles", "syndicated_from") else ""
    return _one(
        db,
        "select articles.id, articles.title, articles.url, articles.published, articles.author,"
        " articles.text,"
        f" articles.outlet_id, outlets.name as outlet{syndicated}"
        " from articles left join outlets on outlets.id = articles.outlet_id where articles.id = ?",
        [article_id],
    )


def paragraph(text, q):
    """(before, quoted, after) for the paragraph around a quote, so the page can mark it.

    Uses the stored paragraph offsets, or the surrounding newlines when they are missing.
    """
    if not text:
        return None
    start, end = q["start"] or 0, q["end"] or 0
    p_start, p_end = q.get("paragraph_start") or 0, q.get("paragraph_end") or 0
    if not (p_start <= start <= end <= p_end):
        p_start = text.rfind("\n", 0, start) + 1
        nl = text.find("\n", end)
        p_end = len(text) if nl == -1 else nl
    return text[p_start:start], text[start:end], text[end:p_end]


def renderings(db, utterance_id):
    """Every quote of one utterance, oldest first, then by outlet."""
    if not utterance_id:
        return []
    return list(db.query(
        f"select {QUOTE_COLUMNS} {QUOTE_JOINS} where quotes.utterance_id = ?"
        " order by quotes.published, outlets.name, quotes.id",
        [utterance_id],
    ))


def utterance(db, utterance_id):
    return _one(
        db,
        "select utterances.*, speakers.name as speaker from utterances"
        " left join speakers on speakers.id = utterances.speaker_id where utterances.id = ?",
        [utterance_id],
    )


def speaker(db, speaker_id):
    """The speaker, their aliases and how many quotes and utterances they have."""
    row = _one(db, "select id, name, kind, description from speakers where id = ?", [speaker_id])
    if row is None:
        return None
    row["aliases"] = [
        dict(r) for r in db.query(
            "select alias, rule from speaker_aliases where speaker_id = ? order by alias",
            [speaker_id],
        )
    ]
    row["n_quotes"] = db.table("quotes").count_where("speaker_id = ?", [speaker_id])
    row["n_utterances"] = db.table("utterances").count_where("speaker_id = ?", [speaker_id])
    row["outlets"] = [  # counted on the speaker's index entries, then named
        dict(r) for r in db.query(
            "select outlets.id, outlets.name, counts.n_quotes from (select outlet_id,"
            " count(*) as n_quotes from quotes where speaker_id = ? group by outlet_id) as counts"
            " join outlets on outlets.id = counts.outlet_id"
            " order by counts.n_quotes desc, outlets.name",
            [speaker_id],
        )
    ]
    return row


def speaker_timeline(db, speaker_id):
    """[{"month": "2024-12", "n_quotes": 3}, ...]: a speaker's quotes per month, oldest first
    (read off the speaker_id, published index)."""
    return [dict(r) for r in db.query(
        "select substr(published, 1, 7) as month, count(*) as n_quotes from quotes"
        " where speaker_id = ? and published is not null group by month order by month",
        [speaker_id])]


def speaker_roles(db, speaker_id, limit=20):
    """The roles articles gave a speaker ("Russian Foreign Minister"), most frequent first:
    the words of their mentions before the name they resolved to."""
    rows = db.query(
        "select trim(substr(speaker_mention, 1, length(speaker_mention) - length(speakers.name)))"
        " as role, count(*) as n from quotes join speakers on speakers.id = quotes.speaker_id"
        " where quotes.speaker_id = ? and speakers.kind = 'person'"
        " and length(speaker_mention) > length(speakers.name) + 2"
        " and substr(speaker_mention, length(speaker_mention) - length(speakers.name) + 1)"
        " = speakers.name group by role order by n desc, role limit ?", [speaker_id, limit])
    roles = (r["role"].strip(" ,") for r in rows)
    # "Russia's Sergei Lavrov": a possessive alone says where, not what role
    return [r for r in roles if r and not re.fullmatch(r"[\w\s.-]+['\u2019]s", r)]


SPEAKER_CHOICES = 50  # candidates listed when a name fits several speakers


def _ids(db, sql, params):
    """The sorted distinct values of the first column of a query."""
    return sorted({next(iter(row.values())) for row in db.query(sql, params)})


def resolve_speaker(db, name):
    """Which speaker `name` stands for, found on the indexed alias tables before any quote
    is read: {"ids", "match", "ambiguous", "speakers"}.

    In order, the first that finds anyone decides: a speaker id, or an old one that now
    redirects; an alias in any case
    ("sergei lavrov", "Russian Foreign Minister Sergei Lavrov"); an alias spelled alike
    (names.name_key: "Sergey Lavrov", "Abu Mohammed al-Golani"); for one word, the surname
    of a person ("Lavrov", "Golani"). A name that fits two or more speakers is ambiguous:
    no speaker is chosen and "speakers" lists the candidates. A one-word name is ambiguous
    when two people have it as a surname, even if only one was ever written so.
    """
    name = (name or "").strip()
    if _one(db, "select id from speakers where id = ?", [name]):
        return _speaker_match(db, [name], "id")
    moved = _one(db, "select new_id from speaker_redirects where old_id = ?", [name])
    if moved:  # an old id (merged, or renamed by a fuller name)
        return _speaker_match(db, [moved["new_id"]], "id")
    ids, match = _ids(db, "select speaker_id from speaker_aliases where alias = ? collate nocase",
                      [name]), "alias"
    person = store.alias_search_fields(name)
    keys = sorted({k for kind in (None, "anonymous", "organization")
                   for k in [store.alias_search_fields(name, kind)["key"]] if k})
    if not ids and keys:
        ids, match = _ids(db, "select speaker_id from speaker_aliases where key in ({})".format(
            ", ".join("?" for _ in keys)), keys), "spelling"
    if person["key"] and " " not in person["key"]:
        people = _ids(db, "select speaker_aliases.speaker_id from speaker_aliases"
                          " join speakers on speakers.id = speaker_aliases.speaker_id"
                          " where speaker_aliases.surname = ? and speakers.kind = 'person'"
                          " and speakers.scope is null", [person["surname"]])
        if not ids:
            ids, match = people, "surname"
        else:
            ids = sorted(set(ids) | set(people))
    return _speaker_match(db, ids, match if ids else None)


def _speaker_match(db, ids, match):
    listed = ids[:SPEAKER_CHOICES]
    marks = ", ".join("?" for _ in listed)
    found = {r["id"]: r for r in db.query(
        f"select id, name, kind, description from speakers where id in ({marks})", listed)}
    return {"ids": ids if len(ids) == 1 else [], "match": match, "ambiguous": len(ids) > 1,
            "n_speakers": len(ids), "speakers": [found[i] for i in listed if i in found]}


def resolve_outlet(db, outlet):
    """Ids of the outlet with this id or this name (any case); the outlets table is small."""
    return _ids(db, "select id from outlets where id = ? or name = ? collate nocase",
                [outlet, outlet])


# A full-text search with more hits than this walks the quotes newest first and keeps
# those that match (the page fills after about per_page * quotes / hits rows); with fewer,
# it reads the matching rows and sorts them.
PROBE_ABOVE = 2000


def search_quotes(db, speaker_ids=None, outlet_ids=None, q=None, since=None, until=None,
                  page=1, per_page=50, match=None):
    """(rows, total) for the filters given, newest first. speaker_ids and outlet_ids are
    resolved ids (resolve_speaker, resolve_outlet; None: any, []: none); q searches the
    words of the quotes (the text column of the full-text index); match, instead of q, is
    a ready FTS5 query over every indexed column (Datasette's search: the words and the
    speaker's names).

    Filters and count read the quotes table alone, through its indexes; the page of rowids
    is found first and only those rows are joined to their speaker, outlet and article.
    """
    where, params = [], []
    for column, ids in (("speaker_id", speaker_ids), ("outlet_id", outlet_ids)):
        if ids is None:
            continue
        if not ids:
            return [], 0
        where.append(f"quotes.{column} in ({', '.join('?' for _ in ids)})")
        params += list(ids)
    if since:
        where.append("quotes.published >= ?")
        params.append(since)
    if until:
        where.append("quotes.published <= ?")
        params.append(until)
    if q and match is None:
        match = text_match(db, q)
        if match is None:
            return [], 0
    fts = "quotes.rowid in (select rowid from quotes_fts where quotes_fts match ?)"
    if match and not where:
        total = db.execute("select count(*) from quotes_fts where quotes_fts match ?",
                           [match]).fetchone()[0]
    else:
        total = None if match else kept_count(db, speaker_ids, outlet_ids, since, until)
    if total is None:
        clause = " where " + " and ".join(where + ([fts] if match else [])) if where else ""
        total = db.execute(f"select count(*) from quotes{clause}",
                           params + ([match] if match else [])).fetchone()[0]
    if total <= (page - 1) * per_page:
        return [], total
    if match:
        # "+" keeps SQLite from looking the matches up one by one when they are many
        where.append(("+" if total > PROBE_ABOVE else "") + fts)
        params.append(match)
    clause = (" where " + " and ".join(where)) if where else ""
    rows = list(db.query(
        f"select {QUOTE_COLUMNS} from (select quotes.rowid as page_rowid from quotes{clause}"
        " order by quotes.published desc, quotes.article_id, quotes.start limit ? offset ?)"
        " as page join quotes on quotes.rowid = page.page_rowid"
        f" {QUOTE_JOINS.strip()[len('from quotes'):]}"
        " order by quotes.published desc, quotes.article_id, quotes.start",
        params + [per_page, (page - 1) * per_page],
    ))
    return rows, total


def kept_count(db, speaker_ids=None, outlet_ids=None, since=None, until=None):
    """How many quotes a filter on one faceted column selects (some speakers, some outlets,
    a date range, or none: all of them), summed from quote_facets (a row a value, kept by
    triggers on every write, store.FACET_TRIGGERS) rather than counted over the quotes'
    index entries (31 ms for all of them at a million quotes); None for other filters."""
    filters = [speaker_ids is not None, outlet_ids is not None, bool(since or until)]
    if sum(filters) > 1:
        return None
    if speaker_ids is not None or outlet_ids is not None:
        facet, ids = ("speaker_id", speaker_ids) if speaker_ids is not None else ("outlet_id", outlet_ids)
        sql = ("select coalesce(sum(n), 0) from quote_facets where facet = ?"
               f" and value in ({', '.join('?' for _ in ids)})")
        params = [facet, *ids]
    else:
        sql = "select coalesce(sum(n), 0) from quote_facets where facet = 'published'"
        params = []
        for op, value in ((">=", since), ("<=", until)):
            if value:
                sql += f" and value {op} ?"
                params.append(value)
    try:
        total = db.execute(sql, params).fetchone()[0]
    except sqlite3.OperationalError:  # a database shaped before quote_facets
        return None
    if not any(filters):  # all of them: the undated ones too, off the date index
        total += db.execute("select count(*) from quotes where published is null").fetchone()[0]
    return total


def text_match(db, q):
    """An FTS5 query for the words of q in the quote text column (None when q has no words):
    user syntax (quotes, AND, brackets) is taken as words, never as an error."""
    quoted = db.quote_fts(q)
    return "{text} : (" + quoted + ")" if quoted.strip('" ') else None
