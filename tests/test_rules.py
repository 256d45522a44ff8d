"""Each attribution rule on cases of its own, grouped by the rule's name (extract/rules.py).

A cue rule's cases say which quote it attributes to whom, and the rule's name is recorded
on the quote; a not-speech rule's cases say which quoted words it drops. The sentences are
written for these tests.
"""
import pytest

from tracker.extract import load_model
from tracker.extract.article import attribute_article
from tracker.extract.component import extract_many
from tracker.extract.marks import paragraphs
from tracker.extract.mentions import Paragraph
from tracker.extract.rules import CUE_RULES, NOT_SPEECH_RULES

# rule name -> [(text, quote words, speaker)]
CUE_CASES = {
    "headline_echo": [
        ("Port chief vows harbour will stay open 'whatever it takes'\n\n"
         "DOVER (Wire) - The harbour authority said on Monday it would keep the port running.\n\n"
         "\"We will keep this harbour open whatever it takes,\" harbour master Ray Lowe told reporters.",
         "whatever it takes", "Ray Lowe"),
        ("Farm group wants 'bread, not speeches'\n\nFarmers marched on Tuesday. \"We need bread, "
         "not more speeches,\" said Ilse Brandt, who leads the farmers' union.", "bread, not speeches", "Ilse Brandt"),
        ("Kyiv warns of 'trap' as Moscow offers a new round of talks on grain\n\nKYIV - Talks stalled again on Friday.\n\n"
         "\"This is a trap and everyone can see it,\" said deputy minister Oleg Marin.", "trap", "Oleg Marin"),
    ],
    "dash_verb_first": [
        # "the head of the ministry" is the person named just before, whose surname the tagger took for a body
        ("GDANSK, 3 May. The closing date of 2040 „is not a dogma“, said on Friday Minister of Digital Affairs Marek "
         "Wąsowicz.\n\nWąsowicz referred to the words of one of the dock workers whom he met in the morning at the "
         "port. „He told me: we are not afraid of change. Change is people and their families“ – said the head of "
         "the ministry.", "He told me: we are not afraid of change. Change is people and their families",
         "Marek Wąsowicz"),
        ("Trade Minister Lena Voss spoke in Oslo. «We will not accept quotas. We said so at every table», "
         "declared Voss at a press conference.", "We will not accept quotas. We said so at every table", "Lena Voss"),
        ("«We will not sign a bad deal», — declared the minister of energy of Norland Petra Vasko.",
         "We will not sign a bad deal", "Petra Vasko"),
        ("«The door stays open», — said Foreign Ministry spokesman Omar Latif in a statement.",
         "The door stays open", "Omar Latif"),
        ("Deputy Minister Ivan Sorin spoke on Monday. «The ball is in their court», — said the deputy minister.",
         "The ball is in their court", "Ivan Sorin"),
        ("Deputy Ana Ruiz asked for the contracts. «If everything is so clean, why are the contracts secret?», "
         "questioned the legislator.", "If everything is so clean, why are the contracts secret?", "Ana Ruiz"),
    ],
    "source_lead_in": [
        ("The mayor, Dana Fisk, took a different view. As Fisk put it, \"Nobody voted for potholes.\"",
         "Nobody voted for potholes.", "Dana Fisk"),
        ("Per campaign spokesman Leo Grant, \"The senator will debate anyone, anywhere.\"",
         "The senator will debate anyone, anywhere.", "Leo Grant"),
        ("Councilman Ray Ortiz disagreed. In Ortiz's words, the deal is \"a gift to the landlords.\"",
         "a gift to the landlords.", "Ray Ortiz"),
        ("To Ortiz, who voted against the bill, “this was about rent, not about politics.”",
         "this was about rent, not about politics.", "Ortiz"),
        ("Maria Lentz spoke last. As she put it, “We are not going anywhere.”",
         "We are not going anywhere.", "Maria Lentz"),
        ("Mayor Lin Park defended the plan. \"It works,\" she said. Critics were unconvinced, but the plan "
         "was, in her view, \"the only game in town.\"", "the only game in town.", "Lin Park"),
        # an unnamed source of a few words; a where-and-when before the comma; "likes to repeat"
        ("The vote split the council. As one council aide put it, “Nobody wants to defend it.”",
         "Nobody wants to defend it.", "one council aide"),
        ("Mayor Ann Voss attacked the remark. As Voss put it in a fundraising email on Saturday, "
         "“Ten seconds was all it took.”", "Ten seconds was all it took.", "Ann Voss"),
        ("— Which maps count?\n— As my colleague Ivan Petrov likes to repeat, «the old maps are the only honest "
         "maps». I respect him, but there are newer maps.", "the old maps are the only honest maps", "Ivan Petrov"),
        # "per X" inside the sentence, and "Per X," with a clause before the quote
        ("Leader Tom Hale spoke first. Any bill with the floor, per Hale, is “dead on arrival in the House.”",
         "dead on arrival in the House.", "Tom Hale"),
        ("Per campaign manager Rita Gomez, the senator has “no plans to drop out.”",
         "no plans to drop out.", "Rita Gomez"),
    ],
    "verb_above": [
        # the subject of a "whether" clause before the verb is not who speaks; the name after it is
        ("Trade talks resumed on Monday.\n\nAsked whether the tariff would be raised at the summit next month, "
         "Tanaka Emi, as the name is written in Japanese order in the official transcript, said: \"We will say "
         "what needs to be said at every level.\"", "We will say what needs to be said at every level.", "Tanaka Emi"),
        # a role word no earlier role matches is the person named just before
        ("Presidential aide Yuri Petrov told reporters on Friday that the talks would resume.\n\n"
         "«Nothing is decided yet», — the Kremlin official said.", "Nothing is decided yet", "Yuri Petrov"),
        ("Rep. Joan Pike, who chairs the committee, said she would vote no, as would several other lawmakers.\n"
         "“It is a bad bill, and everyone in this building knows it,” the lawmaker told reporters.",
         "It is a bad bill, and everyone in this building knows it,", "Joan Pike"),
        ("Vera Lindqvist, who speaks for the foreign ministry, said the talks would go on. "
         "«We remain open to any proposal», — the diplomat noted.", "We remain open to any proposal", "Vera Lindqvist"),
        # evaluative, naming and reporting verbs before quoted words: the subject's words
        ("In a statement, Mr. Marr branded the plan \"a giveaway to developers.\"",
         "a giveaway to developers.", "Marr"),
        ("Ms. Vance likened the budget to \"a house of cards in a windstorm.\"",
         "a house of cards in a windstorm.", "Vance"),
        ("Senator Joe Marr went after the mayor as \"a man who has never balanced a checkbook\" on Monday.",
         "a man who has never balanced a checkbook", "Joe Marr"),
        ("Councilwoman Rita Vance points out that \"the city owns most of the empty lots.\"",
         "the city owns most of the empty lots.", "Rita Vance"),
        ("A study last year by the Harbor Policy Center, a think tank in Boston, found that "
         "\"rents have outpaced wages for a decade.\"",
         "rents have outpaced wages for a decade.", "Harbor Policy Center"),
        # an acronym is the body the article spells out (and "WHO" is no relative pronoun)
        ("GENEVA - The World Health Organization on Tuesday warned that measles was spreading.\n\n"
         "The WHO urged parents to \"vaccinate children now.\"", "vaccinate children now.", "World Health Organization"),
        ("The National Farmers Alliance said on Sunday it would not back the bill.\n\n"
         "A spokesman for the NFA later said the bill was \"dead on arrival.\"", "dead on arrival.",
         "National Farmers Alliance"),
        # a headline naming a person the body quotes keeps its speaker, whoever repeats the word
        ("Pike says Mavety 'gutted' the county's road budget in six years\n\nBy Lena Hoss\n\n"
         "Mavety's aides said he had \"gutted\" waste, not roads. \"Glenn Mavety gutted the road budget,\" "
         "state Rep. Lorraine Pike said in a video.", "gutted", "Pike"),
        # "ruled out" reports what the subject said
        ("The deputy minister, Oleg Marin, ruled out a return to the old quota system «in its previous form».",
         "in its previous form", "Oleg Marin"),
        # the speaker of the clause the quote is in: "as X went on about “…”, Y kept nodding"
        ("As Rep. Dana Lowe went on about “red tape in Albany,” Mayor Colin Hart, seated beside her, kept nodding.",
         "red tape in Albany,", "Dana Lowe"),
        # a person by the name a clause gives ("who gave only his first name, Ali")
        ("One man, who gave only his first name, Samir, stood by the gate. “I heard nothing all night,” he said.",
         "I heard nothing all night,", "Samir"),
        # the speaker from the right clause
        ("The senator, Ann Cole, told a voter who suggested she had ignored the district that "
         "“I have been here every single weekend.”", "I have been here every single weekend.", "Ann Cole"),
        ("In the northern city of Leeds, Priya, 34, who owns a small bakery selling bread, said: "
         "“Flour costs twice what it did.”", "Flour costs twice what it did.", "Priya"),
        ("In an interview with Reuters, Dana Webb, a fellow at the Institute for Trade and Economic Policy, "
         "said the tariffs would \"hurt farmers first.\"", "hurt farmers first.", "Dana Webb"),
        ("The network aired footage of Mayor Tom Reyes saying, \"We will rebuild every home on this street.\"",
         "We will rebuild every home on this street.", "Tom Reyes"),
        ("“We have enough water for three days,” said Omar Haddad, who runs the shelter.",
         "We have enough water for three days,", "Omar Haddad"),
        ("“The vote is final,” the chairman, Piet de Vries, said on Tuesday.",
         "The vote is final,", "Piet de Vries"),
        ("The mayor, Lena Ortiz, said the bridge would “reopen before the winter” after repairs.",
         "reopen before the winter", "Lena Ortiz"),
        ("Coach Dan Pruitt told reporters that “nobody in this room is giving up.”",
         "nobody in this room is giving up.", "Dan Pruitt"),
        # a group's name the parser hung on the verb, not on the noun it names
        ("Outside groups wasted no time. The conservative group Taxpayers First branded the mayor’s speech "
         "“a hostage note with footnotes,” while others cheered.", "a hostage note with footnotes,", "Taxpayers First"),
        # a time clause the parser read as a complement: its own speaker, not the main clause's
        ("The city has received \"no formal request\" from the state, a council spokesman said Thursday, a day "
         "after Governor Ann Lee said the \"ball is in the city's court\".", "ball is in the city's court", "Ann Lee"),
        # "the wife of X, NAME": the name set off by commas is the wife's, not the husband's
        ("Wife of engineer Pavel Orlov, Marina Orlova, in a conversation with the paper said: «I spoke with "
         "him on Tuesday night».", "I spoke with him on Tuesday night", "Marina Orlova"),
        ("The mother of the missing sailor Oleg Ivanov, Irina Ivanova, told reporters: «He called me on Sunday».",
         "He called me on Sunday", "Irina Ivanova"),
        # a role word after a quote whose "the spokesman" resolved to a person: that person
        ("CAIRO, May 3 — Spokesman of the Ministry of Foreign Affairs Omar Haddad said on Monday that the talks "
         "continue \"within the framework of the treaty.\"\n\n\"The report is not balanced. This is not "
         "professional,\" the spokesman said.\n\nReferring to the agency's latest report, the Egyptian diplomat "
         "said: \"Such statements serve only politics.\"", "Such statements serve only politics.", "Omar Haddad"),
        # a lead-in source gives way to a speech verb between it and the quote
        ("Per the memo, Senator Joan Pike said “the plan is dead.”", "the plan is dead.", "Joan Pike"),
        # a name the parser reads as an adverb of the verb
        ("The moderator, Brent Cole, asked both candidates to be brief. “Candidates, I'm going to ask you "
         "again,” Cole said at one point.", "Candidates, I'm going to ask you again,", "Brent Cole"),
        # a particle the parser reads as an adverb ("shot back")
        ("Rep. Nora Quist faced her challenger on Tuesday. “You can’t fix it if you never start,” she shot back.",
         "You can’t fix it if you never start,", "Nora Quist"),
        # evaluative and assessing verbs of translated copy
        ("The opposition deputy Ana Ruiz, however, qualified the plan as «pure propaganda» on Monday.",
         "pure propaganda", "Ana Ruiz"),
        ("The head of the farmers' union, Ana Ruiz, assessed that the promises are „a small step, nothing more“.",
         "a small step, nothing more", "Ana Ruiz"),
        ("Spokesman Omid Karimi spoke on Monday. Karimi also rejected the statement of the three countries as "
         "\"interventionist\" and \"far from reality.\"", "interventionist", "Omid Karimi"),
        # "continue to …" is going on doing, not going on saying: the reporting verb above it speaks
        ("Chief Cabinet Secretary Yuko Sato spoke on Thursday. The top government spokeswoman said Japan would "
         "\"respond calmly\" and would continue to \"do its utmost for vigilance\" in the area.",
         "do its utmost for vigilance", "Yuko Sato"),
        # a name the tagger ran into the ministry's before it: the name from a known first name on
        ("CAIRO, May 3 — Spokesman of the Ministry of Foreign Affairs Omar Haddad said on Monday that the talks "
         "continue \"within the framework of the treaty.\"", "within the framework of the treaty.", "Omar Haddad"),
        ("For his part, said the official spokesman of the Ministry of Petroleum and Mineral Resources Nabil Mansour "
         "that Cairo «will supply the agreed quantities on time».", "will supply the agreed quantities on time",
         "Nabil Mansour"),
        ("The spokesman for Senator Mary Lou Harris said the bill was \"dead on arrival.\"", "dead on arrival.",
         "Mary Lou Harris"),
        # "I" in an interview's answer line: the person the lead-in names
        ("Interior Minister Lena Osipova spoke to our agency about the border.\n\n— What will you tell the "
         "villagers?\n\n— I would say what I told the elders last month: «The state is with you». And I will "
         "repeat it.", "The state is with you", "Lena Osipova"),
        # a document speaks for the body that issued it: "its report", "the report's authors", "the text"
        ("The nonpartisan Ohio Budget Watch, which reviewed both plans last month, labelled the proposal \"the most "
         "expensive promise in the race.\" Its report found that \"the plan would cut revenue by a third by 2030.\"",
         "the plan would cut revenue by a third by 2030.", "nonpartisan Ohio Budget Watch"),
        ("But a report from the nonpartisan Center for Tax Policy found that “the deficit rose roughly 31%.”\n\n"
         "“If you pick the right eight months, you can make almost any number double,” the report’s authors wrote.",
         "If you pick the right eight months, you can make almost any number double,", "nonpartisan Center for Tax Policy"),
        ("The state lithium company ENL informed in a statement that output reached «a record». «ENL keeps its "
         "commitment to the communities of the south», the text says.",
         "ENL keeps its commitment to the communities of the south", "state lithium company ENL"),
    ],
    "speech_noun_owner": [
        ("Senator Mae Holt's promise that the plant would “stay open for a decade” did not calm the workers.",
         "stay open for a decade", "Mae Holt"),
    ],
    "verb_beside": [
        # a passive speech verb with no subject, "in the document": the document's issuer
        ("The Foreign Ministry of Norland issued a statement on the border incident on Monday.\n\n«The ministry "
         "calls on the other side to refrain from any steps that can lead to escalation», — is underlined in the "
         "document.", "The ministry calls on the other side to refrain from any steps that can lead to escalation",
         "Foreign Ministry of Norland"),
        ("Harbour master Ray Lowe paused. “For now,” he said, “the harbour stays closed to every boat.”",
         "the harbour stays closed to every boat.", "Ray Lowe"),
    ],
    "according_to": [
        ("The strike will last “as long as it takes,” according to union leader Carla Mendes.",
         "as long as it takes,", "Carla Mendes"),
    ],
    "message_from": [
        ("“Stay indoors and keep the windows shut” was the message from fire chief Ron Albers.",
         "Stay indoors and keep the windows shut", "Ron Albers"),
    ],
    "verb_nearby": [
        # "the spokesperson" after a newer "a spokesperson for X" than the one named before: X's
        ("Health ministry spokesperson Lena Park told a briefing that the plan was on track.\n\n"
         "\"Nothing has changed,\" Park said.\n\n\"We will keep going.\"\n\nHours later, the state news agency "
         "said the dam was sound and quoted a spokesperson for the country's Water Authority as saying the dam "
         "\"passed every test.\"\n\n\"The dam is safe and will stay open for the whole season,\" the spokesperson "
         "was quoted as saying.", "The dam is safe and will stay open for the whole season,", "Water Authority"),
        ("The mayor paused. “So the plan is dead?” Ms Lowe pressed.", "So the plan is dead?", "Lowe"),
        ("The talks, the envoy Karl Berg said, had been “productive and frank” from the start.",
         "productive and frank", "Karl Berg"),
    ],
    "dash_credit": [
        ("We asked voters what matters.\u00a0\n“Rent. Just rent.”\n― Dana Ruiz, 33, nurse, Elm Park\n\n"
         "“Jobs at the mill.” – Paul Berg, 61, Northside", "Rent. Just rent.", "Dana Ruiz"),
        ("We asked voters what matters.\u00a0\n“Rent. Just rent.”\n― Dana Ruiz, 33, nurse, Elm Park\n\n"
         "“Jobs at the mill.” – Paul Berg, 61, Northside", "Jobs at the mill.", "Paul Berg"),
        ("“The forest will take forty years to come back.” — Ingrid Solberg, forester",
         "The forest will take forty years to come back.", "Ingrid Solberg"),
    ],
    "colon_lead_in": [
        ("The woman, who identified herself as Joanne Pell, a nurse from Erie, had a verdict afterward: "
         "“He listened. I'll give him that.”", "He listened. I'll give him that.", "Joanne Pell"),
        ("Governor Amos Reed ended the briefing with a warning: “Do not drive tonight.”",
         "Do not drive tonight.", "Amos Reed"),
    ],
    "speaker_label": [
        ("The minister, Chidi Okonkwo, took questions.\n\nQuestion: Will bread cost more?\n"
         "Okonkwo: «Prices are set by the market, and we will watch them closely.»",
         "Prices are set by the market, and we will watch them closely.", "Chidi Okonkwo"),
        ("Okafor: talks with rebels possible «only on equal terms»\n\n"
         "LAGOS, May 2 - Foreign Minister Chidi Okafor said on Friday that talks were possible.",
         "only on equal terms", "Okafor"),
    ],
    "interview_answer": [
        ("Trade talks stalled on Monday. Minister Ana Ruiz was asked about the next round:\n\n"
         "— Will you walk away?\n— «No. We stay at the table as long as it takes.»\n— And if they refuse?\n"
         "— «Then we wait. We are patient people.»", "Then we wait. We are patient people.", "Ana Ruiz"),
    ],
    "dialogue_turn": [
        ("Nell Darby has run the ferry for thirty years, with her brother Sam at the ropes.\n"
         "“You tied it too loose,” she says.\n“It held last winter,” he says.\n“It did not.”\n“It did.”",
         "It did not.", "Nell Darby"),
        ("Nell Darby has run the ferry for thirty years, with her brother Sam at the ropes.\n"
         "“You tied it too loose,” she says.\n“It held last winter,” he says.\n“It did not.”\n“It did.”",
         "It did.", "Sam"),
        ("Asked whether he had read the report, Mayor Colin Hart shook his head. “I have been busy,” he said.\n"
         "“So you did not read it?” the reporter, Amy Lowe, pressed.\n“I did not say that.”",
         "I did not say that.", "Colin Hart"),
    ],
    "continued_speaker": [
        # after an introduction ending in a colon: its main clause's person, not a speech verb's
        # subject inside it
        ("Governor Ada Burke spoke for 25 minutes. \"We are not done,\" Burke said.\n\nLater, she laid out what "
         "aides describe as the heart of her campaign. An excerpt, as delivered:\n\n\"When I took office, the roads "
         "were a mess. We fixed them.\"", "When I took office, the roads were a mess. We fixed them.", "Ada Burke"),
        # an introduction ending in a colon with no speech verb; a speaking participle leading the paragraph
        ("In the speech, which ran nearly an hour, Hill laid out her position in personal terms:\n\n“I have "
         "worked with these people for ten years. I know their numbers.”", "I have worked with these people for ten "
         "years. I know their numbers.", "Hill"),
        ("In the speech, Mayor Dana Hill laid out her position in unusually personal terms:\n\n“I have worked with "
         "these people for ten years. I know their numbers.\n\n“What I do not know is whether they will vote.”",
         "I have worked with these people for ten years. I know their numbers.\n\n“What I do not know is whether "
         "they will vote.", "Dana Hill"),
        ("Speaking at the town hall, Mayor Dana Hill framed the review as simple bookkeeping.\n\n“Last year this "
         "city spent $9 million on overtime. That is more than we spent on parks.”",
         "Last year this city spent $9 million on overtime. That is more than we spent on parks.", "Dana Hill"),
        # someone speaking after the paragraph's last quote goes on, not that quote's speaker
        ("At home, Rep. Yara Pinto holds what she calls “porch sessions,” meetings in voters’ yards. Adela Mora, "
         "a retired teacher who hosted one in July, said about 40 neighbors came.\n\n“She stayed until the last "
         "person had asked a question.”", "She stayed until the last person had asked a question.", "Adela Mora"),
        ("“The levee held,” said Tomas Vidal, an engineer. “We were lucky this time.”",
         "We were lucky this time.", "Tomas Vidal"),
    ],
}

# rule name -> [(text, the quoted words it drops)]
NOT_SPEECH_CASES = {
    "heading": [
        ("‘A quiet street’\n\nResidents of Elm Road said the night was calm.", "A quiet street"),
    ],
    "work_title": [
        ("He plugged his 2022 memoir, “Miles and Miles: A Trucker's Life,” at every stop, aides said.",
         "Miles and Miles: A Trucker's Life,"),
        ("Speaking on KQED's \"Morning Forum,\" Davis said the plan \"would take years.\"", "Morning Forum,"),
    ],
    "unattributed": [
        ("The report uses the phrase “managed decline” twice.", "managed decline"),
    ],
    "nobody_speaks": [
        ("The term describes “shrinking packs” in shops.", "shrinking packs"),
        # a one-word headline term with no one speaking in the headline, though a body quote uses it
        ("Explained: what is ‘greenhushing’?\n\nFirms are going quiet about climate goals. \"Greenhushing "
         "is real and it is growing,\" said analyst Mira Kohl.", "greenhushing"),
    ],
    "named_thing": [
        ("The ship, nicknamed “the Old Lady”, sailed again on Friday, the harbour master said.",
         "the Old Lady"),
    ],
    "title_of_work": [
        ("She read from “The Long Way Home” at the library, the organisers said.", "The Long Way Home"),
    ],
}


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def test_every_rule_has_cases():
    assert {rule.__name__ for rule in CUE_RULES} == set(CUE_CASES)
    assert {rule.__name__ for rule in NOT_SPEECH_RULES} == set(NOT_SPEECH_CASES)


@pytest.mark.parametrize("rule,text,words,speaker",
                         [(rule, *case) for rule, cases in CUE_CASES.items() for case in cases])
def test_cue_rule(nlp, rule, text, words, speaker):
    quotes = next(extract_many([text], nlp))
    match = [q for q in quotes if q.text.strip() == words]
    assert match, [q.text for q in quotes]
    assert (match[0].speaker, match[0].rule) == (speaker, rule)


def _rejected(nlp, text):
    rejected = []

    def get_paragraph(index):
        a, b = paragraphs(text)[index]
        return Paragraph(index, a, b, nlp(text[a:b]), a)

    quotes = attribute_article(text, get_paragraph, rejected=rejected)
    return quotes, rejected


@pytest.mark.parametrize("rule,text,words",
                         [(rule, *case) for rule, cases in NOT_SPEECH_CASES.items() for case in cases])
def test_not_speech_rule(nlp, rule, text, words):
    quotes, rejected = _rejected(nlp, text)
    assert words not in [q.text.strip() for q in quotes]
    assert (words, rule) in [(body.strip(), name) for body, name in rejected]


def test_stored_quotes_record_their_rule(fresh_db, nlp):
    from tracker import pipeline
    from tracker.articles import Article

    text = ("Harbour master Ray Lowe paused. “For now,” he said, “the harbour stays closed to every boat.”\n"
            "“The forest will take forty years to come back.” — Ingrid Solberg, forester")
    pipeline.ingest(fresh_db, [Article(text=text, source="rules.txt", outlet="Test Wire")], nlp=nlp)
    rules = {row["text"]: row["rule"] for row in fresh_db.query("select text, rule from quotes")}
    assert rules == {"For now,": "verb_above", "the harbour stays closed to every boat.": "verb_beside",
                     "The forest will take forty years to come back.": "dash_credit"}
    facet = list(fresh_db.query("select rule, count(*) as n from quotes group by rule order by rule"))
    assert [(row["rule"], row["n"]) for row in facet] == [("dash_credit", 1), ("verb_above", 1), ("verb_beside", 1)]


def test_a_database_from_before_the_rule_column_gains_it(tmp_path):
    import sqlite_utils

    from tracker import store

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    old["quotes"].create({"id": str, "text": str}, pk="id")
    old["quotes"].insert({"id": "q1", "text": "words"})
    old.close()
    db = store.open_db(path)
    assert "rule" in db["quotes"].columns_dict
    assert db.execute("select rule from quotes where id = 'q1'").fetchone() == (None,)
    assert 10 in {row["version"] for row in db.query("select version from migrations")}
