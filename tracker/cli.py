"""The `tracker` command: ingest articles, extract quotes to JSON lines, serve the site."""
import json
import logging
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
    from tracker import pipeline, store
    from tracker.articles import Fetcher, read_paths

    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    db = store.open_db(db_path)
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
    from tracker import dask_ingest

    try:
        client = dask_ingest.connect(scheduler, workers)
    except dask_ingest.DaskNotInstalled as err:
        raise click.ClickException(str(err))
    except (OSError, TimeoutError) as err:
        raise click.ClickException(f"cannot reach the Dask scheduler {scheduler}: {err}")
    def show(done, total):
        click.echo(f"Ingesting on Dask: {done}/{total} articles", err=True)

    with client:
        return dask_ingest.ingest(db, paths, client, allow_private_urls,
                                  progress=None if silent else show)


def _finish_ingest(report, db_path):
    for message in report.errors:
        click.echo(message, err=True)
    click.echo(report.summary(db_path))
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
    import sqlite3

    from tracker import store

    if not Path(db_path).is_file():
        raise click.ClickException(f"{db_path}: no such database")
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


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
def serve(db_path, host, port):
    """Serve Datasette (browse, facets, search) and the tracker pages on one port."""
    from tracker.server import serve as run_server

    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    run_server(db_path, host, port)


def _read_jsonl(path) -> list:
    """Records with an id and a text; a bad line stops with FILE:LINE and what is wrong."""
    records = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except ValueError as err:
                raise click.ClickException(f"{where}: not valid JSON ({err})")
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise click.ClickException(f'{where}: record has no "text" string')
            record.setdefault("id", str(number))
            records.append(record)
    return records


def _load_model():
    from tracker.extract import ModelNotInstalled, load_model

    try:
        return load_model()
    except ModelNotInstalled as err:
        raise click.ClickException(str(err))


if __name__ == "__main__":
    cli()
