"""A reader in a real browser: filters by party, narrows by year, searches a
phrase, opens an article, follows a person link and finds their timeline.
Screenshots of the list, an article and a person page go to a temporary folder,
or to the folder NEWSROOM_SCREENSHOTS names (docs/screenshots to refresh the
README's pictures)."""

import datetime
import os
import tempfile
from pathlib import Path

import pytest

from tests.factories import (
    make_affiliation,
    make_article,
    make_party,
    make_person,
    make_publication,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(
    os.environ.get("NEWSROOM_SCREENSHOTS") or tempfile.mkdtemp(prefix="newsroom-screens-")
)


@pytest.fixture
def archive():
    tribune, news, dawn = (
        make_publication("The Express Tribune"),
        make_publication("The News"),
        make_publication("Dawn"),
    )
    mqm = make_party("MQM", name="Muttahida Qaumi Movement", founded_on=datetime.date(1984, 3, 18))
    mqmp = make_party("MQM-P", name="Muttahida Qaumi Movement Pakistan", faction_of=mqm)
    psp = make_party("PSP", name="Pak Sarzameen Party", merged_into=mqmp)
    pti = make_party("PTI", name="Pakistan Tehreek-e-Insaf")
    kamal = make_person(
        "Mustafa Kamal",
        description="Mayor of Karachi (2005–2010) for the MQM, founder of the Pak Sarzameen "
        "Party, senior deputy convener of the MQM-P after the 2023 merger.",
    )
    sattar, khan = make_person("Farooq Sattar"), make_person("Imran Khan")
    make_affiliation(
        kamal,
        mqm,
        role="Mayor of Karachi",
        started_on=datetime.date(2005, 10, 1),
        ended_on=datetime.date(2010, 2, 1),
    )
    make_affiliation(
        kamal,
        psp,
        role="Chairman",
        started_on=datetime.date(2016, 3, 23),
        ended_on=datetime.date(2023, 1, 12),
    )
    make_affiliation(
        kamal, mqmp, role="Senior Deputy Convener", started_on=datetime.date(2023, 1, 12)
    )
    stories = [
        (
            "Kamal returns to Karachi and launches a new party",
            datetime.date(2016, 3, 3),
            tribune,
            [kamal],
            [mqm, psp],
            "Mustafa Kamal returned from Dubai and attacked the MQM leadership.",
        ),
        (
            "MQM splits after the August speech",
            datetime.date(2016, 8, 23),
            news,
            [sattar],
            [mqm, mqmp],
            "Farooq Sattar announced that the MQM would now be run from Pakistan.",
        ),
        (
            "Sattar says the MQM-P will contest every seat",
            datetime.date(2016, 11, 2),
            dawn,
            [sattar],
            [mqmp],
            "The party would field candidates across Sindh, Sattar said.",
        ),
        (
            "PTI rally fills the ground in Karachi",
            datetime.date(2016, 12, 9),
            dawn,
            [khan],
            [pti],
            "Imran Khan told supporters that change was coming to the city.",
        ),
        (
            "PSP and MQM-P announce their merger",
            datetime.date(2023, 1, 12),
            tribune,
            [kamal, sattar],
            [psp, mqmp],
            "The two parties agreed to merge before the local polls.",
        ),
        (
            "Kamal confirms the audio leak is genuine",
            datetime.date(2024, 2, 27),
            news,
            [kamal],
            [mqmp, pti],
            "Mustafa Kamal said the audio leak circulating on social media was his.",
        ),
        (
            "Budget talks stall over Karachi funds",
            datetime.date(2024, 6, 1),
            dawn,
            [],
            [mqmp, pti],
            "Coalition partners held out for development money for the city.",
        ),
        (
            "Water shortage hits North Karachi",
            datetime.date(2024, 5, 12),
            news,
            [],
            [],
            "Residents queued for tankers as the K-IV project fell behind.",
        ),
    ]
    for title, day, publication, people, parties, lede in stories:
        make_article(
            title,
            published_on=day,
            publication=publication,
            people=people,
            parties=parties,
            byline="Staff Reporter",
            subtitle=lede,
            body=f"{lede}\n\nThe statement came at a press conference in Karachi.\n\n"
            "Party workers gathered outside as the leaders spoke to reporters.",
            tags=["Karachi", "Politics"],
        )
    return {"kamal": kamal}


def test_a_reader_finds_a_persons_timeline_from_the_list(live_server, page, archive):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/articles/")
    page.screenshot(path=str(SCREENSHOTS / "list.png"), full_page=True)

    # Filter by party, with its factions.
    page.get_by_label("Party", exact=True).select_option("mqm")
    page.get_by_label("Include the party's factions").check()
    page.get_by_role("button", name="Apply filters").click()
    heading = page.locator("#results-heading")
    assert heading.inner_text().startswith("6 articles")

    # Narrow by year from the counts beside the list.
    page.locator(".facet", has_text="Years").get_by_role("link", name="2016").click()
    assert heading.inner_text().startswith("3 articles")
    assert page.get_by_role("link", name="Remove filter Year: 2016").is_visible()

    # Search a phrase within that.
    page.get_by_label("Words").fill('"MQM leadership"')
    page.get_by_role("button", name="Apply filters").click()
    assert heading.inner_text().startswith("1 article")
    assert page.locator(".snippet mark").first.is_visible()

    # Open the article and follow the person named in it.
    page.get_by_role("link", name="Kamal returns to Karachi and launches a new party").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Kamal returns")
    page.screenshot(path=str(SCREENSHOTS / "article.png"), full_page=True)
    page.locator("aside").get_by_role("link", name="Mustafa Kamal").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Mustafa Kamal"
    timeline = page.locator("ol.timeline li")
    assert timeline.count() == 3
    assert "Mayor of Karachi" in timeline.nth(0).inner_text()
    assert "Senior Deputy Convener" in timeline.nth(2).inner_text()
    assert page.locator("figure.chart svg rect.bar").count() > 1
    page.screenshot(path=str(SCREENSHOTS / "person.png"), full_page=True)


def test_the_pages_work_by_keyboard_and_on_a_phone(live_server, page, archive):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/articles/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the page scrolls sideways on a phone"


def test_the_pages_run_no_inline_code_under_the_content_security_policy(live_server, page, archive):
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    for path in ["/articles/?q=karachi", "/people/mustafa-kamal/", "/parties/mqm/", "/api/docs/"]:
        page.goto(f"{live_server.url}{path}")
    page.wait_for_selector(".swagger-ui .info")

    assert not [v for v in violations if "Content Security Policy" in v]
