"""The speaker page (/s/<id>, .json, .atom), the search feed, sharing metadata on /q/ pages
and permalinks built on the configured base URL, over real HTTP on the seeded server."""
import json
import re

import feedparser
import pytest
import sqlite_utils
from markupsafe import escape

from test_server import a_quote, seeded_server, stop_all


@pytest.fixture(scope="module")
def server():
    yield seeded_server()
    stop_all()


def busiest_speaker(server):
    db = sqlite_utils.Database(server.db_path)
    try:
        return next(db.query(
            "select speakers.id, speakers.name, count(*) as n from quotes join speakers"
            " on speakers.id = quotes.speaker_id where speakers.kind = 'person'"
            " group by speakers.id order by n desc, speakers.id limit 1"))
    finally:
        db.close()


def test_speaker_page_lists_everything_about_them(server):
    s = busiest_speaker(server)
    status, _, body = server.get(f"/s/{s['id']}")
    page = body.decode()
    assert status == 200
    assert f"<h1>{s['name']}</h1>" in page
    assert f"{s['n']} quotes" in page
    db = sqlite_utils.Database(server.db_path)
    quotes = list(db.query("select id, utterance_id from quotes where speaker_id = ?", [s["id"]]))
    aliases = list(db.query("select alias, rule from speaker_aliases where speaker_id = ?", [s["id"]]))
    db.close()
    for q in quotes:  # each quote links its permalink and its compare page
        assert f'href="/q/{q["id"]}"' in page
        assert f'href="/compare/{q["utterance_id"]}"' in page
    for a in aliases:  # every alias with the rule that merged it
        assert f"<td>{escape(a['alias'])}</td>" in page
    assert "Quotes over time" in page and "Outlets" in page
    assert f'href="/s/{s["id"]}.atom"' in page and 'type="application/atom+xml"' in page


def test_speaker_json_holds_the_same_facts(server):
    s = busiest_speaker(server)
    status, _, data = server.json("GET", f"/s/{s['id']}.json")
    assert status == 200
    assert data["id"] == s["id"] and data["name"] == s["name"] and data["n_quotes"] == s["n"]
    assert {"alias", "rule"} <= set(data["aliases"][0])
    assert sum(o["n_quotes"] for o in data["outlets"]) == s["n"]
    assert sum(m["n_quotes"] for m in data["quotes_per_month"]) == s["n"]
    assert all(re.fullmatch(r"\d{4}-\d{2}", m["month"]) for m in data["quotes_per_month"])
    assert len(data["quotes"]) == s["n"]
    assert all(q["permalink"] == f"{server.base}/q/{q['id']}" for q in data["quotes"])
    assert data["feed"] == f"{server.base}/s/{s['id']}.atom"


def test_a_merged_speaker_id_redirects_and_an_unknown_one_is_404(server):
    s = busiest_speaker(server)
    db = sqlite_utils.Database(server.db_path)
    db["speaker_redirects"].insert({"old_id": "s-old-spelling", "new_id": s["id"], "rule": "test"},
                                   pk="old_id", replace=True)
    db.close()
    for suffix in ("", ".json", ".atom"):
        status, headers, _ = server.get(f"/s/s-old-spelling{suffix}")
        assert status == 301 and headers["location"].endswith(f"/s/{s['id']}{suffix}")
    status, _, body = server.get("/s/s-nobody")
    assert status == 404 and b"s-nobody" in body
    status, _, data = server.json("GET", "/s/s-nobody.json")
    assert status == 404 and "s-nobody" in data["error"]


def test_speaker_feed_is_valid_atom(server):
    s = busiest_speaker(server)
    status, headers, body = server.get(f"/s/{s['id']}.atom")
    assert status == 200 and headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert s["name"] in feed.feed.title
    assert len(feed.entries) == s["n"]
    for entry in feed.entries:
        assert entry.link.startswith(f"{server.base}/q/") and entry.id == entry.link
        assert entry.author == s["name"] and entry.updated_parsed
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_search_feed_is_valid_atom_and_filters(server):
    status, headers, body = server.get("/api/quotes.atom?q=Damascus")
    assert status == 200 and headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(body)
    assert not feed.bozo and feed.version == "atom10" and feed.entries
    assert all("damascus" in e.summary.lower() for e in feed.entries)
    status, _, data = server.json("GET", "/api/quotes?q=Damascus")
    assert len(feed.entries) == data["total"] and data["feed"].endswith("/api/quotes.atom?q=Damascus")
    status, _, err = server.json("GET", "/api/quotes.atom?since=2025-13-45")
    assert status == 400 and "since" in err["error"]
    status, _, err = server.json("GET", "/api/quotes?since=2025-13-45")
    assert status == 400 and "YYYY-MM-DD" in err["error"]


def test_permalinks_ignore_the_host_header(server):
    quote = a_quote(server, "Damascus is waiting")
    hostile = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    status, _, data = server.json("GET", f"/q/{quote['id']}.json", headers=hostile)
    assert status == 200
    assert data["permalink"] == f"{server.base}/q/{quote['id']}"
    assert "evil.example" not in json.dumps(data)
    status, _, body = server.get(f"/q/{quote['id']}", headers=hostile)
    assert b"evil.example" not in body


def test_base_url_sets_scheme_and_host_of_every_absolute_link(tmp_path):
    from tracker import store
    from tracker.web import check_base_url, create_app

    store.open_db(tmp_path / "q.db").close()
    app = create_app({"DATABASE": str(tmp_path / "q.db"), "BASE_URL": "https://quotes.example.org/tracker/"})
    data = app.test_client().get("/api/quotes?q=x", base_url="http://localhost:5000").get_json()
    assert data["feed"] == "https://quotes.example.org/tracker/api/quotes.atom?q=x"
    for bad in ("quotes.example.org", "ftp://x.org", "https://", "https://x.org/?a=1"):
        with pytest.raises(ValueError):
            check_base_url(bad)


def test_quote_page_carries_open_graph_and_schema_org_quotation(server):
    quote = a_quote(server, "Damascus is waiting")
    status, _, body = server.get(f"/q/{quote['id']}")
    page = body.decode()
    og = dict(re.findall(r'<meta property="(og:[a-z_]+)" content="([^"]*)">', page))
    assert og["og:url"] == f"{server.base}/q/{quote['id']}"
    assert og["og:type"] == "article" and "Damascus is waiting for you." in og["og:title"]
    assert "Abu Mohammed al-Jolani" in og["og:title"] and "Reuters/AFP via news aggregator" in og["og:description"]
    [ld] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(ld)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Quotation"
    assert data["text"] == "Damascus is waiting for you."
    assert data["spokenByCharacter"] == {"@type": "Person", "name": "Abu Mohammed al-Jolani",
                                         "url": f"{server.base}/s/{quote['speaker_id']}"}
    assert data["isPartOf"]["@type"] == "NewsArticle"
    assert data["isPartOf"]["publisher"]["name"] == "Reuters/AFP via news aggregator"


def test_audience_is_not_a_channel(server):
    """'told reporters': reporters are whom it was said to; the JSON and the page say so."""
    from test_web_api import post

    status, _, created = post(server, {
        "text": "\u201cThe talks went well,\u201d Minister Rosa Mendes told reporters on Friday.",
        "outlet": "Daily Ledger", "published": "2024-12-13"})
    assert status == 201, created
    [q] = created["quotes"]
    assert q["cue"] == "told" and q["audience"] == "reporters" and q["channel"] is None
    status, _, body = server.get(f"/q/{q['id']}")
    page = body.decode()
    assert "<dt>Audience</dt><dd>reporters</dd>" in page and "on reporters" not in page
    assert "Rosa Mendes</a>, to reporters" in page
    status, _, data = server.json("GET", f"/q/{q['id']}.json")
    assert data["citations"]["plain"].startswith("Rosa Mendes, to reporters, as quoted in Daily Ledger:")
    assert data["audience"] == "reporters" and data["channel"] is None and data["delivery"] == "told reporters"


def test_roles_come_from_the_mentions_before_the_name(server):
    db = sqlite_utils.Database(server.db_path)
    lavrov = next(db.query("select id from speakers where name = 'Sergei Lavrov'"))["id"]
    db.close()
    status, _, data = server.json("GET", f"/s/{lavrov}.json")
    assert "Russia\u2019s foreign minister" in data["roles"]
    assert not any(r.endswith(("'s", "\u2019s")) for r in data["roles"])  # not "Russia's"
    status, _, api = server.json("GET", f"/api/speakers/{lavrov}")
    assert api["page"] == f"{server.base}/s/{lavrov}" and api["feed"] == f"{server.base}/s/{lavrov}.atom"
