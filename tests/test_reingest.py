"""Ingesting and re-ingesting: copy detection, speakers, utterances, progress and errors.

The extractor is the deterministic stand-in from conftest (fake_extractor): these tests are
about what the pipeline and the store do with quotes, not about finding them.
"""
import pytest

from test_store import live_id
from tracker import pipeline, store
from tracker.articles import Article
from tracker.extract.quote import Quote

# A wire story long enough to count as a copy when rerun (about 70 words: far more than
# syndication.MIN_SHINGLES five-word runs), an outlet's copy of it (a new first line, one
# figure rewritten), the wire's own correction of it, and an independent report of the same
# flood that shares only the quoted sentence.
ORIGINAL = (
    "The river burst its banks on Sunday night and flooded the lower town, cutting power to "
    "about four thousand homes while rescue teams moved families to the school on the hill.\n"
    "\u201cWe will rebuild the bridge by spring,\u201d Jane Doe said.\n"
    "Volunteers served soup and blankets until the morning, and the council said the main road "
    "would stay closed for at least a week while engineers checked the damaged supports."
)
COPY = "Flood hits the lower town.\n" + ORIGINAL.replace("about four thousand", "about 4,000")
EDITED = ORIGINAL.replace("for at least a week", "for at least ten days")
OTHER = (
    "Residents of the lower town spent Monday clearing mud from their kitchens after the flood.\n"
    "\u201cWe will rebuild the bridge by spring,\u201d Jane Doe said.\n"
    "Shops stayed shut and the school on the hill took in those who had nowhere else to go."
)


def article(text, outlet, url=None):
    return Article(text=text, source=f"{outlet}.txt", outlet=outlet, url=url, published="2024-12-08")


def links(db):
    return {r["id"]: r["syndicated_from"] for r in db["articles"].rows}


def dump(db):
    """Every row of every table, ordered by primary key."""
    out = {}
    for name, spec in store.TABLES.items():
        if name == "migrations":
            continue
        pk = spec["pk"] if isinstance(spec["pk"], tuple) else (spec["pk"],)
        order = ", ".join(f'"{c}"' for c in pk)
        out[name] = list(db.query(f"select * from {name} order by {order}"))
    return out


def assert_links_are_sound(db):
    """No article is its own copy, and every link points at a stored root (an original)."""
    rows = links(db)
    for article_id, source in rows.items():
        assert source != article_id, f"{article_id} is marked as a copy of itself"
        if source is not None:
            assert source in rows, f"{article_id} points at an article that is not stored"
            assert rows[source] is None, f"{article_id} points at {source}, itself a copy"


@pytest.mark.parametrize("keyed_by", ["url", "text"])
def test_copy_detection_is_stable_over_reingests(fresh_db, fake_extractor, keyed_by):
    """What re-ingesting does to articles.syndicated_from, decided here:

    - A new article is compared with every stored article and points at the original (the
      root) of the best match: the copy points at the wire story, the wire story at nothing.
    - An article already stored (same id) keeps the link it has: re-ingesting runs no copy
      detection on it, whatever the order the articles come back in. (Compared again, the
      original would match its own copy, whose link leads back to the original itself.)
    - An edited original keeps its id when its URL is known: still the original, still
      pointing at nothing, and its copy still points at it. Without a URL its id comes from
      the text, so the edited text is a new article: a copy of the original (its root).
    - An independent report of the same event is linked to nothing.
    """
    urls = {"wire": "https://wire.example/flood", "paper": "https://paper.example/flood",
            "daily": "https://daily.example/flood"} if keyed_by == "url" else {}
    original = article(ORIGINAL, "Wire", urls.get("wire"))
    copy = article(COPY, "Paper", urls.get("paper"))
    edited = article(EDITED, "Wire", urls.get("wire"))
    other = article(OTHER, "Daily", urls.get("daily"))

    pipeline.ingest(fresh_db, [original, copy, other])
    expected = {original.id: None, copy.id: original.id, other.id: None}
    assert links(fresh_db) == expected
    stored = dump(fresh_db)

    for again in ([original, copy, other], [other, copy, original], [copy], [original]):
        pipeline.ingest(fresh_db, again)
        assert links(fresh_db) == expected
        assert dump(fresh_db) == stored  # nothing else moved either
        assert_links_are_sound(fresh_db)

    for again in ([edited, copy], [copy, edited], [edited]):
        pipeline.ingest(fresh_db, again)
        if keyed_by == "url":
            assert edited.id == original.id
            assert links(fresh_db) == expected
            assert fresh_db["articles"].get(original.id)["text"] == EDITED
        else:
            assert edited.id != original.id
            assert links(fresh_db) == dict(expected, **{edited.id: original.id})
        assert_links_are_sound(fresh_db)


def test_the_first_stored_version_stays_the_root_whatever_comes_back(fresh_db, fake_extractor):
    """The copy stored first is the root (no dates are compared); later runs never turn the
    link around or make the two point at each other."""
    original = article(ORIGINAL, "Wire")
    copy = article(COPY, "Paper")
    pipeline.ingest(fresh_db, [copy])
    pipeline.ingest(fresh_db, [original])
    expected = {copy.id: None, original.id: copy.id}
    assert links(fresh_db) == expected
    for again in ([original, copy], [copy, original], [article(EDITED, "Wire")]):
        pipeline.ingest(fresh_db, again)
        assert {k: v for k, v in links(fresh_db).items() if k in expected} == expected
        assert_links_are_sound(fresh_db)


def test_reingest_runs_no_copy_detection_on_stored_articles(fresh_db, fake_extractor, monkeypatch):
    import tracker.syndication

    compared = []
    real = tracker.syndication.find_syndicated

    def spy(text, existing, *args, **kwargs):
        compared.append(text)
        return real(text, existing, *args, **kwargs)

    monkeypatch.setattr(tracker.syndication, "find_syndicated", spy)
    original = article(ORIGINAL, "Wire", "https://wire.example/flood")
    copy = article(COPY, "Paper")
    pipeline.ingest(fresh_db, [original, copy])
    assert compared == [ORIGINAL, COPY]
    compared.clear()
    pipeline.ingest(fresh_db, [copy, original])
    pipeline.ingest(fresh_db, [article(EDITED, "Wire", "https://wire.example/flood")])  # same id
    assert compared == []
    pipeline.ingest(fresh_db, [article(EDITED, "Other Wire")])  # a new id: compared
    assert compared == [EDITED]


def test_a_stored_original_is_never_its_own_source(fresh_db, fake_extractor):
    """Copy detection asked about an article already stored (as a re-ingest with the guard
    above gone would ask) answers with another article or nothing: the original matches its
    copy, whose link leads back to the original, so the answer is nothing, not its own id."""
    original = article(ORIGINAL, "Wire", "https://wire.example/flood")
    copy = article(COPY, "Paper", "https://paper.example/flood")
    pipeline.ingest(fresh_db, [original, copy])
    index = pipeline._SyndicationIndex(fresh_db)
    assert index.original_of(original) is None
    assert index.original_of(copy) == original.id
    assert index.original_of(article(EDITED, "Wire")) == original.id
    assert index.original_of(article(OTHER, "Daily")) is None


# --- the ingest path around a re-ingest: speakers, utterances, progress, errors -------------


def quote(text, quoted, speaker, kind="person", description=None, mention=None):
    start = text.index(quoted)
    return Quote(start=start, end=start + len(quoted), text=quoted, kind="full", speaker=speaker,
                 speaker_mention=mention or speaker, speaker_kind=kind,
                 speaker_description=description, cue="said")


@pytest.fixture
def extractor(monkeypatch):
    """A stand-in extractor reading quotes from a table {text: [Quote]}; records the nlp
    it was handed and whether the batch or the one-article path ran."""
    import tracker.extract

    table, calls = {}, []

    def many(texts, nlp=None):
        calls.append(("many", nlp))
        return [list(table.get(t, [])) for t in texts]

    def one(text, nlp=None):
        calls.append(("one", nlp))
        return list(table.get(text, []))

    monkeypatch.setattr(tracker.extract, "extract_many", many)
    monkeypatch.setattr(tracker.extract, "extract_quotes", one)
    extractor.table, extractor.calls = table, calls
    return extractor


def said(speaker_text, quoted):
    return f"News of the day.\n\u201c{quoted}\u201d {speaker_text} said."


def test_a_later_run_finds_the_speakers_stored_by_an_earlier_one(fresh_db, extractor):
    first = said("Sergei Lavrov", "We act now")
    later = said("Lavrov", "We act today")
    extractor.table[first] = [quote(first, "We act now", "Sergei Lavrov")]
    extractor.table[later] = [quote(later, "We act today", "Lavrov")]
    pipeline.ingest(fresh_db, [article(first, "Wire")])
    pipeline.ingest(fresh_db, [article(later, "Paper")])  # a new run, a new registry
    assert {r["speaker_id"] for r in fresh_db["quotes"].rows} == {"sergei-lavrov"}
    assert fresh_db["speakers"].count == 1


def test_a_later_run_finds_a_body_by_the_name_an_article_gave_it(fresh_db, extractor):
    """The article named the body behind "the General Command" as "the Syrian army": that
    alias, stored, lets the next run's "Syrian army" find the same speaker."""
    first = said("The Syrian Army General Command", "Our lines hold")
    later = said("The Syrian army", "We hold the bridge")
    extractor.table[first] = [quote(first, "Our lines hold", "Syrian Army General Command",
                                    "organization", "the Syrian army",
                                    "The Syrian Army General Command")]
    extractor.table[later] = [quote(later, "We hold the bridge", "Syrian army", "organization")]
    pipeline.ingest(fresh_db, [article(first, "Wire")])
    pipeline.ingest(fresh_db, [article(later, "Paper")])
    ids = {r["speaker_id"] for r in fresh_db["quotes"].rows}
    assert len(ids) == 1
    assert fresh_db["speakers"].get(ids.pop())["kind"] == "organization"
    rules = {r["alias"]: r["rule"] for r in fresh_db["speaker_aliases"].rows}
    assert rules["Syrian army"] == "named-in-article"


def test_kind_description_and_mention_are_stored_with_the_speaker(fresh_db, extractor):
    text = said("Russia's Foreign Minister Sergei Lavrov", "We act now") + \
        "\n\u201cWe regret the fire,\u201d Acme Corp said."
    extractor.table[text] = [
        quote(text, "We act now", "Sergei Lavrov", "person", "Foreign Minister",
              "Russia's Foreign Minister Sergei Lavrov"),
        quote(text, "We regret the fire,", "Acme Corp", "organization")]
    pipeline.ingest(fresh_db, [article(text, "Wire")])
    speakers = {r["id"]: (r["name"], r["kind"], r["description"]) for r in fresh_db["speakers"].rows}
    assert speakers == {"sergei-lavrov": ("Sergei Lavrov", "person", "Foreign Minister"),
                        "acme-corp": ("Acme Corp", "organization", None)}
    aliases = {(r["alias"], r["speaker_id"], r["rule"]) for r in fresh_db["speaker_aliases"].rows}
    assert aliases == {("Sergei Lavrov", "sergei-lavrov", "new"),
                       ("Russia's Foreign Minister Sergei Lavrov", "sergei-lavrov", "mention"),
                       ("Acme Corp", "acme-corp", "new")}


def test_the_display_name_is_an_alias_even_when_no_quote_used_it_alone(fresh_db, extractor):
    """"Foreign Minister Sergei Lavrov" is stored as the mention; "Sergei Lavrov", the
    display name, is written as an alias too ("exact"), so a second run adds no row."""
    text = said("Foreign Minister Sergei Lavrov", "We act now")
    extractor.table[text] = [quote(text, "We act now", "Foreign Minister Sergei Lavrov")]
    pipeline.ingest(fresh_db, [article(text, "Wire")])
    aliases = {(r["alias"], r["rule"]) for r in fresh_db["speaker_aliases"].rows}
    assert aliases == {("Foreign Minister Sergei Lavrov", "new"), ("Sergei Lavrov", "exact")}
    pipeline.ingest(fresh_db, [article(text, "Wire")])
    assert {(r["alias"], r["rule"]) for r in fresh_db["speaker_aliases"].rows} == aliases


def test_an_unnamed_spokesman_is_a_speaker_of_one_article(fresh_db, extractor):
    texts = [said("A spokesman", "No comment"), said("A spokesman", "No comment today")]
    for text, quoted in zip(texts, ["No comment", "No comment today"]):
        extractor.table[text] = [quote(text, quoted, "spokesman")]
    a, b = article(texts[0], "Wire"), article(texts[1], "Paper")
    pipeline.ingest(fresh_db, [a, b])
    by_article = {r["article_id"]: r["speaker_id"] for r in fresh_db["quotes"].rows}
    assert by_article[a.id] != by_article[b.id]
    assert a.id[:16] in by_article[a.id] and b.id[:16] in by_article[b.id]


def test_the_batch_path_gets_the_model_and_the_retry_path_too(fresh_db, extractor, caplog):
    import logging

    nlp = object()
    text = said("Jane Doe", "We will win")
    extractor.table[text] = [quote(text, "We will win", "Jane Doe")]
    pipeline.ingest(fresh_db, [article(text, "Wire")], nlp=nlp)
    assert extractor.calls == [("many", nlp)]  # one batch, no article-by-article retry
    assert fresh_db["quotes"].count == 1

    import tracker.extract

    def broken(texts, nlp=None):
        raise RuntimeError("batch broke")

    tracker.extract.extract_many = broken
    extractor.calls.clear()
    with caplog.at_level(logging.ERROR, logger="tracker.pipeline"):
        report = pipeline.ingest(fresh_db, [article(text, "Paper")], nlp=nlp)
    assert extractor.calls == [("one", nlp)]
    assert report.articles == 1 and report.errors == []
    assert [r.getMessage() for r in caplog.records] == [
        "batch extraction failed; retrying one article at a time"]


def test_progress_counts_every_item_once(fresh_db, fake_extractor):
    from tracker.articles import ReadError

    items = [article("\u201cOne,\u201d Ann said.", "A"), ReadError("missing.txt", "no such file"),
             article("\u201cTwo,\u201d Bo said.", "B"), article("\u201cThree,\u201d Cy said.", "C")]
    seen = []
    report = pipeline.ingest(fresh_db, items, progress=seen.append, batch_size=3)
    # first batch: the bad item at once, then each article; second batch: one article
    assert seen == [1, 1, 1, 1]
    assert report.articles == 3 and report.errors == ["missing.txt: no such file"]
    # no progress callback: the bad item is still reported, nothing breaks
    report = pipeline.ingest(fresh_db, items, batch_size=3)
    assert report.articles == 3 and report.errors == ["missing.txt: no such file"]


def test_bad_items_and_failed_stores_are_logged_with_their_source(fresh_db, fake_extractor,
                                                                  monkeypatch, caplog):
    import logging

    from tracker.articles import ReadError

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "save_article", boom)
    with caplog.at_level(logging.WARNING, logger="tracker.pipeline"):
        report = pipeline.ingest(fresh_db, [ReadError("missing.txt", "no such file"),
                                            article("\u201cOne,\u201d Ann said.", "Gazette")])
    assert report.errors == ["missing.txt: no such file", "Gazette.txt: could not store: disk on fire"]
    assert report.articles == 0
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", "missing.txt: no such file"), ("ERROR", "storing Gazette.txt failed")]


LONG = "We will rebuild every bridge and every school in the valley before the winter comes,"


def test_a_quote_gone_from_a_reingested_article_leaves_its_utterance(fresh_db, extractor):
    """The only quote of article A goes away on re-ingest: the speaker it was credited to
    is regrouped, so the utterance A shared with B counts only B's rendering."""
    text_a, text_b = said("Jane Doe", LONG), said("Jane Doe", LONG) + "\nMore news."
    extractor.table[text_a] = [quote(text_a, LONG, "Jane Doe")]
    extractor.table[text_b] = [quote(text_b, LONG, "Jane Doe")]
    a = article(text_a, "Wire", "https://wire.example/1")
    pipeline.ingest(fresh_db, [a, article(text_b, "Paper")])
    assert [(r["n_quotes"], r["n_outlets"]) for r in fresh_db["utterances"].rows] == [(2, 2)]
    edited = said("Jane Doe", "Nothing to add")
    pipeline.ingest(fresh_db, [article(edited, "Wire", "https://wire.example/1")])  # no quote now
    assert fresh_db["quotes"].count == 1
    assert [(r["n_quotes"], r["n_outlets"]) for r in fresh_db["utterances"].rows] == [(1, 1)]
    assert list(fresh_db.query("select * from widely_quoted")) == []


def test_one_outlet_quoting_twice_counts_once(fresh_db, extractor):
    text_a, text_b = said("Jane Doe", LONG), said("Jane Doe", LONG) + "\nMore news."
    extractor.table[text_a] = [quote(text_a, LONG, "Jane Doe")]
    extractor.table[text_b] = [quote(text_b, LONG, "Jane Doe")]
    pipeline.ingest(fresh_db, [article(text_a, "Wire", "https://wire.example/1"),
                               article(text_b, "Wire", "https://wire.example/2")])
    assert [(r["n_quotes"], r["n_outlets"]) for r in fresh_db["utterances"].rows] == [(2, 1)]


def test_reingest_regroups_the_other_speakers_of_a_shared_utterance(fresh_db, extractor):
    """One long sentence credited to Jane Doe in one article and to an office in another is
    one utterance (near word for word; two different named people would not share one).
    Re-ingesting only one of the articles regroups the other speaker too, so the utterance
    stays whole; a new speaker in the same run gets an utterance of their own."""
    text_a, text_b = said("Jane Doe", LONG), said("the ministry", LONG) + "\nMore news."
    extractor.table[text_a] = [quote(text_a, LONG, "Jane Doe")]
    extractor.table[text_b] = [quote(text_b, LONG, "the ministry")]
    a, b = article(text_a, "Wire"), article(text_b, "Paper")
    pipeline.ingest(fresh_db, [a, b])
    rows = {r["article_id"]: (r["id"], r["utterance_id"]) for r in fresh_db["quotes"].rows}
    (qa, ua), (qb, ub) = rows[a.id], rows[b.id]
    assert ua == ub and ua is not None
    # re-ingest the article whose quote does not give the utterance its id
    later = a if qa > qb else b
    text_c = said("Zed Zee", "Nothing more to say about it")
    extractor.table[text_c] = [quote(text_c, "Nothing more to say about it", "Zed Zee")]
    pipeline.ingest(fresh_db, [later, article(text_c, "Daily")])
    utterance_of = {r["article_id"]: r["utterance_id"] for r in fresh_db["quotes"].rows}
    assert utterance_of[a.id] == utterance_of[b.id] == ua
    assert len(utterance_of) == 3 and all(utterance_of.values())
    assert fresh_db["utterances"].count == 2


def test_a_loop_of_links_in_the_store_does_not_hang_copy_detection(fresh_db, fake_extractor):
    """Two stored articles pointing at each other (written by hand: the pipeline never
    makes such a loop): a new copy of them still gets one of them as its original."""
    original, copy = article(ORIGINAL, "Wire"), article(COPY, "Paper")
    pipeline.ingest(fresh_db, [original, copy])
    fresh_db["articles"].update(original.id, {"syndicated_from": copy.id})
    third = article(EDITED, "Daily")
    pipeline.ingest(fresh_db, [third])
    # best match: the original; its link leads to the copy, whose link leads back: the
    # walk stops where it started
    assert links(fresh_db)[third.id] == original.id


def test_permalinks_after_a_reingest_resolve_to_the_live_quote(fresh_db, fake_extractor):
    url = "https://wire.example/bridge"
    first = article("\u201cWe will rebuild the bridge by spring,\u201d Jane Doe said.", "Wire", url)
    pipeline.ingest(fresh_db, [first])
    (old_id,) = [r["id"] for r in fresh_db["quotes"].rows]
    corrected = article("\u201cWe will rebuild the bridge by summer,\u201d Jane Doe said.", "Wire", url)
    pipeline.ingest(fresh_db, [corrected])
    (new_id,) = [r["id"] for r in fresh_db["quotes"].rows]
    assert new_id != old_id
    assert live_id(fresh_db, old_id) == new_id
    assert live_id(fresh_db, new_id) == new_id
    assert live_id(fresh_db, "qnosuchquote") is None


# --- rows a (re-)save writes ---------------------------------------------------------------


def test_quote_ids_tell_apart_articles_places_and_words(fresh_db):
    """The same words twice in one article, and the same article text under two URLs, are
    distinct quotes; saving both again writes nothing new."""
    import datetime

    text = "\u201cNo surrender,\u201d he said. Later: \u201cNo surrender,\u201d he said again."
    first = Article(text=text, source="a", url="https://one.example/1", outlet="One",
                    published=datetime.datetime(2024, 12, 7, 18, 30))
    second = Article(text=text, source="b", url="https://two.example/1", outlet="Two")
    specs = []
    for start in (text.index("No surrender"), text.rindex("No surrender")):
        specs.append(Quote(start=start, end=start + 13, text="No surrender,", kind="full"))
    ids_first = store.save_article(fresh_db, first, specs)
    ids_second = store.save_article(fresh_db, second, specs)
    assert len(set(ids_first + ids_second)) == 4
    rows = {r["id"]: r for r in fresh_db["quotes"].rows}
    assert {rows[i]["published"] for i in ids_first} == {"2024-12-07"}  # the date, not the time
    assert {rows[i]["published"] for i in ids_second} == {None}
    assert fresh_db["articles"].get(first.id)["published"] == "2024-12-07"  # one form: the day
    before = dump(fresh_db)
    store.save_article(fresh_db, first, specs)
    store.save_article(fresh_db, second, specs)
    assert dump(fresh_db) == before


def test_articles_are_extracted_batch_by_batch(fresh_db, monkeypatch):
    import tracker.extract

    sizes = []

    def many(texts, nlp=None):
        sizes.append(len(texts))
        return [[] for _ in texts]

    monkeypatch.setattr(tracker.extract, "extract_many", many)
    items = [article(f"Story number {n}.", f"Outlet {n}") for n in range(5)]
    report = pipeline.ingest(fresh_db, items, batch_size=2)
    assert sizes == [2, 2, 1] and report.articles == 5


def test_a_superseded_quote_redirects_to_the_same_words_never_to_a_mere_overlap(fresh_db):
    """Re-extraction moved or cut quotes: the same words, anywhere, are the successor; a new
    quote that only overlaps the old one's place, with other words, is not (it may be
    someone else's): no successor, and the permalink answers 410."""
    text = "".join(chr(0x4E00 + i) for i in range(100))  # 100 distinct characters
    art_ = Article(text=text, source="t", outlet="Wire", url="https://wire.example/t")

    def qt(start, end, words):
        return Quote(start=start, end=end, text=words, kind="full")

    old = [qt(0, 10, "moved words"), qt(40, 50, "second"), qt(60, 70, "third"), qt(85, 95, "gone")]
    old_ids = store.save_article(fresh_db, art_, old)
    new = [qt(0, 9, "moved word"), qt(20, 30, "moved words"), qt(35, 45, "left half"),
           qt(45, 55, "right half"), qt(69, 80, "one char")]
    new_ids = store.save_article(fresh_db, art_, new)
    redirects = {r["old_id"]: r["new_id"] for r in fresh_db["quote_redirects"].rows}
    assert redirects == {old_ids[0]: new_ids[1], old_ids[1]: None, old_ids[2]: None,
                         old_ids[3]: None}
