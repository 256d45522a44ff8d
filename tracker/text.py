"""Text in one shape for comparing and for ids: accents folded, apostrophes unified, slugs.

Every step that compares words across outlets (speaker names, utterances, copy detection,
outlet ids) goes through these, so "Assad’s" and "Assad's", "Pérez" and "Perez" are the
same words everywhere, and one rule changes in one place.
"""
import hashlib
import re
import unicodedata

# Typographic apostrophes and hyphens to their ASCII forms.
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "‑": "-"})

_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def unify_apostrophes(text: str) -> str:
    """’ ‘ ` ´ become ', the Unicode hyphens become -."""
    return (text or "").translate(APOSTROPHES)


# Letters that Unicode does not decompose into an ASCII base and an accent.
_UNDECOMPOSED = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O",
                               "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                               "þ": "th", "Þ": "TH", "ʼ": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'"})


def fold(text: str) -> str:
    """Lower case without accents: "Pérez" -> "perez", "Ḥasan" -> "hasan", and the letters
    with no decomposition too: "Kılınç" -> "kilinc", "Łukasz" -> "lukasz"."""
    if not text or text.isascii():  # most names: nothing to decompose or strip
        return (text or "").lower()
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    # each distinct character tested once: a whole article has few, and many thousand in all
    marks = {ord(c): None for c in set(text) if unicodedata.combining(c)}
    return (text.translate(marks) if marks else text).lower()


def words(text: str) -> list:
    """The words of a text, folded, apostrophes unified, punctuation dropped
    ("Assad’s" == "assad's")."""
    return _WORD_RE.findall(unify_apostrophes(fold(unicodedata.normalize("NFKC", text or ""))))


def slug(text: str, limit: int = 0) -> str:
    """"Sergei Lavrov" -> "sergei-lavrov"; over `limit` characters (when set) the tail
    becomes a short hash, so long names give short ids that still differ."""
    out = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if limit and len(out) > limit:
        out = out[: limit - 8].rstrip("-") + "-" + hashlib.sha1(out.encode()).hexdigest()[:7]
    return out


def scope_suffix(article_id) -> str:
    """The tail a speaker scoped to one article carries in its id ("-dev-a-01"): written by
    speakers.readable_id, read back by utterances to see a scoped speaker."""
    return "-" + (slug(str(article_id), 16) or "x")
