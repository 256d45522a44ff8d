"""HTML pages of different layouts: main text one paragraph per line, page metadata."""
from pathlib import Path

import pytest

from tracker.articles import Article, ReadError, read_html, read_paths

HTML = Path(__file__).resolve().parent / "data" / "readers" / "html"
FURNITURE = ("Home", "Related stories", "Markets rally", "Advertisement", "Cheap flights",
             "Most read", "Celebrity wedding", "Sponsored", "cookies", "All rights reserved",
             "Share this", "More from World News", "Trump names new envoy", "Also Read",
             "Oil prices dip", "ADVERTISEMENT", "Copyright", "Front page", "Read breaking news")


def read_one(name) -> Article:
    [article] = list(read_paths([HTML / name]))
    assert isinstance(article, Article), str(article)
    return article


def expected(name):
    return (HTML / name).with_suffix(".expected").read_text(encoding="utf-8").strip("\n").split("\n")


def assert_no_furniture(article):
    for line in article.text.split("\n"):
        for word in FURNITURE:
            assert not line.startswith(word) and word not in line, (word, line)


def test_opengraph_article_page():
    article = read_one("a_opengraph_article.html")
    assert article.text.split("\n") == expected("a_opengraph_article.html")
    assert article.title == "Syria rebels enter strategic city of Homs – war monitor"
    assert article.published == "2024-12-07"
    assert article.outlet == "Example News" and article.domain == "example.com"
    assert article.url == "https://www.example.com/world/2024/syria-rebels-enter-homs"
    assert article.author == "Agence France-Presse"
    assert "“Damascus awaits you,” he said on Telegram" in article.text
    assert_no_furniture(article)


def test_jsonld_page_with_div_paragraphs():
    article = read_one("b_jsonld_divs.html")
    assert article.text.split("\n") == expected("b_jsonld_divs.html")
    assert article.title == "Rebel forces begin to surround the Syrian capital Damascus"
    assert article.published == "2024-12-07"
    assert article.outlet == "Wire Daily"
    assert article.url == "https://wiredaily.example.org/news/rebels-surround-damascus"
    assert article.author == "Maya Gebeily"
    assert_no_furniture(article)


def test_old_cms_page_with_br_paragraphs_in_cp1252():
    article = read_one("c_oldcms_br_cp1252.html")
    lines = article.text.split("\n")
    # The dateline stays (nothing marks it as furniture); every paragraph follows, exactly.
    assert lines[0] == "Posted 12/07/2024"
    assert lines[1:] == expected("c_oldcms_br_cp1252.html")
    assert "“There is concern about the possibility of a battle occurring in Damascus.”" in lines
    assert article.title == "Damascus regime faces threat from Syrian insurgents at gates"  # no " :: site"
    assert article.published == "2024-12-07"
    assert article.url == "http://www.oldgazette.example.com/world/damascus-regime.html"
    assert article.domain == "oldgazette.example.com"
    assert_no_furniture(article)


def test_entities_blockquote_and_inline_markup():
    article = read_one("d_entities_blockquote.html")
    lines = article.text.split("\n")
    want = expected("d_entities_blockquote.html")
    # trafilatura drops this page's one sub-heading; every paragraph of text is kept, in order.
    assert lines == [line for line in want if line != "Here are other top updates"]
    assert "“THIS IS NOT OUR FIGHT”, said Trump on his Truth Social." in article.text
    assert "“might be the ‘Best Thing’ for Russia”" in article.text
    assert article.title == "Syrian rebels storm Homs, just 20 kms away from capital Damascus | Top updates"
    assert article.published == "2024-12-07"
    assert article.outlet == "Hindustan Times" and article.domain == "hindustantimes.com"
    assert article.url.startswith("https://www.hindustantimes.com/world-news/")
    assert_no_furniture(article)


def test_html_content_is_detected_whatever_the_extension(tmp_path):
    page = (HTML / "a_opengraph_article.html").read_bytes()
    (tmp_path / "saved-page.txt").write_bytes(page)
    (tmp_path / "noextension").write_bytes(page)
    items = list(read_paths([tmp_path]))
    assert len(items) == 2
    assert all(a.outlet == "Example News" and "<p>" not in a.text for a in items)


def test_paragraphs_and_quote_marks_survive_exactly():
    html = ("<html><head><title>T</title></head><body><article>"
            "<p>He said: &ldquo;We will not leave.</p>"
            "<p>&ldquo;Not today, not tomorrow,&rdquo; he added, &#8216;ever&#8217;.</p>"
            "<p>She replied, \"straight quotes\" and 'single ones' and «guillemets».</p>"
            "<p>Line one<br>line two</p>"
            "</article></body></html>")
    article = read_html(html, "api")
    assert article.text.split("\n") == [
        "He said: “We will not leave.",
        "“Not today, not tomorrow,” he added, ‘ever’.",
        "She replied, \"straight quotes\" and 'single ones' and «guillemets».",
        "Line one",
        "line two",
    ]


def test_meta_fills_what_the_page_lacks_and_fragments_are_read():
    article = read_html("<p>“Damascus awaits you,” he said.</p>", "feed#1",
                        url="https://www.example.com/a",
                        meta={"title": "Awaits", "published": "Sat, 07 Dec 2024 09:30:00 GMT",
                              "outlet": "Example News", "author": "AFP"})
    assert article.text == "“Damascus awaits you,” he said."
    assert (article.title, article.published, article.outlet, article.author, article.url) == (
        "Awaits", "2024-12-07T09:30:00+00:00", "Example News", "AFP", "https://www.example.com/a")


@pytest.mark.parametrize("html, problem", [
    ("", "empty HTML"),
    (None, "empty HTML"),
    ("<script>var x = 1;</script>", "no article text found in HTML"),
    ("<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>",
     "no article text found in HTML"),
])
def test_pages_without_text_are_errors(html, problem):
    err = read_html(html, "page.html")
    assert isinstance(err, ReadError) and str(err) == f"page.html: {problem}"


def test_broken_and_truncated_html_is_still_read():
    page = (HTML / "a_opengraph_article.html").read_text(encoding="utf-8")
    cut = page[: page.index("The capture of Homs") + 40]  # mid-paragraph, no closing tags
    article = read_html(cut, "cut.html")
    assert isinstance(article, Article)
    assert article.text.split("\n")[1] == "The defence ministry denied rebels had entered Homs, describing the situation there as “safe and stable.”"
    messy = "<div><p>Unclosed “quote <b>bold <i>both</p></div></span><p>Next paragraph here."
    assert isinstance(read_html(messy, "messy"), Article)
