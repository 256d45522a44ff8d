"""One article's quotes: marks found on the text, attribution on parsed paragraphs.

The parse is asked for paragraph by paragraph (get_paragraph), so the caller decides what is
parsed: the fast path parses only paragraphs with quote marks up front and the paragraphs
before them only when a pronoun or a cue-less quote needs them; the spaCy component hands in
paragraph spans of a Doc it already has.
"""
from typing import Callable, List, Optional

from .attribution import Attribution
from .cues import tokens_of_quote
from .marks import MarkedQuote, find_quotes, paragraphs
from .mentions import Mention, Paragraph
from .quote import Quote
from .resolution import ArticleState, Entry
from .rules import QuoteCase, attribute, attribute_headline, attribute_in_article, is_headline, not_speech, quote_kind


def attribute_article(text: str, get_paragraph: Callable[[int], Optional[Paragraph]],
                      marked: Optional[List[MarkedQuote]] = None, rejected: Optional[list] = None) -> List[Quote]:
    """The article's quotes with their speakers (rules.py: the cue rules, then the
    not-speech rules). rejected, when given, collects (quote text, not-speech rule name)."""
    marked = find_quotes(text) if marked is None else marked
    spans = paragraphs(text)
    state = ArticleState(text, get_paragraph, quoted=[(q.start, q.end) for q in marked], spans=spans)
    quoted_cache = {}
    last_in_paragraph = {}  # paragraph index -> (pos, Mention) of the last attributed quote
    out: List[Quote] = []

    def quoted_ids(index):
        if index not in quoted_cache:
            par = get_paragraph(index)
            ids = set()
            for other in marked:
                for k, (a, b) in enumerate(other.pieces):
                    if spans[index][0] <= a <= spans[index][1]:
                        piece = MarkedQuote(a, b, other.open_mark, other.close_mark if k == len(other.pieces) - 1 else "", index)
                        ids.update(t.i for t in tokens_of_quote(par, piece))
            quoted_cache[index] = ids
        return quoted_cache[index]

    def attribute_quote(case: QuoteCase):
        q = case.q
        found = None
        # attribute on the first piece; a quote running over paragraphs may be attributed
        # in its last one ("…the end of it,” she said.)
        for k in sorted({0, len(q.pieces) - 1}):
            a, b = q.pieces[k]
            index = next(i for i, (s, e) in enumerate(spans) if s <= a <= e)
            piece = MarkedQuote(a, b, q.open_mark if k == 0 else "", q.close_mark if k == len(q.pieces) - 1 else "", index)
            par = get_paragraph(index)
            if par is None:
                continue
            found = attribute(par, piece, state, quoted_ids(index))
            if found.speaker is not None or found.cue is not None:
                break
        return attribute_in_article(case, found if found is not None else Attribution(None, None, None, None))

    def record(case: QuoteCase, attribution: Attribution) -> Quote:
        q = case.q
        p_start, p_end = spans[q.paragraph]
        speaker = attribution.speaker
        return Quote(
            start=q.start, end=q.end, text=case.body, kind=case.kind,
            speaker=_display_name(speaker), speaker_mention=speaker.mention if speaker else None,
            speaker_kind=_public_kind(speaker), speaker_description=speaker.description if speaker else None,
            cue=attribution.cue, channel=attribution.channel,
            paragraph_start=p_start, paragraph_end=spans[-1][1] if q.pieces[-1][1] > p_end else p_end,
            rule=attribution.rule,
        )

    headline = []  # (case, not-speech rule or None, index in out or None)
    for q in marked:
        body = text[q.start:q.end]
        case = QuoteCase(text, q, spans, state, quote_kind(text, q), body, last_in_paragraph, attribute_quote)
        reason = not_speech(case)
        if is_headline(text, spans, q.paragraph):
            headline.append((case, reason, len(out) if reason is None else None))
        if reason is not None:
            if rejected is not None:
                rejected.append((body, reason))
            continue
        attribution = case.attribution
        speaker = attribution.speaker
        if speaker is not None and speaker.kind != "pronoun":
            last_in_paragraph[q.paragraph] = (q.start, speaker)
            state.add_entry(q.paragraph, Entry(q.start, speaker, True, True, True))
            state.said.append((q.start, q.end, speaker))
        out.append(record(case, attribution))
    # a headline's quoted words, once the body has said who said them
    for case, reason, index in headline:
        echo = attribute_headline(case, reason)
        if echo is None:
            continue
        if index is None:
            if rejected is not None:
                rejected.remove((case.body, reason))
            out.append(record(case, echo))
        else:
            out[index] = record(case, echo)
    return sorted(out, key=lambda quote: quote.start)


def _display_name(speaker: Optional[Mention]) -> Optional[str]:
    if speaker is None or speaker.kind == "pronoun":
        return None
    return speaker.name


def _public_kind(speaker: Optional[Mention]) -> Optional[str]:
    if speaker is None or speaker.kind == "pronoun":
        return None
    return {"person-description": "person", "unknown": "organization", "name": "person"}.get(speaker.kind, speaker.kind)
