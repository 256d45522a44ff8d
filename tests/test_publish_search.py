"""The quotes table's search box answered by the tracker's search route (publish/search.py),
and old speaker ids in Datasette's URLs redirected (publish/redirects.py)."""
import asyncio
import re

import pytest

from tracker import store
from tracker.publish import SETTINGS, datasette_instance, search
from tracker.web import queries

from test_reads import seed


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "quotes.db"
    db = store.open_db(path)
    seed(db)  # 24 quotes, 12 articles, three speakers, three outlets
    db["speaker_redirects"].insert_all([
        {"old_id": "s-sergei-lavrov", "new_id": "sergei-lavrov", "rule": "renamed"},
        {"old_id": "olga", "new_id": "olga-petrova", "rule": "surname"},
        # a stale row for an id a current speaker holds: never followed
        {"old_id": "ivan-sidorov", "new_id": "sergei-lavrov", "rule": "test"},
    ])
    db.close()
    return path


@pytest.fixture
def ds(db_file):
    return datasette_instance(db_file)


def get(ds, path, **params):
    async def fetch():
        return await ds.client.get(path, params=params or None)

    return asyncio.run(fetch())


def page_ids(html):
    return re.findall(r'<td class="col-text"><a href="/q/(q[0-9a-f]+)">', html)


def reference(db_file, term):
    """Ids and dates of the quotes Datasette's own search finds (every FTS column)."""
    db = store.connect(db_file)
    try:
        return [(r["id"], r["published"]) for r in db.query(
            "select id, published from quotes where rowid in (select rowid from quotes_fts"
            " where quotes_fts match ?) order by published desc, article_id, start",
            [f'"{term}"'])]
    finally:
        db.close()


@pytest.mark.parametrize("term", ["damascus", "Lavrov", "Petrova", "resume", "nowhere"])
@pytest.mark.parametrize("probe_above", [0, 10_000])
def test_a_plain_search_is_the_trackers_page_with_datasettes_matches(ds, db_file, term,
                                                                     probe_above, monkeypatch):
    """Both plans (the date index walked, or the matches sorted) give Datasette's matches,
    newest first; a speaker's name finds their quotes as in Datasette's search."""
    monkeypatch.setattr(queries, "PROBE_ABOVE", probe_above)
    monkeypatch.setattr(search, "PER_PAGE", 5)
    expected = reference(db_file, term)
    datasette = {r["id"] for r in get(ds, "/quotes/quotes.json", _search=term, _shape="objects",
                                      _size="max").json()["rows"]}
    assert {i for i, _ in expected} == datasette
    found, page = [], 1
    while True:
        response = get(ds, "/quotes/quotes", _search=term, **({"_page": str(page)} if page > 1 else {}))
        assert response.status_code == 200 and "tracker-search" in response.text
        assert f"{len(expected):,} quote" in response.text
        found += page_ids(response.text)
        if "older &rarr;" not in response.text:
            break
        page += 1
    assert found == [i for i, _ in expected]
    assert page == max(1, -(-len(expected) // 5))


def test_the_search_box_keeps_the_words_and_escapes_them(ds):
    html = get(ds, "/quotes/quotes", _search='<script>alert(1)</script> "damascus').text
    assert "<script>alert(1)" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt; &#34;damascus"' in html
    assert 'name="_search"' in html and 'action="/quotes/quotes"' in html


def test_an_empty_search_shows_the_whole_table(ds):
    response = get(ds, "/quotes/quotes", _search="  ")
    assert response.status_code == 302 and response.headers["location"] == "/quotes/quotes"


def test_a_narrow_search_counts_its_facets_and_links_them_to_the_table_view(ds, db_file,
                                                                          monkeypatch):
    html = get(ds, "/quotes/quotes", _search="Lavrov").text
    assert '<a href="/quotes/quotes?_search=Lavrov&amp;speaker_id=sergei-lavrov">Sergei Lavrov</a> 8' in html
    outlets = re.findall(r'outlet_id=([a-z-]+)">([^<]+)</a> (\d+)', html)
    assert outlets and sum(int(n) for _, _, n in outlets) == 8
    monkeypatch.setattr(search, "FACET_ROWS", 7)
    html = get(ds, "/quotes/quotes", _search="Lavrov").text
    assert "speaker_id=sergei-lavrov" not in html and "Facets (speaker, outlet, date)" in html


def test_any_other_argument_keeps_datasettes_table_page(ds):
    for query in ("_search=damascus&speaker_id=sergei-lavrov", "_search=damascus&_sort=published",
                  "_search=damascus&_searchmode=escaped", "_search=damascus&_search=talks",
                  "_search_text=damascus"):
        html = get(ds, "/quotes/quotes?" + query).text
        assert "tracker-search" not in html and "_filter_column" in html, query
    data = get(ds, "/quotes/quotes.json", _search="damascus").json()
    assert data["filtered_table_rows_count"] == 12


def test_a_search_over_the_time_limit_answers_503(ds, monkeypatch):
    """The search runs under Datasette's sql_time_limit_ms; here a limit of 0 ms."""
    start_clock = search.ReadDatabase.start_clock
    monkeypatch.setattr(search.ReadDatabase, "start_clock", lambda db, ms: start_clock(db, 0))
    response = get(ds, "/quotes/quotes", _search="damascus")
    assert response.status_code == 503 and "was stopped" in response.text
    assert SETTINGS["sql_time_limit_ms"] > 0
    monkeypatch.undo()  # Datasette's connection has no clock left on it
    assert get(ds, "/quotes/quotes", _search="damascus").status_code == 200
    assert get(ds, "/quotes/quotes.json").status_code == 200


# --- old speaker ids in Datasette's URLs (issue 10) ---------------------------------------


@pytest.mark.parametrize("path, location", [
    ("/quotes/speakers/s-sergei-lavrov", "/quotes/speakers/sergei-lavrov"),
    ("/quotes/speakers/s-sergei-lavrov.json", "/quotes/speakers/sergei-lavrov.json"),
    ("/quotes/speakers/olga?_extra=foreign_key_tables", "/quotes/speakers/olga-petrova?_extra=foreign_key_tables"),
    ("/quotes/quotes?speaker_id=s-sergei-lavrov", "/quotes/quotes?speaker_id=sergei-lavrov"),
    ("/quotes/quotes.json?_sort=published&speaker_id__exact=olga",
     "/quotes/quotes.json?_sort=published&speaker_id__exact=olga-petrova"),
    ("/quotes/utterances?speaker_id=olga", "/quotes/utterances?speaker_id=olga-petrova"),
    ("/quotes/speakers?id=olga", "/quotes/speakers?id=olga-petrova"),
])
def test_an_old_speaker_id_redirects_to_the_current_one(ds, path, location):
    response = get(ds, path)
    assert response.status_code == 301 and response.headers["location"] == location
    assert get(ds, location).status_code == 200


def test_the_redirected_filter_finds_the_speakers_quotes(ds):
    old = get(ds, "/quotes/quotes.json?speaker_id=s-sergei-lavrov")
    assert old.status_code == 301
    data = get(ds, old.headers["location"]).json()
    assert data["filtered_table_rows_count"] == 8


@pytest.mark.parametrize("path", [
    "/quotes/speakers/ivan-sidorov",  # a current id, even with a stale redirect row
    "/quotes/quotes?speaker_id=ivan-sidorov",
    "/quotes/speakers/nobody",  # never issued: Datasette's own 404
    "/quotes/quotes?speaker_id=nobody",
    "/quotes/outlets?id=olga",  # an id filter on another table is not a speaker
    "/quotes/quotes?speaker_mention=olga",
])
def test_current_and_unknown_ids_are_not_redirected(ds, path):
    assert get(ds, path).status_code in (200, 404)


def test_quotes_by_speaker_follows_an_old_id(ds):
    def texts(name):
        return sorted(r["text"] for r in get(ds, "/quotes/quotes_by_speaker.json", name=name,
                                             _shape="array").json())

    assert texts("s-sergei-lavrov") == texts("sergei-lavrov") != []
    assert texts("olga") == texts("olga-petrova") != []
    # a current id is that speaker, whatever a stale redirect row says
    assert texts("ivan-sidorov") and set(texts("ivan-sidorov")).isdisjoint(texts("sergei-lavrov"))
