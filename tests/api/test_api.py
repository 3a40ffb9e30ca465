"""The read-only JSON API: the list's filters and sorting, pages with count,
next, previous and results, people, parties, and the schema and docs."""

import datetime

import pytest

from archive.paging import CappedPaginator
from tests.factories import (
    make_affiliation,
    make_article,
    make_party,
    make_person,
    make_publication,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    mqm = make_party("MQM")
    mqmp = make_party("MQM-P", faction_of=mqm)
    kamal = make_person("Mustafa Kamal")
    make_affiliation(kamal, mqmp, role="Senior Deputy Convener")
    make_article(
        "Kamal speaks on the audio leak",
        people=[kamal],
        parties=[mqmp],
        published_on=datetime.date(2024, 2, 27),
        publication=make_publication("Geo News"),
        tags=["Audio"],
        body="The audio leak was real.\n\nSecond paragraph.",
        highlights="One\nTwo",
    )
    make_article("MQM story", parties=[mqm], published_on=datetime.date(2016, 8, 23))
    make_article("Unrelated", published_on=datetime.date(2019, 1, 1))


def test_it_pages_articles_with_count_next_previous_and_results(client, data):
    first = client.get("/api/articles/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 3 and first["count_capped"] is False
    assert first["previous"] is None
    assert [a["title"] for a in first["results"]] == ["Kamal speaks on the audio leak", "Unrelated"]
    assert [a["title"] for a in second["results"]] == ["MQM story"]
    assert second["next"] is None and second["previous"]


def test_it_filters_and_sorts_like_the_list(client, data):
    def titles(**params):
        return [a["title"] for a in client.get("/api/articles/", params).json()["results"]]

    assert titles(party="mqm") == ["MQM story"]
    assert titles(party="mqm", factions="true") == ["Kamal speaks on the audio leak", "MQM story"]
    assert titles(person="mustafa-kamal", year=2024) == ["Kamal speaks on the audio leak"]
    assert titles(sort="oldest")[0] == "MQM story"
    assert titles(tag="audio", publication="geo-news") == ["Kamal speaks on the audio leak"]


def test_it_gives_a_snippet_when_searching(client, data):
    result = client.get("/api/articles/", {"q": '"audio leak"'}).json()["results"][0]

    assert "[[audio" in result["snippet"] and "leak]] was real." in result["snippet"]
    assert result["people"] == [{"slug": "mustafa-kamal", "name": "Mustafa Kamal", "mentions": 1}]


def test_it_answers_a_bad_filter_with_400_and_the_reason(client, data):
    response = client.get("/api/articles/", {"year": "soon", "person": "nobody"})

    assert response.status_code == 400
    assert set(response.json()) == {"year", "person"}


def test_it_bounds_page_sizes_and_deep_pages(client, data, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 2)

    big = client.get("/api/articles/", {"page_size": 100000}).json()
    deep = client.get("/api/articles/", {"page": 5000})

    assert big["count"] == 2 and big["count_capped"] is True
    assert len(big["results"]) == 2
    assert deep.status_code == 404


def test_it_gives_one_article_with_its_text(client, data):
    slug = "kamal-speaks-on-the-audio-leak"
    article = client.get(f"/api/articles/{slug}/").json()

    assert article["paragraphs"] == ["The audio leak was real.", "Second paragraph."]
    assert article["highlights"] == ["One", "Two"]
    assert article["url"] == f"http://testserver/articles/{slug}/"
    assert article["publication"] == {"slug": "geo-news", "name": "Geo News"}


def test_it_lists_people_and_parties_with_published_counts(client, data):
    people = client.get("/api/people/", {"party": "mqm-p"}).json()
    parties = {p["slug"]: p for p in client.get("/api/parties/").json()["results"]}

    assert [p["name"] for p in people["results"]] == ["Mustafa Kamal"]
    assert people["results"][0]["affiliations"][0]["role"] == "Senior Deputy Convener"
    assert people["results"][0]["published_articles"] == 1
    assert parties["mqm-p"]["faction_of"] == "mqm"
    assert parties["mqm"]["published_articles"] == 1


def test_its_schema_describes_the_filters(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    params = {p["name"] for p in schema["paths"]["/api/articles/"]["get"]["parameters"]}
    assert {
        "q",
        "person",
        "party",
        "factions",
        "publication",
        "tag",
        "from",
        "to",
        "year",
        "has_comments",
        "sort",
        "page",
        "page_size",
    } <= params


def test_its_docs_load_from_this_site_not_a_cdn(client):
    html = client.get("/api/docs/").content.decode()

    assert "cdn" not in html.lower() and "https://" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html  # the start-up script is a file of its own (CSP)
    assert client.get("/api/docs/?script=").status_code == 200
