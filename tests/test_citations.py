import json
from urllib.parse import unquote

from tracker import citations

QUOTE = {
    "id": "q1a2b3c4d5e6f7a8",
    "text": "Damascus is waiting for you.",
    "speaker": "Abu Mohammed al-Jolani",
    "cue": "told",
    "channel": "Telegram",
    "outlet": "Reuters/AFP via news aggregator",
    "published": "2024-12-07",
    "title": "Rebel forces begin to surround the Syrian capital Damascus",
    "url": "https://example.com/news/syria?id=1#top",
    "permalink": "http://127.0.0.1:8001/q/q1a2b3c4d5e6f7a8",
    "accessed": "2025-01-02",
}


def test_human_date():
    assert citations.human_date("2024-12-07") == "7 December 2024"
    assert citations.human_date("2024-12-07T10:00:00Z") == "7 December 2024"
    assert citations.human_date("sometime") == "sometime"
    assert citations.human_date(None) == ""


def test_text_fragment_short_and_long():
    url = citations.text_fragment_url("https://x.org/a#old", "al-Jolani, said: go & see")
    assert url.startswith("https://x.org/a#:~:text=")
    directive = url.split("#:~:text=")[1]
    # '-', ',' and '&' would be read as fragment syntax: they must be encoded.
    assert "-" not in directive and "," not in directive and "&" not in directive
    assert unquote(directive) == "al-Jolani, said: go & see"
    long = citations.text_fragment_url("https://x.org/a", " ".join(f"w{i}" for i in range(20)))
    start, end = long.split("#:~:text=")[1].split(",")
    assert unquote(start) == "w0 w1 w2 w3" and unquote(end) == "w16 w17 w18 w19"
    assert citations.text_fragment_url(None, "x") is None


def test_plain():
    text = citations.plain(QUOTE)
    assert text.startswith("Abu Mohammed al-Jolani, on Telegram: \u201cDamascus is waiting for you.\u201d")
    assert "Reuters/AFP via news aggregator, 7 December 2024" in text
    assert QUOTE["permalink"] in text and QUOTE["url"] in text


def test_markdown_escapes_markup():
    q = dict(QUOTE, text="*not bold* [link](x)")
    md = citations.markdown(q)
    assert md.startswith("> \u201c\\*not bold\\* \\[link\\](x)\u201d")
    assert f"([permalink](<{QUOTE['permalink']}>))" in md


def test_bibtex():
    q = dict(QUOTE, text="100% of $ & {braces}_")
    bib = citations.bibtex(q)
    assert bib.startswith("@misc{jolani2024q1a2b3c4,")
    assert "author = {{Abu Mohammed al-Jolani}}" in bib
    assert r"title = {{100\% of \$ \& \{braces\}\_}}" in bib
    assert "month = dec" in bib and "year = {2024}" in bib
    unescaped = bib.replace(r"\{", "").replace(r"\}", "")
    assert unescaped.count("{") == unescaped.count("}")


def test_csl_json_is_a_valid_item_list():
    items = json.loads(citations.csl_json(QUOTE))
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert item["type"] == "speech"
    assert item["title"] == QUOTE["text"]
    assert item["author"] == [{"literal": "Abu Mohammed al-Jolani"}]
    assert item["issued"] == {"date-parts": [[2024, 12, 7]]}
    assert item["URL"] == QUOTE["permalink"]
    assert item["publisher"] == QUOTE["outlet"]


def test_missing_fields_do_not_break_any_format():
    q = {"id": "q1", "text": "Hello.", "permalink": "http://h/q/q1"}
    out = citations.all_formats(q)
    assert set(out) == {"plain", "markdown", "bibtex", "csl"}
    assert "Unknown speaker" in out["plain"]
    assert json.loads(out["csl"])[0]["author"] == [{"literal": "Unknown speaker"}]
