"""Re-ingesting articles that are already stored: copy detection, rows and utterances.

The extractor is the deterministic stand-in from conftest (fake_extractor): these tests are
about what the pipeline and the store do with quotes, not about finding them.
"""
import pytest

from tracker import pipeline, store
from tracker.articles import Article

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
