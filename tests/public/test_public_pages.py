"""The article, person, party, publication and tag pages, the people and party
lists, robots.txt and the sitemap."""

import datetime

import pytest
from django.urls import reverse

from archive.models import Comment
from public import facets
from tests.factories import (
    make_affiliation,
    make_article,
    make_party,
    make_person,
    make_publication,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kamal():
    return make_person("Mustafa Kamal", description="Former mayor of Karachi.")


@pytest.fixture
def parties():
    mqm = make_party("MQM", name="Muttahida Qaumi Movement")
    mqmp = make_party("MQM-P", name="MQM Pakistan", faction_of=mqm)
    psp = make_party(
        "PSP", name="Pak Sarzameen Party", merged_into=mqmp, merged_on=datetime.date(2023, 1, 12)
    )
    return {"mqm": mqm, "mqm-p": mqmp, "psp": psp}


def test_it_shows_an_article_as_published(client, kamal, parties):
    article = make_article(
        "Kamal returns",
        subtitle="A homecoming",
        byline="Staff Reporter",
        dateline="KARACHI",
        caption="Kamal at the rally.",
        highlights="He returned.\nHe spoke.",
        body="First paragraph.\n\nSecond paragraph.",
        publication=make_publication("The News"),
        people=[kamal],
        parties=[parties["mqm-p"]],
        tags=["Elections"],
        comments=[("Ali", "Welcome back"), ("Spammer", "Buy now")],
    )
    Comment.objects.filter(author="Spammer").update(state=Comment.State.HIDDEN)

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    for text in [
        "Kamal returns",
        "A homecoming",
        "Staff Reporter",
        "KARACHI",
        "Kamal at the rally.",
        "He spoke.",
        "<p>Second paragraph.</p>",
        "The News",
        "Welcome back",
        "Elections",
    ]:
        assert text in html
    assert f'href="{kamal.get_absolute_url()}"' in html
    assert f'href="{parties["mqm-p"].get_absolute_url()}"' in html
    assert 'href="/tags/elections/"' in html
    assert "Buy now" not in html


def test_it_lists_related_articles_sharing_people_first(client, kamal, parties):
    sattar = make_person("Farooq Sattar")
    article = make_article("Main", people=[kamal, sattar], parties=[parties["mqm"]])
    make_article("Shares both people", people=[kamal, sattar])
    make_article("Shares one person", people=[kamal])
    make_article("Shares the party", parties=[parties["mqm"]])
    make_article("Shares nothing")

    related = [r["title"] for r in client.get(article.get_absolute_url()).context_data["related"]]

    assert related == ["Shares both people", "Shares one person", "Shares the party"]


def test_related_articles_weigh_only_the_newest_links_to_the_people(
    client, kamal, parties, monkeypatch
):
    """However many articles name a person, only the newest links are grouped."""
    monkeypatch.setattr(facets, "RELATED_CANDIDATES", 2)
    sattar = make_person("Farooq Sattar")
    make_article("Old, shares both people", people=[kamal, sattar])
    make_article("Newer, shares one", people=[kamal])
    make_article("Newest, shares one", people=[sattar])
    article = make_article("Main", people=[kamal, sattar])

    related = [r["title"] for r in client.get(article.get_absolute_url()).context_data["related"]]

    assert related == ["Newest, shares one", "Newer, shares one"]


def test_it_shows_a_persons_timeline_coverage_and_company(client, kamal, parties):
    make_affiliation(
        kamal,
        parties["mqm"],
        role="Mayor of Karachi",
        started_on=datetime.date(2005, 10, 1),
        ended_on=datetime.date(2010, 2, 1),
    )
    make_affiliation(kamal, parties["psp"], role="Chairman", started_on=datetime.date(2016, 3, 23))
    anis = make_person("Anis Kaimkhani")
    make_article("Launch", people=[kamal, anis], published_on=datetime.date(2016, 3, 23))
    make_article("Merger", people=[kamal, anis], published_on=datetime.date(2023, 1, 12))
    make_article("Alone", people=[kamal], published_on=datetime.date(2023, 1, 20))
    make_article("Not him", people=[anis])

    response = client.get(kamal.get_absolute_url())

    html = response.content.decode()
    assert "Former mayor of Karachi." in html
    assert html.index("Mayor of Karachi") < html.index("Chairman")
    assert '<ol class="timeline">' in html
    assert "<svg" in html and "3 articles from 2016-03 to 2023-01" in html
    assert "2023-01: 2" in html
    assert response.context_data["alongside"] == [
        {"slug": "anis-kaimkhani", "name": "Anis Kaimkhani", "n": 2}
    ]
    assert sorted(a.title for a in response.context_data["articles"]) == [
        "Alone",
        "Launch",
        "Merger",
    ]


def test_a_persons_articles_filter_like_the_list(client, kamal):
    make_article("2016 story", people=[kamal], published_on=datetime.date(2016, 5, 1))
    make_article("2023 story", people=[kamal], published_on=datetime.date(2023, 5, 1))

    response = client.get(kamal.get_absolute_url(), {"year": "2016"})

    assert [a.title for a in response.context_data["articles"]] == ["2016 story"]


def test_it_shows_a_party_with_its_factions_mergers_and_members(client, parties, kamal):
    make_affiliation(
        kamal,
        parties["mqm-p"],
        role="Senior Deputy Convener",
        started_on=datetime.date(2023, 1, 12),
    )
    make_article("Faction news", parties=[parties["mqm-p"]])
    make_article("Party news", parties=[parties["mqm"]])

    mqm = client.get(parties["mqm"].get_absolute_url())
    mqmp = client.get(parties["mqm-p"].get_absolute_url())
    family = client.get(parties["mqm"].get_absolute_url(), {"factions": "1"})

    assert 'href="/parties/mqm-p/"' in mqm.content.decode()
    assert [a.title for a in mqm.context_data["articles"]] == ["Party news"]
    assert sorted(a.title for a in family.context_data["articles"]) == [
        "Faction news",
        "Party news",
    ]
    html = mqmp.content.decode()
    assert "Faction of" in html and 'href="/parties/mqm/"' in html
    assert "Parties merged into the MQM-P" in html and 'href="/parties/psp/"' in html
    assert "Senior Deputy Convener" in html and "Mustafa Kamal" in html
    assert "<svg" in mqmp.content.decode()


def test_it_lists_parties_as_a_tree_with_counts(client, parties):
    make_article("A", parties=[parties["mqm-p"]])

    html = client.get(reverse("public:party-list")).content.decode()

    mqm, mqmp = html.index('href="/parties/mqm/"'), html.index('href="/parties/mqm-p/"')
    assert mqm < mqmp
    assert html[mqm:mqmp].count("<ul>") == 1  # the faction sits in a list under its party


def test_it_lists_people_with_their_article_counts_and_finds_by_name(client, kamal):
    make_person("Farooq Sattar")
    make_article("A", people=[kamal])

    everyone = client.get(reverse("public:person-list"))
    found = client.get(reverse("public:person-list"), {"q": "sattar"})

    assert [p.name for p in everyone.context_data["people"]] == ["Farooq Sattar", "Mustafa Kamal"]
    assert {p.name: p.article_count for p in everyone.context_data["people"]}["Mustafa Kamal"] == 1
    assert [p.name for p in found.context_data["people"]] == ["Farooq Sattar"]


def test_it_shows_a_publication_and_a_tag_with_their_articles(client):
    news = make_publication("The News")
    make_article("In The News", publication=news, tags=["Water"])
    make_article("Elsewhere", tags=["Power"])

    publication = client.get(news.get_absolute_url())
    tag = client.get(reverse("public:tag-detail", args=["water"]))

    assert [a.title for a in publication.context_data["articles"]] == ["In The News"]
    assert [a.title for a in tag.context_data["articles"]] == ["In The News"]
    assert client.get(reverse("public:tag-detail", args=["nothing"])).status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_the_sitemap_lists_articles_people_and_parties(client, kamal, parties):
    article = make_article("Mapped")

    index = client.get("/sitemap.xml").content.decode()
    articles = client.get("/sitemap-articles.xml").content.decode()
    people = client.get("/sitemap-people.xml").content.decode()

    assert "/sitemap-articles.xml" in index
    assert f"http://testserver{article.get_absolute_url()}" in articles
    assert f"http://testserver{kamal.get_absolute_url()}" in people


def test_pages_of_unknown_things_are_404(client):
    for url in ["/articles/nope/", "/people/nope/", "/parties/nope/", "/publications/nope/"]:
        assert client.get(url).status_code == 404


def test_the_pages_have_no_empty_form_action_and_nothing_after_a_figures_caption(client, kamal):
    """The two faults the Nu Html Checker found: action="" on the lists' forms, and
    the chart's table inside its <figure> after the <figcaption>."""
    import re

    make_article("Kamal on water", people=[kamal], published_on=datetime.date(2020, 1, 5))
    make_article("Kamal again", people=[kamal], published_on=datetime.date(2020, 3, 5))
    for url in ["/articles/", "/people/", kamal.get_absolute_url()]:
        html = client.get(url).text
        assert 'action=""' not in html, url
        for figure in re.findall(r"<figure.*?</figure>", html, re.S):
            assert "<details" not in figure, url
    assert "chart-data" in client.get(kamal.get_absolute_url()).text
