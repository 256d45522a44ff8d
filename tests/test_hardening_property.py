"""Property: on random and adversarial text (marks of every style, apostrophes, newlines,
long runs) the extractor never raises and every quote's offsets give its text exactly.
A few dozen examples (the extractor runs spaCy); timing belongs to bench/adversarial.py."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.extract import extract_quotes


@pytest.fixture(scope="module")
def nlp():
    from tracker.extract.model import load_model

    return load_model()


MARKS = "“”‘’\"'«»„‚‹›「」`"
WORDS = ["said", "Mayor", "Jane", "Doe", "it’s", "rebels’", "'90s", "we", "will", "the", "told",
         "reporters", "He", "she", "“We", "go,”", "—", "(", ")", ".", ",", ":", "\n", "\n\n", "’s"]
text_strategy = st.one_of(
    st.text(alphabet=st.sampled_from(list(MARKS) + list(" \n.,aAs")), max_size=300),
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(list(MARKS))), max_size=120).map(" ".join),
    st.lists(st.sampled_from(WORDS + list(MARKS)), max_size=200).map("".join),
    st.tuples(st.sampled_from(list(MARKS) + ["“‘", "’s", "``", "''"]), st.integers(1, 400),
              st.sampled_from(WORDS)).map(lambda t: f"Intro. {t[0] * t[1]} {t[2]} “Real words here,” Doe said."),
    st.text(max_size=200),
)


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=text_strategy)
def test_extractor_never_raises_and_offsets_are_exact(nlp, text):
    for q in extract_quotes(text, nlp):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.kind in ("full", "fragment")
