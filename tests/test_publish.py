import asyncio
import datetime
import json
import re
import sqlite3

import pytest
from urllib.parse import urlencode

from tracker import pipeline, store
from tracker.articles import Article
from tracker.publish import SETTINGS, datasette_instance, load_metadata

ONE = "Intro.\n\u201cDamascus is waiting for you,\u201d Jolani said.\n\u201cWe will <b>win</b>,\u201d Jolani said."
TWO = "Elsewhere.\n\u201cDamascus is waiting for you,\u201d Jolani said on Telegram."
THREE = "Other news.\n\u201cNothing to add,\u201d Lavrov said."


TODAY = datetime.date.today().isoformat()
SECRET_PATH = "/home/newsroom/private/feeds/one.txt"


def seeded_db(tmp_path):
    path = tmp_path / "quotes.db"
    db = store.open_db(path)
    pipeline.ingest(db, [
        Article(text=ONE, source=SECRET_PATH, outlet="Wire One", published="2024-12-07", title="One"),
        Article(text=TWO, source="2", outlet="Paper Two", published="2024-12-08", title="Two"),
        Article(text=THREE, source="3", outlet="Wire One", published=TODAY, title="Three"),
    ])
    db.close()
    return path


@pytest.fixture
def ds(tmp_path, fake_extractor):
    return datasette_instance(seeded_db(tmp_path))


def get(ds, path):
    async def fetch():
        return await ds.client.get(path)

    return asyncio.run(fetch())


def test_default_facets_with_labels(ds):
    data = get(ds, "/quotes/quotes.json").json()
    facets = data["facet_results"]
    assert {"speaker_id", "outlet_id", "published"} <= set(facets)
    speakers = {r["label"]: r["count"] for r in facets["speaker_id"]["results"]}
    assert speakers == {"Jolani": 3, "Lavrov": 1}
    outlets = {r["label"]: r["count"] for r in facets["outlet_id"]["results"]}
    assert outlets == {"Wire One": 3, "Paper Two": 1}
    assert {r["value"] for r in facets["published"]["results"]} == {"2024-12-07", "2024-12-08", TODAY}


def test_search_box_uses_fts(ds):
    data = get(ds, "/quotes/quotes.json?_search=Damascus&_shape=objects").json()
    assert [r["text"] for r in data["rows"]] == ["Damascus is waiting for you,"] * 2
    html = get(ds, "/quotes/quotes").text
    assert 'name="_search"' in html


def test_cells_link_to_permalinks_and_escape_html(ds):
    html = get(ds, "/quotes/quotes").text
    ids = [r["id"] for r in get(ds, "/quotes/quotes.json?_shape=objects").json()["rows"]]
    for qid in ids:
        assert f'href="/q/{qid}"' in html
    assert re.search(r'href="/compare/u[0-9a-f]+"', html)
    assert "<b>win</b>" not in html and "&lt;b&gt;win&lt;/b&gt;" in html
    row_html = get(ds, f"/quotes/quotes/{ids[0]}").text
    assert f'<a href="/q/{ids[0]}">{ids[0]}</a>' in row_html


def test_utterances_quoted_by_two_or_more_outlets(ds):
    rows = get(ds, "/quotes/quoted_by_two_or_more_outlets.json?_shape=array").json()
    assert [(r["text"], r["n_outlets"], r["outlets"]) for r in rows] == [
        ("Damascus is waiting for you,", 2, "Paper Two; Wire One")
    ]
    view = get(ds, "/quotes/widely_quoted.json?_shape=array").json()
    assert [r["utterance_id"] for r in view] == [rows[0]["utterance_id"]]


def test_visitors_cannot_write(ds):
    response = get(ds, "/quotes.json?sql=delete+from+quotes")
    assert response.status_code == 400
    db = ds.get_database("quotes")

    async def write():
        return await db.execute("delete from quotes")

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        asyncio.run(write())
    assert get(ds, "/quotes/quotes.json").json()["filtered_table_rows_count"] == 4
    assert ds.setting("sql_time_limit_ms") == SETTINGS["sql_time_limit_ms"] <= 2000


def test_metadata_follows_the_database_name():
    metadata = load_metadata("other")
    assert "other" in metadata["databases"] and "quotes" not in metadata["databases"]
    assert metadata["databases"]["other"]["tables"]["speakers"]["label_column"] == "name"
    assert 'href="/other/speakers_by_quotes"' in metadata["description_html"]
    assert 'href="/quotes/' not in metadata["description_html"]


def test_plain_datasette_loads_the_tracker_plugin():
    """`datasette db/quotes.db` loads tracker's plugin through its entry point while
    datasette.app is still importing: the plugin's package must not import it back."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "import datasette.app; from datasette.plugins import pm; "
                             "print(sorted(n for n, _ in pm.list_name_plugin()))"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]
    assert "tracker" in result.stdout


def test_metadata_is_honest_about_the_data(ds):
    metadata = load_metadata()
    assert metadata["title"] and metadata["license"].startswith("Code: Apache-2.0")
    about = metadata["description_html"]
    assert "excerpt" in about and "rights" in about and "not published" in about
    home = get(ds, "/").text
    assert "which keeps its rights to it" in home and "Apache-2.0" in home


def test_no_article_text_or_local_path_is_published(ds):
    rows = get(ds, "/quotes/articles.json?_shape=array").json()
    assert rows and all(r["text"] is None and r["source"] is None for r in rows)
    assert all(r["title"] for r in rows)  # the rest of the row is there
    for sql in ("select text, source from articles", "select group_concat(text) from articles",
                "select * from articles where text like '%Damascus%'"):
        data = get(ds, "/quotes.json?" + urlencode({"sql": sql, "_shape": "array"})).json()
        assert "Damascus is waiting" not in json.dumps(data) and SECRET_PATH not in json.dumps(data)
    for page in ("/", "/quotes", "/quotes/articles", "/-/databases.json", "/-/metadata.json"):
        assert SECRET_PATH not in get(ds, page).text and "Intro." not in get(ds, page).text


def test_article_texts_are_published_only_when_configured(tmp_path, fake_extractor):
    from datasette.app import Datasette

    path = seeded_db(tmp_path)
    metadata = dict(load_metadata(), plugins={"tracker": {"publish_article_text": True}})
    configured = Datasette(files=[str(path)], metadata=metadata, settings=SETTINGS)
    rows = get(configured, "/quotes/articles.json?_shape=array").json()
    assert any("Damascus is waiting" in (r["text"] or "") for r in rows)
    assert all(r["source"] is None for r in rows)  # paths stay private whatever the setting


def test_speaker_cells_link_to_the_speaker_page(ds):
    speakers = get(ds, "/quotes/speakers.json?_shape=array").json()
    html = get(ds, "/quotes/speakers").text
    for s in speakers:
        assert f'<a href="/s/{s["id"]}">{s["name"]}</a>' in html
    quotes_html = get(ds, "/quotes/quotes").text
    jolani = next(s for s in speakers if s["name"] == "Jolani")
    assert f'<a href="/s/{jolani["id"]}">Jolani</a>' in quotes_html


def test_speakers_sorted_by_number_of_quotes(ds):
    rows = get(ds, "/quotes/speakers_by_quotes.json?_shape=array").json()
    assert [(r["name"], r["n_quotes"], r["n_outlets"]) for r in rows] == [("Jolani", 3, 2), ("Lavrov", 1, 1)]
    html = get(ds, "/quotes/speakers_by_quotes").text
    assert f'<a href="/s/{rows[0]["speaker_id"]}">Jolani</a>' in html


def test_canned_queries_hide_their_sql_and_link_rows(ds):
    metadata = load_metadata()["databases"]["quotes"]["queries"]
    titles = {q["title"] for q in metadata.values()}
    assert {"Quotes by speaker, any spelling", "What each outlet quoted this week",
            "Utterances carried by 2+ outlets"} <= titles
    assert all(q.get("hide_sql") for q in metadata.values())
    html = get(ds, "/quotes/quoted_by_two_or_more_outlets").text
    # hidden, not secret: a "show SQL" link reads it
    assert 'id="sql-query"' not in html and 'id="sql-editor"' not in html and "show-hide-sql" in html
    assert "group_concat" not in html.split("<title>")[1].split("</title>")[0]
    assert 'href="/compare/u' in html
    database_page = get(ds, "/quotes").text
    for title in titles:
        assert title in database_page


def test_quotes_by_speaker_any_spelling(ds):
    def texts(name):
        rows = get(ds, "/quotes/quotes_by_speaker.json?" + urlencode({"name": name, "_shape": "array"})).json()
        return sorted(r["text"] for r in rows)

    jolani = texts("Jolani")
    assert len(jolani) == 3
    assert texts("jolani") == texts("JOLANI") == jolani  # any case
    assert texts("Golani") == jolani  # any spelling (names.name_key)
    assert texts("Lavrov") == ["Nothing to add,"]
    assert texts("Nobody Atall") == []
    html = get(ds, "/quotes/quotes_by_speaker?name=Jolani").text
    assert 'href="/q/' in html and 'href="/s/' in html and 'id="sql-query"' not in html


def test_what_each_outlet_quoted_this_week(ds):
    rows = get(ds, "/quotes/outlets_this_week.json?_shape=array").json()
    assert [(r["outlet"], r["text"], r["published"]) for r in rows] == [("Wire One", "Nothing to add,", TODAY)]


def test_home_lists_quotes_speakers_outlets_and_utterances_first(ds):
    for page in ("/", "/quotes"):
        html = get(ds, page).text
        positions = [html.find(f'/quotes/{name}"') for name in ("quotes", "speakers", "outlets", "utterances", "articles")]
        assert all(p > 0 for p in positions[:4]), positions
        assert positions[:4] == sorted(positions[:4])
        assert positions[4] == -1 or positions[4] > positions[3]


def test_column_descriptions_stay_in_the_column_menus(ds):
    html = get(ds, "/quotes/quotes").text
    assert 'data-column-description="Who said it' in html
    assert "/-/tracker.css" in html
    assert "dl.column-descriptions { display: none; }" in get(ds, "/-/tracker.css").text


def test_the_speakers_table_counts_quotes_most_quoted_first(ds):
    """The table itself (not only the canned query) carries the count and sorts by it."""
    rows = get(ds, "/quotes/speakers.json?_shape=array").json()
    counts = [r["n_quotes"] for r in rows]
    assert counts == sorted(counts, reverse=True) and counts[0] == 3
    by_query = {r["speaker_id"]: r["n_quotes"]
                for r in get(ds, "/quotes/speakers_by_quotes.json?_shape=array").json()}
    assert {r["id"]: r["n_quotes"] for r in rows if r["n_quotes"]} == by_query


def test_whole_table_facets_read_the_kept_counts_and_a_filter_counts_rows(tmp_path, fake_extractor):
    """Over the whole quotes table the default facets show quote_facets (kept by triggers,
    so a million quotes are not counted per page view); a filtered page counts its rows."""
    path = seeded_db(tmp_path)
    db = sqlite3.connect(path)
    db.execute("update quote_facets set n = 40 where facet = 'outlet_id' and value = 'wire-one'")
    db.commit()
    db.close()
    ds = datasette_instance(path)
    whole = get(ds, "/quotes/quotes.json?_extra=facet_results").json()["facet_results"]
    assert {r["value"]: r["count"] for r in whole["outlet_id"]["results"]}["wire-one"] == 40
    assert whole["outlet_id"]["results"][0]["toggle_url"].endswith("outlet_id=wire-one")
    narrowed = get(ds, "/quotes/quotes.json?_extra=facet_results&published=2024-12-07").json()
    assert {r["value"]: r["count"] for r in narrowed["facet_results"]["outlet_id"]["results"]} == {
        "wire-one": 2}


def test_a_search_too_broad_to_facet_in_time_says_so_without_counting(tmp_path, fake_extractor,
                                                                      monkeypatch):
    from tracker.publish import search

    ds = datasette_instance(seeded_db(tmp_path))
    narrow = get(ds, "/quotes/quotes.json?_extra=facet_results&_search=damascus").json()
    assert {r["value"]: r["count"] for r in narrow["facet_results"]["outlet_id"]["results"]} == {
        "wire-one": 1, "paper-two": 1}
    monkeypatch.setattr(search, "FACET_ROWS", 1)
    assert get(ds, "/quotes/quotes.json?_search=damascus").json()["facet_results"] == {}
    # Datasette's table view of the search (any argument besides _search keeps it)
    page = get(ds, "/quotes/quotes?_search=damascus&_searchmode=escaped").text
    assert "These facets timed out: speaker_id, outlet_id, published" in page
    # the tracker's search page
    page = get(ds, "/quotes/quotes?_search=damascus").text
    assert "Facets (speaker, outlet, date) are counted for searches matching up to 1 quotes" in page


def test_the_quotes_page_shows_25_rows_a_page(tmp_path, fake_extractor):
    """Rendering cells is most of a quotes page's time at scale (18 columns a row): 25 rows a
    page, the rest one "next" away."""
    db = store.open_db(tmp_path / "quotes.db")
    text = "\n".join(f"\u201cWe will hold line {i},\u201d Jolani said." for i in range(30))
    pipeline.ingest(db, [Article(text=text, source="1", outlet="Wire One")])
    db.close()
    data = get(datasette_instance(tmp_path / "quotes.db"), "/quotes/quotes.json").json()
    assert data["filtered_table_rows_count"] == 30
    assert len(data["rows"]) == 25 and data["next"]
