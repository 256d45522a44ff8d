"""JSON-LD is found by lxml's parser, not a regular expression that rescanned the page from
every "<script" (bench/adversarial.py times that page)."""
import json

from adversarial import hostile
from tracker.articles import Article, read_bytes
from tracker.readers.html import _jsonld_url


def test_jsonld_is_found_by_a_parser():
    """The old regular expression rescanned from every "<script" (bench/adversarial.py) and
    stopped at the first ">" even inside a quoted attribute value."""
    block = json.dumps({"@type": "NewsArticle", "url": "https://example.org/a"})
    page = f'<html><head><script data-note="a>b" type="application/ld+json">{block}</script></head><body></body></html>'
    assert _jsonld_url(page) == "https://example.org/a"
    page = f'<?xml version="1.0" encoding="iso-8859-1"?><html><head><SCRIPT TYPE="Application/LD+JSON">{block}</SCRIPT></head></html>'
    assert _jsonld_url(page) == "https://example.org/a"
    name, data = hostile.jsonld_scripts()
    assert _jsonld_url(data.decode()) is None
    [article] = list(read_bytes(data, name, name=name))
    assert isinstance(article, Article) and article.text.split("\n") == [hostile.INTRO, hostile.REAL]


def test_deeply_nested_jsonld_is_skipped_not_a_crash():
    """json.loads raises RecursionError (not a ValueError) past the interpreter's limit: a page
    whose JSON-LD nests that deep is read for its text, its URL taken from elsewhere."""
    deep = "[" * 100_000
    good = json.dumps({"@type": "NewsArticle", "url": "https://example.org/b"})
    page = (f'<html><head><script type="application/ld+json">{deep}</script>'
            f'<script type="application/ld+json">{good}</script></head><body></body></html>')
    assert _jsonld_url(page) == "https://example.org/b"
