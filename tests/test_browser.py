"""What a reader sees, in a real headless Chromium: permalink, compare page, copy buttons.

Screenshots land in tests/screenshots/ (git-ignored) for a human look. Without a browser
these tests are skipped, except when CI is set: there they fail, so CI cannot pass without
running them.
"""
import json
import os
import shutil
import warnings
from importlib import metadata
from pathlib import Path

import pytest
import sqlite_utils

from test_server import TOKEN, a_quote, seeded_server, stop_all

SHOTS = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")


def find_chromium():
    """The chromium .ci/system-deps accepts: on PATH, else Debian's /usr/bin/chromium."""
    return shutil.which("chromium") or shutil.which("/usr/bin/chromium")


CHROMIUM = find_chromium()
NO_CHROMIUM = "no chromium on PATH or at /usr/bin/chromium (make test installs it as root: apt-get install chromium)"

pytestmark = pytest.mark.skipif(CHROMIUM is None and not IN_CI, reason=NO_CHROMIUM)


def missing(reason):
    """Skip with the reason, or fail when CI is set: a green CI must have run these tests."""
    if IN_CI:
        pytest.fail(f"{reason}; CI is set, so the browser tests must run", pytrace=False)
    pytest.skip(reason)


def built_for_chromium():
    """The Chromium version the installed Playwright was built for (its browsers.json)."""
    import playwright

    path = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    browsers = json.loads(path.read_text("utf-8"))["browsers"]
    return next(b["browserVersion"] for b in browsers if b["name"] == "chromium")


@pytest.fixture(scope="session", autouse=True)
def browser_installed():
    """Checked before the seeded server starts, so a missing browser costs nothing."""
    if CHROMIUM is None:
        missing(NO_CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("Playwright is not installed (make install-test)")


@pytest.fixture(scope="session")
def server():
    yield seeded_server()
    stop_all()


@pytest.fixture(scope="module")
def browser():
    """Module scope: while Playwright's sync API is open it holds an event loop on this
    thread, and other test modules' asyncio.run() calls would fail."""
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        wanted = built_for_chromium()
        if browser.version.split(".")[0] != wanted.split(".")[0]:
            warnings.warn(f"Playwright {metadata.version('playwright')} was built for Chromium {wanted}, "
                          f"{CHROMIUM} is {browser.version}: pin the Playwright release whose "
                          f"driver/package/browsers.json names Chromium {browser.version.split('.')[0]}")
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base)
    page = context.new_page()
    page.set_default_timeout(15000)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_permalink_page_and_copy_button(page, server):
    from playwright.sync_api import expect

    quote = a_quote(server, "Damascus is waiting")
    page.goto(f"{server.base}/q/{quote['id']}")
    assert page.locator(".quote-text").inner_text() == "\u201cDamascus is waiting for you.\u201d"
    speaker = page.locator(".attribution a.speaker")
    assert speaker.inner_text() == "Abu Mohammed al-Jolani"
    assert speaker.get_attribute("href") == f"/s/{quote['speaker_id']}"
    facts = page.locator("dl.facts").inner_text()
    for seen in ("told", "Telegram", "Reuters/AFP via news aggregator", "7 December 2024",
                 "Rebel forces begin to surround the Syrian capital Damascus"):
        assert seen in facts
    assert page.locator(".context mark").inner_text() == "Damascus is waiting for you."
    assert page.locator("button.copy").count() == 4
    shot(page, "permalink")

    bibtex = page.locator("#cite-bibtex").inner_text()
    page.locator('button[data-copy="cite-bibtex"]').click()
    # waited for from Python: a string wait_for_function is eval'd in the page, which the
    # pages' script policy (no 'unsafe-eval') refuses whenever it has to poll
    expect(page.locator('button[data-copy="cite-bibtex"]')).to_have_text("Copied")
    clipboard = page.evaluate("navigator.clipboard.readText()")
    assert clipboard == bibtex and clipboard.startswith("@article{")
    assert "Damascus is waiting for you." in clipboard

    page.locator('button[data-copy="cite-csl"]').click()
    # waited for from Python: a string wait_for_function is eval'd in the page, which the
    # pages' script policy (no 'unsafe-eval') refuses whenever it has to poll
    expect(page.locator('button[data-copy="cite-csl"]')).to_have_text("Copied")
    csl = json.loads(page.evaluate("navigator.clipboard.readText()"))
    assert csl[0]["type"] == "article-newspaper" and "Abu Mohammed al-Jolani" in csl[0]["note"]
    # the sharing metadata a link preview reads
    assert page.locator('meta[property="og:url"]').get_attribute("content") == f"{server.base}/q/{quote['id']}"
    quotation = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert quotation["@type"] == "Quotation" and quotation["text"] == "Damascus is waiting for you."


def test_compare_page_of_a_widely_quoted_utterance(page, server):
    db = sqlite_utils.Database(server.db_path)
    top = next(db.query("select utterance_id, n_quotes from widely_quoted limit 1"), None)
    db.close()
    assert top is not None, "no utterance of the seeds is carried by two outlets"
    page.goto(f"{server.base}/compare/{top['utterance_id']}")
    cards = page.locator("section.rendering")
    assert cards.count() == top["n_quotes"]
    assert page.locator("section.rendering.representative").count() == 1
    for i in range(cards.count()):
        card = cards.nth(i)
        assert card.locator(".outlet").inner_text()
        # the seed articles are four independent reports: no rendering is a wire copy
        assert card.locator(".badge").first.inner_text() == "Independent reporting"
    shot(page, "compare-widely-quoted")
    first = cards.nth(0).locator("a", has_text="Permalink")
    href = first.get_attribute("href")
    first.click()
    page.wait_for_url(f"**{href}")
    assert page.locator(".quote-text").is_visible()


def test_compare_page_of_jolanis_utterance(page, server):
    quote = a_quote(server, "Damascus is waiting")
    db = sqlite_utils.Database(server.db_path)
    texts = [r["text"] for r in db.query(
        "select text from quotes where utterance_id = ?", [quote["utterance_id"]])]
    db.close()
    # speaker resolution and clustering group the two renderings of Jolani's message
    assert any(t.startswith("Damascus awaits") for t in texts), texts
    page.goto(f"{server.base}/compare/{quote['utterance_id']}")
    cards = page.locator("section.rendering")
    assert cards.count() == 2
    outlets = {cards.nth(i).locator(".outlet").inner_text() for i in range(cards.count())}
    assert outlets == {"Reuters/AFP via news aggregator", "INQUIRER.net"}
    # the longer rendering is the representative; the other is marked against it
    representative = page.locator("section.rendering.representative blockquote").inner_text()
    assert " ".join(representative.split()) == "\u201cDamascus is waiting for you.\u201d"
    assert page.locator("section.rendering ins.changed", has_text="awaits").count() == 1
    assert page.locator("section.rendering del.was", has_text="is waiting for").count() == 1
    shot(page, "compare-jolani")


def test_a_quote_with_markup_renders_as_text(page, server):
    status, _, created = server.json("POST", "/api/articles", {
        "text": "\u201cNever <script>alert(1)</script> <b>again</b>,\u201d said Senator Ann Vale.",
        "outlet": "Markup Daily", "published": "2024-12-13"},
        {"Authorization": f"Bearer {TOKEN}"})
    assert status in (200, 201), created
    quote = created["quotes"][0]
    page.goto(f"{server.base}/q/{quote['id']}")
    assert "<script>alert(1)</script> <b>again</b>" in page.locator(".quote-text").inner_text()
    assert page.locator(".quote-text b").count() == 0
    page.goto(f"{server.base}/compare/{quote['utterance_id']}")
    assert "<script>" in page.locator("section.rendering blockquote").inner_text()
    assert page.dialogs == []  # no script ran


def test_speaker_page_from_a_datasette_speaker_cell(page, server):
    """Datasette's speakers-by-quotes list links each name to the speaker page, which lists
    aliases, outlets, quotes over time and each quote with its permalink and compare page."""
    page.goto(f"{server.base}/quotes/speakers_by_quotes")
    first = page.locator("table.rows-and-columns td.col-name a").first
    name = first.inner_text()
    shot(page, "datasette-speakers")
    first.click()
    page.wait_for_url("**/s/*")
    assert page.locator("h1").inner_text() == name
    assert page.locator("table.aliases tbody tr").count() >= 1
    assert page.locator("table.outlets tbody tr").count() >= 1
    assert page.locator("table.timeline tbody tr").count() >= 1
    quotes = page.locator("ol.speaker-quotes li")
    assert quotes.count() >= 2
    for i in range(quotes.count()):
        links = quotes.nth(i).locator("a")
        assert links.nth(0).get_attribute("href").startswith("/q/")
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    assert feed.endswith(".atom") and page.locator("a.button", has_text="Atom feed").get_attribute("href") == feed
    shot(page, "speaker")
    compare = page.locator("ol.speaker-quotes a", has_text="compare renderings").first
    href = compare.get_attribute("href")
    compare.click()
    page.wait_for_url(f"**{href}")
    assert page.locator("section.rendering").count() >= 1
    # the quote page's speaker link comes back to the speaker page
    page.locator("section.rendering a", has_text="Permalink").first.click()
    page.locator(".attribution a.speaker").click()
    page.wait_for_url("**/s/*")
    assert page.locator("h1").inner_text() == name


def test_datasette_home_and_quotes_table(page, server):
    page.goto(f"{server.base}/")
    text = page.locator("body").inner_text()
    assert "which keeps its rights to it" in text
    shot(page, "datasette-home")
    page.goto(f"{server.base}/quotes/quotes")
    # the rows sit right under the search box: no list of column descriptions above them
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "datasette-quotes-top.png"))  # what a visitor sees first
    assert not page.locator("dl.column-descriptions").is_visible()
    assert page.locator("table.rows-and-columns").bounding_box()["y"] < 900
    speaker_cell = page.locator("table.rows-and-columns td.col-speaker_id a").first
    assert speaker_cell.get_attribute("href").startswith("/s/")
    shot(page, "datasette-quotes")
