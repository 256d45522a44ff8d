"""Utterance grouping at ingest: incremental (the blocking index, never the whole table),
independent of ingest order, with ids that stay and superseded ids that redirect."""
import json
import random
from pathlib import Path

import pytest
import sqlite_utils

from tracker import pipeline, store
from tracker.articles import Article
from tracker.extract.quote import Quote
from tracker.text import slug
from tracker.utterances import cluster_utterances

DATA = Path(__file__).parent / "data"
GOLD_FILES = [DATA / "seeds_gold.jsonl", DATA / "blind" / "xo_east.jsonl",
              DATA / "blind" / "xo_west.jsonl"]


def gold_docs():
    docs = []
    for path in GOLD_FILES:
        docs.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip())
    return docs


def new_db():
    db = sqlite_utils.Database(memory=True)
    store.ensure_db_shape(db)
    return db


def store_doc(db, doc):
    """Write one gold article with its gold quotes and speakers, as the ingest path does."""
    article = Article(text=doc["text"], source=f"{doc['id']}.txt", outlet=doc["id"].split("-")[0])
    quotes, speaker_ids, speakers = [], [], {}
    for q in doc["quotes"]:
        if q.get("kind") == "scare":
            continue
        quotes.append(Quote(start=q["start"], end=q["end"], text=doc["text"][q["start"]:q["end"]],
                            kind=q.get("kind") or "full", speaker=q.get("speaker")))
        sid = "s-" + slug(q["speaker"]) if q.get("speaker") else None
        speaker_ids.append(sid)
        if sid:
            speakers[sid] = {"id": sid, "name": q["speaker"], "kind": "person"}
    old = store.quotes_of_article(db, article.id)
    with store.write_transaction(db):
        ids = store.save_article(db, article, quotes, speaker_ids, list(speakers.values()))
        pipeline.regroup_article(db, old, ids)


def groups(db):
    """The utterance partition as sets of quote ids (ids of utterances may differ)."""
    found = {}
    for row in db.query("select id, utterance_id from quotes"):
        assert row["utterance_id"], row
        found.setdefault(row["utterance_id"], set()).add(row["id"])
    return {frozenset(g) for g in found.values()}


def test_ingest_order_does_not_change_the_groups_and_matches_the_batch_grouping():
    docs = gold_docs()
    results = []
    for order in (sorted(docs, key=lambda d: d["id"]), list(reversed(docs)),
                  random.Random(3).sample(docs, len(docs))):
        db = new_db()
        for doc in order:
            store_doc(db, doc)
        results.append(groups(db))
    assert results[0] == results[1] == results[2]
    db = new_db()
    for doc in docs:
        store_doc(db, doc)
    records = list(db.query("select id, speaker_id, text, article_id, kind from quotes"))
    batch = {}
    for qid, uid in cluster_utterances(records).items():
        batch.setdefault(uid, set()).add(qid)
    assert results[0] == {frozenset(g) for g in batch.values()}
    assert any(len(g) >= 4 for g in results[0])  # renderings across outlets did join


def test_ingesting_again_changes_nothing():
    docs = gold_docs()
    db = new_db()
    for doc in docs:
        store_doc(db, doc)
    before = list(db.query("select id, utterance_id from quotes order by id"))
    rows = list(db.query("select * from utterances order by id"))
    redirects = list(db.query("select * from utterance_redirects order by old_id"))
    for doc in reversed(docs):
        store_doc(db, doc)
    assert list(db.query("select id, utterance_id from quotes order by id")) == before
    assert list(db.query("select * from utterances order by id")) == rows
    assert list(db.query("select * from utterance_redirects order by old_id")) == redirects


def doc(doc_id, text, quoted, speaker):
    start = text.index(quoted)
    return {"id": doc_id, "text": text,
            "quotes": [{"start": start, "end": start + len(quoted), "speaker": speaker}]}


STATEMENT = "We will not allow the Tigris and the Euphrates to become rivers of dust"
RENDERING = "We shall never permit the Tigris and Euphrates to turn into rivers of dust"
# one word swapped in a short quote: the same speaker's, but too little to join across two
STORM, STORM_REWORDED = "The storm will pass by Sunday", "The storm will be gone by Sunday"


def utterance_of(db, text):
    return db.execute("select utterance_id from quotes where text = ?", [text]).fetchone()[0]


def test_a_new_rendering_joins_and_the_id_stays():
    db = new_db()
    store_doc(db, doc("b-1", f"“{STATEMENT},” the minister said.", STATEMENT, "Khalid Hashimi"))
    uid = utterance_of(db, STATEMENT)
    store_doc(db, doc("a-2", f"“{RENDERING}.” said Hashimi.", RENDERING, "Khalid Hashimi"))
    assert utterance_of(db, RENDERING) == utterance_of(db, STATEMENT) == uid
    row = db.table("utterances").get(uid)
    assert (row["n_quotes"], row["n_outlets"]) == (2, 2)
    assert db.table("utterances").count == 1


def merged_speaker_db(db):
    """Two speaker ids render one statement; then they are found to be one speaker (names
    that share no word, as a kunya and a full name: nothing tells they are one before)."""
    store_doc(db, doc("c-1", f"“{STORM},” he said.", STORM, "Khalid Hashimi"))
    store_doc(db, doc("c-2", f"“{STORM_REWORDED},” he said.", STORM_REWORDED, "Abu Faisal"))
    first, second = utterance_of(db, STORM), utterance_of(db, STORM_REWORDED)
    assert first != second
    store.merge_speakers(db, "s-abu-faisal", "s-khalid-hashimi", "test")
    pipeline.regroup_utterances(db, store.quotes_of_speaker(db, "s-khalid-hashimi"))
    return first, second


def test_two_utterances_found_to_be_one_leave_a_redirect():
    db = new_db()
    first, second = merged_speaker_db(db)
    kept = utterance_of(db, STORM)
    assert utterance_of(db, STORM_REWORDED) == kept and kept in (first, second)
    gone = second if kept == first else first
    assert db.table("utterance_redirects").get(gone)["new_id"] == kept
    assert not db.table("utterances").count_where("id = ?", [gone])
    assert db.table("utterances").get(kept)["n_quotes"] == 2


def test_renderings_join_across_speaker_ids_when_close_enough():
    db = new_db()
    store_doc(db, doc("e-1", f"“{STATEMENT},” he said.", STATEMENT, "Khalid Hashimi"))
    store_doc(db, doc("e-2", f"“{RENDERING},” the minister said.", RENDERING, None))
    assert utterance_of(db, STATEMENT) == utterance_of(db, RENDERING)


def test_regrouping_reads_only_the_neighbourhood(monkeypatch):
    db = new_db()
    for i in range(30):  # statements that share no content word with the new quote
        text = f"Harvest number {i} arrived early in the valley of district {i}"
        store_doc(db, doc(f"x-{i:02d}", f"“{text},” a farmer said.", text, f"Farmer {i}"))
    seen = []
    real = pipeline.cluster_utterances
    monkeypatch.setattr(pipeline, "cluster_utterances",
                        lambda records: seen.append(len(records)) or real(records))
    store_doc(db, doc("y-1", f"“{STATEMENT},” he said.", STATEMENT, "Khalid Hashimi"))
    assert seen == [1]
    store_doc(db, doc("y-2", f"“{RENDERING},” he said.", RENDERING, "Khalid Hashimi"))
    assert seen == [1, 2]


def test_different_statements_of_one_speaker_on_one_topic_stay_apart():
    db = new_db()
    ready = ("We are ready to sign an agreement tonight, provided it guarantees a fixed share of "
             "water for our people and not just promises")
    refuse = "will not sign any agreement that does not guarantee a fixed share of water for our people"
    store_doc(db, doc("d-1", f"“{ready},” he said.", ready, "Khalid Hashimi"))
    store_doc(db, doc("d-2", f"He said Iraq “{refuse}”.", refuse, "Khalid Hashimi"))
    assert utterance_of(db, ready) != utterance_of(db, refuse)


@pytest.mark.parametrize("path", ["/compare/{}", "/compare/{}.json", "/api/utterances/{}"])
def test_a_superseded_utterance_id_redirects(tmp_path, path):
    from test_server import LiveServer

    db = store.open_db(tmp_path / "quotes.db")
    merged_speaker_db(db)
    (gone, kept), = db.execute("select old_id, new_id from utterance_redirects").fetchall()
    db.close()
    server = LiveServer(tmp_path / "quotes.db")
    try:
        status, headers, _ = server.get(path.format(gone))
        assert status == 301 and headers["location"].endswith(path.format(kept))
        status, _, _ = server.get(path.format(kept))
        assert status == 200
        status, _, _ = server.get(path.format("u-never-issued"))
        assert status == 404
    finally:
        server.stop()


def test_migration_7_indexes_the_quotes_stored_before_the_index():
    db = new_db()
    for d in gold_docs()[:6]:
        store_doc(db, d)
    stems = list(db.query("select * from quote_stems order by stem, quote_id"))
    counts = list(db.query("select * from stem_counts where n > 0 order by stem"))
    assert stems and counts
    db.execute("delete from quote_stems")
    db.execute("delete from stem_counts")
    db.execute("delete from migrations where version = 7")  # a database from before it
    store.ensure_db_shape(db)
    assert list(db.query("select * from quote_stems order by stem, quote_id")) == stems
    assert list(db.query("select * from stem_counts where n > 0 order by stem")) == counts


def test_migration_21_indexes_stored_quotes_by_the_stems_of_this_version():
    db = new_db()
    store_doc(db, doc("m-1", f"“{STATEMENT},” he said.", STATEMENT, "Khalid Hashimi"))
    db.execute("update quote_stems set stem = 'stale-' || stem")  # as an older version indexed
    db.execute("delete from stem_counts")
    db.execute("delete from migrations where version = 21")
    store._run_migrations(db)
    qid = db.execute("select id from quotes").fetchone()[0]
    from tracker.utterances import content_stems
    assert sorted(r[0] for r in db.execute("select stem from quote_stems where quote_id = ?", [qid])) \
        == sorted(set(content_stems(STATEMENT)))
    assert db.execute("select count(*) from stem_counts where stem like 'stale-%'").fetchone()[0] == 0
