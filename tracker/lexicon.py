"""Every word list in one place: speech verbs, channels, organisation, role and title words,
name particles. The extractor and the speaker registry read the same lists, so a word is a
title (or an organisation head) for both or for neither.

Kept apart from the rules so that they can be read and extended without touching the logic.
"""

# Lemmas of verbs that report speech or writing (said, told, posted, insisted...).
SPEECH_VERBS = frozenset("""
say tell add state announce declare insist claim assert write post tweet explain note warn
urge deny describe call conclude concede argue acknowledge admit reply respond answer ask
confirm report recall suggest stress emphasize emphasise reiterate vow pledge promise predict
complain quip joke remark comment observe agree accuse criticize criticise demand mention
boast cry shout scream whisper exclaim maintain contend testify plead threaten brag counter
retort caution advise inform assure recount dismiss charge allege blast slam
lament hail praise welcome tout reveal disclose signal indicate estimate proclaim
repeat continue read term laugh smile grin shrug chant yell holler muse sigh beg implore interject concur echo
underline underscore highlight affirm reassure reckon opine posit mutter murmur grumble gush fume
summarize summarise characterize characterise
brand liken label compare press
question assess qualify reject
""".split())

# Verbs that report speech only with their particle or preposition: "pointed out that",
# "went after X as “…”", "lashed out at", "went on about “…”" (the particle and the
# preposition joined by a space: both words needed, "went on" alone is no speech).
PHRASAL_SPEECH_VERBS = frozenset({("point", "out"), ("go", "after"), ("go", "on about"), ("rule", "out"), ("lash", "out"), ("hit", "back"),
                                  ("fire", "back"), ("shoot", "back"), ("weigh", "in"), ("speak", "out"), ("sound", "off")})

# Verbs of telling someone: "X told a woman who suggested … that “…”" is X's quote.
TELLING_VERBS = frozenset({"tell", "assure", "inform", "remind", "warn", "promise", "answer", "reply", "write"})

# Nouns for anyone, not for a role: "the woman" is not the person named just before.
PLAIN_PERSON_WORDS = frozenset({"man", "woman", "person", "people", "boy", "girl", "child", "teenager",
                                "resident", "voter", "witness", "neighbour", "neighbor", "customer",
                                "passenger", "patient", "stranger", "caller", "reader", "viewer"})

# First words of a paragraph label that names no speaker ("Question: …", "Related: …").
NOT_SPEAKER_LABELS = frozenset({"question", "answer", "q", "a", "update", "note", "editor's", "correction",
                                "watch", "read", "related", "more", "photo", "video", "source", "sources"})

# First words of a dash line that is no credit ("— And if they refuse?").
NOT_CREDIT_WORDS = frozenset({"and", "but", "or", "if", "so", "then", "when", "what", "why", "how", "is",
                              "are", "do", "does", "did", "will", "would", "can", "could", "question"})

# Recordings of someone speaking: "footage of X saying …" is X's speech.
RECORDING_NOUNS = frozenset({"footage", "video", "clip", "recording", "tape", "audio", "image", "images",
                             "photo", "photos", "livestream", "broadcast"})

# Documents that speak for their authors: "a report by X found that “…”" is X's.
DOCUMENT_NOUNS = frozenset({"report", "study", "survey", "analysis", "audit", "review", "poll",
                            "investigation", "paper", "assessment", "memo", "filing", "lawsuit",
                            "complaint", "ruling", "indictment"})
# What a document does with its findings, as a speech verb: "the audit found that …".
DOCUMENT_VERBS = frozenset({"find", "show", "conclude", "say", "state", "warn", "note", "estimate",
                            "project", "predict", "allege", "argue", "rate", "determine"})

# Verbs that are speech only with a complement clause or quote, never bare ("called for").
WEAK_SPEECH_VERBS = frozenset({"brand", "liken", "label", "compare", "call", "term", "laugh", "smile", "grin", "shrug", "continue", "agree", "describe", "welcome", "hail", "praise", "signal",
                               "indicate", "estimate", "repeat", "charge", "qualify", "assess", "reject"})

# Nouns naming the medium or venue a statement was made on or in.
CHANNEL_WORDS = frozenset("""
telegram twitter x facebook instagram tiktok youtube truth social media tv television radio
statement interview conference briefing post video message broadcast speech blog podcast
newspaper channel network website site app platform account feed letter op-ed column
communique communiqué release email e-mail text call press reporters journalists broadcaster
agency outlet station newsletter thread livestream stream
""".split())

# Heads of noun phrases that name organisations rather than people; a mention with one and
# no person's name is a body.
ORG_HEADS = frozenset("""
administration agency airforce alliance army assembly association authorities authority
bank board brigade brigades bureau cabinet channel charity club coalition command
commission committee company congress corps council court department embassy federation
firm force forces front fund government group guard hospital house institute kremlin league
media military militia ministry monitor movement navy network ngo observatory office
organisation organization parliament party pentagon police presidency regime school senate
service services state statement states team television un union university white
""".split())

# People who speak for an organisation: "a spokesperson for X" is X speaking.
SPOKES_HEADS = frozenset({"spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative",
                          "statement", "communique", "communiqué", "release", "post", "account",
                          "message", "website", "channel", "text", "document"})

# Nouns for people by role: antecedents of "he"/"she" and of "the minister".
PERSON_ROLE_HEADS = frozenset("""
minister president leader head chief commander spokesperson spokesman spokeswoman official
envoy ambassador secretary director general governor mayor king queen prince sheikh emir
senator lawmaker diplomat analyst expert professor doctor resident woman man witness source
fighter soldier officer activist researcher journalist correspondent chairman chairwoman
chair founder ceo executive manager adviser advisor aide negotiator prosecutor judge lawyer
attorney candidate mother father son daughter brother sister wife husband spouse student teacher
worker farmer owner member fellow citizen villager refugee survivor victim player coach
archbishop bishop pope priest pastor nurse surgeon physician author writer poet artist singer
actor actress producer banker investor trader economist scientist historian neighbour neighbor
driver pilot captain striker goalkeeper manager midfielder defender keeper referee officer
detective inspector sergeant constable sheriff deputy trooper firefighter paramedic rescuer
teenager girl boy child grandmother grandfather aunt uncle niece nephew cousin friend
colleague partner employee shopkeeper vendor tenant landlord protester demonstrator voter
host presenter anchor reporter editor councilman councilwoman councillor councilor
defendant accused suspect plaintiff claimant respondent applicant juror patient customer
passenger pilgrim tourist visitor migrant immigrant nominee incumbent challenger
chieftain insider elder villager lawmaker legislator campaigner organiser organizer volunteer agent
""".split())

# Role and title words never part of a person's name ("Foreign Minister", "President-elect").
TITLE_WORDS = frozenset("""
acting adm admiral ambassador attorney ayatollah bishop brigadier capt captain cardinal
chair chairman chairwoman chancellor chief col colonel commander crown dame defence defense
deputy director dr economy emir energy envoy father field finance first foreign former gen
general gov governor head health imam incoming information interior judge justice king lady
leader lieutenant lord lt maj major marshal mayor minister miss mr mrs ms new official
outgoing pope premier president president-elect prime prince princess prof professor queen
rabbi rebel rep representative resident rev secretary sen senator senior sergeant sgt sheik
sheikh sir speaker special spokesman spokesperson spokeswoman state supreme trade u.n. u.s.
un us vice
commissioner undersecretary under-secretary vice-president vice-chairman
councilwoman councilman councilmember councillor councilor congressman congresswoman
assemblyman assemblywoman alderman alderwoman superintendent
""".split())

INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "many", "two", "three"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "we", "you"})
GROUP_PRONOUNS = frozenset({"they", "it", "them", "we"})

FEMALE_WORDS = frozenset({"mrs", "ms", "miss", "madam", "dame", "lady", "woman", "women", "mother",
                          "daughter", "sister", "wife", "queen", "princess", "girl", "grandmother",
                          "chairwoman", "spokeswoman", "congresswoman", "businesswoman"})
MALE_WORDS = frozenset({"mr", "sir", "lord", "man", "men", "father", "son", "brother", "husband",
                        "king", "prince", "boy", "grandfather", "chairman", "spokesman",
                        "congressman", "businessman"})

# "“…” was the message from X": nouns that carry someone's words when followed by "from".
MESSAGE_NOUNS = frozenset({"message", "response", "reply", "verdict", "reaction", "answer", "word",
                           "words", "warning", "view", "assessment", "advice", "plea", "reminder"})

# Words just before a quote that make it a name or a title, not speech: the so-called
# "peace plan", a post titled "What happened", a player nicknamed "the Postman".
NAMING_WORDS = frozenset({"so-called", "titled", "entitled", "named", "dubbed", "nicknamed",
                          "headlined", "codenamed", "as"})

# Nouns for something said; with an owner ("Ilinov's vow that …", "her remark that …")
# they attribute the quote inside them to the owner.
SPEECH_NOUNS = frozenset("""vow pledge promise claim remark comment warning statement words call
demand assertion insistence threat description admission accusation boast declaration tweet
reply response answer plea appeal suggestion argument assurance announcement quip verdict
""".split())

# --- names and bodies (speakers.py, names.py) ---

LEAD_WORDS = {"leader", "head", "chief", "founder"}  # roles one person holds in a body

DETERMINERS = {"the", "a", "an", "one", "this", "that", "these", "those", "some", "his", "her",
               "its", "their", "our"}
PREPOSITIONS = {"of", "for", "to", "in", "at", "from", "with", "on", "by", "close", "near"}
# Lower-case words that belong inside a name ("Mohammed al-Rahmoun", "Ludwig van Beethoven").
PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "umm", "de", "del", "della", "di", "da",
             "van", "von", "der", "den", "du", "le", "la", "dos", "das", "ter", "y", "ul", "ad"}
# Common words of body names; a body whose words are all common names no one in particular
# ("the defence ministry", "the army") until the article says whose.
COMMON_ORG_WORDS = ORG_HEADS | {
    "chief",
    "general", "armed", "force", "defence", "defense", "interior", "foreign", "affairs",
    "security", "national", "state", "federal", "central", "public", "press", "spokesperson",
    "spokesman", "spokeswoman", "and", "high", "supreme", "joint", "chiefs", "staff", "air",
    "naval", "special", "intelligence", "health", "justice", "finance", "information",
    "president", "presidential", "prime", "minister", "ministers", "officials", "official",
    "sources", "local", "regional", "provincial", "city", "municipal", "rebel", "rebels",
    "opposition", "security", "emergency", "civil", "defense", "border", "coast", "head",
    "headquarters", "leadership", "communique", "announcement", "office", "media", "unit",
    "units", "troops", "soldiers", "fighters", "forces", "republican", "islamic",
}
# "X of Y" / "Y's X" where X is part of or speaks for Y: the words are Y's.
SUB_BODY = {"spokesperson", "spokesman", "spokeswoman", "spokespeople", "statement",
            "communique", "announcement", "press", "media", "office", "general", "command",
            "leadership", "headquarters", "representative", "representatives"}
DEMONYM_SUFFIXES = {"n", "an", "ian", "i", "ese", "ish", "ean", "ite"}
COUNTRY_ENDINGS = ("", "e", "y", "ey", "a", "on", "o")

# --- romanisation (names.py) ---

# One spelling per given name that romanises several ways (Russian/Ukrainian, Arabic/Persian):
# the first word of each line is the form the others key as.
GIVEN_NAME_VARIANTS = [line.split() for line in """
sergei sergey serhiy serhii sergej serguei serhij
evgeny yevgeny evgeniy evgenii yevhen yevgen evgenij yevgeniy jevgenij
aleksandr alexander oleksandr aleksander alexandr oleksander
aleksei alexei alexey oleksii oleksiy aleksey oleksij
dmitry dmitri dmitriy dmytro
vladimir volodymyr wladimir
mikhail mykhailo michail mykhaylo
nikolai nikolay mykola
andrei andrey andriy andrii
yuri yury yuriy yurii iurii
oleg oleh
igor ihor
pavel pavlo
grigory grigoriy hryhoriy hryhorii
vasily vasyl vasiliy vasilii
anatoly anatoliy anatolii
yulia yuliya yuliia julia iuliia
olga olha
tatiana tatyana tetiana tetyana
natalia natalya nataliia
ekaterina yekaterina kateryna
mohammed muhammad mohamed mohammad muhammed mohamad muhamad mohammod
hossein hussein husain hussain hosein husayn husein
ahmed ahmad
omar umar
osama usama
youssef yusuf yousef yousif yussef
abdullah abdallah abdulla
yahya yehia yahia
saeed said saied saeid sayeed
osman uthman othman usman
mahdi mehdi
hamid hameed
rashid rasheed
majid majeed
walid waleed
khalil khaleel
""".strip().splitlines()]

# Common given names of the families news romanises (Arabic, Persian, Turkic and Central
# Asian, Slavic, South Asian, and European), besides those of GIVEN_NAME_VARIANTS: where a
# machine-translated role runs a body into a name ("minister of internal affairs of Utopia
# Karim Haddad"), the name starts at its given name.
GIVEN_NAMES = frozenset("""
abbas abdel abdul abdulaziz abdulla adel adnan ahmet akhmed ali amin amir amr anwar ashraf
ayman aziz bakr bashar bassam daoud fadi faisal farid faruk farouk fatima fawzi ghassan habib
hamad hamid hamza hani hasan hassan hatem hisham ibrahim imad ismail issa jamal jassim kamal
karim kareem khaled khalid khalil layla leila mahmoud mahmud majid malik mansour marwan
mehmet moussa mustafa mostafa nabil nader nasser nawaf nour omar osman rami rashid riad saad
said saeed salah salem salim sami samir sara sultan tarek tareq tariq walid wael yasser
youssef zaid zeinab ziad
abbas ali alireza ebrahim fatemeh hamid hassan hossein javad kazem mahdi mehdi maryam mohsen
mojtaba morteza nasrin parisa reza saeed zahra
aibek aida aidana aigerim aizada almaz alibek almaz askar asel aslan ayan azamat bakyt
baurzhan beibut bolat daniyar dauren daulet dinara erlan ermek galym gulnara kairat kanat
kassym marat medet meruyem nurlan nursultan roza rustam saule serik talgat temirlan timur
ulan yerlan yerzhan zhanar zhanibek
ayse emine emre fatih hakan kemal mehmet murat mustafa recep selim yusuf zeynep
aleksei alexei anna anton arkady boris denis elena galina irina ivan konstantin leonid
ludmila lyudmila maria marina maxim nadezhda nikita oksana pyotr roman ruslan semyon
stanislav svetlana valentina valery valeriy viktor vitaly vladislav yelena yevgenia
amit anil arjun deepak priya rahul rajesh ravi sanjay sunil
""".split())

# Common Chinese family names (pinyin); a two-word name with one of them is read in either
# order ("Liu Zhenhua", "Zhenhua Liu").
CHINESE_SURNAMES = frozenset("""
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng
liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye
cheng wei su lu ding ren shen yao cui zhong tan qiao fan jin shi jia xia fu fang zou xiong
bai meng qin qiu hou xue yan duan lei long tao wen qian kong mao hao shao wan gu lai gong
kang chang geng mo niu xing zhan ouyang situ zhuge xi
""".split())

# Words of a body's name that can stand first in a run of capitalised words before a
# person's name in machine-translated roles ("minister of Agriculture and Forestry Alper
# Kilinc", "deputy head of MFA of Russia Sergei Matveev"): they are not part of the name.
PORTFOLIO_WORDS = frozenset("""
agriculture forestry environment ecology trade economy economic commerce industry energy
water resources foreign affairs defence defense interior health education finance justice
transport culture tourism labour labor development integration investment communications
information security emergency emergencies migration fisheries mining oil gas housing
science technology sport sports youth planning treasury commission parliament council
department ministry office committee union embassy mission international
""".split())

# Countries and regions (folded), and the words of multi-word ones, that can precede a name
# in a role ("the minister of trade of Turkey Ayse Yilmazer").
PLACE_WORDS = frozenset("""
afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
bahrain bangladesh belarus belgium benin bhutan bolivia bosnia botswana brazil brunei
bulgaria burundi cambodia cameroon canada chad chile china colombia congo croatia cuba
cyprus czechia czech denmark djibouti ecuador egypt eritrea estonia ethiopia finland france
gabon gambia georgia germany ghana greece guatemala guinea haiti honduras hungary iceland
india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kosovo
kuwait kyrgyzstan laos latvia lebanon libya lithuania luxembourg madagascar malawi malaysia
mali malta mauritania mexico moldova monaco mongolia montenegro morocco mozambique myanmar
namibia nepal netherlands nicaragua niger nigeria norway oman pakistan palestine panama
paraguay peru philippines poland portugal qatar romania russia rwanda senegal serbia
singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan tajikistan
tanzania thailand togo tunisia turkey turkiye turkmenistan uganda ukraine uruguay
uzbekistan venezuela vietnam yemen zambia zimbabwe
saudi arabia united states kingdom emirates arab south north east west new zealand korea
republic federation sri lanka ivory coast sierra leone costa rica salvador
europe asia africa america gaza palestinian european eurasian
""".split())
