"""One write path for the CLI and the API: article identity, honest permalinks after an
update, one transaction per article with its utterances, and waiting out a busy database."""
import sqlite3
import threading
import time

import pytest
import sqlite_utils

from tracker import pipeline, store
from tracker.articles import Article

TEXT = ("The council met on Monday.\n"
        "\u201cWe will rebuild the bridge by spring,\u201d Jane Doe said.\n"
        "\u201cThe budget is tight but fair,\u201d Tom Roe said.")


def article(text=TEXT, **meta):
    fields = {"source": "t.txt", "url": "https://example.org/news/bridge", "outlet": "Gazette",
              "title": "Bridge", "published": "2024-12-09"}
    fields.update(meta)
    return Article(text=text, **fields)


def quotes_by_text(db):
    return {r["text"]: r for r in db.query("select quotes.*, speakers.name as speaker from quotes"
                                           " left join speakers on speakers.id = quotes.speaker_id")}


def test_the_same_url_from_another_outlet_is_another_article(fresh_db, fake_extractor):
    first = pipeline.ingest(fresh_db, [article()])
    second = pipeline.ingest(fresh_db, [article(outlet="Other Times", title="Other")])
    assert (first.new, second.new) == (1, 1)
    titles = {r["title"]: r["outlet_id"] for r in fresh_db.table("articles").rows}
    assert titles == {"Bridge": "gazette", "Other": "other-times"}
    assert fresh_db.table("quotes").count == 4  # neither outlet's quotes replaced the other's


def test_url_variants_name_one_article():
    a = article(url="HTTPS://Example.org:443/news/bridge?utm_source=feed#top")
    assert a.url == "https://example.org/news/bridge"
    assert a.id == article().id
    assert article(url="https://example.org/news/bridge?id=2").id != a.id
    assert Article(text="x", source="s", url="http://").url is None
    # no usable URL: the text (and the outlet) is the identity, never one shared id
    assert Article(text="one", source="s", url="http://").id != Article(text="two", source="s", url="http://").id


def test_a_corrected_title_is_stored_without_reextraction(fresh_db, fake_extractor, monkeypatch):
    pipeline.ingest(fresh_db, [article()])
    before = quotes_by_text(fresh_db)
    import tracker.extract

    monkeypatch.setattr(tracker.extract, "extract_many", lambda *a, **k: pytest.fail("re-extracted"))
    report = pipeline.ingest(fresh_db, [article(title="Bridge to be rebuilt", published="2024-12-10")])
    assert (report.new, report.updated, report.unchanged) == (0, 1, 0)
    row = fresh_db.table("articles").get(article().id)
    assert (row["title"], row["published"]) == ("Bridge to be rebuilt", "2024-12-10")
    assert {q["published"] for q in quotes_by_text(fresh_db).values()} == {"2024-12-10"}
    assert set(quotes_by_text(fresh_db)) == set(before)
    again = pipeline.ingest(fresh_db, [article(title="Bridge to be rebuilt", published="2024-12-10")])
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)


def test_a_removed_quote_has_no_successor_and_keeps_its_text(fresh_db, fake_extractor):
    pipeline.ingest(fresh_db, [article()])
    old = quotes_by_text(fresh_db)["The budget is tight but fair,"]
    # The update drops Roe's quote; Doe's quote now sits where Roe's was.
    edited = ("The council met on Monday. Tom Roe left early.\n"
              "\u201cWe will rebuild the bridge by spring,\u201d Jane Doe said.")
    report = pipeline.ingest(fresh_db, [article(text=edited)])
    assert report.updated == 1
    gone = fresh_db.table("quote_redirects").get(old["id"])
    assert gone["new_id"] is None
    assert gone["old_text"] == "The budget is tight but fair,"
    assert gone["article_id"] == article().id


def test_a_reworded_quote_redirects_only_to_the_same_speaker(fresh_db, fake_extractor):
    pipeline.ingest(fresh_db, [article()])
    doe = quotes_by_text(fresh_db)["We will rebuild the bridge by spring,"]
    roe = quotes_by_text(fresh_db)["The budget is tight but fair,"]
    # Doe's words corrected in place; Roe's quote replaced by Ann Poe's at the same offsets.
    edited = TEXT.replace("by spring", "by early summer").replace(
        "The budget is tight but fair,\u201d Tom Roe", "The budget is tight, not fair,\u201d Ann Poe")
    pipeline.ingest(fresh_db, [article(text=edited)])
    now = quotes_by_text(fresh_db)
    redirects = {r["old_id"]: r["new_id"] for r in fresh_db.table("quote_redirects").rows}
    assert redirects[doe["id"]] == now["We will rebuild the bridge by early summer,"]["id"]
    assert redirects[roe["id"]] is None  # never to Ann Poe's words


def test_an_article_and_its_utterances_are_one_transaction(fresh_db, fake_extractor, monkeypatch):
    def broken(db, *args):
        raise RuntimeError("regrouping failed")

    monkeypatch.setattr(pipeline, "regroup_utterances", broken)
    report = pipeline.ingest(fresh_db, [article()])
    assert report.errors == ["t.txt: could not store: regrouping failed"]
    assert [fresh_db.table(t).count for t in ("articles", "quotes", "speakers")] == [0, 0, 0]


def test_retry_when_busy_retries_locks_only():
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "done"

    assert store.retry_when_busy(flaky) == "done" and len(calls) == 3
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        store.retry_when_busy(lambda: (_ for _ in ()).throw(sqlite3.OperationalError("no such table: x")))


def test_a_writer_waits_for_another_process_lock(tmp_path, fake_extractor):
    path = tmp_path / "quotes.db"
    store.open_db(path).conn.close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock for a moment
    released = threading.Event()

    def release():
        time.sleep(0.5)
        holder.execute("COMMIT")
        released.set()

    threading.Thread(target=release).start()
    report = pipeline.ingest(store.connect(path), [article()])
    assert released.is_set() and report.errors == [] and report.new == 1
    assert sqlite_utils.Database(path).table("quotes").count == 2


def test_old_article_ids_are_rekeyed_and_their_permalinks_redirect(tmp_path):
    """A database from before outlets were part of the identity: the article takes its new
    id, its quotes the ids that follow, and the old quote ids redirect to them."""
    path = tmp_path / "old.db"
    db = store.open_db(path)
    a = article()
    old_article_id = "a" + __import__("hashlib").sha1(a.url.encode()).hexdigest()[:15]
    old_quote = store.quote_id(old_article_id, 10, 20, "words here")
    db.execute("delete from migrations where version = 3")
    db["outlets"].insert({"id": "gazette", "name": "Gazette", "domain": "example.org"})
    db["articles"].insert({"id": old_article_id, "url": a.url, "outlet_id": "gazette", "text": TEXT,
                           "content_hash": a.content_hash, "source": "t.txt"})
    db["quotes"].insert({"id": old_quote, "article_id": old_article_id, "text": "words here",
                         "start": 10, "end": 20})
    db.conn.close()
    db = store.open_db(path)
    assert [r["id"] for r in db["articles"].rows] == [a.id]
    new_quote = store.quote_id(a.id, 10, 20, "words here")
    assert [r["id"] for r in db["quotes"].rows] == [new_quote]
    assert db["quote_redirects"].get(old_quote)["new_id"] == new_quote


def test_one_ingest_gives_the_same_rows_whatever_the_order_of_its_inputs(tmp_path):
    """The seed files listed forward and backward: the same speakers, aliases, quotes and
    utterances (one ingest sorts its articles by id before resolving anyone)."""
    from pathlib import Path

    from tracker.articles import read_paths

    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    dumps = []
    for order in (seeds, seeds[::-1], seeds + seeds[:1]):
        db = store.open_db(tmp_path / f"run{len(dumps)}.db")
        report = pipeline.ingest(db, list(read_paths(order)))
        assert report.errors == []
        dumps.append({t: list(db.query(f"select * from {t} order by 1, 2"))
                      for t in ("speakers", "speaker_aliases", "quotes", "utterances")})
    assert dumps[0] == dumps[1] == dumps[2]
    assert report.unchanged == 1  # the seed given twice


def test_separate_ingests_in_either_order_give_the_same_speakers(tmp_path):
    """One seed file per ingest, forward and backward. An article that shows two stored
    speakers are one (a body's generic name, an unnamed "leader of" role) merges them, and
    the old id redirects; the display name is the fullest spelling, whoever came first."""
    from pathlib import Path

    from tracker.articles import read_paths

    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    results = []
    for name, order in (("forward", seeds), ("backward", seeds[::-1])):
        db = store.open_db(tmp_path / f"{name}.db")
        for path in order:
            assert pipeline.ingest(db, list(read_paths([path]))).errors == []
        groups = sorted(sorted(r["texts"].split("\x1f")) for r in db.query(
            "select group_concat(text, char(31)) as texts from quotes group by speaker_id"))
        speakers = list(db.query("select id, name, kind from speakers order by id"))
        results.append((groups, speakers))
        redirects = {r["old_id"]: r["new_id"] for r in db["speaker_redirects"].rows}
        assert all(new in {s["id"] for s in speakers} for new in redirects.values())
        assert not set(redirects) & {s["id"] for s in speakers}
    assert results[0] == results[1]


def test_two_extraction_workers_store_the_same_rows_as_one(tmp_path):
    from pathlib import Path

    from tracker.articles import read_paths
    from tracker.extract import load_model

    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    dumps = []
    for workers in (1, 2):
        db = store.open_db(tmp_path / f"w{workers}.db")
        report = pipeline.ingest(db, list(read_paths(seeds)), nlp=load_model(), batch_size=1,
                                 workers=workers)
        assert report.errors == [] and report.new == 4
        dumps.append({t: list(db.query(f"select * from {t} order by 1, 2"))
                      for t in ("articles", "speakers", "speaker_aliases", "quotes", "utterances")})
    assert dumps[0] == dumps[1]
