"""Read queries the web layer needs and store.py does not offer (parameterized SQL only).

Each function returns plain dicts so the same data feeds the HTML pages and the JSON API.
"""
QUOTE_COLUMNS = """
  quotes.id, quotes.text, quotes.kind, quotes.cue, quotes.channel, quotes.speaker_mention,
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


def quote(db, qid):
    """One quote with its speaker, outlet and article, or None."""
    return _one(db, f"select {QUOTE_COLUMNS} {QUOTE_JOINS} where quotes.id = ?", [qid])


def article(db, article_id):
    syndicated = ", articles.syndicated_from" if has_column(db, "articles", "syndicated_from") else ""
    return _one(
        db,
        "select articles.id, articles.title, articles.url, articles.published, articles.text,"
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
    row["outlets"] = [
        dict(r) for r in db.query(
            "select outlets.id, outlets.name, count(*) as n_quotes from quotes"
            " join outlets on outlets.id = quotes.outlet_id where quotes.speaker_id = ?"
            " group by outlets.id order by n_quotes desc, outlets.name",
            [speaker_id],
        )
    ]
    return row


def search_quotes(db, speaker=None, outlet=None, q=None, since=None, until=None,
                  page=1, per_page=50):
    """(rows, total) for the filters given; speaker and outlet match an id or a name."""
    where, params = [], []
    if speaker:
        where.append("(quotes.speaker_id = ? or speakers.name = ? collate nocase)")
        params += [speaker, speaker]
    if outlet:
        where.append("(quotes.outlet_id = ? or outlets.name = ? collate nocase)")
        params += [outlet, outlet]
    if q:
        where.append("quotes.rowid in (select rowid from quotes_fts where quotes_fts match ?)")
        params.append(db.quote_fts(q))
    if since:
        where.append("quotes.published >= ?")
        params.append(since)
    if until:
        where.append("quotes.published <= ?")
        params.append(until)
    clause = (" where " + " and ".join(where)) if where else ""
    total = _one(db, f"select count(*) as n {QUOTE_JOINS}{clause}", params)["n"]
    rows = list(db.query(
        f"select {QUOTE_COLUMNS} {QUOTE_JOINS}{clause}"
        " order by quotes.published desc, quotes.article_id, quotes.start limit ? offset ?",
        params + [per_page, (page - 1) * per_page],
    ))
    return rows, total
