"""The one path from articles to stored rows, shared by the CLI, the API and batch work.

extract (batched) -> resolve speakers -> store each article -> regroup utterances of the
speakers touched. A bad input becomes a message in the report; good ones are still stored.
"""
import logging
from dataclasses import dataclass, field
from itertools import islice
from typing import Callable, Iterable, Iterator, Optional

from tracker import store
from tracker.articles import Article, ReadError

log = logging.getLogger(__name__)

BATCH_SIZE = 16


@dataclass
class IngestReport:
    articles: int = 0
    quotes: int = 0
    speakers: int = 0  # distinct speakers quoted in the ingested articles
    errors: list = field(default_factory=list)  # one-line "SOURCE: problem" messages

    def summary(self, db_label) -> str:
        return (
            f"Ingested {self.articles} articles, {self.quotes} quotes, "
            f"{self.speakers} speakers into {db_label}"
        )


def ingest(db, items: Iterable, nlp=None, progress: Optional[Callable[[int], None]] = None,
           batch_size: int = BATCH_SIZE) -> IngestReport:
    """Store Article items (ReadError items are reported) and regroup touched utterances.

    progress, when given, is called with the number of items just handled.
    """
    store.ensure_db_shape(db)
    report = IngestReport()
    registry = _registry(db)
    affected = set()  # speaker ids (None: unattributed) whose utterances need regrouping
    speakers_seen = set()
    items = iter(items)
    while True:
        batch = list(islice(items, batch_size))
        if not batch:
            break
        articles = []
        for item in batch:
            if isinstance(item, Article):
                articles.append(item)
            else:
                report.errors.append(str(item))
                log.warning("%s", item)
        if progress and len(articles) < len(batch):
            progress(len(batch) - len(articles))
        for article, quotes in zip(articles, _extract_batch(articles, nlp, report)):
            if quotes is not None:
                try:
                    speaker_ids = _store_article(db, registry, article, quotes, affected)
                except Exception as err:  # one article failing must not stop the batch
                    log.exception("storing %s failed", article.source)
                    report.errors.append(f"{article.source}: could not store: {err}")
                else:
                    report.articles += 1
                    report.quotes += len(quotes)
                    speakers_seen.update(s for s in speaker_ids if s)
            if progress:
                progress(1)
    if affected:
        regroup_utterances(db, affected)
    report.speakers = len(speakers_seen)
    return report


def _extract_batch(articles: list, nlp, report: IngestReport) -> list:
    """Quotes per article (None for an article whose extraction failed)."""
    from tracker.extract import extract_many, extract_quotes

    if not articles:
        return []
    try:
        return list(extract_many([a.text for a in articles], nlp=nlp))
    except Exception:
        log.exception("batch extraction failed; retrying one article at a time")
    results = []
    for article in articles:
        try:
            results.append(extract_quotes(article.text, nlp=nlp))
        except Exception as err:
            report.errors.append(f"{article.source}: extraction failed: {err}")
            results.append(None)
    return results


def _store_article(db, registry, article, quotes, affected: set) -> list:
    speaker_ids, speakers, aliases = resolve_speakers(registry, quotes)
    old_speakers = {
        row["speaker_id"]
        for row in db.query("select distinct speaker_id from quotes where article_id = ?", [article.id])
    }
    store.save_article(db, article, quotes, speaker_ids, speakers, aliases)
    affected.update(old_speakers, speaker_ids)
    return speaker_ids


def resolve_speakers(registry, quotes) -> tuple:
    """Speaker id per quote, plus the speaker and alias rows to write for them."""
    speaker_ids, speakers, aliases = [], {}, {}
    for quote in quotes:
        name = quote.speaker  # resolved within the article; a bare "he" is no speaker
        if not name:
            speaker_ids.append(None)
            continue
        speaker_id, rule = registry.resolve(name, quote.speaker_kind, quote.speaker_description)
        speaker_ids.append(speaker_id)
        if speaker_id:
            speakers[speaker_id] = _speaker_row(registry, speaker_id)
            aliases[(name, speaker_id)] = {"alias": name, "speaker_id": speaker_id, "rule": rule}
    return speaker_ids, list(speakers.values()), list(aliases.values())


def regroup_utterances(db, speaker_ids: set) -> int:
    """Recompute utterance clusters over every stored quote of these speakers."""
    records = store.quotes_for_clustering(db, speaker_ids)
    clusters = _cluster([
        {k: r[k] for k in ("id", "speaker_id", "text", "article_id", "kind")} for r in records
    ])
    return store.save_utterances(db, records, clusters)


def extract_records(records: Iterable[dict], nlp=None) -> Iterator[dict]:
    """Predictions for {"id", "text"} records; speakers and clusters span the whole input."""
    from tracker.extract import extract_many

    records = list(records)
    registry = _registry(None)
    per_doc = []
    for record, quotes in zip(records, extract_many([r["text"] for r in records], nlp=nlp)):
        speaker_ids, _, _ = resolve_speakers(registry, quotes)
        per_doc.append((record, quotes, speaker_ids))
    cluster_input = []
    for record, quotes, speaker_ids in per_doc:
        for quote, speaker_id in zip(quotes, speaker_ids):
            cluster_input.append({
                "id": store.quote_id(str(record["id"]), quote.start, quote.end, quote.text),
                "speaker_id": speaker_id,
                "text": quote.text,
                "article_id": str(record["id"]),
                "kind": quote.kind,
            })
    clusters = _cluster(cluster_input)
    for record, quotes, speaker_ids in per_doc:
        out = []
        for quote, speaker_id in zip(quotes, speaker_ids):
            qid = store.quote_id(str(record["id"]), quote.start, quote.end, quote.text)
            out.append({
                "start": quote.start,
                "end": quote.end,
                "text": quote.text,
                "speaker": _speaker_row(registry, speaker_id)["name"] if speaker_id else None,
                "speaker_id": speaker_id,
                "speaker_mention": quote.speaker_mention,
                "cue": quote.cue,
                "channel": quote.channel,
                "kind": quote.kind,
                "cluster": clusters.get(qid),
            })
        yield {"id": record["id"], "quotes": out}


# --- the speakers and utterances steps ------------------------------------------------


def _registry(db):
    """A SpeakerRegistry primed with the speakers already stored (none for db=None)."""
    existing = list(db.table("speakers").rows) if db is not None else []
    try:
        from tracker.speakers import SpeakerRegistry
    except ImportError:
        return _FallbackRegistry(existing)
    return SpeakerRegistry(existing)


def _speaker_row(registry, speaker_id) -> dict:
    record = registry.speakers[speaker_id]
    return {k: record.get(k) for k in ("id", "name", "kind", "description")}


def _cluster(records: list) -> dict:
    try:
        from tracker.utterances import cluster_utterances
    except ImportError:
        return _fallback_cluster(records)
    return cluster_utterances(records)


class _FallbackRegistry:
    """Exact-name registry, used only until tracker.speakers lands."""

    def __init__(self, existing):
        self.speakers = {s["id"]: dict(s) for s in existing}

    def resolve(self, name, kind=None, description=None):
        speaker_id = "s" + store.slug(name)[:40]
        if speaker_id in self.speakers:
            return speaker_id, "exact"
        self.speakers[speaker_id] = {
            "id": speaker_id, "name": name, "kind": kind or "person", "description": description,
        }
        return speaker_id, "new"


def _fallback_cluster(records: list) -> dict:
    """Same speaker + same normalised text = one utterance; only until tracker.utterances lands."""
    import hashlib

    clusters = {}
    for r in records:
        key = f"{r['speaker_id']}|{store.slug(r['text'])}"
        clusters[r["id"]] = "u" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return clusters
