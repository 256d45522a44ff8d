"""Syndication: one wire story run by several outlets vs independent reports of one event."""
from itertools import combinations
from pathlib import Path

from tracker.syndication import THRESHOLD, containment, find_syndicated, shingles
from tracker.text import words


def similarity(a, b):
    return containment(shingles(a), shingles(b))

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# One AFP story as the wire sent it ...
WIRE = """BEIRUT, Lebanon (AFP) — Syria's army said on Saturday it was reinforcing its positions around Damascus after rebels claimed to have reached the outskirts of the capital, as residents described queues at bakeries and cash machines.
"Our armed forces are deployed around the capital in strong defensive lines," the defence ministry said in a statement carried by state television.
The Britain-based Syrian Observatory for Human Rights said troops had withdrawn from several towns within 20 kilometres of the city centre, a claim the government denied.
"The situation was not like this when I left my house this morning," said one woman in the Mezzeh district, who asked that only her first name, Rania, be used. "Suddenly everyone was scared."
Diplomats from Russia, Iran and Turkey were due to meet in Doha on Sunday to discuss the crisis, the Qatari foreign ministry said, as the United Nations envoy called for urgent political talks.
The rebel alliance, led by the Islamist group Hayat Tahrir al-Sham, began its offensive ten days ago and has since taken Aleppo and Hama, Syria's second and fourth cities."""

# ... as a US outlet ran it: American spelling, a new lead sentence, the last paragraph cut.
OUTLET_A = """Syrian government forces are digging in around Damascus as the rebel advance gathers pace.
BEIRUT (AFP) — Syria's army said Saturday it was reinforcing its positions around Damascus after rebels claimed to have reached the outskirts of the capital, as residents described lines at bakeries and cash machines.
"Our armed forces are deployed around the capital in strong defensive lines," the defense ministry said in a statement carried by state television.
The Britain-based Syrian Observatory for Human Rights said troops had withdrawn from several towns within 20 kilometers of the city center, a claim the government denied.
"The situation was not like this when I left my house this morning," said one woman in the Mezzeh district, who asked that only her first name, Rania, be used. "Suddenly everyone was scared."
Diplomats from Russia, Iran and Turkey were due to meet in Doha on Sunday to discuss the crisis, the Qatari foreign ministry said, as the United Nations envoy called for urgent political talks."""

# ... and as an aggregator ran it: paragraphs merged, a credit line, a reworded sentence.
OUTLET_B = """Syria's army said on Saturday it was reinforcing its positions around Damascus after rebels claimed to have reached the outskirts of the capital, as residents described queues at bakeries and cash machines. "Our armed forces are deployed around the capital in strong defensive lines," the defence ministry said in a statement carried by state television.
A war monitor, the Syrian Observatory for Human Rights, reported that government soldiers had pulled out of several towns close to the capital; the government denied it.
"The situation was not like this when I left my house this morning," said one woman in the Mezzeh district, who asked that only her first name, Rania, be used. "Suddenly everyone was scared."
Diplomats from Russia, Iran and Turkey were due to meet in Doha on Sunday to discuss the crisis, the Qatari foreign ministry said, as the United Nations envoy called for urgent political talks.
The rebel alliance, led by the Islamist group Hayat Tahrir al-Sham, began its offensive ten days ago and has since taken Aleppo and Hama, Syria's second and fourth cities.
(With AFP inputs)"""

# An independent report of the same day, quoting the same woman and the same ministry.
INDEPENDENT = """Damascus braced on Saturday for a possible assault as insurgents said they were closing in, and the capital's residents rushed to stock up on bread and fuel.
Syria's defence ministry insisted that "our armed forces are deployed around the capital in strong defensive lines", a message repeated on state television throughout the day.
A woman who gave her name as Rania told reporters: "The situation was not like this when I left my house this morning." Shops in the old city closed early.
In Doha, foreign ministers of Iran, Russia and Turkey prepared for talks on Sunday, while the UN envoy Geir Pedersen urged all sides to negotiate.
The insurgents, headed by Hayat Tahrir al-Sham, have captured Aleppo and Hama since launching their campaign late last month."""


def test_words_ignore_case_punctuation_and_quote_styles():
    assert words("Assad’s “regime” FELL.") == words("assad's \"regime\" fell")


def test_wire_copies_with_small_edits_are_syndicated():
    assert similarity(WIRE, OUTLET_A) > 0.7
    assert similarity(WIRE, OUTLET_B) > 0.6
    assert similarity(OUTLET_A, OUTLET_B) > THRESHOLD
    found = find_syndicated(OUTLET_A, [("wire", WIRE), ("b", OUTLET_B), ("indep", INDEPENDENT)])
    assert [article_id for article_id, _ in found] == ["wire", "b"]
    assert found[0][1] >= found[1][1]


def test_independent_reports_sharing_quotes_are_not_syndicated():
    for text in (WIRE, OUTLET_A, OUTLET_B):
        assert similarity(text, INDEPENDENT) < 0.25
        assert find_syndicated(INDEPENDENT, [("x", text)]) == []


def test_seed_articles_are_independent_reports():
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    assert find_syndicated(seeds["000"], [("003", seeds["003"])]) == []
    for a, b in combinations(sorted(seeds), 2):
        assert similarity(seeds[a], seeds[b]) < 0.15, (a, b)
    assert find_syndicated(seeds["001"], [(k, v) for k, v in seeds.items() if k != "001"]) == []


def test_a_truncated_copy_is_still_the_same_story():
    story = (SEEDS / "003_a578a4fccd0967bb.txt").read_text(encoding="utf-8")
    first_half = "\n".join(story.split("\n")[:20])
    assert find_syndicated(first_half, [("full", story)]) == [("full", 1.0)]


def test_precomputed_shingles_and_short_texts():
    assert find_syndicated(OUTLET_A, [("wire", shingles(WIRE))])[0][0] == "wire"
    assert find_syndicated("Damascus awaits you.", [("x", "Damascus awaits you.")]) == []
    assert find_syndicated(WIRE, [("empty", ""), ("none", None)]) == []


# --- the index in SQLite: candidates by shared shingle samples, then the exact check ----

from tracker import pipeline, store, syndication  # noqa: E402
from tracker.articles import Article  # noqa: E402


def test_a_sketch_samples_long_texts_and_keeps_all_of_short_ones():
    long_hashes = syndication.hashes(shingles(WIRE))
    sample = syndication.sketch(long_hashes)
    assert len(long_hashes) >= syndication.SHORT_TEXT
    assert sample and set(sample) < long_hashes
    assert all(h % syndication.SAMPLE_EVERY == 0 for h in sample)
    short = syndication.hashes(shingles(" ".join(WIRE.split()[:60])))
    assert syndication.sketch(short) == sorted(short)
    assert syndication.sketch(syndication.hashes(shingles("Damascus awaits you."))) == []


def test_candidates_rank_by_shingles_shared_not_by_rows_hit():
    # a long stored text holds one sampled hash for SAMPLE_EVERY shingles, a short one all
    ranked = syndication.likely_copies({"long": 3, "short": 1}, {"short": 9}, 500)
    assert ranked == ["long", "short"]
    assert syndication.likely_copies({"one": 1}, {}, 500) == []
    assert syndication.likely_copies({"one": 1}, {}, 50) == ["one"]
    many = {f"a{i}": 2 for i in range(20)}
    assert len(syndication.likely_copies(many, {}, 500)) == syndication.CANDIDATES


def test_hashes_are_the_same_in_every_process():
    # blake2b, not hash(): Python salts str hashes per process, the index outlives them
    assert syndication.shingle_hash("the army said on saturday") == syndication.shingle_hash(
        "the army said on saturday")
    assert -2 ** 63 <= syndication.shingle_hash("x") < 2 ** 63


def unrelated(n):
    """n texts sharing no five-word run with each other or with the wire story."""
    return [" ".join(f"w{n}x{i}y{j}" for j in range(80)) for i in range(n)]


def test_a_copy_is_found_among_many_stored_articles_through_the_index(fresh_db, fake_extractor):
    others = [Article(text=t, source=f"o{i}", outlet="Other") for i, t in enumerate(unrelated(30))]
    wire = Article(text=WIRE, source="wire", outlet="Wire")
    pipeline.ingest(fresh_db, others + [wire])
    assert fresh_db["syndication_shingles"].count_where("article_id = ?", [wire.id]) > 0
    copy = Article(text=OUTLET_A, source="a", outlet="Paper A")
    indep = Article(text=INDEPENDENT, source="i", outlet="Paper I")
    pipeline.ingest(fresh_db, [copy, indep])
    rows = {r["id"]: r["syndicated_from"] for r in fresh_db["articles"].rows}
    assert rows[copy.id] == wire.id
    assert rows[indep.id] is None
    every = syndication.hashes(shingles(OUTLET_A))
    sample = syndication.sampled(every)
    candidates = syndication.likely_copies(
        store.articles_sharing_shingles(fresh_db, sample, copy.id),
        store.articles_sharing_shingles(fresh_db, every - sample, copy.id), len(every))
    assert candidates[0] == wire.id  # the independent report may follow: it shares quotes
    assert not set(candidates) & {o.id for o in others}


def test_an_article_whose_text_changed_is_indexed_by_its_new_text(fresh_db, fake_extractor):
    first = Article(text=INDEPENDENT, source="x", url="https://example.com/a", outlet="Wire")
    pipeline.ingest(fresh_db, [first])
    second = Article(text=WIRE, source="x", url="https://example.com/a", outlet="Wire")
    assert second.id == first.id
    pipeline.ingest(fresh_db, [second])
    stored = {r["hash"] for r in fresh_db["syndication_shingles"].rows}
    assert stored == set(syndication.sketch(syndication.hashes(shingles(WIRE))))


def test_a_hash_is_kept_for_at_most_posting_cap_articles(fresh_db):
    for i in range(syndication.POSTING_CAP + 5):
        store.save_syndication_sketch(fresh_db, f"a{i}", [42, 10_000 + i])
    holders = [r["article_id"] for r in fresh_db.query(
        "select article_id from syndication_shingles where hash = 42 order by rowid")]
    assert holders == [f"a{i}" for i in range(syndication.POSTING_CAP)]  # the first ones


def test_the_migration_indexes_articles_stored_before_it(tmp_path, fake_extractor):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    wire = Article(text=WIRE, source="wire", outlet="Wire")
    pipeline.ingest(db, [wire])
    db.execute("delete from syndication_shingles")  # as a database from before the index
    db.execute("delete from migrations where version = 8")
    db.conn.commit()
    db = store.open_db(path)
    assert db["syndication_shingles"].count_where("article_id = ?", [wire.id]) > 0
    copy = Article(text=OUTLET_B, source="b", outlet="Paper B")
    pipeline.ingest(db, [copy])
    assert db["articles"].get(copy.id)["syndicated_from"] == wire.id
