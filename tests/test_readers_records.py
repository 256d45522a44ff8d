"""JSON and JSONL records: one object, a list, one per line; bad lines named FILE:LINE."""
from pathlib import Path

from tracker.articles import Article, ReadError, article_from_record, read_paths

RECORDS = Path(__file__).resolve().parent / "data" / "readers" / "records"


def test_jsonl_with_a_malformed_line_reads_the_good_lines():
    path = RECORDS / "articles.jsonl"
    items = list(read_paths([path]))
    articles = [a for a in items if isinstance(a, Article)]
    errors = [str(e) for e in items if isinstance(e, ReadError)]
    assert [a.source for a in articles] == [f"{path}:1", f"{path}:2", f"{path}:7"]
    assert errors[0].startswith(f"{path}:3: malformed JSON line")
    assert errors[1:] == [f'{path}:5: record has no "text" or "html"',
                          f"{path}:6: expected a JSON object, got list"]
    first, from_html, last = articles
    assert first.text == "“Damascus is waiting for you,” al-Jolani told his followers on Telegram.\nHe spoke as rebels closed in."
    assert (first.url, first.outlet, first.title, first.published, first.author) == (
        "https://www.example.com/world/jolani", "Example News", "Jolani speaks",
        "2024-12-07T10:00:00+00:00", "Staff")
    assert from_html.text == "“Damascus awaits you,” he said on Telegram.\nThe army denied it had withdrawn."
    assert from_html.outlet == "wiredaily.example.org"  # no outlet given: the URL's domain
    assert from_html.published == "2024-12-07T09:30:00+00:00"
    assert last.outlet == "Wire.example.org" and last.domain == "wire.example.org"
    assert last.published == "2024-12-07"


def test_json_object_and_list():
    [one] = list(read_paths([RECORDS / "one.json"]))
    assert one.outlet == "INQUIRER.net" and one.published == "2024-12-07"
    assert one.text.endswith("“is tired of war, blood and tears.”")
    items = list(read_paths([RECORDS / "list.json"]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "ReadError", "ReadError"]
    assert items[1].text.startswith("Pedersen urged “the start")
    assert str(items[2]) == f'{RECORDS / "list.json"}[2]: "text" must be a string, got int'


def test_record_text_is_kept_exactly():
    text = "  Line one\r\n“Quoted,” she said.  \n"
    article = article_from_record({"text": text}, "api")
    assert article.text == text  # offsets into it stay valid


def test_article_from_record_never_raises():
    assert str(article_from_record("just a string", "api")) == "api: expected a JSON object, got str"
    assert str(article_from_record({}, "api")) == 'api: record has no "text" or "html"'
    assert str(article_from_record({"text": "   "}, "api")) == 'api: record has no "text" or "html"'
    assert str(article_from_record({"text": "x", "url": 5}, "api")) == 'api: "url" must be a string, got int'
    assert isinstance(article_from_record({"html": "<p>x</p>", "published": "rubbish"}, "api"), Article)


def test_unnamed_files_are_sniffed_as_json_or_jsonl(tmp_path):
    (tmp_path / "records").write_text('{"text": "a one"}\n{"text": "a two"}\n', encoding="utf-8")
    (tmp_path / "record.data").write_text('[{"text": "b one"}]', encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"text": "never closed', encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert sorted(a.text for a in items if isinstance(a, Article)) == ["a one", "a two", "b one"]
    [err] = [e for e in items if isinstance(e, ReadError)]
    assert str(err).startswith(f"{tmp_path / 'broken.json'}: invalid JSON")
