"""The spaCy side: the quote_attribution component and the fast paragraph-wise path.

`nlp.add_pipe("quote_attribution")` (registered through the spacy_factories entry point, so
no import is needed) sets Doc._.quotes on a Doc the pipeline has parsed whole.
`extract_many` is the fast path for ingest: it parses only paragraphs that hold quote marks
(and, when a pronoun or a cue-less quote needs them, the paragraphs before them, batched
across articles), since the parser and NER cost nearly all the time; the entity recognizer
runs only on windows around the capitalised words outside quotes (_ner_windows).
"""
import bisect
import re
import threading
from collections import Counter
from typing import Iterable, Iterator, List, Optional

from spacy.attrs import IDX, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from .article import attribute_article
from .marks import find_quotes, paragraphs
from .mentions import Paragraph
from .model import load_model
from .quote import Quote

# What spaCy is given is bounded (a copy: the article text, and so every offset, is unchanged).
# Its tokenizer is quadratic in a run without spaces that it splits mark by mark (“‘“‘…,
# ’s’s…: 3000 pairs take 100 s), and such a run is a token a character for the parser, so a
# run longer than MAX_TOKEN_CHARS keeps its first MAX_TOKEN_CHARS characters and the rest are
# spaces in the copy (one whitespace token); a paragraph longer than MAX_PARSE_CHARS (spaCy refuses
# one over nlp.max_length; news paragraphs are a few hundred characters) is not parsed, and
# its quotes, which nothing could attribute, are left out (the rest of the article is not).
# Marks around no word at all (“‘“‘…) quote nothing: they are not parsed for either. Each
# quote costs some work over its whole paragraph, so a paragraph holding more than
# MAX_QUOTES_PER_PARAGRAPH quotes (news paragraphs hold a handful) has them left out too.
MAX_TOKEN_CHARS = 100
MAX_PARSE_CHARS = 100_000
MAX_QUOTES_PER_PARAGRAPH = 50
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_TOKEN_CHARS + 1))
_WORD = re.compile(r"\w")


def parse_text(text: str, start: int, end: int) -> Optional[str]:
    """text[start:end] as spaCy may parse it (same length), or None when it is too long."""
    if end - start > MAX_PARSE_CHARS:
        return None
    return _LONG_RUN.sub(_blank_run, text[start:end])


def _worth_attributing(text: str, spans, marked) -> list:
    """The quotes to attribute: not in a paragraph over MAX_PARSE_CHARS or holding more than
    MAX_QUOTES_PER_PARAGRAPH quotes, and with a word between their marks."""
    def paragraphs_of(q):
        return range(q.paragraph, q.paragraph + len(q.pieces))

    marked = [q for q in marked if any(_WORD.search(text, a, b) for a, b in q.pieces)]
    counts = Counter(k for q in marked for k in paragraphs_of(q))
    return [q for q in marked if all(
        spans[k][1] - spans[k][0] <= MAX_PARSE_CHARS and counts[k] <= MAX_QUOTES_PER_PARAGRAPH
        for k in paragraphs_of(q))]


def _blank_run(match) -> str:
    run = match.group()
    return run[:MAX_TOKEN_CHARS] + " " * (len(run) - MAX_TOKEN_CHARS)


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


class QuoteAttribution:
    """Sets Doc._.quotes from the parse the pipeline already made."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spans = paragraphs(doc.text)

        def get_paragraph(index):
            start, end = spans[index]
            span = doc.char_span(start, end, alignment_mode="expand")
            return Paragraph(index, start, end, span, 0) if span is not None else None

        doc._.quotes = attribute_article(doc.text, get_paragraph)
        return doc


@Language.factory("quote_attribution")
def make_quote_attribution(nlp: Language, name: str):
    return QuoteAttribution(nlp, name)


def extract_many(texts: Iterable[str], nlp=None, batch_size: int = 64) -> Iterator[List[Quote]]:
    """Quotes of each text, parsing only the paragraphs that need it.

    ARTICLES_AT_ONCE articles are taken together: the paragraphs with quote marks are parsed
    up front in one nlp.pipe; the articles are then attributed side by side, and a paragraph
    one asks for later (the one before a quote, for a pronoun) pauses it until all have
    finished or paused, so what they wait for is parsed in one nlp.pipe too (spaCy parses a
    batch of paragraphs in about half the CPU time it takes for them one by one).
    """
    if nlp is None:
        nlp = load_model()
    disable = [name for name in nlp.pipe_names if name == "quote_attribution"]
    texts = list(texts)
    for first in range(0, len(texts), ARTICLES_AT_ONCE):
        yield from _extract_together(texts[first:first + ARTICLES_AT_ONCE], nlp, batch_size, disable)


ARTICLES_AT_ONCE = 64


def _extract_together(texts: list, nlp, batch_size: int, disable: list) -> list:
    plans = []
    wanted = []  # (text index, paragraph index, start, end)
    for t_index, text in enumerate(texts):
        spans = paragraphs(text)
        marked = _worth_attributing(text, spans, find_quotes(text))
        need = sorted({k for q in marked for k in range(q.paragraph, q.paragraph + len(q.pieces))})
        plans.append((marked, spans, [piece for q in marked for piece in q.pieces]))
        wanted.extend((t_index, k, spans[k][0], spans[k][1]) for k in need)
    parsed = {}

    def parse(keys):
        inputs = [parse_text(texts[t], a, b) for t, _, a, b in keys]
        quoted = [[(max(a, qa) - a, min(b, qb) - a) for qa, qb in plans[t][2] if qa < b and qb > a]
                  for t, _, a, b in keys]
        docs = _parse_paragraphs(nlp, inputs, quoted, batch_size, disable)
        for (t, k, a, b), doc in zip(keys, docs):
            parsed[(t, k)] = Paragraph(k, a, b, doc, a)

    def attribution_of(t_index):
        text = texts[t_index]
        marked, spans, _ = plans[t_index]

        def attribute(ask):
            def get_paragraph(index):
                if (t_index, index) not in parsed:
                    if not 0 <= index < len(spans) or parse_text(text, *spans[index]) is None:
                        return None
                    ask((t_index, index, *spans[index]))
                return parsed[(t_index, index)]
            return attribute_article(text, get_paragraph, marked)
        return _PausingRun(attribute)

    parse(wanted)
    runs = [attribution_of(t_index) for t_index in range(len(texts))]
    try:
        waiting = runs
        while waiting:
            for run in waiting:
                run.step()
            waiting = [run for run in waiting if not run.done]
            parse([run.asked for run in waiting])
    finally:
        for run in runs:
            run.stop()
    for run in runs:
        if run.error is not None:
            raise run.error
    return [run.result for run in runs]


# The entity recognizer (its own tok2vec; about half the CPU of a parse) is run apart, only
# around the capitalised words outside quotes, NER_MARGIN tokens either side: the rules read
# entity types on speaker names, their heads and neighbours and the names people_in collects
# (resolution.py), never on quoted words (about half of a quoted paragraph), and the
# entities they ask for (PERSON, ORG, GPE, NORP, LOC, FAC) are capitalised. The recognizer's
# tok2vec reads 4 tokens either side; with a margin of 3 the predictions of the 14 scored
# sets are byte-identical to a whole-paragraph pass (with a margin of 2, 4 quotes of the
# bench workload differ). Each window is a Doc of its own (Span.as_doc).
NER_MARGIN = 3
# a paragraph whose windows would cover most of it is recognized whole (no copies)
NER_WHOLE_SHARE = 0.8


def _ner_windows(doc: Doc, quoted: list) -> list:
    """[(start, end), ...] token ranges of doc to run the entity recognizer on: the
    capitalised tokens outside the quoted character ranges, widened by NER_MARGIN, merged
    where they touch (all of doc when they cover NER_WHOLE_SHARE of it)."""
    n = len(doc)
    if not n:
        return [(0, n)]
    merged = []  # the quoted ranges in order, nested or overlapping ones merged
    for a, b in sorted(quoted):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts, ends = [a for a, _ in merged], [b for _, b in merged]

    def is_quoted(offset):
        k = bisect.bisect_right(starts, offset) - 1
        return k >= 0 and offset < ends[k]
    windows = []
    for i, (orth, lower, idx) in enumerate(doc.to_array([ORTH, LOWER, IDX]).tolist()):
        if orth == lower or is_quoted(idx):
            continue
        lo, hi = max(0, i - NER_MARGIN), min(n, i + 1 + NER_MARGIN)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    if sum(e - s for s, e in windows) >= NER_WHOLE_SHARE * n:
        return [(0, n)]
    return windows


def _parse_paragraphs(nlp, inputs: list, quoted: list, batch_size: int, disable: list) -> list:
    """nlp.pipe over the paragraph texts, the entity recognizer run only on _ner_windows
    (quoted: each paragraph's quoted character ranges, relative to it)."""
    ner = dict(getattr(nlp, "pipeline", ())).get("ner")
    if ner is None or "ner" not in getattr(nlp, "pipe_names", ()):
        return list(nlp.pipe(inputs, batch_size=batch_size, disable=disable))
    docs = list(nlp.pipe(inputs, batch_size=batch_size, disable=disable + ["ner"]))
    jobs = []  # (paragraph doc, window start, doc the recognizer runs on)
    for doc, ranges in zip(docs, quoted):
        windows = _ner_windows(doc, ranges)
        if windows == [(0, len(doc))]:
            jobs.append((doc, 0, doc))
        else:
            jobs.extend((doc, s, doc[s:e].as_doc()) for s, e in windows)
    recognized = list(ner.pipe((job[2] for job in jobs), batch_size=batch_size))
    entities = {}
    for (doc, start, _), piece in zip(jobs, recognized):
        if piece is not doc:
            entities.setdefault(id(doc), (doc, []))[1].extend(
                Span(doc, start + ent.start, start + ent.end, label=ent.label) for ent in piece.ents)
    for doc, spans in entities.values():
        doc.set_ents(spans, default="outside")
    return docs


class _Stopped(BaseException):
    """Ends a paused run; not an Exception, so no handler inside work swallows it."""


class _PausingRun:
    """work(ask) run in a thread of its own that runs only while step() waits for it: it
    stops when work returns or raises, or calls ask(key) (then self.asked is key, and the
    next step() returns from ask). One thread runs at a time, so the runs share no state
    unsafely and give what they would give one after the other."""

    def __init__(self, work):
        self.work = work
        self.asked = self.result = self.error = None
        self.done = self._stopping = False
        self._go, self._paused = threading.Semaphore(0), threading.Semaphore(0)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        self._go.acquire()
        try:
            if not self._stopping:
                self.result = self.work(self._ask)
        except _Stopped:
            pass
        except Exception as err:
            self.error = err
        self.asked, self.done = None, True
        self._paused.release()

    def _ask(self, key):
        self.asked = key
        self._paused.release()
        self._go.acquire()
        if self._stopping:
            raise _Stopped()

    def step(self):
        """Run until work returns or raises (self.done) or asks (self.asked)."""
        self._go.release()
        self._paused.acquire()

    def stop(self):
        """End the thread (work that has not returned is abandoned)."""
        if not self.done:
            self._stopping = True
            self.step()
        self._thread.join()


def extract_quotes(text: str, nlp=None) -> List[Quote]:
    return next(extract_many([text], nlp))
