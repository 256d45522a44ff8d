"""Citations: the article is the cited work, the quote and its speaker ride along; every
format is read back by real citation software (bibtexparser, citeproc-py with the APA and
Chicago styles shipped in tests/data/csl)."""
import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from tracker import citations

CSL_DIR = Path(__file__).parent / "data" / "csl"

QUOTE = {
    "id": "q1a2b3c4d5e6f7a8",
    "text": "Damascus is waiting for you.",
    "speaker": "Abu Mohammed al-Jolani",
    "speaker_kind": "person",
    "cue": "said",
    "channel": "Telegram",
    "outlet": "Reuters",
    "published": "2024-12-07",
    "title": "Rebel forces begin to surround the Syrian capital Damascus",
    "author": "By Sam Ortiz and Ursula von der Leyen",
    "url": "https://example.com/news/syria?id=1#top",
    "permalink": "https://quotes.example.org/q/q1a2b3c4d5e6f7a8",
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


# --- names ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, parts", [
    ("Sergei Lavrov", {"family": "Lavrov", "given": "Sergei"}),
    ("Ursula von der Leyen", {"family": "Leyen", "given": "Ursula", "non-dropping-particle": "von der"}),
    ("Mohammed bin Salman", {"family": "Salman", "given": "Mohammed", "non-dropping-particle": "bin"}),
    ("Ahmed al Sharaa", {"family": "Sharaa", "given": "Ahmed", "non-dropping-particle": "al"}),
    ("Abu Mohammed al-Jolani", {"family": "al-Jolani", "given": "Abu Mohammed"}),
    ("Vincent van Gogh", {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}),
    ("Martin Luther King Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("Rania", {"literal": "Rania"}),
])
def test_person_names_have_family_and_given(name, parts):
    assert citations.person_name(name) == parts


def test_bylines_split_into_people_and_keep_organisations_literal():
    assert citations.byline_names("By Sam Ortiz and Ana de la Cruz") == [
        {"family": "Ortiz", "given": "Sam"},
        {"family": "Cruz", "given": "Ana", "non-dropping-particle": "de la"}]
    assert citations.byline_names("Reuters staff") == [{"literal": "Reuters staff"}]
    assert citations.byline_names("AFP") == [{"literal": "AFP"}]
    assert citations.byline_names("Sam Ortiz, Reuters") == [
        {"family": "Ortiz", "given": "Sam"}, {"literal": "Reuters"}]
    assert citations.byline_names(None) == []


# --- how it was said ----------------------------------------------------------------------------

@pytest.mark.parametrize("cue, channel, role, delivery", [
    ("told", "reporters", "audience", "told reporters"),
    ("told", "AFP", "audience", "told AFP"),
    ("said", "reporters", "audience", "said to reporters"),
    ("said", "statement", "channel", "said in a statement"),
    ("said", "televised statement", "channel", "said in a televised statement"),
    ("said", "news conference", "channel", "said at a news conference"),
    ("posted", "Telegram", "channel", "posted on Telegram"),
    ("told", "Telegram", "channel", "on Telegram"),  # "told his followers on Telegram"
    ("said", None, None, "said"),
])
def test_delivery_reads_as_english(cue, channel, role, delivery):
    q = {"cue": cue, "channel": channel}
    assert citations.manner(q)[0] == role
    assert citations.delivery(q) == delivery
    assert " on reporters" not in delivery and "on statement" not in delivery


# --- the formats --------------------------------------------------------------------------------

def test_plain_cites_the_report_with_the_speaker_in_the_text():
    lines = citations.plain(QUOTE).split("\n")
    assert lines == [
        "Abu Mohammed al-Jolani, on Telegram, as quoted in Reuters: \u201cDamascus is waiting for you.\u201d",
        "Source: Sam Ortiz and Ursula von der Leyen, \u201cRebel forces begin to surround the Syrian"
        " capital Damascus\u201d, Reuters, 7 December 2024, https://example.com/news/syria?id=1#top",
        "Permalink: https://quotes.example.org/q/q1a2b3c4d5e6f7a8 (accessed 2 January 2025)",
    ]


@pytest.mark.parametrize("text", ["we will be back", "We will be back.", "Is it over?"])
def test_quoted_words_keep_case_and_punctuation_without_run_ons(text):
    out = citations.plain(dict(QUOTE, text=text + ","))  # the reporting sentence's comma goes
    assert f"\u201c{text}\u201d" in out
    assert ".\u201d." not in out and "\u201d Quoted" not in out
    assert "\nPermalink: " in out  # a line of its own, never run on


def test_markdown_escapes_markup_and_links_article_and_permalink():
    md = citations.markdown(dict(QUOTE, text="*not bold* [link](x)"))
    assert md.startswith("> \u201c\\*not bold\\* \\[link\\](x)\u201d")
    assert "as quoted in [Sam Ortiz and Ursula von der Leyen, \u201cRebel" in md
    assert f"](<{QUOTE['url']}>)" in md
    assert f"([permalink](<{QUOTE['permalink']}>))" in md


def test_bibtex_is_the_article_with_the_quote_in_the_note():
    bib = citations.bibtex(dict(QUOTE, text="100% of $ & {braces}_"))
    assert bib.startswith("@article{ortiz2024q1a2b3c4,")
    assert "author = {Ortiz, Sam and von der Leyen, Ursula}" in bib
    assert "journal = {Reuters}" in bib and "month = dec" in bib and "year = {2024}" in bib
    assert f"url = {{{QUOTE['url']}}}" in bib
    assert r"100\% of \$ \& \{braces\}\_" in bib
    assert r"(permalink: \url{https://quotes.example.org/q/q1a2b3c4d5e6f7a8})" in bib
    assert ".\u201d." not in bib and ".\u201d}." not in bib
    unescaped = bib.replace(r"\{", "").replace(r"\}", "")
    assert unescaped.count("{") == unescaped.count("}")


def test_csl_item_is_the_newspaper_article():
    [item] = json.loads(citations.csl_json(QUOTE))
    assert item["type"] == "article-newspaper"
    assert item["title"] == QUOTE["title"] and item["container-title"] == "Reuters"
    assert item["author"][0] == {"family": "Ortiz", "given": "Sam"}
    assert item["issued"] == {"date-parts": [[2024, 12, 7]]}
    assert item["URL"] == QUOTE["url"]  # the article; the permalink is the second link
    assert QUOTE["permalink"] in item["note"] and "Damascus is waiting for you." in item["note"]
    assert item["note"] == ("Quoting Abu Mohammed al-Jolani, on Telegram: \u201cDamascus is waiting for you.\u201d"
                            f" (permalink: {QUOTE['permalink']})")


def test_missing_fields_do_not_break_any_format():
    q = {"id": "q1", "text": "Hello.", "permalink": "http://h/q/q1"}
    out = citations.all_formats(q)
    assert set(out) == {"plain", "markdown", "bibtex", "csl"}
    assert out["plain"].startswith("Unknown speaker, as quoted in a news report: \u201cHello.\u201d")
    [item] = json.loads(out["csl"])
    assert "author" not in item and "http://h/q/q1" in item["note"]


# --- read back by the real clients ---------------------------------------------------------------

def test_bibtex_parses_with_bibtexparser_and_names_split():
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    library = bibtexparser.parse_string(citations.bibtex(QUOTE), append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.entry_type == "article" and entry.key == "ortiz2024q1a2b3c4"
    authors = entry.fields_dict["author"].value
    assert [(a.last, a.first, a.von) for a in authors] == [
        (["Ortiz"], ["Sam"], []), (["Leyen"], ["Ursula"], ["von", "der"])]
    assert entry.fields_dict["title"].value == "{Rebel forces begin to surround the Syrian capital Damascus}"
    assert entry.fields_dict["journal"].value == "Reuters"
    assert entry.fields_dict["url"].value == QUOTE["url"]
    assert "Damascus is waiting for you." in entry.fields_dict["note"].value


def render(style, item):
    """(in-text citation, bibliography entry) as citeproc-py renders them in plain text."""
    from citeproc import (Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle,
                          formatter)
    from citeproc.source.json import CiteProcJSON

    csl = CitationStylesStyle(str(CSL_DIR / f"{style}.csl"), validate=False)
    bibliography = CitationStylesBibliography(csl, CiteProcJSON([item]), formatter.plain)
    citation = Citation([CitationItem(item["id"])])
    bibliography.register(citation)
    cite = bibliography.cite(citation, lambda _item: None)
    return str(cite), str(bibliography.bibliography()[0])


def test_apa_renders_the_article_reference():
    [item] = json.loads(citations.csl_json(QUOTE))
    cite, entry = render("apa", item)
    assert cite == "(Ortiz & von der Leyen, 2024)"
    assert entry == ("Ortiz, S., & von der Leyen, U. (2024, December 7). Rebel forces begin to surround"
                     " the Syrian capital Damascus. Reuters. https://example.com/news/syria?id=1#top")


def test_chicago_sorts_by_family_name_and_keeps_the_quote_out_of_the_title():
    [item] = json.loads(citations.csl_json(dict(QUOTE, author="Sam Ortiz")))
    cite, entry = render("chicago-author-date", item)
    assert cite == "(Ortiz 2024)"
    assert entry.startswith("Ortiz, S")  # sorted under the family name, not "Sam Ortiz"
    assert "Reuters, December 7" in entry and entry.endswith("https://example.com/news/syria?id=1#top.")
    assert "Waiting" not in entry  # the quoted words are never title-cased into a title
    cite, entry = render("chicago-notes-bibliography", item)
    assert entry.startswith("Ortiz, S") and "Reuters, December 7, 2024" in entry


def test_an_article_without_byline_is_cited_by_its_title():
    [item] = json.loads(citations.csl_json(dict(QUOTE, author=None)))
    cite, entry = render("apa", item)
    # (citeproc-py 0.11 repeats the title where APA substitutes it for the author)
    assert entry.startswith("Rebel forces begin to surround the Syrian capital Damascus. (2024, December 7).")
    assert cite.endswith(", 2024)")
