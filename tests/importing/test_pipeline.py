"""The import pipeline one step at a time, without a database.

read (bytes to text, or a one-line refusal), segment and extract (site furniture
out, metadata and story in), comments, and link (registry aliases to people and
parties, unknown names to suggestions). The texts under tests/importing/texts/ are
scraped-style pages written for these tests.
"""

import datetime
import random
import re
from pathlib import Path

import pytest

from importing.extract import draft_from_text, process
from importing.link import Entity, Linker
from importing.reading import Refused, decode

from .registry import registry_entities

TEXTS = Path(__file__).parent / "texts"


def clean(name, linker=None, known_publications=()):
    """The draft of one of our texts, as the importer would make it."""
    text = decode((TEXTS / name).read_bytes())
    return draft_from_text(text, name, linker, known_publications)


def removed(draft):
    """Removed line text -> the reason given for it."""
    return {line.text: line.reason for line in draft.removed}


def body_text(draft):
    return "\n".join(draft.body)


@pytest.fixture(scope="module")
def linker():
    people, parties = registry_entities()
    return Linker(people, parties)


# A short story that furniture lines are dropped into, in the middle of the text.
STORY_HEAD = (
    "Harbour dredging to start before the monsoon\n\n"
    "KARACHI: The port trust said on Monday that dredging of the main channel would "
    "begin next week and finish before the monsoon rains arrive in July.\n\n"
)
STORY_TAIL = (
    "\n\nShipping agents said the work was overdue because larger container ships had "
    "been waiting outside the harbour for the high tide.\n\n"
    "The trust said two dredgers had been hired from a Dutch company for the job."
)
STORY_PARAGRAPHS = [
    "The port trust said on Monday that dredging of the main channel would begin next "
    "week and finish before the monsoon rains arrive in July.",
    "Shipping agents said the work was overdue because larger container ships had been "
    "waiting outside the harbour for the high tide.",
    "The trust said two dredgers had been hired from a Dutch company for the job.",
]


def with_line_inside_story(line):
    return draft_from_text(STORY_HEAD + line + STORY_TAIL, "story.txt")


# ------------------------------------------------------------------ reading


def test_it_reads_utf8_with_and_without_a_byte_order_mark():
    text = "Café owners in Clifton say the “new rules” will cost them customers."
    assert decode(text.encode("utf-8")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_it_turns_crlf_and_lone_cr_line_ends_into_newlines():
    assert decode(b"Headline\r\n\r\nFirst paragraph.\r\nSecond.\r\n") == (
        "Headline\n\nFirst paragraph.\nSecond.\n"
    )
    assert decode(b"Headline\r\rFirst paragraph.\rSecond.") == (
        "Headline\n\nFirst paragraph.\nSecond."
    )


def test_it_reads_windows_1252_curly_quotes_and_dashes():
    data = (
        b"\x93We will not move,\x94 the shopkeepers\x92 leader said \x96 and the "
        b"caf\xe9 owners agreed \x97 on Monday evening in Clifton."
    )
    assert decode(data) == (
        "“We will not move,” the shopkeepers’ leader said – and the "
        "café owners agreed — on Monday evening in Clifton."
    )


def test_it_reads_latin1_cafe():
    data = (
        "Harbour café reopens\n\nA seaside café that burned down last winter reopened on Sunday.\n"
    )
    assert decode(data.encode("latin-1")) == data


def test_it_reads_latin1_accented_names_in_a_paragraph():
    text = (
        "The café on Zamzama Boulevard reopened on Monday after the fire.\n"
        "Its owner, José Fernándes, said the naïve plan had worked."
    )
    assert decode(text.encode("latin-1")) == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_it_reads_utf16_with_a_byte_order_mark(encoding):
    text = "Karachi’s “tram” returns\n\nThe café will reopen."
    data = text.encode(encoding)
    if encoding != "utf-16":  # utf-16 writes its own mark; the others need one added
        data = ("\ufeff" + text).encode(encoding)
    assert decode(data) == text


def test_it_drops_invisible_characters_scrapers_leave_behind():
    data = "Zero\u200bwidth and soft\u00adhyphen\u00a0spaces".encode()
    assert decode(data) == "Zerowidth and softhyphen spaces"


@pytest.mark.parametrize(
    ("data", "word"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n   \n", "empty"),
        (b"Headline\n\nA story\x00with\x00NUL bytes\x00in it.", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
    ],
    ids=["empty", "whitespace-only", "nul-bytes", "png"],
)
def test_it_refuses_what_is_not_text_with_a_one_line_reason(data, word):
    with pytest.raises(Refused) as refused:
        decode(data)
    reason = str(refused.value)
    assert word in reason
    assert "\n" not in reason


def test_it_refuses_random_binary_without_nul_bytes():
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))
    with pytest.raises(Refused) as refused:
        decode(data)
    assert "binary" in str(refused.value)


def test_it_refuses_a_file_over_the_size_limit_and_says_what_the_limit_is():
    data = b"Headline\n\n" + b"A line of story text.\n" * 100
    with pytest.raises(Refused) as refused:
        decode(data, max_bytes=1000)
    reason = str(refused.value)
    assert "limit" in reason and re.search(r"1,?000|1 ?k", reason, re.I)
    assert "\n" not in reason
    assert decode(data, max_bytes=len(data))  # at the limit it is read


# ------------------------------------------------------------------ segment: furniture

# reason must say which family the line belongs to, in words an editor understands
FAMILY_REASON = {
    "navigation": r"navigation|menu|breadcrumb",
    "label": r"label|section|navigation",
    "site": r"site|masthead|outlet",
    "ad": r"advert|sponsor",
    "share": r"share|follow|social",
    "related": r"related|read|link",
    "notice": r"newsletter|app|cookie|notice",
    "listen": r"listen|reading time|audio",
    "tags": r"tag|categor",
    "copyright": r"copyright|footer",
    "print": r"print",
    "aggregator": r"aggregator|hashtag|e-?mail|source",
    "watch": r"watch|video|related|read-more",
    "headlines": r"headline|related|trending|most read",
}


def assert_removed_as(draft, lines, family):
    gone = removed(draft)
    for line in lines:
        assert line in gone, f"{line!r} was kept"
        assert re.search(FAMILY_REASON[family], gone[line], re.I), (
            f"{line!r} removed as {gone[line]!r}, not as {family}"
        )
        assert all(line not in paragraph for paragraph in draft.body)


WATER_STORY = [
    "The city's water utility said on Wednesday it would run tankers through the night in "
    "Korangi after residents blocked a main road for six hours to protest against dry taps.",
    "Officials said twenty extra tankers had been hired from a private contractor and would "
    "work from a filling point near the industrial area until the pipeline repairs are finished.",
    "Residents told reporters that the neighbourhood had gone without piped water for eleven "
    "days, and that families were paying three times the usual price to private suppliers.",
    "The utility's spokesman said a burst main near the bridge had been fixed twice and had "
    "burst again because of the pressure in the old pipes.",
]


def test_it_removes_navigation_menus_breadcrumbs_site_names_and_section_labels():
    draft = clean("navigation_and_labels.txt", known_publications=["The Harbour Ledger"])
    assert draft.title == "Water board promises night-time tanker service for Korangi"
    assert_removed_as(
        draft,
        [
            "Skip to main content",
            "Menu",
            "Search",
            "Home | Pakistan | World | Business | Sport | Opinion | Videos",
            "Home > Pakistan > Karachi",
        ],
        "navigation",
    )
    assert_removed_as(draft, ["KARACHI"], "label")
    assert_removed_as(draft, ["The Harbour Ledger"], "site")
    assert draft.publication == "The Harbour Ledger"
    assert draft.body == WATER_STORY


def test_it_does_not_take_an_unknown_site_name_above_the_menu_for_the_headline():
    draft = clean("navigation_and_labels.txt")  # the outlet is not in the registry
    assert draft.title == "Water board promises night-time tanker service for Korangi"
    assert "The Harbour Ledger" in removed(draft)
    assert draft.body == WATER_STORY


@pytest.mark.parametrize(
    "top",
    [
        "Home / Business / Shipping",
        "Home › Pakistan › Sindh",
        "Latest | Pakistan | World | Sport | Business | Entertainment",
        "News • Opinion • Sport • Culture",
        "Toggle navigation",
        "Log in\nSubscribe",
    ],
)
def test_it_removes_navigation_above_the_headline(top):
    draft = draft_from_text(top + "\n" + STORY_HEAD + STORY_TAIL.lstrip(), "story.txt")
    assert draft.title == "Harbour dredging to start before the monsoon"
    assert_removed_as(draft, top.split("\n"), "navigation")
    assert draft.body == STORY_PARAGRAPHS


@pytest.mark.parametrize("label", ["Business", "PAKISTAN", "WORLD NEWS"])
def test_it_removes_a_section_label_above_the_headline(label):
    draft = draft_from_text(label + "\n" + STORY_HEAD + STORY_TAIL.lstrip(), "story.txt")
    assert draft.title == "Harbour dredging to start before the monsoon"
    assert_removed_as(draft, [label], "label")


FERRY_STORY = [
    "The port authority has cut the return fare on the Manora ferry by a third until the end "
    "of August, hoping to bring families back to the island's beach after a slow spring.",
    "The new fare applies to the morning and evening boats, which carry most of the day "
    "visitors, while the midday boat keeps the old price.",
    "Boat owners welcomed the cut but asked the authority to repair the jetty, where a wooden "
    "railing gave way last month.",
    "A spokeswoman said the repairs had been budgeted and would start in July, before the "
    "monsoon reaches the coast.",
]


def test_it_removes_advertisements_and_story_continues_below():
    draft = clean("ads_and_share_bars.txt")
    assert_removed_as(
        draft, ["Advertisement", "Story continues below advertisement", "SPONSORED"], "ad"
    )
    assert draft.body == FERRY_STORY


def test_it_removes_share_and_follow_bars():
    draft = clean("ads_and_share_bars.txt")
    assert_removed_as(
        draft,
        [
            "Share on Facebook",
            "Share on Twitter",
            "Share via WhatsApp",
            "Copy link",
            "Share this story",
            "Facebook Twitter WhatsApp Email",
            "Follow us on Instagram for the latest updates",
            "Like us on Facebook",
        ],
        "share",
    )


TEACHERS_STORY = [
    "Government school teachers ended a four-day sit-in outside the education directorate on "
    "Thursday after officials agreed to pay two months of arrears before the end of the month.",
    "The teachers had camped on the pavement since Monday, sleeping under a canvas sheet and "
    "cooking on gas cylinders brought by their families.",
    "The union's president said the talks had been difficult but that the written assurance "
    "was enough for now.",
    "Teachers said they would return to their schools on Monday, and that a second protest "
    "would follow if the arrears were not paid by the promised date.",
]


def test_it_removes_read_more_also_read_and_related_links():
    draft = clean("related_links.txt")
    assert_removed_as(
        draft,
        [
            "Read more: Teachers' union threatens to boycott exam duties",
            "ALSO READ | Province delays new pay scales for the third time",
            "Related",
            "Exam board postpones matric papers by a week",
            "Colleges told to hold classes on Saturdays",
            "Province approves new hiring rules for teachers",
            "You may also like: Parents' groups ask for fee relief in private schools",
        ],
        "related",
    )
    assert draft.body == TEACHERS_STORY


HEATWAVE_STORY = [
    "The Met Office has warned of a severe heatwave across upper Sindh from Sunday, with "
    "daytime temperatures expected to reach 49C in Jacobabad and Larkana.",
    "Hospitals have been asked to keep cold-water wards ready and the provincial disaster "
    "authority said relief camps would open at major bus stops.",
    "Doctors advised people to avoid going out between noon and four in the afternoon and to "
    "drink water even when they do not feel thirsty.",
]


def test_it_removes_newsletter_app_and_cookie_notices():
    draft = clean("notices_and_listen.txt")
    assert_removed_as(
        draft,
        [
            "Sign up for our morning newsletter and get the day's top stories in your inbox.",
            "Download our app for breaking news alerts",
            "We use cookies to improve your experience on our site. By using this website you "
            "agree to our cookie policy.",
            "Accept all cookies",
        ],
        "notice",
    )
    assert draft.body == HEATWAVE_STORY


def test_it_removes_listen_to_this_article_and_reading_times():
    draft = clean("notices_and_listen.txt")
    assert_removed_as(
        draft, ["Listen to this article", "4 min read", "Reading time: 3 minutes"], "listen"
    )
    assert draft.title == "Heatwave warning issued for upper Sindh as mercury nears 50C"


COTTON_STORY = [
    "Cotton growers in southern Punjab have asked the government to announce the support price "
    "before the sowing season so that farmers can decide how much land to put under the crop.",
    "At a meeting of the growers' association, farmers said they had moved to maize last year "
    "because the price was announced too late.",
    "The association's secretary said the area under cotton had fallen by almost a fifth in "
    "two years.",
]


def test_it_removes_tag_and_category_footers_and_keeps_the_tags():
    draft = clean("footers_tags_copyright.txt")
    assert_removed_as(draft, ["Tags: cotton, agriculture, Multan", "Filed under: Business"], "tags")
    assert draft.tags == ["cotton", "agriculture", "Multan", "Business"]
    assert draft.body == COTTON_STORY


def test_it_removes_copyright_lines_and_footer_links():
    draft = clean("footers_tags_copyright.txt")
    assert_removed_as(
        draft,
        [
            "© 2022 The Harbour Ledger. All rights reserved.",
            "Privacy Policy | Terms of Use | Contact Us | Advertise",
            "About Us | Careers | Sitemap",
        ],
        "copyright",
    )


def test_it_removes_the_print_edition_footer_and_takes_the_outlet_from_it():
    draft = clean("footers_tags_copyright.txt")
    assert_removed_as(draft, ["Published in Dawn, February 3rd, 2022"], "print")
    assert draft.publication == "Dawn"


PORT_STORY = [
    "Dockworkers at the city's main port called off a three-day strike on Friday after the "
    "terminal operator agreed to raise daily wages and pay overtime for night shifts.",
    "The strike had left more than forty ships waiting at anchor and delayed the unloading of "
    "wheat and fertiliser.",
    "The workers' union said the agreement would be signed on Monday in the presence of the "
    "labour department.",
]


def test_it_removes_aggregator_hashtags_emails_and_source_links():
    draft = clean("aggregator_footer.txt")
    assert_removed_as(
        draft,
        ["#PortStrike #Karachi #Dockworkers #News", "newsdesk@harbourledger.pk", "Source link"],
        "aggregator",
    )
    assert draft.body == PORT_STORY


def test_it_removes_a_call_to_watch_the_video():
    draft = clean("aggregator_footer.txt")
    assert_removed_as(
        draft, ["Watch the full interview with the union leader in the video below"], "watch"
    )


def test_it_removes_a_most_read_list_of_unrelated_headlines():
    draft = clean("trending_headlines.txt")
    assert_removed_as(
        draft,
        [
            "Singer's comeback tour sells out in a day",
            "Actor denies rumours of split with longtime partner",
            "Five gadgets you will want this winter",
            "Stock markets slide as oil prices jump",
        ],
        "headlines",
    )
    assert "Most Read" in removed(draft)
    assert len(draft.body) == 3
    assert draft.body[-1].endswith("so that students could study after college.")


def test_it_removes_unlabelled_trending_headlines_after_the_story():
    draft = clean("trailing_headlines_no_label.txt")
    assert_removed_as(
        draft,
        [
            "Celebrity Couple Announces Surprise Engagement In Paris -",
            "Tech Giant Unveils Folding Phone With Three Screens -",
            "Football Star Signs Record Deal With Saudi Club -",
            "Ten Holiday Destinations That Are Cheaper Than You Think -",
        ],
        "headlines",
    )
    assert len(draft.body) == 3
    assert draft.body[-1].startswith("The group asked boat owners to keep a distance")


@pytest.mark.parametrize(
    ("line", "family"),
    [
        ("ADVERTISEMENT", "ad"),
        ("Story continues below", "ad"),
        ("Continue reading below", "ad"),
        ("Sponsored content", "ad"),
        ("Share 0 Tweet 0", "share"),
        ("Facebook Twitter Pinterest WhatsApp", "share"),
        ("Share this article on WhatsApp", "share"),
        ("Follow The Harbour Ledger on Google News", "share"),
        ("Join our WhatsApp channel for breaking news", "share"),
        ("Also Read: Dredger sinks off Keamari in 2019 mishap", "related"),
        ("RELATED STORIES", "related"),
        ("Recommended for you", "related"),
        ("Don't miss: How the port became a bottleneck", "related"),
        ("Subscribe to our newsletter", "notice"),
        ("Get the latest news delivered to your inbox every morning", "notice"),
        ("Install our free news app on your phone", "notice"),
        ("Turn on notifications to get breaking news", "notice"),
        ("Listen to this story", "listen"),
        ("5 min read", "listen"),
        ("WATCH: Dredgers arrive at Karachi port", "watch"),
        ("Click here to watch the video", "watch"),
        ("#Karachi #Port #Shipping", "aggregator"),
        ("Send your tips to tips@harbourledger.pk", "aggregator"),
        ("Trending Now", "headlines"),
        ("Most Popular", "headlines"),
    ],
)
def test_it_removes_furniture_inside_the_story_and_keeps_the_story_around_it(line, family):
    draft = with_line_inside_story(line)
    assert_removed_as(draft, [line], family)
    assert draft.body == STORY_PARAGRAPHS


@pytest.mark.parametrize(
    "line",
    [
        "© 2024 Harbour Media Group",
        "Copyright © 2024 Harbour Media Group. All rights reserved.",
        "Terms & Conditions | Privacy Policy | Contact Us",
        "Source: Harbour Ledger",
        "Published in The Harbour Ledger, May 5th, 2024",
    ],
)
def test_a_footer_line_ends_the_story_and_is_removed(line):
    draft = draft_from_text(STORY_HEAD + STORY_TAIL.lstrip() + "\n\n" + line, "story.txt")
    assert line in removed(draft)
    assert draft.body == STORY_PARAGRAPHS


# ------------------------------------------------------------------ segment: story text kept


def test_it_keeps_story_text_that_talks_about_sharing_facebook_and_advertisements():
    draft = clean("prose_with_furniture_words.txt")
    source = (TEXTS / "prose_with_furniture_words.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in source.split("\n\n")[1:] if p.strip()]
    assert draft.title == "Shopkeepers say online sales now rival the bazaar"
    assert draft.body == [p.strip() for p in paragraphs]
    assert draft.removed == []


@pytest.mark.parametrize(
    "paragraph",
    [
        "Advertisement hoardings on Shahrah-e-Faisal will be removed by the end of the month, "
        "the city administrator said.",
        "Related cases have been filed in the high court, his lawyer said.",
        "Watch dealers in the old city say sales of imported watches have halved since the "
        "rupee fell.",
        "Share prices fell by two percent on the Karachi exchange after the announcement.",
        "Sources said the talks would resume next week in Islamabad.",
        "Follow-up talks will be held in Islamabad next month, the ministry said.",
        "Print media has lost a third of its advertising revenue in five years.",
        "Most read newspapers in the province are in Sindhi, the survey found.",
        "Trending on social media, the video of the dredger was shared thousands of times.",
        "Listen to the fishermen, the activist told the officials at the jetty.",
        "Comments made by the minister angered the traders at the meeting.",
        "Email addresses of two thousand customers were leaked, the company admitted.",
        "Copyright lawyers say the new law will finally protect musicians whose songs are "
        "played on the radio.",
        "Published in the gazette last week, the rules take effect on Monday.",
    ],
    ids=lambda paragraph: " ".join(paragraph.split()[:3]),
)
def test_it_keeps_a_story_paragraph_that_merely_uses_furniture_words(paragraph):
    draft = with_line_inside_story(paragraph)
    assert draft.body == [STORY_PARAGRAPHS[0], paragraph, *STORY_PARAGRAPHS[1:]]


def test_it_keeps_subheadings_in_order_between_paragraphs():
    draft = clean("top_block_full.txt")
    assert draft.body == [
        "The Sindh government on Thursday launched a ten-year plan to restore the wetlands "
        "around Keenjhar lake, one of the country's largest freshwater lakes and a winter home "
        "for migratory birds.",
        "The reed beds",
        "Officials said the reed beds along the eastern shore had shrunk by half since 2005, "
        "and would be replanted in stages over the next three winters.",
        "The sewage problem",
        "Two small towns on the lake's northern side would get treatment plants so that their "
        "sewage no longer flows straight into the water.",
        "The plan also pays fishing families a monthly allowance to guard nesting sites during "
        "the breeding season.",
    ]


def test_short_opening_paragraphs_do_not_push_the_headline_out():
    text = (
        "Tankers to run all night in Korangi\n\n"
        "The water board gave in on Wednesday.\n\n"
        "Residents had blocked the main road for six hours.\n\n"
        "The utility said twenty extra tankers had been hired from a private contractor and "
        "would work from a filling point near the industrial area until the repairs are finished."
    )
    draft = draft_from_text(text, "story.txt")
    assert draft.title == "Tankers to run all night in Korangi"
    assert draft.body[:2] == [
        "The water board gave in on Wednesday.",
        "Residents had blocked the main road for six hours.",
    ]
    assert draft.removed == []


def test_it_joins_lines_hard_wrapped_in_mid_sentence():
    draft = clean("hard_wrapped_lines.txt")
    assert (
        "Farmers said the rain had come just in time for the blossom, and that a good harvest "
        "was now possible if there was no hailstorm in the next weeks."
    ) in draft.body
    assert (
        "The provincial irrigation department said the dams near the city had filled to about "
        "a third of their capacity."
    ) in draft.body


def test_it_joins_a_wrapped_line_even_when_the_next_line_starts_with_a_name():
    draft = clean("hard_wrapped_lines.txt")
    assert draft.body[0] == (
        "Heavy rain fell across Quetta and the surrounding valleys on Sunday night, ending a "
        "dry spell that had lasted almost five months and bringing relief to apple and apricot "
        "growers."
    )
    assert len(draft.body) == 3


# ------------------------------------------------------------------ extract: metadata


def test_it_extracts_the_whole_top_block():
    draft = clean("top_block_full.txt")
    assert draft.title == "Sindh unveils plan to restore Keenjhar lake wetlands"
    assert draft.subtitle == (
        "Ten-year project will replant reed beds and stop sewage from nearby towns"
    )
    assert draft.byline == "Ayesha Rahim"
    assert draft.published_on == datetime.date(2023, 1, 12)
    assert draft.caption == "Migratory birds gather at Keenjhar lake in Thatta district. Photo: AFP"
    assert draft.highlights == [
        "Reed beds to be replanted along the eastern shore",
        "Sewage from two towns to be treated before it reaches the lake",
        "Fishing families to be paid to guard nesting sites",
    ]
    assert "Key points" in removed(draft)


def test_a_story_sentence_under_the_headline_is_not_taken_for_a_caption():
    # "The talks …" reads like "Name talks …", a caption's "who does what", but an
    # article and a common noun are not a name.
    draft = draft_from_text(
        "Water board promises night-time tanker service for Korangi\n"
        "The talks were held on March 3, 2022, and again in April.\n"
        "The city's water utility said on Wednesday it would run tankers through the night.\n",
        "tankers.txt",
    )
    assert draft.caption is None
    assert draft.body[0] == "The talks were held on March 3, 2022, and again in April."
    captioned = draft_from_text(
        "Water board promises night-time tanker service for Korangi\n"
        "Mustafa Kamal talks to residents in Korangi on Tuesday.\n"
        "The city's water utility said on Wednesday it would run tankers through the night.\n",
        "tankers.txt",
    )
    assert captioned.caption == "Mustafa Kamal talks to residents in Korangi on Tuesday."


def test_it_takes_the_dateline_without_its_date_and_strips_it_from_the_story():
    draft = clean("top_block_full.txt")  # "THATTA, Jan 12: The Sindh government …"
    assert draft.dateline == "THATTA"
    assert draft.body[0].startswith("The Sindh government on Thursday")


def test_it_takes_a_plain_dateline_with_a_colon():
    draft = clean("related_links.txt")  # "HYDERABAD: Government school teachers …"
    assert draft.dateline == "HYDERABAD"
    assert draft.body[0].startswith("Government school teachers")


@pytest.mark.parametrize(
    ("lines", "byline", "date"),
    [
        ("By Sana Qureshi", "Sana Qureshi", None),
        ("By Sana Qureshi | March 3, 2022", "Sana Qureshi", datetime.date(2022, 3, 3)),
        ("Sana Qureshi · 3 March 2022", "Sana Qureshi", datetime.date(2022, 3, 3)),
        ("By Sana Qureshi and Omar Shah", "Sana Qureshi and Omar Shah", None),
        (
            "Written by Sana Qureshi\nPublished: 03/03/2022 10:15am",
            "Sana Qureshi",
            datetime.date(2022, 3, 3),
        ),
        ("Mar 03, 2022 10:15 AM\nBy Sana Qureshi", "Sana Qureshi", datetime.date(2022, 3, 3)),
        ("By Reuters\nMarch 3, 2022", "Reuters", datetime.date(2022, 3, 3)),
        ("Our Correspondent December 13, 2013", "Our Correspondent", datetime.date(2013, 12, 13)),
    ],
)
def test_it_takes_the_byline_without_by_and_without_the_date(lines, byline, date):
    text = "Harbour dredging to start before the monsoon\n" + lines + "\n\n" + STORY_TAIL.lstrip()
    draft = draft_from_text(text, "story.txt")
    assert draft.byline == byline
    assert draft.published_on == date
    assert draft.subtitle is None
    assert draft.body == STORY_PARAGRAPHS[1:]


def test_it_takes_a_bare_name_above_a_date_line_as_the_byline():
    draft = clean("ads_and_share_bars.txt")  # "Farah Siddiq" then "June 14, 2023"
    assert draft.byline == "Farah Siddiq"
    assert draft.subtitle is None
    assert draft.published_on == datetime.date(2023, 6, 14)


def test_the_byline_date_beats_the_print_edition_date():
    draft = clean("byline_date_beats_print_date.txt")
    assert draft.published_on == datetime.date(2021, 3, 3)
    assert draft.publication == "The News"


def test_the_print_edition_date_is_used_when_there_is_no_other():
    draft = clean("print_date_fallback.txt")
    assert draft.published_on == datetime.date(2022, 7, 19)
    assert draft.publication == "The Express Tribune"
    assert draft.dateline == "LAHORE"


def test_a_relative_time_gives_no_date():
    draft = clean("relative_time_no_date.txt")  # "Web Desk" / "2 hours ago"
    assert draft.published_on is None
    assert draft.byline == "Web Desk"


def test_a_relative_time_under_the_byline_is_not_story_text():
    draft = clean("relative_time_no_date.txt")
    assert "2 hours ago" not in draft.body
    assert draft.dateline == "ISLAMABAD"
    assert draft.body[0].startswith("Several domestic and international flights")


@pytest.mark.parametrize(
    "line", ["Last updated: April 7, 2024 at 9:15 am", "Updated 2 hours ago", "12 March 2024"]
)
def test_a_line_that_is_only_a_date_is_not_story_text(line):
    inside = with_line_inside_story(line)
    assert inside.body == STORY_PARAGRAPHS
    after = draft_from_text(STORY_HEAD + STORY_TAIL.lstrip() + "\n\n" + line, "story.txt")
    assert after.body == STORY_PARAGRAPHS


def test_a_date_mentioned_in_the_story_is_not_the_publication_date():
    assert clean("relative_time_no_date.txt").published_on is None  # story: "December 28, 2023"
    text = (
        "Harbour dredging to start before the monsoon\n\n"
        "The port trust said on March 2, 2022 that dredging of the main channel would begin "
        "on April 1, 2022 and finish before the monsoon.\n\n" + STORY_TAIL.lstrip()
    )
    assert draft_from_text(text, "story.txt").published_on is None
    # and a date inside the story does not override the byline's
    byline = clean("byline_date_beats_print_date.txt")  # story: "January 15, 2020"
    assert byline.published_on == datetime.date(2021, 3, 3)


# ------------------------------------------------------------------ comments


def assert_no_chrome_in_comments(draft, chrome):
    for comment in draft.comments:
        for line in chrome:
            assert line not in comment.body, f"{line!r} in the comment of {comment.author}"
            assert comment.author != line


def assert_comments_not_in_body(draft):
    for comment in draft.comments:
        assert comment.author not in body_text(draft)
        assert comment.body.split("\n\n")[0] not in body_text(draft)


def test_it_reads_name_pipe_time_pipe_reply_comments():
    draft = clean("comments_pipe_format.txt")
    assert [(c.author, c.posted, c.body) for c in draft.comments] == [
        ("Naveed K", "3 years ago", "Finally some good news for people who travel from Orangi every day."),
        ("Saima R", "3 years ago", "They said the same thing two years ago. I will believe it when I ride it."),
        ("Tariq", "2 years ago", "The buses should run at night too."),
    ]  # fmt: skip
    assert_no_chrome_in_comments(
        draft,
        ["Reply", "Report", "Replying to Naveed K", "Comments are moderated", "Comments FAQ"],
    )
    assert_comments_not_in_body(draft)
    assert len(draft.body) == 2
    assert "COMMENTS (3)" in removed(draft)


def test_it_reads_name_says_comments_with_a_date_line():
    draft = clean("comments_says_format.txt")
    assert [(c.author, c.posted) for c in draft.comments] == [
        ("Rashida Begum", "April 7, 2024 at 9:15 am"),
        ("Omar F.", "April 7, 2024 at 11:02 am"),
        ("Hina", "April 8, 2024 at 6:40 pm"),
    ]
    assert draft.comments[0].body == "My father bought bread there every morning for forty years."
    assert draft.comments[1].body == "Best bread in the city, no question."
    assert draft.comments[2].body.split("\n\n") == [
        "Does anyone know if they still make the sesame buns?",
        "My grandmother used to send me there for them after school.",
    ]
    assert draft.comments[0].posted_on == datetime.date(2024, 4, 7)
    assert_no_chrome_in_comments(
        draft,
        [
            "Reply",
            "Leave a Reply",
            "Your email address will not be published",
            "Comment *",
            "Name *",
            "Email *",
            "Website",
            "Save my name",
            "Post Comment",
        ],
    )
    assert_comments_not_in_body(draft)
    assert len(draft.body) == 3


def test_it_reads_comments_written_as_name_line_time_line_text():
    draft = clean("comments_name_time_lines.txt")
    assert [(c.author, c.posted, c.body) for c in draft.comments] == [
        ("Zainab Malik", "2 days ago", "Please name one of them Sher Khan!"),
        ("Asad", "1 day ago", "Good to hear the zoo is looking after its animals better now."),
    ]
    assert_no_chrome_in_comments(draft, ["Load more comments", "Comments"])
    assert_comments_not_in_body(draft)
    assert draft.body[-1] == "The zoo has asked schoolchildren to suggest names for the pair."


def test_a_relative_comment_time_is_kept_as_printed_without_a_date():
    draft = clean("comments_pipe_format.txt")
    assert draft.comments[0].posted == "3 years ago"
    assert draft.comments[0].posted_on is None


# ------------------------------------------------------------------ link


def link(linker, *texts, title=None):
    return linker.link(list(texts), title=title)


def test_the_longest_alias_wins_mqm_p_is_not_also_mqm(linker):
    result = link(linker, "The MQM-P announced its candidates on Monday.")
    assert result.parties == {"MQM-P": 1}


def test_mqm_london_is_not_mqm(linker):
    result = link(linker, "The MQM-London denied any part in the protest.")
    assert result.parties == {"MQM-London": 1}


def test_a_full_party_name_links_to_its_own_faction(linker):
    result = link(linker, "The Muttahida Qaumi Movement-Pakistan met the governor.")
    assert result.parties == {"MQM-P": 1}


def test_possessives_count_as_mentions(linker):
    result = link(
        linker,
        "The MQM-P’s convener met Mustafa Kamal on Monday.",
        "Kamal’s aides said the meeting went well. Kamal's office agreed.",
    )
    assert result.parties == {"MQM-P": 1}
    assert result.people == {"Mustafa Kamal": 3}


def test_dash_and_quote_variants_find_the_alias(linker):
    result = link(linker, "The MQM–P and the Pakistan People’s Party talked.")
    assert result.parties == {"MQM-P": 1, "PPP": 1}


def test_a_short_alias_links_only_when_the_full_name_is_in_the_article(linker):
    assert link(linker, "Kamal’s aides left the meeting early.").people == {}
    assert link(linker, "Mustafa Kamal arrived late.", "Kamal left early.").people == {
        "Mustafa Kamal": 2
    }


def test_a_short_alias_two_named_people_share_links_neither_again():
    people = [
        Entity("person", "Sahar Hassan", ("Sahar Hassan", "Hassan")),
        Entity("person", "Khawaja Izharul Hassan", ("Khawaja Izharul Hassan", "Hassan")),
    ]
    result = Linker(people).link(["Sahar Hassan met Khawaja Izharul Hassan. Hassan spoke."])
    assert result.people == {"Sahar Hassan": 1, "Khawaja Izharul Hassan": 1}


def test_rizwan_sattar_never_becomes_farooq_sattar(linker):
    result = link(
        linker,
        "Farooq Sattar met the party's lawyer on Monday.",
        "The lawyer, Rizwan Sattar, said the case was weak. Rizwan Sattar will appeal.",
    )
    assert result.people == {"Farooq Sattar": 1}
    assert link(linker, "Rizwan Sattar, a lawyer, said the case was weak.").people == {}


def test_rizwan_sattar_is_suggested_instead(linker):
    result = link(
        linker,
        "Farooq Sattar met the party's lawyer on Monday.",
        "The lawyer, Rizwan Sattar, said the case was weak.",
    )
    assert "Rizwan Sattar" in result.suggested


def test_names_only_in_boilerplate_or_comments_are_never_linked(linker):
    draft = clean("linking_factions.txt", linker)
    # in the story
    assert set(draft.people) == {"Mustafa Kamal", "Farooq Sattar"}
    assert set(draft.parties) == {"MQM-P", "MQM-London"}
    # only in a read-more link (Altaf Hussain), the tags (PTI, Imran Khan), a comment (PPP)
    assert "Altaf Hussain" not in draft.people
    assert "Imran Khan" not in draft.people
    assert "PTI" not in draft.parties and "PPP" not in draft.parties
    assert "Imran Khan" not in draft.suggested_people


def test_a_new_name_in_the_story_is_suggested(linker):
    draft = clean("linking_factions.txt", linker)
    assert "Kashif Lodhi" in draft.suggested_people
    assert "Mustafa Kamal" not in draft.suggested_people


def test_registry_people_are_not_suggested(linker):
    result = link(
        linker, "Mustafa Kamal said the plan was ready.", "Dr Farooq Sattar said it was not."
    )
    assert result.suggested == []


@pytest.mark.parametrize(
    "sentence",
    [
        # places
        "Speaking in Gulshan Iqbal, the minister said the plan was ready.",
        "Residents of Shah Faisal Colony, who had no water for a week, blocked the road.",
        "The visit to New Karachi, said residents, was brief.",
        # outlets
        "According to Geo News, the talks failed on Monday.",
        "Speaking to Express Tribune, he said the talks had failed.",
        "He told Business Recorder that the budget would be late.",
        # parties
        "He met Awami National Party leaders and Balochistan Awami Party members, said officials.",
        "Jamaat-e-Islami said the fare was too high.",
        # months and days
        "The talks were held in March and April, said officials.",
        # institutions
        "The Sindh High Court said the case was weak.",
    ],
)
def test_places_outlets_parties_and_months_are_not_suggested(linker, sentence):
    assert link(linker, sentence).suggested == []


def test_headline_words_are_not_suggested(linker):
    result = link(
        linker,
        "Officials said the tanker service would run all night.",
        title="Tanker Mafia Blamed As Korangi Goes Dry",
    )
    assert result.suggested == []


def test_a_role_word_opening_the_sentence_is_not_part_of_the_name(linker):
    result = link(linker, "Analyst Kashif Lodhi said the MQM-P would keep its seats.")
    assert result.suggested == ["Kashif Lodhi"]


def test_rejected_names_are_never_suggested_again():
    people, parties = registry_entities()
    text = ["Political analyst Kashif Lodhi said the plan was weak. Dr Kashif Lodhi added more."]
    assert Linker(people, parties).link(text).suggested == ["Kashif Lodhi"]
    assert Linker(people, parties, skip_suggestions={"kashif lodhi"}).link(text).suggested == []


# ------------------------------------------------------------------ the whole pure pipeline


def test_process_refuses_a_page_that_is_only_furniture():
    data = (
        "Home | Pakistan | World | Business | Sport\n"
        "Advertisement\n"
        "Share on Facebook\n"
        "Sign up for our newsletter\n"
        "© 2024 The Harbour Ledger. All rights reserved.\n"
    ).encode()
    with pytest.raises(Refused) as refused:
        process("furniture.txt", data)
    assert "\n" not in str(refused.value)


def test_process_links_what_it_reads(linker):
    data = (TEXTS / "linking_factions.txt").read_bytes()
    draft = process("linking_factions.txt", data, linker)
    assert draft.title == "MQM-P and MQM-London trade blame over Karachi office fire"
    assert draft.byline == "Staff Reporter"
    assert draft.published_on == datetime.date(2023, 8, 30)
    assert draft.dateline == "KARACHI"
    assert draft.people == {"Mustafa Kamal": 2, "Farooq Sattar": 1}
    assert [c.author for c in draft.comments] == ["Bilal"]


# ------------------------------------------------------------------ patterns tried only on a key word

ANYWHERE_LINES = [
    ("AGGREGATOR", "This story has been auto-generated from a syndicated feed."),
    ("AGGREGATOR", "Published via a syndicated news feed and not edited by our staff"),
    ("AGGREGATOR", "Read about the Thomson Reuters Trust Principles."),
    ("ADS", "The Harbour Ledger is reader-supported. Become a member"),
    ("ADS", "Five ways to save on tuition | Sponsored"),
    ("ADS", "Want your company's news featured on our site? Write to us"),
    ("COMMENT_CHROME", "Read our comments FAQ before you post"),
    ("COMMENT_CHROME", "Please keep to our commenting guidelines"),
]


@pytest.mark.parametrize("pattern, line", ANYWHERE_LINES)
def test_furniture_that_can_stand_anywhere_in_a_line_is_still_found(pattern, line):
    from importing import patterns

    whole_line = getattr(patterns, pattern)
    assert not whole_line.start.match(line)  # found by the alternative tried on its key word
    assert whole_line.match(line)
    assert whole_line.match(line.upper())


@pytest.mark.parametrize(
    "pattern, sentence",
    [
        ("AGGREGATOR", "The syndicated loan was signed on the principles of trust, he said."),
        ("ADS", "The company said its news division would hire twelve reporters."),
        ("COMMENT_CHROME", "The minister declined to comment on the policy change."),
    ],
)
def test_a_story_sentence_with_the_same_key_word_is_not_furniture(pattern, sentence):
    from importing import patterns

    assert not getattr(patterns, pattern).match(sentence)


def test_a_date_in_the_far_future_is_not_taken_for_the_publication_date():
    text = (
        "Ferry service resumes at Manora\n\n"
        "Published on March 3, 2099\n\n"
        "KARACHI: The ferry between Keamari and Manora resumed on Monday after repairs "
        "to the jetty, the port authority said.\n\n"
        "Passengers said the crossing took twenty minutes.\n"
    )
    assert draft_from_text(text, "ferry.txt").published_on is None
    dated = text.replace("2099", "2019")
    assert draft_from_text(dated, "ferry.txt").published_on == datetime.date(2019, 3, 3)
