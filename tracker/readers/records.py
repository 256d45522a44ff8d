"""JSON and JSONL records -> Article.

A record is an object with "text" (kept exactly: offsets into it must stay valid) or "html"
(read like a page), and optionally "url", "outlet", "title", "published", "author".
A JSON document may be one record or a list of them; a JSONL file holds one per line, and a
bad line is reported as FILE:LINE while the good lines around it are still read.
"""
import json
from typing import Iterator, Union

from tracker.readers.base import Article, ReadError, is_web_url, parse_json
from tracker.readers.html import read_html
from tracker.readers.normalise import normalise_date, normalise_outlet

FIELDS = ("url", "outlet", "title", "published", "author")


def _short(err: Exception) -> str:
    return str(err).splitlines()[0][:200]


def article_from_text(text: str, source: str, meta: dict) -> Article:
    """Text kept exactly (offsets into it must stay valid), metadata normalised.

    A URL that is not a well-formed http(s) URL is dropped, as Article drops it."""
    url = meta.get("url") if is_web_url(meta.get("url")) else None
    outlet, _ = normalise_outlet(meta.get("outlet"), url)
    return Article(
        text=text,
        source=source,
        url=url,
        outlet=outlet,
        title=meta.get("title"),
        published=normalise_date(meta.get("published")),
        author=meta.get("author"),
    )


def article_from_record(record, source) -> Union[Article, ReadError]:
    """One JSON record (as posted to the API or read from a file) -> Article or ReadError."""
    source = str(source)
    if not isinstance(record, dict):
        return ReadError(source, f"expected a JSON object, got {type(record).__name__}")
    meta = {}
    for field in FIELDS:
        value = record.get(field)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            return ReadError(source, f'"{field}" must be a string, got {type(value).__name__}')
        meta[field] = value.strip()
    if "url" in meta and not is_web_url(meta["url"]):
        del meta["url"]  # "javascript:…", "https://[::1": never a link (Article drops them too)
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return article_from_text(text, source, meta)
    if isinstance(html, str) and html.strip():
        return read_html(html, source, url=meta.get("url"), meta=meta)
    if text is not None and not isinstance(text, str):
        return ReadError(source, f'"text" must be a string, got {type(text).__name__}')
    if html is not None and not isinstance(html, str):
        return ReadError(source, f'"html" must be a string, got {type(html).__name__}')
    return ReadError(source, 'record has no "text" or "html"')


def read_json_text(text: str, source) -> Iterator[Union[Article, ReadError]]:
    """A JSON document: one record, or a list of records (each named SOURCE[i])."""
    try:
        data = parse_json(text)
    except ValueError as err:
        yield ReadError(source, f"invalid JSON: {_short(err)}")
        return
    if isinstance(data, list):
        if not data:
            yield ReadError(source, "empty JSON list")
        for index, record in enumerate(data):
            yield article_from_record(record, f"{source}[{index}]")
    else:
        yield article_from_record(data, source)


def read_jsonl_text(text: str, source) -> Iterator[Union[Article, ReadError]]:
    """One record per line; blank lines skipped; a bad line is an error named SOURCE:LINE."""
    seen = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen = True
        where = f"{source}:{number}"
        try:
            record = parse_json(line)
        except json.JSONDecodeError as err:
            yield ReadError(where, f"malformed JSON line (column {err.colno}): {err.msg}")
            continue
        except ValueError as err:  # each line's problem its own: the next lines are read
            yield ReadError(where, f"malformed JSON line: {_short(err)}")
            continue
        yield article_from_record(record, where)
    if not seen:
        yield ReadError(source, "no JSON lines")


def looks_like_jsonl(text: str) -> bool:
    """Several lines that each open an object: JSONL even without the extension."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and sum(line.startswith("{") for line in lines) >= len(lines) / 2
