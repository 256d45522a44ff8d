"""Canonical speakers across articles and outlets: names, aliases, transliteration variants.

The same person appears as "Russian Foreign Minister Sergei Lavrov", "Russia's Sergey Lavrov"
and "Lavrov"; the same body as "the Syrian army", "the army" and "a spokesperson for the
General Command of the Army and Armed Forces". The registry maps every such mention to one
speaker id and records, per alias, the rule that merged it, so a reader can audit each merge.

Policy: a missed merge costs a split page; a wrong merge puts words in someone else's mouth.
So every rule below needs a unique candidate, people never merge with organisations or groups,
anonymous speakers never leave their article, and generic bodies ("the ministry") only merge
with a body named in the same article.

Pure Python (stdlib only), no model: it runs on every quote of every ingest.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Optional

KINDS = ("person", "organization", "group", "anonymous")
LEAD_WORDS = {"leader", "head", "chief", "founder"}  # roles one person holds in a body

DETERMINERS = {"the", "a", "an", "one", "this", "that", "these", "those", "some", "his", "her",
               "its", "their", "our"}
PREPOSITIONS = {"of", "for", "to", "in", "at", "from", "with", "on", "by", "close", "near"}
# Capitalised words that are roles, not names ("Foreign Minister", "President-elect").
TITLES = {
    "president", "president-elect", "vice", "prime", "minister", "foreign", "interior", "defence",
    "defense", "secretary", "state", "general", "commander", "sheikh", "sheik", "emir", "king",
    "queen", "prince", "princess", "crown", "mr", "mrs", "ms", "dr", "prof", "professor", "sir",
    "lord", "lady", "rev", "gen", "col", "lt", "capt", "maj", "sgt", "adm", "senator", "sen",
    "rep", "representative", "governor", "gov", "mayor", "judge", "justice", "chancellor",
    "ambassador", "envoy", "special", "deputy", "chief", "spokesperson", "spokesman",
    "spokeswoman", "leader", "head", "director", "chairman", "chairwoman", "chair", "pope",
    "cardinal", "bishop", "imam", "ayatollah", "colonel", "lieutenant", "captain", "major",
    "sergeant", "admiral", "marshal", "field", "brigadier", "supreme", "first", "lady",
    "premier", "speaker", "attorney", "finance", "health", "information", "economy", "trade",
    "energy", "justice", "senior", "acting", "former", "outgoing", "incoming", "new",
}
# Lower-case words that belong inside a name ("Mohammed al-Rahmoun", "Ludwig van Beethoven").
PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "umm", "de", "del", "della", "di", "da",
             "van", "von", "der", "den", "du", "le", "la", "dos", "das", "ter", "y", "ul", "ad"}
# Words that make a mention a body rather than a person (when no kind is given).
ORG_HEADS = {
    "ministry", "army", "military", "government", "command", "forces", "office", "presidency",
    "council", "agency", "committee", "department", "police", "authority", "authorities",
    "parliament", "court", "embassy", "union", "organisation", "organization", "party",
    "front", "movement", "brigade", "brigades", "observatory", "coalition", "administration",
    "cabinet", "navy", "airforce", "guard", "corps", "service", "services", "bureau",
    "institute", "commission", "assembly", "statement", "regime",
    "company", "group", "network", "agency", "channel", "television", "media",
}
# Common words of body names; a body whose words are all common names no one in particular
# ("the defence ministry", "the army") until the article says whose.
COMMON_ORG_WORDS = ORG_HEADS | {
    "general", "armed", "force", "defence", "defense", "interior", "foreign", "affairs",
    "security", "national", "state", "federal", "central", "public", "press", "spokesperson",
    "spokesman", "spokeswoman", "and", "high", "supreme", "joint", "chiefs", "staff", "air",
    "naval", "special", "intelligence", "health", "justice", "finance", "information",
    "president", "presidential", "prime", "minister", "ministers", "officials", "official",
    "sources", "local", "regional", "provincial", "city", "municipal", "rebel", "rebels",
    "opposition", "security", "emergency", "civil", "defense", "border", "coast", "head",
    "headquarters", "leadership", "communique", "announcement", "office", "media", "unit",
    "units", "troops", "soldiers", "fighters", "forces", "republican", "islamic",
}
# "X of Y" / "Y's X" where X is part of or speaks for Y: the words are Y's.
SUB_BODY = {"spokesperson", "spokesman", "spokeswoman", "spokespeople", "statement",
            "communique", "announcement", "press", "media", "office", "general", "command",
            "leadership", "headquarters", "representative", "representatives"}
DEMONYM_SUFFIXES = {"n", "an", "ian", "i", "ese", "ish", "ean", "ite"}
COUNTRY_ENDINGS = ("", "e", "y", "ey", "a", "on", "o")

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "‑": "-"})


def _clean(mention: str) -> str:
    """Unify apostrophes and hyphens, drop parentheticals and edge punctuation."""
    text = (mention or "").translate(_QUOTES)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" \t\n,.;:\"'")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _bare(token: str) -> str:
    return _fold(token).strip(".,;:\"'")


def _is_name_token(token: str) -> bool:
    """Capitalised word, initial or an Arabic/European name particle ("al-Golani", "bin")."""
    low = _bare(token)
    if not low:
        return False
    if low in PARTICLES or re.match(r"^(al|el|ad|ar|as|at|az|an|ash|ul)-\w", low):
        return True
    first = next((c for c in token if c.isalpha()), "")
    return first.isupper() and not low.endswith("'s")


def _name_in_segment(segment: str) -> tuple:
    """(name, description) for one comma-separated part of a mention; name may be ""."""
    tokens = segment.split()
    end = len(tokens)
    start = end
    while start > 0 and _is_name_token(tokens[start - 1]):
        start -= 1
    run = tokens[start:end]
    # strip leading titles: up to the last title word that leaves a name behind
    cut = 0
    for i, tok in enumerate(run[:-1]):
        if _bare(tok) in TITLES:
            cut = i + 1
    titled = cut > 0
    while cut < len(run) and _bare(run[cut]) in PARTICLES - {"abu", "umm"}:
        cut += 1  # "President al-Assad" keeps "al-Assad"; a bare leading "bin" is no name
    name_tokens = run[cut:]
    if name_tokens and len(name_tokens) == 1 and _bare(name_tokens[0]) in TITLES:
        name_tokens = []
    before = [_bare(t) for t in tokens[:start]]
    # "the leader of Hayat Tahrir al-Sham", "a source close to Hezbollah": the name is the
    # object of a preposition, the speaker is unnamed.
    if not titled and any(t in PREPOSITIONS for t in before):
        name_tokens = []
    if name_tokens and all(_bare(t) in DETERMINERS for t in name_tokens):
        name_tokens = []
    name = " ".join(name_tokens).strip(" ,.")
    desc = " ".join(tokens[: start + cut]).strip(" ,")
    return name, desc


def split_role(mention: str) -> tuple:
    """("Sergei Lavrov", "Russian Foreign Minister") for "Russian Foreign Minister Sergei Lavrov".

    Appositions ("Geir Pedersen, the UN envoy"; "one woman, Rania") are split on commas and
    the first part holding a name wins. Role-only mentions give ("", mention).
    """
    text = _clean(mention)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    for i, part in enumerate(parts):
        name, desc = _name_in_segment(part)
        if name:
            rest = [p for j, p in enumerate(parts) if j != i]
            desc = ", ".join([d for d in [desc] + rest if d])
            return name, _strip_determiners(desc)
    return "", _strip_determiners(text)


def _strip_determiners(text: str) -> str:
    words = text.split()
    while words and _bare(words[0]) in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def looks_like_organisation(mention: str) -> bool:
    """No name of a person in it and an organisation word ("ministry", "army") as its head."""
    name, desc = split_role(mention)
    if name:
        return False
    words = [_bare(w) for w in _clean(mention).split()]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    return any(w in ORG_HEADS for w in words) or _reduce_org(mention) != _clean(mention)


def _reduce_org(mention: str) -> str:
    """The body behind a mention: "a spokesperson for X" and "X's statement" are X."""
    text = _strip_determiners(_clean(mention))
    for _ in range(3):
        m = re.match(r"^(?:\w+ )?(spokesperson|spokesman|spokeswoman|spokespeople|statement|"
                     r"communique|announcement|representative|representatives)s? "
                     r"(?:for|of|from) (.+)$", text, re.I)
        if m:
            text = _strip_determiners(m.group(2))
            continue
        m = re.match(r"^(.+?)'s? (statement|communique|announcement|spokesperson|spokesman|"
                     r"spokeswoman|representative)s?$", text, re.I)
        if m:
            text = _strip_determiners(m.group(1))
            continue
        break
    return text


def canonical_name(mention: str, kind: Optional[str] = None) -> str:
    """The name without titles, roles, possessives and determiners.

    People: "Russia's Sergei Lavrov" -> "Sergei Lavrov"; a role-only mention keeps its words
    minus determiners ("a resident" -> "resident"). Bodies keep their words ("The defence
    ministry" -> "defence ministry"), reduced to the body ("the army's statement" -> "army").
    """
    if kind is None:
        kind = "organization" if looks_like_organisation(mention) else "person"
    if kind in ("organization", "group"):
        return _reduce_org(mention)
    name, desc = split_role(mention)
    return name or desc


# --- keys ------------------------------------------------------------------------------

_ARTICLE = {"al", "el", "ul", "ad", "ar", "as", "at", "az", "an", "ash", "bin", "ibn", "bint"}
_ABD = {"abd", "abdul", "abdel", "abdal", "abdol", "abdu", "abdur", "abdil", "abdal"}


def _abd_compound(token: str) -> str:
    """abdulrahman, abdurrahman, abdelrahman -> abdrahman (the article assimilates)."""
    m = re.match(r"^abd[aeiou](.+)$", token)
    if not m or len(m.group(1)) < 4:
        return token
    rest = m.group(1)
    if rest.startswith("l"):
        rest = rest[1:]
    elif len(rest) > 1 and rest[0] == rest[1]:
        rest = rest[1:]
    return "abd" + rest


def _translit(token: str) -> str:
    """One spelling for common romanisation alternations: doubled letters, ou/oo -> u,
    ph -> f, q -> k, j -> g (Jolani/Golani), final y -> i (Sergey/Sergei)."""
    token = token.replace("ph", "f").replace("q", "k").replace("j", "g")
    if token.startswith("ye") and len(token) > 4:
        token = token[1:]  # Yelena/Elena, Yevgeny/Evgeny
    token = token.replace("ou", "u").replace("oo", "u")
    token = re.sub(r"(.)\1+", r"\1", token)
    if len(token) > 3 and token.endswith("y"):
        token = token[:-1] + "i"
    return token


def name_key(name: str) -> str:
    """Spelling-insensitive key of a person's name: "Hassan Abdul-Ghani" and "Hassan Abdel
    Ghani" -> "hasan abdghani"; "Sergey Lavrov" -> "sergei lavrov"; "Abu Mohammed al-Golani"
    and "Abu Mohammed al-Jolani" -> "abu mohamed golani"."""
    text = _fold(_clean(name))
    text = re.sub(r"'s\b", "", text).replace("'", "")
    text = re.sub(r"[-_.]", " ", text)
    tokens = [t for t in re.split(r"[^a-z0-9]+", text) if t and t not in _ARTICLE]
    out = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _ABD and i + 1 < len(tokens):
            tok = "abd" + tokens[i + 1]
            i += 1
        out.append(_translit(_abd_compound(tok)))
        i += 1
    return " ".join(out)


_VOWELS = set("aeiou")


def fuzzy_token(a: str, b: str) -> bool:
    """Same long name token up to one vowel (Pedersen/Pederson), or up to the vowel
    alternations of romanised names (Khalid/Khaled, Buzaid/Buzid, Muhammad/Mohammed);
    not Rahman/Rahmoun or Hassan/Hussein, whose a~u marks another name."""
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and a[0] == b[0] and _vowel_key(a) == _vowel_key(b):
        return True
    if len(a) != len(b) or len(a) < 7:
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diff) == 1 and diff[0][0] in _VOWELS and diff[0][1] in _VOWELS


def _vowel_key(token: str) -> str:
    """Mohammed/Muhammad/Mohamed, Khalid/Khaled, Buzaid/Bouzid share one key: a, e and i
    are one vowel, o and u another, and a vowel pair is read as its last vowel."""
    token = re.sub(r"[ae]", "i", token).replace("o", "u")
    return re.sub(r"[iu]+([iu])", r"\1", token)


def _demonym_eq(a: str, b: str) -> bool:
    """syria/syrian, iran/iranian, israel/israeli, ukraine/ukrainian, turkey/turkish."""
    if a == b:
        return True
    for x, y in ((a, b), (b, a)):
        for ending in COUNTRY_ENDINGS:
            if ending and not x.endswith(ending):
                continue
            root = x[: len(x) - len(ending)] if ending else x
            if len(root) >= 4 and y.startswith(root) and y[len(root):] in DEMONYM_SUFFIXES:
                return True
    return False


def org_tokens(name: str) -> list:
    """Words of a body's name in a fixed shape: determiners and possessives dropped, "HEAD of
    Y" turned into "Y HEAD" ("Ministry of Defence" -> defence ministry), sub-bodies dropped
    when they speak for a named body ("General Command of the Syrian Army" -> syrian army),
    "government" dropped next to a country ("Government of Jordan" -> jordan)."""
    text = _fold(_reduce_org(name))
    text = re.sub(r"'s?\b", "", text)
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w]
    if "of" in words:
        i = words.index("of")
        head, rest = words[:i], words[i + 1:]
        if head and all(w in SUB_BODY for w in head) and rest:
            head = []
        words = rest + head
    words = [w for w in words if w not in {"the", "a", "an", "of", "for"}]
    qualifiers = [w for w in words if w not in COMMON_ORG_WORDS]
    if "government" in words and len(qualifiers) == 1 and len(words) == 2:
        words = qualifiers
    return words


def _org_conjuncts(tokens: list) -> list:
    """"army and armed forces" -> [["army"], ["armed", "forces"]] (either part may fit)."""
    parts, cur = [], []
    for t in tokens:
        if t == "and":
            if cur:
                parts.append(cur)
            cur = []
        elif t not in SUB_BODY or t in ORG_HEADS - {"office", "command", "statement", "media"}:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts or [tokens]


def _bag_eq(a: list, b: list) -> bool:
    """Same words in any order, country names equal to their demonyms."""
    if len(a) != len(b):
        return False
    rest = list(b)
    for w in a:
        for j, v in enumerate(rest):
            if _demonym_eq(w, v):
                del rest[j]
                break
        else:
            return False
    return True


def _subset(small: list, big: list) -> bool:
    return all(any(_demonym_eq(w, v) for v in big) for w in small)


def _slug(text: str, limit: int = 48) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-") or "x"
    if len(slug) > limit:
        slug = slug[:40].rstrip("-") + "-" + hashlib.sha1(slug.encode()).hexdigest()[:7]
    return slug


# --- registry --------------------------------------------------------------------------


@dataclass
class Speaker:
    id: str
    name: str
    kind: str = "person"
    description: Optional[str] = None
    aliases: dict = field(default_factory=dict)  # alias -> rule that merged it

    def get(self, key, default=None):
        """Dict-style access, so callers can treat a Speaker like its DB row."""
        return getattr(self, key, default)

    def __getitem__(self, key):
        return getattr(self, key)

    def row(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "description": self.description}


class SpeakerRegistry:
    """Speakers seen so far; `resolve` maps a mention to a speaker id and the merging rule.

    Ids come from the key of the first name seen ("s-sergei-lavrov"), so the same input gives
    the same ids; scoped speakers (anonymous, generic bodies, unnamed roles) carry their
    article id ("s-anon-a1b2-resident"). A later fuller name upgrades the display name but
    never the id, so stored quotes keep pointing at the right row.
    """

    def __init__(self, existing: Iterable = (), aliases: Iterable = ()):
        self.speakers: dict = {}
        self._person_keys: dict = {}  # name_key -> {speaker ids}
        self._keys: dict = {}  # speaker id -> {name key tuples}
        self._by_first: dict = {}  # first token of a full-name key -> {speaker ids}
        self._by_last: dict = {}  # last token (surname) of a full-name key -> {speaker ids}
        self._by_loose_last: dict = {}  # the surname's vowel key -> {speaker ids}
        self._orgs: list = []  # (tokens, speaker id, kind) for named bodies and groups
        self._in_article: dict = {}  # article id -> [speaker ids resolved in it]
        for row in existing:
            row = dict(row)
            sp = Speaker(row["id"], row.get("name") or "", row.get("kind") or "person",
                         row.get("description"))
            self.speakers[sp.id] = sp
            self._index(sp, sp.name, "exact")
        for row in aliases:
            sp = self.speakers.get(row["speaker_id"])
            if sp is not None:
                self._index(sp, row["alias"], row.get("rule") or "exact")

    @classmethod
    def from_rows(cls, speakers_rows: Iterable, alias_rows: Iterable = ()) -> "SpeakerRegistry":
        return cls(speakers_rows, alias_rows)

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
        if sp.id.startswith(("s-anon-", "s-role-", "s-org-in-", "s-grp-in-")):
            return  # never matched outside its article
        if sp.kind == "person":
            key = name_key(split_role(alias)[0] or alias)
            if key:
                toks = tuple(key.split())
                self._person_keys.setdefault(key, set()).add(sp.id)
                self._keys.setdefault(sp.id, set()).add(toks)
                if len(toks) > 1:
                    self._by_first.setdefault(toks[0], set()).add(sp.id)
                    self._by_last.setdefault(toks[-1], set()).add(sp.id)
                    self._by_loose_last.setdefault(_vowel_key(toks[-1]), set()).add(sp.id)
        elif sp.kind in ("organization", "group"):
            tokens = org_tokens(alias)
            if tokens and not self._generic(alias, tokens):
                entry = (tokens, sp.id, sp.kind)
                if entry not in self._orgs:
                    self._orgs.append(entry)

    @staticmethod
    def _generic(mention: str, tokens: list) -> bool:
        """Common words only, none capitalised inside ("the defence ministry", "the army"):
        whose body it is, only the article says. A title-case name made of common words
        ("General Command of the Army and Armed Forces") is a proper name, not generic."""
        if any(t not in COMMON_ORG_WORDS for t in tokens):
            return False
        words = _strip_determiners(_clean(_reduce_org(mention))).split()
        return not any(w[:1].isupper() for w in words[1:])

    def _new(self, sid: str, name: str, kind: str, description, alias: str) -> tuple:
        if sid in self.speakers:
            sp = self.speakers[sid]
            if sp.kind != kind:  # same words, other kind: keep them apart
                sid = sid + "-" + kind[:3]
                if sid in self.speakers:
                    return self._hit(self.speakers[sid], alias, "exact")
            else:
                return self._hit(sp, alias, "exact")
        sp = Speaker(sid, name, kind, description)
        self.speakers[sid] = sp
        self._index(sp, alias, "new")
        return sid, "new"

    def _hit(self, sp: Speaker, alias: str, rule: str) -> tuple:
        if alias in sp.aliases:
            rule = sp.aliases[alias] if rule != "exact" else "exact"
        self._index(sp, alias, rule)
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
        name = _clean(name)
        if kind not in KINDS:
            kind = "organization" if looks_like_organisation(name) else "person"
        if kind in ("organization", "group"):
            sid, rule = self._resolve_org(name, kind, description, article_id)
        elif kind == "anonymous":
            key = _slug(_strip_determiners(split_role(name)[1] or name).lower())
            sid, rule = self._new(f"s-anon-{_slug(str(article_id or 'x'), 16)}-{key}",
                                  _strip_determiners(name), kind, description, name)
        else:
            sid, rule = self._resolve_person(name, description, article_id)
        if mention and _clean(mention) != name:
            sp = self.speakers[sid]
            sp.aliases.setdefault(_clean(mention), "mention")
            if sp.kind == kind == "organization" and description and not sid.startswith("s-org-in-"):
                # the extractor named the body behind a generic name ("General Command of the
                # Army" in an article about "the Syrian army"): later articles' uses of that
                # name find this body, when it is the only one known by it
                body = _reduce_org(description)
                if not self._generic(body, org_tokens(body)):
                    self._index(sp, body, "named-in-article")
        if article_id is not None:
            seen = self._in_article.setdefault(article_id, [])
            if sid not in seen:
                seen.append(sid)
        return sid, rule

    def resolve_article(self, items: Iterable, article_id: Optional[str] = None) -> list:
        """Resolve one article's speakers, fullest names first, so that "Lavrov" or "the
        army" find the "Sergei Lavrov" or "Syrian army" named elsewhere in the article
        whatever their order. items: dicts (name, kind, description, mention) or names."""
        items = [i if isinstance(i, dict) else {"name": i} for i in items]

        def specificity(pair):
            i, item = pair
            name, kind = item["name"], item.get("kind")
            if kind in ("organization", "group") or (kind is None and looks_like_organisation(name)):
                toks = org_tokens(name)
                if self._generic(name, toks):
                    return (2, 0, i)
                return (0 if any(t not in COMMON_ORG_WORDS for t in toks) else 1, -len(toks), i)
            if kind == "anonymous":
                return (3, 0, i)
            n = len(name_key(split_role(name)[0]).split())
            return (0 if n >= 2 else 1 if n == 1 else 3, -n, i)

        out = [None] * len(items)
        for i, item in sorted(enumerate(items), key=specificity):
            out[i] = self.resolve(item["name"], item.get("kind"), item.get("description"),
                                  article_id, item.get("mention"))
        return out

    def _resolve_person(self, mention: str, description, article_id) -> tuple:
        name, role = split_role(mention)
        description = description or role or None
        if not name:  # an unnamed role ("Qatar's top diplomat"): stays in its article
            leader = self._leader_of(role)
            if leader is not None:
                return self._hit(leader, mention, "role")
            key = _slug(_strip_determiners(role).lower())
            return self._new(f"s-role-{_slug(str(article_id or 'x'), 16)}-{key}", role,
                             "person", description, mention)
        key = name_key(name)
        tokens = tuple(key.split())
        here = {s for s in self._in_article.get(article_id, ())} if article_id is not None else set()
        if len(tokens) == 1 and len(self._by_last.get(tokens[0], ())) > 1:
            # a surname several people share: the one named in this article, if only one
            local = self._by_last[tokens[0]] & here
            if len(local) == 1:
                return self._hit(self.speakers[local.pop()], mention, "surname-in-article")
        # 1. the same key: the same name up to spelling
        ids = self._person_keys.get(key, set())
        if len(ids) == 1:
            sp = self.speakers[next(iter(ids))]
            exact = any(_fold(split_role(a)[0] or a) == _fold(name) for a in sp.aliases)
            return self._hit(sp, mention, "exact" if exact else "transliteration")
        if len(tokens) == 1:
            return self._resolve_short(mention, tokens[0], here, key)
        # 2. every token equal up to one vowel in long tokens (Pedersen / Pederson)
        near = (self._by_first.get(tokens[0], set()) | self._by_last.get(tokens[-1], set())
                | self._by_loose_last.get(_vowel_key(tokens[-1]), set()))
        cands = {sid for sid in near for k in self._keys[sid]
                 if len(k) == len(tokens) and all(fuzzy_token(x, y) for x, y in zip(k, tokens))}
        if len(cands) == 1:
            return self._hit(self.speakers[cands.pop()], mention, "transliteration")
        # 3. middle names and patronymics dropped: "Mohammed bin Abdulrahman Al Thani" and
        #    "Mohammed bin Abdulrahman bin Jassim Al-Thani"; same first and last names
        both = self._by_first.get(tokens[0], set()) & self._by_last.get(tokens[-1], set())
        cands = {sid for sid in both for k in self._keys[sid]
                 if len(k) > 1 and (_is_subseq(k, tokens) or _is_subseq(tokens, k))}
        if len(cands) == 1:
            return self._hit(self.speakers[cands.pop()], mention, "name-variant")
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
        return self._new("s-" + _slug(key), name, "person", description, mention)

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
            if sp.kind != "person" or sp.id.startswith(("s-role-", "s-anon-")):
                continue
            for text in [sp.description or ""] + list(sp.aliases):
                tokens = set(org_tokens(text))
                if tokens & LEAD_WORDS and len(body & tokens) >= min(2, len(body)) \
                        and len(body & tokens) * 2 >= len(body):
                    found.add(sp.id)
        return self.speakers[found.pop()] if len(found) == 1 else None

    def _resolve_short(self, mention: str, t: str, here: set, key: str) -> tuple:
        """A one-word name: a surname known for exactly one person (globally, else in this
        article); else, in this article only, a first name or part of a compound surname."""
        by_surname = self._by_last.get(t, set())
        if len(by_surname) == 1:
            return self._hit(self.speakers[next(iter(by_surname))], mention, "surname")
        local = by_surname & here
        if len(local) == 1:
            return self._hit(self.speakers[local.pop()], mention, "surname-in-article")
        if not by_surname:
            fuzzy = {sid for last, sids in self._by_last.items() if fuzzy_token(last, t)
                     for sid in sids}
            if len(fuzzy) == 1:
                return self._hit(self.speakers[fuzzy.pop()], mention, "transliteration")
            part = {sid for sid in here if self.speakers[sid].kind == "person"
                    for k in self._keys.get(sid, ()) if len(k) > 1 and (
                        k[0] == t or (k[-1].startswith("abd") and k[-1][3:] == t))}
            if len(part) == 1:
                return self._hit(self.speakers[part.pop()], mention, "name-in-article")
        return self._new("s-" + _slug(key), split_role(mention)[0], "person", None, mention)

    def _resolve_org(self, mention: str, kind: str, description, article_id) -> tuple:
        name = _reduce_org(mention)
        tokens = org_tokens(mention)
        generic = self._generic(mention, tokens)
        prefix = "s-org-" if kind == "organization" else "s-grp-"
        if not generic:
            ids = {sid for toks, sid, k in self._orgs if k == kind and _bag_eq(toks, tokens)}
            if len(ids) == 1:
                sp = self.speakers[ids.pop()]
                exact = any(_fold(_reduce_org(a)) == _fold(name) for a in sp.aliases)
                return self._hit(sp, mention, "exact" if exact else "organisation-variant")
        # a body without a country or proper name ("the army", "General Command of the Army
        # and Armed Forces") is the one body of the article it fits, if there is only one
        if article_id is not None and all(t in COMMON_ORG_WORDS for t in tokens):
            parts = _org_conjuncts(tokens)
            here = [self.speakers[s] for s in self._in_article.get(article_id, ())
                    if self.speakers[s].kind == kind]
            fits = [sp for sp in here if any(
                _subset(part, org_tokens(a)) for a in sp.aliases for part in parts
                if sp.aliases[a] != "mention")]
            if len(fits) == 1:
                return self._hit(fits[0], mention, "organisation-in-article")
        if generic:
            sid = f"{prefix}in-{_slug(str(article_id or 'x'), 16)}-{_slug(' '.join(tokens))}"
            return self._new(sid, _strip_determiners(name), kind, description, mention)
        return self._new(prefix + _slug(" ".join(tokens)), _strip_determiners(name), kind,
                         description, mention)


def _is_subseq(short: list, long: list) -> bool:
    it = iter(long)
    return len(short) < len(long) and all(any(x == y for y in it) for x in short)
