"""RSS and Atom feed files: one article per entry, feed title as outlet, bad entries named."""
from pathlib import Path

from tracker.articles import Article, ReadError, read_feed, read_paths

FEEDS = Path(__file__).resolve().parent / "data" / "readers" / "feeds"


def split(items):
    return ([a for a in items if isinstance(a, Article)],
            [str(e) for e in items if isinstance(e, ReadError)])


def test_rss_entries_content_summary_and_missing_fields():
    path = FEEDS / "world.rss"
    articles, errors = split(list(read_paths([path])))
    assert [a.source for a in articles] == [f"{path}#1", f"{path}#2", f"{path}#4"]
    homs, jordan, erdogan = articles
    assert homs.title == "Syria rebels enter strategic city of Homs – war monitor"
    assert homs.url == "https://www.example.com/world/2024/syria-rebels-enter-homs"
    assert homs.published == "2024-12-07"
    assert homs.outlet == "Example News" and homs.author == "Agence France-Presse"
    lines = homs.text.split("\n")
    assert len(lines) == 4 and "Advertisement" not in homs.text
    assert lines[-1] == "“Damascus awaits you,” he said on Telegram, using his real name instead of his nom de guerre, Abu Mohammed al-Jolani."
    # Summary only, HTML-escaped, with entities for the quote marks
    assert jordan.text.split("\n") == [
        "Jordan has urged its citizens to leave neighbouring Syria “as soon as possible” as have Assad ally Russia and the United States.",
        "The army said it was “redeploying and repositioning” in Daraa."]
    assert jordan.published == "2024-12-07" and jordan.domain == "example.com"
    # No title, no link, no date: still an article
    assert erdogan.title is None and erdogan.url is None and erdogan.published is None
    assert erdogan.text.endswith("“is tired of war, blood and tears.”")
    assert errors == [f'{path}#3: entry "An item with nothing in it" has no content and no link']


def test_atom_html_xhtml_and_text_content():
    path = FEEDS / "wire.atom"
    articles, errors = split(list(read_paths([path])))
    assert len(articles) == 3 and all(a.outlet == "Wire Daily" for a in articles)
    jolani, army, plain = articles
    assert jolani.text.split("\n")[0].endswith("told his followers on Telegram: “Damascus is waiting for you.”")
    assert jolani.published == "2024-12-07" and jolani.author == "Maya Gebeily"
    assert army.text.split("\n")[1].startswith("“Our armed units are strengthening their lines")
    assert army.published == "2024-12-07"  # <updated> when <published> is missing
    assert plain.text == "President Assad’s office denied reports that he had fled Damascus."
    assert plain.published == "2024-12-06"
    assert errors == [f'{path}#4: entry "No content, link is not a URL" has no content and no link']


def test_truncated_feed_reads_what_parsed_and_says_so():
    path = FEEDS / "truncated.rss"
    articles, errors = split(list(read_paths([path])))
    assert len(articles) == 1 and articles[0].title.startswith("Syria rebels enter")
    assert len(errors) == 1 and errors[0].startswith(f"{path}: feed is not well-formed")


def test_things_that_are_not_feeds():
    [err] = read_feed(b'<?xml version="1.0"?><urlset><url><loc>https://x.org/</loc></url></urlset>', "sitemap.xml")
    assert str(err).startswith("sitemap.xml: not an RSS or Atom feed")
    [err] = read_feed(b'<rss version="2.0"><channel><title>Empty</title></channel></rss>', "empty.rss")
    assert str(err) == "empty.rss: feed has no entries"
    # A feed's bytes are never taken for a file name or a URL
    [err] = read_feed(str(FEEDS / "world.rss"), "name.rss")
    assert isinstance(err, ReadError)


def test_link_only_entries_are_not_fetched_without_a_fetcher():
    feed = b"""<rss version="2.0"><channel><title>T</title><item><title>Only a link</title>
        <link>https://example.com/story</link></item></channel></rss>"""
    [err] = read_feed(feed, "links.rss")
    assert str(err) == "links.rss#1: entry has no content (its link https://example.com/story was not fetched)"


RSS_AUTHORS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Ledger</title><link>https://ledger.example/</link>
<item><title>One</title><link>https://ledger.example/1</link>
  <author>news@ledger.example (Sam Ortiz)</author>
  <pubDate>Sat, 07 Dec 2024 23:30:00 -0500</pubDate>
  <description>\u201cWe are ready,\u201d said Mayor Ann Lee.</description></item>
<item><title>Two</title><link>https://ledger.example/2</link>
  <author>desk@ledger.example</author>
  <pubDate>2024-12-08T01:15:00Z</pubDate>
  <description>\u201cWe are ready,\u201d said Mayor Ann Lee.</description></item>
</channel></rss>"""

ATOM_AUTHORS = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id>
<updated>2024-12-07T00:00:00Z</updated>
<entry><title>Three</title><id>urn:3</id><link href="https://wire.example/3"/>
  <author><name>Sam Ortiz</name><email>sam@wire.example</email></author>
  <author><name>Ana de la Cruz</name></author>
  <updated>2024-12-07T10:00:00+02:00</updated>
  <content type="text">\u201cWe are ready,\u201d said Mayor Ann Lee.</content></entry>
</feed>"""


def test_feed_dates_are_iso_days_in_the_feeds_own_time_zone():
    one, two = split(list(read_feed(RSS_AUTHORS, "ledger.rss")))[0]
    assert one.published == "2024-12-07"  # 23:30 in New York, not the next day in UTC
    assert two.published == "2024-12-08"
    [three] = split(list(read_feed(ATOM_AUTHORS, "wire.atom")))[0]
    assert three.published == "2024-12-07"


def test_feed_authors_are_names_never_addresses():
    one, two = split(list(read_feed(RSS_AUTHORS, "ledger.rss")))[0]
    assert one.author == "Sam Ortiz"
    assert two.author is None  # an address alone names nobody
    [three] = split(list(read_feed(ATOM_AUTHORS, "wire.atom")))[0]
    assert three.author == "Sam Ortiz and Ana de la Cruz"
