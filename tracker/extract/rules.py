"""The attribution rules, each one small named function, in the order they are tried.

A cue rule looks at one quote and returns an Attribution (who, the cue word, the channel)
or None; the first that returns one wins, and its name is stored with the quote (the `rule`
column) so a reader can see why and a developer can measure each rule's precision.
A not-speech rule returns True when the quoted words are no one's speech (a heading, a
title, a scare quote); the first that does drops the quote.

Cue rules have a scope, which says what they look at:
- "sentence": tried on each frame (cues.frames: the quote's sentences, then with the next
  sentence, then with a sentence before ending in a colon); every sentence rule is tried
  on a frame before the next frame;
- "paragraph": the quote's paragraph, when no sentence rule found a cue;
- "article": the whole quote in its article, when nothing in its paragraph(s) did;
- "headline": a quote of the article's headline, after every other quote is attributed
  (the body says who said the words); what it finds replaces what the others found.

To add a rule: write a function taking a Case (or a QuoteCase for "article" rules and
not-speech rules), decorate it with @cue_rule(scope) or put it in NOT_SPEECH_RULES at the
place it should be tried, and add test cases under its name in tests/test_rules.py.
"""
import re
from dataclasses import dataclass, field
from typing import Callable, List, Optional

from tracker.lexicon import (MESSAGE_NOUNS, NAMING_WORDS, NOT_SPEAKER_LABELS, PARTICLES, SPEECH_NOUNS, SPEECH_VERBS,
                             TELLING_VERBS, WEAK_SPEECH_VERBS)
from tracker.names import strip_titles

from .attribution import Attribution, from_cue
from .cues import (climb, colon_subject, dash_attribution, embedded, frames, is_speech, subject_of,
                   tokens_of_quote)
from .marks import MarkedQuote
from .mentions import Mention, Paragraph, build_mention
from .resolution import ArticleState, speaker_of_entry, resolve

TERMINAL = re.compile(r"[.!?…]")
BULLET = re.compile(r"^\s*([-•*▪►]|\d+[.)])\s+")
HEADLINE_SPEAKER = re.compile(r"^((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)\s*:\s*[“\"‘'«„]")


@dataclass
class Case:
    """One quote (its piece in one parsed paragraph) and what a cue rule may look at."""

    text: str
    par: Paragraph
    q: MarkedQuote
    state: ArticleState
    quoted: set  # token ids inside any quote of the paragraph
    quote_tokens: list
    frame: list = field(default_factory=list)  # the tokens of the frame being tried
    _ancestors: Optional[list] = None
    _verbs: dict = field(default_factory=dict)

    @property
    def inside(self) -> set:
        return {t.i for t in self.quote_tokens}

    @property
    def ancestors(self) -> list:
        """Tokens above the quote in the parse, outside it, in text order of their anchors."""
        if self._ancestors is None:
            inside = self.inside
            # in text order: a set of Tokens iterates in an order that follows memory addresses
            anchors = sorted({t.head for t in self.quote_tokens if t.head.i not in inside}, key=lambda t: t.i)
            self._ancestors = [tok for anchor in anchors for tok in [anchor] + list(anchor.ancestors)
                               if tok.i not in inside]
        return self._ancestors

    @property
    def verbs(self) -> list:
        """Speech verbs of the frame with someone doing the saying ("so-called" is no speech);
        "asked by a reporter" names the one asking, not the one answering."""
        key = id(self.frame)
        if key not in self._verbs:
            inside = self.inside
            self._verbs[key] = [t for t in self.frame if is_speech(t) and subject_of(t, quoted=inside) is not None
                                and not (t.tag_ == "VBN" and any(c.dep_ == "agent" for c in t.children))]
        return self._verbs[key]


@dataclass
class QuoteCase:
    """One whole quote in its article: what not-speech rules and article rules look at."""

    text: str
    q: MarkedQuote
    spans: list  # paragraph offsets
    state: ArticleState
    kind: str  # full | fragment
    body: str
    last_in_paragraph: dict  # paragraph index -> (pos, Mention) of the last attributed quote
    attribute: Callable[["QuoteCase"], Attribution]
    _attribution: Optional[Attribution] = None

    @property
    def attribution(self) -> Attribution:
        if self._attribution is None:
            self._attribution = self.attribute(self)
        return self._attribution


CUE_RULES: List[Callable] = []


def cue_rule(scope: str):
    """Register a cue rule, in the order of definition, with its scope."""
    def register(rule):
        rule.scope = scope
        CUE_RULES.append(rule)
        return rule
    return register


# --- cue rules: sentence scope ---

HEADLINE_WORDS = 30  # a first paragraph longer than this is a lede, not a headline
WORD = re.compile(r"\w+")


def is_headline(text: str, spans, index: int) -> bool:
    """The article's first paragraph when it is short and a body follows: its headline."""
    return index == 0 and len(spans) > 1 and len(text[slice(*spans[0])].split()) <= HEADLINE_WORDS


def echoed_speaker(state: ArticleState, q: MarkedQuote) -> Optional[Mention]:
    """The speaker of the first body quote holding a headline quote's words in order
    ("no request" in "no formal request"): headlines quote words the body attributes."""
    words = WORD.findall(state.text[q.start:q.end].lower())
    if not words:
        return None
    line_end = state.text.find("\n", q.end)  # the body's quotes, not the headline's others
    for start, end, speaker in sorted(state.said, key=lambda said: said[0]):
        if line_end >= 0 and start > line_end and _holds_in_order(WORD.findall(state.text[start:end].lower()), words):
            return speaker
    return None


ECHO_GAP = 3  # words a headline may leave out of the body's phrase ("no [formal] request")


def _holds_in_order(body: list, words: list) -> bool:
    """The words appear in the body in order, within a stretch at most ECHO_GAP words longer."""
    for first in (k for k, word in enumerate(body) if word == words[0]):
        k, n = first, 0
        while k < len(body) and n < len(words) and k - first < len(words) + ECHO_GAP:
            n += body[k] == words[n]
            k += 1
        if n == len(words):
            return True
    return False


# (dash_verb_first and source_lead_in come first: they name their source more surely than a
# verb the parser may have hung inside the quote)

DASH_VERB = re.compile(r"[ \t\u00a0]*(?:,[ \t\u00a0]*(?P<dash>[—–―‒−-])?|(?P<bare>[—–―‒−-]))[ \t\u00a0]*(?P<verb>[a-z]+)"
                       r"[ \t\u00a0]+(?P<rest>[^.;:\n«“\"]{1,200})")
# with a comma and no dash, the subject must look like one: "», declared Salcedo", "», said the envoy"
SUBJECT_START = re.compile(r"(?:[A-Z]|(?:the|a|an|one|his|her|their|its)\s)")


@cue_rule("sentence")
def dash_verb_first(case: Case) -> Optional[Attribution]:
    """The verb before its subject right after the quote, in translated style after a dash:
    "«…», — declared the minister of energy of Iran Reza Amini." (the trailing name, without
    the country), "«…», declared Salcedo at a press conference"."""
    q = case.q
    m = DASH_VERB.match(case.text, q.end + len(q.close_mark), case.par.end)
    if not m:
        return None
    verb = _token_at(case, m.start("verb"))
    if verb is None or verb.lemma_.lower() not in SPEECH_VERBS and verb.lower_ not in SPEECH_VERBS:
        return None
    if not (m.group("dash") or m.group("bare")) and (verb.lemma_.lower() in WEAK_SPEECH_VERBS
                                                       or not SUBJECT_START.match(m.group("rest"))):
        return None  # "'inflation', describes smaller packs": the sentence goes on
    rest = CLAUSE_AFTER_SPEAKER.split(m.group("rest"), 1)[0].rstrip(" ,")
    name = trailing_name(rest)
    if name is not None:
        description = rest[:len(rest) - len(name)].strip(" ,") or None
        if description and description.lower().startswith(("the ", "a ", "an ")):
            description = description.split(" ", 1)[1]
        speaker = Mention(name=name, mention=rest, kind="person", description=description,
                          heads=frozenset({name.split()[-1].lower()}))
        return Attribution(resolve(speaker, case.par, None, case.state, pos=q.start), verb.text, None, verb)
    lo, hi = m.start("rest"), m.start("rest") + len(rest)
    words = [t for t in case.par.span if lo <= case.par.pos(t) < hi and t.i not in case.quoted]
    ids = {t.i for t in words}
    head = next((t for t in words if t.head.i not in ids and t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    if head is None:
        return None
    speaker = build_mention(case.par, head, case.text, case.quoted)
    if speaker is None:
        return None
    named = trailing_name(speaker.mention)
    if named is not None and named != speaker.mention:
        # "the commissioner of EU on trade Anna Berg": the name that ends the phrase
        speaker = Mention(name=named, mention=speaker.mention, kind="person",
                          heads=frozenset({named.split()[-1].lower()}))
    elif speaker.kind == "person-description" and speaker.name.lower() in ("man", "woman"):
        # "— told the woman": the woman the paragraph before introduced
        pronoun = "he" if speaker.name.lower() == "man" else "she"
        speaker = Mention(name=pronoun, mention=speaker.mention, kind="pronoun", heads=frozenset({pronoun}))
    return Attribution(resolve(speaker, case.par, head, case.state), verb.text, None, verb)


CLAUSE_AFTER_SPEAKER = re.compile(r",|\s(?:in|on|at|during|after|before|while|when|who|which|to|from|with|for|"
                                  r"told|said|says|adding|speaking|according)\b")
NAME_PARTICLES = PARTICLES | {"ben"}


def trailing_name(words_text: str) -> Optional[str]:
    """The capitalised name ending a phrase ("the minister of energy of Iran Reza Amini" ->
    "Reza Amini"): a word after "of" that begins a run of three or more is the country."""
    words = words_text.split()
    k = len(words)
    while k > 0 and (words[k - 1][:1].isupper() or words[k - 1].lower() in NAME_PARTICLES
                     or words[k - 1][:3].lower() in ("al-", "el-")):
        k -= 1
    run = words[k:]
    while run and run[0].lower() in NAME_PARTICLES:
        run = run[1:]
    if not run or (len(run) == 1 and k > 0):
        return None if k > 0 or not run else run[0]
    if len(run) >= 3 and k > 0 and words[k - 1].lower() == "of":
        run = run[1:]
    name = " ".join(run)
    return strip_titles(name) or name


def _token_at(case: Case, pos: int):
    for t in case.par.span:
        if case.par.pos(t) == pos:
            return t
    return None


NAME_WORDS = r"(?:[A-Za-z][\w.'’-]*\s+){0,5}?[A-Z][\w.'’-]*"
# "one council aide", "a senior official": an unnamed source of a few words
SOURCE_WORDS = r"(?:one|a|an|the) (?:[\w'’-]+ ){0,3}?[\w'’-]+"
# "…put it in a fundraising email on Saturday,": where or when, before the comma
SOURCE_ADJUNCT = r"(?:\s+(?:in|on|at|during|to|after|before|last|this|earlier|later|once)\b[^,“\"«:]{0,80}?)?"
SOURCE_LEADS = [
    re.compile(r"As (?P<who>%s|%s|he|she|they|it) (?:so \w+ )?(?:put|puts|says|said|wrote|writes|noted|notes|"
               r"explained|explains|told \w+|tells \w+|saw|sees|(?:likes|liked|like|is fond of|was fond of) "
               r"(?:to say|to repeat|to put it|saying|repeating))(?: it)?%s[,:]?\s*$"
               % (NAME_WORDS, SOURCE_WORDS, SOURCE_ADJUNCT)),
    re.compile(r"Per (?P<who>[^,“\"«]{2,80}),(?P<rest>[^“\"«]{0,120})$"),
    re.compile(r"In (?P<who>%s|his|her|their)(?:['’]s?)? (?:own )?words,\s*" % NAME_WORDS),
    re.compile(r"To (?P<who>%s)(?:,\s*(?:who|whose)\b[^“\"«]*)?,\s*$" % NAME_WORDS),
]
# "…, but the plan was, in her view, “…”", "Any bill, per Whitcombe, is “…”": anywhere in
# the sentence before the quote
IN_VIEW = re.compile(r"\b[Ii]n (?P<who>%s|his|her|their)(?:['’]s?)? (?:own )?(?:words|view|opinion|telling|estimation),"
                     r"|,\s*per (?P<per>%s)," % (NAME_WORDS, NAME_WORDS))
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they"}


@cue_rule("sentence")
def source_lead_in(case: Case) -> Optional[Attribution]:
    """A source named in a lead-in with no speech verb: "As X put it, “…”", "Per X, “…”",
    "In X's words, …“…”", "To X, “…”"."""
    q = case.q
    p_start = case.par.start
    before = case.text[p_start:q.start - len(q.open_mark)]
    lead_start = p_start + (before.rfind(". ") + 2 if ". " in before else 0)
    while lead_start < q.start and case.text[lead_start] in "—–―‒−- \t":
        lead_start += 1  # an interview's answer line: "— As my colleague X likes to say, «…»"
    for pattern in SOURCE_LEADS:
        m = pattern.match(case.text, lead_start, q.start - len(q.open_mark))
        if m and not ("rest" in m.groupdict() and _speech_between(case, m.start("rest"), m.end("rest"))):
            return _source_at(case, m.start("who"), m.end("who"))
    m = IN_VIEW.search(case.text, lead_start, q.start - len(q.open_mark))
    if m:
        who = "who" if m.group("who") else "per"
        if not _speech_between(case, m.end(), q.start):
            return _source_at(case, m.start(who), m.end(who))
    return None


def _speech_between(case: Case, a: int, b: int) -> bool:
    """A speech verb between the lead-in and the quote ("Per the memo, Smith said “…”"):
    that verb's subject speaks, not the lead-in's source."""
    return any(a <= case.par.pos(t) < b and t.i not in case.quoted and is_speech(t) for t in case.par.span)


def _source_at(case: Case, a: int, b: int) -> Optional[Attribution]:
    """The speaker named by the words at text[a:b]: the root of those words in the parse."""
    tokens = [t for t in case.par.span if a <= case.par.pos(t) < b and t.i not in case.quoted]
    if not tokens:
        return None
    ids = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    root = roots[0]
    if root.lower_ in POSSESSIVE_PRONOUNS:
        speaker = Mention(name=POSSESSIVE_PRONOUNS[root.lower_], mention=root.text, kind="pronoun",
                          heads=frozenset({POSSESSIVE_PRONOUNS[root.lower_]}))
    else:
        speaker = build_mention(case.par, root, case.text, case.quoted)
    if speaker is None or speaker.kind == "unknown":
        return None
    return Attribution(resolve(speaker, case.par, root, case.state), None, None, None)

@cue_rule("sentence")
def verb_above(case: Case) -> Optional[Attribution]:
    """A speech verb above the quote in the parse ("X said that “…”"), climbing through
    complement clauses to the reporting verb but not out of adverbial ones."""
    speech = [t for t in case.ancestors if is_speech(t)]
    if speech:
        nearest = min(speech, key=lambda t: len(list(t.ancestors)) * -1)
        teller = _teller_past_relative(nearest, case.quote_tokens)
        return from_cue(case, climb(teller if teller is not None else nearest, case.inside))
    return None




def _teller_past_relative(verb, quote_tokens):
    """"X told a woman who suggested Y that “…”": the quote after "that" answers the
    telling verb; the relative clause on its listener only led up to it."""
    if verb.dep_ != "relcl":
        return None
    teller = verb.head  # up from the listener ("a controller in the audience who …") to the verb
    while teller.dep_ in ("dobj", "dative", "pobj", "prep") and teller.head.i != teller.i:
        teller = teller.head
    first = quote_tokens[0]
    before = first.doc[first.i - 1] if first.i > 0 else None
    if teller.lemma_.lower() in TELLING_VERBS and is_speech(teller) and before is not None and before.lower_ == "that":
        return teller
    return None


@cue_rule("sentence")
def speech_noun_owner(case: Case) -> Optional[Attribution]:
    """A speech noun with its owner above the quote: "Ilinov's vow that … “…”"."""
    for tok in case.ancestors:
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in SPEECH_NOUNS and any(c.dep_ == "poss" for c in tok.children):
            return from_cue(case, tok)
    return None


@cue_rule("sentence")
def verb_beside(case: Case) -> Optional[Attribution]:
    """A speech verb hanging off a word of the quote: "“…,” he said"."""
    inside = case.inside
    for verb in case.verbs:
        if verb.head.i in inside or any(c.i in inside for c in verb.children):
            return from_cue(case, climb(verb, inside))
    return None


@cue_rule("sentence")
def according_to(case: Case) -> Optional[Attribution]:
    """"according to X"."""
    for t in case.frame:
        if t.lower_ == "according" and t.nbor(1).lower_ == "to":
            return from_cue(case, t)
    return None


@cue_rule("sentence")
def message_from(case: Case) -> Optional[Attribution]:
    """"“…” was the message from X"."""
    for token in case.frame:
        if token.lemma_.lower() in MESSAGE_NOUNS and any(c.dep_ == "prep" and c.lower_ == "from" for c in token.children):
            return from_cue(case, token)
    return None


@cue_rule("sentence")
def verb_nearby(case: Case) -> Optional[Attribution]:
    """The nearest speech verb in the sentence outside the quote: not one in a relative
    clause (a term "used by critics who argue" is not the critics' speech), and for words
    embedded in a clause only a parenthetical one ("X, she said, had been “gracious”")."""
    inside_clause = embedded(case.quote_tokens)
    strong = [v for v in case.verbs if v.lemma_.lower() not in WEAK_SPEECH_VERBS and v.dep_ != "relcl"
              and (not inside_clause or v.dep_ == "parataxis")]
    if strong:
        inside = case.inside
        qmid = (min(inside) + max(inside)) / 2
        return from_cue(case, climb(min(strong, key=lambda v: abs(v.i - qmid)), inside))
    return None


# --- cue rules: paragraph scope (no cue word) ---

@cue_rule("paragraph")
def dash_credit(case: Case) -> Optional[Attribution]:
    """A credit after a dash, after the quote or on the next line: "“…” — Commissioner X"."""
    dash = dash_attribution(case.par, case.q, case.text)
    if dash is None:
        return None
    return Attribution(resolve(dash, case.par, None, case.state, pos=case.q.end), None, None, None)


SPEAKER_LABEL = re.compile(r"^([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3})\s*:\s*$")


HEADLINE_LABEL = re.compile(r"^([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3})\s*:\s+[^.!?]*$")


@cue_rule("paragraph")
def speaker_label(case: Case) -> Optional[Attribution]:
    """An interview's speaker label opening the paragraph: "Nurpeisov: «…»"; in a headline,
    the label speaks the quoted words after it ("Okafor: talks possible «on equal terms»")."""
    lead = case.text[case.par.start:case.q.start - len(case.q.open_mark)]
    m = SPEAKER_LABEL.match(lead) or (HEADLINE_LABEL.match(lead) if case.par.index == 0 else None)
    if not m or m.group(1).split()[0].lower() in NOT_SPEAKER_LABELS:
        return None
    name = m.group(1)
    label = Mention(name=name, mention=name, kind="person", heads=frozenset({name.split()[-1].lower()}))
    return Attribution(resolve(label, case.par, None, case.state, pos=case.q.start), None, None, None)


@cue_rule("paragraph")
def colon_lead_in(case: Case) -> Optional[Attribution]:
    """A colon after the subject, no speech verb: "X shared the post with one line: “…”"."""
    intro = colon_subject(case.par, case.q, case.quote_tokens, case.quoted)
    if intro is None:
        return None
    speaker = build_mention(case.par, intro, case.text, case.quoted)
    if speaker is None or speaker.kind in ("unknown",):
        return None
    return Attribution(resolve(speaker, case.par, intro, case.state), None, None, None)


# --- cue rules: article scope ---

QUESTION_LINE = re.compile(r"^[—–―‒−-]\s*[^“\"«„‘]*\?\s*$")
ANSWER_LINE = re.compile(r"^[—–―‒−-]\s*[“\"«„‘]")


@cue_rule("article")
def interview_answer(case: QuoteCase) -> Optional[Attribution]:
    """A dash-led answer line after dash-led question lines ("— Will you stay?" /
    "— «No.»"): the person the lead-in says was asked or interviewed."""
    p_start, p_end = case.spans[case.q.paragraph]
    if not ANSWER_LINE.match(case.text[p_start:p_end]):
        return None
    index, asked = case.q.paragraph - 1, False
    while index >= 0:
        line = case.text[slice(*case.spans[index])]
        if QUESTION_LINE.match(line):
            asked = True
        elif not ANSWER_LINE.match(line):
            break
        index -= 1
    if not asked or index < 0:
        return None
    people = [e for e in case.state.paragraph_entries(index) if e.is_subject and e.speaker.kind != "unknown"]
    if not people:
        return None
    speaker = speaker_of_entry(case.state, index, people[0])
    return Attribution(speaker, None, None, None) if speaker is not None else None


DIALOGUE_LINE_WORDS = 12  # a line of a quick exchange; a longer quote is a statement
PEOPLE = ("person", "name", "person-description", "anonymous")


@cue_rule("article")
def dialogue_turn(case: QuoteCase) -> Optional[Attribution]:
    """A short quote alone in its paragraph, right after a short quoted line of one person
    that followed another person's words, is the other person's turn: "“The cold was in
    before I got here,” he says." / "“It was not.”" is hers, as "“So you were warned?” the
    reporter pressed." / "“That's not what I said.”" is the minister's."""
    q, k = case.q, case.q.paragraph
    if case.kind != "full" or len(q.pieces) > 1 or k < 2 or len(WORD.findall(case.body)) > DIALOGUE_LINE_WORDS:
        return None
    p_start, p_end = case.spans[k]
    if WORD.search(case.text[p_start:q.start - len(q.open_mark)] + case.text[q.end:p_end]):
        return None
    if k - 1 not in case.last_in_paragraph or k - 2 not in case.last_in_paragraph:
        return None
    answered, before = case.last_in_paragraph[k - 1][1], case.last_in_paragraph[k - 2][1]
    if answered.kind not in PEOPLE or before.kind not in PEOPLE or _same_name(answered.name, before.name):
        return None
    prev_start, prev_end = case.spans[k - 1]
    lines = [(a, b) for a, b, _ in case.state.said if prev_start <= a < prev_end]
    if len(lines) != 1:
        return None
    a, b = lines[0]
    if (WORD.search(case.text[prev_start:a]) or len(WORD.findall(case.text[a:b])) > DIALOGUE_LINE_WORDS
            or len(WORD.findall(case.text[b:prev_end])) > DIALOGUE_LINE_WORDS):
        return None
    return Attribution(before, None, None, None)


def _same_name(one: str, other: str) -> bool:
    """"Pritchard" and "Owen Pritchard" name one person; "Tom Mulcahy" and "Bridget Mulcahy" two."""
    a, b = set(one.lower().split()), set(other.lower().split())
    return a <= b or b <= a


@cue_rule("article")
def continued_speaker(case: QuoteCase) -> Optional[Attribution]:
    """A full quote standing alone with no cue: the speaker just before it goes on talking
    ("Smith was blunt. “We lost.”", a quote paragraph after "the resident stated that…")."""
    if case.kind != "full" or looks_like_title(case.body) or not _stands_alone(case.text, case.q, case.spans):
        return None
    speaker = _continued_speaker(case.state, case.last_in_paragraph, case.q)
    return Attribution(speaker, None, None, None) if speaker is not None else None


# --- cue rules: headline scope (after the body's quotes are attributed) ---

@cue_rule("headline")
def headline_echo(case: QuoteCase) -> Optional[Attribution]:
    """A headline's quoted words that a body quote repeats are that quote's speaker's, not
    the headline subject's ("France vows to fight deal 'in its current form'" when the
    body quotes a minister saying "in its current form"; "Spokesperson urges U.S. to 'stop
    politicizing'" when the body names the spokesperson); a person the headline names
    keeps the words."""
    if not is_headline(case.text, case.spans, case.q.paragraph):
        return None
    own = case.attribution.speaker
    if own is not None and own.kind != "pronoun" and own.name[:1].isupper() and any(
            speaker.kind == "person" and own.name.split()[-1].lower() in speaker.name.lower().split()
            for start, _, speaker in case.state.said if start > case.spans[case.q.paragraph][1]):
        return None  # "Brandt says Whitcomb ‘doubled’ debt": a person the body quotes speaks
    if len(WORD.findall(case.body)) == 1 and not _headline_speaks(case):
        return None  # "What is ‘shrinkflation’?": a term the headline explains, no one's words
    speaker = echoed_speaker(case.state, case.q)
    return Attribution(speaker, None, None, None) if speaker is not None else None


def _headline_speaks(case: QuoteCase) -> bool:
    """The headline has a speech verb with a subject ("Kyiv warns of ‘trap’")."""
    par = case.state.get_paragraph(case.q.paragraph)
    if par is None:
        return False
    inside = {t.i for t in tokens_of_quote(par, case.q)}
    return any(is_speech(t) and t.i not in inside and subject_of(t, quoted=inside) is not None for t in par.span)


# not-speech rules a headline echo overrides: the body shows the words are someone's
ECHO_OVERRIDES = {"heading", "unattributed", "nobody_speaks"}


def attribute_headline(case: QuoteCase, reason: Optional[str]) -> Optional[Attribution]:
    """The headline rules' attribution of a headline quote, once the body's quotes have
    theirs; None when none applies or the quote is a title or a name (not-speech reason)."""
    if reason is not None and (reason not in ECHO_OVERRIDES or reason == "heading" and len(WORD.findall(case.body)) == 1):
        return None
    return _first_found([r for r in CUE_RULES if r.scope == "headline"], case)


def attribute(par: Paragraph, q: MarkedQuote, state: ArticleState, quoted: set) -> Attribution:
    """The first sentence or paragraph cue rule's attribution for a quote piece (empty if none)."""
    case = Case(state.text, par, q, state, quoted, tokens_of_quote(par, q))
    found = _first_rule(case)
    if found.verb is not None and case.quote_tokens:
        found.distance = min(abs(found.verb.i - t.i) for t in case.quote_tokens)
    return found


def _first_rule(case: Case) -> Attribution:
    sentence = [r for r in CUE_RULES if r.scope == "sentence"]
    for frame in frames(case.par, case.quote_tokens, case.quoted):
        case.frame = frame
        found = _first_found(sentence, case)
        if found is not None:
            return found
    found = _first_found([r for r in CUE_RULES if r.scope == "paragraph"], case)
    return found if found is not None else Attribution(None, None, None, None)


def _first_found(rules, case) -> Optional[Attribution]:
    """The attribution of the first rule that finds one, carrying that rule's name."""
    for rule in rules:
        found = rule(case)
        if found is not None:
            found.rule = rule.__name__
            return found
    return None


def attribute_in_article(case: QuoteCase, found: Attribution) -> Attribution:
    """The paragraph rules' attribution, or when it names neither speaker nor cue, the
    first article rule's."""
    if found.speaker is not None or found.cue is not None:
        return found
    other = _first_found([r for r in CUE_RULES if r.scope == "article"], case)
    return other if other is not None else found


# --- not-speech rules ---

def heading(case: QuoteCase) -> bool:
    """Subheadings ("‘Scared’", "Soldiers ‘fled’") and link lists hold labels, not speech;
    a headline naming its speaker ("Talia Renner: ‘I can hide…’") is kept (and one quoting
    words the body attributes, by headline_echo)."""
    return is_heading(case.text, *case.spans[case.q.paragraph])


def unattributed(case: QuoteCase) -> bool:
    """No rule found a speaker or a cue: a scare quote, a label or a title."""
    return case.attribution.speaker is None and case.attribution.cue is None


def nobody_speaks(case: QuoteCase) -> bool:
    """"What is ‘shrinkflation’", "the word describes ‘shrink’": a fragment behind a verb
    that also describes, with a thing as its subject."""
    return case.kind == "fragment" and not _can_speak(case.attribution.speaker, case.attribution)


def named_thing(case: QuoteCase) -> bool:
    """A name in quotes: after "so-called", "titled", "known as"…, or one capitalised word."""
    return is_named_thing(case.text, case.q, case.body)


def title_of_work(case: QuoteCase) -> bool:
    """"One Hundred Years of Solitude": title case, no sentence end, and embedded or short
    and away from its cue."""
    return looks_like_title(case.body) and (
        case.kind == "fragment" or len(case.body.split()) <= 6 and not _cue_adjacent(case.attribution, case.q))


WORK_BEFORE = re.compile(
    r"(?:\b(?:book|novel|memoir|study|report|film|movie|documentary|show|programme|program|podcast|series|"
    r"album|song|play|paper|essay|column|newsletter|exhibition|campaign|slogan),?"
    r"|\bon [A-Z][\w.&-]*['’]s)\s*$")


def work_title(case: QuoteCase) -> bool:
    """A title after the work it names or a channel's programme: "her 2021 book, “Roads
    Home”", "speaking on WKAR's “Off the Record”"."""
    before = case.text[max(0, case.q.start - len(case.q.open_mark) - 60):case.q.start - len(case.q.open_mark)]
    return looks_like_title(case.body.rstrip(",")) and bool(WORK_BEFORE.search(before))


NOT_SPEECH_RULES: List[Callable[[QuoteCase], bool]] = [heading, work_title, unattributed, nobody_speaks,
                                                       named_thing, title_of_work]


def not_speech(case: QuoteCase) -> Optional[str]:
    """The name of the first not-speech rule that holds, else None."""
    for rule in NOT_SPEECH_RULES:
        if rule(case):
            return rule.__name__
    return None


# --- text shapes the rules share ---

def is_heading(text: str, start: int, end: int) -> bool:
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
    is_embedded = bool(before) and (before[-1].isalnum() or before[-1] in ")")
    if not is_embedded:
        return "full"
    if body[:1].isupper() and TERMINAL.search(body[-2:]) and len(body.split()) >= 5:
        return "full"
    return "fragment"


def is_named_thing(text: str, q: MarkedQuote, body: str) -> bool:
    """After "so-called", "titled", "known as"…, or one capitalised word quoted
    mid-sentence (the game "Skyreach", the film “Ombre”)."""
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
    if q.paragraph in last_in_paragraph:
        return last_in_paragraph[q.paragraph][1]
    here = [e for e in state.paragraph_entries(q.paragraph) if e.pos < q.start and e.is_subject
            and e.speaker.kind in ("person", "person-description", "pronoun")]
    if here:  # "Smith was blunt. “We lost.”", "She added that … “About one in 10 …”"
        return speaker_of_entry(state, q.paragraph, here[-1])
    if q.paragraph - 1 in last_in_paragraph:
        pos, speaker = last_in_paragraph[q.paragraph - 1]
        later = [e for e in state.paragraph_entries(q.paragraph - 1) if e.pos > pos and e.is_speech and e.is_subject
                 and e.speaker.kind in ("person", "person-description") and not _inside_quote(state, e.pos)]
        if later:
            # "Pardo holds what she calls “porch sessions.” Adela Mora, who hosted one, said
            # …": the one speaking after the paragraph's last quote goes on
            found = speaker_of_entry(state, q.paragraph - 1, later[-1])
            if found is not None:
                return found
        return speaker
    if q.paragraph > 0:
        entries = state.paragraph_entries(q.paragraph - 1)
        before = [e for e in entries if e.is_speech]
        introduced = state.text[:q.start - len(q.open_mark)].rstrip().endswith(":")
        if introduced and not before or _speaking_lead(state, q.paragraph - 1) and not before:
            # "Ellery laid out her position in unusually personal terms:" / "Speaking at the
            # theater, Keller framed the review as bookkeeping.": the main clause's person
            # speaks the quote paragraph after it
            main = [e for e in entries if e.is_main and e.is_subject
                    and e.speaker.kind in ("person", "name", "person-description", "pronoun")]
            if main:
                found = speaker_of_entry(state, q.paragraph - 1, main[-1])
                par = state.get_paragraph(q.paragraph - 1)
                if found is not None and found.kind == "name" and par is not None:
                    found = resolve(found, par, None, state, pos=main[-1].pos)  # "Ellery": "Margaret Ellery"
                return found
        if before and not before[-1].is_main and introduced:
            # "Later, she laid out what aides describe as her plan. An excerpt:": the one the
            # introduction is about (its main clause's person), not a speech verb's subject
            # in a clause of it
            main = [e for e in entries if e.is_main and e.is_subject
                    and e.speaker.kind in ("person", "person-description", "pronoun")]
            if main:
                found = speaker_of_entry(state, q.paragraph - 1, main[-1])
                if found is not None:
                    return found
        if before:
            return speaker_of_entry(state, q.paragraph - 1, before[-1])
    return None


def _speaking_lead(state: ArticleState, index: int) -> bool:
    """The paragraph opens with a speech participle on its main verb ("Speaking at the
    theater, Keller framed …", "Addressing the crowd, she …")."""
    par = state.get_paragraph(index)
    if par is None:
        return False
    first = next((t for t in par.span if not t.is_punct), None)
    return first is not None and first.tag_ == "VBG" and (is_speech(first) or first.lemma_.lower() in SPEAKING_WORDS)


SPEAKING_WORDS = {"speak", "address", "testify"}  # speaking, not saying: no speech verbs of their own


def _inside_quote(state: ArticleState, pos: int) -> bool:
    return any(a <= pos < b for a, b in state.quoted)
