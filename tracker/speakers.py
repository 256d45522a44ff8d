"""Canonical speakers across articles and outlets: one speaker id per person or body.

The same person appears as "Russian Foreign Minister Sergei Lavrov", "Russia's Sergey Lavrov"
and "Lavrov"; the same body as "the Syrian army", "the army" and "a spokesperson for the
General Command of the Army and Armed Forces". The registry maps every such mention to one
speaker id and records, per alias, the rule that merged it, so a reader can audit each merge.
What a name is (its key, its role, its body) is names.py's; who is who is decided here.

Policy: a missed merge costs a split page; a wrong merge puts words in someone else's mouth.
So every rule below needs a unique candidate, people never merge with organisations or groups,
anonymous speakers never leave their article, and generic bodies ("the ministry") only merge
with a body named in the same article.

Pure Python (stdlib only), no model: it runs on every quote of every ingest.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from tracker.lexicon import (CHINESE_SURNAMES, COMMON_ORG_WORDS, LEAD_WORDS, ORG_HEADS, PERSON_ROLE_HEADS,
                             PLACE_WORDS, PORTFOLIO_WORDS, TITLE_WORDS)
from tracker.names import (chinese_readings, clean_mention, fuzzy_token, is_generic_org, is_patronymic,
                           is_subsequence,
                           looks_like_organisation, name_key, org_conjuncts, org_tokens,
                           org_words_within, reduce_org, same_org_words, split_role,
                           strip_determiners, consonants)
from tracker.text import fold, scope_suffix, slug, unify_apostrophes

KINDS = ("person", "organization", "group", "anonymous")


def _id_part(text: str, limit: int = 48) -> str:
    """A slug for a speaker's matching slot; long names end in a short hash."""
    return slug(text, limit) or "x"


def readable_id(name: str, kind: str = "person", scope: Optional[str] = None) -> str:
    """The id a person can read and keep, made of what is shown of the speaker alone, so
    that it is the same whatever order the articles came in: the slug of the displayed
    name ("sergei-lavrov", "syrian-army"); anonymous speakers start with "anonymous-";
    a speaker scoped to one article (anonymous, an unnamed role, a generic body) ends in
    that article's id ("anonymous-resident-a1b2c3d4e5f6a7b8"), the whole id, since a
    shortened one would meet another article's at a million articles. A name with no
    Latin letter or digit gives its kind and a short hash ("person-3f2a1bc")."""
    base = slug(unify_apostrophes(name or "").replace("'", ""), 48)  # "Syria's" -> syrias
    if not base:
        base = f"{kind}-{hashlib.sha1((name or '').encode('utf-8')).hexdigest()[:7]}"
    if kind == "anonymous" and not base.startswith("anonymous"):
        base = "anonymous-" + base
    if scope:
        base += scope_suffix(scope)
    return base


def _slot(kind: str, words: str) -> str:
    """The matching slot of a new speaker: "s-" and the words of its key ("s-sergei-lavrov"),
    "s-org-"/"s-grp-" for bodies."""
    return {"organization": "s-org-", "group": "s-grp-"}.get(kind, "s-") + _id_part(words)


def _slot_of_row(row: dict) -> Optional[str]:
    """The matching slot (the key-based id the registry gives a new speaker: "s-lavrov",
    "s-org-army-syrian") of a stored unscoped speaker, from its stored name."""
    name, kind = row.get("name") or "", row.get("kind") or "person"
    if row.get("scope") or not name:
        return None
    if kind in ("organization", "group"):
        return _slot(kind, " ".join(org_tokens(name)))
    if kind == "person":
        return _slot(kind, name_key(split_role(name)[0] or name))
    return None


# Rules that add another spelling of the whole name, among which the display name is chosen.
SPELLING_RULES = ("exact", "transliteration", "name-variant")


def _display_name(sp) -> str:
    """The fullest spelling of a person's name, chosen from the set of spellings alone so the
    name shown does not depend on which article came first: the most name words (a
    patronymic does not count), then the original letters ("Kılınç" over "Kilinc"), then
    no Wade-Giles apostrophes, then the shortest spelling ("Jeyhun Mammadov" over
    "Dzheikhun Mamedov"), then sort order."""
    names = {split_role(alias)[0] for alias, rule in sp.aliases.items()
             if rule in SPELLING_RULES + ("new",)} - {""}
    names.add(sp.name)

    def preference(n):
        return (-len(name_key(n).split()), -sum(ord(c) > 127 for c in n),
                bool(re.search(r"\w'\w", n)), len(n), n)
    return min(names, key=preference)


ORG_NAME_RULES = ("new", "exact", "organisation-variant")


def _org_display_name(sp) -> str:
    """A body's name: the first one seen, unless it starts with a common word and another
    does not ("Zhenhua Steel Group" over "Company Zhenhua Steel", whichever article came
    first); then the shortest such name, then sort order."""
    names = {strip_determiners(reduce_org(alias)) for alias, rule in sp.aliases.items()
             if rule in ORG_NAME_RULES} - {""}
    names.add(sp.name)

    def preference(n):
        first = fold(n.split()[0]).lower() if n.split() else ""
        return (first in COMMON_ORG_WORDS, n != sp.name, len(n), n)
    return min(names, key=preference)


def _name_from_mention(name: str, kind: str, mention: Optional[str]) -> tuple:
    """(name, kind) corrected by the words of the mention, when the extractor's name is a
    part of the one the mention gives: "Chien-kuo" for "Special representative of PRC
    Ch'iao Chien-kuo", a role ("Host of the meeting") for "Host of the meeting, the minister
    ... Dzheikhun Mamedov", a body ("European commission") for "The official representative
    of the European commission ... Olivier Menard", or a given name taken for a family name
    ("Hussain Jabbar" for "al-Hussein")."""
    if kind == "anonymous":
        return name, kind
    if kind in ("organization", "group"):
        # a titled person's full name, in the mention or in the name the extractor gave
        # ("Spokesman of the Ministry of Foreign Affairs Mehdi X" for "the spokesman")
        for text in (clean_mention(mention or ""), name):
            said, role = split_role(text)
            titled = role and any(w in TITLE_WORDS or w in PERSON_ROLE_HEADS
                                  for w in fold(role).replace(",", " ").split())
            if said and titled and len(name_key(said).split()) >= 2:
                return text, "person"
        return name, kind
    if not mention:
        return name, kind
    mention = clean_mention(mention)
    said, role = split_role(mention)
    if not said:
        return name, kind
    said_key, name_part = name_key(said), split_role(name)[0]
    if not name_part:
        return mention, kind
    name_tokens, said_tokens = name_key(name_part).split(), said_key.split()
    said_words, name_words = fold(said).split(), fold(name_part).split()
    extra = said_words[:len(said_words) - len(name_words)]
    if (len(said_words) > len(name_words) and said_words[-len(name_words):] == name_words
            and len(said_tokens) <= 4 and not any(
                w in TITLE_WORDS or w in PERSON_ROLE_HEADS or w in ORG_HEADS for w in extra)):
        return mention, kind  # the fuller name the mention gives ("Ch'iao Chien-kuo")
    if (len(said_tokens) >= 2 and len(name_words) > len(said_words)
            and name_words[-len(said_words):] == said_words and split_role(mention)[1]):
        return said, kind  # the mention shows a body run into the name ("Red Crescent Ali Nasser")
    if (len(said_tokens) >= 2 and not any(fuzzy_token(s, n) for s in name_key(mention).split()
                                          for n in name_tokens)
            and not chinese_readings(said) & chinese_readings(name_part)
            and not _role_of_another([mention]) and not _names_a_relation(role)):
        return said, kind  # the words at the quote name another person in full
    if (len(said_tokens) == 1 and len(name_tokens) >= 2
            and fuzzy_token(said_tokens[0], name_tokens[0])
            and not fuzzy_token(said_tokens[0], name_tokens[-1]) and re.match(r"(?i)^(al|el)[- ]", said)):
        return said, kind  # "al-Hussein" is a family name, not "Hussein Jabbar"'s given name
    return name, kind


# Words that make another office of a title: "the minister" is not the prime minister, "the
# president" not the vice president, "the secretary" not the shadow secretary.
_RANK_WORDS = frozenset({"prime", "vice", "deputy", "assistant", "shadow", "former", "acting",
                         "junior", "first", "under", "ex", "interim", "associate"})


def _role_of_another(texts: list) -> bool:
    """The words speak for someone ("a spokesperson for the minister", "the minister's
    aide"): the speaker is not the person whose role they name."""
    return any(re.search(r"(?i)\b(spokes\w*|aides?|advisers?|advisors?|representatives?)\b.*\b(for|to|of)\b"
                         r"|'s\s+(spokes\w*|aides?|advisers?|office)\b", unify_apostrophes(t or ""))
               for t in texts)


# Offices whose holders news never calls by their given name alone: a bare "Mohammed" in an
# article about "Interior Minister Mohammed Karim" is someone else (a shopkeeper, a resident).
_OFFICE_WORDS = frozenset({
    "minister", "president", "secretary", "spokesman", "spokesperson", "spokeswoman", "col",
    "colonel", "gen", "general", "ambassador", "envoy", "governor", "mayor", "senator", "sen",
    "chancellor", "premier", "commander", "director", "chief", "judge", "king", "queen",
    "prince", "emir", "sheikh", "dr", "prof", "professor", "captain", "capt", "lt", "maj",
    "major", "admiral", "brigadier", "ayatollah", "imam", "rabbi", "bishop", "cardinal",
    "pope", "chairman", "chairwoman", "prosecutor", "commissioner", "mp", "lawmaker",
    "diplomat", "official", "representative", "head", "leader", "ceo"})


def _titled(mention: str) -> bool:
    """The mention gives a title with the name ("Sheikh Mohammed", "Prince Faisal")."""
    return any(w in TITLE_WORDS for w in re.findall(r"[a-z]+", fold(split_role(mention or "")[1])))


def _family_name_first(sp) -> bool:
    """A name written family name first: a hyphenated Korean or Chinese given name last
    ("Park Seo-yeon", "Liu Chen-hua") or a Chinese family name first ("Wang Yi"), where a
    bare first word is the family name."""
    for text in [sp.name] + list(sp.aliases):
        words = (split_role(text)[0] or "").split()
        if len(words) >= 2 and (re.fullmatch(r"[A-Z][a-z]+-[a-z]+", words[-1])
                                or fold(words[0]) in CHINESE_SURNAMES):
            return True
    return False


def _names_a_relation(role: str) -> bool:
    """The role before a name makes the name the object of a relation ("a lawyer for
    former Prime Minister", "the wife of"): after its last preposition come no words of a
    body or place, only titles or nothing; the person named is not the speaker.
    "press secretary of the Ministry ... of the Kyrgyz Republic" names a body there."""
    words = re.findall(r"[\w.]+", unify_apostrophes(role or ""))
    last = max((i for i, w in enumerate(words) if w.lower() in ("of", "for", "to", "with", "by")),
               default=-1)
    if last < 0:
        return False
    tail = [(w, fold(w).strip(".")) for w in words[last + 1:]]
    return not any(low in ORG_HEADS or low in PORTFOLIO_WORDS or low in PLACE_WORDS
                   or (w[:1].isupper() and low not in TITLE_WORDS) for w, low in tail)


def _said_of_a_person(mention: Optional[str]) -> bool:
    """The article refers to the speaker as "he" or "she": a person, whatever kind the
    tagger gave the name it resolved the pronoun to (a surname read as a company)."""
    return fold(clean_mention(mention or "")) in ("he", "she", "him", "her")


def _without_possessor(role: str) -> str:
    """The role without the proper name that owns it: "Utopia's foreign minister" ->
    "foreign minister" (words that speak for someone are _role_of_another's)."""
    return re.sub(r"^(?:the\s+)?(?:[A-Z][\w.-]*\s+)*[A-Z][\w.-]*'s?\s+(?=\S)", "",
                  unify_apostrophes(role or "").strip())


def _role_words(role: str) -> list:
    """The words of a role without determiners and punctuation ("the minister" -> minister)."""
    return [w for w in re.findall(r"[a-z]+", fold(strip_determiners(role or "")))
            if w not in ("the", "a", "an", "of", "for", "and", "s")]


def _scope(article_id) -> str:
    return str(article_id or "x")


# --- blocking keys: how the store finds the few stored speakers a name could be ----------

def _org_loose(tokens: list) -> str:
    """Words of a body in any order, countries equal to their demonyms (first 4 letters)."""
    return " ".join(sorted(t[:4] for t in tokens))


def _org_proper(tokens: list) -> str:
    """A body's proper words in order of sorting, when there are two or more ("zhenhua
    steel"); "" otherwise."""
    proper = sorted({t for t in tokens if t not in COMMON_ORG_WORDS and t not in ("in", "on", "at")})
    return " ".join(proper) if len(proper) >= 2 else ""


def _body_words(text: str) -> set:
    """The proper words of the body a leader heads ("leader of Hayat Tahrir al-Sham")."""
    return {t for t in org_tokens(text) if t not in COMMON_ORG_WORDS and t not in LEAD_WORDS
            and t not in ("al", "el")}


def _person_lookup_keys(key: str) -> set:
    tokens = key.split()
    if not tokens:
        return set()
    keys = {"k:" + key, "k:" + tokens[-1], "l:" + tokens[-1], "c:" + consonants(tokens[-1])}
    if len(tokens) > 1:
        keys.add("f:" + tokens[0])
    return keys


def stored_keys(sp: "Speaker") -> set:
    """Every blocking key the store files speaker sp under (table speaker_keys): a person's
    name keys, first name, surname and the surname's consonants, the bodies they lead; a
    named body's words in any order; an unnamed leader's body words, for the person who is
    later named as that leader."""
    keys = set()
    if sp.scope:
        if sp.kind == "person" and LEAD_WORDS & set(org_tokens(sp.name)):
            keys.update("r:" + t for t in _body_words(sp.name))
        return keys
    if sp.kind == "person":
        for text in [sp.name] + sorted(sp.aliases):
            key = name_key(split_role(text)[0] or text)
            tokens = key.split()
            if not tokens:
                continue
            keys.add("k:" + key)
            keys.update("k:" + k for k in chinese_readings(split_role(text)[0] or text))
            if len(tokens) > 1:
                keys.update({"f:" + tokens[0], "l:" + tokens[-1], "c:" + consonants(tokens[-1])})
        for text in [sp.description or ""] + sorted(sp.aliases):
            if LEAD_WORDS & set(org_tokens(text)):
                keys.update("b:" + t for t in _body_words(text))
    elif sp.kind in ("organization", "group"):
        for text in [sp.name] + sorted(sp.aliases):
            tokens = org_tokens(text)
            if tokens and not is_generic_org(text, tokens):
                keys.add("o:" + _org_loose(tokens))
                if _org_proper(tokens):
                    keys.add("p:" + _org_proper(tokens))
    return keys


@dataclass
class Speaker:
    id: str
    name: str
    kind: str = "person"
    description: Optional[str] = None
    # The article a speaker belongs to when its words name no one in particular (an
    # anonymous source, an unnamed role, a generic body): never matched from elsewhere.
    scope: Optional[str] = None
    aliases: dict = field(default_factory=dict)  # alias -> rule that merged it

    def get(self, key, default=None):
        """Dict-style access, so callers can treat a Speaker like its DB row."""
        return getattr(self, key, default)

    def __getitem__(self, key):
        return getattr(self, key)

    def row(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "description": self.description, "scope": self.scope}


_NOT_A_GIVEN_NAME = {w.lower() for w in TITLE_WORDS | PERSON_ROLE_HEADS | ORG_HEADS | COMMON_ORG_WORDS
                     | PLACE_WORDS | PORTFOLIO_WORDS}
_FUNCTION_WORDS = {"the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "for", "to", "by",
                   "as", "if", "when", "after", "before", "while", "with", "from", "shri", "sri",
                   "smt", "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "prof", "monday",
                   "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "da", "van", "von", "der", "la", "le", "di"}


def _given_name(word: str, lower: set) -> bool:
    """A capitalised word that may be a given name: no title, role, place, body or function
    word, no acronym ("TD"), none the article also writes in lower case ("Supervisor")."""
    low = fold(word).lower()
    return not (low in _NOT_A_GIVEN_NAME or low in _FUNCTION_WORDS or (word.isupper() and len(word) > 1)
                or word.lower() in lower)


def _named_in_full(name: str, text: Optional[str]) -> Optional[str]:
    """The one full name the article's text gives a bare surname, or None (two different
    ones, or none).

    Which Liu a bare "Liu" is, when several are known, must not depend on which Lius were
    stored before: the article's own text says it ("China's Commerce Minister Liu Zhenhua
    replied ... Liu said"), though he is quoted by surname only."""
    key = name_key(name) if name and text else ""
    if not key or " " in key:
        return None
    found = {}
    lower = set(re.findall(r"(?<![\w'’-])[a-z][\w'’-]*", text))  # words the article writes as common words
    for run in re.finditer(r"[^\W\d_][\w'’-]*(?: +[^\W\d_][\w'’-]*)*", text):
        words = run.group(0).split()
        for at, word in enumerate(words):
            if not (word[:1].isupper() or word.split("-")[-1][:1].isupper()) or name_key(word) != key:
                continue
            following = words[at + 1] if at + 1 < len(words) else ""
            if fold(word).lower() in CHINESE_SURNAMES and following[:1].isupper() and _given_name(following, lower):
                found.setdefault(name_key(f"{word} {following}"), f"{word} {following}")
                continue  # "Liu Zhenhua": the family name first
            if following[:1].isupper() and _given_name(following, lower):
                continue  # a given name or first family name here ("Álvarez Quintana")
            given = []
            for before in reversed(words[:at]):  # "Minister Khalid Abdel-Rahman al-Hashimi"
                if fold(before).lower() in _NAME_PARTICLES:
                    given.insert(0, before)
                elif before[:1].isupper() and _given_name(before, lower) and len(given) < 2:
                    given.insert(0, before)
                else:
                    break
            while given and fold(given[0]).lower() in _NAME_PARTICLES:
                given.pop(0)  # "Abu Mohammed" is no given name and surname
            if given:
                candidate = " ".join(given + [word])
                found.setdefault(name_key(candidate), candidate)
    if len(found) != 1:
        return None
    full = next(iter(found.values()))
    return None if looks_like_organisation(full) else full


class SpeakerRegistry:
    """Speakers seen so far; `resolve` maps a mention to a speaker id and the merging rule.

    Two names meet on a slot, the key of the first name seen ("s-sergei-lavrov"), as they
    always did; the id shown is readable_id of the displayed name ("sergei-lavrov"), with
    "-2", "-3" only for namesakes (two speakers kept apart whose names read alike). When a
    fuller name changes the displayed name, the id follows: the rename is queued in
    `merges` with the rule "renamed", and the store leaves the old id redirecting.
    """

    def __init__(self, existing: Iterable = (), aliases: Iterable = (), source=None):
        """existing, aliases: stored rows to start from (all of them, for small sets).
        source: instead, a function from a set of blocking keys to the (speaker rows, alias
        rows) filed under them, asked for the few candidates of each name as it comes, so
        that the cost of an ingest does not grow with the number of stored speakers."""
        self._source = source
        self._asked: set = set()  # blocking keys already looked up in the source
        self.speakers: dict = {}
        self._person_keys: dict = {}  # name_key -> {speaker ids}
        self._keys: dict = {}  # speaker id -> {name key tuples}
        self._by_first: dict = {}  # first token of a full-name key -> {speaker ids}
        self._by_last: dict = {}  # last token (surname) of a full-name key -> {speaker ids}
        self._by_loose_last: dict = {}  # the surname's consonants -> {speaker ids}
        self._orgs: list = []  # (tokens, speaker id, kind) for named bodies and groups
        self._in_article: dict = {}  # article id -> [speaker ids resolved in it]
        self.merges: list = []  # (old id, surviving id, rule): speakers found to be one
        self.merged_into: dict = {}  # old id -> surviving id, for every merge so far
        self._named_at: dict = {}  # (article id, speaker id) -> positions of full names
        self._said: Optional[str] = None  # the mention of the name being resolved
        self._people_at: dict = {}  # article id -> [(position, speaker id, role words)]
        self._position = None  # the position of the item resolve_article is resolving
        self._text: Optional[str] = None  # the text of the article being resolved, if given
        self._slots: dict = {}  # matching slot -> the Speaker created under it
        self._add_rows(existing, aliases)

    def _add_rows(self, existing: Iterable, aliases: Iterable) -> None:
        added = set()
        for row in existing:
            row = dict(row)
            if row["id"] in self.speakers or row["id"] in self.merged_into:
                continue  # known here already, maybe with names not yet stored
            if row.get("redirect_to"):  # an old id of a stored speaker (store.speakers_filed_under)
                self.merged_into[row["id"]] = row["redirect_to"]
                continue
            sp = Speaker(row["id"], row.get("name") or "", row.get("kind") or "person",
                         row.get("description"), row.get("scope"))
            self.speakers[sp.id] = sp
            added.add(sp.id)
            slot = _slot_of_row(row)
            if slot and self._live_slot(slot) is None:
                self._slots[slot] = sp
            self._index(sp, sp.name, "exact")
        for row in aliases:
            sp = self.speakers.get(row["speaker_id"])
            if sp is not None and sp.id in added:
                self._index(sp, row["alias"], row.get("rule") or "exact")

    def _load(self, keys: set) -> None:
        """Bring in the stored speakers filed under these blocking keys (once per key)."""
        keys = set(keys) - self._asked
        if self._source is None or not keys:
            return
        self._asked |= keys
        rows, aliases = self._source(keys)
        self._add_rows(rows, aliases)

    def rows(self) -> list:
        return [sp.row() for sp in sorted(self.speakers.values(), key=lambda s: s.id)]

    def alias_rows(self) -> list:
        return [{"alias": alias, "speaker_id": sp.id, "rule": rule}
                for sp in sorted(self.speakers.values(), key=lambda s: s.id)
                for alias, rule in sorted(sp.aliases.items())]

    # -- indexing

    def _index(self, sp: Speaker, alias: str, rule: str) -> None:
        """Record the alias; make it findable from other articles unless it is scoped."""
        sp.aliases.setdefault(alias, rule)
        if sp.scope:
            return  # never matched outside its article
        if sp.kind == "person":
            key = name_key(split_role(alias)[0] or alias)
            if key and rule == "name-in-article" and (
                    " " not in key or is_patronymic((split_role(alias)[0] or alias).split()[-1])):
                return  # a bare given name (or given name and patronymic) fits its article only
            if key:
                toks = tuple(key.split())
                for reading in {key} | chinese_readings(split_role(alias)[0] or alias):
                    self._person_keys.setdefault(reading, set()).add(sp.id)
                self._keys.setdefault(sp.id, set()).add(toks)
                if len(toks) > 1:
                    self._by_first.setdefault(toks[0], set()).add(sp.id)
                    self._by_last.setdefault(toks[-1], set()).add(sp.id)
                    self._by_loose_last.setdefault(consonants(toks[-1]), set()).add(sp.id)
        elif sp.kind in ("organization", "group"):
            tokens = org_tokens(alias)
            if tokens and not is_generic_org(alias, tokens):
                entry = (tokens, sp.id, sp.kind)
                if entry not in self._orgs:
                    self._orgs.append(entry)

    def _absorb_bodies_named(self, sp: Speaker, body: str) -> None:
        """An article shows that `body` ("General Command of the Army") is `sp` ("Syrian
        army"): a body stored under that name alone by an earlier article is the same one,
        and merges into sp, so the result does not depend on which article came first."""
        tokens = org_tokens(body)
        self._load({"o:" + _org_loose(tokens)})
        others = sorted({sid for toks, sid, kind in self._orgs
                         if kind == sp.kind and sid != sp.id and same_org_words(toks, tokens)})
        for old_id in others:
            self._merge(old_id, sp, "named-in-article")

    def _absorb_roles_led_by(self, sp: Speaker) -> None:
        """A person now known as the head of a body ("Jolani, the leader of HTS") is the
        unnamed "leader of HTS" earlier articles quoted: those role speakers merge into him,
        as they would have joined him had he been known first."""
        if sp.scope or sp.kind != "person" or not any(
                LEAD_WORDS & set(org_tokens(text)) for text in [sp.description or ""] + list(sp.aliases)):
            return
        self._load({"r:" + key[2:] for key in stored_keys(sp) if key.startswith("b:")})
        roles = sorted(r.id for r in self.speakers.values() if r.scope and r.kind == "person")
        for role_id in roles:
            if self._leader_of(self.speakers[role_id].name) is sp:
                self._merge(role_id, sp, "role")

    def _absorb_bare_surname(self, sp: Speaker) -> None:
        """A surname-only speaker created before anyone of that surname was named in full
        ("Mammadov") is this person when no one else known has the surname: what rule 4 of
        _resolve_person does for a new full name, done too when the full name matched a
        known spelling ("Jeyhun Mammadov" after "Dzheikhun Mamedov"), so that the outcome
        does not depend on which article came first."""
        if sp.kind != "person" or sp.scope:
            return
        for surname in sorted({k[-1] for k in self._keys.get(sp.id, ()) if len(k) > 1}):
            if self._by_last.get(surname, set()) - {sp.id}:
                continue
            bare = [sid for sid in sorted(self._person_keys.get(surname, set()))
                    if sid != sp.id and sid in self.speakers and self.speakers[sid].kind == "person"
                    and not self.speakers[sid].scope and len(name_key(self.speakers[sid].name).split()) == 1]
            if len(bare) == 1:
                self._merge(bare[0], sp, "surname")

    def _merge(self, old_id: str, sp: Speaker, rule: str) -> None:
        """Speaker old_id is sp: its aliases move to sp, the indexes point at sp, and the
        merge is queued for the store (`merges`)."""
        old = self.speakers.pop(old_id)
        self._orgs = [(toks, sp.id if sid == old_id else sid, kind) for toks, sid, kind in self._orgs]
        for index in (self._person_keys, self._by_first, self._by_last, self._by_loose_last):
            for ids in index.values():
                if old_id in ids:
                    ids.discard(old_id)
                    ids.add(sp.id)
        self._keys.setdefault(sp.id, set()).update(self._keys.pop(old_id, set()))
        for alias, alias_rule in sorted(old.aliases.items()):
            sp.aliases.setdefault(alias, alias_rule if alias_rule != "new" else rule)
        sp.description = sp.description or old.description
        for seen in self._in_article.values():
            seen[:] = list(dict.fromkeys(sp.id if s == old_id else s for s in seen))
        self.merges.append((old_id, sp.id, rule))
        self.merged_into[old_id] = sp.id

    def current_id(self, speaker_id: Optional[str]) -> Optional[str]:
        """The id a speaker goes by now (a merged speaker's is the one it joined)."""
        seen = set()
        while speaker_id in self.merged_into and speaker_id not in seen:
            seen.add(speaker_id)
            speaker_id = self.merged_into[speaker_id]
        return speaker_id

    def _live_slot(self, slot: str) -> Optional[Speaker]:
        """The speaker created under this slot, unless it has since merged into another."""
        sp = self._slots.get(slot)
        return sp if sp is not None and self.speakers.get(sp.id) is sp else None

    def _new(self, slot: str, name: str, kind: str, description, alias: str,
             scope: Optional[str] = None) -> tuple:
        """A new speaker under this matching slot, or the one already there (same words)."""
        sp = self._live_slot(slot)
        if sp is not None:
            if sp.kind != kind:  # same words, other kind: keep them apart
                slot = slot + "-" + kind[:3]
                if self._live_slot(slot) is not None:
                    return self._hit(self._live_slot(slot), alias, "exact")
            else:
                return self._hit(sp, alias, "exact")
        sid = readable_id(name, kind, scope)
        self._load({"i:" + sid})
        same = self.speakers.get(sid)
        if scope and same is not None and (same.kind, same.scope, same.name) == (kind, scope, name):
            self._slots[slot] = same  # stored by an earlier run of this article
            return self._hit(same, alias, "exact")
        sp = Speaker(self._free_id(sid), name, kind, description, scope)
        self.speakers[sp.id] = sp
        self._slots[slot] = sp
        self._index(sp, alias, "new")
        return sp.id, "new"

    # -- readable ids

    def _id_free(self, sid: str, sp: Optional[Speaker] = None) -> bool:
        """Whether sp (None: a new speaker) may take id sid: no other speaker has it, here
        or in the store, and it is no other speaker's old id (its links lead there)."""
        self._load({"i:" + sid})
        owner = self.speakers.get(sid)
        if owner is not None:
            return owner is sp
        if sid in self.merged_into:
            return sp is not None and self.current_id(sid) == sp.id
        return True

    def _free_id(self, wanted: str, sp: Optional[Speaker] = None) -> str:
        """wanted, or wanted-2, wanted-3 ... for a namesake: the first sp may take."""
        n = 1
        while True:
            sid = wanted if n == 1 else f"{wanted}-{n}"
            if self._id_free(sid, sp):
                return sid
            n += 1

    def _settle_id(self, sp: Speaker) -> str:
        """Give sp the id of its displayed name, when that changed (a fuller spelling
        arrived); a namesake's numbered id stays while the plain one is someone else's."""
        wanted = readable_id(sp.name, sp.kind, sp.scope)
        if sp.id == wanted:
            return sp.id
        if re.fullmatch(re.escape(wanted) + r"-\d+", sp.id) and not self._id_free(wanted, sp):
            return sp.id
        new_id = self._free_id(wanted, sp)
        if new_id != sp.id:
            self._rename(sp, new_id)
        return sp.id

    def _rename(self, sp: Speaker, new_id: str) -> None:
        """sp goes by new_id from now on: every index follows, and the rename is queued for
        the store like a merge (the old id redirects to the new one)."""
        old_id = sp.id
        self.speakers = {(new_id if k == old_id else k): v for k, v in self.speakers.items()}
        sp.id = new_id
        for index in (self._person_keys, self._by_first, self._by_last, self._by_loose_last):
            for ids in index.values():
                if old_id in ids:
                    ids.discard(old_id)
                    ids.add(new_id)
        if old_id in self._keys:
            self._keys[new_id] = self._keys.pop(old_id)
        self._orgs = [(toks, new_id if sid == old_id else sid, kind) for toks, sid, kind in self._orgs]
        for seen in self._in_article.values():
            seen[:] = [new_id if s == old_id else s for s in seen]
        self._named_at = {((aid, new_id) if sid == old_id else (aid, sid)): at
                          for (aid, sid), at in self._named_at.items()}
        for entries in self._people_at.values():
            entries[:] = [(at, new_id if sid == old_id else sid, roles) for at, sid, roles in entries]
        self.merged_into.pop(new_id, None)  # renamed back to an id it had before
        for old, new in list(self.merged_into.items()):
            if new == old_id:
                self.merged_into[old] = new_id
        self.merged_into[old_id] = new_id
        self.merges.append((old_id, new_id, "renamed"))

    def _hit(self, sp: Speaker, alias: str, rule: str) -> tuple:
        if alias in sp.aliases:
            rule = sp.aliases[alias] if rule != "exact" else "exact"
        self._index(sp, alias, rule)
        if sp.kind == "person" and not sp.scope and rule in SPELLING_RULES:
            sp.name = _display_name(sp)
        elif sp.kind == "organization" and not sp.scope and rule in ORG_NAME_RULES:
            sp.name = _org_display_name(sp)
        return sp.id, rule

    # -- resolution

    def resolve(self, name: str, kind: Optional[str] = None, description: Optional[str] = None,
                article_id: Optional[str] = None, mention: Optional[str] = None) -> tuple:
        """(speaker_id, rule) for a speaker name; creates the speaker when nothing matches.

        `article_id` scopes anonymous speakers and lets short mentions ("Lavrov", "the army")
        use the speakers already resolved in the same article. `mention`, when it differs
        from name (the extractor resolved "Qatar's top diplomat" to a name), is recorded as
        an alias with rule "mention".
        """
        name = clean_mention(name)
        if kind not in KINDS:
            kind = "organization" if looks_like_organisation(name) else "person"
        if kind in ("organization", "group") and _said_of_a_person(mention):
            kind = "person"  # "Ilinov ... he said": a tagger's ORG for a surname
        name, kind = _name_from_mention(name, kind, mention)
        written = not mention or re.sub(r"'s?$", "", fold(clean_mention(mention))) == fold(name)  # "Salcedo's" too
        if kind in ("organization", "group") and written and self._surname_in_article(name, article_id):
            kind = "person"  # "Salcedo said" after "Adriana Salcedo": a tagger's ORG
        self._load(self._lookup_keys(name, kind, description))
        if kind in ("organization", "group"):
            sid, rule = self._resolve_org(name, kind, description, article_id)
        elif kind == "anonymous":
            scope = _scope(article_id)
            key = _id_part(strip_determiners(split_role(name)[1] or name).lower())
            sid, rule = self._new(f"s-anon-{_id_part(scope, 16)}-{key}",
                                  strip_determiners(name), kind, description, name, scope)
        else:
            self._said = mention  # the article's own words, when they differ from name
            holder = self._holder_of_the_office_said(name, mention, article_id)
            if holder is not None:
                sid, rule = self._hit(holder, clean_mention(mention), "role-in-article")
            else:
                sid, rule = self._resolve_person(name, description, article_id)
            self._absorb_bare_surname(self.speakers[sid])
            self._absorb_roles_led_by(self.speakers[sid])
        if mention and clean_mention(mention) != name:
            sp = self.speakers[sid]
            sp.aliases.setdefault(clean_mention(mention), "mention")
            if sp.kind == kind == "organization" and description and not sp.scope:
                # the extractor named the body behind a generic name ("General Command of the
                # Army" in an article about "the Syrian army"): later articles' uses of that
                # name find this body, when it is the only one known by it
                body = reduce_org(description)
                # a body's name: capitalised or with a body word ("report" is a document)
                named = any(w[:1].isupper() for w in body.split()) or set(org_tokens(body)) & ORG_HEADS
                if named and not is_generic_org(body, org_tokens(body)):
                    self._absorb_bodies_named(sp, body)
                    self._index(sp, body, "named-in-article")
        if article_id is not None:
            seen = self._in_article.setdefault(article_id, [])
            if sid not in seen:
                seen.append(sid)
        return self._settle_id(self.speakers[sid]), rule

    def resolve_article(self, items: Iterable, article_id: Optional[str] = None,
                        text: Optional[str] = None) -> list:
        """Resolve one article's speakers, fullest names first, so that "Lavrov" or "the
        army" find the "Sergei Lavrov" or "Syrian army" named elsewhere in the article
        whatever their order. items: dicts (name, kind, description, mention) or names.
        text: the article's text; a bare surname it names in full once ("Liu" after "Liu
        Zhenhua replied ...", even where he is quoted by surname only) is that full name."""
        items = [i if isinstance(i, dict) else {"name": i} for i in items]
        self._text = text

        def specificity(pair):
            i, item = pair
            name, kind = item["name"], item.get("kind")
            if kind in ("organization", "group") or (kind is None and looks_like_organisation(name)):
                toks = org_tokens(name)
                if is_generic_org(name, toks):
                    return (2, 0, i)
                return (0 if any(t not in COMMON_ORG_WORDS for t in toks) else 1, -len(toks), i)
            if kind == "anonymous":
                return (3, 0, i)
            n = len(name_key(split_role(name)[0]).split())
            return (0 if n >= 2 else 1 if n == 1 else 3, -n, i)

        out = [None] * len(items)
        for i, item in sorted(enumerate(items), key=specificity):
            self._position = i
            out[i] = self.resolve(item["name"], item.get("kind"), item.get("description"),
                                  article_id, item.get("mention"))
            rank = specificity((i, item))[0]
            if rank == 0:  # a full name: where in the article it stands
                self._named_at.setdefault((article_id, out[i][0]), []).append(i)
            if rank in (0, 1) and (item.get("kind") in (None, "person")):
                roles = set(_role_words(split_role(item.get("mention") or item["name"])[1]))
                if out[i][1] != "role-in-article":  # else the name and description are another's
                    roles |= set(_role_words(split_role(item["name"])[1] or ""))
                    roles |= set(_role_words(item.get("description") or ""))
                self._people_at.setdefault(article_id, []).append((i, out[i][0], roles))
        self._position = self._text = None
        # a speaker renamed by a later item of the article: every item gives its id now
        return [(self.current_id(sid), rule) for sid, rule in out]

    def _resolve_person(self, mention: str, description, article_id) -> tuple:
        name, role = split_role(mention)
        description = description or role or None
        if not name:  # an unnamed role ("Qatar's top diplomat"): stays in its article
            leader = self._leader_of(role)
            if leader is not None:
                return self._hit(leader, mention, "role")
            named = None
            if not _role_of_another([role, mention, description or "", self._said or ""]):
                named = (self._named_with_role_before(role, article_id)
                         or self._only_one_with_role(role, article_id))
            if named is not None:
                return self._hit(named, mention, "role-in-article")
            scope = _scope(article_id)
            key = _id_part(strip_determiners(role).lower())
            return self._new(f"s-role-{_id_part(scope, 16)}-{key}", role,
                             "person", description, mention, scope)
        key = name_key(name)
        tokens = tuple(key.split())
        here = {s for s in self._in_article.get(article_id, ())} if article_id is not None else set()
        if len(tokens) == 1 and len(self._by_last.get(tokens[0], ())) > 1:
            # a surname several people share: the one named in this article, if only one;
            # else no one in particular (a missed merge rather than a wrong one)
            local = self._by_last[tokens[0]] & here
            if len(local) == 1:
                return self._hit(self.speakers[local.pop()], mention, "surname-in-article")
            words = self._said
            said = name_key(split_role(clean_mention(words))[0]) if words else ""
            # only where the article itself writes the bare surname ("Hashimi told
            # reporters"), not a pronoun the extractor resolved to it
            nearest = self._nearest_named_before(local, article_id) if said == key else None
            if nearest is not None:
                return self._hit(self.speakers[nearest], mention, "surname-in-article")
            # the article names one of them in full, though not as a speaker ("Commerce
            # Minister Liu Zhenhua replied ... Liu said"): that one, whichever came first
            full = _named_in_full(name, self._text)
            if full:
                return self._resolve_person(full, description, article_id)
            scope = _scope(article_id)
            return self._new(f"s-role-{_id_part(scope, 16)}-{_id_part(key)}", name, "person",
                             description, mention, scope)
        # 1. the same key: the same name up to spelling (a Chinese name in either reading)
        ids = set().union(*(self._person_keys.get(k, set()) for k in {key} | chinese_readings(name)))
        if len(ids) == 1:
            sp = self.speakers[next(iter(ids))]
            exact = any(fold(split_role(a)[0] or a) == fold(name) for a in sp.aliases)
            return self._hit(sp, mention, "exact" if exact else "transliteration")
        if len(tokens) == 1:
            return self._resolve_short(mention, tokens[0], here, key, article_id)
        # 2. every token equal up to one vowel in long tokens (Pedersen / Pederson)
        near = (self._by_first.get(tokens[0], set()) | self._by_last.get(tokens[-1], set())
                | self._by_loose_last.get(consonants(tokens[-1]), set()))
        cands = {sid for sid in near for k in self._keys[sid]
                 if len(k) == len(tokens) and all(fuzzy_token(x, y) for x, y in zip(k, tokens))}
        if len(cands) == 1:
            return self._hit(self.speakers[cands.pop()], mention, "transliteration")
        # 2b. a compound given name written as one word or two ("Mohammadreza" and
        #     "Muhammad Reza"): the given names joined agree, and so does the family name
        joined = "".join(tokens[:-1])
        cands = {sid for sid in near for k in self._keys[sid]
                 if len(k) > 1 and len(k) != len(tokens) and fuzzy_token(k[-1], tokens[-1])
                 and min(len(joined), len("".join(k[:-1]))) >= 7
                 and fuzzy_token("".join(k[:-1]), joined)}
        if len(cands) == 1:
            return self._hit(self.speakers[cands.pop()], mention, "transliteration")
        # 3. middle names and patronymics dropped: "Mohammed bin Abdulrahman Al Thani" and
        #    "Mohammed bin Abdulrahman bin Jassim Al-Thani"; same first and last names
        both = self._by_first.get(tokens[0], set()) & self._by_last.get(tokens[-1], set())
        cands = {sid for sid in both for k in self._keys[sid]
                 if len(k) > 1 and (is_subsequence(k, tokens) or is_subsequence(tokens, k))}
        if len(cands) == 1:
            return self._hit(self.speakers[cands.pop()], mention, "name-variant")
        # 3b. in this article, the end of a longer name given there: a compound family name
        #     without the given name ("Ruiz Peñalver" for "Carmen Ruiz Peñalver")
        tail = {sid for sid in here if self.speakers[sid].kind == "person"
                for k in self._keys.get(sid, ()) if len(k) > len(tokens) and k[-len(tokens):] == tokens}
        if len(tail) == 1:
            return self._hit(self.speakers[tail.pop()], mention, "name-in-article")
        # 3c. in this article, a given name and patronymic, the Russian form of address
        #     ("Sergei Valentinovich" for "Sergei Rudnev"): the one person named with that
        #     given name
        if len(tokens) == 2 and is_patronymic(name.split()[-1]):
            given = {sid for sid in here if self.speakers[sid].kind == "person"
                     and not self.speakers[sid].scope
                     and any(len(k) > 1 and k[0] == tokens[0] for k in self._keys.get(sid, ()))}
            if len(given) == 1:
                return self._hit(self.speakers[given.pop()], mention, "name-in-article")
        # 4. a full name absorbs an earlier surname-only speaker when no one else known has
        #    that surname ("Lavrov" first, "Sergei Lavrov" later)
        bare = [sid for sid in self._person_keys.get(tokens[-1], set())
                if all(len(k) == 1 for k in self._keys[sid])]
        if len(bare) == 1 and not self._by_last.get(tokens[-1]):
            sp = self.speakers[bare[0]]
            sp.name = name
            sp.description = sp.description or description
            self._index(sp, mention, "surname")
            return sp.id, "surname"
        return self._new(_slot("person", key), name, "person", description, mention)

    def _lookup_keys(self, name: str, kind: str, description) -> set:
        """The blocking keys of the stored speakers a mention could be (see stored_keys)."""
        if self._source is None or kind == "anonymous":
            return set()
        if kind in ("organization", "group"):
            keys = set()
            for text in (name, reduce_org(description or "")):
                tokens = org_tokens(text) if text else []
                if tokens:
                    keys.add("o:" + _org_loose(tokens))
                    if _org_proper(tokens):
                        keys.add("p:" + _org_proper(tokens))
            return keys
        person, role = split_role(name)
        if person:
            return _person_lookup_keys(name_key(person)) | {"k:" + k for k in chinese_readings(person)}
        return {"b:" + t for t in _body_words(role)}

    def _surname_in_article(self, name: str, article_id) -> bool:
        """The one-word name is the family name of exactly one person named in full in this
        article, and no body known by that word alone: that person, not a body."""
        if article_id is None or len(name.split()) != 1 or "-" in name:
            return False
        key = name_key(name)
        if not key or " " in key or not name[:1].isupper() or name.isupper():
            return False
        if any(toks == [key] or toks == [fold(name)] for toks, _sid, _k in self._orgs):
            return False
        people = {sid for sid in self._in_article.get(article_id, ())
                  if self.speakers[sid].kind == "person" and not self.speakers[sid].scope
                  and any(len(k) > 1 and k[-1] == key for k in self._keys.get(sid, ()))}
        return len(people) == 1

    def _named_with_role_before(self, role: str, article_id) -> Optional[Speaker]:
        """"the minister" is the person named last before it in the article, when the
        article gave that person this role ("Foreign Minister Claire Vautrin ... the
        minister said"); another person named in between, or no such role: unresolved. The
        country or body that owns the role ("Utopia's foreign minister") is no role word."""
        words = set(_role_words(_without_possessor(role)))
        if self._position is None or not words:
            return None
        before = [(at, sid, roles) for at, sid, roles in self._people_at.get(article_id, ())
                  if at < self._position]
        if not before:
            return None
        _at, sid, _roles = max(before, key=lambda entry: entry[0])
        # every role the article gives that person, wherever ("Gen. X, a military spokesman"
        # ... "X said" ... "the spokesman added")
        roles = set().union(*(r for _a, s, r in self._people_at.get(article_id, ()) if s == sid))
        if words <= roles and sid in self.speakers and not self.speakers[sid].scope:
            return self.speakers[sid]
        return None

    def _holder_of_the_office_said(self, name: str, mention: Optional[str], article_id) -> Optional[Speaker]:
        """The words at the quote are a bare role ("the housing secretary") and the extractor
        gave the name of someone the article gives another office of that title ("the shadow
        housing secretary"): the quote is the one other person the article gives the role
        itself; none or several: the extractor's name stands."""
        if not mention or article_id is None:
            return None
        said, role = split_role(clean_mention(mention))
        words = set(_role_words(role))
        if said or not words & (TITLE_WORDS | PERSON_ROLE_HEADS):
            return None
        roles: dict = {}
        for _at, sid, entry in self._people_at.get(article_id, ()):
            if sid in self.speakers and not self.speakers[sid].scope:
                roles.setdefault(sid, set()).update(entry)
        given = self._person_keys.get(name_key(split_role(name)[0] or name), set()) & set(roles)
        if len(given) != 1:
            return None
        given_roles = roles[next(iter(given))]
        if not (words <= given_roles and (given_roles - words) & _RANK_WORDS):
            return None
        others = {sid for sid, held in roles.items() if sid not in given
                  and words <= held and not (held - words) & _RANK_WORDS}
        return self.speakers[others.pop()] if len(others) == 1 else None

    def _only_one_with_role(self, role: str, article_id) -> Optional[Speaker]:
        """"Economy Secretary" or "the interior minister", before anyone is named (a headline
        or lede), is the one person the article names later with that role; a
        role word that is no title ("the spokesman" is one; "the resident" is not), or two
        people with the role (two ministries' spokesmen): unresolved."""
        words = set(_role_words(role))
        if not words or not words & (TITLE_WORDS | PERSON_ROLE_HEADS):
            return None
        if re.search(r"(?i)\b(for|to|of)\b|'s?\b", unify_apostrophes(role)):
            return None  # "the minister of trade": which minister, the role alone does not say
        people = self._people_at.get(article_id, ())
        if self._position is None or any(at < self._position for at, _sid, _roles in people):
            return None  # someone named before: only the nearest may be meant (see above)
        found = {sid for _at, sid, roles in people
                 if words <= roles and not (roles - words) & _RANK_WORDS
                 and sid in self.speakers and not self.speakers[sid].scope}
        return self.speakers[found.pop()] if len(found) == 1 else None

    def _nearest_named_before(self, candidates: set, article_id) -> Optional[str]:
        """Of several people of one surname named in full in this article, the one named
        last before the quote being resolved ("Hashimi told reporters" after "Minister
        Khalid al-Hashimi said"; "al-Hashimi said" after "Sara al-Hashimi ... said")."""
        if self._position is None:
            return None
        best, best_at = None, -1
        for sid in sorted(candidates):
            for at in self._named_at.get((article_id, sid), ()):
                if best_at < at < self._position:
                    best, best_at = sid, at
        return best

    def _leader_of(self, role: str) -> Optional[Speaker]:
        """"the leader of Hayat Tahrir al-Sham" is the one known person described as the
        head, leader or chief of that body (its proper-name words, at least two, must
        match); none or several: no merge."""
        words = re.findall(r"[\w-]+", role.lower())
        if not words or words[0] not in LEAD_WORDS and not (len(words) > 1 and words[1] in LEAD_WORDS):
            return None
        body = {t for t in org_tokens(role) if t not in COMMON_ORG_WORDS and t not in LEAD_WORDS
                and t not in ("al", "el")}
        if not body:
            return None
        found = set()
        for sp in self.speakers.values():
            if sp.kind != "person" or sp.scope:
                continue
            for text in [sp.description or ""] + list(sp.aliases):
                tokens = set(org_tokens(text))
                if tokens & LEAD_WORDS and len(body & tokens) >= min(2, len(body)) \
                        and len(body & tokens) * 2 >= len(body):
                    found.add(sp.id)
        return self.speakers[found.pop()] if len(found) == 1 else None

    def _holds_office_here(self, sid: str, article_id) -> bool:
        """This article gives the person an office (the role words of a mention or the
        description given with the name: "Interior Minister", "Col.", "the UN envoy"). Only
        this article's words count, so the answer does not depend on which articles came
        first; full names are resolved before bare ones, so every office named is known."""
        return any(w in _OFFICE_WORDS for _at, s, roles in self._people_at.get(article_id, ())
                   if s == sid for w in roles)

    def _resolve_short(self, mention: str, t: str, here: set, key: str, article_id=None) -> tuple:
        """A one-word name: a surname known for exactly one person (globally, else in this
        article); else, in this article only, a first name or part of a compound surname."""
        by_surname = self._by_last.get(t, set())
        if len(by_surname) == 1:
            return self._hit(self.speakers[next(iter(by_surname))], mention, "surname")
        local = by_surname & here
        if len(local) == 1:
            return self._hit(self.speakers[local.pop()], mention, "surname-in-article")
        if not by_surname:
            fuzzy = {sid for sid in self._by_loose_last.get(consonants(t), ())
                     for k in self._keys.get(sid, ()) if len(k) > 1 and fuzzy_token(k[-1], t)}
            if len(fuzzy) == 1:
                return self._hit(self.speakers[fuzzy.pop()], mention, "transliteration")
            part = {sid for sid in here if self.speakers[sid].kind == "person"
                    for k in self._keys.get(sid, ()) if len(k) > 1 and (
                        k[0] == t or (k[-1].startswith("abd") and k[-1][3:] == t))}
            if part:  # a given name: not one the article gives an office, unless titled too
                titled = _titled(self._said) or _titled(mention)
                part = {sid for sid in part if titled or _family_name_first(self.speakers[sid])
                        or not self._holds_office_here(sid, article_id)
                        or any(t in k[1:] for k in self._keys.get(sid, ()))}  # a family name too
            else:  # the first of two family names: "Álvarez" for "José Álvarez Quintana"
                part = {sid for sid in here if self.speakers[sid].kind == "person"
                        for k in self._keys.get(sid, ()) if len(k) > 2 and t in k[1:-1]}
            if len(part) == 1:
                return self._hit(self.speakers[part.pop()], mention, "name-in-article")
        return self._new(_slot("person", key), split_role(mention)[0], "person", None, mention)

    def _resolve_org(self, mention: str, kind: str, description, article_id) -> tuple:
        name = reduce_org(mention)
        tokens = org_tokens(mention)
        generic = is_generic_org(mention, tokens)
        prefix = "s-org-" if kind == "organization" else "s-grp-"
        if not generic:
            ids = {sid for toks, sid, k in self._orgs if k == kind and same_org_words(toks, tokens)}
            if len(ids) == 1:
                sp = self.speakers[ids.pop()]
                exact = any(fold(reduce_org(a)) == fold(name) for a in sp.aliases)
                return self._hit(sp, mention, "exact" if exact else "organisation-variant")
            # the same proper words, common ones aside ("Company Zhenhua Steel", "Zhenhua
            # Steel Group"): two at least, so "Syrian army" never meets "Syrian government"
            proper = _org_proper(tokens)
            if not ids and proper:
                ids = {sid for toks, sid, k in self._orgs if k == kind and _org_proper(toks) == proper}
                if len(ids) == 1:
                    return self._hit(self.speakers[ids.pop()], mention, "organisation-variant")
        # a body without a country or proper name ("the army", "General Command of the Army
        # and Armed Forces") is the one body of the article it fits, if there is only one
        if article_id is not None and all(t in COMMON_ORG_WORDS for t in tokens):
            parts = org_conjuncts(tokens)
            here = [self.speakers[s] for s in self._in_article.get(article_id, ())
                    if self.speakers[s].kind == kind]
            fits = [sp for sp in here if any(
                org_words_within(part, org_tokens(a)) for a in sp.aliases for part in parts
                if sp.aliases[a] != "mention")]
            if len(fits) == 1:
                return self._hit(fits[0], mention, "organisation-in-article")
        if generic:
            scope = _scope(article_id)
            sid = f"{prefix}in-{_id_part(scope, 16)}-{_id_part(' '.join(tokens))}"
            return self._new(sid, strip_determiners(name), kind, description, mention, scope)
        return self._new(_slot(kind, " ".join(tokens)), strip_determiners(name), kind,
                         description, mention)
