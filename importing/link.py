"""Step four: find the registry's people and parties in the kept text, and
suggest the names of people the registry does not know yet.

Every alias of every person and party goes into one Aho–Corasick automaton, so
finding them costs one pass over the text whatever the registry's size. Of
overlapping matches the longest wins ("MQM-P" is not also "MQM"). A person's
single-word alias ("Kamal") only counts inside an article that names exactly
one registry person bearing that word in full, and never as part of another
name ("Rizwan Sattar" is not Farooq Sattar).
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

# Dashes and quotes are folded so "MQM–P" finds "MQM-P" and "People’s" finds "People's".
# Every replacement is one character, so positions in the folded text match the original.

HONORIFICS = frozenset(
    """
    dr mr mrs ms miss prof professor engr justice sir hafiz haji maulana mufti allama
    sen senator syed sayed sheikh shaikh mian chaudhry chaudhary ch khawaja pir sardar
    begum general gen lt col colonel major brig brigadier capt captain barrister
    advocate qazi makhdoom nawabzada raja malik rana
    """.split()
)
# Words that make a capitalised run something other than a person's name.
NOT_NAME_WORDS = frozenset(
    """
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday jan feb mar apr
    jun jul aug sep sept oct nov dec pakistan pakistani karachi lahore islamabad
    rawalpindi peshawar quetta multan hyderabad faisalabad sindh punjab balochistan
    khyber pakhtunkhwa kp gilgit baltistan kashmir azad sukkur larkana gwadar sialkot
    gujranwala abbottabad swat clifton defence saddar korangi orangi malir lyari gulshan
    nazimabad india indian afghanistan afghan iran china chinese america american us usa
    uk britain british london dubai uae saudi arabia qatar washington beijing delhi
    kabul europe european asia africa russia moscow new york paris turkey united states
    kingdom nations arab emirates gulf middle east west east north south party movement
    committee assembly senate court house news times tribune post media government
    ministry department police army bank university council commission league
    association club company corporation group board authority agency union front
    alliance federation institute hospital school college airport road street avenue
    square park bridge station city province district town centre center market stadium
    cup trophy festival day week international national federal provincial supreme high
    state states republic office channel tv radio network press express dawn geo ary
    samaa jang daily weekly monthly journal magazine review report foundation trust
    society council secretariat cabinet parliament sahab sahib rabita muhim awami qaumi
    tehreek insaf muslim peoples people's people's islamic jamaat jamiat ulema awami pml
    ppp pti mqm god allah prophet quran eid ramazan ramadan muharram christmas facebook
    twitter whatsapp youtube instagram google tiktok app apple microsoft reuters afp ap
    associated the a an and or of in on at for to by with from about this that these
    those his her their our its my your said says told added according also but however
    meanwhile chairman chairperson president vice prime minister chief secretary
    governor mayor convener convenor deputy senior leader spokesperson spokesman member
    members senator judge justice inspector commissioner director general officer ceo
    founder head former ex acting caretaker opposition speaker nazim mna mpa mp north
    south east west central northern southern eastern western new old great world global
    cricket football hockey olympics covid coronavirus administration
    sciences science labs biolabs inc ltd llc corp holdings industries technologies
    councillor councilor commissioner chancellor ambassador envoy
    dutch german french italian spanish russian chinese japanese turkish iranian saudi
    greek polish swedish norwegian danish irish scottish welsh canadian australian
    european african asian arab muslim hindu christian sikh jewish
    colony block sector phase society goth chowk bazaar bazar mohalla scheme estate
    garden gardens village valley hills lake river beach port harbour harbor island
    business recorder herald gazette chronicle observer mirror telegraph guardian today
    star sun nation insider wire bulletin monitor standard courier dispatch
    """.split()
)
# Words that, standing right before a capitalised run, say a person's name follows.
PERSON_CUES = (
    frozenset(
        """
    said says told added by to leader minister chief chairman president secretary
    spokesperson spokesman governor mayor convener convenor member senator mna mpa mp
    lawyer activist journalist analyst official officer director judge justice coach
    captain player councillor candidate founder head commissioner ceo cousin brother
    sister son daughter wife husband father mother mr mrs ms dr including named meet meets
    met with and blogger influencer worker resident student teacher professor economist
    expert manager owner trader farmer driver victim suspect demographer scientist
    researcher doctor surgeon engineer architect writer poet author singer actor actress
    artist batter bowler striker midfielder goalkeeper opener umpire referee athlete
    """.split()
    )
    | HONORIFICS
)


def _person_cue_before(before: str) -> bool:
    """True when the text just before a name is a comma, a bracket or a cue word."""
    stripped = before.rstrip()
    if not stripped:
        return False
    if stripped[-1] in ",(":
        return True
    last = stripped.rsplit(None, 1)[-1].rstrip(".").casefold()
    return last in PERSON_CUES or stripped.casefold().endswith("according to")


_PERSON_CUE_AFTER = re.compile(
    r"^(?:,\s*(?:who|the|a|an|\d+)\b|\s*\(\d+\)|['’]s\s+(?:wife|husband|son|daughter|father"
    r"|mother|brother|sister|family|lawyer|office|spokesperson|government|cabinet|party)\b"
    r"|\s+(?:said|says|told|added|claimed|stated|announced|alleged|explained|noted|asked|urged"
    r"|warned|argued|insisted|remarked|replied|confirmed|denied|maintained|stressed|wrote|tweeted"
    r"|posted|called|met|visited|resigned|joined|left|won|scored|was|is|has|had|who|and)\b)",
    re.I,
)
# Common given names: a capitalised pair that opens with one is a person's name
# even without a word such as "said" beside it.
GIVEN_NAMES = frozenset(
    """
    muhammad mohammad mohammed ahmed ahmad ali hassan hussain hasan husain imran kamran
    farooq faisal asif arif tariq khalid shahid zahid sajid majid rashid naveed javed
    junaid bilal hamza usman umar omar uzair umair saad asad fawad shehbaz shahbaz nawaz
    maryam hina sana ayesha aisha fatima zainab saima nadia rabia sadia amna mehwish
    kiran sobia shazia farah noor nida sara sarah hira iqra anum sidra bushra rukhsana
    abdul abdullah rehman rahman aziz karim raza rizwan adnan kashif yasir nasir zafar
    zubair babar haris daniyal fahad waqar waqas noman nouman irfan salman sohail
    suhail jamil jameel jalil nisar iqbal akbar akhtar anwar sarwar ghulam nadeem
    saleem salim shakeel sharjeel zeeshan ehsan ijaz aijaz ejaz mushtaq ishaq ishfaq
    arshad amjad sajjad shoaib owais uzma samina tahira nasreen parveen shabnam
    farhan mansoor altaf mustafa anis amin aminul wasay izhar atif aamir amir
    talha hammad moin mohsin mubashir tayyab kainat sahar sunaina hamid abid qasim
    james john robert michael david william richard joseph thomas charles daniel
    matthew anthony mark paul steven andrew joshua kevin brian george edward ronald
    timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon frank benjamin gregory samuel raymond patrick alexander jack dennis
    jerry tyler aaron henry peter adam nathan zachary harold kyle carl arthur gerald
    roger keith jeremy lawrence sean christian ethan austin joe albert jesse willie
    mary patricia jennifer linda elizabeth barbara susan jessica karen nancy lisa
    betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda
    melissa deborah stephanie rebecca laura sharon cynthia kathleen amy shirley
    angela helen anna brenda pamela nicole emma samantha katherine christine debra
    rachel catherine carolyn janet ruth maria heather diane virginia julie joyce
    victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea
    hannah martha jacqueline frances gloria ann teresa kathryn janice jean alice
    madison doris abigail julia judy grace denise amber marilyn beverly danielle
    theresa sophia marie diana brittany natalie isabella charlotte rose alexis kayla
    dan ken tom tim jim bob bill mike steve dave chris matt nick ben sam max alex
    priya rahul raj amit anil sunil vijay sanjay ravi arjun rakesh suresh ramesh
    deepak ajay vikram rohit neha pooja anjali sunita kavita
    """.split()
)


_FOLD_PAIRS = [(c, "-") for c in "‐‑‒–—―−"] + [("’", "'"), ("‘", "'"), ("`", "'")]


def fold(text: str) -> str:
    # Chained replace is several times faster than str.translate with a mapping.
    for old, new in _FOLD_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def name_key(name: str) -> str:
    """Key for a suggested name: casefolded, without punctuation or leading honorifics."""
    words = re.sub(r"[.,;:()\"'’‘“”]", " ", fold(unicodedata.normalize("NFC", name))).split()
    words = [w.casefold() for w in words]
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def _exact_case(alias: str) -> str | None:
    """The alias as a match must write it, when it is an acronym or has digits
    ("PPP", "MQM-P", "PTI 2"); None when any capitalised writing will do."""
    alias = fold(alias)
    if alias.isupper() or any(c.isdigit() for c in alias):
        return alias
    return None


# What an alias found in a text stands for: (kind, key, short, alias as written in
# the registry, the writing a match must have or None when any capitalisation will do).
Match = tuple[str, str, bool, str, str | None]


@dataclass(frozen=True)
class Entity:
    kind: str  # "person" or "party"
    key: str  # canonical person name or party abbreviation
    aliases: tuple[str, ...]

    @classmethod
    def person(cls, name: str, aliases: Iterable[str] = ()) -> "Entity":
        """A registry person: found by the name and each alias."""
        return cls("person", name, tuple(dict.fromkeys([name, *aliases])))

    @classmethod
    def party(cls, abbreviation: str, name: str, aliases: Iterable[str] = ()) -> "Entity":
        """A registry party: found by its abbreviation, its name and each alias."""
        return cls("party", abbreviation, tuple(dict.fromkeys([abbreviation, name, *aliases])))


@dataclass
class LinkResult:
    people: dict[str, int]
    parties: dict[str, int]
    suggested: list[str]


class Linker:
    """Finds registry entities in text with one automaton over all their aliases."""

    def __init__(
        self,
        people: Iterable[Entity] = (),
        parties: Iterable[Entity] = (),
        skip_suggestions: Iterable[str] = (),
    ) -> None:
        self.skip = set(skip_suggestions)
        self.automaton = ahocorasick.Automaton()
        # full-name words of each person, to resolve short aliases
        self.person_words: dict[str, set[str]] = {}
        # word -> keys of people with that word in a full name
        self.word_people: dict[str, set[str]] = {}
        # every registered word of every alias, folded and casefolded: a suggestion
        # made only of registry words is a registry name, not a new one
        entries: dict[str, list[Match]] = {}
        for entity in people:
            # A single word without a hyphen is a surname; "Amin-ul-Haque" is a full name.
            full = [a for a in entity.aliases if len(a.split()) > 1 or "-" in a or a == entity.key]
            words: set[str] = set()
            for alias in full:
                words.update(w.casefold() for w in fold(alias).split())
            self.person_words[entity.key] = words
            for word in words:
                self.word_people.setdefault(word, set()).add(entity.key)
            for alias in entity.aliases:
                short = alias not in full
                entries.setdefault(fold(alias).casefold(), []).append(
                    ("person", entity.key, short, alias, _exact_case(alias))
                )
        for entity in parties:
            for alias in entity.aliases:
                entries.setdefault(fold(alias).casefold(), []).append(
                    ("party", entity.key, False, alias, _exact_case(alias))
                )
        for needle, values in entries.items():
            self.automaton.add_word(needle, (needle, values))
        self.empty = not entries
        if not self.empty:
            self.automaton.make_automaton()

    def _matches(self, text: str) -> list[tuple[int, int, list[Match]]]:
        """(start, end, values) of the longest registry matches in text, left to right."""
        if self.empty:
            return []
        folded = fold(text)
        low = folded.casefold()
        if len(low) != len(folded):  # a character changed length on casefolding
            low = folded.lower()
            if len(low) != len(folded):
                return []
        found = []
        for end, (needle, values) in self.automaton.iter(low):
            start = end - len(needle) + 1
            if start > 0 and low[start - 1].isalnum():
                continue
            if end + 1 < len(low) and low[end + 1].isalnum():
                continue
            original = folded[start : end + 1]
            # Names are capitalised where they stand for the name; an acronym or a
            # name with digits must be written as registered (see _exact_case).
            capitalised = original[:1].isupper()
            kept = [
                v
                for v in values
                if (
                    capitalised
                    if v[4] is None
                    else original == v[4] or (original.isupper() and original.upper() == v[4])
                )
            ]
            if kept:
                found.append((start, end + 1, kept))
        # Longest first; a match that overlaps a longer one already chosen is dropped.
        chosen: list[tuple[int, int, list[Match]]] = []
        for start, end, values in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, values))
        chosen.sort()
        return chosen

    def link(self, texts: Iterable[str | None], title: str | None = None) -> LinkResult:
        """Link the kept texts of one article: the title (never mined for new
        names, headlines capitalise every word), then subtitle, highlights, body."""
        people: dict[str, int] = {}
        parties: dict[str, int] = {}
        shorts = []  # (word, start, end, text) of single-word person aliases
        spans = []
        for text in [title, *texts]:
            if not text:
                continue
            covered = []  # spans a registry entity accounts for; not mined for new names
            for start, end, values in self._matches(text):
                full_people = [v for v in values if v[0] == "person" and not v[2]]
                short_people = [v for v in values if v[0] == "person" and v[2]]
                party_values = [v for v in values if v[0] == "party"]
                if party_values:
                    if _inside_longer_name(text, start, party_values[0][3]):
                        continue  # "European People's Party" is not the PPP
                    key = party_values[0][1]
                    parties[key] = parties.get(key, 0) + 1
                    covered.append((start, end))
                elif full_people:
                    for key in dict.fromkeys(v[1] for v in full_people):
                        people[key] = people.get(key, 0) + 1
                    covered.append((start, end))
                elif short_people and not _inside_other_name(text, start, end):
                    # A surname alone; "Rizwan Sattar" stays a name of its own.
                    shorts.append((fold(text[start:end]).casefold(), start, end, text))
                    covered.append((start, end))
            if text is not title:
                spans.append((text, covered))

        for word, _start, _end, _text in shorts:
            owners = [p for p in people if word in self.person_words.get(p, ())]
            if len(owners) == 1:
                people[owners[0]] += 1

        return LinkResult(people, parties, self._suggest(spans))

    def _registry_name(self, words: Iterable[str]) -> bool:
        """True when one registry person's full names hold every one of the words."""
        owners = None
        for word in words:
            people = self.word_people.get(word.replace("’", "'").casefold())
            if not people:
                return False
            owners = people if owners is None else owners & people
            if not owners:
                return False
        return True

    def _suggest(self, spans: list[tuple[str, list[tuple[int, int]]]]) -> list[str]:
        """Names of people in the text that no registry alias covers."""
        found = {}
        for text, covered in spans:
            for start, end, words in _name_runs(text):
                if any(not (end <= s or start >= e) for s, e in covered):
                    continue
                if (
                    len(words) >= 3
                    and words[0].casefold() not in GIVEN_NAMES
                    and words[0].casefold() not in HONORIFICS
                    and words[1].casefold() in GIVEN_NAMES
                ):
                    # "Librarian Megan O'Neill": a capitalised role before a given name.
                    start += len(words[0]) + 1
                    words = words[1:]
                if self._registry_name(words):
                    continue
                name = " ".join(words)
                key = name_key(name)
                if key in self.skip or key in found:
                    continue
                before = text[max(0, start - 40) : start]
                after = text[end : end + 24]
                if (
                    words[0].casefold() in GIVEN_NAMES
                    or _person_cue_before(before)
                    or _PERSON_CUE_AFTER.match(after)
                ):
                    found[key] = name
        return list(found.values())


_PARTICLES = frozenset(["ul", "ud", "ur", "al", "bin", "binte", "de", "van", "von"])
# Runs of capitalised words joined by single spaces (particles allowed between);
# a possessive "’s" ends a run. One regex pass finds candidates; words are checked after.
_CAP = r"[A-Z](?:[a-z]|[’'][A-Z])[\w’'-]*"
_CAP_RUN = re.compile(
    rf"(?<![\w’'-]){_CAP}(?:\s(?:(?:ul|ud|ur|al|bin|binte|de|van|von|der)\s)?{_CAP})+"
)
_POSSESSIVE = re.compile(r"['’]s$")


def _is_name_word(word: str) -> bool:
    return word.casefold() not in NOT_NAME_WORDS


def _name_runs(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """(start, end, words) of runs of 2 to 4 capitalised name words joined by single spaces."""
    for m in _CAP_RUN.finditer(text):
        run: list[tuple[int, int, str]] = []
        pos = m.start()
        for raw in m.group().split(" "):
            word = raw
            possessive = _POSSESSIVE.search(word)
            if possessive:
                word = word[: possessive.start()]
            word = word.rstrip("’'-")
            if word in _PARTICLES and run or _is_name_word(word):
                run.append((pos, pos + len(word), word))
            else:
                yield from _finish(run)
                run = []
            pos += len(raw) + 1
            if possessive:
                yield from _finish(run)
                run = []
        yield from _finish(run)


def _finish(run: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, list[str]]]:
    while run and run[-1][2] in _PARTICLES:
        run.pop()
    # Honorifics open a name ("Khawaja Asif", "Dr Kamran Sheikh") but are not one.
    named = [w for _, _, w in run if w.casefold() not in HONORIFICS and w not in _PARTICLES]
    if len(named) >= 2 and len(run) <= 5:
        yield run[0][0], run[-1][1], [w for _, _, w in run]


_STARTERS = frozenset(
    """
    when then after later earlier yesterday today while as if so since because though
    although but and also meanwhile however moreover instead still yet now here there
    last next this that
    """.split()
)


def _inside_longer_name(text: str, start: int, alias: str) -> bool:
    """True when a written-out name ("People's Party") follows another capitalised
    word that the registry does not know ("European People's Party")."""
    if alias.isupper() or len(alias.split()) < 2:
        return False
    prev = re.search(r"([A-Z][\w-]*)\s+$", text[:start])
    if not prev:
        return False
    word = prev.group(1).casefold()
    return word not in _STARTERS and word not in {"the", "a", "an", "of", "for", "from", "by"}


def _inside_other_name(text: str, start: int, end: int) -> bool:
    """True when the word at text[start:end] is joined to another capitalised name word."""
    prev = re.search(r"([A-Z][\w'’-]*)\.? $", text[:start])
    if prev:
        word = prev.group(1).casefold()
        if word not in HONORIFICS and word not in NOT_NAME_WORDS and word not in _STARTERS:
            return True
    nxt = re.match(r"^ ([A-Z][a-z][\w'’-]*)", text[end:])
    return bool(nxt and nxt.group(1).casefold() not in NOT_NAME_WORDS)
