"""Parse helpers the cue rules share: where to look for a cue (frames), a speech verb's subject,
the reporting verb above it (climb), dash credits, colon lead-ins, and the channel named ("on Telegram", "told state media")."""
import bisect
import re
from typing import Optional

from tracker.lexicon import CHANNEL_WORDS, DOCUMENT_NOUNS, NOT_CREDIT_WORDS, RECORDING_NOUNS, DOCUMENT_VERBS, PHRASAL_SPEECH_VERBS, SPEECH_VERBS
from tracker.text import fold

from .gender import first_names

from .marks import MarkedQuote
from .mentions import Mention, Paragraph


CLIMB_DEPS = {"ccomp", "xcomp", "conj", "parataxis", "advcl", "dep", "acl"}


SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}


def is_speech(token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if lemma in SPEECH_VERBS:
        # "would continue to “do its utmost”": going on doing something, not going on saying
        return not (lemma == "continue" and any(c.dep_ in ("xcomp", "ccomp") for c in token.children))
    if lemma in DOCUMENT_VERBS and any(c.dep_ == "nsubj" and c.lemma_.lower() in DOCUMENT_NOUNS for c in token.children):
        return True  # "a report by X found that …"
    # ("shot back": the parser may read the particle as an adverb)
    parts = [c.lower_ for c in token.children if c.dep_ in ("prt", "prep")
             or c.dep_ == "advmod" and c.lower_ == "back"]
    # "pointed out", and "went on about" (both words: "went on" alone is no speech)
    return any((lemma, part) in PHRASAL_SPEECH_VERBS for part in parts + [" ".join(parts)])


def subject_of(verb, depth=0, quoted=frozenset()):
    """Who does the saying: the verb's subject, or (for participles, conjoined and
    complement verbs) the subject of the verb they hang on. Words inside quotes are the
    quote's own ("“What changed?” asked Priya Raman": not "What")."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i not in quoted]
    if subjects:
        # the nearest one: a dateline ("GENEVA (Reuters) - X said") can parse as a subject too
        return min(subjects, key=lambda c: abs(verb.i - c.i))
    document = _passive_in_document(verb, quoted)
    if document is not None:
        return document  # "«…», — is underlined in the document": the document's
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "acl") and verb.head.i != verb.i:
        recorded = _recorded_speaker(verb)
        if recorded is not None:
            return recorded
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head  # "X, saying …"
        # "X denied rebels had entered, describing …": the reporting verb's subject, even
        # when the parser hung the participle on the nearer verb
        for higher in verb.ancestors:
            if is_speech(higher) and any(c.dep_ in SUBJECT_DEPS for c in higher.children):
                return subject_of(higher, depth + 1, quoted)
        return subject_of(verb.head, depth + 1, quoted)
    if depth < 3 and verb.dep_ in ("pcomp", "pobj", "prep") and verb.head.i != verb.i:
        # "X was quoted as saying …": the subject of the verb the phrase hangs on
        for higher in verb.ancestors:
            if higher.pos_ in ("VERB", "AUX"):
                return subject_of(higher, depth + 1, quoted)
    if depth == 0 and (after := _after_clause_subject(verb)) is not None:
        return after  # "a day after a senior diplomat said …"
    if depth == 0 and verb.i > verb.sent.start:
        # "Dr Priya Raman, a hydrologist who has studied …, said": the parser lost the
        # subject in the clauses between; the sentence's first subject before the verb
        for token in verb.sent:
            if token.i >= verb.i:
                break
            if token.dep_ in SUBJECT_DEPS and token.i not in quoted and (
                    token.pos_ in ("PROPN", "NOUN") or token.lower_ in ("he", "she", "they", "we")) and not (
                    _in_subordinate(token, verb)):  # "Asked whether the issue would be raised, X said"
                return token
        # "Asked whether …, Matsushita Yūko, as the name is written …, said": a person's name
        # the parser hung nowhere useful, outside the clauses before the verb
        for token in verb.sent:
            if token.i >= verb.i:
                break
            if (token.ent_type_ == "PERSON" and token.pos_ == "PROPN" and token.i not in quoted
                    and not (token.i + 1 < len(token.doc) and token.doc[token.i + 1].ent_iob_ == "I")
                    and not _in_subordinate(token, verb) and not _in_phrase(token, verb)):
                return token
        # "In the city of Bursa, Murat, 47, who runs a workshop, said": the name the parser
        # hung on the opening phrase as an apposition
        for token in verb.sent:
            if token.i >= verb.i:
                break
            if (token.dep_ == "appos" and token.pos_ == "PROPN" and token.i not in quoted
                    and token.ent_type_ not in ("GPE", "LOC", "DATE", "FAC") and token.head.dep_ == "pobj"
                    and (token.head.ent_type_ in ("GPE", "LOC", "FAC") or token.ent_type_ == "PERSON")):
                return token  # also "In an interview with Xinhua, Zhou Ming, a researcher …, said"
            if (token.dep_ == "appos" and token.pos_ == "PROPN" and token.i not in quoted
                    and token.head.dep_ == "pobj" and _known_first_name(token)):
                return token  # "Spouse of Evgeniy Sorokin, Natalia Sorokina, in a talk with … said"
        # "Durak's spokesman Emil Rasko said", the name parsed as an apposition elsewhere:
        # the noun phrase right before the verb
        k = verb.i - 1
        while k > verb.sent.start and verb.doc[k].is_punct:
            k -= 1
        prev = verb.doc[k]
        if prev.pos_ in ("PROPN", "NOUN") and prev.i not in quoted and prev.dep_ in ("appos", "conj", "compound", "pobj"):
            return prev
        # "“…,” Tully said at one point": a name the parser read as an adverb of the verb
        if prev.pos_ == "PROPN" and prev.i not in quoted and prev.head.i == verb.i and prev.dep_ in ("advmod", "npadvmod"):
            return prev
    # "…," said Trump / shouted a man: the inverted subject parsed as an object
    for child in verb.children:
        if (child.dep_ in ("dobj", "attr", "npadvmod", "oprd") and child.i > verb.i and child.i not in quoted
                and (child.pos_ == "PROPN" or (child.pos_ == "NOUN" and verb.i > 0 and verb.nbor(-1).i in quoted))):
            return child
    return None


ISSUED_NOUNS = DOCUMENT_NOUNS | {"document", "statement", "communique", "communiqué", "declaration", "letter", "note"}


def _passive_in_document(verb, quoted):
    """A passive speech verb with no subject and "in the document" ("is underlined in the
    statement"): the document says it, for whoever issued it."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in ISSUED_NOUNS and pobj.i not in quoted:
                    return pobj
    return None


def _in_subordinate(token, verb) -> bool:
    """The token sits in a clause with a subordinating word ("whether", "as", "if") below
    the verb: that clause's subject or name, not the lost subject of the verb."""
    for higher in [token] + list(token.ancestors):
        if higher.i == verb.i:
            return False
        if any(c.dep_ == "mark" for c in higher.children):
            return True
    return False


def _in_phrase(token, verb) -> bool:
    """The token is an object, a possessor or in a prepositional phrase below the verb
    ("Speaking to Ana Ruiz, …", "Ruiz's aide"): not who speaks."""
    for higher in [token] + list(token.ancestors):
        if higher.i == verb.i:
            return False
        if higher.dep_ in ("pobj", "poss", "dobj", "dative", "attr"):
            return True
    return False


def _recorded_speaker(verb):
    """"footage of X saying …", "a video of X telling …": X, not the footage (nor the one
    who aired it), whichever verb the parser hung the participle on."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    k = verb.i - 1
    while k > 0 and verb.doc[k].is_punct:
        k -= 1
    prev = verb.doc[k]
    if (prev.dep_ == "pobj" and prev.head.lower_ == "of" and prev.head.head.lemma_.lower() in RECORDING_NOUNS):
        return prev
    return None


def is_main_clause(verb) -> bool:
    """A verb of the sentence's main clause: the root or conjoined with it."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def channel_of(verb, quoted) -> Optional[str]:
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


def tokens_of_quote(par: Paragraph, q: MarkedQuote):
    lo = q.start - len(q.open_mark)
    hi = q.end + len(q.close_mark)
    # by bisection over the token offsets (kept on the paragraph): a scan of the paragraph
    # for each quote is quadratic in a paragraph of many quotes
    starts = getattr(par, "token_starts", None)
    if starts is None:
        starts = par.token_starts = [par.pos(t) for t in par.span]
    return [par.span[k] for k in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi))]


def _sentences(par: Paragraph):
    """Sentence token lists clipped to the paragraph (computed once a paragraph)."""
    if par.sentences is None:
        lo, hi = par.span[0].i, par.span[-1].i
        par.sentences = [[t for t in sent if lo <= t.i <= hi] for sent in par.span.sents]
        par.sentences = [sent for sent in par.sentences if sent]
    return par.sentences


def frames(par: Paragraph, quote_tokens, quoted: set):
    """Where to look for the cue, in order: the sentences holding the quote; those and the
    next sentence when it starts right after the quote ("“…!” insists Burton."); those and
    the sentence before when it ends with a colon. Each frame is its tokens outside quotes."""
    inside = {t.i for t in quote_tokens}
    if not inside:
        return []
    sents = _sentences(par)
    first, last = min(inside), max(inside)
    frame_ix = [k for k, s in enumerate(sents) if s and s[0].i <= last and s[-1].i >= first]
    found = [frame_ix]
    if frame_ix:
        nxt = frame_ix[-1] + 1
        if nxt < len(sents) and sents[nxt] and sents[nxt][0].i not in quoted and sents[nxt][0].i == last + 1:
            found.append(frame_ix + [nxt])
        prv = frame_ix[0] - 1
        if prv >= 0 and sents[prv] and sents[prv][-1].text == ":":
            found.append([prv] + frame_ix)
    return [[t for k in ix for t in sents[k] if t.i not in quoted] for ix in found]


def embedded(quote_tokens) -> bool:
    """The quote sits inside a clause ("a third term, “greedflation”, has been used"), not
    after a sentence start, a colon or a comma."""
    first = quote_tokens[0]
    prev = first.doc[first.i - 1] if first.i > 0 else None
    return prev is not None and not prev.is_sent_end and prev.text not in (":", ",", "—", "–", "―", "-", "(")


def climb(verb, inside=frozenset()):
    """From the nearest speech verb up to the reporting verb through complement clauses
    (never into the quote: "“He says that,” she laughed" is hers)."""
    current = verb
    while current.dep_ in CLIMB_DEPS and current.head.i != current.i and current.head.i not in inside:
        head = current.head
        if current.dep_ == "advcl" and any(c.dep_ == "mark" for c in current.children):
            break  # "after Y called for …": Y's words, not the main clause's
        if current.dep_ == "conj":
            break  # "X said … and Y said …": each its own
        if _after_clause_subject(current) is not None or any(
                c.dep_ == "mark" and c.lower_ in TIME_PREPOSITIONS for c in current.children):
            break  # "…, a day after a Russian diplomat said “…”": the diplomat's, parsed as a complement
        if not is_speech(head):
            # one step over a non-speech verb: "X said they agreed on “…”" handled by ancestors
            break
        current = head
    return current


def _known_first_name(token) -> bool:
    """The name the token ends begins with a first name of the shipped list ("Natalia Sorokina")."""
    first = min([token] + [c for c in token.children if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"],
                key=lambda t: t.i)
    return first.text[:1].isupper() and fold(first.text) in first_names()


TIME_PREPOSITIONS = {"after", "before", "since", "until"}


def _after_clause_subject(verb):
    """The lost subject of a verb in a time clause the parser read as a complement: "a day
    after a senior diplomat said …" (the diplomat parsed as the object of "after")."""
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children) or verb.i == 0:
        return None
    prev = verb.doc[verb.i - 1]
    if (prev.pos_ in ("NOUN", "PROPN") and prev.dep_ == "pobj" and prev.head.lower_ in TIME_PREPOSITIONS
            and prev.head.i < prev.i):
        return prev
    return None


def list_head(subj):
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
    while token.dep_ in ("conj", "pobj", "prep") and token.head.i != token.i:
        token = token.head
        if token.pos_ == "NOUN" and token.tag_ == "NNS":
            return token  # "ministers" in "the ministers of Turkey, Iran, and Russia"
    return None


def reporting_subject(cue, quoted):
    """The named subject of a speech verb above this one in the same sentence."""
    for higher in cue.ancestors:
        if is_speech(higher):
            subj = subject_of(higher, quoted=quoted)
            if subj is not None and subj.pos_ != "PRON":
                return subj
    return None


def cue_text(verb) -> str:
    parts = [verb.text]
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            parts.append(child.text)  # "pointed out"
    return " ".join(parts)


# every dash and bar credits alike: em, en, horizontal bar (U+2015), figure dash, minus, hyphen
DASH = re.compile(r"^[\s,\u00a0]*[—–―‒−-]{1,2}[\s\u00a0]*([A-Z][^\n.;]{1,80})")




def dash_attribution(par: Paragraph, q: MarkedQuote, text: str) -> Optional[Mention]:
    after = text[q.end + len(q.close_mark): par.end]
    if not after.strip():
        # the quote ends its paragraph and the next line is the credit: "— Maj Gen X, …"
        nxt = text[par.end:par.end + 200].lstrip("\n \u00a0")
        if nxt[:1] in "—–―‒−":
            after = nxt.split("\n", 1)[0]
    m = DASH.match(after)
    if not m or after[m.end():m.end() + 1] in ("?", "!") or m.group(1).split()[0].lower() in NOT_CREDIT_WORDS:
        return None  # "— And if they refuse?": a question line of an interview, not a credit
    words = m.group(1).strip().rstrip(",")
    parts = [w.strip() for w in words.split(",")]
    name = parts[0]
    return Mention(name=name, mention=words, kind="person",
                   description=", ".join(parts[1:]) or None, heads=frozenset({name.split()[-1].lower()}))


def colon_subject(par: Paragraph, q: MarkedQuote, quote_tokens, quoted):
    """"X shared the post with a single line: “…”": a colon before the quote introduces
    the words of the sentence's subject, even with no speech verb."""
    if not quote_tokens:
        return None
    first = quote_tokens[0]
    k = first.i - 1
    if k < 0 or first.doc[k].text not in (":", "—", "–", "―"):
        return None
    before = first.doc[k - 1] if k > 0 else None
    if before is not None and before.ent_type_ == "PERSON" and before.i not in quoted:
        return before  # "…through its spokeswoman, Yelena Sorokina: “…”"
    sent = first.doc[k].sent
    root = sent.root
    if root.i in quoted:
        # the parser rooted the sentence inside the quote: the clause before the colon
        for tok in [before] + list(before.ancestors) if before is not None else []:
            if tok.i not in quoted and tok.pos_ in ("VERB", "AUX") and subject_of(tok, quoted=quoted) is not None:
                return subject_of(tok, quoted=quoted)
        return None
    if root.i > sent.start and first.doc[sent.start].i == sent.start and not any(
            c.dep_ in SUBJECT_DEPS for c in root.children) and root.pos_ == "PROPN":
        return root  # a headline: "Talia Renner: ‘…’"
    return subject_of(root, quoted=quoted)
