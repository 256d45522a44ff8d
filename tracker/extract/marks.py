"""Quote-mark pairing on plain text, before any parsing.

Pure string work, so it runs on every paragraph at tokenizer speed and tells the parser where
to look. Handles “…” "…" «…» »…« „…“ ‚…‘ ‘…’ '…' ‹…› 「…」 and the ``…'' / ''…'' digraphs;
apostrophes (it’s, rebels’, '90s) are never taken for quotes; a mark that finds no partner
never fails the document; a quote left open at the end of a paragraph continues when the next
paragraph opens with a mark (the news convention for quotes running over paragraphs).
"""
import bisect
import re
from dataclasses import dataclass, field
from typing import List, Tuple

# Opening mark -> the closing marks that may end it.
DOUBLE_PAIRS = {
    "“": "”“\"",  # “…” (English); “…“ and “…" seen in sloppy text
    "„": "“”",  # „…“ (German), „…” (Polish, Romanian)
    "«": "»",
    "»": "«",  # »…« (German, Danish)
    "「": "」",
    "『": "』",
}
SINGLE_PAIRS = {
    "‘": "’",
    "‚": "‘’",
    "‹": "›",
    "›": "‹",
}
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
ALL_MARKS = (set(DOUBLE_PAIRS) | set(SINGLE_PAIRS) | set("".join(DOUBLE_PAIRS.values()))
             | set("".join(SINGLE_PAIRS.values())) | set("”’“‘\"'"))
CONTINUABLE = ("“", "„", "«", "»", "``", "''", STRAIGHT_DOUBLE)  # may run on to the next paragraph
OPENING_CONTEXT = " \t\n\u00a0([{—–―‒−-/:;,“‘«„\"'"  # what may stand before an opening mark
WORD = re.compile(r"\w", re.UNICODE)


@dataclass
class MarkedQuote:
    """A quoted stretch: offsets of the content inside the marks."""

    start: int
    end: int
    open_mark: str
    close_mark: str
    paragraph: int  # index of the paragraph where it opens
    pieces: List[Tuple[int, int]] = field(default_factory=list)  # one per paragraph it spans
    closed: bool = True
    standalone: bool = False  # the quote is the whole paragraph

    def text(self, source: str) -> str:
        return "\n".join(source[a:b] for a, b in self.pieces)


# Texts with blank lines between paragraphs often break some paragraphs with one newline
# (a vox-pop list, a Q&A, pasted web text, sometimes a no-break space before it): a single
# newline is a break too after a sentence end (before a capital, a mark or a dash) or before
# an opening mark or a dash. A hard-wrapped line that ends mid-sentence stays in its paragraph.
DASHES = "—–―‒−-"
OPENERS = "“\"«„‘»「"
BLOCK_BREAK = re.compile(
    r"\n[ \t\u00a0]*\n\s*"
    r"|(?<=[.!?…:”\"»’\u00a0])[ \t\u00a0]*\n(?=[ \t\u00a0]*[A-Z%s%s])"
    r"|[ \t\u00a0]*\n(?=[ \t\u00a0]*[%s%s])" % (OPENERS, DASHES, OPENERS, DASHES))
LINE_BREAK = re.compile(r"\n")


def paragraphs(text: str) -> List[Tuple[int, int]]:
    """Paragraph offsets: blocks between blank lines when the text has them, else lines.

    Hard-wrapped text (blank lines between paragraphs, single newlines inside) keeps its
    paragraphs whole; text with one paragraph a line (most extracted web text) splits by line.
    """
    splitter = BLOCK_BREAK if re.search(r"\n[ \t\u00a0]*\n", text) else LINE_BREAK
    spans, pos = [], 0
    for m in splitter.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _is_word(ch: str) -> bool:
    return bool(ch) and bool(WORD.match(ch))


SPACED = "«»‹›"  # French typography puts a space inside guillemets: « Bonjour »


def _can_open(text: str, i: int, start: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in OPENING_CONTEXT or before.isspace()) and (not after.isspace() or text[i] in SPACED)


def _can_close(text: str, i: int, end: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    return (not before.isspace() or text[i] in SPACED) and not _is_word(after)


def _find_marks(text: str, start: int, end: int):
    """Yield (index, mark) for every character (or digraph) that may be a quote mark."""
    i = start
    while i < end:
        two = text[i:i + 2]
        if two in ("``", "''"):
            yield i, two
            i += 2
            continue
        if text[i] in ALL_MARKS:
            yield i, text[i]
        i += 1


def _closes(open_mark: str, mark: str) -> bool:
    if open_mark in DOUBLE_PAIRS:
        return mark in DOUBLE_PAIRS[open_mark]
    if open_mark in SINGLE_PAIRS:
        return mark in SINGLE_PAIRS[open_mark]
    if open_mark in ("``", "''"):
        return mark in ("''", "”")
    if open_mark == STRAIGHT_DOUBLE:
        return mark in (STRAIGHT_DOUBLE, "”")  # "…” in sloppy text
    return mark == open_mark  # straight marks close themselves


AFTER_CLOSING = frozenset("""and or but as he she they it we i said says told added the a an to in
on for with from of at by after before while when because which that who was were is are has
have had over into than then so if about since until despite during against not nor yet""".split())


_FOLLOWING_WORD = re.compile(r" ([a-z][\w-]*)")


def _plural_possessive(text: str, i: int, end: int, mark: str, last_close=None) -> bool:
    """A ’ after a plural (residents’ savings) inside a single-quoted stretch: an apostrophe
    when a noun follows and another ’ later in the paragraph can close the quote.

    last_close (from _last_closing) maps ’ and ' to the last index in the paragraph where
    that mark can close, so that the question "another ’ later?" is not a scan each time."""
    if mark not in ("’", "'") or text[i - 1:i] not in ("s", "S"):
        return False
    following = _FOLLOWING_WORD.match(text, i + 1, end)
    if not following or following.group(1) in AFTER_CLOSING:
        return False
    if last_close is not None:
        return last_close[mark] >= i + 2
    return any(text[k] == mark and _can_close(text, k, end) for k in range(i + 2, end))


def _last_closing(text: str, start: int, end: int) -> dict:
    """For ’ and ': the last index in text[start:end] where that mark can close (else -1)."""
    last = {}
    for mark in ("’", "'"):
        k = text.rfind(mark, start, end)
        while k >= 0 and not _can_close(text, k, end):
            k = text.rfind(mark, start, k)
        last[mark] = k
    return last


def _opens(text: str, i: int, mark: str, start: int) -> bool:
    if mark in ("”", "’"):
        return False  # closing-only shapes (a ’ that opens is an elision: ’90s)
    if mark in ("'", "‘") and text[i + 1:i + 2].isdigit():
        return False  # '90s, ‘80s
    return _can_open(text, i, start)


# Mark visits allowed per paragraph (beyond 20 a mark) before the rest of the paragraph is
# paired by _pair_linear. Dropping a stray mark means reading on from it again, so a paragraph
# of many unclosed marks costs (marks x dropped marks); news text drops a handful at most.
PAIRING_BUDGET = 10_000


def find_in_paragraph(text: str, start: int, end: int, ignore=frozenset()):
    """Top-level quoted stretches of one paragraph: (content_start, content_end, open, close).

    A stretch left open at the paragraph end comes back with content_end = None when it may
    continue in the next paragraph. Marks nested inside an open quote are part of its text.
    An opening mark that never closes (a stray ' or ") is dropped and the paragraph read again
    without it, so it cannot swallow the real quotes after it. Reading again starts at the
    dropped mark (what comes before it reads the same); a paragraph that needs more than
    PAIRING_BUDGET mark visits has the rest paired by _pair_linear.
    """
    marks = list(_find_marks(text, start, end))
    last_close = _last_closing(text, start, end)
    dropped = set(ignore)
    budget = PAIRING_BUDGET + 20 * len(marks)
    found = []
    stack = []  # (mark, mark_index, content_start, index in marks of the next mark)
    k = 0
    while True:
        while k < len(marks):
            i, mark = marks[k]
            k += 1
            if i in dropped:
                continue
            budget -= 1
            width = len(mark)
            if stack:
                open_mark = stack[-1][0]
                if _closes(open_mark, mark) and _can_close(text, i + width - 1, end):
                    if _plural_possessive(text, i, end, mark, last_close):
                        continue  # ‘…the residents’ savings…’: an apostrophe, the quote goes on
                    _, _, content_start, _ = stack.pop()
                    if not stack:
                        found.append((content_start, i, open_mark, mark))
                    continue
                if open_mark in (STRAIGHT_DOUBLE, STRAIGHT_SINGLE) and mark == open_mark:
                    continue  # straight marks do not nest in themselves
                if mark in ("'", "’") and _is_word(text[i - 1:i]):
                    continue  # an apostrophe inside the quote: it’s, rebels’
                if len(stack) < 3 and _opens(text, i, mark, start):
                    stack.append((mark, i, i + width, k))
                continue
            if _opens(text, i, mark, start):
                stack.append((mark, i, i + width, k))
        if not stack:
            return found
        open_mark, mark_index, content_start, _ = stack[0]
        if open_mark in CONTINUABLE and len(stack) == 1:
            found.append((content_start, None, open_mark, ""))
            return found
        if budget < 0:
            return found + _pair_linear(text, marks, stack[0][3] - 1, start, end, dropped)
        # Drop the innermost unclosed mark and read on from it. Nothing was found since it
        # opened (a stretch is found only when the stack empties) and the marks under it
        # are the stack it met, so the state there is the stack without it.
        _, mark_index, _, k = stack.pop()
        dropped.add(mark_index)


def _pair_linear(text: str, marks: list, k: int, start: int, end: int, dropped: set) -> list:
    """Stretches from marks[k] on, in one pass: each opening mark closes at the next mark
    that can close it (marks between are its text); one that cannot close is dropped."""
    closers = {}  # opening mark -> indexes (into marks) of the marks that can close it
    found = []
    while k < len(marks):
        i, mark = marks[k]
        k += 1
        if i in dropped or not _opens(text, i, mark, start):
            continue
        if mark not in closers:
            closers[mark] = [n for n, (c, other) in enumerate(marks)
                             if c not in dropped and _closes(mark, other) and _can_close(text, c + len(other) - 1, end)]
        candidates = closers[mark]
        n = bisect.bisect_left(candidates, k)
        if n < len(candidates):
            c, close = marks[candidates[n]]
            found.append((i + len(mark), c, mark, close))
            k = candidates[n] + 1
    return found


def find_quotes(text: str) -> List[MarkedQuote]:
    """Every top-level quote in the text, with multi-paragraph quotes joined."""
    quotes: List[MarkedQuote] = []
    open_quote = None  # a MarkedQuote waiting for its continuation
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        stretches = find_in_paragraph(text, p_start, p_end)
        if open_quote is not None:
            if stretches and stretches[0][0] - 1 <= p_start + 1 and text[p_start] in (open_quote.open_mark[0], "“", '"', "«", "„"):
                c_start, c_end, _, close = stretches[0]
                stretches = stretches[1:]
                if c_end is None:
                    open_quote.pieces.append((c_start, p_end))
                    continue  # still open: goes on in the next paragraph
                open_quote.pieces.append((c_start, c_end))
                open_quote.end, open_quote.close_mark, open_quote.closed = c_end, close, True
                quotes.append(open_quote)
                open_quote = None
            else:
                _recover(text, open_quote, quotes)
                open_quote = None
        for c_start, c_end, open_mark, close in stretches:
            if c_end is None:
                open_quote = MarkedQuote(c_start, p_end, open_mark, "", p_index, [(c_start, p_end)], closed=False)
                continue
            standalone = c_start - len(open_mark) <= p_start and c_end + len(close) >= p_end - 1
            while c_start < c_end and text[c_start].isspace():
                c_start += 1
            while c_end > c_start and text[c_end - 1].isspace():
                c_end -= 1
            if c_end > c_start:
                quotes.append(MarkedQuote(c_start, c_end, open_mark, close, p_index, [(c_start, c_end)],
                                          standalone=standalone))
    if open_quote is not None:
        _recover(text, open_quote, quotes)
    quotes.sort(key=lambda q: q.start)
    return quotes


def _recover(text: str, quote: MarkedQuote, quotes: List[MarkedQuote]) -> None:
    """A quote never closed: keep what ran to the end of its paragraph when it looks like speech.

    Only for unambiguous opening marks (“ „ « ``) and several words: a stray straight mark is
    dropped rather than turned into a paragraph-long false quote.
    """
    if quote.open_mark not in ("“", "„", "«", "``") or len(quote.pieces) != 1:
        return
    a, b = quote.pieces[0]
    if len(text[a:b].split()) >= 4:
        quote.end = b
        quotes.append(quote)
