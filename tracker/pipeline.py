"""The one path from articles to stored rows, shared by the CLI, the API and batch work.

extract (batched) -> resolve speakers -> store each article -> regroup utterances of the
speakers touched. A bad input becomes a message in the report; good ones are still stored.
"""
import logging
import multiprocessing
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from tracker import extract, store, syndication
from tracker.articles import Article
from tracker.speakers import SpeakerRegistry
from tracker.utterances import cluster_utterances, stable_ids, summarise

log = logging.getLogger(__name__)

BATCH_SIZE = 16
WORKER_SHARES = 4  # batches per worker at least, when extraction runs in several processes


@dataclass
class IngestReport:
    new: int = 0  # articles stored for the first time
    updated: int = 0  # stored before, with another text or other metadata
    unchanged: int = 0  # stored before exactly so: nothing written
    quotes: int = 0  # quote rows written
    speakers: int = 0  # distinct speakers quoted in the articles written
    errors: list = field(default_factory=list)  # one-line "SOURCE: problem" messages
    outcomes: dict = field(default_factory=dict)  # article id -> new | updated | unchanged

    @property
    def articles(self) -> int:
        return self.new + self.updated + self.unchanged

    def summary(self, db_label) -> str:
        return (f"Ingested {_count(self.articles, 'article')} ({self.new} new, {self.updated} "
                f"updated, {self.unchanged} unchanged), {_count(self.quotes, 'quote')}, "
                f"{_count(self.speakers, 'speaker')} into {db_label}")

    def record(self, article_id: str, outcome: str) -> None:
        self.outcomes[article_id] = outcome
        setattr(self, outcome, getattr(self, outcome) + 1)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def ingest(db, items: Iterable, nlp=None, progress: Optional[Callable[[int], None]] = None,
           batch_size: int = BATCH_SIZE, workers: int = 1) -> IngestReport:
    """Store Article items (ReadError items are reported), each with its utterances
    regrouped, in one transaction per article.

    An article stored before with the same text and metadata is not read again; one whose
    metadata alone changed is updated without extraction. With workers > 1, extraction runs
    in that many processes while this one writes (SQLite has one writer). progress, when
    given, is called with the number of items just handled. db is a database store.open_db
    shaped.
    """
    writer = ArticleWriter(db)
    report = writer.report
    to_extract = writer.needing_extraction(items, progress)
    for article, quotes in zip(to_extract, _extracted(to_extract, nlp, report, batch_size, workers)):
        if quotes is not None:
            writer.store(article, quotes)
        if progress:
            progress(1)
    return writer.finish()


class ArticleWriter:
    """The one writer of a database: stores extracted articles one transaction each and
    keeps the report. The local path and the Dask path (tracker.dask_ingest) both write
    through it, so they store the same rows."""

    def __init__(self, db):
        self.db = db
        self.report = IngestReport()
        self.registry = _registry(db)
        self.copies = _SyndicationIndex(db)
        self.speakers_seen = set()

    def needing_extraction(self, items: Iterable, progress=None) -> list:
        """The articles among items that must be extracted and stored, in canonical order.

        Read errors go to the report; an article stored before exactly so is counted
        unchanged, one whose metadata alone changed is updated here, without extraction.
        """
        to_extract, waiting = [], set()
        for item in in_canonical_order(items):
            if not isinstance(item, Article):
                self.report.errors.append(str(item))
                log.warning("%s", item)
            elif _identity(item) in waiting:
                self.report.record(item.id, "unchanged")  # the same article twice in one ingest
            elif not _store_without_extraction(self.db, item, self.report):
                to_extract.append(item)
                waiting.add(_identity(item))
                continue
            if progress:
                progress(1)
        return to_extract

    def store(self, article: Article, quotes: list) -> None:
        """Write one article with its quotes; a failure is reported, not raised, so one
        article failing does not stop the batch."""
        try:
            outcome, speaker_ids, quote_ids, merges = store.retry_when_busy(
                _store_article, self.db, self.registry, self.copies, article, quotes)
        except Exception as err:
            log.exception("storing %s failed", article.source)
            self.report.errors.append(f"{article.source}: could not store: {err}")
            return
        self.report.record(article.id, outcome)
        self.report.quotes += len(quote_ids)  # the rows written: repeats are one
        self.speakers_seen.update(s for s in speaker_ids if s)
        for old_id, new_id, _rule in merges:
            self.speakers_seen.discard(old_id)
            self.speakers_seen.add(new_id)

    def finish(self) -> IngestReport:
        self.report.speakers = len(self.speakers_seen)
        return self.report


def _identity(article: Article) -> tuple:
    return (article.id, article.content_hash, article.title, article.author, article.published)


def in_canonical_order(items: Iterable) -> list:
    """Unreadable inputs first, as given; then the articles by id, each once.

    Which speaker a name joins and which rendering founds an utterance depend on what is
    stored before it; a fixed order makes one ingest of a set of files give the same rows
    whatever order the files were listed or found in.
    """
    items = list(items)
    errors = [item for item in items if not isinstance(item, Article)]
    articles = [item for item in items if isinstance(item, Article)]
    return errors + sorted(articles, key=lambda a: (a.id, a.content_hash))


def _store_without_extraction(db, article: Article, report: IngestReport) -> bool:
    """True when the article needs no extraction: stored exactly so already, or stored with
    the same text and other metadata (then the metadata is updated)."""
    change = store.article_change(db, article)
    if change == "same":
        report.record(article.id, "unchanged")
        return True
    if change == "metadata":
        try:
            store.retry_when_busy(store.update_article_metadata, db, article)
        except Exception as err:
            log.exception("updating %s failed", article.source)
            report.errors.append(f"{article.source}: could not store: {err}")
        else:
            report.record(article.id, "updated")
        return True
    return False


def _extracted(articles: list, nlp, report: IngestReport, batch_size: int, workers: int):
    """Quotes per article, in order (None where extraction failed), from this process or
    from `workers` forked processes that share the loaded model."""
    batches = _batches(articles, batch_size, workers)
    if workers <= 1 or len(batches) <= 1:
        for batch in batches:
            yield from _extract_texts([a.text for a in batch], nlp, report, batch)
        return
    global _worker_nlp
    _worker_nlp = nlp or extract.load_model()  # forked workers inherit it, loaded once
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.imap(_extract_in_worker, [[a.text for a in batch] for batch in batches])
        for batch, quotes_or_errors in zip(batches, results):
            for article, found in zip(batch, quotes_or_errors):
                if isinstance(found, str):
                    report.errors.append(f"{article.source}: extraction failed: {found}")
                    found = None
                yield found


def _batches(articles: list, batch_size: int, workers: int) -> list:
    """Runs of at most batch_size articles; with several workers, small enough that each
    worker gets WORKER_SHARES of them, so no worker idles while another ends a long batch."""
    if workers > 1:
        batch_size = max(1, min(batch_size, -(-len(articles) // (workers * WORKER_SHARES))))
    return [articles[i:i + batch_size] for i in range(0, len(articles), batch_size)]


_worker_nlp = None


def _extract_in_worker(texts: list) -> list:
    """In a worker: quotes per text, or the error message of a text that failed."""
    return [found if found is not None else error
            for found, error in extract_each(texts, _worker_nlp)]


def _extract_texts(texts: list, nlp, report: IngestReport, articles: list) -> list:
    results = []
    for article, (found, error) in zip(articles, extract_each(texts, nlp)):
        if error is not None:
            report.errors.append(f"{article.source}: extraction failed: {error}")
        results.append(found)
    return results


def extract_each(texts: list, nlp) -> list:
    """(quotes, None) per text, or (None, error message): a batch first, one by one if it fails."""
    try:
        return [(quotes, None) for quotes in extract.extract_many(texts, nlp=nlp)]
    except Exception:
        log.exception("batch extraction failed; retrying one article at a time")
    results = []
    for text in texts:
        try:
            results.append((extract.extract_quotes(text, nlp=nlp), None))
        except Exception as err:
            results.append((None, str(err)))
    return results


def _store_article(db, registry, copies, article, quotes) -> tuple:
    """Write one article and regroup the utterances of its speakers, old and new, in one
    transaction: a crash or a busy database never leaves quotes without an utterance."""
    speaker_ids, speakers, aliases = resolve_speakers(registry, quotes, article.id, article.text)
    merges = list(registry.merges)  # kept on the registry until they are stored
    with store.write_transaction(db):
        for old_id, new_id, rule in merges:  # this article showed two stored speakers are one
            store.merge_speakers(db, old_id, new_id, rule)
        old_quotes = store.quotes_of_article(db, article.id)
        is_new = not store.article_exists(db, article.id)
        # Only a new article is compared: on a re-run the original would match its copy.
        syndicated_from = copies.original_of(article) if is_new else None
        old_text = None if is_new else store.article_text(db, article.id)
        quote_ids = store.save_article(db, article, quotes, speaker_ids, speakers, aliases,
                                       syndicated_from)
        # a rename (a fuller name shown, the id follows) brings no quotes together: only a
        # merge of two speakers regroups the merged speaker's quotes
        regroup_article(db, old_quotes, quote_ids, {new for _, new, rule in merges if rule != "renamed"})
        copies.add(article, old_text)
    registry.merges = [m for m in registry.merges if m not in merges]
    return ("new" if is_new else "updated"), speaker_ids, quote_ids, merges


def resolve_speakers(registry, quotes, article_id, text=None) -> tuple:
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
    for i, (speaker_id, _rule) in zip(named, registry.resolve_article(items, article_id, text)):
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


def regroup_article(db, old_quotes: list, quote_ids: list, merged_speakers: Iterable = ()) -> int:
    """After an article's quotes are written: index them for grouping and regroup around
    them. old_quotes: (id, utterance_id) of the quotes the article had before (they may be
    gone); merged_speakers: speakers this article showed to be one with another."""
    gone = {qid for qid, _ in old_quotes} - set(quote_ids)
    store.index_quote_stems(db, store.quotes_for_regrouping(db, quote_ids, ()), gone)
    seeds = set(quote_ids)
    for speaker_id in merged_speakers:  # two speakers now one: their quotes may now meet
        seeds.update(store.quotes_of_speaker(db, speaker_id))
    held_before = dict(old_quotes)
    inherited = {new: held_before.get(old)
                 for old, new in store.quote_successors(db, gone).items()}
    return regroup_utterances(db, seeds, {u for _, u in old_quotes if u}, inherited)


def regroup_utterances(db, quote_ids: Iterable, utterance_ids: Iterable = (),
                       inherited: Optional[dict] = None) -> int:
    """Regroup the utterances around these quotes: the quotes themselves, the stored quotes
    the blocking index offers as candidates for each (their speaker's, and anyone's sharing
    a rare word), and every quote of the utterances any of them (or utterance_ids) holds.
    Nothing else is read, so the cost follows the article, not the database.

    Stored utterance ids are kept (see utterances.stable_ids); an id that no group keeps
    redirects to the group that took its quotes. inherited: {quote id: utterance id} that a
    re-extracted quote takes over from the quote it replaced.
    """
    quote_ids = set(quote_ids)
    candidates = set()
    records = store.quotes_for_regrouping(db, quote_ids, ())
    key_of = store.stem_keys(db, [r["speaker_id"] for r in records])
    for record in records:
        candidates.update(store.utterance_candidates(db, record, key_of))
    touched = set(utterance_ids) | store.utterances_of_quotes(db, quote_ids | candidates)
    records = store.quotes_for_regrouping(db, quote_ids | candidates, touched)
    previous = {r["id"]: r["utterance_id"] for r in records}
    for qid, uid in (inherited or {}).items():
        if qid in previous and not previous[qid] and uid:
            previous[qid] = uid
    clusters, redirects = stable_ids(cluster_utterances(records), previous)
    rows = summarise(clusters, [dict(r, outlet=r["outlet_id"]) for r in records])
    return store.save_utterances(db, records, clusters, rows, redirects, touched)


def extract_records(records: Iterable[dict], nlp=None) -> Iterator[dict]:
    """Predictions for {"id", "text"} records; speakers and clusters span the whole input."""
    records = list(records)
    registry = _registry(None)
    per_doc = []
    for record, quotes in zip(records, extract.extract_many([r["text"] for r in records], nlp=nlp)):
        speaker_ids, _, _ = resolve_speakers(registry, quotes, str(record["id"]), record["text"])
        per_doc.append((record, quotes, speaker_ids))
    # a later record may have shown that two speakers are one: every quote takes the id now
    per_doc = [(record, quotes, [registry.current_id(s) for s in speaker_ids])
               for record, quotes, speaker_ids in per_doc]
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
                "rule": quote.rule,
                "cluster": clusters.get(qid),
            })
        yield {"id": record["id"], "quotes": out}


def _registry(db):
    """A SpeakerRegistry that loads the stored speakers a name could be as it meets them."""
    if db is None:
        return SpeakerRegistry()
    # only the stored speakers filed under the blocking keys of the names being resolved
    return SpeakerRegistry(source=lambda keys: store.speakers_filed_under(db, keys))


class _SyndicationIndex:
    """Finds the stored wire story a new article copies through the index in SQLite
    (store.syndication_shingles): a few candidates by shared shingle samples, each then
    compared exactly. Costs the same at the thousandth article as at the millionth."""

    def __init__(self, db):
        self.db = db
        self._last = (None, None, None)  # (text, its shingles, their hashes): original_of's, for add

    def _shingles(self, text):
        """(shingles, their hashes) of the text, computed once for original_of and add."""
        if self._last[0] != text:
            found = syndication.shingles(text)
            self._last = (text, found, syndication.hashes(found))
        return self._last[1], self._last[2]

    def original_of(self, article):
        """The stored article (another id) that runs the same wire story, if any."""
        new, every = self._shingles(article.text)
        if len(new) < syndication.MIN_SHINGLES:
            return None
        sample = syndication.sampled(every)
        likely = syndication.likely_copies(
            store.articles_sharing_shingles(self.db, sample, article.id),
            store.articles_sharing_shingles(self.db, every - sample, article.id), len(new))
        candidates = ((i, store.article_text(self.db, i)) for i in likely)
        found = syndication.find_syndicated(article.text, candidates, new_shingles=new)
        if not found:
            return None
        # a copy of a copy points at the original wire story, so all copies share one root
        root, seen = found[0][0], set()
        while root not in seen:
            seen.add(root)
            earlier = store.syndicated_from(self.db, root)
            if not earlier:
                break
            root = earlier
        return root if root != article.id else None  # a copy of this article is no source of it

    def add(self, article, old_text=None):
        """Index the article just stored; the rows of its old text, when it had one, go."""
        old = syndication.sketch(syndication.hashes(syndication.shingles(old_text))) \
            if old_text else []
        store.save_syndication_sketch(self.db, article.id, syndication.sketch(
            self._shingles(article.text)[1]), old)
