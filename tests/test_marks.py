"""Quote-mark pairing (tracker/extract/marks.py), checked on plain strings.

Every expected value below was worked out by hand from the text (offsets counted, marks
paired as a reader pairs them); the last two tests check the whole extraction on the two
mark problems that once slipped through: a stray opening mark and an unclosed straight mark.
"""
import pytest

from tracker.extract import extract_quotes
from tracker.extract.marks import MarkedQuote, find_in_paragraph, find_quotes, paragraphs


def quoted(text):
    """(content, opening mark, closing mark) of every top-level quote, in text order."""
    return [(q.text(text), q.open_mark, q.close_mark) for q in find_quotes(text)]


def contents(text):
    return [q.text(text) for q in find_quotes(text)]


# --- paragraphs ----------------------------------------------------------------------------


def test_one_paragraph_a_line_when_there_are_no_blank_lines():
    assert paragraphs("One.\nTwo.") == [(0, 4), (5, 9)]


def test_blank_lines_split_paragraphs_and_single_newlines_stay_inside():
    text = "One\nstill one.\n\n  Two.  \n\n\n"
    assert paragraphs(text) == [(0, 14), (18, 22)]
    assert [text[a:b] for a, b in paragraphs(text)] == ["One\nstill one.", "Two."]


def pieces(text):
    return [text[a:b] for a, b in paragraphs(text)]


def test_with_blank_lines_a_single_newline_breaks_after_a_sentence_end_or_before_a_mark():
    text = ("Intro line.\n\nWe asked shoppers.\u00a0\n\u201cBread. Only bread.\u201d\n\u2015 Ana Lee, 40\n\n"
            "Next voter said this.\nIt was late.\n\nThe end")
    assert pieces(text) == ["Intro line.", "We asked shoppers.", "\u201cBread. Only bread.\u201d",
                            "\u2015 Ana Lee, 40", "Next voter said this.", "It was late.", "The end"]


def test_with_blank_lines_a_line_wrapped_mid_sentence_stays_in_its_paragraph():
    text = "The council met on\nTuesday and voted, 5-2,\nto close the pool.\n\nDone."
    assert pieces(text) == ["The council met on\nTuesday and voted, 5-2,\nto close the pool.", "Done."]


def test_paragraphs_are_trimmed_and_empty_ones_dropped():
    assert paragraphs("  One.\n \t \nTwo. ") == [(2, 6), (11, 15)]
    assert paragraphs("") == []
    assert paragraphs("\n\n  \n") == []


# --- mark styles -------------------------------------------------------------------------

STYLES = [
    ("He said “yes” today.", [("yes", "“", "”")]),
    ("He said “yes“ today.", [("yes", "“", "“")]),  # sloppy: an opening shape closes
    ('He said "yes" today.', [("yes", '"', '"')]),
    ("He said ‘yes’ today.", [("yes", "‘", "’")]),
    ("He said 'yes' today.", [("yes", "'", "'")]),
    ("Er sagte „ja“ heute.", [("ja", "„", "“")]),
    ("Powiedział „tak” dziś.", [("tak", "„", "”")]),
    ("Il a dit «oui» hier.", [("oui", "«", "»")]),
    ("Il a dit « oui » hier.", [("oui", "«", "»")]),  # French spacing inside guillemets
    ("Er sagte »ja« heute.", [("ja", "»", "«")]),
    ("Er sagte ‚ja‘ heute.", [("ja", "‚", "‘")]),
    ("Er sagte ‚ja’ heute.", [("ja", "‚", "’")]),
    ("Il a dit ‹oui› hier.", [("oui", "‹", "›")]),
    ("Er sagte ›ja‹ heute.", [("ja", "›", "‹")]),
    ("He said ``yes'' today.", [("yes", "``", "''")]),
    ("He said ``yes” today.", [("yes", "``", "”")]),
    ("He said ''yes'' today.", [("yes", "''", "''")]),
]


@pytest.mark.parametrize("text, expected", STYLES, ids=[s[0] for s in STYLES])
def test_each_mark_style_pairs(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize("text, left_open", [
    ("He said “yes’ today.", [(9, None, "“", "")]),  # a double opening mark is not closed by a single one
    ("He said «yes« today.", [(9, None, "«", "")]),  # « is closed by », not by another «
    ('He said "yes\' today.', [(9, None, '"', "")]),  # a straight mark is closed only by itself
    ("He said ‘yes” today.", []),  # a single mark that never closes is dropped
    ("He said 'yes\" today.", []),
])
def test_a_mark_is_closed_only_by_its_partners(text, left_open):
    assert find_in_paragraph(text, 0, len(text)) == left_open


@pytest.mark.parametrize("text, expected", [
    ("He said 「yes」 today.", [("yes", "「", "」")]),
    ("He said 『yes』 today.", [("yes", "『", "』")]),
])
def test_corner_brackets_pair(text, expected):
    assert quoted(text) == expected


def test_offsets_are_inside_the_marks():
    text = "Intro.\nHe said “Stay home tonight,” and left."
    (quote,) = find_quotes(text)
    assert (quote.start, quote.end) == (16, 34)
    assert text[quote.start:quote.end] == "Stay home tonight,"
    assert quote.pieces == [(16, 34)] and quote.paragraph == 1 and quote.closed


def test_quotes_come_back_in_text_order_with_their_paragraphs():
    text = "“One,” said A.\nB said “two” and “three”.\n“Four.”"
    assert [(q.text(text), q.paragraph) for q in find_quotes(text)] == [
        ("One,", 0), ("two", 1), ("three", 1), ("Four.", 2)]


# --- what may open and close a quote -------------------------------------------------------


def test_apostrophes_are_never_quotes():
    assert quoted("The rebels’ advance didn’t stop; it’s the '90s and ‘80s all over.") == []
    assert quoted("It's the farmers' day, and Jo's.") == []


def test_an_apostrophe_inside_a_quote_does_not_close_it():
    assert contents("'It's a disgrace,' said MP Diane Abbott.") == ["It's a disgrace,"]
    assert contents("He said “the rebels’ plan failed” today.") == ["the rebels’ plan failed"]


def test_a_mark_inside_a_word_neither_opens_nor_closes():
    assert quoted("The a“b” test and x«y» too.") == []
    assert contents("He said “abc”def” today.") == ["abc”def"]


def test_what_may_stand_before_an_opening_mark():
    assert contents("(“Yes”)") == ["Yes"]
    assert contents("He said:“Yes” at once.") == ["Yes"]
    assert contents("He said—“Yes” at once.") == ["Yes"]
    assert contents("He said\u00a0“yes”.") == ["yes"]  # a no-break space is a space
    assert contents("“Yes,” he said.") == ["Yes,"]  # at the start of the text


def test_an_opening_mark_followed_by_a_space_does_not_open():
    assert quoted("He said “ yes” now.") == []
    assert quoted("He said “") == []  # the very last character
    assert quoted("He said ‘") == []


def test_a_closing_mark_after_a_space_does_not_close():
    # the ” after "yes " cannot close; the next one does
    assert contents("He said “yes ” now” today.") == ["yes ” now"]


def test_a_quote_may_close_at_the_very_end_of_the_text():
    assert contents("He said “yes”") == ["yes"]
    assert contents("He said 'yes'") == ["yes"]


def test_empty_quotes_are_dropped():
    assert quoted("Il a dit «  » hier.") == []
    assert quoted('He said "" nothing.') == []


# --- nesting -----------------------------------------------------------------------------


def test_a_quote_inside_a_quote_belongs_to_it():
    text = "He said “they told us ‘leave now’ and we left” today."
    assert quoted(text) == [("they told us ‘leave now’ and we left", "“", "”")]


def test_three_levels_of_nesting_are_one_quote():
    text = "He said “a ‘b «c» b’ a” today."
    assert quoted(text) == [("a ‘b «c» b’ a", "“", "”")]


# --- a plural's apostrophe inside single quotes ---------------------------------------------


def test_a_plural_possessive_does_not_close_a_single_quote():
    assert contents("She said ‘the tenants’ deposits were spent’ on holidays.") == [
        "the tenants’ deposits were spent"]
    assert contents("She said 'the tenants' deposits were spent' on holidays.") == [
        "the tenants' deposits were spent"]
    assert contents("She said ‘the BOSS’ bonus was cut’ in May.") == ["the BOSS’ bonus was cut"]


def test_a_plural_at_the_end_of_a_quote_still_closes_it():
    # the next word is one that follows a closing mark
    assert contents("Fans chanted ‘beat the Wolves’ and sang ‘we are the champions’ all night.") == [
        "beat the Wolves", "we are the champions"]
    # the next word is capitalised: a name, not the possessed thing
    assert contents("He shouted ‘go Wolves’ Sunday and ‘go Bears’ today.") == ["go Wolves", "go Bears"]
    # no later mark could close the quote
    assert contents("She said ‘pay the tenants’ deposits back.") == ["pay the tenants"]
    # a later mark of another shape cannot close it either
    assert contents("She said ‘pay the tenants’ deposits back' now.") == ["pay the tenants"]


# --- marks that find no partner ------------------------------------------------------------


def test_a_stray_opening_mark_is_dropped_and_the_paragraph_read_again():
    text = "The sign read 'Closed. Later, Mayor Ann Lee said: “We will rebuild the bridge.”"
    assert quoted(text) == [("We will rebuild the bridge.", "“", "”")]
    text = "The sign read ‘Closed. Later, Mayor Ann Lee said: “We will rebuild the bridge.”"
    assert quoted(text) == [("We will rebuild the bridge.", "“", "”")]


def test_a_stray_mark_inside_a_quote_does_not_keep_it_open():
    # the ' after "said" never closes: dropped, the ” closes the quote it belongs to
    text = "“We said 'no,” she told us. “Then we left.”"
    assert quoted(text) == [("We said 'no,", "“", "”"), ("Then we left.", "“", "”")]


def test_a_stray_mark_inside_an_open_quote_is_dropped_before_it_continues():
    text = "“We said 'no to the plan,\n“and we still say it.”"
    (quote,) = find_quotes(text)
    assert quote.text(text) == "We said 'no to the plan,\nand we still say it."
    assert quote.closed and len(quote.pieces) == 2


def test_a_lone_closing_mark_is_ignored():
    assert quoted("A stray ” mark, then “a real one”.") == [("a real one", "“", "”")]


def test_find_in_paragraph_reports_an_open_quote_with_no_end():
    text = "He said “this goes on"
    assert find_in_paragraph(text, 0, len(text)) == [(9, None, "“", "")]
    text = "He said ‘this goes on"  # single marks do not run on: nothing is left open
    assert find_in_paragraph(text, 0, len(text)) == []


# --- quotes over several paragraphs ---------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("“First part of it\n“second part.”", "First part of it\nsecond part."),
    ("“First part of it\n\"second part.\"", "First part of it\nsecond part."),
    ("„Erster Teil davon\n„zweiter Teil.“", "Erster Teil davon\nzweiter Teil."),
    ("«Première partie\n«deuxième partie.»", "Première partie\ndeuxième partie."),
    ("»Erster Teil davon\n»zweiter Teil.«", "Erster Teil davon\nzweiter Teil."),
    ("``First part of it\n``second part.''", "First part of it\nsecond part."),
    ('"First part of it\n"second part."', "First part of it\nsecond part."),
    ("“One.\n“Two.\n“Three.”", "One.\nTwo.\nThree."),
])
def test_a_quote_left_open_continues_in_a_paragraph_opening_with_a_mark(text, expected):
    (quote,) = find_quotes(text)
    assert quote.text(text) == expected
    assert quote.closed and quote.paragraph == 0
    assert quote.end == len(text) - len(quote.close_mark)
    assert quote.start == len(quote.open_mark)


def test_a_continued_quote_is_followed_by_the_other_quotes_of_its_last_paragraph():
    text = "“First part of it\n“second part,” she said, “and more.”"
    assert contents(text) == ["First part of it\nsecond part,", "and more."]


def test_a_paragraph_whose_first_quote_starts_later_does_not_continue_it():
    text = "“We will rebuild the bridge\nHe added: “and the road.”"
    first, second = find_quotes(text)
    assert first.text(text) == "We will rebuild the bridge" and not first.closed
    assert (first.start, first.end) == (1, 27)
    assert second.text(text) == "and the road." and second.closed


@pytest.mark.parametrize("text,expected", [
    ('\u201cWe flooded twice," she said.', [("We flooded twice,", "\u201c", '"')]),
    ('"Every time, someone comes.\u201d Then "more."', [("Every time, someone comes.", '"', "\u201d"), ("more.", '"', '"')]),
    ('\u201cHe told me "no" twice,\u201d she said.', [('He told me "no" twice,', "\u201c", "\u201d")]),
])
def test_mixed_curly_and_straight_double_marks_pair(text, expected):
    assert quoted(text) == expected


def test_single_marks_do_not_run_on():
    text = "‘First part of it\n‘second part.’"
    assert contents(text) == ["second part."]


# --- unclosed quotes: kept only when they look like speech ----------------------------------


@pytest.mark.parametrize("mark", ["“", "„", "«", "``"])
def test_an_unclosed_curly_quote_of_several_words_is_kept_to_the_paragraph_end(mark):
    text = f"She said {mark}the bridge will be rebuilt soon\nThe council agreed."
    (quote,) = find_quotes(text)
    assert quote.text(text) == "the bridge will be rebuilt soon"
    assert not quote.closed and quote.close_mark == ""
    assert quote.end == text.index("\n")


def test_an_unclosed_quote_at_the_end_of_the_text_is_kept_too():
    text = "The council met.\nShe said “the bridge will be rebuilt soon"
    (quote,) = find_quotes(text)
    assert (quote.start, quote.end) == (27, len(text))
    assert not quote.closed


def test_four_words_are_enough_three_are_not():
    assert contents("She said “we will rebuild it\nEnd.") == ["we will rebuild it"]
    assert contents("She said “we will rebuild\nEnd.") == []


@pytest.mark.parametrize("text", [
    'She said "the bridge will be rebuilt before the winter comes\nThe council agreed.',
    'The council met.\nShe said "the bridge will be rebuilt before the winter comes',
    "She said ‘the bridge will be rebuilt before the winter comes\nThe council agreed.",
    "She said 'the bridge will be rebuilt before the winter comes\nThe council agreed.",
    "She said »the bridge will be rebuilt before the winter comes\nThe council agreed.",
])
def test_an_unclosed_straight_or_single_mark_is_not_a_paragraph_long_quote(text):
    assert find_quotes(text) == []


def test_a_quote_that_ran_over_paragraphs_and_never_closed_is_dropped():
    assert find_quotes("“First part of it\n“second part of it\nThe end.") == []
    assert find_quotes("“First part of it\n“second part of it") == []


# --- a quote that is the whole paragraph -----------------------------------------------------


@pytest.mark.parametrize("text, standalone", [
    ("“We will win.”", True),
    ("“We will win”.", True),  # one character after the closing mark
    ("Intro.\n“We will win.”\nOutro.", True),
    ("“We will win”, he said.", False),
    ("He said “we will win.”", False),
    ("``We will win.''", True),
])
def test_standalone_is_a_quote_filling_its_paragraph(text, standalone):
    (quote,) = find_quotes(text)
    assert quote.standalone is standalone


def test_marked_quote_text_joins_its_pieces_by_newlines():
    quote = MarkedQuote(start=0, end=9, open_mark="“", close_mark="”", paragraph=0,
                        pieces=[(1, 4), (6, 9)])
    assert quote.text("“abc\n“def”") == "abc\ndef"


# --- the whole extraction on the two cases that once passed every test ---------------------


def test_a_stray_opening_mark_does_not_hide_the_quote_after_it():
    text = "The sign read 'Closed. Later, Mayor Ann Lee said: “We will rebuild the bridge.”"
    (quote,) = extract_quotes(text)
    assert quote.text == "We will rebuild the bridge."
    assert (quote.start, quote.end) == (51, 78)  # inside “…”: 14+9+7+6+4+4+6 = 50 is the mark
    assert text[quote.start:quote.end] == quote.text
    assert quote.speaker == "Ann Lee"
    assert quote.cue == "said" and quote.kind == "full"


def test_an_unclosed_straight_mark_extracts_nothing():
    assert extract_quotes(
        'Mayor Ann Lee spoke at noon.\nShe said "the bridge will be rebuilt before the winter comes') == []
    assert extract_quotes(
        'She said "the bridge will be rebuilt before the winter comes\nThe council agreed.') == []
    # the same sentence with a curly mark is speech cut off by a missing mark: kept
    (quote,) = extract_quotes(
        "Mayor Ann Lee spoke at noon.\nShe said “the bridge will be rebuilt before the winter comes")
    assert quote.text.startswith("the bridge will be rebuilt") and quote.speaker == "Ann Lee"
