"""Citation formats for one quote: plain text, Markdown, BibTeX and CSL-JSON.

Every function takes the same plain dict (built by the web layer from the database), so the
formats stay pure and testable without a server:

    id, text, speaker, speaker_kind, cue, channel, outlet, published ("YYYY-MM-DD..."), title,
    author (the article's byline), url (the article, may be None), permalink (the /q/<id>
    URL), accessed ("YYYY-MM-DD")

A quote from a news report is cited as the report ("Lavrov, as quoted in Reuters"): the cited
work is the article (its byline, title, outlet and date, its own URL), the quote and its
speaker go in the note and in the text around the reference, and the tracker's permalink is
the second link, kept for a reader whose article link has gone.
"""
import json
import re
from urllib.parse import quote as _urlquote

from tracker.readers.normalise import day_of

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def human_date(value):
    """'7 December 2024', or the raw value when it is not a date we can read."""
    day = day_of(value)
    if day is None:
        return str(value) if value else ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def text_fragment_url(url, text, max_words=8):
    """The article URL with a #:~:text= fragment that makes browsers scroll to the quote.

    Long quotes use the textStart,textEnd form (first and last few words) so the fragment stays
    short; '-', ',' and '&' are percent-encoded as the Text Fragments spec requires.
    """
    if not url or not str(url).lower().startswith(("http://", "https://")):
        return None
    words = (text or "").split()
    if not words:
        return url

    def enc(part):
        return _urlquote(part, safe="").replace("-", "%2D")

    if len(words) <= max_words:
        directive = enc(" ".join(words))
    else:
        half = max_words // 2
        directive = enc(" ".join(words[:half])) + "," + enc(" ".join(words[-half:]))
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={directive}"


def cited_text(q):
    """The quoted words as printed, without the trailing comma or colon the reporting
    sentence needed (their case and other punctuation are kept)."""
    return re.sub(r"[,;:\s]+$", "", q.get("text") or "")


# --- names -----------------------------------------------------------------------------------

# Lower-case words that belong to the family name they precede ("Ursula von der Leyen",
# "Mohammed bin Salman", "Ahmed al Sharaa"); CSL calls them non-dropping particles.
PARTICLES = frozenset("""
van von der den de del della di da du la le des dos das do ter ten bin ibn bint ben al el
""".split())
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# A byline part with one of these words is an organisation or a desk, not a person.
ORG_WORDS = frozenset("""
staff news agency agencies desk reporters reporter correspondents editors editorial wire
wires service bureau team media press newsroom with
""".split())


def person_name(name):
    """A person's name as CSL parts: {"given", "family"} with the particle of a family name
    kept apart ("non-dropping-particle": "van der"), so styles print and sort it right.

    A hyphenated prefix stays in the family name ("al-Jolani"); a one-word name, which has no
    given part, stays literal.
    """
    words = (name or "").split()
    suffix = None
    if len(words) > 2 and words[-1].lower().strip(",") in SUFFIXES:
        suffix = words.pop().strip(",")
        words[-1] = words[-1].rstrip(",")
    if len(words) < 2:
        return {"literal": " ".join(words) or (name or "")}
    first_particle = len(words) - 1
    while first_particle > 1 and words[first_particle - 1] in PARTICLES:
        first_particle -= 1
    parts = {"family": words[-1], "given": " ".join(words[:first_particle])}
    if first_particle < len(words) - 1:
        parts["non-dropping-particle"] = " ".join(words[first_particle:-1])
    if suffix:
        parts["suffix"] = suffix
    return parts


def _is_organisation(name, outlet=None):
    words = name.split()
    if outlet and name.casefold() == outlet.casefold():
        return True
    if len(words) == 1:  # "AFP", "Reuters": a one-word byline names no person
        return True
    return any(w.lower().strip(".,") in ORG_WORDS for w in words)


def byline_names(author, outlet=None):
    """The people (and organisations) of a byline, as CSL names: "By Sam Ortiz and Ana de la
    Cruz" gives two persons, "Reuters staff" one literal."""
    text = re.sub(r"^\s*by\s+", "", author or "", flags=re.IGNORECASE)
    parts = [p.strip(" .") for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", text) if p.strip(" .")]
    return [{"literal": p} if _is_organisation(p, outlet) else person_name(p) for p in parts]


# --- how and where it was said -----------------------------------------------------------------

# Who a statement was told to, rather than where it was made ("told reporters", "told AFP").
AUDIENCE_WORDS = frozenset({"reporters", "journalists", "press", "media", "lawmakers", "parliament",
                            "crowd", "supporters", "audience", "students", "delegates"})
# Platforms and media a statement is made on ("told his followers on Telegram": the channel
# is Telegram, whoever was told).
MEDIA_WORDS = frozenset({"telegram", "twitter", "x", "facebook", "instagram", "tiktok", "youtube",
                         "truth", "social", "television", "tv", "radio", "website", "app",
                         "platform", "account", "feed", "blog", "podcast", "livestream", "stream"})
VENUE_WORDS = frozenset({"conference", "briefing", "rally", "summit", "meeting", "event",
                         "ceremony", "hearing", "session", "forum", "gathering"})
MADE_IN_WORDS = frozenset({"statement", "interview", "speech", "video", "message", "letter",
                           "post", "broadcast", "address", "call", "email", "e-mail", "op-ed",
                           "communique", "communiqué", "release", "podcast", "thread",
                           "livestream", "column", "blog", "newsletter", "text"})


def _with_article(words):
    lead = words.split()[0].lower() if words.split() else ""
    if lead in ("a", "an", "the", "his", "her", "its", "their", "our") or words[:1].isupper():
        return words
    return ("an " if lead[:1] in "aeiou" else "a ") + words


def manner(q):
    """(role, phrase): how the quote was delivered, as English.

    role is "audience" for whom it was told to ("to reporters": "told reporters", "told AFP"),
    "channel" for where it was made ("on Telegram", "in a statement", "at a news conference"),
    None when neither is known.
    """
    audience = " ".join((q.get("audience") or "").split())
    if audience:  # stored apart already (store.save_article)
        return "audience", f"to {audience}"
    channel = " ".join((q.get("channel") or "").split())
    if not channel:
        return None, None
    cue = (q.get("cue") or "").lower().split()
    words = {w.lower() for w in channel.split()}
    told = bool(cue) and cue[0] in ("told", "tell", "tells", "telling")
    means = MEDIA_WORDS | VENUE_WORDS | MADE_IN_WORDS
    if (told or words & AUDIENCE_WORDS) and not words & means:
        return "audience", f"to {channel}"
    head = channel.split()[-1].lower()
    if head in VENUE_WORDS:
        return "channel", f"at {_with_article(channel)}"
    if head in MADE_IN_WORDS:
        return "channel", f"in {_with_article(channel)}"
    return "channel", f"on {channel}"


def audience_and_channel(cue, channel) -> tuple:
    """(audience, channel) of what extraction calls the channel: "reporters" after "told" is
    whom it was said to, "Telegram" where; one of the two is None."""
    role, _phrase = manner({"cue": cue, "channel": channel})
    return (channel, None) if role == "audience" else (None, channel)


def delivery(q):
    """The cue and how it was delivered, as a phrase: "told reporters", "said in a statement",
    "posted on Telegram"; just the cue, or None, when that is all that is known."""
    cue = " ".join((q.get("cue") or "").split())
    role, phrase = manner(q)
    if not phrase:
        return cue or None
    told = cue.lower().split()[:1] in (["told"], ["tell"], ["tells"])
    if role == "audience" and told:
        return f"{cue} {phrase[len('to '):]}"
    if told:  # "told his followers on Telegram": "told on Telegram" is no English
        return phrase
    return f"{cue} {phrase}" if cue else phrase


def _said(q):
    """'Abu Mohammed al-Jolani, on Telegram': the speaker and how the words were delivered."""
    speaker = q.get("speaker") or "Unknown speaker"
    phrase = manner(q)[1]
    return f"{speaker}, {phrase}" if phrase else speaker


def _byline(q):
    names = byline_names(q.get("author"), q.get("outlet"))
    return " and ".join(n.get("literal") or " ".join(
        p for p in (n.get("given"), n.get("non-dropping-particle"), n.get("family"), n.get("suffix")) if p)
        for n in names)


def _source(q):
    """'Sam Ortiz, "Title", Outlet, 7 December 2024' with the parts that are known."""
    parts = []
    if _byline(q):
        parts.append(_byline(q))
    if q.get("title"):
        parts.append(f"\u201c{q['title']}\u201d")
    if q.get("outlet"):
        parts.append(q["outlet"])
    if q.get("published"):
        parts.append(human_date(q["published"]))
    return ", ".join(parts)


def _as_quoted_in(q):
    return f"as quoted in {q['outlet']}" if q.get("outlet") else "as quoted in a news report"


# --- the formats -------------------------------------------------------------------------------

def plain(q):
    """Three lines a journalist can paste: who said what (as quoted where), the article
    cited, then the permalink."""
    lines = [f"{_said(q)}, {_as_quoted_in(q)}: \u201c{cited_text(q)}\u201d"]
    source = _source(q)
    if q.get("url"):
        source = f"{source}, {q['url']}" if source else q["url"]
    if source:
        lines.append(f"Source: {source}")
    permalink = f"Permalink: {q['permalink']}"
    if q.get("accessed"):
        permalink += f" (accessed {human_date(q['accessed'])})"
    lines.append(permalink)
    return "\n".join(lines)


def _encode_url(url, breaking):
    """The URL with each character in breaking, each space, control or invisible character
    percent-encoded: none of them may stand in a URL as such (RFC 3986), so the link leads
    where it did, and the citation format around it cannot be broken out of."""
    return "".join(_urlquote(ch, safe="") if ch in breaking or ch.isspace() or not ch.isprintable() else ch
                   for ch in str(url or ""))


def _md_url(url):
    """A link destination for Markdown's (<…>) form: no >, < or backslash to end it early."""
    return _encode_url(url, '<>\\')


def _bib_url(url, in_note=False):
    """A URL for a BibTeX field: no brace or backslash to close the field (or the \\url{…}
    around it) early or to start a command. In a note, inside \\url{…} that LaTeX reads, %
    and # are escaped too, as hyperref reads them; the url field is read verbatim."""
    url = _encode_url(url, '{}\\<>"^`|')
    return url.replace("%", r"\%").replace("#", r"\#") if in_note else url


def _md_escape(value):
    """Backslash-escape the characters that would turn quoted text into Markdown markup."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", value or "")


def markdown(q):
    """A block quote; the attribution links the article cited and, apart, the permalink."""
    lines = [f"> \u201c{_md_escape(cited_text(q))}\u201d", ">"]
    attribution = f"> \u2014 {_md_escape(_said(q))}, "
    source = _md_escape(_source(q))
    if source and q.get("url"):
        attribution += f"as quoted in [{source}](<{_md_url(q['url'])}>)"
    elif source:
        attribution += f"as quoted in {source}"
    else:
        attribution += _as_quoted_in(q)
    attribution += f" ([permalink](<{_md_url(q['permalink'])}>))"
    lines.append(attribution)
    return "\n".join(lines)


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def _bib_escape(value):
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in (value or ""))


def _bib_name(name):
    """One CSL name as BibTeX writes it: "von der Leyen, Ursula"; a literal in braces."""
    if "literal" in name:
        return "{" + _bib_escape(name["literal"]) + "}"
    last = " ".join(p for p in (name.get("non-dropping-particle"), name["family"]) if p)
    out = f"{_bib_escape(last)}, "
    if name.get("suffix"):
        out += f"{_bib_escape(name['suffix'])}, "
    return out + _bib_escape(name["given"])


def bibtex_key(q):
    """First author's family name (else the outlet's or speaker's last word) + year + short
    id: readable and unique ('ortiz2024q1a2b')."""
    names = byline_names(q.get("author"), q.get("outlet"))
    first = (names[0].get("family") or names[0].get("literal")) if names else None
    words = re.findall(r"[A-Za-z0-9]+", first or q.get("outlet") or q.get("speaker") or "anon")
    last = (words[-1] if words else "anon").lower()
    day = day_of(q.get("published"))
    return f"{last}{day.year if day else ''}{re.sub(r'[^A-Za-z0-9]', '', q.get('id', ''))[:8]}"


def _quote_note(q):
    """'Quoting Sergei Lavrov, to reporters: “…”': the quote and its speaker, for notes
    (nothing follows the closing mark but a bracket: no doubled full stop, '.”.')."""
    return f"Quoting {_said(q)}: \u201c{cited_text(q)}\u201d"


def bibtex(q):
    """An @article entry for the report that carried the quote (the outlet as journal);
    the quote, its speaker and the permalink in the note. The title and the quote keep
    their case (braced)."""
    fields = []
    names = byline_names(q.get("author"), q.get("outlet"))
    if names:
        fields.append(("author", " and ".join(_bib_name(n) for n in names)))
    if q.get("title"):
        fields.append(("title", "{" + _bib_escape(q["title"]) + "}"))
    if q.get("outlet"):
        fields.append(("journal", _bib_escape(q["outlet"])))
    day = day_of(q.get("published"))
    if day:
        fields += [("year", str(day.year)), ("month", BIBTEX_MONTHS[day.month - 1]),
                   ("date", day.isoformat())]
    if q.get("url"):
        fields.append(("url", _bib_url(q["url"])))
    if q.get("accessed") and day_of(q["accessed"]):
        fields.append(("urldate", day_of(q["accessed"]).isoformat()))
    note = "{" + _bib_escape(_quote_note(q)) + "} (permalink: \\url{" + _bib_url(q["permalink"], in_note=True) + "})"
    fields.append(("note", note))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@article{{{bibtex_key(q)},\n{body}\n}}"


def _date_parts(value):
    day = day_of(value)
    return {"date-parts": [[day.year, day.month, day.day]]} if day else None


def csl_item(q):
    """One CSL-JSON item (Zotero imports a list of these: File > Import from clipboard).

    The item is the news article (article-newspaper: byline, title, outlet as the
    container, date, the article's own URL); the quote, its speaker and the permalink are in
    the note (archive fields would print as part of the reference in APA and Chicago).
    """
    item = {"id": q.get("id"), "type": "article-newspaper"}
    names = byline_names(q.get("author"), q.get("outlet"))
    if names:
        item["author"] = names
    if q.get("title"):
        item["title"] = q["title"]
    if q.get("outlet"):
        item["container-title"] = q["outlet"]
    issued = _date_parts(q.get("published"))
    if issued:
        item["issued"] = issued
    if q.get("url"):
        item["URL"] = q["url"]
    accessed = _date_parts(q.get("accessed"))
    if accessed:
        item["accessed"] = accessed
    item["note"] = f"{_quote_note(q)} (permalink: {q['permalink']})"
    return item


def csl_json(q):
    """CSL-JSON text: a list holding one item, the shape Zotero and citeproc expect.

    One field per line (nested values kept on their line) so it stays short to read.
    """
    fields = [f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
              for k, v in csl_item(q).items()]
    return "[\n  {\n" + ",\n".join(fields) + "\n  }\n]"


FORMATS = {
    "plain": ("Plain text", plain),
    "markdown": ("Markdown", markdown),
    "bibtex": ("BibTeX", bibtex),
    "csl": ("CSL-JSON", csl_json),
}


def all_formats(q):
    """{format name: citation text} for every format, in display order."""
    return {name: fn(q) for name, (_label, fn) in FORMATS.items()}
