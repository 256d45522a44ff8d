"""Fetches refuse loopback, private, link-local, multicast and unspecified addresses unless
allowed (on every redirect too), and a fetch has a total deadline. Servers on 127.0.0.1 only."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tracker.articles import Article, Fetcher, ReadError, read_paths
from tracker.readers import fetch as fetch_module
from tracker.readers.fetch import address_problem

PAGE = ("<html><head><title>Local</title></head><body><article><p>“Nothing here should leave this"
        " machine,” the operator said in a long enough sentence.</p></article></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    hits = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Handler.hits.append(self.path)
        if self.path == "/page":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/drip":  # a byte at a time, for ever: each read is quick
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(100000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
        elif self.path == "/drip-head":  # the status line and headers, a byte at a time
            try:
                for byte in b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n" + b"X: y\r\n" * 10000:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture(scope="module")
def base():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_addresses_that_are_refused_and_allowed():
    refused = ["127.0.0.1", "127.8.9.10", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1",
               "169.254.169.254", "fe80::1", "fc00::1", "fd12::1", "224.0.0.1", "239.1.2.3",
               "ff02::1", "0.0.0.0", "::", "100.64.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
               "2002:7f00:1::1", "2002:a00:1::1", "240.0.0.1", "198.18.0.1"]
    for address in refused:
        assert address_problem(address), address
    for address in ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::200e"]:
        assert address_problem(address) is None, address
    assert address_problem("127.0.0.1") == "a loopback address"
    assert address_problem("10.0.0.1") == "a private address"
    assert address_problem("169.254.169.254") == "a link-local address"
    assert address_problem("224.0.0.1") == "a multicast address"
    assert address_problem("0.0.0.0") == "an unspecified address"


def test_loopback_is_refused_by_default_and_never_contacted(base):
    Handler.hits.clear()
    [err] = list(read_paths([f"{base}/page"]))
    assert isinstance(err, ReadError)
    host = base.split("//")[1]
    assert str(err) == (f"{base}/page: refused: {host.split(':')[0]} is a loopback address; "
                        "use --allow-private-urls to fetch it")
    assert Handler.hits == []
    [article] = list(read_paths([f"{base}/page"], fetcher=Fetcher(allow_private=True)))
    assert isinstance(article, Article) and Handler.hits == ["/page"]


def test_a_name_that_resolves_to_loopback_is_refused(base):
    port = base.rsplit(":", 1)[1]
    [err] = list(read_paths([f"http://localhost:{port}/page"]))
    assert "refused: localhost (" in str(err) and "loopback address" in str(err)


def test_feed_entries_linking_to_private_addresses_are_not_fetched(tmp_path, base):
    Handler.hits.clear()
    feed = tmp_path / "links.rss"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Local</title><link>{base}/page</link></item>
<item><title>Metadata</title><link>http://169.254.169.254/latest/meta-data/</link></item>
<item><title>Intranet</title><link>http://10.0.0.7/admin</link></item>
</channel></rss>""", encoding="utf-8")
    items = list(read_paths([feed]))
    assert [type(i).__name__ for i in items] == ["ReadError"] * 3
    assert "is a loopback address" in str(items[0])
    assert str(items[1]) == ("http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is a "
                             "link-local address; use --allow-private-urls to fetch it")
    assert "10.0.0.7 is a private address" in str(items[2])
    assert Handler.hits == []


def test_each_redirect_is_checked_again(base, monkeypatch):
    """The first server is allowed (as a public one would be); its redirect to another
    loopback address is refused before any connection to it."""
    real = address_problem
    monkeypatch.setattr(fetch_module, "address_problem", lambda a: None if a == "127.0.0.1" else real(a))
    Handler.hits.clear()
    port = base.rsplit(":", 1)[1]
    [err] = list(read_paths([f"{base}/redirect?to=http://127.0.0.2:{port}/page"]))
    assert str(err).endswith("refused: 127.0.0.2 is a loopback address; use --allow-private-urls to fetch it")
    assert Handler.hits == [f"/redirect?to=http://127.0.0.2:{port}/page"]
    [ok] = list(read_paths([f"{base}/redirect?to=/page"]))  # a redirect to an allowed address
    assert isinstance(ok, Article)


def test_redirects_to_other_schemes_go_nowhere(base):
    for target in ("file:///etc/passwd", "ftp://127.0.0.1/x"):
        [err] = list(read_paths([f"{base}/redirect?to={target}"], fetcher=Fetcher(allow_private=True)))
        assert isinstance(err, ReadError) and "\n" not in str(err)
        assert "root:" not in str(err)


@pytest.mark.parametrize("path", ["/drip", "/drip-head"])
def test_a_server_that_drips_fails_at_the_total_deadline(base, path):
    """Each read gets a byte well within the 5 s timeout; the fetch as a whole may not."""
    fetcher = Fetcher(allow_private=True, timeout=5, deadline=1)
    [err] = list(read_paths([f"{base}{path}"], fetcher=fetcher))
    assert isinstance(err, ReadError)
    assert str(err) == f"{base}{path}: took longer than the 1 s limit for one fetch"


def test_tracker_ingest_refuses_loopback_unless_allowed(base, tmp_path, fake_extractor, monkeypatch):
    from click.testing import CliRunner

    from tracker import cli as cli_module

    monkeypatch.setattr(cli_module, "_load_model", lambda: None)  # the fake extractor needs none
    runner = CliRunner()
    db = tmp_path / "quotes.db"
    refused = runner.invoke(cli_module.cli, ["ingest", f"{base}/page", "--db", str(db), "--silent"])
    assert refused.exit_code == 1
    assert "is a loopback address; use --allow-private-urls to fetch it" in refused.stderr
    allowed = runner.invoke(cli_module.cli, ["ingest", f"{base}/page", "--db", str(db), "--silent",
                                             "--allow-private-urls"])
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stdout.startswith("Ingested 1 article: 1 new")
