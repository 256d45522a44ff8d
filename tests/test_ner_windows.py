"""The fast path runs the entity recognizer only around the capitalised words outside quotes
(plus a margin): the entities the rules read are the ones a whole-paragraph pass finds."""
import json
from pathlib import Path

from tracker.extract import component, extract_many, load_model

DATA = Path(__file__).parent / "data"

PARAGRAPH = ("“We have rebuilt the bridge in Springfield, and the people of Ohio will cross it by "
             "Christmas, as the governor promised in March,” said Mayor Jane Doe of Springfield.")


def _quoted(text):
    return [(text.index("“") + 1, text.index("”"))]


def test_windows_hold_the_capitalised_words_outside_quotes_and_a_margin():
    nlp = load_model()
    doc = nlp.make_doc(PARAGRAPH)
    windows = component._ner_windows(doc, _quoted(PARAGRAPH))
    covered = {i for s, e in windows for i in range(s, e)}
    a, b = _quoted(PARAGRAPH)[0]
    capitalised_outside = {t.i for t in doc if not a <= t.idx < b and t.text != t.lower_}
    assert capitalised_outside <= covered
    assert {i for i in covered if a <= doc[i].idx < b} <= set(range(len(doc) - 12, len(doc)))  # the margin
    assert "Ohio" not in {doc[i].text for i in covered}


def test_lowercase_narration_far_from_any_name_is_left_out():
    nlp = load_model()
    text = ("Police said on Monday that the bridge had been closed for repairs since the storm and "
            "that traffic would be sent through the old town for at least another three weeks.")
    doc = nlp.make_doc(text)
    covered = {i for s, e in component._ner_windows(doc, []) for i in range(s, e)}
    assert {doc[i].text for i in covered} >= {"Police", "Monday"}
    assert "weeks" not in {doc[i].text for i in covered}


def test_a_paragraph_of_names_is_one_whole_window():
    nlp = load_model()
    doc = nlp.make_doc("Mayor Jane Doe opened the bridge on Monday.")
    assert component._ner_windows(doc, []) == [(0, len(doc))]


def test_names_outside_the_quote_are_recognized_and_the_quoted_ones_not():
    nlp = load_model()
    [doc] = component._parse_paragraphs(nlp, [PARAGRAPH], [_quoted(PARAGRAPH)], 8, ["quote_attribution"])
    whole = nlp(PARAGRAPH)
    a, b = _quoted(PARAGRAPH)[0]
    def outside(d):
        return [(e.start_char, e.end_char, e.label_) for e in d.ents if not a <= e.start_char < b]
    assert outside(whole) and outside(doc) == outside(whole)
    assert "Ohio" not in {e.text for e in doc.ents}  # deep inside the quote: not recognized
    assert [t.dep_ for t in doc] == [t.dep_ for t in whole]  # the parse is the whole paragraph's


def test_fast_path_quotes_equal_those_with_whole_paragraph_entities(monkeypatch):
    nlp = load_model()
    texts = [json.loads(line)["text"] for line in open(DATA / "dev_news_a.jsonl", encoding="utf-8")]
    windowed = list(extract_many(texts, nlp))

    def whole(nlp, inputs, quoted, batch_size, disable):
        return list(nlp.pipe(inputs, batch_size=batch_size, disable=disable))
    monkeypatch.setattr(component, "_parse_paragraphs", whole)
    assert list(extract_many(texts, nlp)) == windowed
