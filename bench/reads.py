"""Reads at scale: the Datasette pages and the tracker's read routes over a million quotes.

Builds (once, cached) a synthetic database in the project's own schema (store.open_db):
1,000,000 quotes in 100,000 articles by 20,000 speakers (Zipf-like: the busiest speaker has
under 2% of the quotes), 400 outlets, five years of dates, realistic text lengths (a quote of
3 to 40 words inside an article of a few paragraphs), utterances carried by several outlets,
speaker aliases with their rules, full-text search populated. Then it starts the real server
(`tracker serve --db FILE --port P`, its own process) and times repeated requests (round
robin over the endpoints, after a warm-up) of the Datasette quotes page with its default
facets, full-text search (?_search= on the quotes table, answered by the tracker's search page
at that URL, publish/search.py; Datasette's own table view of it beside), one speaker's quotes, every /api/quotes variant, /api/speakers,
/api/utterances, /q/<id> and /compare/<id>; and plain Datasette (`datasette FILE`, default
settings) on the same file beside it. Prints p50/p95 per endpoint and merges the figures
into bench/results.json.

    .venv/bin/python bench/reads.py [--db /tmp/tracker-reads/quotes.db] [--runs 30]
                                    [--label after] [--rebuild] [--quotes 1000000]

Timings are wall-clock on a shared machine: compare figures measured in one run.
"""
import argparse
import bisect
import datetime
import hashlib
import http.client
import itertools
import json
import math
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from tracker import store  # noqa: E402
from tracker.text import slug  # noqa: E402

GENERATOR_VERSION = 1
RESULTS = ROOT / "bench" / "results.json"
GOALS_MS = {"datasette_table": 200, "datasette_fts": 150, "datasette_speaker": 100, "api": 100}

# --- the synthetic corpus ------------------------------------------------------------------

COMMON = (
    "the to of and a in we will is that for not it be our this are with on have they as "
    "said all by at people there from has an was what would more no one who their will can "
    "do about been if time must now were us so its very any government country which should "
    "new war also other after today these them only peace over against support year security "
    "forces city against because back need when like than continue region talks minister "
    "state help many years good right just some every first those work up out want make "
    "military around days into while could well place political aid attack future children "
    "border situation national power process election economy international local army"
).split()
# Topical words placed at known ranks, so a search term hits a known share of the quotes.
TOPICAL = {150: "damascus", 400: "ceasefire", 1500: "harvest", 6000: "lighthouse"}
SYLLABLES = ("ka ri to mel an sa vo li de ra ne po lu mi ta ze ko ba gri sha fe nu do "
             "ver ost lin mar tel bor gan kis tur vel han").split()
FIRST = ("Sergei Maria John Ahmed Olga Pierre Anna Mohammed Li Yusuf Elena David Fatima "
         "Hassan Irina Carlos Sofia Omar Jane Peter Aisha Ivan Laura Ali Nadia Pavel Grace "
         "Tomas Leila Viktor Sarah Karim Ingrid Mehmet Rosa Dmitri Amal Lucas Hana Igor Zainab "
         "Marco Yelena Samir Clara Jonas Rania Boris Emma Tariq").split()
ROLES = ("Foreign Minister", "President", "Prime Minister", "spokesperson", "Mayor",
         "Defence Minister", "General", "Senator", "envoy", "commander")
CUES = ["said"] * 12 + ["told"] * 3 + ["wrote", "posted", "according to", "added", "warned"]
CHANNELS = [None] * 17 + ["Telegram", "state television", "a press conference"]

# The busiest speakers, named as in the seeds, with the spellings outlets use.
STARS = [
    ("s-sergei-lavrov", "Sergei Lavrov", [("Sergey Lavrov", "transliteration"),
                                          ("Lavrov", "surname"),
                                          ("Russian Foreign Minister Sergei Lavrov", "mention")]),
    ("s-abu-mohammed-al-jolani", "Abu Mohammed al-Jolani",
     [("Abu Mohammed al-Golani", "transliteration"), ("Jolani", "surname"),
      ("Golani", "surname")]),
]


def zipf_cum(n, s):
    """Cumulative weights of ranks 1..n under p(k) ~ 1 / k^s."""
    return list(itertools.accumulate(1.0 / (k ** s) for k in range(1, n + 1)))


class Words:
    """A vocabulary with Zipf-like frequencies: common English words first, pseudo-words
    after them, a few topical words at known ranks. Texts are windows of one long stream
    drawn once (drawing each word apart is what made building slow)."""

    def __init__(self, rng, size=30000, stream=3_000_000):
        seen = set(COMMON)
        words = list(dict.fromkeys(COMMON))
        while len(words) < size:
            w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                words.append(w)
        for rank, word in TOPICAL.items():
            words.insert(rank, word)
        self.words = words[:size]
        self.stream = rng.choices(self.words, cum_weights=zipf_cum(len(self.words), 1.0),
                                  k=stream)
        self.rng = rng

    def text(self, n):
        i = self.rng.randrange(len(self.stream) - n)
        return " ".join(self.stream[i:i + n]).capitalize()


def surname(rng):
    s = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return s.capitalize() + rng.choice(["", "ov", "ski", "i", "er", "an", "ez"])


def make_speakers(rng, n):
    """(speaker rows, alias rows): stars first, then people (some surnames shared),
    organisations and anonymous sources."""
    speakers, aliases, ids = [], [], set()
    for sid, name, extra in STARS:
        speakers.append({"id": sid, "name": name, "kind": "person", "description": None,
                         "scope": None})
        aliases.append({"alias": name, "speaker_id": sid, "rule": "new"})
        aliases.extend({"alias": a, "speaker_id": sid, "rule": r} for a, r in extra)
        ids.add(sid)
    surnames = [surname(rng) for _ in range(int(n * 0.8))]
    while len(speakers) < n:
        roll = rng.random()
        if roll < 0.85:
            kind = "person"
            last = rng.choice(surnames)  # some surnames fall to two or more people
            name = f"{rng.choice(FIRST)} {last}"
        elif roll < 0.95:
            kind = "organization"
            name = f"{surname(rng)} {rng.choice(['Ministry', 'Army', 'Council', 'Party', 'Agency'])}"
        else:
            kind = "anonymous"
            name = f"{rng.choice(['a', 'an official', 'a senior'])} {rng.choice(ROLES)} source"
        sid = "s-" + slug(name)
        if kind == "anonymous":
            sid = f"s-anon-{len(speakers)}-{slug(name)}"
        if sid in ids:
            continue
        ids.add(sid)
        role = rng.choice(ROLES) if kind == "person" and rng.random() < 0.6 else None
        speakers.append({"id": sid, "name": name, "kind": kind, "description": role,
                         "scope": f"a{len(speakers):015x}" if kind == "anonymous" else None})
        aliases.append({"alias": name, "speaker_id": sid, "rule": "new"})
        if kind == "person":
            last = name.split()[-1]
            if rng.random() < 0.5:
                aliases.append({"alias": last, "speaker_id": sid, "rule": "surname"})
            if role:
                aliases.append({"alias": f"{role} {name}", "speaker_id": sid, "rule": "mention"})
            if rng.random() < 0.2:
                variant = name.replace("i", "y", 1) if "i" in name else name + "e"
                aliases.append({"alias": variant, "speaker_id": sid, "rule": "transliteration"})
    return speakers, aliases


def mention_of(rng, speaker, aliases_of):
    forms = aliases_of[speaker["id"]]
    return rng.choice(forms)


def build(path, n_quotes, n_articles, n_speakers, seed=7):
    """Write the synthetic database at path (the project's schema, FTS populated)."""
    started = time.monotonic()
    rng = random.Random(seed)
    words = Words(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store.open_db(path).close()  # the project's shape: tables, indexes, FTS, views, migrations

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("pragma journal_mode = delete")
    conn.execute("pragma synchronous = off")
    conn.execute("pragma cache_size = -400000")
    # bulk load without FTS triggers and secondary indexes; store.open_db makes them again
    fts_tables = [t for t in store.FTS_CONFIG]
    for table in fts_tables:
        for suffix in ("_ai", "_ad", "_au"):
            conn.execute(f"drop trigger if exists [{table}{suffix}]")
        conn.execute(f"drop table if exists [{table}_fts]")
    for (name,) in conn.execute("select name from sqlite_master where type = 'index'"
                                " and sql is not null").fetchall():
        conn.execute(f"drop index [{name}]")

    columns = {t: list(spec["columns"]) for t, spec in store.TABLES.items()}

    def insert(table, rows):
        cols = columns[table]
        sql = "insert into [{}] ({}) values ({})".format(
            table, ", ".join(f"[{c}]" for c in cols), ", ".join("?" for _ in cols))
        conn.executemany(sql, ([row.get(c) for c in cols] for row in rows))

    conn.execute("begin")
    speakers, aliases = make_speakers(rng, n_speakers)
    rest = speakers[len(STARS):]
    rng.shuffle(rest)  # popularity rank is not creation order
    speakers[len(STARS):] = rest
    aliases_of = {}
    for a in aliases:
        aliases_of.setdefault(a["speaker_id"], []).append(a["alias"])
    kinds = {s["id"]: s["kind"] for s in speakers}
    if "key" in columns["speaker_aliases"]:  # the search fields store writes with an alias
        aliases = [dict(a, **store.alias_search_fields(a["alias"], kinds[a["speaker_id"]]))
                   for a in aliases]
    insert("speakers", speakers)
    insert("speaker_aliases", aliases)
    names_of = {}
    if "speaker_names" in columns["quotes"]:  # the names store writes with each quote
        names_of = store.speaker_names(sqlite_utils.Database(conn), list(kinds))

    outlets = []
    for i in range(400):
        name = f"{surname(rng)} {rng.choice(['Times', 'Post', 'News', 'Herald', 'Daily', 'Wire'])}"
        outlets.append({"id": f"{slug(name)}-{i}", "name": name,
                        "domain": f"{slug(name)}-{i}.example.org"})
    insert("outlets", outlets)
    outlet_cum = zipf_cum(len(outlets), 1.0)
    people = [s for s in speakers if s["kind"] != "anonymous"]
    speaker_cum = zipf_cum(len(people), 0.7)

    first_day = datetime.date(2021, 1, 1)
    days = 5 * 365
    # quotes per article: exponential around the mean, at least one, summing to n_quotes
    mean = n_quotes / n_articles
    counts = [int(rng.expovariate(1 / max(mean - 0.5, 0.5))) + 1 for _ in range(n_articles)]
    diff = n_quotes - sum(counts)
    while diff:
        i = rng.randrange(n_articles)
        if diff > 0 or counts[i] > 1:
            counts[i] += 1 if diff > 0 else -1
            diff += -1 if diff > 0 else 1
    recent = {}  # speaker id -> [(utterance id, text)] of their latest statements
    utterances = {}
    quote_rows, article_rows = [], []
    made = 0
    for n in range(n_articles):
        k = counts[n]
        day = first_day + datetime.timedelta(days=n * days // n_articles)
        outlet = rng.choices(outlets, cum_weights=outlet_cum)[0]
        url = f"https://{outlet['domain']}/{day.isoformat()}/story-{n}"
        article_id = "a" + hashlib.sha1(url.encode()).hexdigest()[:15]
        cast = rng.choices(people, cum_weights=speaker_cum, k=rng.randint(1, 4))
        paragraphs = []
        for _ in range(rng.randint(2, 5)):
            paragraphs.append(words.text(rng.randint(15, 45)) + ".")
        offset = sum(len(p) + 1 for p in paragraphs)
        for j in range(k):
            sp = rng.choice(cast)
            if rng.random() < 0.03:
                sp = None  # unattributed
            kind = "fragment" if rng.random() < 0.25 else "full"
            earlier = recent.get(sp["id"]) if sp else None
            if sp and earlier and rng.random() < 0.35:
                uid, text = rng.choice(earlier)  # another outlet's rendering
                if rng.random() < 0.5:
                    text = text.replace(" the ", " a ", 1)
            else:
                uid = None
                text = words.text(rng.randint(3, 8) if kind == "fragment" else rng.randint(8, 40))
                text += "," if kind == "full" else ""
            mention = mention_of(rng, sp, aliases_of) if sp else None
            cue = rng.choice(CUES)
            lead = f"{words.text(rng.randint(4, 12))} \u201c"
            tail = f"\u201d {mention or 'a witness'} {cue}."
            para = lead + text + tail
            start = offset + len(lead)
            end = start + len(text)
            qid = store.quote_id(article_id, start, end, text)
            if uid is None:
                uid = "u" + hashlib.sha1(qid.encode()).hexdigest()[:12]
                if sp:
                    bucket = recent.setdefault(sp["id"], [])
                    bucket.append((uid, text))
                    if len(bucket) > 8:
                        bucket.pop(0)
                utterances[uid] = {"id": uid, "speaker_id": sp["id"] if sp else None,
                                   "text": text, "n_quotes": 0, "outlets": set()}
            u = utterances[uid]
            u["n_quotes"] += 1
            u["outlets"].add(outlet["id"])
            quote_rows.append({
                "id": qid, "text": text, "speaker_id": sp["id"] if sp else None,
                "speaker_mention": mention, "cue": cue, "channel": rng.choice(CHANNELS),
                "kind": kind, "outlet_id": outlet["id"], "published": day.isoformat(),
                "article_id": article_id, "utterance_id": uid, "start": start, "end": end,
                "paragraph_start": offset, "paragraph_end": offset + len(para),
                "speaker_names": names_of.get(sp["id"]) if sp else None,
            })
            paragraphs.append(para)
            offset += len(para) + 1
        made += k
        text = "\n".join(paragraphs)
        article_rows.append({
            "id": article_id, "title": words.text(rng.randint(5, 12)), "outlet_id": outlet["id"],
            "published": day.isoformat(), "author": f"{rng.choice(FIRST)} {surname(rng)}",
            "url": url, "source": url, "content_hash": hashlib.sha256(text.encode()).hexdigest(),
            "text": text,
        })
        if len(quote_rows) >= 50_000:
            insert("quotes", quote_rows)
            insert("articles", article_rows)
            quote_rows, article_rows = [], []
            print(f"\r  {made:,} quotes, {n + 1:,} articles", end="", file=sys.stderr, flush=True)
    insert("quotes", quote_rows)
    insert("articles", article_rows)
    insert("utterances", ({"id": u["id"], "speaker_id": u["speaker_id"], "text": u["text"],
                           "n_quotes": u["n_quotes"], "n_outlets": len(u["outlets"])}
                          for u in utterances.values()))
    conn.execute("commit")
    print(f"\r  {made:,} quotes, {n_articles:,} articles, {len(utterances):,} utterances,"
          f" {len(speakers):,} speakers ({time.monotonic() - started:.0f} s); indexing",
          file=sys.stderr)
    conn.close()
    store.open_db(path).close()  # indexes, FTS (populated once) and triggers back
    conn = sqlite3.connect(path)
    conn.execute("pragma journal_mode = wal")
    conn.close()
    print(f"  built {path} in {time.monotonic() - started:.0f} s", file=sys.stderr)


# Migrations that fill an index from the stored rows, with the table they fill and the
# one they read: build() loads rows in bulk after the migrations ran on the empty file.
BACKFILLS = [(6, "speaker_keys", "speakers"), (7, "quote_stems", "quotes")]


def unindexed_backfills(path):
    """Mark undone the backfill migrations whose index is empty beside stored rows, so the
    next store.open_db fills it (bench/scaling.py: the speaker registry and utterance
    grouping then look up real candidates at scale, as on an archive that grew by ingest;
    the reads do not need them)."""
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        for version, index, source in BACKFILLS:
            if {index, source, "migrations"} <= tables \
                    and not conn.execute(f"select 1 from [{index}] limit 1").fetchone() \
                    and conn.execute(f"select 1 from [{source}] limit 1").fetchone():
                conn.execute("delete from migrations where version = ?", [version])
        conn.commit()
    finally:
        conn.close()


def fill_syndication_index(path):
    """Sketch every article into the syndication index, as ingest would have: the rows are
    written straight to the tables, and a look-up in an empty index would cost nothing.

    In bulk: every sketch appended to a scratch table, then the first POSTING_CAP articles
    of each hash (in the order the articles were stored, as ingest keeps them) copied over
    in hash order; inserting row by row at random places in a large index is far slower.
    """
    if "syndication_shingles" not in store.TABLES:
        return
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        filled = conn.execute("select 1 from syndication_shingles limit 1").fetchone()
        if filled or not conn.execute("select 1 from articles limit 1").fetchone():
            return
        from tracker import syndication

        started = time.monotonic()
        conn.execute("pragma cache_size = -400000")
        conn.execute("pragma temp_store = file")
        conn.execute("begin")
        conn.execute("create temp table sketches (hash integer, article_id text)")
        for n, (article_id, text) in enumerate(conn.execute(
                "select id, text from articles order by rowid").fetchall(), 1):
            sample = syndication.sketch(syndication.hashes(syndication.shingles(text or "")))
            conn.executemany("insert into sketches values (?, ?)", ((h, article_id) for h in sample))
            if n % 10_000 == 0:
                print(f"\r  syndication index: {n:,} articles", end="", file=sys.stderr, flush=True)
        conn.execute(
            "insert or ignore into syndication_shingles (hash, article_id)"
            " select hash, article_id from (select hash, article_id, row_number() over"
            " (partition by hash order by rowid) as n from sketches) where n <= ? order by hash",
            [syndication.POSTING_CAP])
        conn.execute("drop table sketches")
        conn.execute("commit")
        print(f"\r  syndication index filled in {time.monotonic() - started:.0f} s", file=sys.stderr)
    finally:
        conn.close()


def params_of(args):
    return {"generator": GENERATOR_VERSION, "quotes": args.quotes, "articles": args.articles,
            "speakers": args.speakers}


def ensure_db(args):
    path = Path(args.db)
    stamp = Path(str(path) + ".params.json")
    wanted = params_of(args)
    if not args.rebuild and path.exists() and stamp.exists() \
            and json.loads(stamp.read_text()) == wanted:
        print(f"  using the cached {path}", file=sys.stderr)
    else:
        build(path, args.quotes, args.articles, args.speakers)
        stamp.write_text(json.dumps(wanted))
    started = time.monotonic()
    store.open_db(path).close()  # brings a cached file to the current schema (migrations)
    fill_syndication_index(path)
    shaped = time.monotonic() - started
    if shaped > 1:
        print(f"  schema brought up to date in {shaped:.0f} s", file=sys.stderr)
    return path


# --- measuring -----------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, (time.perf_counter() - started) * 1000, body
    finally:
        conn.close()


def start(cmd, port, log_path):
    """Start a server and wait until it answers; its stderr goes to log_path."""
    env = dict(os.environ)
    env.pop("TRACKER_API_TOKEN", None)
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{cmd[0]} exited: {Path(log_path).read_text()[-2000:]}")
        try:
            if get(port, "/-/versions.json")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"{cmd} did not start in 300 s")


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def measure(port, endpoints, runs, warmup=3):
    """{name: {p50, p95, max, n, statuses}}: round robin over the endpoints, so a burst of
    load from elsewhere on the machine spreads over all of them."""
    for _ in range(warmup):
        for name, path in endpoints.items():
            get(port, path)
    times = {name: [] for name in endpoints}
    statuses = {name: set() for name in endpoints}
    for _ in range(runs):
        for name, path in endpoints.items():
            status, ms, _ = get(port, path)
            times[name].append(ms)
            statuses[name].add(status)
    return {name: {"path": endpoints[name], "p50_ms": round(percentile(t, 50), 1),
                   "p95_ms": round(percentile(t, 95), 1), "max_ms": round(max(t), 1),
                   "n": len(t), "status": sorted(statuses[name])}
            for name, t in times.items()}


def samples(path):
    """Ids and names the requests use: the busiest speaker, a middling one, a quote of an
    utterance several outlets carried, a busy outlet."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    one = lambda sql, *p: conn.execute(sql, p).fetchone()  # noqa: E731
    top = one("select speaker_id, count(*) n from quotes where speaker_id is not null"
              " group by speaker_id order by n desc limit 1")
    total = one("select count(*) from quotes")[0]
    mid = one("select speaker_id from (select speaker_id, count(*) n from quotes"
              " where speaker_id is not null group by speaker_id) where n between 40 and 60"
              " order by speaker_id limit 1")
    top_name = one("select name from speakers where id = ?", top["speaker_id"])["name"]
    utt = one("select id from utterances where n_outlets >= 3 order by id limit 1")["id"]
    quote = one("select id from quotes where utterance_id = ? order by id limit 1", utt)["id"]
    outlet = one("select id, name from outlets order by (select count(*) from articles"
                 " where outlet_id = outlets.id) desc limit 1")
    conn.close()
    return {"top": top["speaker_id"], "top_share": top["n"] / total, "top_name": top_name,
            "mid": mid["speaker_id"], "utterance": utt, "quote": quote,
            "outlet": outlet["id"], "outlet_name": outlet["name"], "total": total}


# `datasette FILE` with default settings and no plugins: the tracker's entry-point plugin
# cannot load into a bare `datasette` (tracker.publish imports datasette.app while
# datasette.app is loading its plugins), and the anchor should be Datasette alone anyway.
PLAIN_DATASETTE = ("import sys; sys._called_from_test = True; sys.argv[0] = 'datasette';"
                   " from datasette.cli import cli; cli()")


def tracker_endpoints(db, s):
    q = urllib.parse.quote
    star_surname = s["top_name"].split()[-1]
    return {
        "datasette_table": f"/{db}/quotes",
        "datasette_fts": f"/{db}/quotes?_search=damascus",
        "datasette_fts_speaker": f"/{db}/quotes?_search={q(star_surname)}",
        "datasette_fts_rare": f"/{db}/quotes?_search=lighthouse",
        "datasette_speaker": f"/{db}/quotes?speaker_id={q(s['top'])}",
        "datasette_speaker_mid": f"/{db}/quotes?speaker_id={q(s['mid'])}",
        # the same search on Datasette's own table view (any argument besides _search keeps
        # it; publish/search.py answers a plain ?_search=)
        "tableview_fts": f"/{db}/quotes?_search=damascus&_searchmode=escaped",
        # the same three pages as JSON: what the queries cost without the HTML
        "json_datasette_table": f"/{db}/quotes.json",
        "json_datasette_fts": f"/{db}/quotes.json?_search=damascus",
        "json_datasette_speaker": f"/{db}/quotes.json?speaker_id={q(s['top'])}",
        "api_quotes": "/api/quotes",
        "api_speaker_id": f"/api/quotes?speaker={q(s['top'])}",
        "api_speaker_name": f"/api/quotes?speaker={q(s['top_name'])}",
        "api_speaker_variant": "/api/quotes?speaker=" + q("Sergey Lavrov"),
        "api_speaker_surname": f"/api/quotes?speaker={q(star_surname)}",
        "api_speaker_mid": f"/api/quotes?speaker={q(s['mid'])}",
        "api_q": "/api/quotes?q=damascus",
        "api_q_speaker": f"/api/quotes?q=ceasefire&speaker={q(s['top'])}",
        "api_outlet_id": f"/api/quotes?outlet={q(s['outlet'])}",
        "api_outlet_name": f"/api/quotes?outlet={q(s['outlet_name'])}",
        "api_since": "/api/quotes?since=2025-06-01",
        "api_since_until": "/api/quotes?since=2023-01-01&until=2023-01-31",
        "api_page_100": "/api/quotes?page=100",
        "api_speaker_page": f"/api/speakers/{q(s['top'])}",
        "api_utterance": f"/api/utterances/{q(s['utterance'])}",
        "permalink": f"/q/{s['quote']}",
        "compare": f"/compare/{s['utterance']}",
    }


def plain_endpoints(db, s):
    return {
        "plain_datasette_table": f"/{db}/quotes",
        "plain_datasette_fts": f"/{db}/quotes?_search=damascus",
        "plain_datasette_speaker": f"/{db}/quotes?speaker_id={urllib.parse.quote(s['top'])}",
    }


def selected(endpoints, only):
    prefixes = [p for p in only.split(",") if p]
    return {k: v for k, v in endpoints.items()
            if not prefixes or any(k.startswith(p) for p in prefixes)}


def facet_report(port, path):
    """Which default facets the page showed and which timed out (a page made fast by facets
    that gave up would not be a fast page): the JSON lists the facets, the HTML the ones
    that timed out."""
    json_path = path.replace("/quotes?", "/quotes.json?", 1) if "?" in path else path + ".json"
    status, _, body = get(port, json_path)
    if status != 200:
        return {"status": status}
    data = json.loads(body)
    _, _, page = get(port, path)
    marker = b"These facets timed out: "
    timed_out = []
    if marker in page:
        line = page.split(marker, 1)[1].split(b"<", 1)[0].decode()
        timed_out = [f.strip() for f in line.split(",")]
    if b"tracker-search" in page:  # the tracker's search page (publish/search.py) shows its own
        return {"page": "tracker search",
                "facets": sorted(f.decode() for f in re.findall(rb'data-column="(\w+)"', page)),
                "not_counted": b"Facets (speaker, outlet, date) are counted" in page,
                "count": data.get("filtered_table_rows_count")}
    return {"facets": sorted(data.get("facet_results", {})), "timed_out": timed_out,
            "count": data.get("filtered_table_rows_count")}


def goal_of(name):
    if name.startswith("api_") or name in ("permalink", "compare"):
        return GOALS_MS["api"]
    for key in ("datasette_table", "datasette_fts", "datasette_speaker"):
        if name.startswith(key):
            return GOALS_MS[key]
    return None


def print_table(label, results, facets):
    print(f"\n{label}")
    print(f"{'endpoint':26} {'p50 ms':>8} {'p95 ms':>8} {'goal':>6}  status  path")
    for name, r in results.items():
        goal = goal_of(name)
        mark = "" if goal is None else (" ok" if r["p95_ms"] <= goal else " OVER")
        print(f"{name:26} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {goal or '':>6}{mark:5}"
              f" {','.join(map(str, r['status'])):6} {r['path']}")
    for name, f in facets.items():
        print(f"  facets on {name}: {f}")


def summary(results):
    api = {k: v for k, v in results.items() if k.startswith("api_")}
    worst = max(api, key=lambda k: api[k]["p95_ms"]) if api else None
    out = {
        "datasette_table_p95_ms": results["datasette_table"]["p95_ms"],
        "datasette_fts_p95_ms": max(results[k]["p95_ms"] for k in results
                                    if k.startswith("datasette_fts")),
        "datasette_speaker_p95_ms": max(results[k]["p95_ms"] for k in results
                                        if k.startswith("datasette_speaker")),
        "api_quotes_p95_ms": api[worst]["p95_ms"] if worst else None,
        "api_quotes_worst": worst,
    }
    if "plain_datasette_table" in results:
        out["plain_datasette_table_p95_ms"] = results["plain_datasette_table"]["p95_ms"]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/tracker-reads/quotes.db")
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--speakers", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--label", default="current",
                        help="name of this run in results.json (e.g. before, after)")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--no-plain", action="store_true", help="skip plain Datasette")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--only", default="",
                        help="comma-separated endpoint name prefixes to time (exploring)")
    args = parser.parse_args()

    path = ensure_db(args)
    if args.build_only:
        return
    db = path.stem
    s = samples(path)
    print(f"  {s['total']:,} quotes; busiest speaker {s['top_name']} has"
          f" {s['top_share']:.2%} of them", file=sys.stderr)
    bin_dir = Path(sys.executable).parent
    results, facets = {}, {}

    port = free_port()
    proc = start([str(bin_dir / "tracker"), "serve", "--db", str(path), "--port", str(port)], port,
                 path.with_name("tracker-serve.log"))
    try:
        endpoints = selected(tracker_endpoints(db, s), args.only)
        results.update(measure(port, endpoints, args.runs))
        for name in ("datasette_table", "datasette_fts", "datasette_fts_rare", "datasette_speaker"):
            if name in endpoints:
                facets[name] = facet_report(port, endpoints[name])
    finally:
        stop(proc)
    if args.only:
        print_table(f"{args.label} (only {args.only}; not stored)", results, facets)
        return
    if not args.no_plain:
        port = free_port()
        proc = start([sys.executable, "-c", PLAIN_DATASETTE, str(path), "-p", str(port)], port,
                     path.with_name("plain-datasette.log"))
        try:
            endpoints = plain_endpoints(db, s)
            results.update(measure(port, endpoints, args.runs))
            facets["plain_datasette_table"] = facet_report(port, endpoints["plain_datasette_table"])
        finally:
            stop(proc)

    label = f"{args.label}: {s['total']:,} quotes, {args.runs} runs per endpoint"
    print_table(label, results, facets)
    figures = summary(results)
    stored = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    stored.update(figures)
    stored.setdefault("reads", {})[args.label] = {
        "measured": datetime.date.today().isoformat(), "quotes": s["total"],
        "busiest_speaker_share": round(s["top_share"], 4), "runs": args.runs,
        "summary": figures, "endpoints": results, "facets": facets}
    RESULTS.write_text(json.dumps(stored, indent=2) + "\n")
    print("\n" + json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
