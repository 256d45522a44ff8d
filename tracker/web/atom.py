"""Atom feeds (RFC 4287) of quotes: a speaker's newest, or those of a search, to follow in
a feed reader. Built from the same rows as the pages; every value is XML-escaped."""
from xml.sax.saxutils import escape, quoteattr

from tracker import citations
from tracker.readers.normalise import day_of

FEED_SIZE = 50
ATOM_TYPE = "application/atom+xml; charset=utf-8"
EPOCH = "1970-01-01T00:00:00Z"


def _timestamp(value):
    """An RFC 3339 timestamp for a stored date (its day at midnight UTC), or None."""
    day = day_of(value)
    return f"{day.isoformat()}T00:00:00Z" if day else None


def _element(name, text, **attrs):
    attributes = "".join(f" {k}={quoteattr(str(v))}" for k, v in attrs.items())
    return f"<{name}{attributes}>{escape(str(text))}</{name}>"


def _entry(quote, permalink, compare):
    """One quote as an entry: its permalink is its id and link; the compare page, when the
    utterance has other renderings, a related link."""
    speaker = quote.get("speaker") or "Unknown speaker"
    text = citations.cited_text(quote)
    where = ", ".join(p for p in (quote.get("outlet"), citations.human_date(quote.get("published"))) if p)
    summary = f"\u201c{text}\u201d \u2014 {speaker}" + (f", as quoted in {where}" if where else "")
    title = f"{speaker}: \u201c{text}\u201d"
    parts = [
        _element("id", permalink),
        _element("title", title if len(title) <= 160 else title[:159] + "\u2026"),
        _element("updated", _timestamp(quote.get("published")) or EPOCH),
        f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(permalink)}/>",
        f"<author>{_element('name', speaker)}</author>",
        _element("summary", summary),
    ]
    if _timestamp(quote.get("published")):
        parts.append(_element("published", _timestamp(quote.get("published"))))
    if compare:
        parts.append(f"<link rel=\"related\" type=\"text/html\" title=\"Compare the renderings\""
                     f" href={quoteattr(compare)}/>")
    if quote.get("article_url"):
        parts.append(f"<link rel=\"via\" type=\"text/html\" href={quoteattr(quote['article_url'])}/>")
    return "<entry>" + "".join(parts) + "</entry>"


def feed(title, self_url, page_url, entries):
    """The Atom document; entries are (quote row, permalink URL, compare URL or None)."""
    stamps = [_timestamp(q.get("published")) for q, _p, _c in entries]
    updated = max((s for s in stamps if s), default=EPOCH)
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        _element("id", self_url),
        _element("title", title),
        _element("updated", updated),
        f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(self_url)}/>",
        f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(page_url)}/>",
        "<author><name>tracker</name></author>",
        _element("generator", "tracker"),
    ]
    body = [_entry(*e) for e in entries]
    return "\n".join(head + body + ["</feed>"]) + "\n"
