"""Hardening of the readers: per-line JSON errors, NUL bytes, broken UTF-8, unparseable
URLs, JSON-LD found by a parser. Each problem is one clear line; the rest is still read."""
from adversarial import hostile
from tracker.articles import Article, ReadError, article_from_record, decode, read_bytes, read_paths


def split(items):
    return ([i for i in items if isinstance(i, Article)], [str(i) for i in items if isinstance(i, ReadError)])


def test_each_bad_json_line_is_its_own_error_and_the_file_goes_on(tmp_path):
    name, data = hostile.deep_json()
    path = tmp_path / name
    path.write_bytes(data)
    articles, errors = split(list(read_paths([path])))
    assert errors == [f"{path}:2: malformed JSON line: nested too deeply",
                      f"{path}:3: malformed JSON line: Exceeds the limit (4300 digits) for integer string conversion"]
    assert [a.source for a in articles] == [f"{path}:1", f"{path}:4", f"{path}:5", f"{path}:6"]
    assert all(hostile.REAL in a.text for a in articles)
    unparseable_url, nul = articles[1], articles[2]
    assert unparseable_url.url is None and unparseable_url.outlet is None
    assert nul.text.startswith("Nul bytes. ") and nul.outlet == "Nul Times"


def test_deep_json_documents_and_metadata_are_errors_not_crashes(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (tmp_path / "story.txt").write_text("“We are fine,” she said.", encoding="utf-8")
    (tmp_path / "metadata.json").write_text("[" * 100_000, encoding="utf-8")
    articles, errors = split(list(read_paths([tmp_path])))
    assert errors == [f"{tmp_path / 'deep.json'}: invalid JSON: nested too deeply"]
    assert [a.text for a in articles] == ["“We are fine,” she said."]


def test_nul_bytes_are_never_stored(tmp_path):
    text = "Intro." + " filler" * 2000 + "\n“We rebuild\x00,” she\x00 said."  # NUL past the binary sniff
    (tmp_path / "nul.txt").write_bytes(text.encode())
    [article] = list(read_paths([tmp_path / "nul.txt"]))
    assert "\x00" not in article.text and article.text.endswith("“We rebuild,” she said.")
    record = article_from_record({"html": "<p>“Yes\x00,” he said in a long enough sentence here.</p>",
                                  "title": "T\x00itle", "author": "\x00Ann"}, "api")
    assert "\x00" not in record.text and (record.title, record.author) == ("Title", "Ann")


def test_mostly_utf8_with_many_broken_bytes_keeps_its_quote_marks():
    good = "“We will rebuild,‘ the mayor said. ‘Soon.’".encode()  # marks cp1252 can also decode
    data = good + b" \x93x\x94 \x85\xa0 \x96" + b" \x92"  # eight stray legacy bytes
    text = decode(data)
    assert text.startswith("“We will rebuild,‘ the mayor said. ‘Soon.’")
    assert "â€" not in text


def test_broken_utf8_that_is_not_cp1252_is_not_read_as_latin1():
    good = "“Yes,” he said.".encode()  # ” ends in 0x9d, which cp1252 leaves undefined
    data = good + b" \xff\xfe\xfa\xfb\xfc\xfd \xc0\xc1"
    text = decode(data)
    assert text.startswith("“Yes,” he said.") and "\x9d" not in text


def test_legacy_text_is_still_read_as_legacy():
    assert decode("“Café,” he said — naïve.".encode("cp1252")) == "“Café,” he said — naïve."
    assert decode("Grüße aus Köln".encode("latin-1")) == "Grüße aus Köln"


def test_feed_entry_with_an_unparseable_link_is_still_read():
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Storm</title><link>https://[::1</link>
<description>&lt;p&gt;&amp;ldquo;We will rebuild the bridge,&amp;rdquo; the mayor said on Tuesday.&lt;/p&gt;</description></item>
</channel></rss>"""
    [article] = list(read_bytes(feed, "wire.rss", name="wire.rss"))
    assert isinstance(article, Article), str(article)
    assert article.url is None and article.text.startswith("“We will rebuild the bridge,”")
