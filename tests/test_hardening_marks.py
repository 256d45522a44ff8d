"""Quote-mark pairing without recursion: the same stretches as the recursive version it
replaced wherever that one finishes, and an end (no RecursionError) where it did not."""
import random

from adversarial import hostile
from tracker.extract import marks


def reference_find_in_paragraph(text, start, end, ignore=frozenset()):
    """find_in_paragraph as it was: every dropped mark re-reads the paragraph, by recursion."""
    found = []
    stack = []
    for i, mark in marks._find_marks(text, start, end):
        if i in ignore:
            continue
        width = len(mark)
        if stack:
            open_mark = stack[-1][0]
            if marks._closes(open_mark, mark) and marks._can_close(text, i + width - 1, end):
                if marks._plural_possessive(text, i, end, mark):
                    continue
                _, _, content_start = stack.pop()
                if not stack:
                    found.append((content_start, i, open_mark, mark))
                continue
            if open_mark in (marks.STRAIGHT_DOUBLE, marks.STRAIGHT_SINGLE) and mark == open_mark:
                continue
            if mark in ("'", "’") and marks._is_word(text[i - 1:i]):
                continue
            if len(stack) < 3 and marks._opens(text, i, mark, start):
                stack.append((mark, i, i + width))
            continue
        if marks._opens(text, i, mark, start):
            stack.append((mark, i, i + width))
    if stack:
        open_mark, mark_index, content_start = stack[0]
        if open_mark in marks.CONTINUABLE and len(stack) == 1:
            found.append((content_start, None, open_mark, ""))
        else:
            return reference_find_in_paragraph(text, start, end, ignore | {stack[-1][1]})
    return found


PIECES = list("“”‘’\"'«»„‚‹›`") + ["``", "''", " ", " ", " ", "a", "s", "1", ",", ".", "—", "(",
                                   " it’s ", "s’ savings", " the rebels’ ", "'90s"]


def mark_dense_text(rng, low, high):
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(low, high)))


def test_pairing_gives_the_same_stretches_as_the_recursive_version():
    """Identical results: thousands of short mark-dense paragraphs, where the reference
    finishes (each drops up to dozens of marks)."""
    rng = random.Random(1207)
    for _ in range(3000):
        text = mark_dense_text(rng, 1, 120)
        assert marks.find_in_paragraph(text, 0, len(text)) == reference_find_in_paragraph(text, 0, len(text)), text
        for a, b in marks.paragraphs(text):
            assert marks.find_in_paragraph(text, a, b) == reference_find_in_paragraph(text, a, b), text


def test_many_unclosed_marks_neither_recurse_nor_lose_the_paragraph():
    """3,000 marks that never close: the recursive version hit RecursionError (and took
    minutes before that); the pairing ends, and the stretches it finds are well formed."""
    _, data = hostile.unclosed_marks()
    text = data.decode()
    spans = marks.paragraphs(text)
    a, b = max(spans, key=lambda s: s[1] - s[0])
    found = marks.find_in_paragraph(text, a, b)
    assert all(a <= s < e <= b for s, e, _, _ in found if e is not None)
    quotes = marks.find_quotes(text)
    assert [text[q.start:q.end] for q in quotes][-1] == hostile.REAL_QUOTE


def test_beyond_the_budget_the_rest_is_paired_in_one_pass(monkeypatch):
    """A tiny budget forces _pair_linear: what it finds is well formed and starts where the
    exact pairing stopped (the stretches before the first unclosed mark are kept)."""
    monkeypatch.setattr(marks, "PAIRING_BUDGET", -10**9)
    text = "“One,” he said. “two “three ‘four” and «five» end"
    found = marks.find_in_paragraph(text, 0, len(text))
    assert found[0] == (1, 5, "“", "”")
    assert all(text[s - len(o):s] == o and text[e:e + len(c)] == c for s, e, o, c in found)
