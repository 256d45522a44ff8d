"""The API, the permalink and the compare page over real HTTP, every status code included."""
import json
import re

import pytest

from test_server import TOKEN, a_quote, closed_server, seeded_server, stop_all

AUTH = {"Authorization": f"Bearer {TOKEN}"}

BRIDGE_URL = "https://example.org/news/bridge"
BRIDGE_V1 = (
    "The council met on Monday.\n"
    "\u201cWe will rebuild the bridge by spring,\u201d Mayor Jane Doe said on Monday.\n"
    "Work starts next week."
)


@pytest.fixture(scope="session")
def server():
    yield seeded_server()
    stop_all()


def post(server, body, headers=AUTH, path="/api/articles"):
    return server.json("POST", path, body, headers)


# --- POST /api/articles -----------------------------------------------------------------


def test_post_article_creates_then_recognises_it(server):
    body = {"text": BRIDGE_V1, "url": BRIDGE_URL, "outlet": "Example Gazette",
            "title": "Bridge to be rebuilt", "published": "2024-12-09"}
    status, headers, created = post(server, body)
    assert status == 201, created
    assert created["created"] is True and created["id"].startswith("a")
    assert headers["location"].endswith(f"/articles/{created['id']}")
    texts = [q["text"] for q in created["quotes"]]
    assert texts == ["We will rebuild the bridge by spring,"]
    quote = created["quotes"][0]
    assert quote["speaker"] == "Jane Doe" and quote["outlet"] == "Example Gazette"
    assert quote["permalink"].endswith(f"/q/{quote['id']}")

    status, _, again = post(server, body)
    assert status == 200 and again["created"] is False
    assert again["id"] == created["id"] and again["quotes"] == created["quotes"]
    status, _, listing = server.json("GET", "/api/quotes?outlet=Example+Gazette")
    assert listing["total"] == 1  # nothing duplicated


def test_post_raw_text_body_with_metadata_in_query(server):
    text = "\u201cThe harvest was the best in years,\u201d farmer Tom Green told reporters."
    status, _, created = server.json(
        "POST", "/api/articles?outlet=Farm+News&published=2024-12-10&title=Harvest",
        text.encode(), {**AUTH, "Content-Type": "text/plain; charset=utf-8"})
    assert status == 201, created
    assert created["article"]["outlet"] == "Farm News"
    assert created["article"]["published"] == "2024-12-10"
    assert [q["speaker"] for q in created["quotes"]] == ["Tom Green"]


def test_post_html_body(server):
    html = ("<html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
            "<p>The port reopened on Tuesday after a week of strikes by dock workers.</p>"
            "<p>\u201cWe are back to work and glad of it,\u201d union leader Maria Lopez said "
            "at the gates on Tuesday morning.</p></article></body></html>")
    status, _, created = post(server, {"html": html, "outlet": "Harbour Times",
                                       "url": "https://example.org/port"})
    assert status == 201, created
    assert any("back to work" in q["text"] for q in created["quotes"])


def test_write_api_needs_the_token(server):
    body = {"text": "\u201cHello there,\u201d said John Smith."}
    status, _, err = post(server, body, headers={})
    assert status == 401 and "Bearer" in err["error"]
    status, _, err = post(server, body, headers={"Authorization": "Bearer wrong"})
    assert status == 401 and err["error"] == "invalid token"
    status, _, err = post(server, body, headers={"Authorization": f"Basic {TOKEN}"})
    assert status == 401


def test_write_api_is_off_without_a_configured_token():
    closed = closed_server()
    status, _, err = closed.json("POST", "/api/articles", {"text": "x"}, AUTH)
    assert status == 403 and "TRACKER_API_TOKEN" in err["error"]
    status, _, _ = closed.json("GET", "/api/quotes")
    assert status == 200  # reads stay open


@pytest.mark.parametrize("body, content_type, message", [
    (b"{not json", "application/json", "malformed JSON"),
    (b"[1, 2]", "application/json", "must be an object"),
    (b'{"url": "https://example.org/x"}', "application/json", "missing article text"),
    (b'{"text": "   "}', "application/json", "missing article text"),
    (b'{"text": 42}', "application/json", "'text' must be a string"),
    (b'{"text": "Hi.", "published": "not a date"}', "application/json", "'published'"),
    (b'{"text": "Hi.", "url": "javascript:alert(1)"}', "application/json", "'url'"),
    (b"a=1", "application/x-www-form-urlencoded", "send JSON"),
])
def test_bad_bodies_answer_400_saying_what_is_wrong(server, body, content_type, message):
    status, _, err = server.json("POST", "/api/articles", body,
                                 {**AUTH, "Content-Type": content_type})
    assert status == 400 and message in err["error"], err


def test_body_over_the_limit_answers_413(server):
    big = {"text": "word " * (2 * 1024 * 1024 // 5 + 10)}
    status, _, err = post(server, big)
    assert status == 413 and "too large" in err["error"]


def test_unknown_api_route_and_method_answer_json(server):
    status, _, err = server.json("GET", "/api/nope")
    assert status == 404 and err["status"] == 404
    status, _, err = server.json("DELETE", "/api/quotes")
    assert status == 405 and err["status"] == 405


# --- GET /api/quotes, /api/speakers/<id>, /api/utterances/<id> ----------------------------


def test_quotes_search_and_filters(server):
    status, _, page = server.json("GET", "/api/quotes?q=Damascus+waiting")
    assert status == 200
    assert any(q["text"].startswith("Damascus is waiting") for q in page["quotes"])
    jolani = a_quote(server, "Damascus is waiting")
    status, _, by_speaker = server.json("GET", f"/api/quotes?speaker={jolani['speaker_id']}")
    assert by_speaker["total"] == 2  # the seeds quote Jolani twice (articles 000 and 003)
    assert {q["speaker_id"] for q in by_speaker["quotes"]} == {jolani["speaker_id"]}
    status, _, dated = server.json("GET", "/api/quotes?since=2024-12-07&until=2024-12-07")
    assert dated["total"] > 0 and {q["published"] for q in dated["quotes"]} == {"2024-12-07"}
    status, _, none = server.json("GET", "/api/quotes?since=2030-01-01")
    assert none["total"] == 0 and none["quotes"] == []


def test_fts_query_syntax_is_not_an_error(server):
    for q in ['"unbalanced', "AND OR NOT", "*", "Damascus) OR (1=1", "'; drop table quotes; --"]:
        status, _, page = server.json("GET", "/api/quotes?q=" + re.sub(r"\W", lambda m: "%%%02X" % ord(m.group()), q))
        assert status == 200, (q, page)
    status, _, page = server.json("GET", "/api/quotes")
    assert page["total"] > 0  # still there


def test_quotes_pagination(server):
    status, _, first = server.json("GET", "/api/quotes?per_page=5")
    assert status == 200 and len(first["quotes"]) == 5 and first["previous"] is None
    assert first["total"] > 10 and "page=2" in first["next"]
    status, _, second = server.json("GET", first["next"].split(str(server.port), 1)[1])
    assert second["page"] == 2 and "page=1" in second["previous"]
    ids = {q["id"] for q in first["quotes"]} | {q["id"] for q in second["quotes"]}
    assert len(ids) == 10
    for bad in ("page=0", "page=x", "per_page=100000", "since=yesterday"):
        status, _, err = server.json("GET", f"/api/quotes?{bad}")
        assert status == 400 and err["error"]


def test_speaker(server):
    jolani = a_quote(server, "Damascus is waiting")
    status, _, speaker = server.json("GET", f"/api/speakers/{jolani['speaker_id']}")
    assert status == 200
    assert speaker["name"] == "Abu Mohammed al-Jolani" and speaker["n_quotes"] == 2
    assert speaker["aliases"] and speaker["utterances"]
    status, _, err = server.json("GET", "/api/speakers/no-such-speaker")
    assert status == 404 and "no-such-speaker" in err["error"]


def test_utterance(server):
    jolani = a_quote(server, "Damascus is waiting")
    status, _, u = server.json("GET", f"/api/utterances/{jolani['utterance_id']}")
    assert status == 200 and u["id"] == jolani["utterance_id"]
    assert jolani["id"] in [r["id"] for r in u["renderings"]]
    assert len(u["renderings"]) == 2  # "Damascus is waiting for you." and "Damascus awaits you,"
    # two of the four seed articles, independent reports of the same message
    assert all(r["diff"] and r["syndication"]["kind"] == "independent" for r in u["renderings"])
    status, _, err = server.json("GET", "/api/utterances/u-nope")
    assert status == 404


# --- /q/<id> permalinks ------------------------------------------------------------------


def test_permalink_page_shows_the_quote_and_its_context(server):
    quote = a_quote(server, "Damascus is waiting")
    status, _, body = server.get(f"/q/{quote['id']}")
    page = body.decode()
    assert status == 200
    assert "Damascus is waiting for you." in page
    assert "Abu Mohammed al-Jolani" in page and "Telegram" in page
    assert "Reuters/AFP via news aggregator" in page and "7 December 2024" in page
    assert "Rebel forces begin to surround the Syrian capital Damascus" in page
    assert f'href="/s/{quote["speaker_id"]}"' in page  # the speaker's page, all their quotes
    assert "Damascus is waiting for you." in page
    assert "<mark>Damascus is waiting for you.</mark>" in page  # the paragraph around it
    for label in ("Plain text", "Markdown", "BibTeX", "CSL-JSON"):
        assert f"<h3>{label}</h3>" in page
    assert page.count('class="copy"') == 4


def test_permalink_json(server):
    quote = a_quote(server, "Damascus is waiting")
    status, _, data = server.json("GET", f"/q/{quote['id']}.json")
    assert status == 200 and data["id"] == quote["id"]
    assert data["speaker"]["name"] == "Abu Mohammed al-Jolani"
    assert data["channel"] == "Telegram" and data["cue"] == "told"
    assert "Damascus is waiting for you" in data["paragraph"]
    csl = json.loads(data["citations"]["csl"])
    assert csl[0]["type"] == "article-newspaper" and csl[0]["issued"]
    assert csl[0]["title"] == "Rebel forces begin to surround the Syrian capital Damascus"
    assert "Damascus is waiting for you." in csl[0]["note"]
    assert data["citations"]["bibtex"].startswith("@article{")


def test_permalink_links_the_article_at_the_quoted_words(server):
    status, _, created = post(server, {
        "text": "\u201cThe museum - and its garden - will reopen in May,\u201d curator Ann Lee said.",
        "url": "https://example.org/museum", "outlet": "Culture Daily", "published": "2024-12-11"})
    assert status == 201
    qid = created["quotes"][0]["id"]
    status, _, data = server.json("GET", f"/q/{qid}.json")
    assert data["article"]["link"].startswith("https://example.org/museum#:~:text=")
    assert "%2D" in data["article"]["link"] and " " not in data["article"]["link"]


def test_superseded_quote_id_answers_301_to_its_successor(server):
    body = {"text": BRIDGE_V1, "url": BRIDGE_URL, "outlet": "Example Gazette",
            "title": "Bridge to be rebuilt", "published": "2024-12-09"}
    status, _, first = post(server, body)
    old_id = first["quotes"][0]["id"]
    body["text"] = BRIDGE_V1.replace("by spring", "by early summer")  # the outlet corrected it
    status, _, second = post(server, body)
    assert status == 200 and second["id"] == first["id"]
    new_id = second["quotes"][0]["id"]
    assert new_id != old_id
    status, headers, _ = server.get(f"/q/{old_id}")
    assert status == 301 and headers["location"].endswith(f"/q/{new_id}")
    status, headers, _ = server.get(f"/q/{old_id}.json")
    assert status == 301 and headers["location"].endswith(f"/q/{new_id}.json")
    status, _, body_ = server.get(f"/q/{new_id}")
    assert status == 200 and b"by early summer" in body_


def test_a_quote_the_update_removed_answers_410_with_its_words(server):
    url = "https://example.org/news/ferry"
    body = {"text": "Ferries resumed.\n\u201cThe crossing is safe again,\u201d Captain Ivo Berg said.\n"
                    "\u201cTickets stay cheap,\u201d Mara Lind said.",
            "url": url, "outlet": "Harbour News"}
    status, _, first = post(server, body)
    assert status == 201
    gone_id = next(q["id"] for q in first["quotes"] if q["text"].startswith("Tickets"))
    body["text"] = "Ferries resumed.\n\u201cThe crossing is safe again,\u201d Captain Ivo Berg said."
    status, _, second = post(server, body)
    assert status == 200 and second["outcome"] == "updated"
    status, _, page = server.get(f"/q/{gone_id}")
    assert status == 410
    assert b"Tickets stay cheap," in page and f"/articles/{first['id']}".encode() in page
    status, _, data = server.json("GET", f"/q/{gone_id}.json")
    assert status == 410 and data["old_text"] == "Tickets stay cheap," and data["speaker"] == "Mara Lind"


def test_a_url_without_a_host_is_refused(server):
    status, _, data = post(server, {"text": "\u201cHi,\u201d Ann said.", "url": "http://"})
    assert status == 400 and "host" in data["error"]


def test_a_merged_speaker_id_redirects_to_the_speaker_it_joined(server):
    status, _, data = server.json("GET", "/api/speakers/syrian-army")
    assert status == 200 and data["name"] == "Syrian army"
    status, headers, _ = server.get("/api/speakers/general-command-of-the-army-and-armed-forces")
    assert status == 301 and headers["location"].endswith("/api/speakers/syrian-army")


def test_unknown_quote_answers_404_with_a_search_link(server):
    status, headers, body = server.get("/q/qdoesnotexist")
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert b'name="_search"' in body and b"/quotes/quotes" in body
    status, _, err = server.json("GET", "/q/qdoesnotexist.json")
    assert status == 404 and err["search"].endswith("/quotes")


# --- /compare/<id> -----------------------------------------------------------------------


def test_compare_page(server):
    quote = a_quote(server, "Damascus is waiting")
    status, _, body = server.get(f"/compare/{quote['utterance_id']}")
    page = body.decode()
    assert status == 200
    assert f'href="/q/{quote["id"]}"' in page
    assert "Reuters/AFP via news aggregator" in page
    assert "Independent reporting" in page and "Copy of" not in page  # the seeds copy no wire story
    status, _, data = server.json("GET", f"/compare/{quote['utterance_id']}.json")
    assert status == 200 and data["renderings"]
    status, _, body = server.get("/compare/u-nope")
    assert status == 404 and b'name="_search"' in body


def test_compare_marks_word_differences_and_wire_copies(server):
    """Two outlets carry one wire story, a third words it differently."""
    import sqlite_utils

    said = "\u201c{}\u201d Governor Paul Stone said on Friday."
    wire = "The storm will pass by Sunday, and we are ready,"
    other = "The storm will be gone by Sunday,"
    ids = []
    for outlet, text, n in [("Wire Service", wire, 1), ("Town Paper", wire, 2),
                            ("Evening Post", other, 3)]:
        status, _, created = post(server, {
            "text": "Storm news.\n" + said.format(text), "outlet": outlet,
            "url": f"https://example.org/storm{n}", "published": f"2024-12-1{n}"})
        assert status == 201, created
        ids.append(created["id"])
    db = sqlite_utils.Database(server.db_path)
    db["articles"].update(ids[1], {"syndicated_from": ids[0]})
    db.close()
    stored = a_quote(server, "The storm will pass")
    status, _, data = server.json("GET", f"/api/utterances/{stored['utterance_id']}")
    kinds = {r["outlet"]: r["syndication"]["kind"] for r in data["renderings"]}
    assert kinds == {"Wire Service": "original", "Town Paper": "wire", "Evening Post": "independent"}
    town = next(r for r in data["renderings"] if r["outlet"] == "Town Paper")
    assert town["syndication"]["source"] == ids[0] and town["syndication"]["source_outlet"] == "Wire Service"
    status, _, body = server.get(f"/compare/{stored['utterance_id']}")
    page = body.decode()
    assert "Copy of the Wire Service story" in page  # the copy names its original
    assert "Original story (copied by 1 other outlet here)" in page
    evening = next(r for r in data["renderings"] if r["outlet"] == "Evening Post")
    changed = [d["text"].strip() for d in evening["diff"] if d["kind"] in ("changed", "added")]
    assert changed and not any("storm" in c.lower() for c in changed)
    assert b"<ins" in body


# --- escaping ----------------------------------------------------------------------------


def test_pages_escape_what_they_show(server):
    status, _, created = post(server, {
        "text": "\u201cNever <script>alert(1)</script> again,\u201d said Senator John Smith.",
        "outlet": "<b>Bold</b> Outlet", "title": "<img src=x onerror=alert(2)>",
        "published": "2024-12-12"})
    assert status == 201
    quote = created["quotes"][0]
    assert "<script>" in quote["text"]
    for path in (f"/q/{quote['id']}", f"/compare/{quote['utterance_id']}"):
        status, _, body = server.get(path)
        page = body.decode()
        assert status == 200
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<img src=x" not in page and "<b>Bold</b>" not in page


# --- the pieces behind the pages ---------------------------------------------------------


def test_permalink_lists_the_other_renderings(server):
    import sqlite_utils

    db = sqlite_utils.Database(server.db_path)
    row = next(db.query(
        "select quotes.id, quotes.utterance_id, utterances.n_quotes from widely_quoted"
        " join utterances on utterances.id = widely_quoted.utterance_id"
        " join quotes on quotes.utterance_id = utterances.id limit 1"), None)
    db.close()
    assert row is not None, "no utterance of the seeds is carried by two outlets"
    status, _, data = server.json("GET", f"/q/{row['id']}.json")
    assert len(data["other_renderings"]) == row["n_quotes"] - 1
    status, _, body = server.get(f"/q/{row['id']}")
    page = body.decode()
    assert "Other renderings of this utterance" in page
    assert f'href="/compare/{row["utterance_id"]}"' in page
    for other in data["other_renderings"]:
        assert f'href="/q/{other["id"]}"' in page


def test_word_diff():
    from tracker.web.views import word_diff

    assert word_diff("Damascus is waiting for you.", "Damascus awaits you,") == [
        ("same", "Damascus"), ("was", " is waiting for"), ("changed", " awaits"), ("same", " you,")]
    # A rendering that quotes the middle of the sentence: the ends are cut, not changed.
    assert word_diff("We will go to Damascus, God willing.", "go to Damascus") == [
        ("cut", "We will"), ("same", "go to Damascus"), ("cut", ", God willing.")]
    assert word_diff("We will not leave.", "We will never leave.") == [
        ("same", "We will"), ("was", " not"), ("changed", " never"), ("same", " leave.")]
    assert word_diff("They said it\u2019s over.", "they said It's over.") == [
        ("same", "they said It's over.")]


def test_word_diff_aligns_a_fragment_to_the_words_it_shares():
    from tracker.web.views import word_diff

    statement = "This was a brutal and cowardly attack on civilians, and we will respond."
    # a one-word fragment quotes part of the statement: never "was <statement>, changed <word>"
    runs = word_diff(statement, "cowardly", fragment=True)
    assert runs == [("cut", "This was a brutal and"), ("same", "cowardly"),
                    ("cut", " attack on civilians, and we will respond.")]
    assert "was" not in [k for k, _ in runs]
    # an inflected fragment still lands on its word; the difference shows there only
    runs = word_diff(statement, "brutality", fragment=True)
    assert runs[0] == ("cut", "This was a") and ("changed", "brutality") in [(k, t.strip()) for k, t in runs]
    assert runs[-1][0] == "cut"
    # sharing no word at all: the statement is not quoted here, the words are the rendering's own
    assert word_diff(statement, "outrageous", fragment=True) == [("cut", statement), ("added", "outrageous")]


def test_word_diff_a_rendering_that_stops_early_is_not_quoted_not_left_out():
    from tracker.web.views import word_diff

    runs = word_diff("We will rebuild the bridge by spring, whatever it costs.",
                     "We will rebuild the bridge by spring.")
    assert runs[-1] == ("cut", " whatever it costs.")
    # the closing full stop after the last words quoted does not make the rest "left out"
    assert word_diff("We will rebuild the bridge by spring.", "We will rebuild the bridge.") == [
        ("same", "We will rebuild the bridge"), ("cut", " by spring"), ("same", ".")]
    assert "removed" not in [k for k, _ in runs]
    # a gap in the middle is left out
    runs = word_diff("We will rebuild the bridge by spring.", "We will rebuild by spring.")
    assert ("removed", " the bridge") in runs
