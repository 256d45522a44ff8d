"""The Article record, the ReadError value and the limits shared by every reader.

Imports nothing of the tracker beyond normalise, so that every reader module (and
tracker.articles, which re-exports all of this) can import it without cycles.
"""
import codecs
import hashlib
import json
import re
from dataclasses import dataclass, fields
from typing import Optional
from urllib.parse import urlsplit

from tracker.readers.normalise import canonical_url, normalise_outlet
from tracker.text import slug

MAX_FILE_BYTES = 20 * 1024 * 1024  # a news article is kilobytes; beyond this it's not one
MAX_URL_BYTES = 5 * 1024 * 1024
URL_TIMEOUT = 10  # seconds for each read, one try per URL
URL_DEADLINE = 30  # seconds for a whole fetch, redirects included
USER_AGENT = "tracker/0.1 (+quote tracker)"


def is_web_url(value) -> bool:
    """An http(s) URL that parses ("https://[::1" does not: urlsplit raises on it)."""
    if not isinstance(value, str) or not value.lower().startswith(("http://", "https://")):
        return False
    try:
        urlsplit(value).hostname
    except ValueError:
        return False
    return True


def size_text(n: int) -> str:
    """1048576 -> "1 MB", 3000 -> "3000 bytes": for error messages."""
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"


@dataclass
class Article:
    text: str
    source: str
    url: Optional[str] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    author: Optional[str] = None

    def __post_init__(self):
        # NUL characters (from a JSON "\u0000" or a file) are never text: SQLite and most
        # tools stop reading a string at them.
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and "\x00" in value:
                setattr(self, f.name, value.replace("\x00", ""))
        # Only web addresses with a host are links and identities: a "javascript:" or
        # "data:" URL from a record, a feed or metadata.json would become a live link on the
        # permalink page and in citations, and every "http://" would be one article.
        self.url = canonical_url(self.url)

    @property
    def content_hash(self) -> str:
        normalised = re.sub(r"\s+", " ", self.text).strip()
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()

    @property
    def id(self) -> str:
        """Stable: the same canonical URL (or, without one, the same text) from the same
        outlet always gives the same id. The outlet is part of the identity, so a second
        outlet posting the same URL gets an article of its own instead of replacing the
        first one's."""
        return article_id(self.url or self.content_hash, self.outlet_key)

    @property
    def outlet_key(self) -> str:
        """The outlet as identity knows it: its display name (site name, else domain)."""
        return slug(normalise_outlet(self.outlet, self.url)[0] or "")

    @property
    def domain(self) -> Optional[str]:
        """The outlet's domain (lowercase, no www.), the key that unites an outlet's names."""
        return normalise_outlet(self.outlet, self.url)[1]


def article_id(address: str, outlet_key: str) -> str:
    """"a" + 15 hex digits of the article's address (URL or content hash) and outlet."""
    key = f"{address}\x1f{outlet_key}" if outlet_key else address
    return "a" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


class ReadError(Exception):
    """One input that could not be read; str() is the one-line message for the user."""

    def __init__(self, source, problem):
        super().__init__(f"{source}: {problem}")
        self.source = str(source)
        self.problem = problem

    def __reduce__(self):  # picklable, so a Dask worker can send one back
        return (ReadError, (self.source, self.problem))


def decode(data: bytes, encoding: Optional[str] = None) -> str:
    """Bytes to text that never fails.

    Valid UTF-8 wins even over a declared charset (pages mislabelled latin-1 are common, and
    legacy text is almost never valid UTF-8 by accident); then the declared encoding (HTTP
    header, <meta charset>). Text that is mostly UTF-8 (at least as many of its non-ASCII
    bytes in valid UTF-8 sequences as not), or that has valid UTF-8 sequences and is not
    cp1252 either, stays UTF-8 with U+FFFD for the broken bytes, so its curly quote marks
    survive; anything else falls back to cp1252 and then latin-1.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            codec = None
        if codec in ("iso8859-1", "ascii"):  # as browsers do: these labels mean cp1252
            codec = "cp1252"
        if codec and codec != "utf-8":
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass
    text = data.decode("utf-8-sig", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))  # one a bad byte
    good_bytes = sum(1 for byte in data if byte > 127) - broken  # in valid sequences
    if good_bytes and good_bytes >= broken:
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    # not cp1252 (bytes it leaves undefined, such as the last byte of ” in UTF-8): the
    # broken UTF-8 loses fewer characters than latin-1, which turns every mark into two
    return text if good_bytes else data.decode("latin-1")


def parse_json(text: str):
    """json.loads, with every way it can fail on hostile input a ValueError: nesting deeper
    than the interpreter's recursion limit raises RecursionError, and an integer of over 4300
    digits a plain ValueError (not a JSONDecodeError)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except json.JSONDecodeError:
        raise
    except ValueError as err:  # "Exceeds the limit (4300 digits) for integer string conversion: …"
        raise ValueError(str(err).split(":")[0]) from None
