"""Shared fixtures: fresh databases, hand-made articles and quotes."""
import pytest
import sqlite_utils

from tracker import store
from tracker.articles import Article
from tracker.extract.quote import Quote

SEEDS = __import__("pathlib").Path(__file__).resolve().parent.parent / "seeds"

TEXT_A = (
    "Rebels closed in on the capital.\n"
    "Abu Mohammed al-Jolani told his followers on Telegram: \u201cDamascus is waiting for you.\u201d\n"
    "\u201cWe will not leave,\u201d a government spokesman said."
)
TEXT_B = (
    "The rebel leader spoke on Telegram.\n"
    "\u201cDamascus awaits you,\u201d Jolani said in a message."
)


def quotes_in(text, specs):
    """Quote records for (quoted text, speaker, kind) triples, with offsets found in text."""
    quotes = []
    for quoted, speaker, kind in specs:
        start = text.index(quoted)
        quotes.append(
            Quote(
                start=start,
                end=start + len(quoted),
                text=quoted,
                kind="full",
                speaker=speaker,
                speaker_mention=speaker,
                speaker_kind=kind,
                cue="said",
                channel=None,
            )
        )
    return quotes


@pytest.fixture
def fresh_db():
    db = sqlite_utils.Database(memory=True)
    store.ensure_db_shape(db)
    return db


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "quotes.db"


@pytest.fixture
def article_a():
    return Article(
        text=TEXT_A, source="a.txt", outlet="Wire One", published="2024-12-07", title="Closing in"
    )


@pytest.fixture
def article_b():
    return Article(
        text=TEXT_B,
        source="b.txt",
        url="https://www.example.org/news/1",
        outlet="Example News",
        published="2024-12-07",
        title="Rebel message",
    )


@pytest.fixture
def quotes_a():
    return quotes_in(
        TEXT_A,
        [
            ("Damascus is waiting for you.", "Abu Mohammed al-Jolani", "person"),
            ("We will not leave,", "government spokesman", "anonymous"),
        ],
    )


@pytest.fixture
def quotes_b():
    return quotes_in(TEXT_B, [("Damascus awaits you,", "Jolani", "person")])


QUOTE_RE = __import__("re").compile(r"\u201c([^\u201d]+)\u201d,? ?(?:([A-Z][\w-]*(?: [A-Z][\w-]*)*) said)?")


def fake_quotes(text):
    """A stand-in extractor: every curly-quoted span; speaker when "NAME said" follows."""
    if "BOOM" in text:
        raise ValueError("extractor exploded")
    quotes = []
    for m in QUOTE_RE.finditer(text):
        speaker = m.group(2)
        quotes.append(
            Quote(
                start=m.start(1),
                end=m.end(1),
                text=m.group(1),
                speaker=speaker,
                speaker_mention=speaker,
                speaker_kind="person" if speaker else None,
                cue="said" if speaker else None,
            )
        )
    return quotes


@pytest.fixture
def fake_extractor(monkeypatch):
    """Deterministic extraction, so pipeline tests do not depend on the spaCy model."""
    import tracker.extract

    monkeypatch.setattr(tracker.extract, "extract_many", lambda texts, nlp=None: (fake_quotes(t) for t in texts))
    monkeypatch.setattr(tracker.extract, "extract_quotes", lambda text, nlp=None: fake_quotes(text))
    return fake_quotes
