"""One outlet quotes two sentences of a statement as one quote, others quote each alone."""
from tracker.utterances import cluster_utterances, sentence_parts

DUST = "We will not allow the Tigris and the Euphrates to become rivers of dust,"
SURVIVAL = "Iraq's share of the water is a matter of survival, not a bargaining chip."
WHOLE = ("We shall never permit the Tigris and Euphrates to turn into rivers of dust. For Iraq,"
         " water is a question of survival and not a subject for bargaining,")


def q(qid, text, article, speaker="khalid-hashimi"):
    return {"id": qid, "speaker_id": speaker, "text": text, "article_id": article, "kind": "full"}


def test_sentence_parts():
    assert len(sentence_parts(WHOLE)) == 2
    assert sentence_parts(DUST) == []
    assert sentence_parts("Yes. We will.") == []  # too short to stand alone


def test_a_quote_of_two_sentences_bridges_the_outlets_that_quote_each_alone():
    quotes = [q("d1", DUST, "a1"), q("s1", SURVIVAL, "a1"), q("d2", DUST, "a2"),
              q("s2", SURVIVAL, "a2"), q("w3", WHOLE, "a3")]
    c = cluster_utterances(quotes)
    assert len({c[x] for x in c}) == 1


def test_without_a_whole_two_statements_stay_two():
    quotes = [q("d1", DUST, "a1"), q("s1", SURVIVAL, "a1"), q("d2", DUST, "a2"), q("s2", SURVIVAL, "a2")]
    c = cluster_utterances(quotes)
    assert c["d1"] == c["d2"] and c["s1"] == c["s2"] and c["d1"] != c["s1"]


def test_a_whole_of_another_speaker_bridges_nothing():
    quotes = [q("d1", DUST, "a1"), q("s1", SURVIVAL, "a1"), q("w3", WHOLE, "a3", "jianguo-qiao")]
    c = cluster_utterances(quotes)
    assert c["d1"] != c["s1"] and c["w3"] not in (c["d1"], c["s1"])


def test_a_fragment_found_in_two_statements_joins_the_one_its_article_quotes():
    def f(qid, text, article, kind):
        return {"id": qid, "speaker_id": "kd", "text": text, "article_id": article, "kind": kind}
    use = "We will not hesitate to use every instrument at our disposal to protect European steel,"
    table = "Every instrument remains on the table, but our preferred instrument is still dialogue."
    quotes = [f("u1", use, "a1", "full"), f("t1", table, "a3", "full"),
              f("u2", use, "a2", "full"), f("x2", "every instrument", "a2", "fragment"),
              f("x4", "every instrument", "a4", "fragment")]
    c = cluster_utterances(quotes)
    assert c["x2"] == c["u2"] == c["u1"] and c["t1"] != c["u1"]
    assert c["x4"] not in (c["u1"], c["t1"])  # no full quote in its own article: undecided
