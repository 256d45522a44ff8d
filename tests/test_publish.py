import asyncio
import re
import sqlite3

import pytest

from tracker import pipeline, store
from tracker.articles import Article
from tracker.publish import SETTINGS, datasette_instance, load_metadata

ONE = "Intro.\n\u201cDamascus is waiting for you,\u201d Jolani said.\n\u201cWe will <b>win</b>,\u201d Jolani said."
TWO = "Elsewhere.\n\u201cDamascus is waiting for you,\u201d Jolani said on Telegram."
THREE = "Other news.\n\u201cNothing to add,\u201d Lavrov said."


@pytest.fixture
def ds(tmp_path, fake_extractor):
    path = tmp_path / "quotes.db"
    db = store.open_db(path)
    pipeline.ingest(db, [
        Article(text=ONE, source="1", outlet="Wire One", published="2024-12-07", title="One"),
        Article(text=TWO, source="2", outlet="Paper Two", published="2024-12-08", title="Two"),
        Article(text=THREE, source="3", outlet="Wire One", published="2024-12-08", title="Three"),
    ])
    db.close()
    return datasette_instance(path)


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
    assert {r["value"] for r in facets["published"]["results"]} == {"2024-12-07", "2024-12-08"}


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
