"""The registry loads only the stored speakers a name could be (blocking keys in SQLite),
so an ingest does not read more speakers as the archive grows; a later article that shows
two stored speakers are one merges them, and the old id redirects."""
import sqlite_utils

from conftest import quotes_in
from tracker import pipeline, store
from tracker.articles import Article
from tracker.speakers import SpeakerRegistry, stored_keys


def filled_db(n_unrelated: int):
    """A database with "Sergey Lavrov", "Maria Zakharova" and n unrelated people."""
    return db_of(["Sergey Lavrov", "Maria Zakharova"] + [f"Person{i} Family{i}" for i in range(n_unrelated)])


def db_of(names: list):
    """A database with these people stored, each from an article of its own, and their keys."""
    db = sqlite_utils.Database(memory=True)
    store.ensure_db_shape(db)
    reg = SpeakerRegistry()
    for i, name in enumerate(names):
        reg.resolve(name, "person", None, f"a{i}")
    db.table("speakers").insert_all(reg.rows(), pk="id")
    db.table("speaker_aliases").insert_all(reg.alias_rows(), pk=("alias", "speaker_id"))
    store.save_speaker_keys(db, reg.speakers.values())
    return db, reg


def lazy_registry(db, asked):
    def source(keys):
        asked.append(set(keys))
        return store.speakers_filed_under(db, keys)
    return SpeakerRegistry(source=source)


def test_a_name_finds_its_stored_speaker_without_loading_the_others():
    db, full = filled_db(300)
    asked = []
    reg = lazy_registry(db, asked)
    sid, rule = reg.resolve("Sergei Lavrov", "person", None, "new-article")
    stored = full.resolve("Sergey Lavrov", "person", None, "x")[0]
    assert rule == "transliteration"
    # the stored speaker, renamed by the spelling now shown ("Sergei" sorts first)
    assert (stored, sid) == ("sergey-lavrov", "sergei-lavrov") and reg.current_id(stored) == sid
    assert reg.merges == [(stored, sid, "renamed")]
    assert set(reg.speakers) == {sid}  # nothing else was read
    # name keys, and the one id the new name would take (is it free?)
    assert asked and all(k.split(":")[0] in "kflci" for keys in asked for k in keys)


def test_the_speakers_read_do_not_grow_with_the_stored_speakers():
    loaded = []
    for n in (20, 400):
        db, _ = filled_db(n)
        reg = lazy_registry(db, [])
        reg.resolve_article([{"name": "Lavrov"}, {"name": "Maria Zakharova"},
                             {"name": "Antony Blinken"}], "new-article")
        loaded.append(len(reg.speakers))
    assert loaded[0] == loaded[1] == 3  # two found, one new


def test_lazy_and_full_registries_resolve_alike():
    db, full = filled_db(30)
    lazy = lazy_registry(db, [])
    items = [{"name": "Sergey Lavrov"}, {"name": "Zakharova"}, {"name": "Person7 Family7"},
             {"name": "Family12"}]
    assert lazy.resolve_article(items, "b1") == full.resolve_article(items, "b1")


def test_stored_keys_cover_names_bodies_and_leaders():
    reg = SpeakerRegistry()
    person = reg.speakers[reg.resolve("Abu Mohammed al-Jolani, the leader of Hayat Tahrir al-Sham",
                                      "person", None, "a1")[0]]
    body = reg.speakers[reg.resolve("Syrian Observatory for Human Rights", "organization", None, "a1")[0]]
    role = reg.speakers[reg.resolve("the leader of Hayat Tahrir al-Sham", "person", None, "a2")[0]]
    assert {"k:abu mohamed golani", "f:abu", "l:golani", "b:hayat"} <= stored_keys(person)
    assert any(k.startswith("o:") for k in stored_keys(body))
    assert role.id == person.id  # the one known leader of that body
    scoped = SpeakerRegistry()
    unnamed = scoped.speakers[scoped.resolve("the leader of Hayat Tahrir al-Sham", "person", None, "a2")[0]]
    assert unnamed.scope == "a2" and "r:hayat" in stored_keys(unnamed)


def test_migration_6_files_stored_speakers_under_their_keys(tmp_path):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    reg = SpeakerRegistry()
    reg.resolve("Sergey Lavrov", "person", None, "a1")
    db.table("speakers").insert_all(reg.rows(), pk="id")
    db.table("speaker_aliases").insert_all(reg.alias_rows(), pk=("alias", "speaker_id"))
    db.execute("delete from migrations where version = 6")  # as a database made before it
    db.conn.commit()
    assert db.execute("select count(*) from speaker_keys").fetchone()[0] == 0
    store.ensure_db_shape(db)
    keys = {r[0] for r in db.execute("select key from speaker_keys")}
    assert {"k:sergei lavrov", "l:lavrov"} <= keys
    assert db.execute("select key from speaker_aliases where alias = 'Sergey Lavrov'").fetchone()[0] == "sergei lavrov"


LEADER_TEXT = "\u201cWe are coming,\u201d said the leader of Hayat Tahrir al-Sham."
NAMED_TEXT = ("\u201cDamascus is ours,\u201d said Abu Mohammed al-Jolani, the leader of Hayat "
              "Tahrir al-Sham.")


def test_a_later_article_merges_two_stored_speakers_and_the_old_id_redirects(tmp_path, monkeypatch):
    import tracker.extract
    from test_server import LiveServer

    specs = {LEADER_TEXT: [("We are coming,", "the leader of Hayat Tahrir al-Sham", "person")],
             NAMED_TEXT: [("Damascus is ours,", "Abu Mohammed al-Jolani, the leader of Hayat Tahrir al-Sham",
                           "person")]}
    monkeypatch.setattr(tracker.extract, "extract_many",
                        lambda texts, nlp=None: [quotes_in(t, specs[t]) for t in texts])
    path = tmp_path / "quotes.db"
    db = store.open_db(path)
    first = Article(text=LEADER_TEXT, source="a.txt", url="https://example.org/a", outlet="Example")
    pipeline.ingest(db, [first])
    old_id = db.execute("select speaker_id from quotes").fetchone()[0]
    pipeline.ingest(db, [Article(text=NAMED_TEXT, source="b.txt", url="https://example.org/b", outlet="Example")])
    ids = {r[0] for r in db.execute("select distinct speaker_id from quotes")}
    assert len(ids) == 1 and old_id not in ids
    new_id = ids.pop()
    assert db.execute("select new_id from speaker_redirects where old_id = ?", [old_id]).fetchone()[0] == new_id
    assert not db.execute("select 1 from speaker_keys where speaker_id = ?", [old_id]).fetchall()
    server = LiveServer(path)
    try:
        status, headers, _ = server.request("GET", f"/api/speakers/{old_id}")
        assert status == 301 and headers["location"].endswith(f"/api/speakers/{new_id}")
        assert server.json("GET", f"/api/speakers/{new_id}")[0] == 200
    finally:
        server.stop()


def _with_namesakes(first: str, n: int):
    """A database with "Elena Petrova" and n more people of the same first name."""
    return db_of(["Elena Petrova"] + [f"{first} Family{i}" for i in range(n)])[0]


def test_a_first_name_shared_by_many_does_not_load_them_all(monkeypatch):
    """At 20,000 speakers a common first name is filed under hundreds: loading them all made
    every ingest cost more than the last. Past store.LOOSE_KEY_CAP the key is not read, and
    the person is still found through the other keys of the name."""
    monkeypatch.setattr(store, "LOOSE_KEY_CAP", 8)
    few = lazy_registry(_with_namesakes("Elena", 5), [])
    few.resolve("Elena Ivanova", "person", None, "new-article")
    assert len(few.speakers) == 1 + 5 + 1  # the first name is informative: its 6 speakers read

    many = lazy_registry(_with_namesakes("Elena", 20), [])
    many.resolve("Elena Ivanova", "person", None, "new-article")
    assert len(many.speakers) == 1  # only the new speaker: none of the 21 Elenas read

    found = lazy_registry(_with_namesakes("Elena", 20), [])
    sid, rule = found.resolve("Yelena Petrova", "person", None, "new-article")
    assert rule == "transliteration" and found.speakers[sid].aliases.keys() >= {"Elena Petrova", "Yelena Petrova"}


def test_migration_20_files_stored_speakers_under_the_keys_of_todays_rules(tmp_path):
    """Keys written by older rules are refilled: after the migration every stored speaker is
    filed under exactly the keys the current rules give it (and the stale ones stay harmless)."""
    path = tmp_path / "old.db"
    db = store.open_db(path)
    reg = SpeakerRegistry()
    sid = reg.resolve("Khalifa Saeed Al Marri", "person", None, "a1")[0]
    db.table("speakers").insert_all(reg.rows(), pk="id")
    db.table("speaker_aliases").insert_all(reg.alias_rows(), pk=("alias", "speaker_id"))
    db.execute("delete from speaker_keys")  # as filed by rules that gave none of today's keys
    db.execute("delete from migrations where version = 20")
    db.conn.commit()
    store.ensure_db_shape(db)
    keys = {r[0] for r in db.execute("select key from speaker_keys where speaker_id = ?", [sid])}
    assert keys and keys == stored_keys(reg.speakers[sid])
