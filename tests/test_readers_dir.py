"""A directory of 20 mixed files: every good one read, every bad one a ReadError naming it."""
import json
import re
import shutil
from pathlib import Path

from tracker.articles import MAX_FILE_BYTES, Article, ReadError, read_paths

DATA = Path(__file__).resolve().parent / "data" / "readers"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def build(root: Path):
    """Lay out the files; return ({good file: number of articles}, {bad file: problem words})."""
    html, sub = root / "html", root / "sub" / "deeper"
    html.mkdir()
    sub.mkdir(parents=True)
    good, bad = {}, {}

    def copy(source, target, n=1):
        shutil.copy(source, target)
        good[target] = n

    for page in sorted((DATA / "html").glob("*.html")):  # 4 pages
        copy(page, html / page.name)
    copy(SEEDS / "000_9e1bdf19eaf7a455.txt", root / "seed000.txt")
    copy(SEEDS / "003_a578a4fccd0967bb.txt", sub / "seed003.txt")
    (sub / "metadata.json").write_text(json.dumps({"seed003.txt": {"outlet": "INQUIRER.net"}}))
    copy(DATA / "records" / "one.json", root / "one.json")
    (root / "good.jsonl").write_text('{"text": "One."}\n{"text": "Two."}\n', encoding="utf-8")
    good[root / "good.jsonl"] = 2
    copy(DATA / "feeds" / "wire.atom", root / "feed.xml", n=3)  # + one bad entry, below
    (root / "cp1252.txt").write_bytes("He said: “Enough.”".encode("cp1252"))
    good[root / "cp1252.txt"] = 1
    (root / "bad-utf8.txt").write_bytes("“Broken” byte: ".encode() + b"\xff\xfe end")
    good[root / "bad-utf8.txt"] = 1

    (root / "empty.txt").write_bytes(b"")
    bad[root / "empty.txt"] = "empty file"
    (root / "blank.html").write_bytes(b"  \n\t\n")
    bad[root / "blank.html"] = "empty file"
    (root / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    bad[root / "report.pdf"] = "looks like a PDF"
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    bad[root / "image.txt"] = "looks like a PNG"
    (sub / "noise.bin").write_bytes(bytes(range(256)) * 4)
    bad[sub / "noise.bin"] = "binary data"
    (root / "truncated.json").write_text('[{"text": "cut', encoding="utf-8")
    bad[root / "truncated.json"] = "invalid JSON"
    with open(root / "huge.txt", "wb") as f:  # sparse: costs no disk
        f.truncate(MAX_FILE_BYTES + 1)
    bad[root / "huge.txt"] = "file too large"
    (root / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>https://example.com/</loc></url></urlset>')
    bad[root / "sitemap.xml"] = "not an RSS or Atom feed"
    (html / "nav-only.html").write_text("<html><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav></body></html>")
    bad[html / "nav-only.html"] = "no article text"
    (root / ".hidden.txt").write_text("never read")
    return good, bad


def test_mixed_directory(tmp_path):
    good, bad = build(tmp_path)
    assert len(good) + len(bad) == 20
    items = list(read_paths([tmp_path]))
    articles = [a for a in items if isinstance(a, Article)]
    errors = [e for e in items if isinstance(e, ReadError)]

    def file_of(source):  # "f", "f#3" (feed entry), "f:3" (JSONL line), "f[3]" (JSON item)
        return Path(re.sub(r"(#\d+|:\d+|\[\d+\])$", "", source))

    counts = {}
    for article in articles:
        counts[file_of(article.source)] = counts.get(file_of(article.source), 0) + 1
    assert counts == good

    feed_entry_error = f"{tmp_path / 'feed.xml'}#4"
    by_file = {Path(e.source): str(e) for e in errors if e.source != feed_entry_error}
    assert set(by_file) == set(bad)
    for path, words in bad.items():
        message = by_file[path]
        assert message.startswith(f"{path}: ") and words in message and "\n" not in message
    assert len(errors) == len(bad) + 1

    seed003 = next(a for a in articles if a.source.endswith("seed003.txt"))
    assert seed003.outlet == "INQUIRER.net"  # metadata.json of a subdirectory
    assert next(a for a in articles if a.source.endswith("cp1252.txt")).text == "He said: “Enough.”"
    assert next(a for a in articles if a.source.endswith("bad-utf8.txt")).text.startswith("“Broken” byte: ")
    assert not any(".hidden" in a.source for a in items)


def test_ingest_command_on_the_mixed_directory(tmp_path):
    """`tracker ingest DIR`: every good article stored, every bad file one line on stderr,
    exit status 1; a second run stores nothing new."""
    import sqlite_utils
    from click.testing import CliRunner

    from tracker.cli import cli

    root = tmp_path / "in"
    root.mkdir()
    good, bad = build(root)
    db_path = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["ingest", str(root), "--db", str(db_path), "--silent"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    for path in bad:
        assert sum(line.startswith(f"{path}: ") for line in lines) == 1, path
    stored = sqlite_utils.Database(db_path)["articles"].count
    # one URL is one article: the feed's entry for the page in html/ is that page's row
    distinct = {a.id for a in read_paths([root]) if isinstance(a, Article)}
    assert stored == len(distinct) == sum(good.values()) - 1
    again = CliRunner().invoke(cli, ["ingest", str(root), "--db", str(db_path), "--silent"])
    assert again.exit_code == 1
    assert sqlite_utils.Database(db_path)["articles"].count == stored
