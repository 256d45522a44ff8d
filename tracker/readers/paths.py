"""read_paths: files, directories (recursively) and URLs -> Articles and ReadErrors.

The format is found from the content first (an HTML page saved as .txt is still HTML, a feed
served as text/html is still a feed), then from the extension or Content-Type. Every problem
becomes a ReadError whose message names the file, FILE:LINE or URL, and reading goes on.
"""
import logging
import os
import re
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Optional, Union
from urllib.parse import urlsplit

from tracker.readers.base import MAX_FILE_BYTES, Article, ReadError, decode, size_text
from tracker.readers.feeds import read_feed
from tracker.readers.fetch import Fetcher, is_url
from tracker.readers.html import html_charset, read_html
from tracker.readers.records import (article_from_text, looks_like_jsonl, parse_json, read_json_text,
                                     read_jsonl_text)

log = logging.getLogger(__name__)

METADATA_FILE = "metadata.json"

EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
CONTENT_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/xml": "feed", "text/xml": "feed",
    "application/json": "json", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl", "text/plain": "text",
}
_MAGIC = {
    b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive", b"\x7fELF": "an executable", b"SQLite format 3": "an SQLite database",
}
Result = Union[Article, ReadError]


def binary_kind(data: bytes) -> Optional[str]:
    """What a binary file looks like ("a PDF document"), or None for text."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a BOM: text, decoded by _decode
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\x00" in head or controls > len(head) * 0.05:
        return "binary data"
    return None


def _decode(data: bytes, charset: Optional[str] = None) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return decode(data, charset)


def _content_kind(head: str) -> Optional[str]:
    """"html", "feed" or "json" when the first characters say so unmistakably, else None.

    Judged by the root element (after any XML prolog, comments and doctype), so that a feed
    whose first entry holds "<html>" in its content is still a feed.
    """
    head = head.lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("{", "[")):
        return "json"
    if not head.startswith("<"):
        return None
    if head.startswith("<!doctype html"):
        return "html"
    body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>", "", head, flags=re.S).lstrip()
    root = re.match(r"<([a-z][\w:.-]*)", body)
    if not root:
        return None
    if root.group(1) in ("rss", "feed", "rdf:rdf"):
        return "feed"
    if head.startswith("<?xml") and root.group(1) != "html":
        return None  # some other XML: the extension or Content-Type decides
    return "html"


def sniff(data: bytes, name: str = "", content_type: Optional[str] = None) -> str:
    """The format of some bytes: "text", "html", "feed", "json" or "jsonl"."""
    declared = CONTENT_TYPES.get(content_type or "") or EXTENSIONS.get(PurePosixPath(name).suffix.lower())
    if declared in ("json", "jsonl"):
        return declared  # then errors come out as JSON errors with line numbers
    found = _content_kind(_decode(data[:2048]))
    if found in ("html", "feed"):
        return found
    if found == "json" and declared is None:
        return "json"
    return declared or "text"


def _text_article(text: str, source: str, meta: Optional[dict]) -> Result:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ReadError(source, "empty file")
    return article_from_text(text, source, meta or {})


def _read_json_any(text: str, source: str, kind: str) -> Iterator[Result]:
    """A .jsonl file line by line; a .json (or unnamed) file whole, or by line if it is JSONL."""
    if kind == "jsonl":
        yield from read_jsonl_text(text, source)
        return
    try:
        parse_json(text)
    except ValueError:
        if looks_like_jsonl(text):
            yield from read_jsonl_text(text, source)
            return
    yield from read_json_text(text, source)


def read_bytes(data: bytes, source: str, name: str = "", content_type: Optional[str] = None,
               charset: Optional[str] = None, url: Optional[str] = None,
               meta: Optional[dict] = None, fetcher: Optional[Fetcher] = None) -> Iterator[Result]:
    """The content of one file or response, whatever its format."""
    if not data.strip():
        yield ReadError(source, "empty file")
        return
    binary = binary_kind(data)
    if binary:
        yield ReadError(source, f"not text: looks like {binary}")
        return
    kind = sniff(data, name, content_type)
    meta = dict(meta or {})
    if url:
        meta.setdefault("url", url)
    if kind == "feed":
        yield from read_feed(data, source, fetcher=fetcher, base_url=url)
    elif kind == "html":
        yield read_html(_decode(data, charset or html_charset(data)), source, url=url, meta=meta)
    elif kind in ("json", "jsonl"):
        yield from _read_json_any(_decode(data, charset), source, kind)
    else:
        yield _text_article(_decode(data, charset), source, meta)


def read_text_file(path: Path, metadata: Optional[dict] = None) -> Result:
    """A plain-text article file (one paragraph per line); metadata from metadata.json."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ReadError(path, f"file too large ({size_text(size)}, limit {size_text(MAX_FILE_BYTES)})")
        data = path.read_bytes()
    except OSError as err:
        return ReadError(path, f"cannot read: {err.strerror or err}")
    binary = binary_kind(data)
    if binary:
        return ReadError(path, f"not text: looks like {binary}")
    return _text_article(_decode(data), str(path), metadata)


def read_file(path: Path, meta: Optional[dict] = None, fetcher: Optional[Fetcher] = None) -> Iterator[Result]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield ReadError(path, f"file too large ({size_text(size)}, limit {size_text(MAX_FILE_BYTES)})")
            return
        data = path.read_bytes()
    except OSError as err:
        yield ReadError(path, f"cannot read: {err.strerror or err}")
        return
    yield from read_bytes(data, str(path), name=path.name, meta=meta, fetcher=fetcher)


def read_url(url: str, fetcher: Optional[Fetcher] = None) -> Iterator[Result]:
    fetcher = fetcher or Fetcher()
    fetched = fetcher.fetch(url)
    if isinstance(fetched, ReadError):
        yield fetched
        return
    yield from read_bytes(fetched.data, url, name=urlsplit(fetched.url).path,
                          content_type=fetched.content_type, charset=fetched.charset,
                          url=fetched.url, fetcher=fetcher)


def _directory_metadata(directory: Path) -> dict:
    """Per-file outlet/date/title/url from a metadata.json beside the files, when there is one."""
    path = directory / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        data = parse_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _meta_for(path: Path, cache: dict) -> Optional[dict]:
    if path.parent not in cache:
        cache[path.parent] = _directory_metadata(path.parent)
    meta = cache[path.parent].get(path.name)
    return meta if isinstance(meta, dict) else None


def _walk(directory: Path) -> Iterator[Path]:
    """Files under a directory in a stable order, skipping hidden ones and metadata.json."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name != METADATA_FILE:
                yield Path(root) / name


def read_paths(paths: Union[str, Path, Iterable], fetcher: Optional[Fetcher] = None) -> Iterator[Result]:
    """Articles and ReadErrors from files, directories (recursively) and http(s) URLs.

    Never raises for bad input: each problem is yielded as a ReadError and reading goes on.
    """
    fetcher = fetcher or Fetcher()
    for unit in input_units(paths):
        yield from read_unit(unit, fetcher)


def input_units(paths: Union[str, Path, Iterable]) -> Iterator[Union[tuple, ReadError]]:
    """What PATHS name, one readable unit each: ("url", URL, None) or ("file", path,
    metadata), in a stable order; a ReadError for a path that names nothing.

    Listing is cheap and reading is not: a cluster lists here and reads the units on its
    workers (tracker.dask_ingest).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    metadata_cache = {}
    for raw in paths:
        if is_url(str(raw)):
            yield ("url", str(raw), None)
            continue
        path = Path(raw)
        if path.is_dir():
            files = _walk(path)
        elif path.is_file():
            files = [path]
        else:
            yield ReadError(raw, "no such file, directory or URL")
            continue
        for file in files:
            yield ("file", str(file), _meta_for(file, metadata_cache))


def read_unit(unit: Union[tuple, ReadError], fetcher: Fetcher) -> Iterator[Result]:
    """The articles (or ReadErrors) of one unit from input_units."""
    if isinstance(unit, ReadError):
        yield unit
        return
    kind, source, meta = unit
    if kind == "url":
        yield from _guarded(read_url(source, fetcher), source)
    else:
        yield from _guarded(read_file(Path(source), meta, fetcher), Path(source))


def _guarded(results: Iterator[Result], source) -> Iterator[Result]:
    """A reader's results, with a bug in it turned into one more ReadError, not a crash."""
    try:
        yield from results
    except Exception as err:
        log.exception("reader failed on %s", source)
        yield ReadError(source, f"unexpected error ({type(err).__name__}: {err})")
