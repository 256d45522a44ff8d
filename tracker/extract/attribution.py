"""Who said each quote: speaker, cue and channel from the parse around the quote marks.

Works on parsed paragraphs (a spaCy Doc per paragraph, or paragraph spans of one Doc) so the
caller decides what to parse. The rules, in order:

1. the cue: the speech verb that governs the quote (an ancestor in the parse, or a verb
   hanging off the quote: "…," X said), climbing through complement clauses to the reporting
   verb ("X said they agreed on a “…”" is X's) but not out of adverbial clauses ("after Y
   called for “…”" is Y's); a speech noun with an owner ("Ilinov's vow that … “…”");
   "according to X"; "the message from X"; a dash credit after the quote or on the next
   line ("…" — Commissioner X); a colon after the subject with no speech verb ("X shared the
   post with one line: “…”"); "asked by X" names the asker, not the speaker;
2. the speaker: the cue's subject (the nearest one; relative pronouns, conjoined and
   participial verbs resolved to their own subject; when the parser lost it, the sentence's
   first subject or the name right before the verb); appositions give names ("one woman,
   Rania") and roles (descriptions); "a spokesperson for X" and "X's statement" speak for X
   unless the spokesperson is named; titles are not names ("Ms Abbott");
3. pronouns and descriptions ("he", "the ministry") resolve to the nearest earlier speaker
   or person that fits by kind and gender, main-clause subjects first, over the previous
   paragraphs; a pronoun under a named reporting verb is that reporter; a one-word name is
   the fuller name given before ("Lavrov" -> "Sergei Lavrov"); "the army" is the article's
   one named army;
4. a full quote with no cue of its own continues the speaker of the quote or reported speech
   just before it (a quote paragraph after "the resident stated that…").
A quote with none of these is a scare quote, a title or a label, and is not extracted.
"""
from dataclasses import dataclass
from typing import Optional

from tracker.lexicon import MESSAGE_NOUNS, SPEECH_NOUNS

from .cues import (channel_of, colon_subject, cue_text, dash_attribution, find_cue, list_head,
                   reporting_subject, subject_of, tokens_of_quote)
from .marks import MarkedQuote
from .mentions import Mention, Paragraph, build_mention, is_org, leading_determiner, span_text
from .resolution import ArticleState, pronoun_fits, resolve


@dataclass
class Attribution:
    speaker: Optional[Mention]
    cue: Optional[str]
    channel: Optional[str]
    verb: object = None  # the cue token, when there is one
    distance: Optional[int] = None  # tokens between the cue and the quote


def attribute(par: Paragraph, q: MarkedQuote, state: ArticleState, quoted: set) -> Attribution:
    found = _attribute(par, q, state, quoted)
    if found.verb is not None:
        quote_tokens = tokens_of_quote(par, q)
        if quote_tokens:
            found.distance = min(abs(found.verb.i - t.i) for t in quote_tokens)
    return found


def _attribute(par: Paragraph, q: MarkedQuote, state: ArticleState, quoted: set) -> Attribution:
    text = state.text
    quote_tokens = tokens_of_quote(par, q)
    cue = find_cue(par, q, quoted, quote_tokens)
    if cue is not None and cue.lower_ == "according":
        to = cue.nbor(1)
        pobj = [c for c in to.children if c.dep_ == "pobj"] or [to.nbor(1)]
        speaker = build_mention(par, pobj[0], text, quoted)
        return Attribution(resolve(speaker, par, pobj[0], state), "according to", None, cue)
    if cue is not None and cue.pos_ == "NOUN" and cue.lemma_.lower() in SPEECH_NOUNS:
        owner = next(c for c in cue.children if c.dep_ == "poss")
        speaker = build_mention(par, owner, text, quoted)
        return Attribution(resolve(speaker, par, owner, state), cue.text, None, cue)
    if cue is not None and cue.lemma_.lower() in MESSAGE_NOUNS:
        source = [c for p in cue.children if p.dep_ == "prep" and p.lower_ == "from"
                  for c in p.children if c.dep_ == "pobj"]
        if source:
            speaker = build_mention(par, source[0], text, quoted)
            return Attribution(resolve(speaker, par, source[0], state), f"{cue.text} from", None, cue)
    if cue is not None:
        subj = subject_of(cue, quoted=quoted)
        listed = list_head(subj) if subj is not None else None
        if listed is not None:
            # "the ministers of Turkey, Iran, and Russia agreed": the parser made the last
            # item the subject; the speaker is the whole phrase
            tokens = [t for t in subj.doc[listed.left_edge.i:subj.i + 1] if t.i not in quoted]
            name_tokens = tokens[1:] if leading_determiner(tokens) else tokens
            speaker = Mention(name=span_text(par, name_tokens, text), mention=span_text(par, tokens, text),
                              kind="group", heads=frozenset({listed.lemma_.lower()}))
            return Attribution(speaker, cue_text(cue), channel_of(cue, quoted), cue)
        speaker = build_mention(par, subj, text, quoted) if subj is not None else None
        if speaker is not None and speaker.kind == "pronoun":
            # "Ilinov said … what he described as “…”": he is the one reporting
            reporter = reporting_subject(cue, quoted)
            if reporter is not None:
                outer = build_mention(par, reporter, text, quoted)
                if outer is not None and pronoun_fits(speaker.name, outer) and (
                        outer.kind in ("person", "name", "person-description", "anonymous")
                        or (reporter.pos_ == "PROPN" and not is_org(reporter))):
                    speaker = Mention(outer.name, speaker.mention, outer.kind, outer.description,
                                      outer.heads, outer.gender)
        speaker = resolve(speaker, par, subj, state) if speaker else None
        return Attribution(speaker, cue_text(cue), channel_of(cue, quoted), cue)
    dash = dash_attribution(par, q, text)
    if dash is not None:
        return Attribution(resolve(dash, par, None, state, pos=q.end), None, None, None)
    intro = colon_subject(par, q, quote_tokens, quoted)
    if intro is not None:
        speaker = build_mention(par, intro, text, quoted)
        if speaker is not None and speaker.kind not in ("unknown",):
            return Attribution(resolve(speaker, par, intro, state), None, None, None)
    return Attribution(None, None, None, None)
