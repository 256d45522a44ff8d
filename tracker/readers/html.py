"""HTML pages and fragments -> Article, with trafilatura.

trafilatura finds the main text (no navigation, ads, related-link lists) and the page's
own metadata. Its plain-text output is not used: it loses paragraph boundaries in some
layouts, and they matter for quotes that run over paragraphs. Its document tree marks each
paragraph (<p>, <head>, <quote>, <item>, <lb/>), so the text is rebuilt from that tree with
one paragraph per line, the characters (quote marks included) untouched.
"""
import logging
import re
from types import SimpleNamespace
from typing import Optional, Union

import lxml.html
import trafilatura

from tracker.readers.base import MAX_FILE_BYTES, Article, ReadError, decode, parse_json, size_text
from tracker.readers.fetch import is_url
from tracker.readers.normalise import domain_of, normalise_date, normalise_outlet

log = logging.getLogger(__name__)
# trafilatura logs an ERROR for every fragment or empty page it declines; the reader reports
# those itself (a fallback, or one ReadError line), so its own lines would only be noise.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# Elements that begin a new line of text: trafilatura's output tree, and plain HTML for
# fragments it declines to read.
_BLOCKS = {"body", "doc", "main", "p", "head", "quote", "list", "item", "row", "cell", "code",
           "div", "section", "article", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
           "table", "tr", "td", "th", "pre", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6"}
_SUFFIX_RE = re.compile(r"\s*(\||::|:|·|•|–|—|-|»)\s*\S")
_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")
_PAGE_RE = re.compile(r"<(html|body|head)[\s>]", re.I)
_NO_METADATA = SimpleNamespace(title=None, url=None, sitename=None, date=None, author=None)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def html_charset(data: bytes) -> Optional[str]:
    """The charset a page declares in its first few kilobytes, if any."""
    match = _CHARSET_RE.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _lines(tree) -> list:
    """The tree's text, one line per block element or <lb/>, whitespace collapsed inside."""
    parts = []

    def walk(element):
        if not isinstance(element.tag, str):
            return  # a comment or processing instruction; its tail is kept by the parent
        tag = element.tag
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


def _norm(text: Optional[str]) -> str:
    return " ".join((text or "").split()).casefold()


def _is_headline(line: str, title: Optional[str]) -> bool:
    """The line is the page's headline: the title, or the title minus " | Site Name"."""
    line, title = _norm(line), _norm(title)
    if not line or not title:
        return False
    return line == title or (len(line) >= 15 and title.startswith(line)
                             and bool(_SUFFIX_RE.match(title[len(line):])))


def _jsonld_blocks(html: str) -> list:
    """The text of each <script type="application/ld+json"> in the page's first 500,000
    characters. Found by lxml's parser, which is linear: a regular expression for the tag
    rescans the page from every "<script" when no ">" follows (9 s on a 56 KB page)."""
    try:
        # bytes with the encoding given: lxml refuses a str that declares an encoding
        root = lxml.html.document_fromstring(html[:500_000].encode("utf-8", "replace"), parser=_UTF8_PARSER)
    except Exception:  # nothing parseable
        return []
    return [script.text or "" for script in root.iter("script")
            if "application/ld+json" in (script.get("type") or "").lower()]


def _jsonld_url(html: str) -> Optional[str]:
    """The article's URL from its JSON-LD (url or mainEntityOfPage), which trafilatura skips."""
    for block in _jsonld_blocks(html):
        try:
            data = parse_json(block)
        except ValueError:
            continue
        if isinstance(data, dict):
            data = data.get("@graph", [data])
        for item in data if isinstance(data, list) else []:
            if not isinstance(item, dict) or "Article" not in str(item.get("@type", "")):
                continue
            for value in (item.get("url"), item.get("mainEntityOfPage")):
                if isinstance(value, dict):
                    value = value.get("@id") or value.get("url")
                if is_url(value):
                    return value.strip()
    return None


def _is_fragment(html: str) -> bool:
    return not _PAGE_RE.search(html[:4096])


def _fragment_lines(html: str) -> list:
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # nothing parseable: no text
        return []
    for element in root.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    return _lines(root)


def read_html(html: Union[str, bytes], source, url: Optional[str] = None,
              meta: Optional[dict] = None) -> Union[Article, ReadError]:
    """One HTML page (or fragment, e.g. a feed entry's content) -> Article or ReadError.

    `url` is where the page came from (base for relative links, fallback URL); `meta` holds
    what the caller already knows (title, published, author, outlet, url from a feed entry,
    a JSON record or metadata.json) and wins over what trafilatura guesses, except that the
    page's canonical URL and site name win (stable ids, readable outlet names).
    """
    source = str(source)
    try:
        return _read_html(html, source, url, meta or {})
    except Exception as err:  # trafilatura/lxml on hostile input: report, never raise
        log.debug("reading HTML failed on %s", source, exc_info=True)
        return ReadError(source, f"cannot parse HTML ({type(err).__name__}: {err})")


def _read_html(html, source: str, url: Optional[str], meta: dict) -> Union[Article, ReadError]:
    if isinstance(html, bytes):
        if len(html) > MAX_FILE_BYTES:
            return ReadError(source, f"HTML too large ({size_text(len(html))}, limit {size_text(MAX_FILE_BYTES)})")
        html = decode(html, html_charset(html))
    if not isinstance(html, str) or not html.strip():
        return ReadError(source, "empty HTML")
    doc = trafilatura.bare_extraction(
        html, url=url or meta.get("url"), with_metadata=True, include_comments=False,
        include_images=False, include_links=False, deduplicate=False,
    )
    lines = _lines(doc.body) if doc is not None and doc.body is not None else []
    if not lines and _is_fragment(html):
        # trafilatura drops short fragments (a feed summary, a one-line post): their markup
        # holds nothing but the text, so keep all of it
        lines = _fragment_lines(html)
    doc = doc or _NO_METADATA
    title = meta.get("title") or doc.title
    if lines and (_is_headline(lines[0], title) or _is_headline(lines[0], doc.title)):
        # the headline is the title, not a paragraph of the story; and it has no " | Site"
        title = meta.get("title") or lines[0]
        lines = lines[1:]
    if not lines or (not _is_fragment(html) and not any(len(line.split()) >= 8 for line in lines)):
        # a whole page with not one sentence-long line is navigation or an error page
        return ReadError(source, "no article text found in HTML")

    page_url = doc.url if is_url(doc.url) else _jsonld_url(html)
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
