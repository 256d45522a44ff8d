"""Speaker ids a person can read and keep (issue 10): the slug of the displayed name,
renamed (with a redirect) when a fuller name arrives, the same whatever the ingest order,
and stored databases renamed by migration 14 with their old ids redirecting."""
import sqlite_utils
import pytest

from tracker import pipeline, store
from tracker.articles import Article
from tracker.speakers import SpeakerRegistry, readable_id
from tracker.web import create_app


@pytest.mark.parametrize("name, kind, scope, expected", [
    ("Sergei Lavrov", "person", None, "sergei-lavrov"),
    ("Abu Mohammed al-Jolani", "person", None, "abu-mohammed-al-jolani"),
    ("Alper Kılınç", "person", None, "alper-kilinc"),
    ("Syria\u2019s defence ministry", "organization", None, "syrias-defence-ministry"),
    ("resident", "anonymous", "a1b2c3d4e5f6a7b8", "anonymous-resident-a1b2c3d4e5f6a7b8"),
    ("anonymous sources", "anonymous", "d7", "anonymous-sources-d7"),
    ("the minister", "person", "a1b2c3d4e5f6a7b8", "the-minister-a1b2c3d4e5f6a7b8"),
])
def test_readable_id_is_the_slug_of_the_name_shown(name, kind, scope, expected):
    assert readable_id(name, kind, scope) == expected


def test_a_name_without_latin_letters_still_gets_a_stable_id():
    first, again = readable_id("Сергей Лавров"), readable_id("Сергей Лавров")
    assert first == again and first.startswith("person-") and first != readable_id("Мария Захарова")


def test_registry_ids_follow_the_name_shown_and_redirect():
    reg = SpeakerRegistry()
    bare, rule = reg.resolve("Lavrov", "person", None, "a1")
    assert (bare, rule) == ("lavrov", "new")
    full, rule = reg.resolve("Russian Foreign Minister Sergei Lavrov", "person", None, "a2")
    assert (full, rule) == ("sergei-lavrov", "surname")
    assert reg.merges == [("lavrov", "sergei-lavrov", "renamed")]
    assert reg.current_id("lavrov") == "sergei-lavrov" and set(reg.speakers) == {"sergei-lavrov"}
    assert reg.resolve("Lavrov", "person", None, "a3")[0] == "sergei-lavrov"


def test_an_article_gets_the_ids_its_speakers_end_with():
    """A later item of the same article renames a speaker: every item gives the new id."""
    reg = SpeakerRegistry()
    reg.resolve("Khalid Buzaid", "person", None, "a1")
    ids = [sid for sid, _ in reg.resolve_article(
        [{"name": "Khalid Buzaid"}, {"name": "Khaled Bouzid"}], "a2")]
    assert ids == ["khaled-bouzid", "khaled-bouzid"] and set(reg.speakers) == {"khaled-bouzid"}


def test_namesakes_of_other_kinds_get_a_short_suffix():
    reg = SpeakerRegistry()
    country = reg.resolve("Jordan", "organization", None, "a1")[0]
    person = reg.resolve("Jordan", "person", None, "a2")[0]
    assert (country, person) == ("jordan", "jordan-2")
    assert reg.resolve("Jordan", "person", None, "a3")[0] == "jordan-2"


def test_the_same_names_in_any_order_give_the_same_ids():
    names = [("Lavrov", "a1"), ("Sergey Lavrov", "a2"), ("Sergei Lavrov", "a3"),
             ("Hassan Abdul-Ghani", "a4"), ("Commander Hassan Abdel Ghani", "a5"),
             ("Syrian army", "a6")]
    seen = []
    for order in (names, names[::-1], names[2:] + names[:2]):
        reg = SpeakerRegistry()
        for name, article_id in order:
            kind = "organization" if name == "Syrian army" else "person"
            reg.resolve(name, kind, None, article_id)
        seen.append(sorted((sp.id, sp.name) for sp in reg.speakers.values()))
    assert seen[0] == seen[1] == seen[2] == [
        ("hassan-abdel-ghani", "Hassan Abdel Ghani"), ("sergei-lavrov", "Sergei Lavrov"),
        ("syrian-army", "Syrian army")]


# --- through the store and the pipeline ---------------------------------------------------


def news(speaker, words, outlet):
    text = f"News of the day.\n\u201c{words},\u201d {speaker} said."
    return Article(text=text, source=f"{outlet}.txt", outlet=outlet, published="2024-12-08",
                   url=f"https://{outlet.lower()}.example/{words.split()[-1]}")


def state(db):
    return {"speakers": sorted(tuple(r) for r in db.execute(
                "select id, name, kind, scope, n_quotes from speakers")),
            "said_by": sorted(db.execute("select id, speaker_id from quotes").fetchall()),
            "aliases": sorted(db.execute("select alias, speaker_id from speaker_aliases").fetchall())}


def test_a_fuller_name_renames_the_stored_speaker_and_the_old_id_redirects(tmp_path, fake_extractor):
    path = tmp_path / "quotes.db"
    db = store.open_db(path)
    pipeline.ingest(db, [news("Lavrov", "We act now", "Wire")])
    assert [r[0] for r in db.execute("select id from speakers")] == ["lavrov"]
    pipeline.ingest(db, [news("Sergei Lavrov", "We act today", "Paper")])  # a new run
    assert state(db)["speakers"] == [("sergei-lavrov", "Sergei Lavrov", "person", None, 2)]
    assert {sid for _, sid in state(db)["said_by"]} == {"sergei-lavrov"}
    assert db.execute("select old_id, new_id, rule from speaker_redirects").fetchall() == [
        ("lavrov", "sergei-lavrov", "renamed")]
    assert db.execute("select count(*) from speaker_aliases where speaker_id = 'lavrov'").fetchone()[0] == 0
    assert db.execute("select count(*) from speaker_keys where speaker_id = 'lavrov'").fetchone()[0] == 0
    assert db.execute("select count(*) from utterances where speaker_id = 'lavrov'").fetchone()[0] == 0
    db.close()
    client = create_app({"DATABASE": str(path), "TESTING": True}).test_client()
    for url in ("/api/speakers/lavrov", "/s/lavrov", "/s/lavrov.json", "/s/lavrov.atom"):
        response = client.get(url)
        assert response.status_code == 301, url
        assert response.headers["Location"].endswith(url.replace("lavrov", "sergei-lavrov"))
    data = client.get("/api/quotes", query_string={"speaker": "lavrov"}).get_json()
    assert data["total"] == 2 and [s["id"] for s in data["speakers"]] == ["sergei-lavrov"]


def test_ingest_order_gives_the_same_ids(tmp_path, fake_extractor):
    articles = [news("Lavrov", "We act now", "Wire"), news("Sergei Lavrov", "We act today", "Paper"),
                news("Sergey Lavrov", "We act tomorrow", "Daily")]
    seen = []
    for i, order in enumerate((articles, articles[::-1], articles[1:] + articles[:1])):
        db = store.open_db(tmp_path / f"{i}.db")
        for one in order:  # one run per article: each starts from what is stored
            pipeline.ingest(db, [one])
        seen.append(state(db))
    assert seen[0] == seen[1] == seen[2]
    assert seen[0]["speakers"] == [("sergei-lavrov", "Sergei Lavrov", "person", None, 3)]


def test_a_new_speaker_does_not_take_an_id_stored_for_someone_else(fresh_db):
    """The registry reads only the speakers a name could be: whether an id is free is asked
    of the store too, and an old id that redirects stays the old speaker's."""
    rows = [{"id": "jordan", "name": "Jordan", "kind": "organization"},
            {"id": "ali-hassan", "name": "Ali Hassan", "kind": "person"}]
    fresh_db["speakers"].insert_all(rows)
    store.save_speaker_keys(fresh_db, SpeakerRegistry(rows).speakers.values())
    fresh_db["speaker_redirects"].insert({"old_id": "omar", "new_id": "ali-hassan", "rule": "renamed"})

    def registry():
        return SpeakerRegistry(source=lambda keys: store.speakers_filed_under(fresh_db, keys))
    assert registry().resolve("Jordan", "person", None, "a1")[0] == "jordan-2"
    assert registry().resolve("Omar", "person", None, "a2")[0] == "omar-2"
    assert registry().resolve("Ali Hassan", "person", None, "a3") == ("ali-hassan", "exact")


# --- migration 14 ---------------------------------------------------------------------------


def old_database(path):
    """A database as stored before readable ids: every row that names a speaker, an old
    redirect, two namesakes, and the quotes' full-text index with its triggers."""
    db = store.open_db(path)
    db["articles"].insert({"id": "a1", "text": "t"})
    db["speakers"].insert_all([
        {"id": "s-abas-araghchi", "name": "Abbas Araghchi", "kind": "person", "n_quotes": 2},
        {"id": "s-ali-hasan", "name": "Ali Hassan", "kind": "person", "n_quotes": 1},
        {"id": "s-ali-hassan", "name": "Ali Hassan", "kind": "person", "n_quotes": 3},
        {"id": "s-anon-a1-resident", "name": "resident", "kind": "anonymous", "scope": "a1",
         "n_quotes": 1},
        {"id": "s-org-army-syrian", "name": "Syrian army", "kind": "organization", "n_quotes": 0}])
    quotes = [("q1", "s-abas-araghchi", "Talks go on"), ("q2", "s-abas-araghchi", "We wait"),
              ("q3", "s-ali-hasan", "No comment"), ("q4", "s-anon-a1-resident", "We hid"),
              ("q5", "s-ali-hassan", "Bread is dear")]
    db["quotes"].insert_all([{"id": q, "speaker_id": s, "text": t, "article_id": "a1",
                              "speaker_names": "Abbas Araghchi" if s == "s-abas-araghchi" else None}
                             for q, s, t in quotes])
    db["speaker_aliases"].insert({"alias": "Abbas Araghchi", "speaker_id": "s-abas-araghchi", "rule": "new"})
    db["speaker_keys"].insert({"key": "k:abas aragci", "speaker_id": "s-abas-araghchi"})
    db["quote_stems"].insert({"stem": "talk", "speaker_id": "s-abas-araghchi", "quote_id": "q1", "n": 2})
    db["utterances"].insert({"id": "u1", "speaker_id": "s-abas-araghchi", "text": "Talks go on"})
    db["quote_redirects"].insert({"old_id": "q0", "new_id": "q1", "speaker_id": "s-abas-araghchi"})
    db["speaker_redirects"].insert({"old_id": "s-araghchi", "new_id": "s-abas-araghchi", "rule": "surname"})
    db.execute("delete from migrations where version = 14")
    db.conn.commit()
    db.close()


def test_migration_14_renames_stored_ids_and_leaves_redirects(tmp_path):
    path = tmp_path / "old.db"
    old_database(path)
    db = store.open_db(path)
    assert state(db)["speakers"] == [
        ("abbas-araghchi", "Abbas Araghchi", "person", None, 2),
        ("ali-hassan", "Ali Hassan", "person", None, 3),  # the most quoted namesake first
        ("ali-hassan-2", "Ali Hassan", "person", None, 1),
        ("anonymous-resident-a1", "resident", "anonymous", "a1", 1),
        ("syrian-army", "Syrian army", "organization", None, 0)]
    assert dict(state(db)["said_by"]) == {"q1": "abbas-araghchi", "q2": "abbas-araghchi",
                                          "q3": "ali-hassan-2", "q4": "anonymous-resident-a1",
                                          "q5": "ali-hassan"}
    for table in ("speaker_aliases", "speaker_keys", "quote_stems", "utterances", "quote_redirects"):
        assert [r[0] for r in db.execute(f"select speaker_id from {table}")] == ["abbas-araghchi"], table
    redirects = dict(db.execute("select old_id, new_id from speaker_redirects").fetchall())
    assert redirects == {"s-araghchi": "abbas-araghchi", "s-abas-araghchi": "abbas-araghchi",
                         "s-ali-hasan": "ali-hassan-2", "s-ali-hassan": "ali-hassan",
                         "s-anon-a1-resident": "anonymous-resident-a1",
                         "s-org-army-syrian": "syrian-army"}
    # the quotes' search index is whole, and its triggers still follow new rows
    db.execute("insert into quotes_fts(quotes_fts) values('integrity-check')")
    found = lambda words: [r[0] for r in db.execute(  # noqa: E731
        "select quotes.id from quotes join quotes_fts on quotes_fts.rowid = quotes.rowid"
        " where quotes_fts match ? order by quotes.id", [words])]
    assert found("Araghchi") == ["q1", "q2"]
    db["quotes"].insert({"id": "q6", "speaker_id": "ali-hassan", "text": "Flour is dear"})
    assert found("flour") == ["q6"]
    # and a second opening changes nothing
    before = state(db)
    db.close()
    db = store.open_db(path)
    assert state(db) == before
    client_db = str(path)
    db.close()
    client = create_app({"DATABASE": client_db, "TESTING": True}).test_client()
    response = client.get("/s/s-abas-araghchi")
    assert response.status_code == 301 and response.headers["Location"].endswith("/s/abbas-araghchi")


def test_migration_14_leaves_a_database_of_readable_ids_alone(tmp_path):
    path = tmp_path / "new.db"
    db = store.open_db(path)
    db["speakers"].insert({"id": "sergei-lavrov", "name": "Sergei Lavrov", "kind": "person"})
    db.execute("delete from migrations where version = 14")
    db.conn.commit()
    db.close()
    db = sqlite_utils.Database(path)
    store.ensure_db_shape(db)
    assert [r[0] for r in db.execute("select id from speakers")] == ["sergei-lavrov"]
    assert db.execute("select count(*) from speaker_redirects").fetchone()[0] == 0


def test_renaming_moves_every_row_and_a_rename_back_drops_the_redirect(fresh_db):
    fresh_db["speakers"].insert({"id": "lavrov", "name": "Lavrov", "kind": "person", "n_quotes": 1})
    fresh_db["quotes"].insert({"id": "q1", "speaker_id": "lavrov", "text": "x"})
    fresh_db["quote_redirects"].insert({"old_id": "q0", "new_id": None, "speaker_id": "lavrov"})
    store.merge_speakers(fresh_db, "lavrov", "sergei-lavrov", "renamed")
    assert [tuple(r) for r in fresh_db.execute("select id, name, n_quotes from speakers")] == [
        ("sergei-lavrov", "Lavrov", 1)]  # the registry then writes the new name with it
    assert fresh_db["quote_redirects"].get("q0")["speaker_id"] == "sergei-lavrov"
    assert fresh_db["quotes"].get("q1")["speaker_id"] == "sergei-lavrov"
    store.merge_speakers(fresh_db, "sergei-lavrov", "lavrov", "renamed")
    assert fresh_db.execute("select old_id, new_id from speaker_redirects").fetchall() == [
        ("sergei-lavrov", "lavrov")]
    # an id the registry gave and renamed within one article was never stored: no redirect
    store.merge_speakers(fresh_db, "never-stored", "lavrov", "renamed")
    assert fresh_db.execute("select count(*) from speaker_redirects").fetchone()[0] == 1
