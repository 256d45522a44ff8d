"""Search by speaker, any spelling: /api/quotes?speaker= takes an id, any alias, a spelling
variant or a surname alone, resolved to one speaker before any quote is read."""
import pytest

from tracker import store
from tracker.articles import Article
from tracker.web import create_app
from tracker.web import queries

from conftest import quotes_in

SPEAKERS = {
    "sergei-lavrov": ("Sergei Lavrov", "person",
                        [("Sergei Lavrov", "new"), ("Lavrov", "surname"),
                         ("Russian Foreign Minister Sergei Lavrov", "mention")]),
    "abu-mohammed-al-jolani": ("Abu Mohammed al-Jolani", "person",
                                 [("Abu Mohammed al-Jolani", "new"), ("Jolani", "surname")]),
    "ivan-petrov": ("Ivan Petrov", "person", [("Ivan Petrov", "new")]),
    "olga-petrov": ("Olga Petrov", "person", [("Olga Petrov", "new")]),
    "defence-ministry": ("Defence Ministry", "organization", [("Defence Ministry", "new")]),
}

# (speaker id, quoted words, outlet, date)
QUOTES = [
    ("sergei-lavrov", "Nothing to add on the talks", "Wire One", "2024-12-07"),
    ("sergei-lavrov", "We will answer in kind", "Paper Two", "2024-12-08"),
    ("abu-mohammed-al-jolani", "Damascus is waiting for you", "Wire One", "2024-12-07"),
    ("ivan-petrov", "The harvest was good", "Paper Two", "2024-12-09"),
    ("olga-petrov", "The bridge opens in May", "Wire One", "2024-12-10"),
    ("defence-ministry", "Units were moved north", "Wire One", "2024-12-10"),
]


def seed(db):
    for n, (sid, words, outlet, day) in enumerate(QUOTES):
        name, kind, aliases = SPEAKERS[sid]
        text = f"Report {n}.\n\u201c{words},\u201d {name} said."
        article = Article(text=text, source=f"{n}.txt", outlet=outlet, published=day,
                          url=f"https://example.org/{n}")
        store.save_article(
            db, article, quotes_in(text, [(words + ",", name, kind)]), [sid],
            speakers=[{"id": sid, "name": name, "kind": kind}],
            aliases=[{"alias": a, "speaker_id": sid, "rule": r} for a, r in aliases])


@pytest.fixture
def db(fresh_db):
    seed(fresh_db)
    return fresh_db


@pytest.mark.parametrize("name, match", [
    ("sergei-lavrov", "id"),
    ("Sergei Lavrov", "alias"),
    ("sergei LAVROV", "alias"),
    ("Russian Foreign Minister Sergei Lavrov", "alias"),
    ("Sergey Lavrov", "spelling"),
    ("Foreign Minister Sergey Lavrov", "spelling"),
    ("Lavrov", "alias"),
    ("lavrov", "alias"),
])
def test_every_form_of_a_name_finds_the_one_speaker(db, name, match):
    found = queries.resolve_speaker(db, name)
    assert found["ids"] == ["sergei-lavrov"] and found["match"] == match
    assert not found["ambiguous"]
    assert [s["name"] for s in found["speakers"]] == ["Sergei Lavrov"]


@pytest.mark.parametrize("name", ["Golani", "Jolani", "al-Jolani", "Abu Mohammed al-Golani",
                                  "abu mohammed al-jolani", "Abu Muhammad al-Jolani"])
def test_transliterations_and_surnames(db, name):
    found = queries.resolve_speaker(db, name)
    if name == "Abu Muhammad al-Jolani":
        # name_key unifies doubled letters and j/g, not every vowel: a miss, not a wrong hit
        assert found["ids"] in ([], ["abu-mohammed-al-jolani"])
        return
    assert found["ids"] == ["abu-mohammed-al-jolani"], found


def test_a_surname_two_people_share_is_ambiguous(db):
    found = queries.resolve_speaker(db, "Petrov")
    assert found["ids"] == [] and found["ambiguous"] and found["match"] == "surname"
    assert sorted(s["id"] for s in found["speakers"]) == ["ivan-petrov", "olga-petrov"]
    # the full name is not
    assert queries.resolve_speaker(db, "Olga Petrov")["ids"] == ["olga-petrov"]


def test_a_surname_is_a_persons_not_an_organisations(db):
    assert queries.resolve_speaker(db, "Ministry")["ids"] == []
    assert queries.resolve_speaker(db, "defence ministry")["ids"] == ["defence-ministry"]
    found = queries.resolve_speaker(db, "the Ministry of Defence")  # a body's words, any order
    assert found["ids"] == ["defence-ministry"] and found["match"] == "spelling"


def test_unknown_names_match_no_one(db):
    for name in ("Nobody Here", "Zzz", "%", "' or 1=1 --"):
        found = queries.resolve_speaker(db, name)
        assert found["ids"] == [] and found["speakers"] == [] and not found["ambiguous"]


def test_alias_keys_are_stored_when_aliases_are_written(db):
    rows = {(r["alias"], r["key"], r["surname"]) for r in db.table("speaker_aliases").rows}
    assert ("Russian Foreign Minister Sergei Lavrov", "sergei lavrov", "lavrov") in rows
    assert ("Jolani", "golani", "golani") in rows


def test_a_database_from_before_the_keys_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    seed(db)
    db.execute("update speaker_aliases set key = null, surname = null")
    db.execute("delete from migrations where version >= 4")
    db.conn.commit()
    db.close()
    db = store.open_db(path)
    assert db.execute("select count(*) from speaker_aliases where key is null").fetchone()[0] == 0
    assert queries.resolve_speaker(db, "Sergey Lavrov")["ids"] == ["sergei-lavrov"]


# --- over the API ------------------------------------------------------------------------


@pytest.fixture
def client(tmp_path):
    path = tmp_path / "quotes.db"
    db = store.open_db(path)
    seed(db)
    db.close()
    return create_app({"DATABASE": str(path), "TESTING": True}).test_client()


@pytest.mark.parametrize("name", ["Lavrov", "Sergei Lavrov", "Sergey Lavrov", "sergei-lavrov",
                                  "russian foreign minister sergei lavrov"])
def test_api_speaker_any_spelling(client, name):
    data = client.get("/api/quotes", query_string={"speaker": name}).get_json()
    assert data["total"] == 2 and {q["speaker_id"] for q in data["quotes"]} == {"sergei-lavrov"}
    assert [s["id"] for s in data["speakers"]] == ["sergei-lavrov"]
    assert data["ambiguous"] is False
    assert data["speakers"][0]["quotes"].endswith("/api/quotes?speaker=sergei-lavrov")


@pytest.mark.parametrize("name", ["Golani", "Jolani"])
def test_api_speaker_transliteration(client, name):
    data = client.get("/api/quotes", query_string={"speaker": name}).get_json()
    assert [q["text"] for q in data["quotes"]] == ["Damascus is waiting for you,"]


def test_api_ambiguous_surname_lists_the_speakers_and_no_quotes(client):
    data = client.get("/api/quotes?speaker=Petrov").get_json()
    assert data["quotes"] == [] and data["total"] == 0 and data["ambiguous"] is True
    assert sorted(s["name"] for s in data["speakers"]) == ["Ivan Petrov", "Olga Petrov"]
    assert all(s["description"] is None or isinstance(s["description"], str)
               for s in data["speakers"])


def test_api_speaker_with_other_filters(client):
    data = client.get("/api/quotes?speaker=Lavrov&outlet=paper+two").get_json()
    assert [q["text"] for q in data["quotes"]] == ["We will answer in kind,"]
    data = client.get("/api/quotes?speaker=Lavrov&q=talks").get_json()
    assert [q["text"] for q in data["quotes"]] == ["Nothing to add on the talks,"]
    data = client.get("/api/quotes?speaker=Lavrov&since=2024-12-08").get_json()
    assert data["total"] == 1


def test_api_unknown_speaker_is_an_empty_page(client):
    response = client.get("/api/quotes?speaker=Nobody+Here")
    data = response.get_json()
    assert response.status_code == 200 and data["total"] == 0 and data["speakers"] == []


def test_api_without_speaker_says_nothing_about_speakers(client):
    data = client.get("/api/quotes").get_json()
    assert data["total"] == len(QUOTES) and "speakers" not in data


def test_q_searches_the_quote_words_not_the_speaker_names(client):
    data = client.get("/api/quotes?q=Lavrov").get_json()
    assert data["total"] == 0  # the speaker= parameter is the way to a speaker
    data = client.get("/api/quotes?q=harvest").get_json()
    assert [q["speaker"] for q in data["quotes"]] == ["Ivan Petrov"]


# --- Datasette's search box: the speaker's names are searched with the words ----------------


def datasette_search(path, term):
    import asyncio

    from tracker.publish import datasette_instance

    ds = datasette_instance(path)

    async def fetch():
        return await ds.client.get(f"/{path.stem}/quotes.json",
                                   params={"_search": term, "_shape": "objects"})

    return sorted(r["text"] for r in asyncio.run(fetch()).json()["rows"])


def test_datasette_search_finds_a_speakers_quotes_by_name(tmp_path):
    path = tmp_path / "quotes.db"
    db = store.open_db(path)
    seed(db)
    db.close()
    assert datasette_search(path, "Lavrov") == ["Nothing to add on the talks,",
                                                "We will answer in kind,"]
    assert datasette_search(path, "Jolani") == ["Damascus is waiting for you,"]
    assert datasette_search(path, "Damascus") == ["Damascus is waiting for you,"]
    # a role is not a name: "Foreign Minister" was only the words around it
    assert datasette_search(path, "Minister") == []


def test_a_new_name_reaches_the_speakers_older_quotes(fresh_db):
    seed(fresh_db)
    text = "Later.\n\u201cTalks resume,\u201d Sergey Lavrov said."
    store.save_article(
        fresh_db, Article(text=text, source="x.txt", outlet="Wire One", url="https://example.org/x"),
        quotes_in(text, [("Talks resume,", "Sergey Lavrov", "person")]), ["sergei-lavrov"],
        speakers=[{"id": "sergei-lavrov", "name": "Sergei Lavrov", "kind": "person"}],
        aliases=[{"alias": "Sergey Lavrov", "speaker_id": "sergei-lavrov",
                  "rule": "transliteration"}])
    found = {r["text"] for r in fresh_db.table("quotes").search("Sergey")}
    assert found == {"Nothing to add on the talks,", "We will answer in kind,", "Talks resume,"}
    names = {r["speaker_names"] for r in fresh_db.query(
        "select speaker_names from quotes where speaker_id = 'sergei-lavrov'")}
    assert names == {"Lavrov; Sergei Lavrov; Sergey Lavrov"}


def test_a_database_indexed_before_speaker_names_is_migrated(tmp_path):
    """The full-text index over text alone is built again over text and speaker_names."""
    path = tmp_path / "old.db"
    db = store.open_db(path)
    seed(db)
    db.execute("update quotes set speaker_names = null")
    db["quotes"].disable_fts()
    db["quotes"].enable_fts(["text"], create_triggers=True, tokenize=store.FTS_TOKENIZE)
    db.execute("delete from migrations where version >= 5")
    db.conn.commit()
    db.close()
    db = store.open_db(path)
    assert "speaker_names" in db["quotes_fts"].columns_dict
    assert {r["text"] for r in db["quotes"].search("Jolani")} == {"Damascus is waiting for you,"}
    db["quotes"].insert({"id": "qnew", "text": "New words", "speaker_names": "Ann Lee"})
    assert [r["id"] for r in db["quotes"].search("Lee")] == ["qnew"]  # triggers rebuilt too
