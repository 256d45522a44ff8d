"""Splits of one person into several speakers, by cause, and the traps each fix must keep."""
from tracker.speakers import SpeakerRegistry


def test_pronoun_mention_makes_a_tagged_organisation_a_person():
    # the tagger read a surname as a company; the article calls the speaker "he"
    reg = SpeakerRegistry()
    out = reg.resolve_article([
        {"name": "Anton Verlaine", "kind": "person", "mention": "Deputy Minister Anton Verlaine"},
        {"name": "Verlaine", "kind": "organization", "mention": "he"},
    ], "art-1")
    assert out[0][0] == out[1][0]
    assert reg.speakers[out[0][0]].kind == "person"


def test_organisation_referred_to_as_it_stays_an_organisation():
    reg = SpeakerRegistry()
    out = reg.resolve_article([
        {"name": "Anton Verlaine", "kind": "person", "mention": "Anton Verlaine"},
        {"name": "Verlaine", "kind": "organization", "mention": "it"},
    ], "art-1")
    assert out[0][0] != out[1][0]
    assert reg.speakers[out[1][0]].kind == "organization"


def test_compound_given_name_in_one_word_or_two_is_one_person():
    reg = SpeakerRegistry()
    a = reg.resolve("Mohammadreza Tabrizizadeh", article_id="a")[0]
    b = reg.resolve("Muhammad Reza Tabrizizade", article_id="b")[0]
    assert reg.current_id(a) == b  # renamed to the spelling with more name words


def test_joined_given_names_need_the_same_family_name_and_the_same_parts():
    reg = SpeakerRegistry()
    a = reg.resolve("Mohammadreza Tabrizizadeh", article_id="a")[0]
    assert reg.resolve("Muhammad Reza Rahimi", article_id="b")[0] != a  # another family
    assert reg.resolve("Muhammad Ali Tabrizizadeh", article_id="c")[0] != a  # another given name
    assert reg.resolve("Ali Reza Tabrizizadeh", article_id="d")[0] != a


def test_wade_giles_given_name_joins_its_pinyin_spelling_in_any_order():
    for first, second in (("Wang Chen-hua", "Wang Zhenhua"), ("Wang Zhenhua", "Wang Chen-hua")):
        reg = SpeakerRegistry()
        a = reg.resolve(first, article_id="a")[0]
        b = reg.resolve(second, article_id="b")[0]
        assert reg.current_id(a) == reg.current_id(b)


def test_ambiguous_chinese_reading_with_two_candidates_takes_the_spelling_as_written():
    # "Chen-hua" reads as pinyin Chenhua or as Wade-Giles for Zhenhua: both are known, so
    # the Wade-Giles reading proves nothing and the name stays with the one spelt alike
    reg = SpeakerRegistry()
    a = reg.resolve("Wang Zhenhua", article_id="a")[0]
    b = reg.resolve("Wang Chenhua", article_id="b")[0]
    assert a != b
    c = reg.resolve("Wang Chen-hua", article_id="c")[0]
    assert c == b and c != a


def test_one_word_organisation_equal_to_the_surname_named_in_the_article_is_that_person():
    reg = SpeakerRegistry()
    out = reg.resolve_article([
        {"name": "Lucia Marbellez", "kind": "person", "mention": "Economy Secretary Lucia Marbellez"},
        {"name": "Marbellez", "kind": "organization", "mention": "Marbellez"},
    ], "art-1")
    assert out[0][0] == out[1][0]


def test_surname_read_as_organisation_stays_apart_when_ambiguous_or_a_known_body():
    # two people of that surname in the article: no one in particular
    reg = SpeakerRegistry()
    out = reg.resolve_article([
        {"name": "Lucia Marbellez", "kind": "person"},
        {"name": "Tomas Marbellez", "kind": "person"},
        {"name": "Marbellez", "kind": "organization", "mention": "Marbellez"},
    ], "art-1")
    assert out[2][0] not in (out[0][0], out[1][0])
    # a body known by that word alone is that body, not the person who shares the word
    reg = SpeakerRegistry()
    body = reg.resolve("Corvalis", "organization", article_id="art-0")[0]
    out = reg.resolve_article([
        {"name": "Lucia Corvalis", "kind": "person"},
        {"name": "Corvalis", "kind": "organization", "mention": "Corvalis"},
    ], "art-1")
    assert out[1][0] == body != out[0][0]


def test_compound_family_name_without_the_given_name_in_the_same_article():
    reg = SpeakerRegistry()
    out = reg.resolve_article([
        {"name": "Carmen Ruiz Albarral", "mention": "the regional minister, Carmen Ruiz Albarral"},
        {"name": "Ruiz Albarral", "mention": "Ruiz Albarral"},
        {"name": "Ruiz", "mention": "Ruiz"},
    ], "art-1")
    assert out[0][0] == out[1][0] == out[2][0]


def test_tail_of_a_name_from_another_article_is_not_merged():
    reg = SpeakerRegistry()
    a = reg.resolve_article([{"name": "Carmen Ruiz Albarral"}], "art-1")[0][0]
    b = reg.resolve_article([{"name": "Ruiz Albarral"}, {"name": "Pedro Ruiz Albarral"}], "art-2")
    assert b[1][0] != a  # a namesake named in full elsewhere is not this article's person


def test_first_of_two_family_names_alone_in_the_same_article():
    reg = SpeakerRegistry()
    out = reg.resolve_article([
        {"name": "José María Alvarado Quintero", "mention": "The mayor, José María Alvarado Quintero"},
        {"name": "Alvarado", "mention": "Alvarado"},
    ], "art-1")
    assert out[0][0] == out[1][0]
    # elsewhere, a bare middle word proves nothing
    assert reg.resolve_article([{"name": "Alvarado"}], "art-2")[0][0] != out[0][0]


def test_bare_given_name_matched_in_its_article_does_not_join_from_another():
    reg = SpeakerRegistry()
    out = reg.resolve_article([{"name": "Marisol Quintero"}, {"name": "Marisol", "mention": "Marisol"}],
                              "art-1")
    assert out[0][0] == out[1][0]
    assert reg.resolve_article([{"name": "Marisol"}], "art-2")[0][0] != out[0][0]


def test_role_before_the_name_is_the_one_person_the_article_gives_that_role():
    # a headline or lede gives the role; the body names the person later
    reg = SpeakerRegistry()
    out = reg.resolve_article([
        {"name": "Economy Secretary", "kind": "person", "mention": "Economy Secretary"},
        {"name": "Inés Barragán", "kind": "person", "description": "Economy Secretary",
         "mention": "Economy Secretary Inés Barragán"},
    ], "art-1")
    assert out[0][0] == out[1][0]


def test_role_stays_unresolved_when_two_people_or_another_office_fit():
    reg = SpeakerRegistry()
    out = reg.resolve_article([
        {"name": "the spokesman", "kind": "person", "mention": "the spokesman"},
        {"name": "Ivo Marten", "description": "foreign ministry spokesman"},
        {"name": "Lea Sorrel", "description": "defence ministry spokesman"},
    ], "art-1")
    assert out[0][0] not in (out[1][0], out[2][0])
    reg = SpeakerRegistry()
    out = reg.resolve_article([
        {"name": "the minister", "kind": "person", "mention": "the minister"},
        {"name": "Ivo Marten", "description": "prime minister"},
    ], "art-1")
    assert out[0][0] != out[1][0]  # the prime minister is another office


def test_spokesperson_for_a_named_minister_is_not_the_minister():
    reg = SpeakerRegistry()
    out = reg.resolve_article([
        {"name": "Ivo Marten", "description": "Industry Minister", "mention": "Industry Minister Ivo Marten"},
        {"name": "minister", "kind": "person", "description": "spokesperson",
         "mention": "A spokesperson for the minister"},
    ], "art-1")
    assert out[0][0] != out[1][0]
