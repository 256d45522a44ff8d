"""Utterance grouping by meaning: sentence vectors (tracker/meaning.py) beside the lexical
tests. Renderings in other words join; contrary or merely related statements do not; the
vectors load offline or fail with a clear error."""
import random
import socket

import pytest

from tracker import meaning
from tracker.utterances import cluster_utterances, close_in_meaning, content_stems, meaning_text
from test_utterances_incremental import doc, groups, new_db, store_doc, utterance_of


def q(qid, text, speaker="s1", article="a1", kind="full"):
    return {"id": qid, "speaker_id": speaker, "text": text, "article_id": article, "kind": kind}


def joined(a, b, kind_a="full", kind_b="full", meaning_on=True, same_article=False):
    quotes = [q("x", a, kind=kind_a), q("y", b, article="a1" if same_article else "a2", kind=kind_b)]
    clusters = cluster_utterances(quotes, meaning=meaning_on)
    return clusters["x"] == clusters["y"]


# Renderings of one statement that share too few words in order for the lexical tests.
PARAPHRASES = [
    ("Russia is ready to act as a guarantor of any agreement the parties reach, if they ask us to,",
     "prepared to be a guarantor of any agreement reached by the parties, should they request it",
     "full", "fragment"),
    ("Türkiye is not a country of transit; it is a bridge. And a bridge bears the load in both directions,",
     "Turkey is not country of transit, it is bridge, and the bridge carries weight in both sides",
     "full", "full"),
    ("fully compatible with WTO rules", "fully corresponds to the rules of WTO", "fragment", "fragment"),
    ("Our soldiers will withdraw from the town once the truce is observed by both sides,",
     "our troops will leave the town as soon as the truce is respected by both sides", "full", "full"),
    ("The reform will make the pension system fair for the next generation,",
     "the reform is going to render the pension system just for the coming generation",
     "full", "fragment"),
]


@pytest.mark.parametrize("a, b, kind_a, kind_b", PARAPHRASES)
def test_renderings_in_other_words_join_by_meaning_only(a, b, kind_a, kind_b):
    assert not joined(a, b, kind_a, kind_b, meaning_on=False)
    assert joined(a, b, kind_a, kind_b)


@pytest.mark.parametrize("a, b", [
    # one speaker, one topic, two statements
    ("The governor spent seven years running up the state's credit card, and now she wants a bigger one,",
     "The governor doubled the state's debt in seven years."),
    # the contrary, by negation or by a contrary word: vectors put these close (0.85 to 0.93)
    ("We will sign the agreement as soon as it guarantees our share of the water,",
     "We will not sign the agreement unless it guarantees our share of the water"),
    ("Food prices will rise sharply over the coming months,",
     "Food prices will fall sharply over the coming months."),
    ("We accept the proposal from the mediators in principle,",
     "We reject the proposal from the mediators in principle"),
    # a place or a number on each side that the other lacks
    ("Our soldiers will withdraw from Kherson once the truce is observed by both sides,",
     "our troops will leave Zaporizhzhia as soon as the truce is respected by both sides"),
])
def test_related_or_contrary_statements_stay_apart(a, b):
    assert not joined(a, b)
    assert not joined(a, b, meaning_on=False)


def test_one_article_two_sentences_alike_stay_two_statements():
    a, b, kind_a, kind_b = PARAPHRASES[3]
    assert joined(a, b) and not joined(a, b, same_article=True)


def test_close_in_meaning_needs_both_vectors_and_words():
    a = content_stems(PARAPHRASES[0][0])
    b = content_stems(PARAPHRASES[0][1])
    assert close_in_meaning(a, b, 0.75) and close_in_meaning(b, a, 0.75)
    assert not close_in_meaning(a, b, 0.3)  # words alone are not enough
    assert not close_in_meaning(["guarantor"], ["guarantor", "agreement"], 0.99)  # nor vectors


def test_two_statements_on_one_frame_stay_apart_while_their_renderings_join():
    """One speaker, one topic, the same frame ("ready to ... if they ask us to"): each
    statement's renderings join by meaning, the two statements (cosine 0.62) do not, and
    average linkage keeps the groups apart."""
    quotes = [
        q("g1", "Russia is ready to act as a guarantor of any agreement the parties reach, if "
                "they ask us to,", "m", "a1"),
        q("g2", "prepared to be a guarantor of any agreement reached by the parties, should "
                "they request it", "m", "a2", "fragment"),
        q("h1", "Russia is ready to host the talks in Moscow between the parties, if they ask "
                "us to,", "m", "a3"),
        q("h2", "prepared to host negotiations between the parties in Moscow, should they "
                "request it", "m", "a4", "fragment"),
    ]
    c = cluster_utterances(quotes)
    assert c["g1"] == c["g2"] and c["h1"] == c["h2"]
    assert c["g1"] != c["h1"]
    lexical = cluster_utterances(quotes, meaning=False)
    assert len(set(lexical.values())) == 4


def test_grouping_with_meaning_does_not_depend_on_order():
    quotes = [q(f"p{i}{side}", text, f"s{i}", f"a{i}{side}", kind)
              for i, (a, b, ka, kb) in enumerate(PARAPHRASES)
              for side, text, kind in (("a", a, ka), ("b", b, kb))]
    base = cluster_utterances(quotes)
    assert all(base[f"p{i}a"] == base[f"p{i}b"] for i in range(len(PARAPHRASES)))
    for seed in range(3):
        shuffled = random.Random(seed).sample(quotes, len(quotes))
        assert cluster_utterances(shuffled) == base


def test_ingest_order_does_not_change_a_join_by_meaning():
    """Through the store's blocking index, one article at a time, either order."""
    a, b = PARAPHRASES[0][0], PARAPHRASES[0][1]
    docs = [doc("m-1", f"“{a}” the envoy said.", a, "Sergei Matveev"),
            doc("m-2", f"Matveev said Moscow was {b}.", b, "Sergei Matveev"),
            doc("m-3", "“The governor doubled the state's debt in seven years.” he said.",
                "The governor doubled the state's debt in seven years.", "Sergei Matveev")]
    found = []
    for order in (docs, list(reversed(docs))):
        db = new_db()
        for d in order:
            store_doc(db, d)
        assert utterance_of(db, a) == utterance_of(db, b)
        found.append(groups(db))
    assert found[0] == found[1] and len(found[0]) == 2


def test_vectors_are_unit_length_and_rank_paraphrase_over_unrelated():
    v = meaning.vectors(["We will not allow anyone to threaten our sovereignty",
                         "We shall never permit any party to endanger our sovereignty",
                         "The weather in Paris was sunny all weekend", ""])
    assert v.shape == (4, 256)
    assert abs(float(v[0] @ v[0]) - 1.0) < 1e-5 and not v[3].any()
    assert float(v[0] @ v[1]) > 0.5 > float(v[0] @ v[2]) + 0.3


def test_meaning_text_keeps_negations_and_drops_stop_words():
    assert meaning_text("We won't allow THE dam to be built") == "not allow dam built"


def test_vectors_load_with_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access while loading the sentence vectors")

    monkeypatch.setattr(meaning, "_model", None)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert meaning.similarity("settled through dialogue", "resolved by negotiations") > 0.3


def test_a_missing_package_is_a_clear_error_not_a_download(monkeypatch):
    monkeypatch.setattr(meaning, "_model", None)
    monkeypatch.setattr(meaning, "MODEL_PACKAGE", "wordllama_not_installed_here")
    with pytest.raises(meaning.MeaningUnavailable, match="not installed.*make install"):
        meaning.vectors(["anything"])
    with pytest.raises(meaning.MeaningUnavailable):
        cluster_utterances([q("x", "We will win"), q("y", "We shall win", article="a2")])


def test_a_missing_model_file_is_named(monkeypatch):
    monkeypatch.setattr(meaning, "_model", None)
    monkeypatch.setattr(meaning, "WEIGHTS_FILE", "weights/absent.safetensors")
    with pytest.raises(meaning.MeaningUnavailable, match="absent.safetensors: missing"):
        meaning.vectors(["anything"])


def test_a_broken_model_file_is_a_clear_error(monkeypatch, tmp_path):
    tokenizer, _ = meaning.model_files()
    broken = tmp_path / "weights.safetensors"
    broken.write_bytes(b"not a safetensors file")
    monkeypatch.setattr(meaning, "_model", None)
    monkeypatch.setattr(meaning, "model_files", lambda: (tokenizer, broken))
    with pytest.raises(meaning.MeaningUnavailable, match="unreadable"):
        meaning.vectors(["anything"])
