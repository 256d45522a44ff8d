from rows import table_counts
from tracker import pipeline
from tracker.articles import Article, ReadError


def art(text, outlet, url=None):
    return Article(text=text, source=f"{outlet}.txt", url=url, outlet=outlet, published="2024-12-07")


ONE = "Intro.\n\u201cDamascus is waiting for you,\u201d Jolani said.\n\u201cWe will win,\u201d Jolani said."
TWO = "Elsewhere.\n\u201cDamascus is waiting for you,\u201d Jolani said on Telegram."
THREE = "Other news.\n\u201cNothing to add,\u201d Lavrov said."


def test_ingest_stores_and_reports(fresh_db, fake_extractor):
    report = pipeline.ingest(fresh_db, [art(ONE, "Wire"), art(TWO, "Paper")])
    assert (report.articles, report.quotes, report.speakers, report.errors) == (2, 3, 1, [])
    assert report.summary("db/quotes.db") == (
        "Ingested 2 articles (2 new, 0 updated, 0 unchanged), 3 quotes, 1 speaker into db/quotes.db")
    counts = table_counts(fresh_db)
    assert (counts["articles"], counts["outlets"], counts["quotes"], counts["speakers"]) == (2, 2, 3, 1)
    assert fresh_db.table("speaker_aliases").count == 1


def test_same_rendering_in_two_outlets_is_one_utterance(fresh_db, fake_extractor):
    pipeline.ingest(fresh_db, [art(ONE, "Wire"), art(TWO, "Paper")])
    utterances = {r["text"]: r for r in fresh_db.table("utterances").rows}
    damascus = utterances["Damascus is waiting for you,"]
    assert (damascus["n_quotes"], damascus["n_outlets"]) == (2, 2)
    ids = {r["utterance_id"] for r in fresh_db.query("select utterance_id from quotes where text like 'Damascus%'")}
    assert ids == {damascus["id"]}
    assert [r["utterance_id"] for r in fresh_db.query("select * from widely_quoted")] == [damascus["id"]]


def test_reingest_changes_nothing(fresh_db, fake_extractor):
    items = [art(ONE, "Wire"), art(TWO, "Paper"), art(THREE, "Wire")]
    pipeline.ingest(fresh_db, items)
    before = {name: list(fresh_db.table(name).rows) for name in table_counts(fresh_db)}
    pipeline.ingest(fresh_db, items)
    after = {name: list(fresh_db.table(name).rows) for name in table_counts(fresh_db)}
    assert after == before


def test_bad_items_are_reported_and_good_ones_stored(fresh_db, fake_extractor):
    items = [
        art(ONE, "Wire"),
        ReadError("missing.txt", "no such file or directory"),
        art("BOOM \u201cx,\u201d Y said.", "Broken"),
        art(THREE, "Paper"),
    ]
    seen = []
    report = pipeline.ingest(fresh_db, items, progress=seen.append, batch_size=3)
    assert report.articles == 2
    assert report.errors[0] == "missing.txt: no such file or directory"
    assert report.errors[1].startswith("Broken.txt: extraction failed")
    assert sum(seen) == len(items)
    assert {r["outlet_id"] for r in fresh_db.table("articles").rows} == {"wire", "paper"}


def test_a_vanished_quote_drops_its_utterance(fresh_db, fake_extractor):
    first = art(ONE, "Wire", url="https://wire.example/1")
    pipeline.ingest(fresh_db, [first])
    assert fresh_db.table("utterances").count == 2
    edited = art(ONE.split("\n\u201cWe will")[0], "Wire", url="https://wire.example/1")
    pipeline.ingest(fresh_db, [edited])
    assert fresh_db.table("quotes").count == 1
    assert fresh_db.table("utterances").count == 1
    assert fresh_db.table("quote_redirects").count == 1


def test_extract_records_format_and_clusters_across_documents(fake_extractor):
    out = list(pipeline.extract_records([{"id": "1", "text": ONE}, {"id": "2", "text": TWO}]))
    assert [doc["id"] for doc in out] == ["1", "2"]
    first = out[0]["quotes"][0]
    assert set(first) == {"start", "end", "text", "speaker", "speaker_id", "speaker_mention",
                          "cue", "channel", "kind", "rule", "cluster"}
    assert ONE[first["start"]:first["end"]] == first["text"]
    assert first["speaker"] == "Jolani" and first["speaker_id"]
    assert first["cluster"] == out[1]["quotes"][0]["cluster"]
    assert out[0]["quotes"][1]["cluster"] != first["cluster"]


def test_a_copy_of_a_copy_points_at_the_original(fresh_db, fake_extractor):
    """Wire story A, outlet B runs it with an edit, outlet C copies B: both B and C are
    copies of A, so the compare page groups all three as one wire story."""
    from tracker.articles import Article

    words = ("The storm reached the coast on Sunday night and cut power to forty thousand homes "
             "while rescue teams moved families from the low streets near the harbour to schools "
             "on the hill where volunteers served soup and blankets until the morning light came ")
    a = Article(text=words * 3, source="a", outlet="Wire")
    b = Article(text=(words * 3).replace("forty thousand", "40,000"), source="b", outlet="Paper B")
    c = Article(text=(words * 3).replace("forty thousand", "40,000").replace("soup", "tea"),
                source="c", outlet="Paper C")
    for article in (a, b, c):
        pipeline.ingest(fresh_db, [article])
    rows = {r["id"]: r["syndicated_from"] for r in fresh_db["articles"].rows}
    assert rows[b.id] == a.id and rows[c.id] == a.id and rows[a.id] is None


# --- extract_records (tracker extract): speakers and clusters across the whole input --------


def records_extractor(monkeypatch, table, calls=None):
    """extract_many reading quotes from {text: [Quote]}, recording the nlp it got."""
    import tracker.extract

    def many(texts, nlp=None):
        if calls is not None:
            calls.append(nlp)
        return [list(table.get(t, [])) for t in texts]

    monkeypatch.setattr(tracker.extract, "extract_many", many)


def q(text, quoted, speaker=None, kind="full", speaker_kind="person"):
    from tracker.extract.quote import Quote

    start = text.index(quoted)
    return Quote(start=start, end=start + len(quoted), text=quoted, kind=kind, speaker=speaker,
                 speaker_mention=speaker, speaker_kind=speaker_kind if speaker else None)


LONG = "We will rebuild every bridge and every school in the valley before the winter comes,"


def test_extract_records_uses_the_model_given_and_keeps_unattributed_quotes(monkeypatch):
    text = "\u201cNo comment,\u201d came the answer."
    calls, nlp = [], object()
    records_extractor(monkeypatch, {text: [q(text, "No comment,")]}, calls)
    (doc,) = pipeline.extract_records([{"id": 7, "text": text}], nlp=nlp)
    assert calls == [nlp]
    assert doc["id"] == 7
    (only,) = doc["quotes"]
    assert (only["text"], only["speaker"], only["speaker_id"]) == ("No comment,", None, None)
    assert only["cluster"]


def test_extract_records_scopes_unnamed_speakers_to_their_record(monkeypatch):
    one, two = "\u201cNo comment,\u201d a spokesman said.", "\u201cNot today,\u201d a spokesman said."
    records_extractor(monkeypatch, {one: [q(one, "No comment,", "spokesman")],
                                    two: [q(two, "Not today,", "spokesman")]})
    out = list(pipeline.extract_records([{"id": "d1", "text": one}, {"id": "d2", "text": two}]))
    first, second = out[0]["quotes"][0], out[1]["quotes"][0]
    assert first["speaker_id"] != second["speaker_id"]
    assert "d1" in first["speaker_id"] and "d2" in second["speaker_id"]


def test_extract_records_clusters_across_speakers_and_records(monkeypatch):
    """The same long sentence credited to a person and to an office in two records is one
    cluster (near word for word across articles); a fragment of it joins too. (Credited to
    two different named people it would stay two: see tests/test_utterances_speakers.py.)"""
    a = f"\u201c{LONG}\u201d Jane Doe said."
    b = f"\u201c{LONG}\u201d the ministry said."
    c = "Jane Doe promised to rebuild \u201cevery bridge\u201d and more."
    records_extractor(monkeypatch, {
        a: [q(a, LONG, "Jane Doe")], b: [q(b, LONG, "the ministry")],
        c: [q(c, "every bridge", "Jane Doe", "fragment")]})
    out = list(pipeline.extract_records([{"id": i, "text": t} for i, t in enumerate([a, b, c])]))
    assert out[0]["quotes"][0]["cluster"] == out[1]["quotes"][0]["cluster"] == out[2]["quotes"][0]["cluster"]


# --- extraction workers: batches that keep every worker busy --------------------------------


def test_worker_batches_give_every_worker_several_and_keep_the_order():
    articles = list(range(44))
    one = pipeline._batches(articles, 16, 1)
    assert [len(b) for b in one] == [16, 16, 12]
    two = pipeline._batches(articles, 16, 2)
    assert len(two) >= 2 * pipeline.WORKER_SHARES
    assert max(len(b) for b in two) <= 16
    for batches in (one, two):
        assert [a for b in batches for a in b] == articles
    assert pipeline._batches(list(range(3)), 16, 2) == [[0], [1], [2]]
    assert pipeline._batches([], 16, 2) == []
