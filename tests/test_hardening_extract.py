"""What spaCy is given is bounded (long runs without spaces broken, over-long paragraphs not
parsed), and hostile articles keep their real quote. The inputs are those of
bench/adversarial.py (tests/adversarial/hostile.py): the bench times them, these tests
check that what comes out is correct and complete."""
import pytest

from adversarial import hostile
from tracker.articles import Article, read_bytes
from tracker.extract import component, extract_many, extract_quotes


@pytest.fixture(scope="module")
def nlp():
    from tracker.extract.model import load_model

    return load_model()


def test_parse_text_keeps_length_and_bounds_tokens():
    for n in (1, 99, 100, 101, 199, 200, 201, 5000):
        text = "Intro “" + "\u2019s" * n + " end"
        parsed = component.parse_text(text, 0, len(text))
        assert len(parsed) == len(text)  # offsets into the article stay valid
        assert max(len(run) for run in parsed.split()) <= component.MAX_TOKEN_CHARS
        assert parsed.startswith("Intro “\u2019s") and parsed.endswith(" end")
        assert len(parsed.split()) == 3  # the run is one token, its tail blank
    assert component.parse_text("x" * (component.MAX_PARSE_CHARS + 1), 0, component.MAX_PARSE_CHARS + 1) is None


class Spy:
    """An nlp that records every text it is given (pipe or call), and each nlp.pipe's texts
    apart in pipes, and parses them."""

    def __init__(self, nlp):
        self.nlp, self.texts, self.pipes = nlp, [], []
        self.pipe_names = nlp.pipe_names

    def pipe(self, texts, **kw):
        texts = list(texts)
        self.texts.extend(texts)
        self.pipes.append(texts)
        return self.nlp.pipe(texts, **kw)

    def __call__(self, text):
        self.texts.append(text)
        return self.nlp(text)

    def select_pipes(self, **kw):
        return self.nlp.select_pipes(**kw)


@pytest.mark.parametrize("build", [hostile.mark_runs, hostile.apostrophe_runs, hostile.long_paragraph,
                                   hostile.space_run])
def test_spacy_is_given_bounded_paragraphs_and_the_article_survives(nlp, build):
    """Runs of marks reach the tokenizer broken into short tokens; a paragraph over
    MAX_PARSE_CHARS is not parsed (spaCy's E088 used to drop the whole article); the real
    quote after them is attributed as it is on its own."""
    _, data = build()
    text = data.decode()
    spy = Spy(nlp)
    [quotes] = list(extract_many([text], spy))
    assert spy.texts and max(len(t) for t in spy.texts) <= component.MAX_PARSE_CHARS
    assert max(len(run) for t in spy.texts for run in t.split()) <= component.MAX_TOKEN_CHARS
    for q in quotes:
        assert text[q.start:q.end] == q.text
    real = [q for q in quotes if q.text == hostile.REAL_QUOTE]
    assert len(real) == 1 and real[0].speaker == hostile.REAL_SPEAKER and real[0].cue == "said"


@pytest.mark.parametrize("build", [hostile.unclosed_marks, hostile.jsonld_scripts])
def test_hostile_articles_are_read_and_their_real_quote_found(nlp, build):
    name, data = build()
    [article] = list(read_bytes(data, name, name=name))
    assert isinstance(article, Article), str(article)
    quotes = extract_quotes(article.text, nlp)
    assert all(article.text[q.start:q.end] == q.text for q in quotes)
    real = [q for q in quotes if q.text == hostile.REAL_QUOTE]
    assert len(real) == 1 and real[0].speaker == hostile.REAL_SPEAKER


def test_quote_tokens_and_quoted_positions_by_bisection_match_a_scan(nlp):
    """cues.tokens_of_quote and resolution._in_any answer what a scan of the paragraph
    answered (the scan, once per quote, was quadratic in a paragraph of many quotes)."""
    from tracker.extract import marks
    from tracker.extract.cues import tokens_of_quote
    from tracker.extract.mentions import Paragraph
    from tracker.extract.resolution import _in_any

    _, data = hostile.dense_paragraph()
    text = data.decode()[:5000]
    start, end = marks.paragraphs(text)[1]
    par = Paragraph(1, start, end, nlp(text[start:end]), start)
    quoted = [(q.start, q.end) for q in marks.find_quotes(text)]
    assert len(quoted) > 50
    inside = _in_any(quoted + [(start + 3, start + 9), (start + 5, start + 7)])  # overlaps too
    for token in par.span:
        pos = par.pos(token)
        assert inside(pos) == any(a <= pos < b for a, b in quoted + [(start + 3, start + 9), (start + 5, start + 7)])
    for q in marks.find_quotes(text):
        if start <= q.start < end:
            lo, hi = q.start - len(q.open_mark), q.end + len(q.close_mark)
            assert [t.i for t in tokens_of_quote(par, q)] == [t.i for t in par.span if lo <= par.pos(t) < hi]


def test_a_crowded_paragraph_has_its_quotes_left_out_and_the_rest_is_kept(nlp):
    sentence = "\u201cThe water rose fast,\u201d a resident said as the river broke its banks. "
    for count, kept in ((component.MAX_QUOTES_PER_PARAGRAPH, True), (component.MAX_QUOTES_PER_PARAGRAPH + 1, False)):
        text = "\n".join([hostile.INTRO, (sentence * count).strip(), hostile.REAL])
        quotes = extract_quotes(text, nlp)
        assert all(text[q.start:q.end] == q.text for q in quotes)
        water = [q for q in quotes if q.text == "The water rose fast,"]
        assert len(water) == (count if kept else 0) and all(q.cue == "said" for q in water)
        assert [q.speaker for q in quotes if q.text == hostile.REAL_QUOTE] == [hostile.REAL_SPEAKER]


def test_marks_around_no_word_are_not_quotes_and_not_parsed(nlp):
    text = "Intro, with ‘!’ and “…” in it.\n" + hostile.REAL
    spy = Spy(nlp)
    [quotes] = list(extract_many([text], spy))
    assert [q.text for q in quotes] == [hostile.REAL_QUOTE]
    assert spy.texts == [hostile.REAL]


def test_strip_possessive_is_the_pattern_it_replaced():
    import random
    import re

    from tracker.extract.mentions import strip_possessive

    rng = random.Random(5)
    for _ in range(20000):
        words = "".join(rng.choice("ab ’'s\n\t\u00a0S") for _ in range(rng.randint(0, 12)))
        assert strip_possessive(words) == re.sub(r"\s*['’]s?$", "", words).strip(), repr(words)
