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
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from .lexicon import (CHANNEL_WORDS, FEMALE_WORDS, GROUP_PRONOUNS, INDEFINITE, MALE_WORDS,
                      MESSAGE_NOUNS, ORG_HEADS, PERSON_PRONOUNS, PERSON_ROLE_HEADS,
                      RELATIVE_PRONOUNS, SPEECH_NOUNS, SPEECH_VERBS, SPOKES_HEADS, TITLE_WORDS,
                      WEAK_SPEECH_VERBS)
from .marks import MarkedQuote

CLIMB_DEPS = {"ccomp", "xcomp", "conj", "parataxis", "advcl", "dep", "acl"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
LOOKBACK_PARAGRAPHS = 3


@dataclass
class Paragraph:
    """A parsed paragraph: `span` is a Doc or Span; token.idx + offset is the article offset."""

    index: int
    start: int
    end: int
    span: object
    offset: int = 0
    sentences: Optional[list] = None  # cached by _sentences

    def pos(self, token) -> int:
        return token.idx + self.offset


@dataclass
class Speaker:
    name: str
    mention: str
    kind: str
    description: Optional[str] = None
    heads: frozenset = frozenset()
    gender: Optional[str] = None  # male | female | None, for he/she

    def __post_init__(self):
        if self.gender is None and self.kind in ("person", "name", "person-description", "anonymous"):
            self.gender = guess_gender(self.name, self.mention)


@dataclass
class Entry:
    """A speaker or person seen at a position: the candidates for pronouns and descriptions."""

    pos: int
    speaker: Speaker
    is_subject: bool = True
    is_speech: bool = False  # the subject of a speech verb ("the resident stated that…")
    is_main: bool = False  # the subject of the main clause, the likeliest antecedent


@dataclass
class Attribution:
    speaker: Optional[Speaker]
    cue: Optional[str]
    channel: Optional[str]
    verb: object = None  # the cue token, when there is one
    distance: Optional[int] = None  # tokens between the cue and the quote


@dataclass
class ArticleState:
    text: str
    get_paragraph: Callable[[int], Optional[Paragraph]]
    quoted: List[tuple] = field(default_factory=list)  # (start, end) of every quote
    entries: Dict[int, List[Entry]] = field(default_factory=dict)  # paragraph index -> entries
    last_speaker: Dict[int, Entry] = field(default_factory=dict)  # paragraph -> last quote speaker

    def paragraph_entries(self, index: int) -> List[Entry]:
        if index not in self.entries:
            par = self.get_paragraph(index)
            self.entries[index] = people_in(par, self.text, self.quoted) if par is not None else []
        return self.entries[index]


# ---------------------------------------------------------------- gender, for he and she

_detector = None


def guess_gender(name: str, mention: str = "") -> Optional[str]:
    """From the words around the name (Mrs, spokeswoman) or the first name (gender-guesser)."""
    global _detector
    words = set(re.findall(r"[a-z]+", f"{mention} {name}".lower()))
    if words & FEMALE_WORDS and not words & MALE_WORDS:
        return "female"
    if words & MALE_WORDS and not words & FEMALE_WORDS:
        return "male"
    parts = name.split()
    if len(parts) < 2:
        return None
    if _detector is None:
        import gender_guesser.detector
        _detector = gender_guesser.detector.Detector(case_sensitive=False)
    guess = _detector.get_gender(parts[0])
    return {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}.get(guess)


# ---------------------------------------------------------------- tokens and mentions

def token_range(par: Paragraph, start: int, end: int):
    return [t for t in par.span if start <= par.pos(t) < end]


def _subtree_without(token, drop_deps, quoted):
    keep = []
    stack = [token]
    while stack:
        tok = stack.pop()
        if tok.i in quoted:
            continue
        keep.append(tok)
        for child in tok.children:
            if child.dep_ in drop_deps:
                continue
            stack.append(child)
    return sorted(keep, key=lambda t: t.i)


def _contiguous(tokens, anchor):
    """The run of tokens around the anchor with no gap (cuts off dropped clauses)."""
    if not tokens:
        return []
    ids = [t.i for t in tokens]
    k = ids.index(anchor.i)
    lo = hi = k
    while lo > 0 and ids[lo - 1] == ids[lo] - 1:
        lo -= 1
    while hi < len(ids) - 1 and ids[hi + 1] == ids[hi] + 1:
        hi += 1
    run = tokens[lo:hi + 1]
    while run and (run[0].is_punct or run[0].dep_ == "cc"):
        run = run[1:]
    while run and (run[-1].is_punct or run[-1].dep_ in ("cc", "case") and run[-1].text not in ("’s", "'s")):
        run = run[:-1]
    # an unclosed bracket at the end: "HTS (" -> "HTS"
    return run


GLUED = re.compile(r"[a-z]{3,}(?=[A-Z][a-z])")


def _span_text(par: Paragraph, tokens, text: str) -> str:
    """The words of the tokens; drops boilerplate glued onto a name ("advertisementCommander")."""
    if not tokens:
        return ""
    for k, token in enumerate(tokens[:3]):
        glued = GLUED.match(token.text)
        if glued:
            tokens = tokens[k:]
            a = par.pos(tokens[0]) + glued.end()
            break
    else:
        a = par.pos(tokens[0])
    b = par.pos(tokens[-1]) + len(tokens[-1].text)
    return text[a:b]


def _person_ents(tokens):
    ids = {t.i for t in tokens}
    doc = tokens[0].doc if tokens else None
    if doc is None:
        return []
    out = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start in ids and (ent.end - 1) in ids:
            out.append(ent)
    return out


def strip_titles(name: str) -> str:
    """"Ms Abbott" -> "Abbott", "Dr Sarah Jones" -> "Sarah Jones"; a title alone stays."""
    words = name.split()
    k = 0
    while k < len(words) - 1 and words[k].lower().rstrip(".") in TITLE_WORDS:
        k += 1
    if words and words[-1].lower().rstrip(".") in TITLE_WORDS:
        return name  # all titles: "Prime Minister" stays a description
    return " ".join(words[k:])


def _strip_possessive(words: str) -> str:
    return re.sub(r"\s*['’]s?$", "", words).strip()


def _leading_determiner(tokens):
    return tokens and tokens[0].lower_ in ("the", "this", "that", "these", "those")


def build_speaker(par: Paragraph, head, text: str, quoted) -> Optional[Speaker]:
    """The speaker named by a subject token: name, words in the text, kind, role."""
    if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        head = head.head.head
    # "a spokesperson for X", "X's statement": X speaks (a named spokesperson speaks himself)
    named = any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in head.children)
    if head.lemma_.lower() in SPOKES_HEADS and not named:
        owner = None
        for child in head.children:
            if child.dep_ == "poss":
                owner = child
            elif child.dep_ == "prep" and child.lower_ in ("for", "of", "from"):
                pobj = [c for c in child.children if c.dep_ == "pobj"]
                owner = pobj[0] if pobj else owner
            elif child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN" and owner is None:
                owner = child  # "a Kremlin spokesman", "a Downing Street spokeswoman"
        if owner is not None and owner.pos_ in ("PROPN", "NOUN"):
            inner = build_speaker(par, owner, text, quoted)
            if inner is not None:
                if inner.kind in ("person", "name") and owner.ent_type_ != "PERSON":
                    inner.kind = "organization"  # "a Downing Street spokesman"
                whole = _contiguous(_subtree_without(head, {"relcl", "acl", "advcl"}, quoted), head)
                inner.mention = _span_text(par, whole, text) or inner.mention
                inner.description = head.lemma_.lower()
                return inner
    if head.lemma_.lower() in SPOKES_HEADS and head.lemma_.lower() not in ("spokesperson", "spokesman", "spokeswoman", "representative"):
        # "the statement said", with no owner named: whoever issued it, as for "it"
        return Speaker(name="it", mention=_span_text(par, [t for t in head.subtree if t.i not in quoted], text),
                       kind="pronoun", heads=frozenset({"it"}))
    if head.pos_ == "PRON" or head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return Speaker(name=head.text, mention=head.text, kind="pronoun", heads=frozenset({head.lower_}))
    subtree = _subtree_without(head, {"relcl", "acl", "advcl"}, quoted)
    persons = _person_ents(subtree)
    appos_names = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    # appositions give a name ("one woman, Rania") or a role ("Rami, head of…"): keep a name,
    # drop a role from the name but keep it as the description
    without_appos = _contiguous(_subtree_without(head, {"relcl", "acl", "advcl", "appos"}, quoted), head)
    mention_tokens = _contiguous(subtree, head)
    heads = frozenset(t.lemma_.lower() for t in without_appos if t.pos_ in ("NOUN", "PROPN"))
    own_persons = [e for e in persons if not (e.end < len(e.doc) and e.doc[e.end].tag_ == "POS")
                   and not e.text.endswith(("’s", "'s"))
                   and (e.start <= head.i < e.end or e.root.dep_ == "appos"
                        or (e.root.head == head and e.root.dep_ == "compound"))]
    if own_persons:
        # prefer the person the head is (head inside it, or its apposition), else the last one
        best = next((e for e in own_persons if e.start <= head.i < e.end), None)
        best = best or next((e for e in own_persons if e.root.dep_ == "appos" and e.root.head == head), None)
        best = best or own_persons[-1]
        name = strip_titles(_strip_possessive(best.text))
        desc_tokens = [t for t in mention_tokens if not (best.start <= t.i < best.end)]
        description = _span_text(par, _contiguous(desc_tokens, desc_tokens[0]), text) if desc_tokens else None
        return Speaker(name=name, mention=_span_text(par, mention_tokens, text), kind="person",
                       description=_clean_description(description), heads=heads | {name.split()[-1].lower()})
    if appos_names and head.pos_ == "NOUN":
        name_tok = appos_names[0]
        name_tokens = _contiguous(_subtree_without(name_tok, {"relcl", "acl", "punct"}, quoted), name_tok)
        return Speaker(name=_span_text(par, name_tokens, text), mention=_span_text(par, mention_tokens, text),
                       kind="person", description=_span_text(par, without_appos, text), heads=heads)
    words = without_appos or mention_tokens
    first = words[0].lower_ if words else ""
    if head.pos_ == "PROPN" and head.ent_type_ in ("PERSON", "") and not _is_org(head):
        kind = "person"
    elif head.ent_type_ in ("GPE", "NORP"):
        kind = "organization"  # "Jordan has urged…": a country speaks through its government
    elif head.pos_ == "PROPN" and head.text.isupper() and len(head.text) > 1:
        kind = "organization"  # an acronym or a dateline (NATO, GENEVA), not a person
    elif head.pos_ == "PROPN" and head.lemma_.lower() not in ORG_HEADS and len(words) <= 3:
        kind = "name"  # a short proper name the tagger could not type: a person or an organisation
    elif _is_org(head):
        kind = "organization"
    elif first in INDEFINITE and (is_person_noun(head) or head.lemma_.lower() in ("source", "official")):
        kind = "anonymous"  # "a resident", "one woman"; not "one line"
    elif head.tag_ in ("NNS", "NNPS"):
        kind = "group"
    elif is_person_noun(head):
        kind = "person-description"  # "the minister", "the archbishop"
    else:
        kind = "organization" if head.ent_type_ in ("ORG", "GPE", "NORP") else "unknown"
    name_tokens = words[1:] if _leading_determiner(words) else words
    name = _strip_possessive(_span_text(par, name_tokens, text)) if name_tokens else head.text
    if kind in ("person", "name"):
        name = strip_titles(name)
    description = _span_text(par, [t for t in mention_tokens if t not in words], text) or None
    return Speaker(name=name, mention=_span_text(par, mention_tokens, text), kind=kind,
                   description=_clean_description(description), heads=heads)


def _clean_description(description: Optional[str]) -> Optional[str]:
    if not description:
        return None
    description = description.strip(" ,;:()—–-")
    return description or None


PERSON_SUFFIXES = ("ist", "ian", "man", "woman", "person", "eer", "ee")


def is_person_noun(token) -> bool:
    """A noun for a person by role ("minister", "economist", "chairwoman"), not a thing."""
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and (lemma in PERSON_ROLE_HEADS or
                                     (len(lemma) > 5 and lemma.endswith(PERSON_SUFFIXES)))


def _is_org(token) -> bool:
    return token.lemma_.lower() in ORG_HEADS or (token.ent_type_ in ("ORG", "NORP") and token.pos_ == "PROPN")


def people_in(par: Paragraph, text: str, quoted=()) -> List[Entry]:
    """Subjects that name people or roles, and person names: antecedents for later pronouns.

    Words inside quotes are the speaker's, not the narrative's: they are not antecedents.
    """
    entries = []
    seen = set()
    quoted = [(a, b) for a, b in quoted if a < par.end and b > par.start]  # this paragraph's
    for token in par.span:
        if quoted and any(a <= par.pos(token) < b for a, b in quoted):
            continue
        if token.dep_ in SUBJECT_DEPS and token.lower_ in ("he", "she"):
            gender = "male" if token.lower_ == "he" else "female"
            entries.append(Entry(par.pos(token), Speaker(token.lower_, token.text, "pronoun", gender=gender),
                                 True, _is_speech(token.head), _is_main_clause(token.head)))
            continue
        if token.dep_ in SUBJECT_DEPS and token.pos_ in ("PROPN", "NOUN"):
            speaker = build_speaker(par, token, text, set())
            if speaker and speaker.kind in ("person", "name", "person-description", "organization", "group", "anonymous", "unknown"):
                entries.append(Entry(par.pos(token), speaker, True, _is_speech(token.head), _is_main_clause(token.head)))
                seen.add(speaker.name)
    for ent in getattr(par.span, "ents", []):
        name = strip_titles(_strip_possessive(ent.text))
        if ent.label_ == "PERSON" and name not in seen and not any(a <= par.pos(ent[0]) < b for a, b in quoted):
            entries.append(Entry(par.pos(ent[0]), Speaker(name, ent.text, "person",
                                                          heads=frozenset({name.split()[-1].lower()})), False))
    entries.sort(key=lambda e: e.pos)
    return entries


# ---------------------------------------------------------------- cue, speaker, channel

def _is_speech(token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX"):
        return False
    return lemma in SPEECH_VERBS


def _subject(verb, depth=0, quoted=frozenset()):
    """Who does the saying: the verb's subject, or (for participles, conjoined and
    complement verbs) the subject of the verb they hang on. Words inside quotes are the
    quote's own ("“What changed?” asked Priya Raman": not "What")."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i not in quoted]
    if subjects:
        # the nearest one: a dateline ("GENEVA (Reuters) - X said") can parse as a subject too
        return min(subjects, key=lambda c: abs(verb.i - c.i))
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "acl") and verb.head is not verb:
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head  # "X, saying …"
        # "X denied rebels had entered, describing …": the reporting verb's subject, even
        # when the parser hung the participle on the nearer verb
        for higher in verb.ancestors:
            if _is_speech(higher) and any(c.dep_ in SUBJECT_DEPS for c in higher.children):
                return _subject(higher, depth + 1, quoted)
        return _subject(verb.head, depth + 1, quoted)
    if depth < 3 and verb.dep_ in ("pcomp", "pobj", "prep") and verb.head is not verb:
        # "X was quoted as saying …": the subject of the verb the phrase hangs on
        for higher in verb.ancestors:
            if higher.pos_ in ("VERB", "AUX"):
                return _subject(higher, depth + 1, quoted)
    if depth == 0 and verb.i > verb.sent.start:
        # "Dr Priya Raman, a hydrologist who has studied …, said": the parser lost the
        # subject in the clauses between; the sentence's first subject before the verb
        for token in verb.sent:
            if token.i >= verb.i:
                break
            if token.dep_ in SUBJECT_DEPS and token.pos_ in ("PROPN", "NOUN") and token.i not in quoted:
                return token
        # "Durak's spokesman Emil Rasko said", the name parsed as an apposition elsewhere:
        # the noun phrase right before the verb
        k = verb.i - 1
        while k > verb.sent.start and verb.doc[k].is_punct:
            k -= 1
        prev = verb.doc[k]
        if prev.pos_ in ("PROPN", "NOUN") and prev.i not in quoted and prev.dep_ in ("appos", "conj", "compound", "pobj"):
            return prev
    # "…," said Trump / shouted a man: the inverted subject parsed as an object
    for child in verb.children:
        if (child.dep_ in ("dobj", "attr", "npadvmod", "oprd") and child.i > verb.i and child.i not in quoted
                and (child.pos_ == "PROPN" or (child.pos_ == "NOUN" and verb.i > 0 and verb.nbor(-1).i in quoted))):
            return child
    return None


def _channel(verb, quoted) -> Optional[str]:
    """The medium: "on Telegram", "in a televised statement", "told state media"."""
    if verb is None:
        return None
    candidates = []
    for child in verb.children:
        if child.i in quoted:
            continue
        if child.dep_ == "prep" and child.lower_ in ("on", "in", "via", "to", "during", "through", "at"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    candidates.append(pobj)
        elif child.dep_ in ("dative", "dobj") and verb.lemma_.lower() == "tell":
            candidates.append(child)
    for noun in candidates:
        words = [t for t in noun.subtree if t.i not in quoted]
        lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
        is_medium = bool(lemmas & CHANNEL_WORDS) or noun.ent_type_ == "ORG"
        if not is_medium:
            continue
        words = [t for t in words if t.i <= noun.i and t.dep_ not in ("poss", "det", "punct", "case")
                 and t.lower_ not in ("his", "her", "its", "their")]
        if words:
            return " ".join(t.text for t in words)
    return None


def _quote_tokens(par: Paragraph, q: MarkedQuote):
    lo = q.start - len(q.open_mark)
    hi = q.end + len(q.close_mark)
    return [t for t in par.span if lo <= par.pos(t) < hi]


def _sentences(par: Paragraph):
    """Sentence token lists clipped to the paragraph (computed once a paragraph)."""
    if par.sentences is None:
        lo, hi = par.span[0].i, par.span[-1].i
        par.sentences = [[t for t in sent if lo <= t.i <= hi] for sent in par.span.sents]
        par.sentences = [sent for sent in par.sentences if sent]
    return par.sentences


def find_cue(par: Paragraph, q: MarkedQuote, quoted: set, quote_tokens):
    """The speech verb for the quote, or ("according to", token), or None."""
    inside = {t.i for t in quote_tokens}
    if not inside:
        return None
    sents = _sentences(par)
    first, last = min(inside), max(inside)
    frame_ix = [k for k, s in enumerate(sents) if s and s[0].i <= last and s[-1].i >= first]
    frames = [frame_ix]
    if frame_ix:
        nxt = frame_ix[-1] + 1
        if nxt < len(sents) and sents[nxt] and sents[nxt][0].i not in quoted and sents[nxt][0].i == last + 1:
            frames.append(frame_ix + [nxt])  # "“…!” insists Burton."
        prv = frame_ix[0] - 1
        if prv >= 0 and sents[prv] and sents[prv][-1].text == ":":
            frames.append([prv] + frame_ix)
    for ix in frames:
        frame = [t for k in ix for t in sents[k] if t.i not in quoted]
        cue = _best_cue(frame, inside, quote_tokens, _embedded(quote_tokens))
        if cue is not None:
            return cue
    return None


def _embedded(quote_tokens) -> bool:
    """The quote sits inside a clause ("a third term, “greedflation”, has been used"), not
    after a sentence start, a colon or a comma."""
    first = quote_tokens[0]
    prev = first.doc[first.i - 1] if first.i > 0 else None
    return prev is not None and not prev.is_sent_end and prev.text not in (":", ",", "—", "–", "-", "(")


def _best_cue(frame, inside, quote_tokens, embedded=False):
    # a cue needs someone doing the saying ("so-called" is no speech), and "asked by a
    # reporter" names the one asking, not the one answering
    verbs = [t for t in frame if _is_speech(t) and _subject(t, quoted=inside) is not None
             and not (t.tag_ == "VBN" and any(c.dep_ == "agent" for c in t.children))]
    according = [t for t in frame if t.lower_ == "according" and t.nbor(1).lower_ == "to"] if frame else []
    # 1. a speech verb above the quote in the parse
    anchors = {t.head for t in quote_tokens if t.head.i not in inside}
    ancestors = []
    for anchor in anchors:
        for tok in [anchor] + list(anchor.ancestors):
            if tok.i not in inside:
                ancestors.append(tok)
    speech_ancestors = [t for t in ancestors if _is_speech(t)]
    if speech_ancestors:
        nearest = min(speech_ancestors, key=lambda t: len(list(t.ancestors)) * -1)
        return _climb(nearest, inside)
    # 1b. a speech noun with its owner above the quote: "Ilinov's vow that … “…”"
    for tok in ancestors:
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in SPEECH_NOUNS and any(c.dep_ == "poss" for c in tok.children):
            return tok
    # 2. a speech verb hanging off a token of the quote ("…," he said)
    for verb in verbs:
        if verb.head.i in inside or any(c.i in inside for c in verb.children):
            return _climb(verb, inside)
    if according:
        return according[0]
    # 2b. "“…” was the message from X"
    for token in frame:
        if token.lemma_.lower() in MESSAGE_NOUNS and any(c.dep_ == "prep" and c.lower_ == "from" for c in token.children):
            return token
    # 3. the nearest speech verb in the sentence outside the quote: not one in a relative
    #    clause (a term "used by critics who argue" is not the critics' speech), and for words
    #    embedded in a clause only a parenthetical one ("X, she said, had been “gracious”")
    strong = [v for v in verbs if v.lemma_.lower() not in WEAK_SPEECH_VERBS and v.dep_ != "relcl"
              and (not embedded or v.dep_ == "parataxis")]
    if strong:
        qmid = (min(inside) + max(inside)) / 2
        return _climb(min(strong, key=lambda v: abs(v.i - qmid)), inside)
    return None


def _climb(verb, inside=frozenset()):
    """From the nearest speech verb up to the reporting verb through complement clauses
    (never into the quote: "“He says that,” she laughed" is hers)."""
    current = verb
    while current.dep_ in CLIMB_DEPS and current.head is not current and current.head.i not in inside:
        head = current.head
        if current.dep_ == "advcl" and any(c.dep_ == "mark" for c in current.children):
            break  # "after Y called for …": Y's words, not the main clause's
        if current.dep_ == "conj":
            break  # "X said … and Y said …": each its own
        if not _is_speech(head):
            # one step over a non-speech verb: "X said they agreed on “…”" handled by ancestors
            break
        current = head
    return current


def attribute(par: Paragraph, q: MarkedQuote, state: ArticleState, quoted: set) -> Attribution:
    found = _attribute(par, q, state, quoted)
    if found.verb is not None:
        quote_tokens = _quote_tokens(par, q)
        if quote_tokens:
            found.distance = min(abs(found.verb.i - t.i) for t in quote_tokens)
    return found


def _attribute(par: Paragraph, q: MarkedQuote, state: ArticleState, quoted: set) -> Attribution:
    text = state.text
    quote_tokens = _quote_tokens(par, q)
    cue = find_cue(par, q, quoted, quote_tokens)
    if cue is not None and cue.lower_ == "according":
        to = cue.nbor(1)
        pobj = [c for c in to.children if c.dep_ == "pobj"] or [to.nbor(1)]
        speaker = build_speaker(par, pobj[0], text, quoted)
        return Attribution(_resolve(speaker, par, pobj[0], state), "according to", None, cue)
    if cue is not None and cue.pos_ == "NOUN" and cue.lemma_.lower() in SPEECH_NOUNS:
        owner = next(c for c in cue.children if c.dep_ == "poss")
        speaker = build_speaker(par, owner, text, quoted)
        return Attribution(_resolve(speaker, par, owner, state), cue.text, None, cue)
    if cue is not None and cue.lemma_.lower() in MESSAGE_NOUNS:
        source = [c for p in cue.children if p.dep_ == "prep" and p.lower_ == "from"
                  for c in p.children if c.dep_ == "pobj"]
        if source:
            speaker = build_speaker(par, source[0], text, quoted)
            return Attribution(_resolve(speaker, par, source[0], state), f"{cue.text} from", None, cue)
    if cue is not None:
        subj = _subject(cue, quoted=quoted)
        listed = _list_head(subj) if subj is not None else None
        if listed is not None:
            # "the ministers of Turkey, Iran, and Russia agreed": the parser made the last
            # item the subject; the speaker is the whole phrase
            tokens = [t for t in subj.doc[listed.left_edge.i:subj.i + 1] if t.i not in quoted]
            name_tokens = tokens[1:] if _leading_determiner(tokens) else tokens
            speaker = Speaker(name=_span_text(par, name_tokens, text), mention=_span_text(par, tokens, text),
                              kind="group", heads=frozenset({listed.lemma_.lower()}))
            return Attribution(speaker, _cue_text(cue), _channel(cue, quoted), cue)
        speaker = build_speaker(par, subj, text, quoted) if subj is not None else None
        if speaker is not None and speaker.kind == "pronoun":
            # "Ilinov said … what he described as “…”": he is the one reporting
            reporter = _reporting_subject(cue, quoted)
            if reporter is not None:
                outer = build_speaker(par, reporter, text, quoted)
                if outer is not None and _pronoun_fits(speaker.name, outer) and (
                        outer.kind in ("person", "name", "person-description", "anonymous")
                        or (reporter.pos_ == "PROPN" and not _is_org(reporter))):
                    speaker = Speaker(outer.name, speaker.mention, outer.kind, outer.description,
                                      outer.heads, outer.gender)
        speaker = _resolve(speaker, par, subj, state) if speaker else None
        return Attribution(speaker, _cue_text(cue), _channel(cue, quoted), cue)
    dash = _dash_attribution(par, q, text)
    if dash is not None:
        return Attribution(_resolve(dash, par, None, state, pos=q.end), None, None, None)
    intro = _colon_subject(par, q, quote_tokens, quoted)
    if intro is not None:
        speaker = build_speaker(par, intro, text, quoted)
        if speaker is not None and speaker.kind not in ("unknown",):
            return Attribution(_resolve(speaker, par, intro, state), None, None, None)
    return Attribution(None, None, None, None)


def _colon_subject(par: Paragraph, q: MarkedQuote, quote_tokens, quoted):
    """"X shared the post with a single line: “…”": a colon before the quote introduces
    the words of the sentence's subject, even with no speech verb."""
    if not quote_tokens:
        return None
    first = quote_tokens[0]
    k = first.i - 1
    if k < 0 or first.doc[k].text not in (":", "—", "–"):
        return None
    before = first.doc[k - 1] if k > 0 else None
    if before is not None and before.ent_type_ == "PERSON" and before.i not in quoted:
        return before  # "…through its spokeswoman, Yelena Sorokina: “…”"
    sent = first.doc[k].sent
    root = sent.root
    if root.i in quoted:
        # the parser rooted the sentence inside the quote: the clause before the colon
        for tok in [before] + list(before.ancestors) if before is not None else []:
            if tok.i not in quoted and tok.pos_ in ("VERB", "AUX") and _subject(tok, quoted=quoted) is not None:
                return _subject(tok, quoted=quoted)
        return None
    if root.i > sent.start and first.doc[sent.start].i == sent.start and not any(
            c.dep_ in SUBJECT_DEPS for c in root.children) and root.pos_ == "PROPN":
        return root  # a headline: "Talia Renner: ‘…’"
    return _subject(root, quoted=quoted)


def speaker_of_entry(state: ArticleState, index: int, entry: Entry) -> Optional[Speaker]:
    """An antecedent entry as a speaker: a pronoun entry resolved where it stands."""
    if entry.speaker.kind != "pronoun":
        return entry.speaker
    par = state.get_paragraph(index)
    if par is None:
        return None
    found = _resolve(Speaker(entry.speaker.name, entry.speaker.mention, "pronoun"), par, None, state, pos=entry.pos)
    return None if found is None or found.kind == "pronoun" else found


def _list_head(subj):
    """The noun a coordinated list hangs from, when the subject is its misparsed last item."""
    doc = subj.doc
    k = subj.i - 1
    if k < 2 or doc[k].lower_ not in ("and", "or"):
        return None
    k -= 1
    if doc[k].text == ",":
        k -= 1
    token = doc[k]
    if token.dep_ not in ("conj", "pobj"):
        return None
    while token.dep_ in ("conj", "pobj", "prep") and token.head is not token:
        token = token.head
        if token.pos_ == "NOUN" and token.tag_ == "NNS":
            return token  # "ministers" in "the ministers of Turkey, Iran, and Russia"
    return None


def _reporting_subject(cue, quoted):
    """The named subject of a speech verb above this one in the same sentence."""
    for higher in cue.ancestors:
        if _is_speech(higher):
            subj = _subject(higher, quoted=quoted)
            if subj is not None and subj.pos_ != "PRON":
                return subj
    return None


def _pronoun_fits(pronoun: str, speaker: Speaker) -> bool:
    gender = {"he": "male", "him": "male", "she": "female", "her": "female"}.get(pronoun.lower())
    return gender is None or speaker.gender in (None, gender)


def _cue_text(verb) -> str:
    parts = [verb.text]
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            parts.append(child.text)  # "pointed out"
    return " ".join(parts)


DASH = re.compile(r"^[\s,]*[—–-]{1,2}\s*([A-Z][^\n.;]{1,80})")


def _dash_attribution(par: Paragraph, q: MarkedQuote, text: str) -> Optional[Speaker]:
    after = text[q.end + len(q.close_mark): par.end]
    if not after.strip():
        # the quote ends its paragraph and the next line is the credit: "— Maj Gen X, …"
        nxt = text[par.end:par.end + 200].lstrip("\n ")
        if nxt[:1] in "—–":
            after = nxt.split("\n", 1)[0]
    m = DASH.match(after)
    if not m:
        return None
    words = m.group(1).strip().rstrip(",")
    parts = [w.strip() for w in words.split(",")]
    name = parts[0]
    return Speaker(name=name, mention=words, kind="person",
                   description=", ".join(parts[1:]) or None, heads=frozenset({name.split()[-1].lower()}))


def _resolve(speaker: Optional[Speaker], par: Paragraph, token, state: ArticleState, pos=None) -> Optional[Speaker]:
    """Pronouns and definite descriptions to the nearest earlier speaker that fits."""
    if speaker is None:
        return None
    pos = pos if pos is not None else (par.pos(token) if token is not None else par.start)
    if speaker.kind == "pronoun":
        pron = speaker.name.lower()
        if pron in ("he", "she", "him", "her", "i"):
            want = {"person", "name", "person-description", "anonymous"}
        elif pron == "it":
            want = {"organization", "name"}  # a body, not people
        else:
            want = {"organization", "group", "name"}
        gender = {"he": "male", "him": "male", "she": "female", "her": "female"}.get(pron)
        # "Harlan, she said, had been “gracious”": the clause a parenthetical cue interrupts
        # is about someone else
        interrupted = set()
        if token is not None and token.head.dep_ == "parataxis":
            interrupted = {par.pos(c) for c in token.head.head.children if c.dep_ in SUBJECT_DEPS}
        found = _look_back(state, par.index, pos, lambda e: e.pos not in interrupted and (
            e.speaker.kind in want or ("person" in want and _fuller_person(state, e, par.index) is not None)
            or (e.speaker.kind == "pronoun" and gender is not None and e.speaker.gender == gender))
            and (gender is None or _gender(state, e, par.index) in (None, gender)))
        if found is not None and found.speaker.kind == "pronoun":
            # "She thanked Harlan … Harlan, she said": the same she as before, resolved there
            earlier = _resolve(Speaker(found.speaker.name, found.speaker.mention, "pronoun"),
                               par, None, state, pos=found.pos) if found.pos < pos else None
            if earlier is None or earlier.kind == "pronoun":
                return speaker
            return Speaker(earlier.name, speaker.mention, earlier.kind, earlier.description,
                           earlier.heads, earlier.gender or gender)
        if found is None and pron in ("they", "it", "we"):
            found = _look_back(state, par.index, pos, lambda e: e.speaker.kind in {"person", "name", "person-description", "organization", "group"})
        if found is None:
            return speaker
        if found.speaker.kind == "person-description":
            # "he" after "the minister": the minister named earlier, if the text names one
            holder = _named_role_holder(state.text, found.speaker, pos)
            if holder is not None:
                return Speaker(holder, speaker.mention, "person", found.speaker.name,
                               found.speaker.heads, found.speaker.gender or gender)
        return Speaker(found.speaker.name, speaker.mention, found.speaker.kind,
                       found.speaker.description, found.speaker.heads, found.speaker.gender or gender)
    if speaker.kind in ("person-description", "organization", "unknown", "group") and speaker.mention[:4].lower() in ("the ", "this"):
        head_words = set(speaker.heads)
        found = _look_back(state, par.index, pos,
                           lambda e: e.speaker.name != speaker.name and head_words
                           and head_words <= (e.speaker.heads | _desc_words(e.speaker)) and e.speaker.kind != "pronoun")
        if found is not None:
            return Speaker(found.speaker.name, speaker.mention, found.speaker.kind,
                           found.speaker.description, found.speaker.heads)
        fuller = _fuller_body_name(state.text, speaker, pos)
        if fuller is not None:
            return Speaker(fuller, speaker.mention, speaker.kind, speaker.description, speaker.heads)
        holder = _named_role_holder(state.text, speaker, pos)
        if holder is not None:
            return Speaker(holder, speaker.mention, "person", speaker.name, speaker.heads | {holder.split()[-1].lower()})
    if speaker.kind == "organization" and _is_generic_body(speaker.name):
        # "General Command of the Army and Armed Forces" in an article about "the Syrian
        # army": the body's own name says whose army only through the article
        for head in [w.lower() for w in re.findall(r"[\w-]+", speaker.name) if w.lower() in ORG_HEADS]:
            fuller = _fuller_body_name(state.text, Speaker(head, "", "organization"), len(state.text))
            if fuller is not None:
                return Speaker(fuller, speaker.mention, speaker.kind, speaker.name, speaker.heads)
    if speaker.kind in ("person", "name", "organization") and len(speaker.name.split()) == 1 and speaker.name[:1].isupper():
        # (a surname the tagger took for a place or a body is still the person named before)
        # "Lavrov" after "Sergei Lavrov": the fuller name seen earlier in the article
        last = speaker.name.lower()
        found = _look_back(state, par.index, pos, lambda e: e.speaker.kind == "person"
                           and len(e.speaker.name.split()) > 1 and e.speaker.name.lower().split()[-1] == last)
        if found is not None:
            return Speaker(found.speaker.name, speaker.mention, "person",
                           found.speaker.description or speaker.description, found.speaker.heads)
    return speaker


NAME = r"((?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’-]+)"


def _named_role_holder(text: str, speaker: Speaker, pos: int) -> Optional[str]:
    """"the minister" after "Rail Minister Owen Pritchard" or "Owen Pritchard, the rail
    minister" (anywhere earlier, parsed or not): the one person named with that role."""
    words = speaker.name.split()
    if speaker.kind != "person-description" or not words or words[-1].lower() not in PERSON_ROLE_HEADS:
        return None
    role = re.escape(words[-1])
    patterns = [r"(?i:%s)\b,?\s+%s" % (role, NAME),  # Minister Owen Pritchard
                r"%s,\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}(?i:%s)\b" % (NAME, role)]  # X, the minister
    names = set()
    for pattern in patterns:
        for m in re.finditer(pattern, text[:pos]):
            name = strip_titles(m.group(1))
            if len(name.split()) >= 2 and name.split()[0].lower() not in TITLE_WORDS | {"the", "a", "an"}:
                names.add(name)
    return names.pop() if len(names) == 1 else None


GENERIC_BODY_WORDS = {"of", "the", "and", "general", "command", "armed", "high", "supreme", "joint",
                      "chief", "chiefs", "staff", "national", "defence", "defense", "interior",
                      "foreign", "affairs", "security", "central"}


def _is_generic_body(name: str) -> bool:
    """A body named only by common words ("General Command of the Army"), no country."""
    words = [w.lower() for w in re.findall(r"[\w-]+", name)]
    return (len(words) > 1 and any(w in ORG_HEADS for w in words)
            and all(w in ORG_HEADS or w in GENERIC_BODY_WORDS for w in words))


def _fuller_body_name(text: str, speaker: Speaker, pos: int) -> Optional[str]:
    """"the army" after "the Syrian army" (anywhere earlier, parsed or not): the fuller name,
    when the article names only one body with that head before this point."""
    words = speaker.name.split()
    if len(words) != 1 or words[0].lower() not in ORG_HEADS:
        return None
    pattern = re.compile(r"\b([A-Z][\w-]+(?:['’]s)?(?:\s+(?!the\b|a\b|of\b)[a-z][\w-]+){0,2})\s+((?i:%s))\b"
                         % re.escape(words[0]))
    names = {m.group(0) for m in pattern.finditer(text[:pos])
             if m.group(1).split()[0] not in ("The", "A", "An", "In", "On", "But", "And")
             and not all(w.lower() in GENERIC_BODY_WORDS or w.lower() in ORG_HEADS
                         for w in m.group(1).split())}  # "Syrian army", not "General Command"
    return names.pop() if len(names) == 1 else None


def _fuller_person(state: ArticleState, entry: Entry, index: int) -> Optional[Entry]:
    """For a one-word name ("Ilinov", whatever the tagger thought it was), the person with
    that surname named nearby ("Petar Ilinov")."""
    words = entry.speaker.name.split()
    if len(words) != 1 or not words[0][:1].isupper():
        return None
    surname = words[0].lower()
    for k in range(max(0, index - 2 * LOOKBACK_PARAGRAPHS), index + 1):
        state.paragraph_entries(k)  # parse the nearby paragraphs; farther ones only if done
    for k in sorted(k for k in state.entries if k <= index):
        for other in state.entries[k]:
            names = other.speaker.name.lower().split()
            if other.speaker.kind == "person" and len(names) > 1 and names[-1] == surname:
                return other
    # not in a parsed paragraph: "Kieran Mallon" in the text before, by its capitals
    pattern = re.compile(r"\b((?:[A-Z][\w'’.-]*\s+){1,3})%s\b" % re.escape(words[0]))
    for m in pattern.finditer(state.text, 0, entry.pos):
        name = strip_titles(m.group(0))
        if len(name.split()) > 1 and not name.split()[0].lower() in TITLE_WORDS | {"the", "a", "an"}:
            return Entry(m.start(), Speaker(name, m.group(0), "person"), True)
    return None


def _gender(state: ArticleState, entry: Entry, index: int) -> Optional[str]:
    """An entry's gender, or that of a fuller name with the same surname nearby."""
    if entry.speaker.gender or entry.speaker.kind not in ("person", "name", "organization"):
        return entry.speaker.gender
    fuller = _fuller_person(state, entry, index)
    return fuller.speaker.gender if fuller is not None else None


def _desc_words(speaker: Speaker) -> set:
    words = re.findall(r"[a-z]+", (speaker.description or "").lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words} | set(words)


def _look_back(state: ArticleState, index: int, pos: int, fits) -> Optional[Entry]:
    """The nearest fitting entry: in the nearest paragraph that has one, the last subject of
    a main clause, else the last subject, else the last name."""
    for k in range(index, max(-1, index - LOOKBACK_PARAGRAPHS - 1), -1):
        candidates = [e for e in state.paragraph_entries(k) if e.pos < pos and fits(e)]
        if candidates:
            main = [e for e in candidates if e.is_main]
            subjects = [e for e in candidates if e.is_subject]
            return (main or subjects or candidates)[-1]
    return None


def _is_main_clause(verb) -> bool:
    """A verb of the sentence's main clause: the root or conjoined with it."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"
