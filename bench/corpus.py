"""A generated newsroom corpus for the benchmark, the same for the same seed.

The registry has 2,000 people (a surname alias each, some a middle name) and 50
parties, four of them with two or three factions. Article ``i`` depends only on
the seed and ``i``, so any article can be made again without the others: the
corpus on disk and the rows bulk-loaded past the timed import are the same
articles. Each text is a scraped page in one of three site layouts (a
newspaper site with comments, a TV site with a share bar, tags and trending
headlines, a print edition behind navigation), with "Advertisement" and
"Read more:" lines in the story.

What is mentioned follows Zipf-like weights: a few people and parties are in
many articles and most in few; one party (``BROAD_PARTY``) is in about a third
of them. Words are drawn with Zipf weights from a built-in list of common words
followed by invented ones, so a few words are everywhere and most are rare;
``PHRASE`` is written into about 3% of the articles for phrase searches.
"""

import datetime
import itertools
import json
import random
from bisect import bisect
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

GENERATOR_VERSION = 1
PEOPLE = 2000
PARTIES = 50
FIRST_DAY = datetime.date(2005, 1, 1)
LAST_DAY = datetime.date(2024, 12, 31)
BROAD_PARTY_SHARE = 0.34
PHRASE = "circular debt"
PHRASE_SHARE = 0.03
SEARCH_WORDS = "water budget"
WITHDRAWN_SHARE = 0.02

# Common words of news English, most frequent first (weights follow the rank).
COMMON_WORDS = """
the of to and in a that for on is said was with by he it as at from his be have
has are will not this which but an they were had been who their its after also
would more government there or we new one about year two people over than when
minister last party into up all federal first against other provincial some out
city can could time no because years may since last police under should what
political only court country according officials told three between during
week before province election national security said million public her him
local reporters told rupees meeting former leader members being such any then
where support if while three leaders opposition area report four office made
water budget power plan health schools project work law cases day month added
demand senior spokesperson announced chief statement workers law including
issue economic both well down tax decision months cabinet services process
order development funds team parliament companies prices million vote change
campaign assembly officials high further still many several president five
house next part days old however held called against across trade plan taxes
district long told administration committee price billion financial crisis
power energy gas electricity fuel transport hospital teachers students
university exam results flood rain heat weather farmers crops wheat cotton
sugar market shares investors bank loan debt inflation rate growth exports
imports industry factory jobs wages pension housing land road bridge traffic
accident fire hospital doctors patients vaccine disease cases prison judge
bail hearing petition verdict lawyer appeal inquiry report audit contract
tender scheme agreement talks deal border trade visit delegation summit
protest rally strike march sit-in demands slogans workers union members
resigned appointed elected candidate seat ballot polling turnout count results
recount tribunal commission census survey figures data estimate forecast
target deadline delay shortage supply demand network service line station
airport port ship cargo train bus fare route petrol diesel tariff subsidy
relief package aid grant donors program training youth women children
families residents neighbourhood village town street school college mosque
market shop traders customers consumers owners tenants landlords builders
engineers experts analysts critics supporters officials ministers lawmakers
senators councillors mayors governors judges lawyers reporters journalists
editors viewers readers listeners fans players coach match series tour win
loss draw score runs wickets innings captain squad selection ranking title
cup league final season record history future hope fear anger concern doubt
warning threat risk danger safety rule policy reform bill act amendment clause
section article letter notice order ruling stay hearing adjournment
""".split()
COMMON_WORDS = list(dict.fromkeys(COMMON_WORDS))
VOCABULARY_SIZE = 20_000
WORD_TABLE_BITS = 20

FIRST_NAMES = """
Ahmed Ali Asad Aamir Abid Adnan Afzal Akram Altaf Amjad Anwar Arif Arshad Asif
Atif Azhar Babar Bilal Danish Ehsan Faisal Farhan Farooq Fawad Ghulam Habib
Hamid Hammad Haroon Hasan Humayun Ibrahim Idrees Imran Irfan Ishaq Jahangir
Jamil Javed Junaid Kamran Kashif Khalid Khurram Liaquat Mansoor Masood Mehmood
Mohsin Mubashir Murad Mustafa Nadeem Naeem Nasir Naveed Nawaz Nisar Noman Omar
Owais Parvez Qasim Rafiq Rashid Rauf Rehan Riaz Rizwan Saad Sabir Sadiq Saeed
Sajid Salman Sami Sarfraz Shahid Shakeel Sharjeel Shoaib Sohail Tahir Talal
Tariq Usman Waqar Waseem Yasir Zafar Zahid Zubair Aisha Amna Asma Ayesha Bushra
Farah Fatima Hina Iqra Kiran Maryam Mehreen Nadia Naila Nasreen Nighat Rabia
Rubina Saba Sadia Saima Sana Shazia Shireen Sumaira Tahira Uzma Zainab Zara
""".split()
MIDDLE_NAMES = "Ahmed Ali Hussain Iqbal Karim Latif Maqbool Rasheed Nabi Aslam".split()
SURNAMES = """
Abbasi Afridi Akhtar Alvi Ansari Awan Baloch Bhatti Bhutto Bugti Butt Chandio
Dar Durrani Gilani Gondal Hashmi Hussain Jamali Jatoi Jutt Kakar Kazmi Khan
Khattak Khosa Khuhro Lashari Leghari Lodhi Magsi Mahar Mangi Marri Memon Mengal
Mirza Mughal Nadeem Niazi Noorani Paracha Pirzada Qadri Qureshi Rizvi Rind
Sadiq Saleem Sattar Sethi Shah Siddiqui Soomro Tareen Tiwana Usmani Wattoo
Yousafzai Zaidi Zardari Bajwa Cheema Dogar Ghuman Kiani Sandhu Warraich Virk
Haider Jafri Naqvi Rehman Farooqi Hameed Javed Karim Lateef Majeed Rafique
Sabir Shakir Tahir Waheed Yaqoob Zafar Abro Bhutta Channa Dahri Junejo Kalhoro
Laghari Mirani Pathan Shaikhani Solangi Talpur Unar Wassan
""".split()
PARTY_WORDS_A = """
National Democratic Progressive Popular United Federal Republican Civic
Liberal Justice Labour Reform Citizens Freedom Unity Green Social Workers
""".split()
PARTY_WORDS_B = "Movement Front Alliance League Congress Union Council Party".split()
FACTION_SUFFIXES = ["Haqiqi", "London", "Reformed"]
ROLES = ["Member", "Senator", "Spokesperson", "Chairman", "Provincial president", "Convener"]
PUBLICATIONS = [
    ("The Harbour Times", "harbour-times"),
    ("Daily Metro Star", "metro-star"),
    ("The Capital Herald", "capital-herald"),
    ("Indus Chronicle", "indus-chronicle"),
    ("The Evening Ledger", "evening-ledger"),
    ("Frontier Observer", "frontier-observer"),
    ("Valley Gazette", "valley-gazette"),
    ("Coastline News", "coastline"),
]
CITIES = "KARACHI LAHORE ISLAMABAD PESHAWAR QUETTA MULTAN HYDERABAD FAISALABAD".split()
TOPICS = """
Budget Water Elections Economy Cricket Health Education Courts Energy Transport
Weather Floods Inflation Taxes Police Crime Housing Agriculture Trade Business
Census Protests Parliament Senate Local government Religion Culture Media Sports
Technology Climate Security Foreign policy Diplomacy Railways Aviation Ports
Textiles Stocks Banking Pensions Jobs Labour Women Children Youth Universities
Hospitals Vaccines Heatwave Drought Fuel Electricity Gas Tourism Heritage
""".split()
TAGS = list(dict.fromkeys(TOPICS + [c.title() for c in CITIES]))
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = [datetime.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
NAV = ["Home", "Latest", "Pakistan", "World", "Business", "Sports", "Opinion", "Epaper"]
COMMENTERS = [
    "Naveed A",
    "Sameer",
    "Farhan Siddiqui",
    "Concerned citizen",
    "Ayesha K",
    "Pakistani abroad",
    "Realist",
    "Bilal",
]


def _zipf_cumulative(n, offset=2.0, exponent=1.0):
    """Cumulative weights of ranks 1..n for random.choices: 1 / (rank + offset)^s."""
    return list(itertools.accumulate(1.0 / (r + offset) ** exponent for r in range(1, n + 1)))


def _invented_words(count, rng):
    syllables = [c + v for c in "bdfghjklmnprstvwz" for v in "aeiou"] + ["an", "ir", "ul", "om"]
    words, seen = [], set(COMMON_WORDS)
    while len(words) < count:
        word = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


@dataclass(eq=False)
class PersonEntry:
    name: str
    slug: str
    aliases: list[str]
    affiliations: list[tuple[str, str]]  # (party abbreviation, role)

    @property
    def surname(self):
        return self.name.split()[-1]


@dataclass(eq=False)
class PartyEntry:
    abbreviation: str
    name: str
    slug: str
    faction_of: str = ""


@dataclass
class GeneratedRegistry:
    people: list[PersonEntry]
    parties: list[PartyEntry]
    publications: list[tuple[str, str]]

    @property
    def broad_party(self):
        """The party in about a third of the articles."""
        return self.parties[0]

    @property
    def party_with_factions(self):
        return self.parties[1]


def make_registry(seed):
    """The registry for a seed: people by Zipf rank (the first is the most
    mentioned), parties likewise, factions after the parties they split from."""
    rng = random.Random(f"registry:{seed}")
    names = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    rng.shuffle(names)
    taken, people = set(), []
    for name in names:
        if len(people) == PEOPLE:
            break
        first, last = name.split()
        full = f"{first} {rng.choice(MIDDLE_NAMES)} {last}" if rng.random() < 0.2 else name
        if full in taken or name in taken or first == last:
            continue
        taken.update({full, name})
        aliases = [name] if full != name else []
        people.append(PersonEntry(full, slugify(full), [*aliases, last], []))

    parties, abbreviations = [], set()
    combos = [(a, b) for a in PARTY_WORDS_A for b in PARTY_WORDS_A if a != b]
    rng.shuffle(combos)
    for first, second in combos:
        if len(parties) == PARTIES - 10:
            break
        noun = rng.choice(PARTY_WORDS_B)
        abbreviation = f"{first[0]}{second[0]}{noun[0]}"
        if abbreviation in abbreviations or abbreviation in {"ISI", "PSL", "NAB"}:
            continue
        abbreviations.add(abbreviation)
        name = f"{first} {second} {noun}"
        parties.append(PartyEntry(abbreviation, name, slugify(abbreviation)))
    # Factions of the second, fourth, seventh and eleventh parties: 3 + 2 + 3 + 2.
    for parent_rank, count in [(1, 3), (3, 2), (6, 3), (10, 2)]:
        parent = parties[parent_rank]
        for suffix in FACTION_SUFFIXES[:count]:
            abbreviation = f"{parent.abbreviation}-{suffix[0]}"
            parties.append(
                PartyEntry(
                    abbreviation,
                    f"{parent.name}-{suffix}",
                    slugify(abbreviation),
                    faction_of=parent.abbreviation,
                )
            )
    # Factions take ranks among the parties rather than all coming last.
    roots, factions = parties[:40], parties[40:]
    ordered = roots[:4]
    for i, party in enumerate(roots[4:]):
        ordered.append(party)
        if i < len(factions):
            ordered.append(factions[i])
    parties = ordered

    for person in people:
        for _ in range(rng.choice((0, 1, 1, 2))):
            party = rng.choice(parties)
            person.affiliations.append((party.abbreviation, rng.choice(ROLES)))
    return GeneratedRegistry(people, parties, PUBLICATIONS)


@dataclass
class ArticleSpec:
    number: int
    layout: str
    title: str
    subtitle: str
    byline: str
    city: str
    published_on: datetime.date
    publication: str
    caption: str
    highlights: list[str]
    paragraphs: list[str]
    people: dict = field(default_factory=dict)  # name -> mentions
    parties: dict = field(default_factory=dict)  # abbreviation -> mentions
    tags: list[str] = field(default_factory=list)
    comments: list[tuple[str, str, str]] = field(default_factory=list)
    withdrawn: bool = False

    @property
    def file_name(self):
        return f"{self.number:07d}.txt"


class Generator:
    """Makes ArticleSpec ``i`` for a seed, and its scraped text."""

    def __init__(self, seed):
        self.seed = seed
        self.registry = make_registry(seed)
        rng = random.Random(f"vocabulary:{seed}")
        self.words = COMMON_WORDS + _invented_words(VOCABULARY_SIZE - len(COMMON_WORDS), rng)
        # Words are drawn from a table holding each word in proportion to its weight:
        # one lookup per word instead of a search of the cumulative weights.
        weights = _zipf_cumulative(len(self.words), offset=2.7)
        size = 1 << WORD_TABLE_BITS
        self.word_table = [
            self.words[bisect(weights, (i + 0.5) / size * weights[-1])] for i in range(size)
        ]
        self.people_weights = _zipf_cumulative(len(self.registry.people))
        # The broad party is drawn on its own; the others by rank among themselves.
        self.other_parties = self.registry.parties[1:]
        self.party_weights = _zipf_cumulative(len(self.other_parties), offset=1.0)
        self.tag_weights = _zipf_cumulative(len(TAGS), offset=1.0)
        self.publication_weights = _zipf_cumulative(len(PUBLICATIONS), offset=1.0)
        known = {a for p in self.registry.people for a in [p.name, *p.aliases]}
        self.unknown_people = [
            f"{first} {last}"
            for first, last in zip(FIRST_NAMES[::-3], SURNAMES[5::2], strict=False)
            if f"{first} {last}" not in known
        ]
        self.party_names = {p.abbreviation: p.name for p in self.registry.parties}
        self.days = (LAST_DAY - FIRST_DAY).days

    # -- words ---------------------------------------------------------------

    def _salad(self, rng, low, high):
        count = rng.randint(low, high)
        table, shift = self.word_table, 32 - WORD_TABLE_BITS
        return " ".join([table[r >> shift] for r in memoryview(rng.randbytes(4 * count)).cast("I")])

    def _sentence(self, rng):
        text = self._salad(rng, 10, 24)
        return f"{text[0].upper()}{text[1:]}."

    def _headline(self, rng, subject=None):
        text = self._salad(rng, 5, 9)
        if subject:
            return f"{subject} {text}"
        return f"{text[0].upper()}{text[1:]}"

    # -- one article ---------------------------------------------------------

    def withdrawn(self, number):
        """About 2% of the articles were published and then withdrawn."""
        return random.Random(f"status:{self.seed}:{number}").random() < WITHDRAWN_SHARE

    def article(self, number):
        rng = random.Random(f"article:{self.seed}:{number}")
        reg = self.registry
        day = FIRST_DAY + datetime.timedelta(days=int(self.days * rng.random() ** 0.5))
        publication = PUBLICATIONS[
            bisect(self.publication_weights, rng.random() * self.publication_weights[-1])
        ][0]
        layout = rng.choice(("newspaper", "newspaper", "tv", "print"))
        city = rng.choice(CITIES)

        count = rng.choices(range(7), weights=(10, 25, 25, 20, 10, 6, 4))[0]
        people = list(
            dict.fromkeys(rng.choices(reg.people, cum_weights=self.people_weights, k=count))
        )
        parties = [reg.broad_party] if rng.random() < BROAD_PARTY_SHARE else []
        for party in rng.choices(
            self.other_parties,
            cum_weights=self.party_weights,
            k=rng.choices((0, 1, 2), weights=(3, 5, 2))[0],
        ):
            if party not in parties:
                parties.append(party)

        spec = ArticleSpec(
            number=number,
            layout=layout,
            title="",
            subtitle="",
            byline="",
            city=city,
            published_on=day,
            publication=publication,
            caption="",
            highlights=[],
            paragraphs=[],
            withdrawn=self.withdrawn(number),
        )
        sentences = [self._sentence(rng) for _ in range(rng.randint(14, 30))]
        mentions = self._mentions(rng, people, parties, spec)
        # Names go into the story at random places, in order of introduction.
        slots = sorted(rng.sample(range(len(sentences) + len(mentions)), len(mentions)))
        for slot, sentence in zip(slots, mentions, strict=True):
            sentences.insert(slot, sentence)
        if rng.random() < PHRASE_SHARE:
            at = rng.randrange(len(sentences))
            words = sentences[at].rstrip(".").split()
            cut = rng.randrange(1, len(words))
            sentences[at] = " ".join([*words[:cut], *PHRASE.split(), *words[cut:]]) + "."
        paragraphs, i = [], 0
        while i < len(sentences):
            size = rng.randint(1, 4)
            paragraphs.append(" ".join(sentences[i : i + size]))
            i += size
        spec.paragraphs = paragraphs

        subject = None
        if (
            people
            and rng.random() < 0.5
            and [p.surname for p in people].count(people[0].surname) == 1
        ):
            subject = people[0].surname
        spec.title = self._headline(rng, subject)
        if people and subject:
            spec.people[people[0].name] += 1
        spec.subtitle = self._headline(rng) if layout == "newspaper" else ""
        if layout == "tv":
            spec.byline = "Web Desk"
            spec.highlights = [self._sentence(rng) for _ in range(rng.randint(0, 3))]
        elif layout == "print":
            spec.byline = "Our Staff Reporter"
        else:
            spec.byline = rng.choice(("Our Correspondent", "Our Staff Reporter", "News Desk"))
        if layout != "print" and rng.random() < 0.5:
            spec.caption = f"{self._headline(rng)} on {WEEKDAYS[day.weekday()]}."
        if layout != "print":
            spec.tags = list(
                dict.fromkeys(rng.choices(TAGS, cum_weights=self.tag_weights, k=rng.randint(1, 4)))
            )
        if layout == "newspaper" and rng.random() < 0.5:
            spec.comments = [
                (rng.choice(COMMENTERS), f"{rng.randint(1, 11)} months ago", self._sentence(rng))
                for _ in range(rng.randint(1, 6))
            ]
        return spec

    def _mentions(self, rng, people, parties, spec):
        """Sentences naming the people and parties, counting each mention."""
        found = []
        surnames = [p.surname for p in people]
        for person in people:
            party = rng.choice(parties) if parties and rng.random() < 0.6 else None
            clause = self._salad(rng, 8, 16)
            if party:
                found.append(
                    f"{person.name}, a leader of the {party.name} ({party.abbreviation}), "
                    f"said on {rng.choice(WEEKDAYS)} that {clause}."
                )
                spec.parties[party.abbreviation] = spec.parties.get(party.abbreviation, 0) + 2
            elif rng.random() < 0.5:
                found.append(f"“{clause[0].upper()}{clause[1:]},” {person.name} told reporters.")
            else:
                found.append(f"According to {person.name}, {clause}.")
            spec.people[person.name] = 1
            # A surname alone links only when no one else in the story bears it.
            if rng.random() < 0.5 and surnames.count(person.surname) == 1:
                found.append(f"{person.surname} said {self._salad(rng, 8, 14)}.")
                spec.people[person.name] += 1
        for party in parties:
            if party.abbreviation not in spec.parties:
                found.append(f"The {party.abbreviation} {self._salad(rng, 8, 16)}.")
                spec.parties[party.abbreviation] = 1
        if rng.random() < 0.1:
            name = rng.choice(self.unknown_people)
            found.append(
                f"{name}, a resident of {spec.city.title()}, said {self._salad(rng, 8, 14)}."
            )
        return found

    # -- the scraped text ----------------------------------------------------

    def render(self, spec):
        """The scraped page of an article: ``(text, furniture lines)``."""
        rng = random.Random(f"page:{self.seed}:{spec.number}")
        day = spec.published_on
        long_date = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        print_day = day + datetime.timedelta(days=1)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(
            print_day.day % 10 * (print_day.day // 10 != 1), "th"
        )
        print_date = f"{MONTHS[print_day.month - 1]} {print_day.day}{suffix}, {print_day.year}"
        first = f"{spec.city}: {spec.paragraphs[0]}"
        story = [first, *spec.paragraphs[1:]]
        more = f"Read more: {self._headline(rng)}"
        story.insert(min(len(story), rng.randint(2, 4)), more)
        furniture = [more]
        if rng.random() < 0.7:
            story.insert(min(len(story), rng.randint(3, 6)), "Advertisement")
            furniture.append("Advertisement")

        if spec.layout == "newspaper":
            top = [spec.title, "", spec.subtitle, "", "", f"{spec.byline} Published {long_date}"]
            if spec.caption:
                top.append(f"{spec.caption} PHOTO: FILE")
            tail = [f"Published in {spec.publication}, {print_date}."]
            if spec.tags:
                tail.append(f"Tags: {', '.join(spec.tags)}")
            follow = (
                f"Like {spec.city.title()} on Facebook, follow us on Twitter for the latest news."
            )
            tail.append(follow)
            furniture += tail
            if spec.comments:
                tail += ["", f"COMMENTS ({len(spec.comments)})"]
                for author, posted, body in spec.comments:
                    tail += ["", f"{author} | {posted} | Reply", "", body]
                notice = "Comments are moderated and generally will be posted if they are on-topic and not abusive."
                tail += ["", notice]
                furniture.append(notice)
            text = "\n".join(top) + "\n\n" + "\n\n".join(story) + "\n\n" + "\n\n".join(tail)
        elif spec.layout == "tv":
            nav = [spec.publication, "Live TV", *rng.sample(NAV[:6], 4)]
            crumbs = f"Home > Pakistan > {spec.city.title()}"
            top = [*nav, crumbs, spec.title, spec.byline, long_date, "Listen to this article"]
            top += ["Share", "Facebook Twitter WhatsApp"]
            if spec.caption:
                top.append(f"{spec.caption} — {spec.publication}/File")
            top += [f"• {h}" for h in spec.highlights]
            trending = [self._headline(rng) for _ in range(3)]
            tail = ["Follow us on Google News", f"Tags: {', '.join(spec.tags)}"]
            tail += [
                f"© {day.year} {spec.publication}. All rights reserved.",
                "Trending",
                *trending,
            ]
            furniture += [*nav, crumbs, "Listen to this article", "Share", *tail]
            text = "\n".join([*top, *story, *tail])
        else:
            nav = rng.sample(NAV, 5)
            top = [*nav, spec.title, spec.byline, "From the Newspaper"]
            story[0] = f"{spec.city}, {MONTHS[day.month - 1][:3]} {day.day}: {spec.paragraphs[0]}"
            tail = [f"Published in {spec.publication}, {long_date}"]
            furniture += [*nav, "From the Newspaper", *tail]
            text = "\n".join([*top, *story, *tail])
        return text + "\n", furniture


class Corpus:
    """The texts of ``articles`` articles in ``folder``, in subfolders of 10,000.

    ``corpus.json`` is written once every text is there; a folder with it (for
    the same size and seed) is reused as it is."""

    def __init__(self, folder, articles, seed):
        self.folder = Path(folder)
        self.articles = articles
        self.seed = seed
        self.manifest = self.folder / "corpus.json"

    @property
    def wanted(self):
        return {"articles": self.articles, "seed": self.seed, "generator": GENERATOR_VERSION}

    @property
    def complete(self):
        return self.manifest.exists() and json.loads(self.manifest.read_text()) == self.wanted

    def path(self, number):
        return self.folder / corpus_path(number)

    def write(self, number, text):
        path = self.path(number)
        if number % 10_000 == 0 or not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def write_texts(self, generator, numbers, progress=None):
        for number in numbers:
            self.write(number, generator.render(generator.article(number))[0])
            if progress and (number + 1) % 10_000 == 0:
                progress(number + 1)

    def mark_complete(self):
        self.manifest.write_text(json.dumps(self.wanted))


def write_corpus(folder, articles, seed, progress=None):
    """Write a whole corpus unless it is there already; True when it wrote."""
    corpus = Corpus(folder, articles, seed)
    if corpus.complete:
        return False
    corpus.write_texts(Generator(seed), range(articles), progress)
    corpus.mark_complete()
    return True


def corpus_path(number):
    return Path(f"{number // 10_000:03d}") / f"{number:07d}.txt"
