"""HTML pages and fragments -> Article, with trafilatura.

trafilatura finds the main text (no navigation, ads, related-link lists) and the page's
own metadata. Its plain-text output is not used: it loses paragraph boundaries in some
layouts, and they matter for quotes that run over paragraphs. Its document tree marks each
paragraph (<p>, <head>, <quote>, <item>, <lb/>), so the text is rebuilt from that tree with
one paragraph per line, the characters (quote marks included) untouched.
"""
import logging
import re
from typing import Optional, Union

import trafilatura

from tracker.readers.base import MAX_FILE_BYTES, Article, ReadError, decode
from tracker.readers.normalise import domain_of, normalise_date, normalise_outlet

log = logging.getLogger(__name__)

# Elements of trafilatura's output tree that begin a new line of text.
_BLOCKS = {"body", "doc", "main", "p", "head", "quote", "list", "item", "div", "table",
           "row", "code", "section", "article", "blockquote", "li", "ul", "ol", "h1", "h2",
           "h3", "h4", "h5", "h6", "tr"}
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def html_charset(data: bytes) -> Optional[str]:
    """The charset a page declares in its first few kilobytes, if any."""
    match = _CHARSET_RE.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _lines(tree) -> list:
    """The tree's text, one line per block element or <lb/>, whitespace collapsed inside."""
    parts = []

    def walk(element):
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in _BLOCKS
        if block or tag in ("lb", "br"):
            parts.append("\n")
        if element.text and tag not in ("lb", "br"):
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(tree)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def _same(a: Optional[str], b: Optional[str]) -> bool:
    return bool(a and b) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def read_html(html: Union[str, bytes], source, url: Optional[str] = None,
              meta: Optional[dict] = None) -> Union[Article, ReadError]:
    """One HTML page (or fragment, e.g. a feed entry's content) -> Article or ReadError.

    `url` is where the page came from (base for relative links, fallback URL); `meta` holds
    what the caller already knows (title, published, author, outlet, url from a feed entry,
    a JSON record or metadata.json) and wins over what trafilatura guesses, except that the
    page's canonical URL and site name win (stable ids, readable outlet names).
    """
    source = str(source)
    meta = meta or {}
    try:
        if isinstance(html, bytes):
            if len(html) > MAX_FILE_BYTES:
                return ReadError(source, f"HTML too large ({len(html) // 2**20} MB)")
            html = decode(html, html_charset(html))
        if not isinstance(html, str) or not html.strip():
            return ReadError(source, "empty HTML")
        base_url = url or meta.get("url")
        doc = trafilatura.bare_extraction(
            html, url=base_url, with_metadata=True, include_comments=False,
            include_images=False, include_links=False, deduplicate=False,
        )
    except Exception as err:  # trafilatura/lxml on hostile input: report, never raise
        log.debug("trafilatura failed on %s", source, exc_info=True)
        return ReadError(source, f"cannot parse HTML ({type(err).__name__}: {err})")
    if doc is None or getattr(doc, "body", None) is None:
        return ReadError(source, "no article text found in HTML")
    lines = _lines(doc.body)
    title = meta.get("title") or doc.title
    if lines and _same(lines[0], title or doc.title):
        lines = lines[1:]  # the headline is the title, not a paragraph of the story
    if not lines:
        return ReadError(source, "no article text found in HTML")

    page_url = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else None
    final_url = page_url or meta.get("url") or url
    site_name = doc.sitename if doc.sitename and domain_of(doc.sitename) is None else None
    outlet, _ = normalise_outlet(site_name or meta.get("outlet") or doc.sitename, final_url)
    return Article(
        text="\n".join(lines),
        source=source,
        url=final_url,
        outlet=outlet,
        title=title,
        published=normalise_date(meta.get("published")) or normalise_date(doc.date),
        author=meta.get("author") or doc.author,
    )
