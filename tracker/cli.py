"""The `tracker` command: ingest articles, extract quotes to JSON lines, serve the site."""
import errno
import json
import logging
import os
import socket
import sqlite3
import sys
from pathlib import Path

import click

# The commands import their steps when they run: spaCy takes seconds to import and Datasette
# about one, and `tracker --help` or `tracker serve` should not wait for the one they do not use.

DEFAULT_DB = "db/quotes.db"


def db_option(fn):
    return click.option(
        "--db",
        "db_path",
        default=DEFAULT_DB,
        show_default=True,
        type=click.Path(dir_okay=False),
        help="SQLite database file (created when missing).",
    )(fn)


@click.group()
@click.version_option(package_name="tracker")
@click.option("-v", "--verbose", is_flag=True, help="Log progress and warnings to stderr.")
def cli(verbose):
    """Quote and attribution tracker: who said what, where, and how each outlet rendered it."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes that extract quotes (one writes the database).")
@click.option("--allow-private-urls", is_flag=True,
              help="Also fetch URLs on loopback, private and link-local addresses (refused by default).")
@click.option("--dask", "dask_scheduler", metavar="ADDRESS",
              help="Read and extract on a Dask cluster (a scheduler address, or 'local' for a "
                   "LocalCluster of --workers processes); this process writes. Needs the dask extra.")
def ingest(paths, db_path, silent, workers, allow_private_urls, dask_scheduler):
    """Read articles from PATHS (files, directories, URLs), extract quotes and store them.

    Each input that cannot be read is reported on stderr; the others are still stored.
    Exits with status 1 if any input failed. Re-ingesting the same articles changes nothing.
    """
    from tracker import pipeline
    from tracker.articles import Fetcher, read_paths

    db = _open_for_writing(db_path)
    if dask_scheduler:
        report = _ingest_on_dask(db, paths, dask_scheduler, workers, allow_private_urls, silent)
        _finish_ingest(report, db_path)
        return
    items = list(read_paths(paths, fetcher=Fetcher(allow_private=allow_private_urls)))
    nlp = _load_model()
    if silent:
        report = pipeline.ingest(db, items, nlp=nlp, workers=workers)
    else:
        with click.progressbar(length=len(items), label="Ingesting", file=sys.stderr) as bar:
            report = pipeline.ingest(db, items, nlp=nlp, progress=bar.update, workers=workers)
    _finish_ingest(report, db_path)


def _ingest_on_dask(db, paths, scheduler, workers, allow_private_urls, silent):
    # Dask logs its scheduler's and workers' life at INFO on stderr (read from its config
    # when distributed is first imported, by the workers too); -v shows it
    if not logging.getLogger().isEnabledFor(logging.INFO):
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
    from tracker import dask_ingest

    try:
        client = dask_ingest.connect(scheduler, workers)
    except dask_ingest.DaskNotInstalled as err:
        raise click.ClickException(str(err))
    except (OSError, TimeoutError) as err:
        raise click.ClickException(f"cannot reach the Dask scheduler {scheduler}: {err}")

    def show(done, total):
        click.echo(f"Ingesting on Dask: {done}/{total} articles", err=True)

    try:
        return dask_ingest.ingest(db, paths, client, allow_private_urls,
                                  progress=None if silent else show)
    finally:
        dask_ingest.close(client)


def _finish_ingest(report, db_path):
    for message in report.errors:
        click.echo(message, err=True)
    click.echo(ingest_summary(report, db_path))
    if report.errors:
        sys.exit(1)


@cli.command()
@db_option
@click.argument("snapshot", type=click.Path(dir_okay=False))
def publish(db_path, snapshot):
    """Write an immutable copy of the database to SNAPSHOT, safely while ingest goes on.

    SQLite's backup API copies a consistent state; the copy is written beside SNAPSHOT and
    renamed over it, so a Datasette serving SNAPSHOT with --immutable never sees half a file.
    """
    from tracker import store

    _check_existing_database(db_path)
    try:
        pages = store.snapshot(db_path, snapshot)
    except (OSError, ValueError, sqlite3.Error) as err:
        raise click.ClickException(f"{snapshot}: cannot write the snapshot: {err}")
    click.echo(f"Published {db_path} to {snapshot} ({pages} pages)")


@cli.command()
@click.argument("input_path", metavar="IN.jsonl", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o", "--output", "output_path", required=True, type=click.Path(dir_okay=False),
    help="Where to write the predictions (JSON lines).",
)
def extract(input_path, output_path):
    """Extract quotes from IN.jsonl records {"id", "text"} into JSON lines.

    Each output line is {"id", "quotes": [{"start", "end", "text", "speaker", "speaker_id",
    "speaker_mention", "cue", "channel", "kind", "cluster"}]}; speakers and clusters
    (utterances) are resolved across the whole input. This is the format eval/score.py reads.
    """
    from tracker import pipeline

    records = _read_jsonl(input_path)
    nlp = _load_model()
    with open(output_path, "w", encoding="utf-8") as out:
        for prediction in pipeline.extract_records(records, nlp=nlp):
            out.write(json.dumps(prediction, ensure_ascii=False) + "\n")


def _count(n, noun):
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def ingest_summary(report, db_path) -> str:
    """'Ingested 4 articles: 0 new, 4 unchanged; wrote 0 quotes by 0 speakers to db/quotes.db'
    (updated articles are counted only when there are some)."""
    changes = [f"{report.new} new"] + ([f"{report.updated} updated"] if report.updated else [])
    changes.append(f"{report.unchanged} unchanged")
    return (f"Ingested {_count(report.articles, 'article')}: {', '.join(changes)}; "
            f"wrote {_count(report.quotes, 'quote')} by {_count(report.speakers, 'speaker')} to {db_path}")


def _database_problem(db_path, err) -> str:
    """What went wrong opening the database, in words, naming the file."""
    text = str(err)
    if isinstance(err, sqlite3.DatabaseError) and "not a database" in text:
        return f"{db_path}: not an SQLite database (is --db pointing at the right file?)"
    if isinstance(err, PermissionError) or "readonly" in text or "unable to open" in text:
        return f"{db_path}: cannot write there ({getattr(err, 'strerror', None) or text}); choose another --db"
    if isinstance(err, OSError):
        return f"{db_path}: cannot create {err.filename or 'it'} ({err.strerror})"
    return f"{db_path}: {text}"


def _open_for_writing(db_path):
    """The store at db_path, created with its directory when missing; one line on failure."""
    from tracker import store

    path = Path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return store.open_db(path)
    except (OSError, sqlite3.Error) as err:
        raise click.ClickException(_database_problem(db_path, err)) from None


def _check_existing_database(db_path):
    """serve reads an ingested database: a missing file or one that is not SQLite is refused
    (an empty database would be created otherwise, and serve nothing)."""
    path = Path(db_path)
    if not path.is_file():
        raise click.ClickException(
            f"{db_path}: no such database; create it with `tracker ingest ARTICLES --db {db_path}`")
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as err:
        raise click.ClickException(_database_problem(db_path, err)) from None


def _check_port_free(host, port):
    """A port another program holds is named, with the option that picks another."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise click.ClickException(f"cannot listen on host {host!r}: {err.strerror}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise click.ClickException(
                    f"port {port} on {host} is in use; choose another with --port (e.g. --port {port + 1})") from None
            raise click.ClickException(f"cannot listen on {host}:{port}: {err.strerror}") from None


SERVE_HELP = """Serve Datasette (browse, facets, search) and the tracker pages on one port.

\b
Environment:
  TRACKER_API_TOKEN  enables the write API (POST /api/articles with
                     'Authorization: Bearer <token>'); without it the API is read-only.
  TRACKER_BASE_URL   the public address permalinks and citations use, as --base-url.

The database must exist (`tracker ingest` creates it). Permalinks are built on the base
URL, never on the Host header a request sends; behind a proxy, give the public https://
address.
"""


@cli.command(help=SERVE_HELP)
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
              type=click.Path(dir_okay=False), help="SQLite database file made by `tracker ingest`.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--base-url", envvar="TRACKER_BASE_URL", show_envvar=True, metavar="URL",
              help="Public base URL of the site, e.g. https://quotes.example.org"
                   " [default: http://HOST:PORT].")
def serve(db_path, host, port, base_url):
    from tracker.server import serve as run_server
    from tracker.web import check_base_url

    try:
        base_url = check_base_url(base_url or f"http://{host}:{port}")
    except ValueError as err:
        raise click.ClickException(f"--base-url: {err}") from None
    _check_existing_database(db_path)
    _check_port_free(host, port)
    run_server(db_path, host, port, base_url=base_url)


def _read_jsonl(path) -> list:
    """Records with an id and a text; a bad line stops with FILE:LINE and what is wrong."""
    from tracker.readers.base import parse_json

    records = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = parse_json(line)
            except ValueError as err:
                raise click.ClickException(f"{where}: not valid JSON ({err})")
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise click.ClickException(f'{where}: record has no "text" string')
            record.setdefault("id", str(number))
            records.append(record)
    return records


def _load_model():
    """The spaCy pipeline, after checking that the sentence vectors utterance grouping reads
    are installed too: either missing is one line, before any work."""
    from tracker import meaning
    from tracker.extract import ModelNotInstalled, load_model

    try:
        meaning.model_files()
        return load_model()
    except (ModelNotInstalled, meaning.MeaningUnavailable) as err:
        raise click.ClickException(str(err))


if __name__ == "__main__":
    cli()
