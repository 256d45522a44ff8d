"""One article's quotes: marks found on the text, attribution on parsed paragraphs.

The parse is asked for paragraph by paragraph (get_paragraph), so the caller decides what is
parsed: the fast path parses only paragraphs with quote marks up front and the paragraphs
before them only when a pronoun or a cue-less quote needs them; the spaCy component hands in
paragraph spans of a Doc it already has.
"""
import re
from typing import Callable, List, Optional

from tracker.lexicon import NAMING_WORDS, WEAK_SPEECH_VERBS

from .attribution import Attribution, attribute
from .cues import tokens_of_quote
from .marks import MarkedQuote, find_quotes, paragraphs
from .mentions import Mention, Paragraph
from .quote import Quote
from .resolution import ArticleState, Entry, speaker_of_entry

TERMINAL = re.compile(r"[.!?…]")
BULLET = re.compile(r"^\s*([-•*▪►]|\d+[.)])\s+")


HEADLINE_SPEAKER = re.compile(r"^((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)\s*:\s*[“\"‘'«„]")


def is_heading(text: str, start: int, end: int) -> bool:
    """Subheadings ("‘Scared’", "Soldiers ‘fled’") and link lists hold labels, not speech;
    a headline naming its speaker ("Talia Renner: ‘I can hide…’") is kept."""
    para = text[start:end]
    words = para.split()
    if HEADLINE_SPEAKER.match(para):
        return False
    if BULLET.match(para) and not para.rstrip().endswith("."):
        return True
    return len(words) <= 8 and not TERMINAL.search(para)


def quote_kind(text: str, q: MarkedQuote) -> str:
    """full: a statement in its own right; fragment: words embedded in reported speech."""
    before = text[:q.start - len(q.open_mark)].rstrip()
    body = text[q.start:q.end].strip()
    embedded = bool(before) and (before[-1].isalnum() or before[-1] in ")")
    if not embedded:
        return "full"
    if body[:1].isupper() and TERMINAL.search(body[-2:]) and len(body.split()) >= 5:
        return "full"
    return "fragment"


def is_named_thing(text: str, q: MarkedQuote, body: str) -> bool:
    """A name or title in quotes: after "so-called", "titled", "known as"…, or one
    capitalised word quoted mid-sentence (the game "Skyreach", the film “Ombre”)."""
    before = text[max(0, q.start - len(q.open_mark) - 40):q.start - len(q.open_mark)].lower().split()
    if before and (before[-1] in NAMING_WORDS and (before[-1] != "as" or before[-2:-1] == ["known"])):
        return True
    words = body.strip(" ,.;:!?").split()
    return len(words) == 1 and words[0][:1].isupper() and not words[0].isupper() and quote_kind(text, q) == "fragment"


def looks_like_title(body: str) -> bool:
    """Titles of works and names in quotes: "One Hundred Years of Solitude"."""
    words = re.findall(r"[A-Za-z][\w'’-]*", body)
    if len(words) < 2 or body.isupper():
        return False
    small = {"of", "the", "a", "an", "and", "or", "in", "on", "to", "for", "at", "by", "with", "from"}
    return all(w[0].isupper() for w in words if w.lower() not in small) and not TERMINAL.search(body[-1:])


def attribute_article(text: str, get_paragraph: Callable[[int], Optional[Paragraph]],
                      marked: Optional[List[MarkedQuote]] = None) -> List[Quote]:
    marked = find_quotes(text) if marked is None else marked
    spans = paragraphs(text)
    state = ArticleState(text, get_paragraph, quoted=[(q.start, q.end) for q in marked])
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

    for q in marked:
        p_start, p_end = spans[q.paragraph]
        if is_heading(text, p_start, p_end):
            continue
        body = text[q.start:q.end]
        kind = quote_kind(text, q)
        attribution = Attribution(None, None, None)
        # attribute on the first piece; a quote running over paragraphs may be attributed
        # in its last one ("…the end of it,” she said.)
        for k in sorted({0, len(q.pieces) - 1}):
            a, b = q.pieces[k]
            index = next(i for i, (s, e) in enumerate(spans) if s <= a <= e)
            piece = MarkedQuote(a, b, q.open_mark if k == 0 else "", q.close_mark if k == len(q.pieces) - 1 else "", index)
            par = get_paragraph(index)
            if par is None:
                continue
            attribution = attribute(par, piece, state, quoted_ids(index))
            if attribution.speaker is not None or attribution.cue is not None:
                break
        speaker = attribution.speaker
        if speaker is None and attribution.cue is None:
            if kind != "full" or looks_like_title(body):
                continue  # a scare quote, a label or a title
            speaker = _continued_speaker(state, last_in_paragraph, q) if _stands_alone(text, q, spans) else None
            if speaker is None:
                continue
        if kind == "fragment" and not _can_speak(speaker, attribution):
            continue  # "What is ‘shrinkflation’", "the word describes ‘shrink’": no one speaks
        if is_named_thing(text, q, body) or looks_like_title(body) and (
                kind == "fragment" or len(body.split()) <= 6 and not _cue_adjacent(attribution, q)):
            continue
        if speaker is not None and speaker.kind != "pronoun":
            last_in_paragraph[q.paragraph] = (q.start, speaker)
            state.add_entry(q.paragraph, Entry(q.start, speaker, True, True, True))
        out.append(Quote(
            start=q.start, end=q.end, text=body, kind=kind,
            speaker=_display_name(speaker), speaker_mention=speaker.mention if speaker else None,
            speaker_kind=_public_kind(speaker), speaker_description=speaker.description if speaker else None,
            cue=attribution.cue, channel=attribution.channel,
            paragraph_start=p_start, paragraph_end=spans[-1][1] if q.pieces[-1][1] > p_end else p_end,
        ))
    return out


def _can_speak(speaker: Optional[Mention], attribution: Attribution) -> bool:
    """Someone said the words: a named or described speaker, not a thing ("the word")
    behind a verb that also describes ("describes", "calls")."""
    if speaker is None:
        return False
    weak = attribution.verb is not None and attribution.verb.lemma_.lower() in WEAK_SPEECH_VERBS
    return not (weak and speaker.kind == "unknown")


def _cue_adjacent(attribution: Attribution, q: MarkedQuote) -> bool:
    """The cue sits right by the quote ("“In Geneva,” he said"), not far along the sentence."""
    return attribution.distance is not None and attribution.distance <= 4


def _stands_alone(text: str, q: MarkedQuote, spans) -> bool:
    """The quote is a sentence of its own: nothing but punctuation between it and the
    sentence ends around it (so "“…,” the order read." is not someone's continued speech)."""
    p_start, p_end = spans[q.paragraph]
    before = text[p_start:q.start - len(q.open_mark)]
    after = text[q.pieces[-1][1] + len(q.close_mark):spans[q.paragraph + len(q.pieces) - 1][1]]
    head = re.split(r"(?<=[.!?…:”\"])\s+", before)[-1] if before.strip() else ""
    tail = re.split(r"(?<=[.!?…])\s+", after)[0] if after.strip() else ""
    return not re.search(r"\w", head) and not re.search(r"\w", tail)


def _continued_speaker(state: ArticleState, last_in_paragraph: dict, q: MarkedQuote) -> Optional[Mention]:
    """A full quote with no cue of its own: the speaker just before it goes on talking."""
    if q.paragraph in last_in_paragraph:
        return last_in_paragraph[q.paragraph][1]
    here = [e for e in state.paragraph_entries(q.paragraph) if e.pos < q.start and e.is_subject
            and e.speaker.kind in ("person", "person-description", "pronoun")]
    if here:  # "Smith was blunt. “We lost.”", "She added that … “About one in 10 …”"
        return speaker_of_entry(state, q.paragraph, here[-1])
    if q.paragraph - 1 in last_in_paragraph:
        return last_in_paragraph[q.paragraph - 1][1]
    if q.paragraph > 0:
        before = [e for e in state.paragraph_entries(q.paragraph - 1) if e.is_speech]
        if before:
            return speaker_of_entry(state, q.paragraph - 1, before[-1])
    return None


def _display_name(speaker: Optional[Mention]) -> Optional[str]:
    if speaker is None or speaker.kind == "pronoun":
        return None
    return speaker.name


def _public_kind(speaker: Optional[Mention]) -> Optional[str]:
    if speaker is None or speaker.kind == "pronoun":
        return None
    return {"person-description": "person", "unknown": "organization", "name": "person"}.get(speaker.kind, speaker.kind)
