"""Read queries the web layer needs and store.py does not offer (parameterized SQL only).

Each function returns plain dicts so the same data feeds the HTML pages and the JSON API.
"""
import difflib
import re

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
    """(new_id, article_id) for a superseded quote id, or None when the id was never known."""
    row = _one(db, "select new_id, article_id from quote_redirects where old_id = ?", [qid])
    return (row["new_id"], row["article_id"]) if row else None


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


TOKEN = re.compile(r"\w+(?:['\u2019\-]\w+)*|[^\w\s]", re.UNICODE)


def tokens(text):
    """Word and punctuation tokens, each with the whitespace before it (to rebuild the text)."""
    text = text or ""
    out, last = [], 0
    for m in TOKEN.finditer(text):
        out.append((m.group(), text[last:m.start()]))
        last = m.end()
    return out


def _norm(word):
    """Case, apostrophe style and the choice of , . ; : ! ? do not count as differences."""
    if word in ",.;:!?":
        return ","
    return word.lower().replace("\u2019", "'")


def _join(toks):
    return "".join(space + word for word, space in toks)


def word_diff(reference, text):
    """text as (kind, words) runs against reference: same, added, changed, removed or cut.

    Compared case-insensitively on word tokens, so 'is waiting for' vs 'awaits' shows as a
    change while a capital letter or a curly apostrophe does not. 'was' holds the
    reference words a 'changed' run replaces, 'removed' the words this rendering leaves out,
    'cut' the same at either end (a rendering that quotes only part of the sentence).
    """
    ref, mine = tokens(reference), tokens(text)
    matcher = difflib.SequenceMatcher(
        a=[_norm(w) for w, _ in ref], b=[_norm(w) for w, _ in mine], autojunk=False
    )
    out = []
    opcodes = matcher.get_opcodes()
    for n, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "delete":
            at_edge = n in (0, len(opcodes) - 1) and len(opcodes) > 1
            out.append(["cut" if at_edge else "removed", _join(ref[a1:a2])])
        elif op == "replace":
            out.append(["was", _join(ref[a1:a2])])
        if op != "delete":
            kind = {"equal": "same", "insert": "added", "replace": "changed"}[op]
            out.append([kind, _join(mine[b1:b2])])
    if out and out[0][0] == "cut":
        out[0][1] = out[0][1].lstrip()
    return [tuple(run) for run in out]
