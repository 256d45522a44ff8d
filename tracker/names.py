"""Pure functions over names: what part of a mention is the name, the role, the body.

"Russian Foreign Minister Sergei Lavrov" is the name "Sergei Lavrov" with the role "Russian
Foreign Minister"; "Sergey Lavrov" has the same spelling-insensitive key; "a spokesperson
for the Ministry of Defence" is the body "defence ministry". The registry (speakers.py)
decides who is who from these; nothing here keeps state (split_role and name_key remember
recent answers: the same names come back with every article).
"""
import functools
import re
from typing import Optional

from tracker.lexicon import (CHINESE_SURNAMES, COMMON_ORG_WORDS, COUNTRY_ENDINGS,
                             DEMONYM_SUFFIXES, DETERMINERS, GIVEN_NAME_VARIANTS, GIVEN_NAMES, ORG_HEADS,
                             PARTICLES, PERSON_ROLE_HEADS, PLACE_WORDS, PORTFOLIO_WORDS,
                             PREPOSITIONS, SUB_BODY, TITLE_WORDS)
from tracker.text import fold, unify_apostrophes

NAMES_REMEMBERED = 16384  # bounded, so memory stays flat however many articles


def clean_mention(mention: str) -> str:
    """Unify apostrophes and hyphens, drop parentheticals and edge punctuation."""
    text = unify_apostrophes(mention)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" \t\n,.;:\"'")


def _bare(token: str) -> str:
    return fold(token).strip(".,;:\"'")


def _is_name_token(token: str) -> bool:
    """Capitalised word, initial or an Arabic/European name particle ("al-Golani", "bin")."""
    low = _bare(token)
    if not low:
        return False
    if low in PARTICLES or re.match(r"^(al|el|ad|ar|as|at|az|an|ash|ul)-\w", low):
        return True
    first = next((c for c in token if c.isalpha()), "")
    return first.isupper() and not low.endswith("'s")


def _title_cut(words: list) -> int:
    """How many leading words are titles and roles: up to the last title word that leaves a
    name behind ("Russian Foreign Minister Sergei Lavrov" -> 3)."""
    cut = 0
    for i, word in enumerate(words[:-1]):
        if _bare(word) in TITLE_WORDS or (
                "-" in word and all(p in TITLE_WORDS for p in _bare(word).split("-") if p)):
            cut = i + 1  # "Vice-President", "Deputy-Minister"
    while 0 < cut < len(words) - 1 and _bare(words[cut]) in PERSON_ROLE_HEADS:
        cut += 1  # "Chief Executive Dana Whitcomb"
    return cut


def strip_titles(name: str) -> str:
    """"Ms Abbott" -> "Abbott", "Dr Sarah Jones" -> "Sarah Jones"; titles alone stay
    ("Prime Minister" is a description, not a name)."""
    words = name.split()
    if words and _bare(words[-1]) in TITLE_WORDS:
        return name
    return " ".join(words[_title_cut(words):])


def _is_body_word(token: str) -> bool:
    """A country, a portfolio or body word, or an acronym ("MFA", "PRC") at the head of a
    run of capitalised words: the body a role belongs to, not the person's name."""
    low = _bare(token)
    letters = re.sub(r"[^A-Za-z]", "", token)
    return (low in PLACE_WORDS or low in PORTFOLIO_WORDS or low in ORG_HEADS
            or (2 <= len(letters) <= 5 and letters.isupper()))


def _is_given_name(token: str) -> bool:
    """A common given name of one of the families news romanises (lexicon)."""
    low = _bare(token)
    return low in GIVEN_NAMES or _given_spelling(low) != low or any(low == v[0] for v in GIVEN_NAME_VARIANTS)


def _name_out_of_body(tokens: list) -> list:
    """The person at the end of a run that starts with the body or place a machine-translated
    role names ("Kyrgyz Republic Aizada Bekturova", "Utopia Muhammad Hamdi Karim"): what
    follows the last body word, else what starts at the first known given name; the run
    itself when neither leaves a name of two words or more."""
    last = max((i for i, t in enumerate(tokens[:-2]) if _is_body_word(t)), default=-1)
    if last >= 0:
        return tokens[last + 1:]
    if len(tokens) >= 3 and not _is_given_name(tokens[0]) and _bare(tokens[0]) not in PARTICLES:
        for i in range(1, len(tokens) - 1):
            if _is_given_name(tokens[i]):
                return tokens[i:]
    return tokens


def _name_after_body(run: list, before: list) -> tuple:
    """Machine-translated roles put the name after the body: "the minister of trade of
    Turkey Ayse Yilmazer", "deputy head of MFA of Russia Sergei Matveev", "representative of
    the European commission on questions of trade Olivier Menard". The name is what follows
    the country, portfolio or acronym words; a run that is all name ("the village of Kafr
    Nabl", "the leader of Hayat Tahrir al-Sham") stays the object of its preposition."""
    drop = 0
    while drop < len(run) and _is_body_word(run[drop]):
        drop += 1
    rest = run[drop:]
    # a role word, or a portfolio that lost its role word to the extractor ("affairs of X")
    role = any(t in TITLE_WORDS or t in PERSON_ROLE_HEADS for t in before) or (
        before[:1] and (before[0] in PORTFOLIO_WORDS or before[0] == "of") and "of" in before)
    if not rest or rest[0][:1].islower() or any(_bare(t) in COMMON_ORG_WORDS for t in rest):
        return [], len(run)
    if role and not drop:  # "commander of coast guard of Utopia Ivan Petrov"
        person = _name_out_of_body(run)
        if len(person) < len(run):
            return person, len(run) - len(person)
    if before and before[-1] in PREPOSITIONS:
        if drop and (len(rest) >= 2 or role):
            return rest, drop
        return [], len(run)
    # preceded by a lower-case word ("of trade Olivier Menard", "and Forestry Alper Kilinc");
    # a mention that starts with a preposition lost its role word to the extractor
    if (role or before[:1] and before[0] in PREPOSITIONS and len(rest) >= 2) and before and before[-1] not in ORG_HEADS - PORTFOLIO_WORDS and (
            len(rest) >= 2 or drop):
        return rest, drop
    return [], len(run)


_ROLE_TAIL = re.compile(
    r"\s+(?:in|during|at|to)\s+(?:an?\s+|the\s+|his\s+|her\s+|its\s+)?(?:interview|statement|"
    r"conversation|remarks|comments|briefing|address|speech|talk|message|press)\b.*$", re.I)
_PLACE_TAIL = re.compile(r"([A-Z][\w'-]+ [A-Z][\w'-]+)\s+in\s+[A-Z][\w'-]+$")


def _name_in_segment(segment: str) -> tuple:
    """(name, description) for one comma-separated part of a mention; name may be ""."""
    segment = _PLACE_TAIL.sub(r"\1", _ROLE_TAIL.sub("", segment))
    tokens = segment.split()
    end = len(tokens)
    start = end
    while start > 0 and _is_name_token(tokens[start - 1]):
        start -= 1
    run = tokens[start:end]
    cut = _title_cut(run)
    titled = cut > 0
    while cut < len(run) and _bare(run[cut]) in PARTICLES - {"abu", "umm"}:
        cut += 1  # "President al-Assad" keeps "al-Assad"; a bare leading "bin" is no name
    name_tokens = run[cut:]
    if name_tokens and len(name_tokens) == 1 and _bare(name_tokens[0]) in TITLE_WORDS:
        name_tokens = []
    before = [_bare(t) for t in tokens[:start]]
    # "the leader of Hayat Tahrir al-Sham", "a source close to Hezbollah": the name is the
    # object of a preposition, the speaker is unnamed.
    if not titled and any(t in PREPOSITIONS for t in before):
        name_tokens, cut = _name_after_body(run, before)
        cut = len(run) - len(name_tokens)
    if name_tokens and all(_bare(t) in DETERMINERS for t in name_tokens):
        name_tokens = []
    if name_tokens and any(t in PREPOSITIONS for t in before):
        person = _name_out_of_body(name_tokens)  # "of the Ministry of Foreign Affairs Mehdi X"
        cut += len(name_tokens) - len(person)
        name_tokens = person
    name = " ".join(name_tokens).strip(" ,.")
    desc = " ".join(tokens[: start + cut]).strip(" ,")
    return name, desc


@functools.lru_cache(maxsize=NAMES_REMEMBERED)  # pure, and called for the same names again and again
def split_role(mention: str) -> tuple:
    """("Sergei Lavrov", "Russian Foreign Minister") for "Russian Foreign Minister Sergei Lavrov".

    Appositions ("Geir Pedersen, the UN envoy"; "one woman, Rania") are split on commas and
    the first part holding a name wins. Role-only mentions give ("", mention).
    """
    text = clean_mention(mention)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    for i, part in enumerate(parts):
        name, desc = _name_in_segment(part)
        if name:
            rest = [p for j, p in enumerate(parts) if j != i]
            desc = ", ".join([d for d in [desc] + rest if d])
            return name, strip_determiners(desc)
    return "", strip_determiners(text)


def strip_determiners(text: str) -> str:
    words = text.split()
    while words and _bare(words[0]) in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def looks_like_organisation(mention: str) -> bool:
    """No name of a person in it and an organisation word ("ministry", "army") as its head."""
    name, desc = split_role(mention)
    if name:
        return False
    words = [_bare(w) for w in clean_mention(mention).split()]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    return any(w in ORG_HEADS for w in words) or reduce_org(mention) != clean_mention(mention)


def reduce_org(mention: str) -> str:
    """The body behind a mention: "a spokesperson for X" and "X's statement" are X;
    "X in the statement" too."""
    text = strip_determiners(_ROLE_TAIL.sub("", clean_mention(mention)))
    for _ in range(3):
        m = re.match(r"^(?:\w+ )?(spokesperson|spokesman|spokeswoman|spokespeople|statement|"
                     r"communique|announcement|representative|representatives)s? "
                     r"(?:for|of|from) (.+)$", text, re.I)
        if m:
            text = strip_determiners(m.group(2))
            continue
        m = re.match(r"^(.+?)'s? (statement|communique|announcement|spokesperson|spokesman|"
                     r"spokeswoman|representative)s?$", text, re.I)
        if m:
            text = strip_determiners(m.group(1))
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
        return reduce_org(mention)
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


_PATRONYMIC = re.compile(r"^\w{3,}(ovich|evich|ievich|yevich|ich|ovna|evna|ievna|yevna|ichna)$")

def is_patronymic(word: str) -> bool:
    """An East Slavic patronymic ("Valentinovich", "Sergeyevna")."""
    return bool(_PATRONYMIC.match(fold(word)))


_GIVEN = {}  # folded given-name spelling -> the one the family keys as (lexicon)


def _given_spelling(token: str) -> str:
    if not _GIVEN:
        for variants in GIVEN_NAME_VARIANTS:
            for v in variants:
                _GIVEN[v] = variants[0]
    return _GIVEN.get(token, token)


def _translit(token: str) -> str:
    """One spelling for the alternations of romanised names, across families:

    Slavic: Dzh/Zh/J (Dzhanibek, Zhanibek, Janibek), Czech ř as "rzh", -eyev/-ejev/-eev,
    ch inside a word for the ç, č and ć that folding leaves as c (Kylynch/Kılınç, Vuchich/Vučić),
    y/i/ii/iy (Sergey, Evgenii, Seytkaliev); Arabic and Turkic: Kh/H, Sh/Ş, j/g (Jolani,
    Golani), q/k, doubled letters; Persian -zadeh/-zade; ou/oo/u. A blocking key: equal keys
    are confirmed by the registry's rules, never taken as proof alone for one-word names."""
    token = token.replace("rzh", "r").replace("dzh", "j").replace("dj", "j").replace("zh", "j")
    token = token.replace("kh", "h").replace("sh", "s").replace("ph", "f").replace("q", "k")
    token = token.replace("j", "g")
    token = token[:1] + token[1:].replace("tch", "c").replace("ch", "c")  # ç, č, ć: Kylynch/Kilinc
    if token.startswith("ye") and len(token) > 4:
        token = token[1:]  # Yelena/Elena, Yevgeny/Evgeny
    token = token[:1] + token[1:].replace("y", "i")
    token = re.sub(r"e[ig]e", "ee", token)  # Matveyev, Matvejev -> Matveev
    token = token.replace("ou", "u").replace("oo", "u")
    token = re.sub(r"(.)\1+", r"\1", token)
    if len(token) > 4 and token[-2:] in ("eh", "ah"):
        token = token[:-1]  # Mirzazadeh/Mirzazade, Abdullah/Abdulla
    return token


# --- Chinese names: pinyin and Wade-Giles, either order --------------------------------

_PINYIN_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
                    "j", "q", "x", "r", "z", "c", "s", "y", "w", "")
_PINYIN_FINALS = ("iang", "iong", "uang", "ang", "eng", "ing", "ong", "ian", "iao", "uai",
                  "uan", "ai", "ei", "ao", "ou", "an", "en", "in", "un", "ia", "ie", "iu", "ua",
                  "uo", "ui", "ue", "er", "a", "o", "e", "i", "u", "v")
PINYIN_SYLLABLES = frozenset(i + f for i in _PINYIN_INITIALS for f in _PINYIN_FINALS)


def _pinyin_syllables(token: str, limit: int = 3) -> bool:
    """The token reads as one to `limit` pinyin syllables ("zhenhua" = zhen + hua)."""
    if not token:
        return True
    if limit == 0:
        return False
    return any(token[:n] in PINYIN_SYLLABLES and _pinyin_syllables(token[n:], limit - 1)
               for n in range(min(6, len(token)), 0, -1))


def _wade_giles_syllable(syl: str) -> str:
    """Ch'iao -> qiao, Chien -> jian, kuo -> guo, Hsi -> xi, Ts'ai -> cai (approximate)."""
    for wg, before_i, other in (("ch'", "q", "ch"), ("ch", "j", "zh"), ("hs", "x", "x"),
                                ("ts'", "c", "c"), ("tz'", "c", "c"), ("ts", "z", "z"),
                                ("tz", "z", "z"), ("k'", "k", "k"), ("t'", "t", "t"),
                                ("p'", "p", "p"), ("k", "g", "g"), ("t", "d", "d"),
                                ("p", "b", "b"), ("j", "r", "r")):
        if syl.startswith(wg):
            rest = syl[len(wg):]
            syl = (before_i if rest[:1] in ("i", "u") and wg.startswith("ch") and rest[:1] == "i"
                   else before_i if wg not in ("ch'", "ch") else other) + rest
            break
    syl = re.sub(r"ieh$", "ie", syl)
    syl = re.sub(r"ien$", "ian", syl)
    syl = re.sub(r"ih$", "i", syl)
    syl = re.sub(r"ung$", "ong", syl)
    return syl.replace("'", "")


def _looks_wade_giles(syllables: list) -> bool:
    return any("'" in s or re.match(r"^(hs|ts|tz)", s) or re.search(r"(ieh|ien|ih|ung)$", s)
               for s in syllables) and not any(re.match(r"^(q|x|zh|z|c(?!h))", s) for s in syllables)


def chinese_key(name: str, wade_giles: Optional[bool] = None) -> str:
    """"Liu Zhenhua", "Zhenhua Liu", "Ch'iao Chien-kuo" and "Qiao Jianguo" -> one key, given
    name first, family name last; "" when the name is not a two-word Chinese name (one word a
    common family name, the other one to three pinyin syllables). wade_giles: read the
    syllables as Wade-Giles (True) or pinyin (False); None decides from the spelling."""
    text = fold(unify_apostrophes(clean_mention(name)))
    words = text.split()
    if len(words) != 2:
        return ""
    parts = [w.split("-") for w in words]
    if wade_giles is None:
        wade_giles = _looks_wade_giles([s for p in parts for s in p])
    if wade_giles:
        parts = [[_wade_giles_syllable(s) for s in p] for p in parts]
    tokens = ["".join(p) for p in parts]
    if any(not re.fullmatch(r"[a-z]+", t) for t in tokens):
        return ""
    first, second = tokens
    if first in CHINESE_SURNAMES and _pinyin_syllables(second) and len(second) > 2:
        family, given = first, second
    elif second in CHINESE_SURNAMES and _pinyin_syllables(first) and len(first) > 2:
        family, given = second, first
    else:
        return ""
    return f"{_translit(given)} {_translit(family)}"


def chinese_readings(name: str) -> set:
    """The keys a Chinese name may have: its key, and when nothing in the spelling tells
    pinyin from Wade-Giles but a hyphenated given name hints at the latter ("Liu Chen-hua":
    pinyin Chenhua, or Wade-Giles for Zhenhua), the other reading too. Empty for other
    names. Either reading still needs a single candidate in the registry."""
    key = chinese_key(name)
    if not key:
        return set()
    words = fold(unify_apostrophes(clean_mention(name))).split()
    syllables = [s for w in words for s in w.split("-")]
    pinyin_only = any(re.match(r"^(q|x|zh|z|c(?!h))", s) for s in syllables)
    if "-" not in "".join(words) or pinyin_only or _looks_wade_giles(syllables):
        return {key}
    other = chinese_key(name, wade_giles=True)
    return {key, other} - {""}


@functools.lru_cache(maxsize=NAMES_REMEMBERED)
def name_key(name: str) -> str:
    """Spelling-insensitive key of a person's name: "Hassan Abdul-Ghani" and "Hassan Abdel
    Ghani" -> "hasan abdgani"; "Sergey Yevgenyevich Matveyev" and "Sergei Matveev" ->
    "sergei matvev" (patronymic dropped); "Abu Mohammed al-Golani" and "Abu Mohammed
    al-Jolani" -> "abu mohamed golani"; "Zhenhua Liu" and "Liu Zhenhua" -> "genhua liu"."""
    chinese = chinese_key(name)
    if chinese:
        return chinese
    text = fold(clean_mention(name))
    text = re.sub(r"'s\b", "", text).replace("'", "")
    text = re.sub(r"[-_.]", " ", text)
    tokens = [t for t in re.split(r"[^a-z0-9]+", text) if t and t not in _ARTICLE]
    if len(tokens) >= 3:
        tokens = [tokens[0]] + [t for t in tokens[1:-1] if not _PATRONYMIC.match(t)] + [tokens[-1]]
    out = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _ABD and i + 1 < len(tokens):
            tok = "abd" + tokens[i + 1]
            i += 1
        # a given name's spellings, also as a family name or alone: many Arabic family names
        # are a father's given name ("Khalifa Saeed", "Khalifa Said", "al-Hussein")
        tok = _given_spelling(tok)
        tok = _translit(_abd_compound(tok))
        if not out and len(tokens) > 1 and len(tok) >= 7 and tok.endswith("bek"):
            tok = tok[:-3]  # Central Asian given names with and without -bek: Kubanychbek/Kubanych
        out.append(tok)
        i += 1
    return " ".join(out)


_VOWELS = set("aeiou")


def fuzzy_token(a: str, b: str) -> bool:
    """Same long name token up to one vowel (Pedersen/Pederson), or up to the vowel
    alternations of romanised names (Khalid/Khaled, Buzaid/Buzid, Muhammad/Mohammed);
    not Rahman/Rahmoun or Hassan/Hussein, whose a~u marks another name."""
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and a[0] == b[0] and vowel_key(a) == vowel_key(b):
        return True
    if len(a) != len(b) or len(a) < 7:
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diff) == 1 and diff[0][0] in _VOWELS and diff[0][1] in _VOWELS


def vowel_key(token: str) -> str:
    """Mohammed/Muhammad/Mohamed, Khalid/Khaled, Buzaid/Bouzid share one key: a, e and i
    are one vowel, o and u another, and a vowel pair is read as its last vowel."""
    token = re.sub(r"[ae]", "i", token).replace("o", "u")
    return re.sub(r"[iu]+([iu])", r"\1", token)


def demonym_eq(a: str, b: str) -> bool:
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
    text = fold(reduce_org(name))
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


def org_conjuncts(tokens: list) -> list:
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


def same_org_words(a: list, b: list) -> bool:
    """Same words in any order, country names equal to their demonyms."""
    if len(a) != len(b):
        return False
    rest = list(b)
    for w in a:
        for j, v in enumerate(rest):
            if demonym_eq(w, v):
                del rest[j]
                break
        else:
            return False
    return True


def org_words_within(small: list, big: list) -> bool:
    return all(any(demonym_eq(w, v) for v in big) for w in small)


def is_generic_org(mention: str, tokens: list) -> bool:
    """Common words only, none capitalised inside ("the defence ministry", "the army"):
    whose body it is, only the article says. A title-case name made of common words
    ("General Command of the Army and Armed Forces") is a proper name, not generic."""
    if any(t not in COMMON_ORG_WORDS for t in tokens):
        return False
    words = strip_determiners(clean_mention(reduce_org(mention))).split()
    return not any(w[:1].isupper() for w in words[1:])


def is_subsequence(short: list, long: list) -> bool:
    """Every item of the shorter list in the longer one, in order (a middle name dropped)."""
    it = iter(long)
    return len(short) < len(long) and all(any(x == y for y in it) for x in short)


def consonants(token: str) -> str:
    """The token without vowels: a blocking key under which every spelling fuzzy_token
    accepts is found (it only lets vowels differ)."""
    return re.sub(r"[aeiou]+", "", token) or token
