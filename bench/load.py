"""Load test of the one write path: API clients posting, a CLI ingest and readers at once.

A real `tracker serve` on a loopback port (its own process, the model loaded), CLIENTS threads
each POSTing POSTS distinct articles, a concurrent `tracker ingest` of CLI_ARTICLES files into
the same database, and READERS threads reading the API and Datasette meanwhile. Then every
article is checked in the database: none lost, none stored twice, every quote a POST answered
with stored. Prints errors, lost, duplicated and the POST latency percentiles.

    .venv/bin/python bench/load.py [--clients 8] [--posts 50] [--cli-articles 40] [--readers 4]
"""
import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "load-test-token"
SOURCES = sorted((ROOT / "tests" / "data").glob("dev_news_*.jsonl"))


def base_texts():
    """Real article texts with quotes in them (the written news sets)."""
    texts = []
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def article_text(texts, n):
    """A distinct article: a base text under a first line of its own."""
    return f"Report number {n} of the load test.\n\n{texts[n % len(texts)]}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {}
    if body is not None:
        body = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_for(port, deadline=120):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            if request(port, "GET", "/api/quotes?per_page=1")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not start")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--posts", type=int, default=50, help="POSTs per client")
    parser.add_argument("--cli-articles", type=int, default=40)
    parser.add_argument("--readers", type=int, default=4)
    args = parser.parse_args()
    texts = base_texts()
    tracker = str(Path(sys.executable).with_name("tracker"))
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "load.db"
        port = free_port()
        env = dict(os.environ, TRACKER_API_TOKEN=TOKEN)
        server = subprocess.Popen([tracker, "serve", "--db", str(db_path), "--port", str(port)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_for(port)
            cli_dir = Path(tmp) / "cli"
            cli_dir.mkdir()
            n_posts = args.clients * args.posts
            for k in range(args.cli_articles):
                (cli_dir / f"cli_{k:03d}.txt").write_text(article_text(texts, n_posts + k),
                                                          encoding="utf-8")
            errors, latencies, answered = [], [], {}
            lock = threading.Lock()
            stop_reading = threading.Event()

            def client(c):
                for i in range(args.posts):
                    n = c * args.posts + i
                    body = {"text": article_text(texts, n), "url": f"https://load.example/{n}",
                            "outlet": "Load Test Wire", "published": "2026-12-02"}
                    start = time.monotonic()
                    try:
                        status, data = request(port, "POST", "/api/articles", body)
                    except OSError as err:
                        status, data = None, str(err).encode()
                    elapsed = time.monotonic() - start
                    with lock:
                        latencies.append(elapsed)
                        if status in (200, 201):
                            reply = json.loads(data)
                            answered[reply["id"]] = len(reply["quotes"])
                        else:
                            errors.append(f"POST {n}: {status} {data[:200]!r}")

            reads = {"n": 0}

            def reader(r):
                paths = ["/api/quotes?q=said", "/quotes/quotes.json?_size=20", "/api/quotes?page=2"]
                while not stop_reading.is_set():
                    path = paths[reads["n"] % len(paths)]
                    try:
                        status, _ = request(port, "GET", path.replace("/quotes/", f"/{db_path.stem}/"))
                    except OSError as err:
                        status = str(err)
                    with lock:
                        reads["n"] += 1
                        if status != 200:
                            errors.append(f"GET {path}: {status}")
                    time.sleep(0.05)

            started = time.monotonic()
            readers = [threading.Thread(target=reader, args=(r,)) for r in range(args.readers)]
            clients = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
            for t in readers + clients:
                t.start()
            cli = subprocess.run([tracker, "ingest", str(cli_dir), "--db", str(db_path), "--silent"],
                                 capture_output=True, text=True)
            for t in clients:
                t.join()
            stop_reading.set()
            for t in readers:
                t.join()
            wall = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        if cli.returncode != 0:
            errors.append(f"tracker ingest exited {cli.returncode}: {cli.stderr.strip()[:300]}")
        db = sqlite_utils.Database(db_path)
        stored = {r["id"]: r["n"] for r in db.query(
            "select articles.id, count(quotes.id) as n from articles"
            " left join quotes on quotes.article_id = articles.id group by articles.id")}
        urls = [r["url"] for r in db.query("select url from articles where url is not null")]
        lost = [a for a in answered if a not in stored]
        wrong_quotes = [a for a, n in answered.items() if a in stored and stored[a] != n]
        duplicated = len(urls) - len(set(urls))
        cli_stored = db.execute("select count(*) from articles where source like ?",
                                [str(cli_dir) + "%"]).fetchone()[0]
        orphans = db.execute("select count(*) from quotes where utterance_id is null").fetchone()[0]
    print(f"{args.clients} clients x {args.posts} POSTs, tracker ingest of {args.cli_articles} "
          f"articles and {args.readers} readers at once, {wall:.0f} s")
    print(f"  POSTs answered 200/201: {len(answered)} of {n_posts}")
    print(f"  CLI articles stored: {cli_stored} of {args.cli_articles}")
    print(f"  reads: {reads['n']}")
    print(f"  errors: {len(errors)}")
    for message in errors[:10]:
        print(f"    {message}")
    print(f"  lost (answered but not stored): {len(lost)}; quote counts differing: {len(wrong_quotes)}")
    print(f"  duplicated articles: {duplicated}; quotes without an utterance: {orphans}")
    print(f"  POST latency p50 {percentile(latencies, 50):.2f} s, p95 {percentile(latencies, 95):.2f} s, "
          f"max {max(latencies):.2f} s")
    return 1 if errors or lost or wrong_quotes or duplicated or orphans else 0


if __name__ == "__main__":
    sys.exit(main())
