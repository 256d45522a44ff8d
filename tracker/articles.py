"""Article records and the readers that make them from files, directories and URLs.

Readers never raise on bad input: they yield a ReadError naming the source and the problem
("SOURCE: problem", SOURCE being a path, PATH:LINE or a URL), so one bad file never stops a
batch. The code lives in tracker.readers (one module per format); this module is the
interface the rest of the tracker imports.

Accepted inputs: plain text (one paragraph per line, metadata from a metadata.json beside
the files), HTML pages, JSON (one record or a list) and JSONL records, RSS/Atom feeds, and
http(s) URLs serving any of these. See tracker.readers.paths for how formats are told apart.
"""
from tracker.readers.base import (
    MAX_FILE_BYTES,
    MAX_URL_BYTES,
    URL_TIMEOUT,
    USER_AGENT,
    Article,
    ReadError,
    decode,
)
from tracker.readers.feeds import read_feed
from tracker.readers.fetch import Fetcher
from tracker.readers.html import read_html
from tracker.readers.normalise import normalise_date, normalise_outlet
from tracker.readers.paths import METADATA_FILE, read_bytes, read_paths, read_text_file, read_url, sniff
from tracker.readers.records import article_from_record

__all__ = [
    "Article", "ReadError", "decode", "read_paths", "read_text_file", "read_html",
    "article_from_record", "read_feed", "read_url", "read_bytes", "sniff", "Fetcher",
    "normalise_outlet", "normalise_date", "METADATA_FILE", "MAX_FILE_BYTES", "MAX_URL_BYTES",
    "URL_TIMEOUT", "USER_AGENT",
]
