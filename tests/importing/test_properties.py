"""Properties of the pure import pipeline, checked on generated texts (hypothesis).

- it never raises anything but Refused, whatever the bytes;
- every body paragraph is made of the input's own lines, in order;
- cleaning an already clean article changes nothing;
- the linker only links and suggests names that are in the text it kept.
"""

import hashlib
import os
import re
import unicodedata

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from importing.draft import content_hash
from importing.extract import draft_from_text, process
from importing.link import Linker
from importing.reading import Refused, decode

from .registry import registry_entities

# No example database on disk: the suite leaves nothing behind in the checkout.
# The same examples on every run, so a red build names a change and not a draw;
# HYPOTHESIS_EXPLORE=1 draws new ones (the segmenter still has a known miss there:
# when the clean text opens with two unterminated lines and then a short sentence,
# it takes the second for the headline and the first for site furniture).
FAST = settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("HYPOTHESIS_EXPLORE"),
    suppress_health_check=[HealthCheck.too_slow],
)

# ------------------------------------------------------------------ building blocks

TITLES = [
    "Water board promises night-time tanker service for Korangi",
    "MQM-P and PPP trade blame over Karachi local elections",
    "Mustafa Kamal says the merger was not forced",
    "Farooq Sattar returns to the MQM-P after five years",
    "Heatwave warning issued for upper Sindh",
    "‘We were never asked’: café owners object to seating rules",
    "Teachers end sit-in after pay talks",
    "PSP leaders meet Sindh governor Kamran Tessori",
]
SENTENCES = [
    "The city's water utility said on Wednesday it would run tankers through the night.",
    "Officials said twenty extra tankers had been hired from a private contractor.",
    "Residents said the neighbourhood had gone without piped water for eleven days.",
    "MQM-P senior deputy convener Mustafa Kamal told reporters the fire was set deliberately.",
    "Kamal’s aides later shared photographs of the burnt furniture.",
    "Farooq Sattar, who visited the office, called for a judicial inquiry.",
    "The MQM-P’s lawyer, Rizwan Sattar, said a case would be registered.",
    "Political analyst Kashif Lodhi said the rivalry between the factions had grown.",
    "The Pakistan Peoples Party said it would contest every seat in the city.",
    "Sattar said he would consult the party's Rabita Committee before deciding.",
    "A spokesman for the MQM-London denied any role in the protest.",
    "Governor Kamran Tessori met the PSP and MQM-RC leaders separately.",
    "Shopkeepers said a growing share of their sales now comes through Facebook pages.",
    "Another trader said he stopped paying for a newspaper advertisement last year.",
    "Those who read more than one review before buying are the hardest to win, he said.",
    "The talks were held on March 3, 2022, and again in April.",
    "“We will not move,” the shopkeepers’ leader said on Monday.",
    "Doctors advised people to avoid going out between noon and four",
    "in the afternoon and to drink water even when they do not feel thirsty.",
    "Hassan said the party would not accept the results.",
    "Imran Khan’s party called the decision unlawful.",
]
OPENERS = [  # a story's first paragraph, with its dateline
    "KARACHI: The port trust said dredging would begin next week.",
    "LAHORE, Jan 3: The city council approved new parking rules on Monday.",
    "ISLAMABAD — The Senate passed the budget after a long debate on Friday.",
]
HEADINGS = ["The reed beds", "Conspiracy theories?", "What happens next", "A long wait"]
DEKS = [
    "Ten-year project will replant reed beds and stop sewage from nearby towns",
    "Campaign also aims to deal with ‘conspiracies’ to destabilise the party.",
]
BYLINES = [
    "By Sana Qureshi",
    "Staff Reporter",
    "Our Correspondent December 13, 2013",
    "Sana Qureshi | March 3, 2022",
    "By Ayesha Rahim | Published: January 12, 2023",
]
DATES = ["Published: January 12, 2023", "March 3, 2022", "2 hours ago", "Updated 5 minutes ago"]
CAPTIONS = [
    "Migratory birds gather at Keenjhar lake. Photo: AFP",
    "MQM-P leader Mustafa Kamal speaks to the media in this still taken from a video.",
]
BULLETS = [
    "• Reed beds to be replanted along the eastern shore",
    "• Mustafa Kamal to lead the talks",
    "• Sewage from two towns to be treated first",
]
FURNITURE = [
    "Home > Pakistan > Karachi",
    "Home | Pakistan | World | Business | Sport",
    "KARACHI",
    "Advertisement",
    "Story continues below advertisement",
    "Share on Facebook",
    "Facebook Twitter WhatsApp Email",
    "Follow us on Instagram for the latest updates",
    "Read more: Altaf Hussain’s speech ban extended",
    "ALSO READ | Imran Khan to address rally in Lahore",
    "Related",
    "Sign up for our morning newsletter and get the top stories in your inbox.",
    "Download our app for breaking news alerts",
    "We use cookies to improve your experience on our site.",
    "Listen to this article",
    "4 min read",
    "Watch the full interview with Anis Kaimkhani in the video below",
    "#Karachi #MQM #News",
    "newsdesk@harbourledger.pk",
    "Trending Now",
    "Celebrity Couple Announces Surprise Engagement In Paris -",
]
FOOTERS = [
    "Last updated: April 7, 2024 at 9:15 am",
    "Published in Dawn, February 3rd, 2022",
    "Tags: PTI, Imran Khan, Altaf Hussain",
    "© 2022 The Harbour Ledger. All rights reserved.",
    "Privacy Policy | Terms of Use | Contact Us",
    "Source link",
]
COMMENT_SECTIONS = [
    [
        "COMMENTS (2)",
        "Naveed K | 3 years ago | Reply",
        "Altaf Hussain is the only leader the MQM ever had.",
        "Saima R | 2 years ago | Reply",
        "Mustafa Kamal should explain this.",
        "Comments are moderated and generally will be posted if they are on-topic.",
    ],
    [
        "2 thoughts on “Teachers end sit-in after pay talks”",
        "Rashida Begum says:",
        "April 7, 2024 at 9:15 am",
        "Imran Khan and the PTI warned about this.",
        "Reply",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ],
    ["Comments", "Zainab Malik", "2 days ago", "Farooq Sattar is right.", "Load more comments"],
]

any_line = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\n"), max_size=60
)


@st.composite
def articles(draw, noise=True):
    """A scraped page: furniture, a headline, a top block, the story, a tail."""
    story = SENTENCES + HEADINGS + FURNITURE
    parts = draw(st.lists(st.sampled_from(FURNITURE[:4]), max_size=3, unique=True))
    parts.append(draw(st.sampled_from(TITLES)))
    # the top block, in the order pages print it; any part may be missing
    for choices in (DEKS, BYLINES, DATES, CAPTIONS):
        parts += draw(st.lists(st.sampled_from(choices), max_size=1))
    bullets = draw(st.lists(st.sampled_from(BULLETS), max_size=3, unique=True))
    if bullets and draw(st.booleans()):
        parts.append("Key points")
    parts += bullets
    pool = st.sampled_from(story) | any_line if noise else st.sampled_from(story)
    parts += draw(st.lists(st.sampled_from(OPENERS), max_size=1))
    parts += draw(st.lists(pool, min_size=1, max_size=14, unique=True))
    # the tail: footers in the order pages print them, then perhaps reader comments
    parts += [line for line in FOOTERS if draw(st.booleans())]
    parts += draw(st.sampled_from([[], *COMMENT_SECTIONS]))
    text = ""
    for i, part in enumerate(parts):
        gap = draw(st.sampled_from(["\n", "\n\n", "\n\n\n"])) if i else ""
        text += gap + part
    return text


# ------------------------------------------------------------------ the registry, without a database


def registry_linker():
    people, parties = registry_entities()
    return Linker(people, parties), {e.key: e for e in people}, {e.key: e for e in parties}


LINKER, PEOPLE, PARTIES = registry_linker()

_FOLD = str.maketrans({**dict.fromkeys("‐‑‒–—―−", "-"), "’": "'", "‘": "'"})


def folded(text):
    return text.translate(_FOLD).casefold()


# ------------------------------------------------------------------ 1. never raises


def refuses_or_drafts(name, data):
    try:
        draft = process(name, data)
    except Refused as refused:
        assert str(refused).strip() and "\n" not in str(refused)
        return None
    assert draft.title and draft.body
    return draft


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_draft_or_a_refusal(data):
    refuses_or_drafts("scraped.txt", data)


@FAST
@given(
    articles(),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_any_page_in_any_encoding_gives_a_draft_or_a_refusal(text, encoding, newline):
    data = text.replace("\n", newline).encode(encoding, errors="replace")
    refuses_or_drafts("scraped.txt", data)


HTML_PIECES = (
    "<p> </p> <script> </script> <style> <h1> </h1> <div> </div> <!-- --> &amp; &#0;".split()
)
HTML_PIECES += ["<title>", "</title>", "<body>", "<html>", '<meta charset="utf-7">']


@settings(FAST, max_examples=60)
@given(st.lists(st.sampled_from(HTML_PIECES) | any_line, max_size=30))
def test_any_web_page_gives_a_draft_or_a_refusal(parts):
    refuses_or_drafts("page.html", "".join(parts).encode("utf-8"))


@FAST
@given(st.text(max_size=2000))
def test_draft_from_text_never_raises_on_any_text(text):
    draft_from_text(text, "scraped.txt", LINKER)


# ------------------------------------------------------------------ 2. nothing invented


def made_of_line_ends(paragraph, lines):
    """True when paragraph is the end of one input line, or the ends of several
    lines in order, joined by single spaces (a dateline or bullet cut off the
    front of a line, a wrapped sentence joined to the next line)."""
    reachable = {0}  # positions in paragraph reached after some lines
    for line in lines:
        after = set()
        for pos in reachable:
            rest = paragraph[pos:]
            for cut in range(len(line)):
                piece = line[cut:]
                if rest == piece:
                    return True
                if rest.startswith(piece + " ") and piece:
                    after.add(pos + len(piece) + 1)
        reachable |= after
    return False


def assert_body_from(draft, text):
    lines = [line for line in text.split("\n") if line]
    for paragraph in draft.body:
        assert made_of_line_ends(paragraph, lines), paragraph


@FAST
@given(articles())
def test_every_body_paragraph_comes_from_the_input(text):
    assert_body_from(draft_from_text(text, "scraped.txt"), text)


@FAST
@given(st.text(max_size=1000))
def test_every_body_paragraph_comes_from_any_input(text):
    assert_body_from(draft_from_text(text, "scraped.txt"), text)


@FAST
@given(articles(), st.sampled_from(["utf-8", "utf-16", "cp1252"]), st.sampled_from(["\n", "\r\n"]))
def test_every_body_paragraph_comes_from_the_decoded_file(text, encoding, newline):
    data = text.replace("\n", newline).encode(encoding, errors="replace")
    draft = refuses_or_drafts("scraped.txt", data)
    if draft is not None:
        assert_body_from(draft, decode(data))


def test_made_of_line_ends_rejects_what_the_input_does_not_have():
    lines = ["KARACHI: The port trust said", "on Monday that work would start."]
    assert made_of_line_ends("The port trust said on Monday that work would start.", lines)
    assert not made_of_line_ends("The port trust said on Tuesday.", lines)
    assert not made_of_line_ends("on Monday that work would start. The port trust said", lines)


# ------------------------------------------------------------------ 3. clean text stays clean


@FAST
@given(articles(noise=False))
def test_cleaning_a_clean_article_again_changes_nothing(text):
    first = draft_from_text(text, "scraped.txt")
    assume(first.title and first.body)
    clean = first.title + "\n\n" + "\n\n".join(first.body) + "\n"
    again = draft_from_text(clean, "clean.txt")
    assert again.title == first.title
    assert again.body == first.body
    assert again.removed == []


@FAST
@given(st.lists(st.text(max_size=200) | st.sampled_from(SENTENCES), max_size=8))
@example(["snake_case and__double", "Ｆｕｌｌｗｉｄｔｈ ﬁne ² ⅷ 3½", "l’état—c’est… moi!!"])
@example(["\u00a0tabs\tand\u2003spaces", "_lead trail_", "x" * 300])
def test_the_content_hash_is_the_bodys_words_whatever_the_characters(paragraphs):
    # What the hash means, written the slow way: every run of letters and digits.
    text = unicodedata.normalize("NFKC", "\n".join(paragraphs)).casefold()
    words = re.sub(r"[\W_]+", " ", text).strip()
    assert content_hash(paragraphs) == hashlib.sha256(words.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ 4. links come from the kept text


@FAST
@given(articles())
def test_the_linker_only_links_names_in_the_kept_text(text):
    draft = draft_from_text(text, "scraped.txt", LINKER)
    kept = folded(
        "\n".join(filter(None, [draft.title, draft.subtitle, *draft.highlights, *draft.body]))
    )
    for name in draft.people:
        aliases = PEOPLE[name].aliases
        full = [a for a in aliases if len(a.split()) > 1 or a == name]
        assert any(folded(alias) in kept for alias in full), name
    for abbreviation in draft.parties:
        assert any(folded(alias) in kept for alias in PARTIES[abbreviation].aliases), abbreviation
    story = folded("\n".join(filter(None, [draft.subtitle, *draft.highlights, *draft.body])))
    for name in draft.suggested_people:
        assert folded(name) in story, name
