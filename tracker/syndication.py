"""Recognising one wire story republished by several outlets with small edits.

Pure functions over word 5-gram shingles. Two texts are compared by containment: the share
of the shorter text's shingles found in the longer one. Containment rather than Jaccard
because outlets cut wire copy: a version that runs the first half of the story verbatim is
still the same story, though Jaccard would call it half-similar.

Threshold (0.5): every edited word removes up to five shingles. Measured on seed 003 (an
AFP story, 1,100 words): 30 scattered word edits leave 0.86 of its shingles, one edit every
12 words still 0.60, one every 8 words 0.41 (by then it is a rewrite). Independent reports
of the same event share names, places and the same quoted sentences, but seldom five words
in a row outside the quotes: the four seed articles (Reuters/AFP, AP, AFP-based Hindustan
Times, INQUIRER) score at most 0.04 against each other, and an independent report built to
share three quotes with a wire story scores 0.14. 0.5 sits well clear of both. Texts under
MIN_SHINGLES shingles (about 25 words) are never called syndicated: one shared quote would
dominate them.
"""
import hashlib
from typing import Dict, Iterable, List, Optional, Set, Tuple, Union

from tracker.text import words

SHINGLE_WORDS = 5
THRESHOLD = 0.5
MIN_SHINGLES = 20

def shingles(text: str, size: int = SHINGLE_WORDS) -> Set[str]:
    """The set of `size`-word runs of the text."""
    tokens = words(text)
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def containment(a: Set[str], b: Set[str]) -> float:
    """Share of the smaller set found in the other: 1.0 when one text contains the other."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def find_syndicated(new_article_text: str, existing: Iterable[Tuple[str, Union[str, Set[str]]]],
                    threshold: float = THRESHOLD,
                    new_shingles: Optional[Set[str]] = None) -> List[Tuple[str, float]]:
    """(article_id, similarity) for every existing article that runs the same story.

    `existing` yields (article_id, text) pairs; a precomputed shingles() set may stand in
    for the text when comparing against many articles, and new_shingles for the new
    text's (the ingest path has them already). Best matches first.
    """
    new = shingles(new_article_text) if new_shingles is None else new_shingles
    if len(new) < MIN_SHINGLES:
        return []
    found = []
    for article_id, other in existing:
        other_shingles = other if isinstance(other, (set, frozenset)) else shingles(other or "")
        if len(other_shingles) < MIN_SHINGLES:
            continue
        score = containment(new, other_shingles)
        if score >= threshold:
            found.append((article_id, round(score, 3)))
    return sorted(found, key=lambda pair: (-pair[1], str(pair[0])))


# --- the stored index: which articles to compare a new one with -------------------------
#
# Comparing a new article with every stored one costs more with each article stored. The
# index keeps, per article, a sample of its shingle hashes in SQLite (store.py's
# syndication_shingles), so the candidates come from indexed look-ups and only they are
# compared exactly with containment() above.
#
# Why a fixed-rate sample (a hash kept when hash % SAMPLE_EVERY == 0, Broder's "mod-m"
# sketch) rather than MinHash bands: MinHash estimates Jaccard, and a wire copy cut to half
# the story has Jaccard 0.5 with containment 1.0, a half-rewritten one Jaccard near 0.2. A
# fixed-rate sample keeps the same shingles in every text, so the shingles two texts share
# are sampled alike whatever their lengths: a pair at containment 0.5 over 500 shingles
# shares about 31 samples, and misses all of them with probability (7/8)^250, nil. Short
# texts (under SHORT_TEXT shingles) keep every shingle, so a short copy is found too.
# A hash kept for POSTING_CAP articles (boilerplate such as "said in a statement on") is
# not kept for more: the first articles holding it, the originals, stay findable, and a
# look-up reads at most POSTING_CAP rows per hash however large the archive grows.

SAMPLE_EVERY = 8
SHORT_TEXT = 160
POSTING_CAP = 50
CANDIDATES = 8


def shingle_hash(shingle: str) -> int:
    """A signed 64-bit hash of one shingle (SQLite's INTEGER), the same in every process."""
    digest = hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def hashes(shingle_set: Set[str]) -> Set[int]:
    return {shingle_hash(s) for s in shingle_set}


def sketch(shingle_hashes: Set[int]) -> List[int]:
    """The hashes to store for one article: a fixed-rate sample, or all of a short text's."""
    if len(shingle_hashes) < MIN_SHINGLES:
        return []  # never called syndicated either way
    if len(shingle_hashes) < SHORT_TEXT:
        return sorted(shingle_hashes)
    return sorted(h for h in shingle_hashes if h % SAMPLE_EVERY == 0)


def sampled(shingle_hashes: Set[int]) -> Set[int]:
    """The hashes every stored text keeps, long or short."""
    return {h for h in shingle_hashes if h % SAMPLE_EVERY == 0}


def likely_copies(sampled_hits: Dict[str, int], other_hits: Dict[str, int],
                  new_size: int) -> List[str]:
    """Stored article ids worth an exact comparison, most shingles shared first.

    sampled_hits counts, per stored article, the new text's sampled hashes it holds;
    other_hits the rest, which only short stored texts keep. So shared shingles are about
    all hits for a short stored text and SAMPLE_EVERY per sampled hit for a long one. At
    least two hits are needed, one sampled hit for a short new text (it has few to share).
    """
    estimates = {}
    for article_id in set(sampled_hits) | set(other_hits):
        s, o = sampled_hits.get(article_id, 0), other_hits.get(article_id, 0)
        if s + o >= 2 or (s and new_size < SHORT_TEXT):
            estimates[article_id] = s + o if o else s * SAMPLE_EVERY
    ranked = sorted(estimates.items(), key=lambda pair: (-pair[1], pair[0]))
    return [article_id for article_id, _ in ranked][:CANDIDATES]
