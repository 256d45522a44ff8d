"""Who a noun phrase names: the speaker behind a subject token (name, the words in the
text, kind, role, gender), with the token helpers the other attribution steps share.

A speaker's kind: person, name (a proper name the tagger could not type), person-description
("the minister"), organization, group, anonymous ("a resident"), pronoun, unknown (a thing).
"""
import re
from dataclasses import dataclass
from typing import Optional

from tracker.lexicon import (TITLE_WORDS, DOCUMENT_NOUNS, GROUP_PRONOUNS, INDEFINITE, ORG_HEADS, PERSON_PRONOUNS,
                             PERSON_ROLE_HEADS, RELATIVE_PRONOUNS, SPOKES_HEADS)
from tracker.names import strip_titles
from tracker.text import fold

from .gender import first_names, guess_gender, looks_like_a_name


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
class Mention:
    name: str
    mention: str
    kind: str
    description: Optional[str] = None
    heads: frozenset = frozenset()
    gender: Optional[str] = None  # male | female | None, for he/she

    def __post_init__(self):
        if self.gender is None and self.kind in ("person", "name", "person-description", "anonymous"):
            self.gender = guess_gender(self.name, self.mention)


def subtree_without(token, drop_deps, quoted):
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


def contiguous(tokens, anchor):
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


def span_text(par: Paragraph, tokens, text: str) -> str:
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


_POSSESSIVE_END = re.compile(r"['’]s?$")


def strip_possessive(words: str) -> str:
    # What re.sub(r"\s*['’]s?$", "", words).strip() gives, in linear time: that pattern
    # restarts at every space of a long run of them (20,000 spaces took 15 s).
    match = _POSSESSIVE_END.search(words)
    if not match:
        return words.strip()
    start = match.start()
    while start > 0 and words[start - 1].isspace():
        start -= 1
    return (words[:start] + words[match.end():]).strip()


def leading_determiner(tokens):
    return tokens and tokens[0].lower_ in ("the", "this", "that", "these", "those")


def build_mention(par: Paragraph, head, text: str, quoted) -> Optional[Mention]:
    """The speaker named by a subject token: name, words in the text, kind, role."""
    acronym = _is_acronym(head)
    if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and not acronym:
        head = head.head.head
    # "the report's authors wrote": the report speaks for them, as its issuer
    if head.lemma_.lower() in AUTHOR_WORDS:
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lemma_.lower() in DOCUMENT_NOUNS), None)
        if owner is not None:
            inner = build_mention(par, owner, text, quoted)
            if inner is not None:
                inner.mention = span_text(par, contiguous(subtree_without(head, {"relcl", "acl", "advcl"}, quoted), head),
                                          text) or inner.mention
                return inner
    # "a spokesperson for X", "X's statement": X speaks (a named spokesperson speaks himself)
    named = any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in head.children)
    document = head.lemma_.lower() in DOCUMENT_NOUNS
    if head.lemma_.lower() in SPOKES_HEADS and not named and not document:
        # "the spokesman of the Egyptian Ministry of Petroleum Tareq Abdul Rahim": the name
        # ending the phrase (the tagger ran it into the ministry's)
        phrase = contiguous(subtree_without(head, {"relcl", "acl", "advcl"}, quoted), head)
        chain = _trailing_person(phrase)
        if chain is not None:
            name = span_text(par, chain, text)
            return Mention(name=name, mention=span_text(par, phrase, text), kind="person",
                           description=span_text(par, [t for t in phrase if t.i < chain[0].i], text) or None,
                           heads=frozenset({name.split()[-1].lower(), head.lemma_.lower()}))
    if head.lemma_.lower() in SPOKES_HEADS or document:
        # "Its report found", "their statement said": whoever the pronoun stands for
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE_OWNERS), None)
        if owner is not None:
            pronoun = POSSESSIVE_OWNERS[owner.lower_]
            return Mention(name=pronoun, mention=span_text(par, [t for t in head.subtree if t.i not in quoted], text),
                           kind="pronoun", heads=frozenset({pronoun}))
    if (head.lemma_.lower() in SPOKES_HEADS or document) and not named:
        owner = None
        for child in head.children:
            if child.dep_ == "poss":
                owner = child
            elif child.dep_ == "prep" and (child.lower_ in ("for", "of", "from") or document and child.lower_ == "by"):
                pobj = [c for c in child.children if c.dep_ == "pobj"]
                owner = pobj[0] if pobj else owner
            elif child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN" and owner is None:
                owner = child  # "a Kremlin spokesman", "a Downing Street spokeswoman"
        if owner is not None and owner.pos_ in ("PROPN", "NOUN"):
            inner = build_mention(par, owner, text, quoted)
            if inner is not None:
                if inner.kind in ("person", "name") and owner.ent_type_ != "PERSON":
                    inner.kind = "organization"  # "a Downing Street spokesman"
                whole = contiguous(subtree_without(head, {"relcl", "acl", "advcl"}, quoted), head)
                inner.mention = span_text(par, whole, text) or inner.mention
                inner.description = head.lemma_.lower()
                return inner
    if (head.lemma_.lower() in SPOKES_HEADS and head.lemma_.lower() not in ("spokesperson", "spokesman", "spokeswoman", "representative")
            or document and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children)):
        # "the statement said", with no owner named: whoever issued it, as for "it"
        return Mention(name="it", mention=span_text(par, [t for t in head.subtree if t.i not in quoted], text),
                       kind="pronoun", heads=frozenset({"it"}))
    if acronym and head.pos_ == "PRON":
        # "WHO warns …": a body's acronym the tagger read as a pronoun
        return Mention(name=head.text, mention=head.text, kind="organization", heads=frozenset({head.lower_}))
    self_named = _self_named(par, head, text, quoted)
    if self_named is not None:
        return self_named
    if head.pos_ == "PRON" or head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return Mention(name=head.text, mention=head.text, kind="pronoun", heads=frozenset({head.lower_}))
    subtree = subtree_without(head, {"relcl", "acl", "advcl"}, quoted)
    persons = _person_ents(subtree)
    appos_names = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    # appositions give a name ("one woman, Rania") or a role ("Rami, head of…"): keep a name,
    # drop a role from the name but keep it as the description
    without_appos = contiguous(subtree_without(head, {"relcl", "acl", "advcl", "appos"}, quoted), head)
    mention_tokens = contiguous(subtree, head)
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
        name = strip_titles(strip_possessive(best.text))
        desc_tokens = [t for t in mention_tokens if not (best.start <= t.i < best.end)]
        description = span_text(par, contiguous(desc_tokens, desc_tokens[0]), text) if desc_tokens else None
        return Mention(name=name, mention=span_text(par, mention_tokens, text), kind="person",
                       description=_clean_description(description), heads=heads | {name.split()[-1].lower()})
    named_of = _appos_after_of(head, quoted) if not own_persons or all(
        not (e.start <= head.i < e.end) and e.root.dep_ != "appos" for e in own_persons) else None
    if named_of is not None:
        # "Spouse of technician Evgeniy Sorokin, Natalia Sorokina, … informed": the name set off
        # by commas after the "of" phrase is the spouse's (the parser hung it on the last noun)
        name = span_text(par, named_of, text)
        return Mention(name=name, mention=span_text(par, mention_tokens, text), kind="person",
                       description=span_text(par, [t for t in mention_tokens if t.i < named_of[0].i], text).rstrip(" ,")
                       or None, heads=heads | {name.split()[-1].lower()})
    role_named = _name_after_role(head, without_appos or mention_tokens)
    if role_named is not None:
        # "Spokesman of the Ministry of Foreign Affairs Mehdi Sabzevari said": the tagger ran
        # the ministry into the name; the name is the first name and what follows it
        chain, role = role_named
        name = span_text(par, chain, text)
        tokens = [t for t in mention_tokens if t.i >= role.i]
        return Mention(name=name, mention=span_text(par, tokens, text), kind="person",
                       description=span_text(par, [t for t in tokens if t.i < chain[0].i], text) or None,
                       heads=heads | {name.split()[-1].lower()})
    named_after = _name_after(head, quoted)
    if named_after is not None:
        # "The conservative group Taxpayers First branded …": the parser hung the name on the
        # verb, not on the noun it names
        name = strip_titles(named_after.text) if named_after.label_ == "PERSON" else named_after.text
        tokens = contiguous(mention_tokens + list(named_after), head)
        return Mention(name=name, mention=span_text(par, tokens, text),
                       kind="person" if named_after.label_ == "PERSON" else "organization",
                       description=span_text(par, without_appos, text), heads=heads | {name.split()[-1].lower()})
    if appos_names and head.pos_ == "NOUN":
        name_tok = appos_names[0]
        name_tokens = contiguous(subtree_without(name_tok, {"relcl", "acl", "punct"}, quoted), name_tok)
        return Mention(name=span_text(par, name_tokens, text), mention=span_text(par, mention_tokens, text),
                       kind="person", description=span_text(par, without_appos, text), heads=heads)
    words = without_appos or mention_tokens
    first = words[0].lower_ if words else ""
    if head.pos_ == "PROPN" and head.ent_type_ in ("PERSON", "") and not is_org(head):
        kind = "person"
    elif head.ent_type_ in ("GPE", "NORP"):
        kind = "organization"  # "Jordan has urged…": a country speaks through its government
    elif head.pos_ == "PROPN" and head.text.isupper() and len(head.text) > 1:
        kind = "organization"  # an acronym or a dateline (NATO, GENEVA), not a person
    elif head.pos_ == "PROPN" and head.lemma_.lower() not in ORG_HEADS and len(words) <= 3:
        kind = "name"  # a short proper name the tagger could not type: a person or an organisation
    elif is_org(head):
        kind = "organization"
    elif first in INDEFINITE and (is_person_noun(head) or head.lemma_.lower() in ("source", "official")):
        kind = "anonymous"  # "a resident", "one woman"; not "one line"
    elif head.tag_ in ("NNS", "NNPS"):
        kind = "group"
    elif is_person_noun(head):
        kind = "person-description"  # "the minister", "the archbishop"
    else:
        kind = "organization" if head.ent_type_ in ("ORG", "GPE", "NORP") else "unknown"
    name_tokens = words[1:] if leading_determiner(words) else words
    name = strip_possessive(span_text(par, name_tokens, text)) if name_tokens else head.text
    if kind in ("person", "name"):
        name = strip_titles(name)
    description = span_text(par, [t for t in mention_tokens if t not in words], text) or None
    return Mention(name=name, mention=span_text(par, mention_tokens, text), kind=kind,
                   description=_clean_description(description), heads=heads)


def _name_after_role(head, words):
    """A person's name (a known first name and the words after it) ending a role phrase
    ("Spokesman of the Ministry of Foreign Affairs Mehdi Sabzevari"): (name tokens, role token)."""
    if head.pos_ != "PROPN" or head.ent_type_ == "PERSON":
        return None
    chain = [head]
    k = head.i - 1
    while k >= 0 and head.doc[k].pos_ == "PROPN" and head.doc[k].dep_ in ("compound", "flat") and head.doc[k].head.i == head.i:
        chain.insert(0, head.doc[k])
        k -= 1
    if len(chain) < 2 or not looks_like_a_name(chain[0].text) or fold(chain[0].text) not in first_names():
        return None
    roles = [t for t in words if t.i < chain[0].i and t.lemma_.lower() in PERSON_ROLE_HEADS]
    if not roles or not any(t.lower_ == "of" for t in words if roles[0].i < t.i < chain[0].i):
        return None
    return chain, roles[0]


def _appos_after_of(head, quoted):
    """"Spouse of Evgeniy Sorokin, Natalia Sorokina": the name in apposition to the object of
    the head's "of", from a known first name on; the tokens of that name, or None."""
    if head.pos_ != "NOUN" or not is_person_noun(head):
        return None
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj" or pobj.pos_ != "PROPN":
                continue
            for appos in pobj.children:
                if appos.dep_ == "appos" and appos.pos_ == "PROPN" and appos.i not in quoted:
                    chain = sorted([appos] + [c for c in appos.children if c.dep_ in ("compound", "flat")
                                               and c.pos_ == "PROPN"], key=lambda t: t.i)
                    if chain[0].text[:1].isupper() and fold(chain[0].text) in first_names() and \
                            head.doc[chain[0].i - 1].text == ",":
                        return chain
    return None


def _trailing_person(tokens):
    """The run of capitalised proper nouns ending a phrase, from a known first name on
    ("… Mineral Resources Tareq Abdul Rahim" -> Tareq Abdul Rahim), or None."""
    k = len(tokens)
    while k > 0 and tokens[k - 1].pos_ == "PROPN" and looks_like_a_name(tokens[k - 1].text):
        k -= 1
    run = tokens[k:]
    start = next((n for n, token in enumerate(run[:-1]) if fold(token.text) in first_names()), None)
    # after the body's own capitalised words, not after a title ("Senator Mary Hale")
    if not start or run[start - 1].lower_.rstrip(".") in TITLE_WORDS:
        return None
    return run[start:]


def _name_after(head, quoted):
    """A person or organisation name right after a common noun and not parsed as part of it
    ("the group Taxpayers First", "the union leader Ana Ruiz")."""
    if head.pos_ != "NOUN" or head.i + 1 >= len(head.doc):
        return None
    following = head.doc[head.i + 1]
    ent = next((e for e in head.doc.ents if e.start == following.i), None)
    if ent is None or ent.label_ not in ("ORG", "PERSON") or any(t.i in quoted for t in ent):
        return None
    under = {t.i for t in head.subtree}
    if all(t.i in under for t in ent):
        return None  # the parser hung all of it on the noun: the usual path reads it
    return ent


AUTHOR_WORDS = {"author", "authors", "writer", "writers"}
POSSESSIVE_OWNERS = {"its": "it", "their": "they", "his": "he", "her": "she"}

SELF_NAMING_VERBS = {"identify", "introduce", "give", "call", "name"}


def _self_named(par: Paragraph, head, text: str, quoted) -> Optional[Mention]:
    """"The woman, who identified herself as Joanne Kerrigan, …", "One man, who gave only his
    first name, Ali, …": the person by the name the clause gives, the noun as the role."""
    if head.pos_ != "NOUN" or not is_person_noun(head):
        return None
    for clause in head.children:
        if clause.dep_ != "relcl" or clause.lemma_.lower() not in SELF_NAMING_VERBS:
            continue
        names = [c for p in clause.children if p.dep_ == "prep" and p.lower_ == "as"
                 for c in p.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
        names += [a for o in clause.children if o.dep_ == "dobj" and o.lemma_.lower() == "name"
                  for a in o.children if a.dep_ == "appos" and a.pos_ == "PROPN"]
        if names:
            name_tokens = contiguous(subtree_without(names[0], {"appos", "relcl", "acl", "punct", "prep"}, quoted),
                                     names[0])
            mention_tokens = contiguous(subtree_without(head, {"relcl", "acl", "advcl", "appos"}, quoted), head)
            name = strip_titles(span_text(par, name_tokens, text))
            return Mention(name=name, mention=span_text(par, mention_tokens, text), kind="person",
                           description=head.lemma_.lower(), heads=frozenset({head.lemma_.lower(), name.split()[-1].lower()}))
    return None


def _is_acronym(token) -> bool:
    """An all-capital word of two or more letters in a sentence that is not all capitals."""
    return (len(token.text) >= 2 and token.text.isalpha() and token.text.isupper()
            and any(c.islower() for c in token.sent.text))


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


def is_org(token) -> bool:
    return token.lemma_.lower() in ORG_HEADS or (token.ent_type_ in ("ORG", "NORP") and token.pos_ == "PROPN")
