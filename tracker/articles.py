"""Article records and the readers that make them from files, directories and URLs.

Readers never raise on bad input: they yield a ReadError naming the source and the problem,
so one bad file never stops a batch.
"""
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union


@dataclass
class Article:
    text: str
    source: str
    url: Optional[str] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    author: Optional[str] = None

    @property
    def content_hash(self) -> str:
        normalised = re.sub(r"\s+", " ", self.text).strip()
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()

    @property
    def id(self) -> str:
        """Stable: the same URL (or, without one, the same text) always gives the same id."""
        key = self.url or self.content_hash
        return "a" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


class ReadError(Exception):
    """One input that could not be read; str() is the one-line message for the user."""

    def __init__(self, source, problem):
        super().__init__(f"{source}: {problem}")
        self.source = str(source)
        self.problem = problem


METADATA_FILE = "metadata.json"


def _directory_metadata(directory: Path) -> dict:
    """Per-file outlet/date/title from a metadata.json beside the files, when there is one."""
    path = directory / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to cp1252 and then latin-1: never fails."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_text_file(path: Path, metadata: Optional[dict] = None) -> Union[Article, ReadError]:
    try:
        data = path.read_bytes()
    except OSError as err:
        return ReadError(path, f"cannot read: {err.strerror or err}")
    if b"\x00" in data[:4096]:
        return ReadError(path, "binary file, not text")
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ReadError(path, "empty file")
    meta = metadata or {}
    return Article(
        text=text,
        source=str(path),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        title=meta.get("title"),
        published=meta.get("published"),
        author=meta.get("author"),
    )


def read_paths(paths) -> Iterator[Union[Article, ReadError]]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _read_directory(path)
        elif path.is_file():
            yield read_text_file(path, _directory_metadata(path.parent).get(path.name))
        else:
            yield ReadError(raw, "no such file or directory")


def _read_directory(directory: Path) -> Iterator[Union[Article, ReadError]]:
    metadata = _directory_metadata(directory)
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.name != METADATA_FILE and not path.name.startswith("."):
            meta = metadata.get(path.name) if path.parent == directory else _directory_metadata(path.parent).get(path.name)
            yield read_text_file(path, meta)
