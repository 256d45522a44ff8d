"""URLs and feeds fetched from a local HTTP server on 127.0.0.1 (never another host).

Loopback is refused by default (tests/test_hardening_fetch.py): these fetchers allow it."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tracker.articles import USER_AGENT, Article, Fetcher, ReadError, read_paths

DATA = Path(__file__).resolve().parent / "data" / "readers"
PAGE = (DATA / "html" / "a_opengraph_article.html").read_bytes()


def LOCAL(**kwargs):
    return Fetcher(allow_private=True, **kwargs)


def feed(base):
    """A feed served as text/html (content-type sniffing must see it is a feed)."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local Wire</title><link>{base}/</link>
<item><title>With content</title><link>{base}/with-content</link>
  <description>&lt;p&gt;&amp;ldquo;We are here,&amp;rdquo; the commander said.&lt;/p&gt;</description></item>
<item><title>Linked page</title><link>{base}/article.html</link>
  <pubDate>Sun, 08 Dec 2024 06:00:00 GMT</pubDate></item>
<item><title>Relative link</title><link>/article.html?relative</link></item>
<item><title>Gone</title><link>{base}/missing</link></item>
<item><title>Dead host</title><link>http://127.0.0.1:1/nowhere</link></item>
<item><title>Dead host again</title><link>http://127.0.0.1:1/elsewhere</link></item>
</channel></rss>""".encode()


class Handler(BaseHTTPRequestHandler):
    hits = {}
    agents = []

    def log_message(self, *args):
        pass

    def send(self, body, content_type, status=200, length=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        Handler.agents.append(self.headers.get("User-Agent"))
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/article.html":
            self.send(PAGE, "text/html; charset=utf-8")
        elif self.path == "/feed":
            self.send(feed(base), "text/html")
        elif self.path == "/atom":
            self.send((DATA / "feeds" / "wire.atom").read_bytes(), "application/atom+xml")
        elif self.path == "/plain":
            self.send("“Damascus awaits you,” he said.\nSecond paragraph.".encode("cp1252"),
                      "text/plain; charset=windows-1252")
        elif self.path == "/records":
            self.send((DATA / "records" / "list.json").read_bytes(), "application/json")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big":
            self.send(b"<p>" + b"x" * (6 * 2**20) + b"</p>", "text/html")
        elif self.path == "/big-no-length":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the cap is enforced while reading
            self.wfile.write(b"y" * 3000)
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send(b"late", "text/plain")
        elif self.path == "/pdf":
            self.send(b"%PDF-1.4\n...", "application/pdf")
        else:
            self.send(b"not here", "text/plain", status=404)


@pytest.fixture(scope="module")
def base():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_html_page_by_url(base):
    [article] = list(read_paths([f"{base}/article.html"], fetcher=LOCAL()))
    assert isinstance(article, Article), str(article)
    assert article.source == f"{base}/article.html"
    assert article.url == "https://www.example.com/world/2024/syria-rebels-enter-homs"  # canonical
    assert article.outlet == "Example News" and article.published == "2024-12-07"
    assert "“Damascus awaits you,” he said on Telegram" in article.text
    assert Handler.agents[-1] == USER_AGENT == "tracker/0.1 (+quote tracker)"


def test_redirect_text_json_and_atom_by_content_type(base):
    items = list(read_paths([f"{base}/redirect", f"{base}/plain", f"{base}/records", f"{base}/atom"], fetcher=LOCAL()))
    redirected, plain, *rest = items
    assert redirected.url == "https://www.example.com/world/2024/syria-rebels-enter-homs"
    assert plain.text == "“Damascus awaits you,” he said.\nSecond paragraph."
    assert plain.url == f"{base}/plain" and plain.domain == "127.0.0.1"
    records, atom = rest[:4], rest[4:]
    assert [type(r).__name__ for r in records] == ["Article", "Article", "ReadError", "ReadError"]
    assert str(records[2]).startswith(f"{base}/records[2]: ")
    assert [type(a).__name__ for a in atom] == ["Article", "Article", "Article", "ReadError"]
    assert atom[0].outlet == "Wire Daily"


def test_feed_served_as_html_with_linked_pages(base):
    Handler.hits.clear()
    items = list(read_paths([f"{base}/feed"], fetcher=LOCAL()))
    with_content, linked, relative, gone, dead, dead_again = items
    assert with_content.text == "“We are here,” the commander said."
    assert with_content.outlet == "Local Wire" and with_content.source == f"{base}/feed#1"
    # The linked page was fetched: the page's own metadata, the entry's title and date.
    assert isinstance(linked, Article) and linked.source == f"{base}/article.html"
    assert linked.outlet == "Example News" and linked.title == "Linked page"
    assert linked.published == "2024-12-08"  # feeds give ISO days (tracker/readers/feeds.py)
    assert "“Damascus awaits you,” he said on Telegram" in linked.text
    assert relative.source == f"{base}/article.html?relative"  # resolved against the feed's URL
    assert str(gone) == f"{base}/missing: HTTP 404 Not Found"
    assert str(dead).startswith("http://127.0.0.1:1/nowhere: cannot connect")
    # One try per URL, and a host that failed is not tried again in the same run.
    assert str(dead_again).startswith("http://127.0.0.1:1/elsewhere: skipped: 127.0.0.1:1 failed earlier")
    assert Handler.hits == {"/feed": 1, "/article.html": 1, "/article.html?relative": 1, "/missing": 1}


def test_size_cap_timeout_and_non_text(base):
    [big] = list(read_paths([f"{base}/big"], fetcher=LOCAL()))
    assert str(big) == f"{base}/big: too large (6 MB, limit 5 MB)"
    [capped] = list(read_paths([f"{base}/big-no-length"], fetcher=LOCAL(max_bytes=1000)))
    assert str(capped) == f"{base}/big-no-length: too large (over the 1000 bytes limit)"
    Handler.hits.clear()
    [slow] = list(read_paths([f"{base}/slow"], fetcher=LOCAL(timeout=0.3)))
    assert isinstance(slow, ReadError) and "timed out after 0.3 s" in str(slow)
    assert Handler.hits == {"/slow": 1}
    [pdf] = list(read_paths([f"{base}/pdf"], fetcher=LOCAL()))
    assert str(pdf) == f"{base}/pdf: not text: looks like a PDF document"


def test_unreachable_url_is_one_clear_line():
    [err] = list(read_paths(["http://127.0.0.1:1/x"], fetcher=LOCAL()))
    assert isinstance(err, ReadError)
    assert str(err).startswith("http://127.0.0.1:1/x: cannot connect (") and "\n" not in str(err)
