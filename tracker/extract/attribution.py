"""What an attribution is, and how a cue word gives one: the speaker, cue and channel.

The rules that find the cue word (or find a speaker with no cue) are in rules.py; this module
builds the speaker from what they found: the subject of a speech verb (the nearest one;
relative pronouns, conjoined and participial verbs resolved to their own subject; when the
parser lost it, the sentence's first subject or the name right before the verb), the owner
of a speech noun, the source of a message, the object of "according to". Pronouns and
descriptions ("he", "the ministry") then resolve over the article (resolution.py).
"""
from dataclasses import dataclass
from typing import Optional

from tracker.lexicon import MESSAGE_NOUNS, SPEECH_NOUNS

from .cues import channel_of, cue_text, list_head, reporting_subject, subject_of
from .mentions import Mention, build_mention, is_org, leading_determiner, span_text
from .resolution import pronoun_fits, resolve


@dataclass
class Attribution:
    speaker: Optional[Mention]
    cue: Optional[str]
    channel: Optional[str]
    verb: object = None  # the cue token, when there is one
    distance: Optional[int] = None  # tokens between the cue and the quote
    rule: Optional[str] = None  # the name of the rule that found it (rules.CUE_RULES)


def from_according(case, cue) -> Attribution:
    """"according to X": X."""
    to = cue.nbor(1)
    pobj = [c for c in to.children if c.dep_ == "pobj"] or [to.nbor(1)]
    speaker = build_mention(case.par, pobj[0], case.text, case.quoted)
    return Attribution(resolve(speaker, case.par, pobj[0], case.state), "according to", None, cue)


def from_owner(case, cue) -> Attribution:
    """A speech noun's owner: "Ilinov's vow that … “…”" is Ilinov's."""
    owner = next(c for c in cue.children if c.dep_ == "poss")
    speaker = build_mention(case.par, owner, case.text, case.quoted)
    return Attribution(resolve(speaker, case.par, owner, case.state), cue.text, None, cue)


def from_source(case, cue) -> Optional[Attribution]:
    """"“…” was the message from X": X."""
    source = [c for p in cue.children if p.dep_ == "prep" and p.lower_ == "from"
              for c in p.children if c.dep_ == "pobj"]
    if not source:
        return None
    speaker = build_mention(case.par, source[0], case.text, case.quoted)
    return Attribution(resolve(speaker, case.par, source[0], case.state), f"{cue.text} from", None, cue)


def from_verb(case, cue) -> Attribution:
    """The speech verb's subject, with its channel ("on Telegram")."""
    par, text, quoted = case.par, case.text, case.quoted
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
    speaker = resolve(speaker, par, subj, case.state) if speaker else None
    return Attribution(speaker, cue_text(cue), channel_of(cue, quoted), cue)


def from_cue(case, cue) -> Attribution:
    """The attribution a cue token gives, by what kind of word it is."""
    if cue.lower_ == "according":
        return from_according(case, cue)
    if cue.pos_ == "NOUN" and cue.lemma_.lower() in SPEECH_NOUNS:
        return from_owner(case, cue)
    if cue.lemma_.lower() in MESSAGE_NOUNS:
        found = from_source(case, cue)
        if found is not None:
            return found
    return from_verb(case, cue)
