"""A person's likely gender, so that "he" and "she" resolve to someone who fits.

From the words around the name first (Mrs, spokeswoman), then from the first name, looked up
in data/first_names.tsv: a list shipped with the package and derived from the US Social
Security Administration's baby-name counts (public domain; see tools/build_first_names.py).
"""
import re
from functools import lru_cache
from importlib import resources
from typing import Optional

from tracker.lexicon import FEMALE_WORDS, MALE_WORDS
from tracker.text import fold

GENDERS = {"F": "female", "M": "male"}


@lru_cache(maxsize=1)
def first_names() -> dict:
    """{folded first name: "female" | "male"}, read once from the shipped list."""
    text = resources.files(__package__).joinpath("data", "first_names.tsv").read_text("utf-8")
    names = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, sex = line.split("\t")
            names[name] = GENDERS[sex]
    return names


def guess_gender(name: str, mention: str = "") -> Optional[str]:
    """From the words around the name (Mrs, spokeswoman), else the first name of a full name."""
    words = set(re.findall(r"[a-z]+", f"{mention} {name}".lower()))
    if words & FEMALE_WORDS and not words & MALE_WORDS:
        return "female"
    if words & MALE_WORDS and not words & FEMALE_WORDS:
        return "male"
    parts = name.split()
    if len(parts) < 2 or not looks_like_a_name(parts[0]):
        return None
    return first_names().get(fold(parts[0]))


def looks_like_a_name(word: str) -> bool:
    """Capitalised, not a lower-case word ("chief minister") nor a capitals dateline."""
    return word[:1].isupper() and not word.isupper()
