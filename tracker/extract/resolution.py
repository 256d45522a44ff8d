"""Resolution within an article: pronouns, descriptions and short names to the speaker they
refer to, looking back over earlier paragraphs (parsed lazily) and, for names, the raw text.

Candidates are the subjects of earlier sentences and the speakers already attributed;
main-clause subjects come first, kind and gender must fit ("she" is not the last man named).
"""
import bisect
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from tracker.lexicon import COMMON_ORG_WORDS, ORG_HEADS, PERSON_ROLE_HEADS, PLAIN_PERSON_WORDS, TITLE_WORDS
from tracker.names import strip_titles

from .cues import SUBJECT_DEPS, is_main_clause, is_speech
from .mentions import Mention, Paragraph, build_mention, strip_possessive

LOOKBACK_PARAGRAPHS = 3


@dataclass
class Entry:
    """A speaker or person seen at a position: the candidates for pronouns and descriptions."""

    pos: int
    speaker: Mention
    is_subject: bool = True
    is_speech: bool = False  # the subject of a speech verb ("the resident stated that…")
    is_main: bool = False  # the subject of the main clause, the likeliest antecedent


@dataclass
class ArticleState:
    text: str
    get_paragraph: Callable[[int], Optional[Paragraph]]
    quoted: List[tuple] = field(default_factory=list)  # (start, end) of every quote
    entries: Dict[int, List[Entry]] = field(default_factory=dict)  # paragraph index -> entries
    last_speaker: Dict[int, Entry] = field(default_factory=dict)  # paragraph -> last quote speaker
    said: List[tuple] = field(default_factory=list)  # (start, end, Mention) of the quotes attributed so far
    spans: List[tuple] = field(default_factory=list)  # (start, end) of every paragraph (marks.paragraphs)

    def paragraph_entries(self, index: int) -> List[Entry]:
        if index not in self.entries:
            par = self.get_paragraph(index)
            self.entries[index] = people_in(par, self.text, self.quoted) if par is not None else []
        return self.entries[index]

    def add_entry(self, index: int, entry: Entry) -> None:
        """A speaker the extraction found (a quote's), kept in text order with the parsed ones."""
        entries = self.paragraph_entries(index)
        entries.append(entry)
        entries.sort(key=lambda e: e.pos)


def people_in(par: Paragraph, text: str, quoted=()) -> List[Entry]:
    """Subjects that name people or roles, and person names: antecedents for later pronouns.

    Words inside quotes are the speaker's, not the narrative's: they are not antecedents.
    """
    entries = []
    seen = set()
    quoted = [(a, b) for a, b in quoted if a < par.end and b > par.start]  # this paragraph's
    inside = _in_any(quoted)
    for token in par.span:
        if quoted and inside(par.pos(token)):
            continue
        if token.dep_ in SUBJECT_DEPS and token.lower_ in ("he", "she"):
            gender = "male" if token.lower_ == "he" else "female"
            entries.append(Entry(par.pos(token), Mention(token.lower_, token.text, "pronoun", gender=gender),
                                 True, is_speech(token.head), is_main_clause(token.head)))
            continue
        if token.dep_ in SUBJECT_DEPS and token.pos_ in ("PROPN", "NOUN") and any(c.isalpha() for c in token.text):
            # (a closing mark "»" the parser took for a name is no one)
            speaker = build_mention(par, token, text, set())
            if speaker is not None and _common_body(speaker):
                continue  # "a ministry spokesperson": which ministry is known once it is resolved
            if speaker and speaker.kind in ("person", "name", "person-description", "organization", "group", "anonymous", "unknown"):
                entries.append(Entry(par.pos(token), speaker, True, is_speech(token.head), is_main_clause(token.head)))
                seen.add(speaker.name)
    for ent in getattr(par.span, "ents", []):
        name = strip_titles(strip_possessive(ent.text))
        if ent.label_ == "PERSON" and name not in seen and not inside(par.pos(ent[0])):
            entries.append(Entry(par.pos(ent[0]), Mention(name, ent.text, "person",
                                                          heads=frozenset({name.split()[-1].lower()})), False))
    entries.sort(key=lambda e: e.pos)
    return entries


def _in_any(intervals):
    """pos -> whether a <= pos < b for some (a, b) of intervals, by bisection over their union
    (a test of every quote for every token is quadratic in a paragraph of many quotes)."""
    merged = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]

    def inside(pos):
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < merged[k][1]

    return inside


def speaker_of_entry(state: ArticleState, index: int, entry: Entry) -> Optional[Mention]:
    """An antecedent entry as a speaker: a pronoun entry resolved where it stands."""
    if entry.speaker.kind != "pronoun":
        return entry.speaker
    par = state.get_paragraph(index)
    if par is None:
        return None
    found = resolve(Mention(entry.speaker.name, entry.speaker.mention, "pronoun"), par, None, state, pos=entry.pos)
    return None if found is None or found.kind == "pronoun" else found


def pronoun_fits(pronoun: str, speaker: Mention) -> bool:
    gender = {"he": "male", "him": "male", "she": "female", "her": "female"}.get(pronoun.lower())
    return gender is None or speaker.gender in (None, gender)


def resolve(speaker: Optional[Mention], par: Paragraph, token, state: ArticleState, pos=None) -> Optional[Mention]:
    """Pronouns and definite descriptions to the nearest earlier speaker that fits."""
    if speaker is None:
        return None
    pos = pos if pos is not None else (par.pos(token) if token is not None else par.start)
    if speaker.kind == "pronoun":
        pron = speaker.name.lower()
        if pron == "i":
            interviewee = _interviewee(state, par.index)
            if interviewee is not None:
                # "— I would say what I told the elders: «…»": an interview's answer line
                return Mention(interviewee.name, speaker.mention, interviewee.kind, interviewee.description,
                               interviewee.heads, interviewee.gender)
        if pron in ("he", "she", "him", "her", "i", "they-person"):
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
            earlier = resolve(Mention(found.speaker.name, found.speaker.mention, "pronoun"),
                               par, None, state, pos=found.pos) if found.pos < pos else None
            if earlier is None or earlier.kind == "pronoun":
                return speaker
            return Mention(earlier.name, speaker.mention, earlier.kind, earlier.description,
                           earlier.heads, earlier.gender or gender)
        if found is None and pron in ("they", "it", "we"):
            found = _look_back(state, par.index, pos, lambda e: e.speaker.kind in {"person", "name", "person-description", "organization", "group"})
        if found is None:
            return speaker
        if found.speaker.kind == "person-description":
            # "he" after "the minister": the minister named earlier, if the text names one
            holder = _named_role_holder(state.text, found.speaker, pos)
            if holder is not None:
                return Mention(holder, speaker.mention, "person", found.speaker.name,
                               found.speaker.heads, found.speaker.gender or gender)
            said = _said_by_description(state, found)
            if said is not None:
                # "the diplomat said" after "“…,” the spokesman said": whom that quote's
                # "the spokesman" was resolved to
                return Mention(said.name, speaker.mention, said.kind, found.speaker.name, said.heads,
                               said.gender or gender)
        fuller = (_fuller_person(state, found, par.index, from_text=False)
                  if found.speaker.kind in ("person", "name") else None)
        if fuller is not None:
            # "she" after "Raman's study" after "Priya Raman": the full name
            return Mention(fuller.speaker.name, speaker.mention, "person", found.speaker.description
                           or fuller.speaker.description, fuller.speaker.heads, found.speaker.gender or gender)
        return Mention(found.speaker.name, speaker.mention, found.speaker.kind,
                       found.speaker.description, found.speaker.heads, found.speaker.gender or gender)
    expanded = _acronym_expansion(state.text, speaker)
    if expanded is not None:
        # "PDP tells APC", "The WHO urged": the body the article spells out
        return Mention(expanded, speaker.mention, "organization", speaker.description,
                       speaker.heads | {w.lower() for w in expanded.split()})
    if speaker.kind in ("person-description", "organization", "unknown", "group") and (
            speaker.mention[:4].lower() in ("the ", "this") or _common_body(speaker)):
        head_words = set(speaker.heads)

        def fits(e):
            return (e.speaker.name != speaker.name and head_words
                    and head_words <= (e.speaker.heads | _desc_words(e.speaker)) and e.speaker.kind != "pronoun"
                    # "the lawmaker" is one person, not the "lawmakers" before
                    and not (speaker.kind == "person-description" and _plural_of(e.speaker, head_words)))

        found = _look_back(state, par.index, pos, fits)
        if found is not None and speaker.kind == "person-description" and speaker.mention[:4].lower() == "the ":
            newer = _newer_introduction(state, speaker, found.pos, pos)
            if newer is not None:
                # "the spokesperson was quoted as saying" after "quoted a spokesperson for the
                # Missile Administration": that new one (for that body), not the one before
                return newer
        if (found is not None and _common_body(speaker) and speaker.mention[:4].lower() not in ("the ", "this")
                and len(_fitting_names(state, par.index, pos, fits)) > 1):
            return speaker  # "a ministry spokesperson" after two ministries: which one is not said
        if found is not None:
            # "a ministry spokesperson": the ministry's spokesperson (for "the spokesperson" after)
            description = (speaker.description if _common_body(speaker) else None) or found.speaker.description
            return Mention(found.speaker.name, speaker.mention, found.speaker.kind,
                           description or speaker.description, found.speaker.heads)
        fuller = _fuller_body_name(state.text, speaker, pos)
        if fuller is not None:
            return Mention(fuller, speaker.mention, speaker.kind, speaker.description, speaker.heads)
        holder = _named_role_holder(state.text, speaker, pos)
        if holder is not None and speaker.mention[:4].lower() == "the ":
            newer = _newer_introduction(state, speaker, state.text.rfind(holder, 0, pos), pos)
            if newer is not None:
                return newer  # (as above: a newer one with the role, introduced after the holder)
        if holder is not None:
            return Mention(holder, speaker.mention, "person", speaker.name, speaker.heads | {holder.split()[-1].lower()})
        if speaker.kind == "person-description" and not set(speaker.heads) & PLAIN_PERSON_WORDS:
            # "the diplomat noted" after "spokeswoman Yelena Dorofeeva said": a role word no
            # earlier role matches is the person named just before, as "she" would be
            found = resolve(Mention("they-person", speaker.mention, "pronoun"), par, token, state, pos)
            if found is not None and found.kind == "organization" and len(found.name.split()) == 1:
                # "the head of the ministry" after "Wąsowicz referred …", the surname tagged
                # as a body: the person the article named with that surname
                fuller = _fuller_person(state, Entry(pos, found), par.index)
                if fuller is not None:
                    found = fuller.speaker
            if found is not None and found.kind in ("person", "name") and found.name != "they-person":
                return Mention(found.name, speaker.mention, found.kind, speaker.name, found.heads, found.gender)
    if speaker.kind == "organization" and _is_generic_body(speaker.name):
        # "General Command of the Army and Armed Forces" in an article about "the Syrian
        # army": the body's own name says whose army only through the article
        for head in [w.lower() for w in re.findall(r"[\w-]+", speaker.name) if w.lower() in ORG_HEADS]:
            fuller = _fuller_body_name(state.text, Mention(head, "", "organization"), len(state.text))
            if fuller is not None:
                return Mention(fuller, speaker.mention, speaker.kind, speaker.name, speaker.heads)
    if speaker.kind in ("person", "name", "organization") and len(speaker.name.split()) == 1 and speaker.name[:1].isupper():
        # (a surname the tagger took for a place or a body is still the person named before)
        # "Lavrov" after "Sergei Lavrov": the fuller name seen earlier in the article
        last = speaker.name.lower()
        found = _look_back(state, par.index, pos, lambda e: e.speaker.kind == "person"
                           and len(e.speaker.name.split()) > 1 and e.speaker.name.lower().split()[-1] == last)
        if found is not None:
            return Mention(found.speaker.name, speaker.mention, "person",
                           found.speaker.description or speaker.description, found.speaker.heads)
    return speaker


ACRONYM = re.compile(r"^(?:[Tt]he )?([A-Z]{2,6})$")
ACRONYM_SMALL_WORDS = r"(?:\s+(?:of|the|and|for|on|in|de|du|des)(?=\s))*"


def _acronym_expansion(text: str, speaker: Mention) -> Optional[str]:
    """An acronym's spelled-out name in the article ("PDP": "Peoples Democratic Party",
    "JCS": "Joint Chiefs of Staff"), the one run of capitalised words whose initials it is."""
    if speaker.kind not in ("organization", "name", "unknown", "group", "person"):
        return None
    m = ACRONYM.match(speaker.name.strip())
    if not m:
        return None
    letters = m.group(1)
    pattern = r"\b" + (ACRONYM_SMALL_WORDS + r"\s+").join(r"%s[a-z][\w'’-]*" % letter for letter in letters) + r"\b"
    found = {" ".join(match.group(0).split()) for match in re.finditer(pattern, text)}
    return found.pop() if len(found) == 1 else None


def _common_body(speaker: Mention) -> bool:
    """A body named by a common noun ("ministry" of "a ministry spokesperson"): the one
    the article named before, as for "the ministry"."""
    return speaker.kind == "organization" and speaker.name.islower() and speaker.name in ORG_HEADS


NAME = r"((?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’-]+)"


def _plural_of(entry: Mention, singular_words: set) -> bool:
    """The entry names many of what the description names one of ("several lawmakers")."""
    last = entry.name.lower().split()[-1:] or [""]
    return entry.kind == "group" or any(last[0] in (w + "s", w + "es") for w in singular_words)


def _named_role_holder(text: str, speaker: Mention, pos: int) -> Optional[str]:
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


def _is_generic_body(name: str) -> bool:
    """A body named only by common words ("General Command of the Army"), no country."""
    words = [w.lower() for w in re.findall(r"[\w-]+", name)]
    return (len(words) > 1 and any(w in ORG_HEADS for w in words)
            and all(w in COMMON_ORG_WORDS or w in ("of", "the") for w in words))


def _fuller_body_name(text: str, speaker: Mention, pos: int) -> Optional[str]:
    """"the army" after "the Syrian army" (anywhere earlier, parsed or not): the fuller name,
    when the article names only one body with that head before this point."""
    words = speaker.name.split()
    if len(words) != 1 or words[0].lower() not in ORG_HEADS:
        return None
    pattern = re.compile(r"\b([A-Z][\w-]+(?:['’]s)?(?:\s+(?!the\b|a\b|of\b)[a-z][\w-]+){0,2})\s+((?i:%s))\b"
                         % re.escape(words[0]))
    names = {m.group(0) for m in pattern.finditer(text[:pos])
             if m.group(1).split()[0] not in ("The", "A", "An", "In", "On", "But", "And")
             and not all(w.lower() in COMMON_ORG_WORDS or w.lower() in ("of", "the")
                         for w in m.group(1).split())}  # "Syrian army", not "General Command"
    return names.pop() if len(names) == 1 else None


def _fuller_person(state: ArticleState, entry: Entry, index: int, from_text: bool = True) -> Optional[Entry]:
    """For a one-word name ("Ilinov", whatever the tagger thought it was), the person with
    that surname named nearby ("Petar Ilinov")."""
    words = entry.speaker.name.split()
    if len(words) != 1 or not words[0][:1].isupper():
        return None
    surname = words[0].lower()
    if from_text:  # (a pronoun's antecedent looks only at what is parsed already)
        for k in range(max(0, index - 2 * LOOKBACK_PARAGRAPHS), index + 1):
            state.paragraph_entries(k)  # parse the nearby paragraphs; farther ones only if done
    for k in sorted(k for k in state.entries if k <= index):
        for other in state.entries[k]:
            names = other.speaker.name.lower().split()
            if other.speaker.kind == "person" and len(names) > 1 and names[-1] == surname:
                return other
    if not from_text:
        return None
    # not in a parsed paragraph: "Kieran Mallon" in the text before, by its capitals
    pattern = re.compile(r"\b((?:[A-Z][\w'’.-]*\s+){1,3})%s\b" % re.escape(words[0]))
    for m in pattern.finditer(state.text, 0, entry.pos):
        name = strip_titles(m.group(0))
        if len(name.split()) > 1 and not name.split()[0].lower() in TITLE_WORDS | {"the", "a", "an"}:
            return Entry(m.start(), Mention(name, m.group(0), "person"), True)
    return None


def _gender(state: ArticleState, entry: Entry, index: int) -> Optional[str]:
    """An entry's gender, or that of a fuller name with the same surname nearby."""
    if entry.speaker.gender or entry.speaker.kind not in ("person", "name", "organization"):
        return entry.speaker.gender
    fuller = _fuller_person(state, entry, index)
    return fuller.speaker.gender if fuller is not None else None


def _desc_words(speaker: Mention) -> set:
    words = re.findall(r"[a-z]+", (speaker.description or "").lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words} | set(words)


def _fitting_names(state: ArticleState, index: int, pos: int, fits) -> set:
    """The names of every fitting entry _look_back could reach."""
    return {e.speaker.name for k in range(index, max(-1, index - LOOKBACK_PARAGRAPHS - 1), -1)
            for e in state.paragraph_entries(k) if e.pos < pos and fits(e)}


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


DASH_LINE = re.compile(r"^\s*[—–―‒−-]\s")


def _interviewee(state: ArticleState, index: int) -> Optional[Mention]:
    """In an interview of dash-led lines, some of them questions, the person the lead-in
    paragraph before the lines names as its subject; None outside one."""
    spans = state.spans
    if index >= len(spans) or not DASH_LINE.match(state.text[slice(*spans[index])]):
        return None
    k, asked = index - 1, False
    while k >= 0 and DASH_LINE.match(state.text[slice(*spans[k])]):
        asked = asked or state.text[slice(*spans[k])].rstrip().endswith("?")
        k -= 1
    if not asked or k < 0:
        return None
    people = [e for e in state.paragraph_entries(k) if e.is_subject and e.speaker.kind in ("person", "name")]
    return speaker_of_entry(state, k, people[0]) if people else None


def _said_by_description(state: ArticleState, entry: Entry) -> Optional[Mention]:
    """The resolved speaker of the quote whose cue is this description entry ("“…,” the
    spokesman said", the spokesman resolved to the one named before), if it names a person."""
    for start, end, speaker in state.said:
        if (speaker.kind == "person" and speaker.mention == entry.speaker.mention
                and 0 <= entry.pos - end <= 40):
            return speaker
    return None


BODY_AFTER_FOR = re.compile(r"\s+for\s+(?:the\s+)?(?:[\w'’-]+['’]s\s+)?(?P<body>(?:[A-Z][\w'’&-]*\s+(?:of\s+(?:the\s+)?)?)*[A-Z][\w'’&-]*)")


def _newer_introduction(state: ArticleState, speaker: Mention, after: int, pos: int) -> Optional[Mention]:
    """"a spokesperson for X" introduced (outside quotes) between the antecedent found and
    "the spokesperson": a new person with that role, who speaks for X; an unresolved
    description when no body is named (no one rather than the wrong one)."""
    role = speaker.name.split()[-1] if speaker.name.split() else ""
    if not role.isalpha():
        return None
    inside = _in_any(state.quoted)
    for m in re.finditer(r"\b(?:a|an|another)\s+(?:[\w'’-]+\s+){0,2}?%s\b" % re.escape(role), state.text[:pos]):
        if m.start() <= after or inside(m.start()):
            continue
        body = BODY_AFTER_FOR.match(state.text, m.end(), pos)
        if body is None:
            return speaker
        name = body.group("body")
        return Mention(name, speaker.mention, "organization", speaker.name,
                       frozenset(w.lower() for w in re.findall(r"[\w'’&-]+", name)))
    return None

