"""Hostile inputs, built in code (some are a megabyte), each as the file ingest would read.

Shared by the tests (tests/test_hardening_*.py check that what comes out is correct and
complete) and by bench/adversarial.py (which times each one against a normal article of the
same size and format, built from the seed articles). Every hostile article also holds one
ordinary paragraph with a real quote, REAL, that must come out as it would on its own.
"""
import json
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
REAL = "\u201cWe will rebuild the bridge before winter,\u201d Mayor Jane Doe said on Tuesday."
REAL_QUOTE = "We will rebuild the bridge before winter,"
REAL_SPEAKER = "Jane Doe"
INTRO = "The council met on Tuesday evening to discuss the storm damage in the town."


def seed_paragraphs() -> list:
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines.extend(line for line in path.read_text(encoding="utf-8").split("\n") if line.strip())
    return lines


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _sentences(sentence: str, size: int) -> str:
    """Whole sentences to at least size characters (a cut one would leave a quote open)."""
    return (sentence * (size // len(sentence) + 1)).rstrip()


def normal_text(size: int) -> str:
    """Seed paragraphs, one a line, repeated to about size characters."""
    paragraphs, out, total = seed_paragraphs(), [], 0
    while total < size:
        for line in paragraphs:
            out.append(line)
            total += len(line) + 1
            if total >= size:
                break
    return "\n".join(out)


def _article(*paragraphs: str) -> str:
    """INTRO, the paragraphs, then REAL on its own line unless a paragraph holds it."""
    last = () if any(REAL in p for p in paragraphs) else (REAL,)
    return "\n".join((INTRO,) + paragraphs + last)


# --- the hostile inputs: name -> (file name, bytes) ---------------------------------------

def unclosed_marks() -> tuple:
    """3,000 opening marks that never close, in one 100 KB paragraph: each dropped mark made
    the pairing read the paragraph again, by recursion (134 s for 900; RecursionError)."""
    return "unclosed_marks.txt", _article(_fill("\u201cthe council never closes this ", 100_000)).encode()


def mark_runs() -> tuple:
    """“‘ 6,000 times with no space (36 KB), in the paragraph of the real quote, so it is
    parsed: spaCy's tokenizer split it mark by mark, quadratically (100 s), and the parser
    then had a token a character."""
    return "mark_runs.txt", _article(REAL + " " + "\u201c\u2018" * 6000).encode()


def apostrophe_runs() -> tuple:
    """’s 6,000 times with no space: the same tokenizer trap through its suffix rules."""
    return "apostrophe_runs.txt", _article(REAL + " " + "\u2019s" * 6000).encode()


def space_run() -> tuple:
    """20,000 spaces between the speaker and the verb: a token of spaces in the speaker's
    words, which a pattern in the possessive stripping read quadratically (15 s)."""
    return "space_run.txt", "\n".join([INTRO, REAL.replace("Doe said", "Doe" + " " * 20_000 + "said")]).encode()


def long_paragraph() -> tuple:
    """One paragraph over spaCy's 1,000,000-character limit (E088), with quotes in it."""
    sentence = "\u201cThe water rose fast,\u201d a resident said as the river broke its banks. "
    return "long_paragraph.txt", _article(_sentences(sentence, 1_000_100)).encode()


def dense_paragraph() -> tuple:
    """A paragraph just under the parse bound holding some 1,300 quotes: everything done
    once per quote on its paragraph is done 1,300 times on 99,000 characters."""
    sentence = "\u201cThe water rose fast,\u201d a resident said as the river broke its banks. "
    return "dense_paragraph.txt", _article(_sentences(sentence, 99_000)).encode()


def dense_lines() -> tuple:
    """100 KB of short paragraphs of ten attributed quotes each (3,800 quotes): every step
    done once per quote, extraction, speakers, utterances and the store, is done 3,800 times."""
    line = ("\u201cWe rise,\u201d Jane Doe said. " * 10).strip()
    return "dense_lines.txt", _article(*[line] * (100_000 // (len(line) + 1))).encode()


def jsonld_scripts() -> tuple:
    """A 56 KB page of "<script" with no ">": the JSON-LD regular expression rescanned the
    page from each one (9 s)."""
    page = ("<html><head><title>Storm damage</title></head><body><article>"
            f"<p>{INTRO}</p><p>{REAL}</p>" + "<script" * 8000 + "</article></body></html>")
    return "jsonld_scripts.html", page.encode()


def deep_json() -> tuple:
    """JSON lines: deep nesting (RecursionError), a 5,000-digit integer (ValueError), a URL
    urlsplit refuses, a NUL; each bad line was fatal for the rest of the file."""
    good = {"text": _article(), "outlet": "Town Crier", "url": "https://example.org/storm"}
    lines = [
        json.dumps(good),
        "[" * 100_000,
        '{"text": "A number.", "n": ' + "1" * 5000 + "}",
        json.dumps({"text": "Storm latest. " + REAL, "url": "https://[::1"}),
        json.dumps({"text": "Nul\u0000 bytes. " + REAL, "outlet": "Nul\u0000 Times"}),
        json.dumps(dict(good, url="https://example.org/storm-2")),
    ]
    return "deep_json.jsonl", ("\n".join(lines) + "\n").encode()


HOSTILE = {
    "unclosed marks": unclosed_marks,
    "mark runs": mark_runs,
    "apostrophe runs": apostrophe_runs,
    "20,000-space run": space_run,
    "1,000,000-char paragraph": long_paragraph,
    "quote-dense paragraph": dense_paragraph,
    "quote-dense lines": dense_lines,
    "JSON-LD <script page": jsonld_scripts,
    "deep JSON lines": deep_json,
}


NORMAL_ARTICLE_MAX = 100_000  # characters


def normal_like(name: str, data: bytes) -> list:
    """Ordinary input of the same format and total size, from the seed articles, as a list
    of (file name, bytes): one article, or several of NORMAL_ARTICLE_MAX characters when
    larger (a single normal article of a megabyte is slow for reasons of its own: the store
    recomputes the article's content hash for every quote)."""
    size = len(data.decode("utf-8"))
    stem, suffix = name.rsplit(".", 1)
    files = []
    for number, start in enumerate(range(0, size, NORMAL_ARTICLE_MAX)):
        part = min(NORMAL_ARTICLE_MAX, size - start)
        files.append((f"{stem}_normal_{number}.{suffix}", _normal_file(suffix, part, number)))
    return files


def _normal_file(suffix: str, size: int, number: int) -> bytes:
    first = f"Report number {number}."
    if suffix == "html":
        paragraphs, body, total = seed_paragraphs(), [f"<p>{first}</p>"], 0
        while total < size:
            for line in paragraphs:
                body.append(f"<p>{line}</p>")
                total += len(line) + 7
                if total >= size:
                    break
        page = "<html><head><title>Storm damage</title></head><body><article>" + "".join(body)
        return (page + "</article></body></html>").encode()
    if suffix == "jsonl":
        records, total = [], 0
        while total < size:
            line = json.dumps({"text": first + "\n" + normal_text(min(20_000, size)), "outlet": "Town Crier",
                               "url": f"https://example.org/{number}/{len(records)}"})
            records.append(line)
            total += len(line) + 1
        return ("\n".join(records) + "\n").encode()
    return (first + "\n" + normal_text(size)).encode()
