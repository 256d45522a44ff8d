"""Reads at scale, as behaviour: every /api/quotes query goes through an index; the count
and the page agree with plain SQL whichever plan runs; a slow request is stopped with a 503;
Datasette does not suggest facets. (Timings belong to bench/reads.py, not here.)"""
import asyncio
import re

import pytest

from tracker import store
from tracker.articles import Article
from tracker.publish import SETTINGS, datasette_instance, load_metadata
from tracker.web import create_app, queries

from conftest import quotes_in

SPEAKERS = ["Sergei Lavrov", "Olga Petrova", "Ivan Sidorov"]
OUTLETS = ["Wire One", "Paper Two", "Evening Post"]


def seed(db, n_articles=12):
    for n in range(n_articles):
        speaker = SPEAKERS[n % 3]
        words = [f"Damascus waits number {n}", f"Talks resume in round {n}"]
        text = "Intro.\n" + "\n".join(f"\u201c{w},\u201d {speaker} said." for w in words)
        sid = speaker.lower().replace(" ", "-")
        article = Article(text=text, source=f"{n}.txt", outlet=OUTLETS[n % 3],
                          published=f"2024-12-{n + 1:02d}", url=f"https://example.org/{n}")
        store.save_article(db, article, quotes_in(text, [(w + ",", speaker, "person") for w in words]),
                           [sid, sid], speakers=[{"id": sid, "name": speaker, "kind": "person"}],
                           aliases=[{"alias": speaker, "speaker_id": sid, "rule": "new"}])


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "quotes.db"
    db = store.open_db(path)
    seed(db)
    db.close()
    return path


@pytest.fixture
def db(db_file):
    return store.connect(db_file)


VARIANTS = [
    {},
    {"speaker_ids": ["sergei-lavrov"]},
    {"outlet_ids": ["wire-one"]},
    {"q": "damascus"},
    {"q": "damascus", "speaker_ids": ["olga-petrova"]},
    {"since": "2024-12-05"},
    {"since": "2024-12-03", "until": "2024-12-06"},
    {"outlet_ids": ["paper-two"], "since": "2024-12-04", "page": 2, "per_page": 2},
]


def plans(db, call):
    """Query plans of every statement `call` runs on db."""
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        call()
    finally:
        db.conn.set_trace_callback(None)
    return {sql: [row[3] for row in db.execute("explain query plan " + sql).fetchall()]
            for sql in statements
            if sql.lstrip().lower().startswith("select") and "'main'." not in sql}  # not FTS5's own


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: ",".join(v) or "all")
def test_api_queries_never_scan_the_quotes_table(db, variant):
    for sql, plan in plans(db, lambda: queries.search_quotes(db, **variant)).items():
        assert "SCAN quotes" not in plan, (sql, plan)  # a bare table scan, no index
        if (variant.get("speaker_ids") or variant.get("outlet_ids")) and re.search(r"\bfrom quotes\b", sql):
            assert any(p.startswith("SEARCH quotes USING") for p in plan), (sql, plan)
        assert not any(p.startswith(("SCAN speakers", "SCAN outlets", "SCAN articles"))
                       for p in plan), (sql, plan)


def test_resolving_a_name_reads_the_alias_indexes(db):
    db["speaker_redirects"].insert({"old_id": "s-sergei-lavrov", "new_id": "sergei-lavrov",
                                    "rule": "renamed"})
    assert queries.resolve_speaker(db, "s-sergei-lavrov")["ids"] == ["sergei-lavrov"]
    for name in ("Sergey Lavrov", "Lavrov", "sergei-lavrov", "s-sergei-lavrov"):
        for sql, plan in plans(db, lambda: queries.resolve_speaker(db, name)).items():
            if "collate nocase" in sql:
                continue  # an alias in any case: one pass over the small alias index
            assert not any(p.startswith("SCAN") for p in plan), (sql, plan)


def test_a_speakers_page_reads_indexes_and_sorts_no_whole_list(db):
    calls = lambda: (queries.speaker(db, "sergei-lavrov"),  # noqa: E731
                     queries.speaker_utterances(db, "sergei-lavrov"))
    for sql, plan in plans(db, calls).items():
        assert not any(p.startswith(("SCAN quotes", "SCAN utterances")) for p in plan), (sql, plan)
        if "from utterances" in sql and "order by" in sql:
            assert "USE TEMP B-TREE FOR ORDER BY" not in plan, (sql, plan)


def test_a_speakers_facets_on_datasette_read_indexes_without_a_grouping_sort(db):
    """Datasette's column facets on one speaker's quotes (its facet SQL, datasette.facets)
    read covering indexes and group in index order: only the top values are sorted."""
    for column in ("speaker_id", "outlet_id", "published"):
        sql = (f"select {column} as value, count(*) as count from (select * from quotes"
               f' where "speaker_id" = :p0) where {column} is not null group by {column}'
               " order by count desc, value limit 6")
        plan = [row[3] for row in db.execute("explain query plan " + sql,
                                             {"p0": "sergei-lavrov"}).fetchall()]
        assert any(p.startswith("SEARCH quotes USING COVERING INDEX") for p in plan), plan
        assert "USE TEMP B-TREE FOR GROUP BY" not in plan, (column, plan)


def reference(db, speaker_ids=None, outlet_ids=None, q=None, since=None, until=None,
              page=1, per_page=50):
    """The same search in the plainest SQL, for comparison."""
    where, params = ["1"], []
    if speaker_ids:
        where.append(f"speaker_id in ({', '.join('?' * len(speaker_ids))})")
        params += speaker_ids
    if outlet_ids:
        where.append(f"outlet_id in ({', '.join('?' * len(outlet_ids))})")
        params += outlet_ids
    if q:
        where.append("rowid in (select rowid from quotes_fts where text match ?)")
        params.append(q)
    if since:
        where.append("published >= ?")
        params.append(since)
    if until:
        where.append("published <= ?")
        params.append(until)
    ids = [r["id"] for r in db.query(
        f"select id from quotes where {' and '.join(where)}"
        " order by published desc, article_id, start", params)]
    return ids[(page - 1) * per_page:page * per_page], len(ids)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: ",".join(v) or "all")
@pytest.mark.parametrize("probe_above", [0, 10_000])
def test_count_and_page_agree_with_plain_sql_whichever_plan(db, variant, probe_above, monkeypatch):
    monkeypatch.setattr(queries, "PROBE_ABOVE", probe_above)
    rows, total = queries.search_quotes(db, **variant)
    expected_ids, expected_total = reference(db, **variant)
    assert [r["id"] for r in rows] == expected_ids and total == expected_total
    assert all(r["speaker"] and r["outlet"] and r["article_url"] for r in rows)


def test_a_total_over_one_faceted_column_reads_the_kept_counts(db):
    """All quotes (quote_facets' dated ones plus the undated ones), one speaker's, one
    outlet's or a date range's total is summed from quote_facets, not counted: equal to a
    count while the triggers keep quote_facets true."""
    text = "Intro.\n\u201cNo date on this one,\u201d Olga Petrova said."
    store.save_article(db, Article(text=text, source="undated.txt", outlet="Wire One",
                                   url="https://example.org/undated"),
                       quotes_in(text, [("No date on this one,", "Olga Petrova", "person")]),
                       ["olga-petrova"], speakers=[{"id": "olga-petrova", "name": "Olga Petrova",
                                                    "kind": "person"}])
    assert db.execute("select count(*) from quotes where published is null").fetchone()[0] == 1
    assert queries.search_quotes(db)[1] == 25 == reference(db)[1]
    statements = plans(db, lambda: queries.search_quotes(db))
    assert not any(sql.strip() == "select count(*) from quotes" for sql in statements)
    one_filter = [{"speaker_ids": ["olga-petrova"]}, {"outlet_ids": ["wire-one", "paper-two"]},
                  {"since": "2024-12-03"}, {"since": "2024-12-03", "until": "2024-12-06"}]
    two_filters = [{"speaker_ids": ["olga-petrova"], "since": "2024-12-03"}]
    before = {str(v): queries.search_quotes(db, **v)[1] for v in one_filter + two_filters}
    assert before == {str(v): reference(db, **v)[1] for v in one_filter + two_filters}
    # the counts kept in quote_facets are what one filter reads; two filters count rows
    db.execute("update quote_facets set n = n + 100")
    assert queries.search_quotes(db)[1] == 25 + 100 * db.execute(
        "select count(*) from quote_facets where facet = 'published'").fetchone()[0]
    assert queries.search_quotes(db, speaker_ids=["olga-petrova"])[1] == before[str(one_filter[0])] + 100
    assert queries.search_quotes(db, outlet_ids=["wire-one", "paper-two"])[1] == before[str(one_filter[1])] + 200
    assert queries.search_quotes(db, **two_filters[0])[1] == before[str(two_filters[0])]


def test_a_page_past_the_end_is_empty_with_the_total(db):
    rows, total = queries.search_quotes(db, page=100, per_page=50)
    assert rows == [] and total == 24


# --- the time limit on the Flask routes -------------------------------------------------


def client(db_file, limit):
    app = create_app({"DATABASE": str(db_file), "TESTING": True, "SQL_TIME_LIMIT_MS": limit})
    return app.test_client()


def test_a_request_over_the_time_limit_answers_503(db_file):
    db = store.connect(db_file)
    quote = next(db.query("select id, utterance_id from quotes order by id limit 1"))
    db.close()
    stopped = client(db_file, 0)  # no time at all: the first query is stopped
    response = stopped.get("/api/quotes?q=damascus")
    assert response.status_code == 503
    data = response.get_json()
    assert data["status"] == 503 and "stopped" in data["error"] and "0 ms" in data["error"]
    for path in (f"/q/{quote['id']}", f"/compare/{quote['utterance_id']}"):
        response = stopped.get(path)
        assert response.status_code == 503 and b"stopped" in response.data
    response = stopped.get("/api/speakers/s-sergei-lavrov")
    assert response.status_code == 503 and response.is_json
    # the same requests with the default limit
    ok = client(db_file, queries_default_limit())
    assert ok.get("/api/quotes?q=damascus").status_code == 200
    assert ok.get(f"/q/{quote['id']}").status_code == 200
    assert client(db_file, None).get("/api/quotes").status_code == 200  # no limit at all


def queries_default_limit():
    from tracker.web.db import DEFAULT_SQL_TIME_LIMIT_MS

    return DEFAULT_SQL_TIME_LIMIT_MS


# --- Datasette ---------------------------------------------------------------------------


def test_datasette_does_not_suggest_facets_and_bounds_them(db_file):
    ds = datasette_instance(db_file)
    assert ds.setting("suggest_facets") is False
    assert 0 < ds.setting("facet_time_limit_ms") < ds.setting("sql_time_limit_ms")

    async def fetch(path):
        return (await ds.client.get(path)).json()

    data = asyncio.run(fetch(f"/{db_file.stem}/quotes.json"))
    assert data["suggested_facets"] == []
    configured = load_metadata(db_file.stem)["databases"][db_file.stem]["tables"]["quotes"]["facets"]
    assert set(data["facet_results"]) == {
        f if isinstance(f, str) else next(iter(f.values())) for f in configured}
    assert SETTINGS["suggest_facets"] is False
