"""The Article/ReadError contract, decoding and the outlet/date normalisers."""
import time

from tracker.articles import (
    Article,
    ReadError,
    decode,
    normalise_date,
    normalise_outlet,
    read_paths,
    read_text_file,
)


def test_article_id_is_stable_and_prefers_the_url():
    a = Article(text="Some  text\nhere", source="x.txt")
    b = Article(text="Some text here", source="y.txt")
    assert a.content_hash == b.content_hash  # whitespace-normalised
    assert a.id == b.id and a.id.startswith("a") and len(a.id) == 16
    c = Article(text="other", source="z", url="https://example.com/a")
    d = Article(text="different", source="w", url="https://example.com/a")
    assert c.id == d.id != a.id


def test_read_error_is_one_line_source_colon_problem():
    err = ReadError("dir/f.txt", "empty file")
    assert str(err) == "dir/f.txt: empty file"
    assert err.source == "dir/f.txt" and err.problem == "empty file"


def test_decode_never_fails_and_keeps_curly_quotes():
    text = "“Damascus is waiting for you.”"
    assert decode(text.encode("utf-8")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text  # BOM dropped
    assert decode(text.encode("cp1252")) == text  # legacy Windows text
    # A UTF-8 file with one broken byte stays UTF-8: its quote marks survive.
    broken = text.encode("utf-8") + b" and \xff more \xe2\x80"
    assert decode(broken).startswith(text)
    assert decode(bytes(range(256)))  # anything at all decodes
    assert decode("café".encode("latin-1"), "iso-8859-1") == "café"


def test_declared_charset_is_used_and_valid_utf8_wins_over_a_wrong_label():
    assert decode("Ελλάδα".encode("iso-8859-7"), "iso-8859-7") == "Ελλάδα"
    assert decode("“x”".encode("utf-8"), "iso-8859-1") == "“x”"


def test_normalise_outlet_unites_www_bare_domain_and_site_name():
    assert normalise_outlet(None, "https://www.Example.com/world/x") == ("example.com", "example.com")
    assert normalise_outlet("www.example.com") == ("example.com", "example.com")
    assert normalise_outlet("example.com") == ("example.com", "example.com")
    assert normalise_outlet("Example News", "http://example.com/y") == ("Example News", "example.com")
    assert normalise_outlet(" Hindustan  Times ") == ("Hindustan Times", None)
    assert normalise_outlet("INQUIRER.net") == ("INQUIRER.net", "inquirer.net")
    assert normalise_outlet() == (None, None)


def test_normalise_date_gives_iso_8601():
    assert normalise_date("2024-12-07") == "2024-12-07"
    assert normalise_date("2024-12-07T18:42:00Z") == "2024-12-07T18:42:00+00:00"
    assert normalise_date("Sat, 07 Dec 2024 18:42:00 GMT") == "2024-12-07T18:42:00+00:00"
    assert normalise_date("7 December 2024") == "2024-12-07"
    assert normalise_date("December 7th, 2024") == "2024-12-07"
    assert normalise_date(time.strptime("2024-12-07 09:30", "%Y-%m-%d %H:%M")) == "2024-12-07T09:30:00+00:00"
    assert normalise_date("not a date") is None
    assert normalise_date("2024-13-45") is None
    assert normalise_date(None) is None


def test_seeds_are_read_with_their_metadata(tmp_path):
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    items = list(read_paths([seeds]))
    assert len(items) == 4 and all(isinstance(a, Article) for a in items)
    hindustan = next(a for a in items if a.source.endswith("001_cef88682fac5d4ff.txt"))
    assert hindustan.outlet == "Hindustan Times" and hindustan.published == "2024-12-07"
    assert hindustan.text == (seeds / "001_cef88682fac5d4ff.txt").read_text(encoding="utf-8")


def test_read_text_file_keeps_the_contract(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("First “para”.\r\nSecond.".encode("utf-8"))
    article = read_text_file(path, {"outlet": "www.example.com", "published": "7 Dec 2024"})
    assert article.text == "First “para”.\nSecond."
    assert article.outlet == "example.com" and article.published == "2024-12-07"
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    assert str(read_text_file(tmp_path / "empty.txt")) == f"{tmp_path / 'empty.txt'}: empty file"
    assert isinstance(read_text_file(tmp_path / "missing.txt"), ReadError)


def test_read_paths_accepts_a_single_path_and_never_raises(tmp_path):
    (tmp_path / "a.txt").write_text("Hello there.", encoding="utf-8")
    items = list(read_paths(str(tmp_path / "a.txt")))
    assert [a.text for a in items] == ["Hello there."]
    [missing] = list(read_paths([tmp_path / "nope"]))
    assert isinstance(missing, ReadError) and str(missing).startswith(str(tmp_path / "nope") + ": ")


def test_readers_do_not_import_spacy():
    import subprocess
    import sys

    code = "import sys, tracker.articles, tracker.syndication; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_only_web_addresses_are_kept_as_urls():
    """A javascript: URL in a record must never become a link on a page or in a citation."""
    from tracker.articles import Article, article_from_record
    from tracker.citations import text_fragment_url

    article = article_from_record({"text": "He said: “Hi.”", "url": "javascript:alert(1)//"}, "rec")
    assert article.url is None
    assert Article(text="x", source="s", url="data:text/html,<b>x</b>").url is None
    assert Article(text="x", source="s", url="HTTPS://example.org/a").url == "https://example.org/a"
    assert Article(text="x", source="s", url="http://").url is None  # no host, no identity
    assert text_fragment_url("javascript:alert(1)//", "Hi") is None
