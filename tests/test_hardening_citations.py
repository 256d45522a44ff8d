"""Citations of an article whose URL is hostile: the URL cannot break out of BibTeX's
\\url{…} nor Markdown's (<…>), and still leads where it did."""
import re
from urllib.parse import unquote

import pytest

from tracker import citations

QUOTE = {"id": "q1a2b3c4", "text": "We will rebuild.", "speaker": "Jane Doe", "outlet": "Gazette",
         "title": "Bridge", "published": "2024-12-09", "permalink": "http://127.0.0.1:8001/q/q1a2b3c4",
         "accessed": "2025-01-02"}
HOSTILE_URLS = [
    "https://example.org/a}}\\input{/etc/passwd}",
    "https://example.org/a}\n@misc{evil, title={pwned}",
    "https://example.org/x\\",
    "https://example.org/a> [click](javascript:alert(1)) <img src=x onerror=alert(1)>",
    "https://example.org/a>\n\n<script>alert(1)</script>",
    "https://example.org/a b\tc\u200bd\x00e",
]


def bib_structure_ok(bib):
    """Braces balance (escaped ones aside) and nothing but \\url is a command."""
    plain = bib.replace(r"\{", "").replace(r"\}", "").replace(r"\%", "").replace(r"\#", "")
    depth = 0
    for ch in plain:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    commands = set(re.findall(r"\\([A-Za-z]+)", plain))
    return depth == 0 and commands <= {"url", "textbackslash", "textasciitilde", "textasciicircum"}


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_bibtex_url_cannot_break_out(url):
    bib = citations.bibtex(dict(QUOTE, url=url))
    assert bib_structure_ok(bib), bib
    assert bib.count("@article{") == 1 and "\\input" not in bib
    field = re.search(r"\n  url = \{(.*?)\},\n", bib).group(1)
    assert unquote(field) == url  # still the same address


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_bibtex_permalink_cannot_break_out_of_the_note(url):
    bib = citations.bibtex(dict(QUOTE, permalink=url))
    assert bib_structure_ok(bib), bib
    note = re.search(r"\(permalink: \\url\{(.*?)\}\)\}\n\}$", bib).group(1)
    assert unquote(note.replace(r"\%", "%").replace(r"\#", "#")) == url


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_markdown_url_cannot_break_out(url):
    md = citations.markdown(dict(QUOTE, url=url))
    destinations = re.findall(r"\]\(<([^<>]*)>\)", md)
    assert len(destinations) == 2  # the article and the permalink, each whole
    assert unquote(destinations[0]) == url
    assert "\n" not in md.split("\n")[-1] and md.count("\n") == 2  # no new block started
    outside = re.sub(r"\]\(<[^<>]*>\)", "](URL)", md)  # what is not inside a destination
    assert "<" not in outside.replace("> ", "").replace(">\n", "\n") and "javascript:" not in outside


def test_permalink_from_a_hostile_host_header_is_encoded_too():
    bib = citations.bibtex(dict(QUOTE, permalink="http://evil}/q/1"))
    assert r"\url{http://evil\%7D/q/1}" in bib and bib_structure_ok(bib)
    md = citations.markdown(dict(QUOTE, permalink="http://h/q/1>x"))
    assert "([permalink](<http://h/q/1%3Ex>))" in md


def test_ordinary_urls_are_unchanged():
    url = "https://example.com/news/syria?id=1&b=%20c#top"
    assert f"(<{url}>)" in citations.markdown(dict(QUOTE, url=url))
    assert f"url = {{{url}}}" in citations.bibtex(dict(QUOTE, url=url))
    assert r"\url{https://example.com/news/syria?id=1&b=\%20c\#top}" in citations.bibtex(dict(QUOTE, permalink=url))
