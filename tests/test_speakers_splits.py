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
