"""RSS and Atom feeds -> one Article per entry, with feedparser.

Each entry's content (or, lacking it, its summary) goes through the same HTML reader as a
page; the entry's title, link and date and the feed's title (as outlet) come along as meta.
An entry with only a link is fetched when a Fetcher is given and the link is a URL.
"""
import io
import re
from typing import Iterator, Optional, Union

import feedparser

from tracker.readers.base import Article, ReadError, decode
from tracker.readers.fetch import Fetcher, is_url
from tracker.readers.html import html_charset, read_html
from tracker.readers.normalise import day_of, normalise_outlet
from tracker.readers.records import article_from_text


# feedparser flags these but reads the feed fine: not worth an error line
_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


def _entries(count: int) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


def _entry_content(entry):
    """(value, mime type) of the entry's content, else its summary, else (None, None)."""
    for content in entry.get("content") or []:
        if (content.get("value") or "").strip():
            return content["value"], content.get("type") or "text/html"
    summary = entry.get("summary")
    if summary and summary.strip():
        return summary, (entry.get("summary_detail") or {}).get("type") or "text/html"
    return None, None


def _entry_date(entry) -> Optional[str]:
    """The entry's day as an ISO 8601 date ("2024-12-07"), the form every reader stores.

    The day as the feed wrote it, in its own time zone (feedparser's *_parsed are in UTC,
    which moves a late-evening story to the next day); the parsed value when the text is
    in a form only feedparser reads.
    """
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        day = day_of(entry.get(raw)) or day_of(entry.get(parsed))
        if day:
            return day.isoformat()
    return None


_EMAIL_WITH_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^()]+)\)\s*$")  # RSS: news@x (Sam Ortiz)
_NAME_WITH_EMAIL = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<\S+@\S+>\s*$")  # Sam Ortiz <news@x>


def _author_name(value) -> Optional[str]:
    """A person's or desk's name from an author field; an e-mail address alone is no name."""
    value = " ".join(str(value or "").split())
    match = _EMAIL_WITH_NAME.match(value) or _NAME_WITH_EMAIL.match(value)
    if match:
        value = match.group("name").strip()
    return None if not value or "@" in value else value


def _entry_author(entry) -> Optional[str]:
    """The byline as names ("Sam Ortiz and Ana Ruiz"), never "news@x (Sam Ortiz)"."""
    raw = " ".join(str(entry.get("author") or "").split())
    match = _EMAIL_WITH_NAME.match(raw) or _NAME_WITH_EMAIL.match(raw)
    if match:  # RSS's "news@x (Sam Ortiz)", which feedparser's author_detail splits badly
        return _author_name(match.group("name"))
    if "@" in raw and " " not in raw:  # an address alone (feedparser makes a name of a piece)
        return None
    names = []
    for author in entry.get("authors") or []:
        name = _author_name(author.get("name")) or _author_name(author.get("email"))
        if name and name not in names:
            names.append(name)
    if not names:
        detail = entry.get("author_detail") or {}
        name = _author_name(detail.get("name")) or _author_name(entry.get("author"))
        names = [name] if name else []
    return " and ".join(names) or None


def _entry_meta(entry, feed_title: Optional[str]) -> dict:
    meta = {
        "title": entry.get("title"),
        "url": entry.get("link") if is_url(entry.get("link")) else None,
        "published": _entry_date(entry),
        "author": _entry_author(entry),
        "outlet": feed_title,
    }
    return {key: " ".join(value.split()) for key, value in meta.items() if value and value.strip()}


def read_feed(data: Union[bytes, str], source, fetcher: Optional[Fetcher] = None,
              base_url: Optional[str] = None) -> Iterator[Union[Article, ReadError]]:
    """Every entry of an RSS/Atom document; problems are named SOURCE#N (N from 1) or by link.

    `base_url` (where a fetched feed came from) resolves entries' relative links.
    """
    source = str(source)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        # A stream, never a str or bytes: feedparser would take those for a path or a URL.
        headers = {"content-location": base_url} if base_url else None
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as err:
        yield ReadError(source, f"cannot parse feed ({type(err).__name__}: {err})")
        return
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        yield ReadError(source, "not an RSS or Atom feed" + (f" ({str(reason)[:120]})" if reason else ""))
        return
    if not parsed.entries:
        yield ReadError(source, "feed has no entries")
        return
    feed_title = parsed.feed.get("title") or None
    if not feed_title:  # fall back on the feed's own site link, as a domain
        feed_title = normalise_outlet(None, parsed.feed.get("link"))[0]

    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#{number}"
        meta = _entry_meta(entry, feed_title)
        content, mime = _entry_content(entry)
        if content and mime == "text/plain":
            yield article_from_text(content.strip(), where, meta)
        elif content:
            yield read_html(content, where, url=meta.get("url"), meta=meta)
        elif meta.get("url") and fetcher is not None:
            yield _read_linked_page(meta["url"], meta, fetcher)
        elif meta.get("url"):
            yield ReadError(where, f"entry has no content (its link {meta['url']} was not fetched)")
        else:
            label = f' "{meta["title"]}"' if meta.get("title") else ""
            yield ReadError(where, f"entry{label} has no content and no link")
    damage = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(damage, _BENIGN):
        # e.g. a truncated file: the entries before the damage were read, say so once
        yield ReadError(source, f"feed is not well-formed ({str(damage)[:120]}); "
                                f"read the {_entries(len(parsed.entries))} that parsed")


def _read_linked_page(url: str, meta: dict, fetcher: Fetcher) -> Union[Article, ReadError]:
    fetched = fetcher.fetch(url)
    if isinstance(fetched, ReadError):
        return fetched
    if fetched.content_type not in _HTML_TYPES and not fetched.content_type.startswith("text/"):
        return ReadError(url, f"linked page is not HTML ({fetched.content_type})")
    html = decode(fetched.data, fetched.charset or html_charset(fetched.data))
    return read_html(html, url, url=fetched.url, meta=meta)
