"""False-merge traps and cross-spelling merges, through the registry as ingest uses it.

A missed merge costs a split speaker page; a wrong one puts words in someone else's mouth,
so each trap here must keep two people apart, and each merge must find one person.
"""
import pytest

from tracker.speakers import SpeakerRegistry


def resolve(reg, article, *items):
    return [sid for sid, _rule in reg.resolve_article(list(items), article)]


def now(reg, ids):
    """The ids these speakers go by now: a fuller name found later renames a speaker, and
    its earlier id answers with the new one."""
    return [reg.current_id(sid) for sid in ids]


def test_spellings_of_one_person_across_articles_join():
    reg = SpeakerRegistry()
    a = resolve(reg, "a1", {"name": "Sergey Yevgenyevich Matveyev",
                            "mention": "Russian Deputy Foreign Minister Sergey Yevgenyevich Matveyev"})
    b = resolve(reg, "a2", {"name": "Sergei Matveev"})
    c = resolve(reg, "a3", {"name": "Jianguo Qiao"}, {"name": "Liu Zhenhua"})
    d = resolve(reg, "a4", {"name": "Chien-kuo", "mention": "Special representative of PRC Ch'iao Chien-kuo"},
                {"name": "Zhenhua Liu"})
    e = resolve(reg, "a5", {"name": "Qiao Jianguo"})
    a, b, c, d, e = (now(reg, ids) for ids in (a, b, c, d, e))
    assert a == b
    assert c == [d[0], d[1]] and e[0] == c[0]
    assert reg.speakers[a[0]].name == "Sergei Matveev"  # the patronymic is no extra name
    assert a[0] == "sergei-matveev"  # the id is the name shown
    assert reg.speakers[c[0]].name in ("Qiao Jianguo", "Jianguo Qiao")  # pinyin over Wade-Giles


def test_display_name_keeps_the_original_letters_whatever_the_order():
    names = ["Alper Kilinc", "Alper Kılınç"]
    shown = set()
    for order in (names, names[::-1]):
        reg = SpeakerRegistry()
        ids = [resolve(reg, f"a{i}", {"name": n})[0] for i, n in enumerate(order)]
        assert len(set(ids)) == 1
        shown.add(reg.speakers[ids[0]].name)
    assert shown == {"Alper Kılınç"}


def test_a_bare_first_name_does_not_join_a_full_name_of_another_article():
    reg = SpeakerRegistry()
    queen = resolve(reg, "a1", {"name": "Rania al-Abdullah", "mention": "Queen Rania of Jordan"})
    resident = resolve(reg, "a2", {"name": "Rania", "mention": "one woman, Rania"})
    assert queen != resident


def test_two_people_sharing_a_family_name_stay_apart_and_a_bare_surname_is_scoped():
    reg = SpeakerRegistry()
    khalid, sara = resolve(reg, "a1", {"name": "Khalid al-Hashimi"}, {"name": "Sara al-Hashimi"})
    assert khalid != sara
    # an article naming both: a bare "al-Hashimi" is neither of them
    bare, k2, s2 = resolve(reg, "a2", {"name": "al-Hashimi"}, {"name": "Khalid al-Hashimi"},
                           {"name": "Sara al-Hashimi"})
    assert bare not in (khalid, sara) and (k2, s2) == (khalid, sara)
    assert reg.speakers[bare].scope == "a2"
    # an article naming one of them in full: the bare surname is that one
    bare3, k3 = resolve(reg, "a3", {"name": "Hashimi"}, {"name": "Khalid Al Hashimi"})
    assert bare3 == k3 == khalid


def test_liu_shared_by_two_people_in_either_name_order():
    reg = SpeakerRegistry()
    zhenhua, meiling = resolve(reg, "a1", {"name": "Zhenhua Liu"}, {"name": "Liu Meiling"})
    assert zhenhua != meiling
    bare = resolve(reg, "a2", {"name": "Liu"})[0]
    assert bare not in (zhenhua, meiling)


def test_a_given_name_is_not_a_family_name():
    reg = SpeakerRegistry()
    ammar = resolve(reg, "a1", {"name": "Ammar el-Hussein",
                                "mention": "Syrian Deputy Minister of Agriculture Ammar el-Hussein"})[0]
    jabbar = resolve(reg, "a2", {"name": "Hussein Jabbar"})[0]
    # the extractor took "al-Hussein" for the Hussein Jabbar of its article
    found = resolve(reg, "a3", {"name": "Hussain Jabbar", "mention": "al-Hussein"},
                    {"name": "Hussain Jabbar", "mention": "Hussein Jabbar, head of the union"})
    assert ammar != jabbar
    assert now(reg, found) == now(reg, [ammar, jabbar])
    assert resolve(reg, "a4", {"name": "Ali Hassan"})[0] != resolve(reg, "a5", {"name": "Yusuf al-Ali"})[0]


def test_a_person_is_not_an_organisation_that_shares_a_word():
    reg = SpeakerRegistry()
    person = resolve(reg, "a1", {"name": "Alper Kılınç"})[0]
    company = resolve(reg, "a2", {"name": "Kılınç Holding", "kind": "organization"})[0]
    steel = resolve(reg, "a3", {"name": "Zhenhua Steel Group", "kind": "organization"})[0]
    liu = resolve(reg, "a3", {"name": "Zhenhua Liu"})[0]
    assert person != company and steel != liu
    assert reg.speakers[company].kind == "organization"


def test_a_role_before_a_name_makes_a_person_of_an_organisation_mention():
    reg = SpeakerRegistry()
    sid = resolve(reg, "a1", {"name": "European commission", "kind": "organization",
                              "mention": "The official representative of the European commission "
                                         "on questions of trade Olivier Menard"})[0]
    other = resolve(reg, "a2", {"name": "Olivier Ménard"})[0]
    assert sid == other and reg.speakers[sid].kind == "person"


def test_spokesmen_of_different_ministries_and_anonymous_sources_stay_apart():
    reg = SpeakerRegistry()
    one = resolve(reg, "a1", {"name": "the spokesman", "mention": "the spokesman"})[0]
    two = resolve(reg, "a2", {"name": "the spokesman", "mention": "the spokesman"})[0]
    anon1 = resolve(reg, "a1", {"name": "a senior official", "kind": "anonymous"})[0]
    anon2 = resolve(reg, "a2", {"name": "a senior official", "kind": "anonymous"})[0]
    assert one != two and anon1 != anon2


def test_machine_translated_roles_find_the_person():
    reg = SpeakerRegistry()
    named = resolve(reg, "a1", {"name": "Ayşe Gül Yılmazer"}, {"name": "Zhanibek Seitkaliyev"},
                    {"name": "Jeyhun Mammadov"})
    found = resolve(reg, "a2",
                    {"name": "of Turkey Ayse Yilmazer",
                     "mention": "the minister of trade of Turkey Ayse Yilmazer"},
                    {"name": "and integration of Kazakhstan Dzhanibek Seytkaliev",
                     "mention": "Minister of trade and integration of Kazakhstan Dzhanibek Seytkaliev"},
                    {"name": "Host of the meeting",
                     "mention": "Host of the meeting, the minister of ecology of Azerbaijan "
                                "Dzheikhun Mamedov"})
    assert now(reg, found) == now(reg, named)


def test_a_shared_surname_goes_to_the_one_named_in_full_just_before():
    reg = SpeakerRegistry()
    ids = resolve(reg, "a1", {"name": "Khalid al-Hashimi"}, {"name": "Hashimi", "mention": "Hashimi"},
                  {"name": "Sara al-Hashimi"}, {"name": "al-Hashimi", "mention": "al-Hashimi"})
    assert ids[1] == ids[0] and ids[3] == ids[2] and ids[0] != ids[2]
    # a pronoun the extractor resolved to the bare surname is not the article's own words:
    # its referent may be a third bearer never named in full (the story's subject)
    ids = resolve(reg, "a2", {"name": "Catriona Munro"}, {"name": "Munro", "mention": "he"},
                  {"name": "Ewan Munro"})
    assert ids[1] not in (ids[0], ids[2]) and reg.speakers[ids[1]].scope == "a2"


def test_a_description_resolves_to_the_person_named_just_before_with_that_role():
    reg = SpeakerRegistry()
    ids = resolve(reg, "a1",
                  {"name": "Claire Vautrin", "mention": "Foreign Minister Claire Vautrin"},
                  {"name": "the minister", "mention": "the minister", "kind": "person"})
    assert ids[1] == ids[0]
    # someone else named in between, or another role: unresolved, and scoped
    ids = resolve(reg, "a2",
                  {"name": "Khalid al-Hashimi", "mention": "Iraq's minister Khalid al-Hashimi"},
                  {"name": "Mammadov", "mention": "Mammadov"},
                  {"name": "the minister", "mention": "the minister", "kind": "person"},
                  {"name": "the Spanish diplomat", "mention": "the Spanish diplomat", "kind": "person"})
    assert ids[2] not in ids[:2] and reg.speakers[ids[2]].scope == "a2"
    assert ids[3] not in ids[:3]
    # the spokesman of one article is not the spokesman named in another
    other = resolve(reg, "a3", {"name": "the spokesman", "mention": "the spokesman", "kind": "person"})[0]
    named = resolve(reg, "a4", {"name": "Hossein Mirzazadeh",
                                "mention": "Foreign Ministry spokesman Hossein Mirzazadeh"})[0]
    assert other != named


def test_bodies_with_the_same_proper_words_join_but_not_on_one_shared_word():
    reg = SpeakerRegistry()
    group = resolve(reg, "a1", {"name": "Zhenhua Steel Group", "kind": "organization"})[0]
    company = resolve(reg, "a2", {"name": "Company Zhenhua Steel in the statement",
                                  "kind": "organization"})[0]
    assert company == group
    commission = resolve(reg, "a3", {"name": "European Commission", "kind": "organization"})[0]
    parliament = resolve(reg, "a4", {"name": "European Parliament", "kind": "organization"})[0]
    assert commission != parliament


def test_the_person_the_words_at_the_quote_name_wins_over_another_name_given_for_it():
    """The extractor gave one person's name, but the words at the quote name another in
    full: the quote is that other person's."""
    reg = SpeakerRegistry()
    minister = resolve(reg, "a1", {"name": "Pavel Orlov", "mention": "Foreign Minister Pavel Orlov"})
    spokes = resolve(reg, "a2", {"name": "Pavel Orlov",
                                 "mention": "the press secretary of the Ministry of Foreign Affairs "
                                            "of the Kyrgyz Republic Bakyt Osmonov"})
    assert now(reg, spokes) != now(reg, minister)
    assert reg.speakers[now(reg, spokes)[0]].name == "Bakyt Osmonov"
    # a name that shares a word with the mention stays (the mention is a fuller form)
    same = resolve(reg, "a3", {"name": "Pavel Orlov", "mention": "The envoy for the Baltic Sea, Pavel Orlov"})
    assert now(reg, same) == now(reg, minister)


@pytest.mark.parametrize("mention", [
    "a spokesperson for Senator Harold Grimes",
    "a lawyer for former Prime Minister Harold Grimes",
    "the wife of Harold Grimes",
])
def test_words_that_speak_for_someone_named_keep_the_given_speaker(mention):
    reg = SpeakerRegistry()
    aide = resolve(reg, "a1", {"name": "Dana Whitcomb", "mention": mention})
    assert reg.speakers[aide[0]].name == "Dana Whitcomb"


def test_a_bare_given_name_is_not_an_office_holder_of_the_article():
    """"Mohammed" in an article about "Interior Minister Mohammed Karim Haddad" is someone
    else (a shopkeeper who gave only his first name); titled ("Sheikh Mohammed") or a
    family name written first ("Park" for "Park Seo-yeon"), it is the person named."""
    reg = SpeakerRegistry()
    ids = resolve(reg, "a1",
                  {"name": "Mohammed Karim Haddad", "mention": "Interior Minister Mohammed Karim Haddad"},
                  {"name": "Mohammed", "mention": "Mohammed"})
    assert ids[0] != ids[1]
    reg = SpeakerRegistry()
    ids = resolve(reg, "a2",
                  {"name": "Mohammed bin Salem Al Nuaimi", "mention": "Foreign Minister Sheikh Mohammed bin Salem Al Nuaimi"},
                  {"name": "Mohammed", "mention": "Sheikh Mohammed"})
    assert ids[0] == ids[1]
    reg = SpeakerRegistry()
    ids = resolve(reg, "a3",
                  {"name": "Park Seo-yeon", "mention": "ministry spokesperson Park Seo-yeon"},
                  {"name": "Park", "mention": "Park"})
    assert ids[0] == ids[1]
    # a person with no office may be called by the given name in the article
    reg = SpeakerRegistry()
    ids = resolve(reg, "a4", {"name": "Layla Haddad", "mention": "Layla Haddad, 34, a teacher"},
                  {"name": "Layla", "mention": "Layla"})
    assert ids[0] == ids[1]


def test_a_titled_name_given_as_a_body_is_the_person_whatever_the_mention():
    reg = SpeakerRegistry()
    name = "Spokesman of the Ministry of Foreign Affairs Reza Karimi"
    ids = resolve(reg, "a1", {"name": name, "kind": "organization", "mention": name},
                  {"name": name, "kind": "organization", "mention": "the spokesman"},
                  {"name": "Karimi", "mention": "Karimi"})
    assert ids[0] == ids[1] == ids[2]
    assert reg.speakers[ids[0]].kind == "person" and reg.speakers[ids[0]].name == "Reza Karimi"


def test_a_body_run_into_the_given_name_is_cut_off_by_the_mention():
    """The extractor's name kept the body a translated role put before the person; the
    mention, read as a role, shows where the name starts."""
    reg = SpeakerRegistry()
    first = resolve(reg, "a1", {"name": "Hossein Karimi", "mention": "Hossein Karimi, a doctor with Green Crescent"})
    later = resolve(reg, "a2", {"name": "Green Crescent Hosein Karimi",
                                "mention": "Doctor of organisation Green Crescent Hosein Karimi"})
    assert now(reg, later) == now(reg, first)


def test_a_given_name_and_patronymic_is_the_one_person_of_the_article_with_that_given_name():
    reg = SpeakerRegistry()
    ids = resolve(reg, "a1", {"name": "Sergey Rudnev", "mention": "Foreign Minister Sergey Rudnev"},
                  {"name": "Sergey Valentinovich", "mention": "the minister"})
    assert ids[0] == ids[1]
    # in another article, or with two Sergeys in this one, it joins no one
    other = resolve(reg, "a2", {"name": "Sergey Valentinovich"})
    assert other[0] != ids[0]
    two = resolve(reg, "a3", {"name": "Sergey Rudnev"}, {"name": "Sergei Ivanov"},
                  {"name": "Sergey Valentinovich"})
    assert two[2] not in (two[0], two[1])


def test_a_bare_role_goes_to_the_holder_of_that_office_not_to_its_shadow():
    """The extractor gave "the housing secretary" the name of the shadow housing secretary;
    the article names one person with the office itself: the quote is hers."""
    reg = SpeakerRegistry()
    ids = resolve(reg, "a1",
                  {"name": "Joan Pryor", "description": "The housing secretary", "mention": "Pryor"},
                  {"name": "Alan Brisco", "description": "The shadow housing secretary",
                   "mention": "The shadow housing secretary, Alan Brisco"},
                  {"name": "Alan Brisco", "description": "The shadow housing secretary",
                   "mention": "the housing secretary"})
    assert ids[2] == ids[0] != ids[1]
    # when the article gives no one the office itself, the extractor's name stands
    reg = SpeakerRegistry()
    ids = resolve(reg, "a2",
                  {"name": "Alan Brisco", "description": "The shadow housing secretary",
                   "mention": "The shadow housing secretary, Alan Brisco"},
                  {"name": "Alan Brisco", "mention": "the housing secretary"})
    assert ids[0] == ids[1]


def test_a_role_finds_the_person_named_before_with_it_even_after_a_bare_surname():
    """"Col. X, an army spokesman" ... "X said" ... "the spokesman added": the role the article
    gave the person once holds for every later mention of them."""
    reg = SpeakerRegistry()
    ids = resolve(reg, "a1",
                  {"name": "Omar al-Fadil", "description": "Col.", "mention": "Col. Omar al-Fadil, an army spokesman"},
                  {"name": "Fadil", "mention": "Fadil"},
                  {"name": "spokesman", "mention": "the spokesman"})
    assert ids[0] == ids[1] == ids[2]
    # a role the person was never given stays unresolved
    reg = SpeakerRegistry()
    ids = resolve(reg, "a2",
                  {"name": "Omar al-Fadil", "description": "Col.", "mention": "Col. Omar al-Fadil, an army officer"},
                  {"name": "Fadil", "mention": "Fadil"},
                  {"name": "spokesman", "mention": "the spokesman"})
    assert ids[2] != ids[0]


def test_a_possessive_surname_the_tagger_read_as_a_body_is_the_person_named_in_full():
    reg = SpeakerRegistry()
    ids = resolve(reg, "a1", {"name": "Carla Vennholt", "mention": "Sen. Carla Vennholt"},
                  {"name": "Vennholt", "kind": "organization", "mention": "Vennholt’s"})
    assert ids[0] == ids[1]
    # with no one of that name in the article, the body stays a body
    reg = SpeakerRegistry()
    ids = resolve(reg, "a2", {"name": "Carla Vennholt"}, {"name": "Medtronic", "kind": "organization",
                                                          "mention": "Medtronic’s"})
    assert reg.speakers[ids[1]].kind == "organization"


def test_a_role_owned_by_a_country_finds_the_person_named_just_before_with_that_role():
    reg = SpeakerRegistry()
    ids = resolve(reg, "a1",
                  {"name": "Ivo Marek", "mention": "Foreign Minister Ivo Marek"},
                  {"name": "Norland's foreign minister", "mention": "he"})
    assert ids[0] == ids[1]
    # the aide of the minister is not the minister
    ids = resolve(reg, "a2",
                  {"name": "Ivo Marek", "mention": "Foreign Minister Ivo Marek"},
                  {"name": "the foreign minister's aide", "mention": "the foreign minister's aide"})
    assert ids[0] != ids[1]


def test_the_office_holder_found_for_a_bare_role_takes_the_role_only_once():
    """Two quotes "the housing secretary" the extractor both gave to the shadow secretary:
    both go to the secretary, the first not lending her the shadow's office."""
    reg = SpeakerRegistry()
    shadow = {"name": "Alan Brisco", "description": "The shadow housing secretary",
              "mention": "the housing secretary"}
    ids = resolve(reg, "a1",
                  {"name": "Joan Pryor", "description": "The housing secretary", "mention": "Pryor"},
                  {"name": "Alan Brisco", "description": "The shadow housing secretary",
                   "mention": "The shadow housing secretary, Alan Brisco"}, shadow, dict(shadow))
    assert ids[2] == ids[3] == ids[0] != ids[1]


def test_whether_a_bare_given_name_joins_does_not_depend_on_the_order_of_articles():
    """Only the article's own words decide whether it gives the person an office."""
    office = [{"name": "Mohammed Karim Haddad", "mention": "Interior Minister Mohammed Karim Haddad"}]
    plain = [{"name": "Mohammed Karim Haddad", "mention": "Mohammed Karim Haddad"},
             {"name": "Mohammed", "mention": "Mohammed"}]
    for first, second in ((("b", office), ("a", plain)), (("a", plain), ("b", office))):
        reg = SpeakerRegistry()
        got = {aid: resolve(reg, aid, *items) for aid, items in (first, second)}
        ids = now(reg, got["a"])
        assert ids[0] == ids[1]


def test_two_bodies_whose_quotes_are_both_a_report_stay_apart():
    """"a report by X" and "a report by Y": the document word is no body both are named."""
    reg = SpeakerRegistry()
    a = resolve(reg, "a1", {"name": "Great Plains Policy Institute", "kind": "organization",
                            "description": "report", "mention": "a report by the Great Plains Policy Institute"})
    b = resolve(reg, "a2", {"name": "Harbor Fiscal Project", "kind": "organization",
                            "description": "report", "mention": "A report by the Harbor Fiscal Project"})
    assert now(reg, a) != now(reg, b)

