"""Citation formats for one quote: plain text, Markdown, BibTeX and CSL-JSON.

Every function takes the same plain dict (built by the web layer from the database), so the
formats stay pure and testable without a server:

    id, text, speaker, cue, channel, outlet, published ("YYYY-MM-DD..."), title,
    url (the article, may be None), permalink (the /q/<id> URL), accessed ("YYYY-MM-DD")

The cited work is the quote itself: its author is the speaker, the article that reported it is
where it was published. A reader checking the citation lands on the permalink, which never breaks.
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
    """The quoted words without the trailing comma or colon the reporting sentence needed."""
    return re.sub(r"[,;:\s]+$", "", q.get("text") or "")


def _said(q):
    """'Abu Mohammed al-Jolani, on Telegram' — the speaker and, when known, the channel."""
    speaker = q.get("speaker") or "Unknown speaker"
    return f"{speaker}, on {q['channel']}" if q.get("channel") else speaker


def _source(q):
    """'"Title", Outlet, 7 December 2024' with the parts that are known."""
    parts = []
    if q.get("title"):
        parts.append(f"\u201c{q['title']}\u201d")
    if q.get("outlet"):
        parts.append(q["outlet"])
    if q.get("published"):
        parts.append(human_date(q["published"]))
    return ", ".join(parts)


def plain(q):
    """One paragraph a journalist can paste into a document or an email."""
    out = f"{_said(q)}: \u201c{cited_text(q)}\u201d"
    source = _source(q)
    if source:
        out += f" Quoted in {source}."
    if q.get("url"):
        out += f" {q['url']}"
    out += f" Permalink: {q['permalink']}"
    if q.get("accessed"):
        out += f" (accessed {human_date(q['accessed'])})"
    return out


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
    """A block quote with attribution and links to the article and the permalink."""
    lines = [f"> \u201c{_md_escape(cited_text(q))}\u201d", ">"]
    attribution = f"> \u2014 {_md_escape(_said(q))}"
    source = _md_escape(_source(q))
    if source:
        if q.get("url"):
            source = f"[{source}](<{_md_url(q['url'])}>)"
        attribution += f", quoted in {source}"
    attribution += f" ([permalink](<{_md_url(q['permalink'])}>))"
    lines.append(attribution)
    return "\n".join(lines)


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def _bib_escape(value):
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in (value or ""))


def bibtex_key(q):
    """speakerlastword + year + short id: readable and unique ('jolani2024q1a2b')."""
    words = re.findall(r"[A-Za-z0-9]+", q.get("speaker") or "anon")
    last = (words[-1] if words else "anon").lower()
    day = day_of(q.get("published"))
    return f"{last}{day.year if day else ''}{re.sub(r'[^A-Za-z0-9]', '', q.get('id', ''))[:8]}"


def bibtex(q):
    """A @misc entry; double braces keep the speaker's name and the quote's case as written."""
    fields = [
        ("author", "{" + _bib_escape(q.get("speaker") or "Unknown speaker") + "}"),
        ("title", "{" + _bib_escape(cited_text(q)) + "}"),
    ]
    how = []
    if q.get("outlet"):
        how.append(_bib_escape(q["outlet"]))
    if q.get("title"):
        how.append("``" + _bib_escape(q["title"]) + "''")
    if how:
        fields.append(("howpublished", "Quoted in " + ", ".join(how)))
    day = day_of(q.get("published"))
    if day:
        fields += [("year", str(day.year)), ("month", BIBTEX_MONTHS[day.month - 1]),
                   ("date", day.isoformat())]
    fields.append(("url", _bib_url(q["permalink"])))
    notes = []
    if q.get("channel"):
        notes.append("On " + _bib_escape(q["channel"]))
    if q.get("url"):
        notes.append("Article: \\url{" + _bib_url(q["url"], in_note=True) + "}")
    if q.get("accessed"):
        notes.append("Accessed " + _bib_escape(q["accessed"]))
    if notes:
        fields.append(("note", ". ".join(notes)))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@misc{{{bibtex_key(q)},\n{body}\n}}"


def _date_parts(value):
    day = day_of(value)
    return {"date-parts": [[day.year, day.month, day.day]]} if day else None


def csl_item(q):
    """One CSL-JSON item (Zotero imports a list of these: File > Import from clipboard).

    Type 'speech' (Zotero: Presentation) fits a statement by a speaker; the outlet that
    reported it is the publisher and the article its container.
    """
    item = {
        "id": q.get("id"),
        "type": "speech",
        "title": cited_text(q),
        "author": [{"literal": q.get("speaker") or "Unknown speaker"}],
        "URL": q["permalink"],
    }
    if q.get("outlet"):
        item["publisher"] = q["outlet"]
    if q.get("title"):
        item["container-title"] = q["title"]
    if q.get("channel"):
        item["medium"] = q["channel"]
    issued = _date_parts(q.get("published"))
    if issued:
        item["issued"] = issued
    accessed = _date_parts(q.get("accessed"))
    if accessed:
        item["accessed"] = accessed
    note = [f"Quoted in {_source(q)}" if _source(q) else None,
            f"Article: {q['url']}" if q.get("url") else None]
    if any(note):
        item["note"] = ". ".join(n for n in note if n)
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
