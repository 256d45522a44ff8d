"""Ingest on a Dask cluster: workers read and extract, this process alone writes.

Extraction is a pure function from an article to quotes, so it can run anywhere; the
database stays the single source of truth behind one writer (pipeline.ArticleWriter, the
same per-article transactions as the local path). Two rounds of tasks:

1. read: the inputs are listed here (cheap) and read on the workers in batches of files;
2. extract: the articles that need it, in the local path's canonical order, in batches;
   each batch is written as soon as it and every batch before it are done, so rows are
   the same as the local path's whatever the partitioning, and writing streams while the
   workers go on.

A worker that dies mid-task loses nothing: the scheduler runs its task again elsewhere,
and a task's result is written once whichever attempt gave it. Each worker loads the
spaCy pipeline once (extract.load_model caches it per process).

Dask is an optional extra (`pip install 'tracker[dask]'`); nothing else imports this.
"""
import logging
from typing import Callable, Iterable, Optional

from tracker import extract, pipeline
from tracker.articles import Fetcher
from tracker.readers.paths import input_units, read_unit

log = logging.getLogger(__name__)

FILES_PER_TASK = 32
ARTICLES_PER_TASK = pipeline.BATCH_SIZE


class DaskNotInstalled(RuntimeError):
    pass


def connect(scheduler: str, workers: int = 2):
    """A Dask client: "local" starts a LocalCluster of `workers` single-threaded processes
    (spaCy holds the GIL, so a process per core); anything else is a scheduler address."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskNotInstalled(
            "the Dask path needs the dask extra: pip install 'tracker[dask]'") from None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster)
    return Client(scheduler, timeout="10s")


def close(client) -> None:
    """Close the client, and the LocalCluster it started if any, before the process ends
    (left to interpreter exit, their connections close mid-message and log tracebacks)."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def ingest(db, paths: Iterable, client, allow_private_urls: bool = False,
           progress: Optional[Callable[[int, int], None]] = None,
           files_per_task: int = FILES_PER_TASK,
           articles_per_task: int = ARTICLES_PER_TASK) -> pipeline.IngestReport:
    """Read and extract PATHS on the cluster behind `client`, store in db from here.

    progress, when given, is called with (articles handled, articles in all) after each
    batch is written.
    """
    units = list(input_units(paths))
    read_batches = [units[i:i + files_per_task] for i in range(0, len(units), files_per_task)]
    futures = client.map(_read_batch, read_batches, allow_private=allow_private_urls,
                         pure=False)
    items = [item for batch in client.gather(futures) for item in batch]

    writer = pipeline.ArticleWriter(db)
    report = writer.report
    to_extract = writer.needing_extraction(items)
    total, done = len(to_extract), 0

    batches = [to_extract[i:i + articles_per_task]
               for i in range(0, len(to_extract), articles_per_task)]
    futures = client.map(_extract_batch, [[a.text for a in batch] for batch in batches],
                         pure=False)
    for batch, future in zip(batches, futures):  # in order: the local path's order of writes
        for article, (quotes, error) in zip(batch, future.result()):
            if error is not None:
                report.errors.append(f"{article.source}: extraction failed: {error}")
            else:
                writer.store(article, quotes)
        done += len(batch)
        if progress:
            progress(done, total)
        future.release()
    return writer.finish()


def _read_batch(units: list, allow_private: bool) -> list:
    """On a worker: the Articles and ReadErrors of some input units."""
    fetcher = Fetcher(allow_private=allow_private)
    return [item for unit in units for item in read_unit(unit, fetcher)]


def _extract_batch(texts: list) -> list:
    """On a worker: (quotes, None) per text, or (None, the error) for one that failed."""
    return pipeline.extract_each(texts, extract.load_model())
