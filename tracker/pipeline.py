"""The one path from articles to stored rows, shared by the CLI, the API and batch work.

extract (batched) -> resolve speakers -> store each article -> regroup utterances of the
speakers touched. A bad input becomes a message in the report; good ones are still stored.
"""
import logging
from dataclasses import dataclass, field
from itertools import islice
from typing import Callable, Iterable, Iterator, Optional

from tracker import store
from tracker.articles import Article

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
    syndication = _SyndicationIndex(db)
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
                    speaker_ids, quote_ids = _store_article(db, registry, syndication, article, quotes, affected)
                except Exception as err:  # one article failing must not stop the batch
                    log.exception("storing %s failed", article.source)
                    report.errors.append(f"{article.source}: could not store: {err}")
                else:
                    report.articles += 1
                    report.quotes += len(quote_ids)  # the rows written: repeats are one
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


def _store_article(db, registry, syndication, article, quotes, affected: set) -> list:
    speaker_ids, speakers, aliases = resolve_speakers(registry, quotes, article.id)
    old_speakers = {
        row["speaker_id"]
        for row in db.query("select distinct speaker_id from quotes where article_id = ?", [article.id])
    }
    is_new = not db.table("articles").count_where("id = ?", [article.id])
    # Only a new article is compared: on a re-run the original would match its copy.
    syndicated_from = syndication.original_of(article) if is_new else None
    quote_ids = store.save_article(db, article, quotes, speaker_ids, speakers, aliases, syndicated_from)
    syndication.add(article)
    affected.update(old_speakers, speaker_ids)
    return speaker_ids, quote_ids


def resolve_speakers(registry, quotes, article_id) -> tuple:
    """Speaker id per quote, plus the speaker and alias rows to write for them.

    The whole article is resolved at once so a bare "Lavrov" finds the "Sergei Lavrov"
    named elsewhere in it, whatever the order.
    """
    named = [i for i, q in enumerate(quotes) if q.speaker]  # a bare "he" is no speaker
    items = [
        {"name": quotes[i].speaker, "kind": quotes[i].speaker_kind,
         "description": quotes[i].speaker_description, "mention": quotes[i].speaker_mention}
        for i in named
    ]
    speaker_ids = [None] * len(quotes)
    for i, (speaker_id, _rule) in zip(named, registry.resolve_article(items, article_id)):
        speaker_ids[i] = speaker_id
    touched = sorted({s for s in speaker_ids if s})
    speakers = [registry.speakers[s].row() for s in touched]
    aliases = []
    for s in touched:
        speaker = registry.speakers[s]
        # The display name is an alias too: a registry loaded from the db indexes it so,
        # and writing it now keeps a second run from adding it.
        names = dict(speaker.aliases)
        names.setdefault(speaker.name, "exact")
        aliases.extend({"alias": a, "speaker_id": s, "rule": r} for a, r in sorted(names.items()))
    return speaker_ids, speakers, aliases


def regroup_utterances(db, speaker_ids: set) -> int:
    """Recompute utterance clusters over every stored quote of these speakers.

    Renderings credited to different speakers can share an utterance, so the speakers of
    the utterances already holding these quotes are regrouped with them.
    """
    from tracker.utterances import cluster_utterances, summarise

    speaker_ids = set(speaker_ids)
    while True:
        records = store.quotes_for_clustering(db, speaker_ids)
        utterance_ids = sorted({r["utterance_id"] for r in records if r["utterance_id"]})
        linked = set()
        for chunk in range(0, len(utterance_ids), 500):
            part = utterance_ids[chunk:chunk + 500]
            linked.update(
                r["speaker_id"] for r in db.query(
                    "select distinct speaker_id from quotes where utterance_id in ({})".format(
                        ", ".join("?" for _ in part)), part)
            )
        if linked <= speaker_ids:
            break
        speaker_ids |= linked
    clusters = cluster_utterances(records)
    rows = summarise(clusters, [dict(r, outlet=r["outlet_id"]) for r in records])
    return store.save_utterances(db, records, clusters, rows)


def extract_records(records: Iterable[dict], nlp=None) -> Iterator[dict]:
    """Predictions for {"id", "text"} records; speakers and clusters span the whole input."""
    from tracker.extract import extract_many
    from tracker.utterances import cluster_utterances

    records = list(records)
    registry = _registry(None)
    per_doc = []
    for record, quotes in zip(records, extract_many([r["text"] for r in records], nlp=nlp)):
        speaker_ids, _, _ = resolve_speakers(registry, quotes, str(record["id"]))
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
    clusters = cluster_utterances(cluster_input)
    for record, quotes, speaker_ids in per_doc:
        out = []
        for quote, speaker_id in zip(quotes, speaker_ids):
            qid = store.quote_id(str(record["id"]), quote.start, quote.end, quote.text)
            out.append({
                "start": quote.start,
                "end": quote.end,
                "text": quote.text,
                "speaker": registry.speakers[speaker_id].name if speaker_id else None,
                "speaker_id": speaker_id,
                "speaker_mention": quote.speaker_mention,
                "cue": quote.cue,
                "channel": quote.channel,
                "kind": quote.kind,
                "cluster": clusters.get(qid),
            })
        yield {"id": record["id"], "quotes": out}


def _registry(db):
    """A SpeakerRegistry primed with the speakers and aliases already stored (none for None)."""
    from tracker.speakers import SpeakerRegistry

    if db is None:
        return SpeakerRegistry()
    return SpeakerRegistry(db.table("speakers").rows, db.table("speaker_aliases").rows)


class _SyndicationIndex:
    """Shingles of the stored articles, built on first use and kept for the whole run."""

    def __init__(self, db):
        self.db = db
        self.shingles = None

    def original_of(self, article):
        """The stored article (another id) that runs the same wire story, if any."""
        from tracker.syndication import find_syndicated

        if self.shingles is None:
            from tracker.syndication import shingles

            self.shingles = {
                row["id"]: shingles(row["text"] or "")
                for row in self.db.query("select id, text from articles order by id")
            }
        others = ((i, s) for i, s in self.shingles.items() if i != article.id)
        found = find_syndicated(article.text, others)
        if not found:
            return None
        # a copy of a copy points at the original wire story, so all copies share one root
        root, seen = found[0][0], set()
        while root not in seen:
            seen.add(root)
            row = self.db.execute("select syndicated_from from articles where id = ?", [root]).fetchone()
            if not row or not row[0]:
                break
            root = row[0]
        return root if root != article.id else None  # a copy of this article is no source of it

    def add(self, article):
        if self.shingles is not None:
            from tracker.syndication import shingles

            self.shingles[article.id] = shingles(article.text)
