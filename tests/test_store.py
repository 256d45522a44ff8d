import pytest
import sqlite_utils

from rows import table_counts
from tracker import store
from tracker.articles import Article

from conftest import quotes_in


def test_ensure_db_shape_is_idempotent(fresh_db):
    schema = fresh_db.schema
    store.ensure_db_shape(fresh_db)
    store.ensure_db_shape(fresh_db)
    assert fresh_db.schema == schema
    assert [r["version"] for r in fresh_db.table("migrations").rows] == [v for v, _, _ in store.MIGRATIONS]


def test_a_database_from_before_the_scope_column_is_migrated(tmp_path):
    """Version 1 marked scoped speakers by id prefix only; the migration moves that into
    speakers.scope (the article of their quotes), and search triggers keep working."""
    db = sqlite_utils.Database(tmp_path / "old.db")
    db["articles"].insert({"id": "a1", "text": "t"}, pk="id")
    db["speakers"].insert_all([{"id": "s-anon-a1-resident", "name": "resident", "kind": "anonymous",
                                "description": None},
                               {"id": "s-sergei-lavrov", "name": "Sergei Lavrov", "kind": "person",
                                "description": None}], pk="id")
    db["quotes"].insert({"id": "q1", "article_id": "a1", "speaker_id": "s-anon-a1-resident",
                         "text": "x"}, pk="id")
    db["migrations"].insert({"version": 1, "name": "initial schema", "applied_at": "x"}, pk="version")
    db["speakers"].enable_fts(["name"], create_triggers=True)
    store.ensure_db_shape(db)
    scopes = {r["id"]: r["scope"] for r in db["speakers"].rows}
    # migration 14 then gives them readable ids (the anonymous one ends in its article)
    assert scopes == {"anonymous-resident-a1": "a1", "sergei-lavrov": None}
    assert [r[0] for r in db.execute("select speaker_id from quotes")] == ["anonymous-resident-a1"]
    assert dict(db.execute("select old_id, new_id from speaker_redirects").fetchall()) == {
        "s-anon-a1-resident": "anonymous-resident-a1", "s-sergei-lavrov": "sergei-lavrov"}
    db["speakers"].insert({"id": "s-x", "name": "Yelena Volkova", "kind": "person"})
    assert [r["id"] for r in db.query(
        "select rowid, * from speakers where rowid in "
        "(select rowid from speakers_fts where speakers_fts match 'Volkova')")] == ["s-x"]


def test_ensure_db_shape_completes_an_older_table():
    db = sqlite_utils.Database(memory=True)
    db.table("quotes").create({"id": str, "text": str}, pk="id")
    store.ensure_db_shape(db)
    assert set(store.TABLES["quotes"]["columns"]) <= set(db.table("quotes").columns_dict)
    assert db.table("quotes").detect_fts() == "quotes_fts"


def test_foreign_keys_and_their_indexes(fresh_db):
    for table, column, other, other_column in store.FOREIGN_KEYS:
        fks = {(fk.column, fk.other_table, fk.other_column) for fk in fresh_db.table(table).foreign_keys}
        assert (column, other, other_column) in fks
        indexed = {tuple(ix.columns) for ix in fresh_db.table(table).indexes}
        assert (column,) in indexed, f"{table}.{column} has no index"


def test_open_db_uses_wal(db_path):
    db = store.open_db(db_path)
    assert db.journal_mode == "wal"
    assert db.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL: no fsync per commit
    assert "quotes_fts" in db.table_names()


def save(db, article, quotes):
    ids = ["s-" + store.slug(q.speaker) if q.speaker else None for q in quotes]
    speakers = [
        {"id": i, "name": q.speaker, "kind": q.speaker_kind, "description": None}
        for i, q in zip(ids, quotes)
        if i
    ]
    aliases = [{"alias": q.speaker, "speaker_id": i, "rule": "exact"} for i, q in zip(ids, quotes) if i]
    return store.save_article(db, article, quotes, ids, speakers, aliases)


def dump(db):
    return {name: list(db.table(name).rows) for name in store.TABLES if name != "migrations"}


def test_save_article_writes_rows_with_stable_ids(fresh_db, article_a, quotes_a):
    ids = save(fresh_db, article_a, quotes_a)
    assert len(ids) == 2 and all(i.startswith("q") and len(i) == 13 for i in ids)
    assert table_counts(fresh_db)["quotes"] == 2
    row = fresh_db.table("quotes").get(ids[0])
    assert row["article_id"] == article_a.id
    assert row["outlet_id"] == "wire-one"
    assert row["published"] == "2024-12-07"
    assert fresh_db.table("articles").get(article_a.id)["text"] == article_a.text
    assert row["text"] == article_a.text[row["start"]:row["end"]]


def test_resaving_an_article_changes_nothing(fresh_db, article_a, quotes_a, article_b, quotes_b):
    save(fresh_db, article_a, quotes_a)
    save(fresh_db, article_b, quotes_b)
    before = dump(fresh_db)
    save(fresh_db, article_a, quotes_a)
    save(fresh_db, article_b, quotes_b)
    assert dump(fresh_db) == before
    assert fresh_db.table("quote_redirects").count == 0


def test_outlet_from_domain_when_no_name():
    article = Article(text="x", source="u", url="https://www.reuters.com/world/1")
    assert store.outlet_record(article) == {"id": "reuters-com", "name": "reuters.com", "domain": "reuters.com"}


def live_id(db, qid):
    """Where a permalink lands: the quote itself, or the end of its redirect chain."""
    if db.table("quotes").count_where("id = ?", [qid]):
        return qid
    row = next(db.query("select new_id from quote_redirects where old_id = ?", [qid]), None)
    return row["new_id"] if row else None


def test_superseded_quote_redirects_to_the_same_speakers_rendering(fresh_db, article_a, quotes_a):
    old_ids = save(fresh_db, article_a, quotes_a)
    # The extractor now includes the trailing comma-less span: offsets change, id changes.
    changed = quotes_in(article_a.text, [("Damascus is waiting for you", "Abu Mohammed al-Jolani", "person")])
    new_ids = save(fresh_db, article_a, changed)
    assert set(r["id"] for r in fresh_db.table("quotes").rows) == set(new_ids)
    redirects = {r["old_id"]: r["new_id"] for r in fresh_db.table("quote_redirects").rows}
    assert redirects[old_ids[0]] == new_ids[0]
    assert redirects[old_ids[1]] is None  # the dropped quote has no successor
    assert live_id(fresh_db, old_ids[0]) == new_ids[0]
    # A third extraction moves it again: the first permalink follows the chain.
    again = quotes_in(article_a.text, [("Damascus is waiting", "Abu Mohammed al-Jolani", "person")])
    third = save(fresh_db, article_a, again)
    assert live_id(fresh_db, old_ids[0]) == third[0]
    # And back to the original: its own id is live again, no redirect shadows it.
    save(fresh_db, article_a, quotes_a)
    assert live_id(fresh_db, old_ids[0]) == old_ids[0]
    assert fresh_db.table("quote_redirects").count_where("old_id = ?", [old_ids[0]]) == 0


def test_failed_save_leaves_nothing_behind(fresh_db, article_a, quotes_a, monkeypatch):
    def boom(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_redirect", boom)
    with pytest.raises(RuntimeError):
        save(fresh_db, article_a, quotes_a)
    assert table_counts(fresh_db) == {name: 0 for name in table_counts(fresh_db)}


def test_full_text_search(fresh_db, article_a, quotes_a, article_b, quotes_b):
    save(fresh_db, article_a, quotes_a)
    save(fresh_db, article_b, quotes_b)
    assert {r["text"] for r in fresh_db.table("quotes").search("Damascus")} == {
        "Damascus is waiting for you.",
        "Damascus awaits you,",
    }
    assert {r["name"] for r in fresh_db.table("speakers").search("jolani")} == {
        "Jolani",
        "Abu Mohammed al-Jolani",
    }
    # The FTS index follows deletions (triggers), so a dropped quote is not found.
    save(fresh_db, article_a, quotes_a[1:])
    assert [r["text"] for r in fresh_db.table("quotes").search("waiting")] == []


def utterance_rows(records, clusters):
    rows = {}
    for r in records:
        row = rows.setdefault(clusters[r["id"]], {"id": clusters[r["id"]], "speaker_id": r["speaker_id"],
                                                  "text": r["text"], "n_quotes": 0, "outlets": set()})
        row["n_quotes"] += 1
        row["outlets"].add(r["outlet_id"])
    return [dict(row, n_outlets=len(row.pop("outlets"))) for row in rows.values()]


def test_save_utterances_links_quotes_and_drops_orphans(fresh_db, article_a, quotes_a, article_b, quotes_b):
    qa = save(fresh_db, article_a, quotes_a)
    qb = save(fresh_db, article_b, quotes_b)
    stored = sorted(r["id"] for r in fresh_db.table("quotes").rows)
    records = store.quotes_for_regrouping(fresh_db, stored, ())
    assert len(records) == 3
    clusters = {qa[0]: "u1", qb[0]: "u1", qa[1]: "u2"}
    store.save_utterances(fresh_db, records, clusters, utterance_rows(records, clusters))
    u1 = fresh_db.table("utterances").get("u1")
    assert (u1["n_quotes"], u1["n_outlets"]) == (2, 2)
    assert [r["utterance_id"] for r in fresh_db.query("select * from widely_quoted")] == ["u1"]
    assert fresh_db.table("quotes").get(qb[0])["utterance_id"] == "u1"
    # Regrouped: u2 loses its only quote and disappears.
    records = store.quotes_for_regrouping(fresh_db, stored, ())
    clusters = {qa[0]: "u1", qb[0]: "u1", qa[1]: "u3"}
    store.save_utterances(fresh_db, records, clusters, utterance_rows(records, clusters))
    assert {r["id"] for r in fresh_db.table("utterances").rows} == {"u1", "u3"}
    assert fresh_db.table("quotes").get(qa[1])["utterance_id"] == "u3"


def test_unattributed_quotes_are_selectable_for_regrouping(fresh_db, article_a, quotes_a):
    quotes_a[1].speaker = None
    ids = save(fresh_db, article_a, quotes_a)
    unattributed = [i for i in ids if fresh_db["quotes"].get(i)["speaker_id"] is None]
    assert [r["text"] for r in store.quotes_for_regrouping(fresh_db, unattributed, ())] == ["We will not leave,"]
    assert len(store.quotes_for_regrouping(fresh_db, ids, ())) == 2
    assert store.quotes_for_regrouping(fresh_db, [], ()) == []


def test_one_outlet_whatever_its_spelling(tmp_path):
    """www.example.com, example.com and "Example News" are one outlet row."""
    import sqlite_utils

    from tracker import store
    from tracker.articles import Article

    db = sqlite_utils.Database(tmp_path / "o.db")
    store.ensure_db_shape(db)
    store.save_article(db, Article(text="One.", source="a", url="https://www.example.com/1"), [])
    store.save_article(db, Article(text="Two.", source="b", url="http://example.com/2", outlet="Example News"), [])
    store.save_article(db, Article(text="Three.", source="c", outlet="example news"), [])
    store.save_article(db, Article(text="Four.", source="d", outlet="Other Daily"), [])
    rows = list(db["outlets"].rows)
    assert len(rows) == 2, rows
    example = next(r for r in rows if r["domain"] == "example.com")
    assert example["name"] == "Example News"
    assert {a["outlet_id"] for a in db["articles"].rows if a["source"] in "abc"} == {example["id"]}


def test_every_reader_s_date_is_stored_as_an_iso_day(fresh_db):
    """A feed, a record or an API call may give a time and a zone; articles and quotes keep
    the day it was where it was written, one form to sort and facet on."""
    import datetime

    from tracker.articles import Article

    dates = {"2024-12-07T23:30:00-05:00": "2024-12-07", "Sat, 07 Dec 2024 09:30:00 GMT": "2024-12-07",
             datetime.datetime(2024, 12, 7, 18, 30): "2024-12-07", "2024-12-07": "2024-12-07",
             "rubbish": None}
    for n, (given, day) in enumerate(dates.items()):
        article = Article(text=f"Article {n}.", source=f"s{n}", outlet="One", published=given)
        store.save_article(fresh_db, article, [])
        assert fresh_db["articles"].get(article.id)["published"] == day, given


def test_migration_cuts_stored_datetimes_to_the_day(tmp_path):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    db["articles"].insert({"id": "a1", "text": "x", "content_hash": "h", "published": "2024-12-07T18:30:00+00:00"})
    db.execute("delete from migrations where version = 11")
    db.conn.commit()
    reopened = store.open_db(path)
    assert reopened["articles"].get("a1")["published"] == "2024-12-07"


def _counts_agree(db):
    counted = {r["speaker_id"]: r["n"] for r in db.query(
        "select speaker_id, count(*) as n from quotes where speaker_id is not null group by speaker_id")}
    stored = {r["id"]: r["n_quotes"] for r in db.query("select id, n_quotes from speakers")}
    assert stored == {sid: counted.get(sid, 0) for sid in stored}
    return stored


def test_speakers_n_quotes_follows_every_write(fresh_db, article_a, quotes_a):
    from tracker.articles import Article
    from tracker.extract import Quote

    text = 'Ann Lee said "we will build it." Bob Ray said "we will not." Ann Lee said "soon."'
    quotes = [Quote(start=text.index(t), end=text.index(t) + len(t), text=t, speaker=s)
              for t, s in (("we will build it.", "Ann Lee"), ("we will not.", "Bob Ray"), ("soon.", "Ann Lee"))]
    article = Article(text=text, source="x", outlet="One")
    speakers = [{"id": "s-ann", "name": "Ann Lee"}, {"id": "s-bob", "name": "Bob Ray"}]
    store.save_article(fresh_db, article, quotes, ["s-ann", "s-bob", "s-ann"], speakers)
    assert _counts_agree(fresh_db) == {"s-ann": 2, "s-bob": 1}
    store.save_article(fresh_db, article, quotes[:2], ["s-ann", "s-bob"], speakers)  # a quote gone
    assert _counts_agree(fresh_db) == {"s-ann": 1, "s-bob": 1}
    store.merge_speakers(fresh_db, "s-bob", "s-ann", "test")
    assert _counts_agree(fresh_db) == {"s-ann": 2}


def test_an_audience_is_stored_apart_from_the_channel(fresh_db):
    """"told reporters": reporters are whom it was said to, not where (Datasette facets on
    channel show places and media only)."""
    from tracker.articles import Article
    from tracker.extract import Quote

    text = 'He told reporters "we stay." She said on Telegram "we go." He told AFP "later."'
    specs = [("we stay.", "told", "reporters"), ("we go.", "said", "Telegram"), ("later.", "told", "AFP")]
    quotes = [Quote(start=text.index(t), end=text.index(t) + len(t), text=t, cue=cue, channel=ch)
              for t, cue, ch in specs]
    store.save_article(fresh_db, Article(text=text, source="x", outlet="One"), quotes)
    stored = {r["text"]: (r["channel"], r["audience"]) for r in fresh_db["quotes"].rows}
    assert stored == {"we stay.": (None, "reporters"), "we go.": ("Telegram", None),
                      "later.": (None, "AFP")}


def test_migration_moves_stored_audiences_out_of_the_channel(tmp_path):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    db["articles"].insert({"id": "a1", "text": "x", "content_hash": "h"})
    db["quotes"].insert_all([
        {"id": "q1", "article_id": "a1", "text": "x", "cue": "told", "channel": "reporters"},
        {"id": "q2", "article_id": "a1", "text": "y", "cue": "said", "channel": "a statement"}])
    db.execute("delete from migrations where version = 13")
    db.conn.commit()
    reopened = store.open_db(path)
    assert [(r["channel"], r["audience"]) for r in reopened.query(
        "select channel, audience from quotes order by id")] == [(None, "reporters"), ("a statement", None)]


def test_a_missing_column_is_added_in_place_without_copying_the_table(tmp_path):
    """Upgrading a large archive must not copy its quotes: a column the spec added is an
    ALTER TABLE ADD COLUMN (the table keeps its b-tree root page), with its foreign key,
    and the full-text triggers stay in place and keep working."""
    db = store.open_db(tmp_path / "old.db")
    old_columns = [c for c in store.TABLES["quotes"]["columns"] if c not in ("audience", "utterance_id")]
    db.execute("drop trigger [quotes_ai]")
    db.execute("drop trigger [quotes_ad]")
    db.execute("drop trigger [quotes_au]")
    db.execute("drop table [quotes_fts]")
    db.execute("drop table quotes")
    db.table("quotes").create({c: store.TABLES["quotes"]["columns"][c] for c in old_columns},
                              pk="id")
    db.table("quotes").enable_fts(store.FTS_CONFIG["quotes"], create_triggers=True,
                                  tokenize=store.FTS_TOKENIZE)
    db.table("quotes").insert({"id": "q1", "text": "the ceasefire holds", "channel": "Telegram"})
    root = db.execute("select rootpage from sqlite_master where name = 'quotes'").fetchone()[0]
    db.conn.commit()

    store.ensure_db_shape(db)

    assert db.execute("select rootpage from sqlite_master where name = 'quotes'").fetchone()[0] == root
    assert set(store.TABLES["quotes"]["columns"]) == set(db.table("quotes").columns_dict)
    assert ("utterance_id", "utterances", "id") in {
        (fk.column, fk.other_table, fk.other_column) for fk in db.table("quotes").foreign_keys}
    assert db.table("quotes").get("q1")["text"] == "the ceasefire holds"
    db.table("quotes").insert({"id": "q2", "text": "talks resume", "audience": "reporters"})
    assert [r["id"] for r in db.query(
        "select quotes.id from quotes join quotes_fts on quotes_fts.rowid = quotes.rowid"
        " where quotes_fts match 'resume'")] == ["q2"]


def test_update_by_distinct_computes_once_per_distinct_inputs_and_writes_every_row(fresh_db):
    fresh_db["quotes"].insert_all([
        {"id": f"q{i}", "text": "x", "cue": cue, "channel": channel}
        for i, (cue, channel) in enumerate([("told", "reporters"), ("told", "reporters"),
                                            (None, "reporters"), ("said", None), ("told", "AFP")])])
    calls = []

    def upper(cue, channel):
        calls.append((cue, channel))
        return ((cue or "").upper() + "/" + channel,)

    n = store.update_by_distinct(fresh_db, "quotes", ["cue", "channel"], ["speaker_mention"], upper,
                                 where="channel is not null")
    assert n == 4
    assert sorted(calls, key=str) == sorted([("told", "reporters"), (None, "reporters"),
                                             ("told", "AFP")], key=str)
    assert {r["id"]: r["speaker_mention"] for r in fresh_db["quotes"].rows} == {
        "q0": "TOLD/reporters", "q1": "TOLD/reporters", "q2": "/reporters", "q3": None,
        "q4": "TOLD/AFP"}


def test_rows_in_batches_reads_every_matching_row_once_while_the_table_is_written(fresh_db):
    fresh_db["outlets"].insert_all([{"id": f"o{i:02}", "name": str(i)} for i in range(25)])
    seen = []
    for batch in store.rows_in_batches(fresh_db, "outlets", "id", where="name != 'x'", size=4):
        assert len(batch) <= 4
        for _, outlet_id in batch:
            seen.append(outlet_id)
            fresh_db.execute("update outlets set name = 'x' where id = ?", [outlet_id])
            fresh_db["outlets"].insert({"id": outlet_id + "-new", "name": "x"})
    assert seen == [f"o{i:02}" for i in range(25)]


def test_the_bulk_syndication_migration_keeps_the_rows_article_by_article_indexing_keeps(
        fresh_db, monkeypatch):
    """Migration 8 fills the index in one statement; the rows are those that indexing the
    articles one at a time in id order would keep, posting cap included."""
    from tracker import syndication

    monkeypatch.setattr(syndication, "POSTING_CAP", 2)
    shared = " ".join(f"word{i}" for i in range(40))
    texts = {f"a{i}": shared + " " + " ".join(f"own{i}x{j}" for j in range(30)) for i in range(4)}
    fresh_db["articles"].insert_all([{"id": k, "text": v} for k, v in reversed(texts.items())])
    for article_id in sorted(texts):
        store.save_syndication_sketch(fresh_db, article_id, syndication.sketch(
            syndication.hashes(syndication.shingles(texts[article_id]))))
    one_by_one = sorted(tuple(r) for r in fresh_db.execute("select hash, article_id from syndication_shingles"))
    assert len({h for h, a in one_by_one if a == "a2"}) < len({h for h, a in one_by_one if a == "a0"})
    fresh_db.execute("delete from syndication_shingles")
    fresh_db.execute("delete from migrations where version = 8")
    store.ensure_db_shape(fresh_db)
    assert sorted(tuple(r) for r in fresh_db.execute(
        "select hash, article_id from syndication_shingles")) == one_by_one


def _facet_counts(db):
    return {(r["facet"], r["value"]): r["n"] for r in db.query(
        "select facet, value, n from quote_facets where n > 0")}


def _counted_from_quotes(db):
    found = {}
    for column in store.FACETED:
        for value, n in db.execute(f"select {column}, count(*) from quotes where {column} is not null"
                                   f" group by {column}").fetchall():
            found[(column, value)] = n
    return found


def test_quote_facets_follow_every_write(fresh_db, article_a, article_b, quotes_a, quotes_b):
    """The default facets' counts (kept by triggers) equal a count of the quotes after
    saves, a re-save that drops a quote, a speaker merge and a corrected date."""
    save(fresh_db, article_a, quotes_a)
    save(fresh_db, article_b, quotes_b)
    assert _facet_counts(fresh_db) == _counted_from_quotes(fresh_db)
    assert _facet_counts(fresh_db)[("speaker_id", "s-abu-mohammed-al-jolani")] == 1
    save(fresh_db, article_a, quotes_a[:1])
    store.merge_speakers(fresh_db, "s-jolani", "s-abu-mohammed-al-jolani", "test")
    corrected = Article(text=article_b.text, source=article_b.source, url=article_b.url,
                        outlet=article_b.outlet, published="2024-12-09", title=article_b.title)
    store.update_article_metadata(fresh_db, corrected)
    assert _facet_counts(fresh_db) == _counted_from_quotes(fresh_db)
    assert _facet_counts(fresh_db)[("speaker_id", "s-abu-mohammed-al-jolani")] == 2
    assert ("published", "2024-12-09") in _facet_counts(fresh_db)
    assert fresh_db.execute("select count(*) from quote_facets where n <= 0").fetchone()[0] == 0


def test_migration_17_counts_the_quotes_stored_before_it(fresh_db, article_a, quotes_a):
    save(fresh_db, article_a, quotes_a)
    fresh_db.execute("delete from quote_facets")
    fresh_db.execute("delete from migrations where version = 17")
    store.ensure_db_shape(fresh_db)
    assert _facet_counts(fresh_db) == _counted_from_quotes(fresh_db) != {}


def test_a_rename_leaves_the_blocking_index_in_place_and_a_merge_moves_it(fresh_db):
    """quote_stems files a speaker's quotes under the id they were first filed under: a
    rename writes one speaker_stem_keys row and the renamed speaker's quotes are still its
    candidates; a merge into another stored speaker moves them to that speaker's key."""
    fresh_db["speakers"].insert_all([{"id": "lavrov", "name": "Lavrov", "kind": "person"},
                                     {"id": "shoigu", "name": "Shoigu", "kind": "person"}], pk="id")
    quotes = [{"id": "q1", "speaker_id": "lavrov", "text": "the talks on grain exports failed"},
              {"id": "q2", "speaker_id": "shoigu", "text": "grain exports will resume soon"}]
    fresh_db["quotes"].insert_all(quotes, pk="id")
    store.index_quote_stems(fresh_db, quotes, [])
    stems_before = fresh_db.execute("select stem, speaker_id, quote_id from quote_stems"
                                    " order by stem, quote_id").fetchall()
    store.merge_speakers(fresh_db, "lavrov", "sergei-lavrov", "renamed")
    assert fresh_db.execute("select stem, speaker_id, quote_id from quote_stems"
                            " order by stem, quote_id").fetchall() == stems_before
    assert store.stem_keys(fresh_db, ["sergei-lavrov"]) == {"sergei-lavrov": "lavrov"}
    new = {"id": "q3", "speaker_id": "sergei-lavrov", "text": "talks on grain exports failed again"}
    assert "q1" in store.utterance_candidates(fresh_db, new)
    store.merge_speakers(fresh_db, "sergei-lavrov", "shoigu", "test")
    assert fresh_db.execute("select count(*) from speaker_stem_keys").fetchone()[0] == 0
    assert {r[0] for r in fresh_db.execute("select distinct speaker_id from quote_stems")} == {"shoigu"}
    assert "q1" in store.utterance_candidates(fresh_db, dict(new, speaker_id="shoigu"))
