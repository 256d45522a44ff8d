"""guess_gender: role words first, then the first name in the shipped public-domain list."""
from tracker.extract.gender import first_names, guess_gender


def test_first_names_from_the_shipped_list():
    assert guess_gender("Priya Raman") == "female"
    assert guess_gender("Daniel Osei") == "male"
    assert guess_gender("Marian Holt") == "female"


def test_accents_are_folded():
    assert guess_gender("José Ruiz") == "male"
    assert guess_gender("Lucía Ortega") == "female"


def test_role_words_win_over_the_first_name():
    assert guess_gender("Daniel Osei", "spokeswoman Daniel Osei") == "female"
    assert guess_gender("Priya Raman", "Mr Priya Raman") == "male"


def test_no_guess_without_a_known_first_name():
    assert guess_gender("Raman") is None  # a surname alone
    assert guess_gender("Zxqv Raman") is None  # not in the list
    assert guess_gender("chief minister") is None  # not a name
    assert guess_gender("INDONESIA GOVERNOR") is None  # a dateline


def test_list_cites_its_source_and_is_not_tiny():
    from importlib import resources
    header = resources.files("tracker.extract").joinpath("data", "first_names.tsv").read_text("utf-8")[:400]
    assert "Social Security Administration" in header and "public" in header
    assert len(first_names()) > 10000
