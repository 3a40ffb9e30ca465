"""The public article list: filters, counts beside it, chips, pages, errors."""

import datetime
import re

import pytest
from django.urls import reverse

from archive.models import Article
from archive.paging import CappedPaginator
from tests.factories import make_article, make_party, make_person, make_publication

pytestmark = pytest.mark.django_db

LIST = reverse("public:article-list")


def titles(response):
    return [a.title for a in response.context_data["articles"]]


def facet(response, key):
    """``{label: count}`` of one group of the counts beside the list."""
    for group in response.context_data["facets"]:
        if group["key"] == key:
            return {item["label"]: item["n"] for item in group["items"]}
    return {}


@pytest.fixture
def mqm_family():
    mqm = make_party("MQM")
    return {
        "mqm": mqm,
        "mqm-p": make_party("MQM-P", faction_of=mqm),
        "mqm-london": make_party("MQM-London", faction_of=mqm),
        "pti": make_party("PTI"),
    }


def test_it_lists_published_articles_newest_first(client):
    make_article("Older", published_on=datetime.date(2016, 1, 1))
    make_article("Newer", published_on=datetime.date(2020, 1, 1))
    make_article("Undated", published_on=None)

    response = client.get(LIST)

    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older", "Undated"]
    assert titles(client.get(LIST, {"sort": "oldest"})) == ["Undated", "Older", "Newer"]


def test_it_shows_twenty_a_page_with_links_to_the_next(client):
    for i in range(23):
        make_article(f"Story {i}")

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(first.context_data["articles"]) == 20
    assert len(second.context_data["articles"]) == 3
    assert "23 articles" in first.content.decode()
    assert 'rel="next" href="?page=2"' in first.content.decode()


def test_deep_pages_found_in_two_steps_hold_what_one_query_finds(client, monkeypatch):
    import archive.paging

    party = make_party("PPP")
    for i in range(50):
        make_article(
            f"Story {i:02d}",
            published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i // 3),
            parties=[party] if i % 2 else [],
        )
    wanted = [
        (LIST, {"page": 2}),
        (LIST, {"page": 3, "sort": "oldest"}),
        (LIST, {"page": 2, "party": "ppp"}),
    ]
    one_query = [titles(client.get(url, data)) for url, data in wanted]
    monkeypatch.setattr(archive.paging, "DEFERRED_FROM", 1)
    monkeypatch.setattr("django.conf.settings.NEWSROOM_PAGE_CACHE", False)
    two_steps = [titles(client.get(url, data)) for url, data in wanted]

    assert two_steps == one_query
    assert [len(page) for page in two_steps] == [20, 10, 5]


def test_it_filters_by_party_and_optionally_its_factions(client, mqm_family):
    make_article("Mother party", parties=[mqm_family["mqm"]])
    make_article("Pakistan faction", parties=[mqm_family["mqm-p"]])
    make_article("London faction", parties=[mqm_family["mqm-london"]])
    make_article("Other party", parties=[mqm_family["pti"]])

    only = client.get(LIST, {"party": "mqm"})
    family = client.get(LIST, {"party": "mqm", "factions": "1"})

    assert titles(only) == ["Mother party"]
    assert sorted(titles(family)) == ["London faction", "Mother party", "Pakistan faction"]


def test_it_needs_every_chosen_person(client):
    kamal, sattar = make_person("Mustafa Kamal"), make_person("Farooq Sattar")
    make_article("Both", people=[kamal, sattar])
    make_article("Kamal alone", people=[kamal])

    assert sorted(titles(client.get(LIST, {"person": "mustafa-kamal"}))) == ["Both", "Kamal alone"]
    assert titles(client.get(LIST, {"person": ["mustafa-kamal", "farooq-sattar"]})) == ["Both"]


def test_it_filters_by_publication_tag_year_dates_and_comments(client):
    tribune = make_publication("The Express Tribune")
    make_article(
        "Tribune 2016",
        publication=tribune,
        published_on=datetime.date(2016, 8, 23),
        tags=["Karachi"],
        comments=[("Reader", "Well said")],
    )
    make_article("Plain 2016", published_on=datetime.date(2016, 3, 1))
    make_article("Plain 2019", published_on=datetime.date(2019, 5, 5), tags=["karachi"])

    assert titles(client.get(LIST, {"publication": "the-express-tribune"})) == ["Tribune 2016"]
    assert sorted(titles(client.get(LIST, {"tag": "karachi"}))) == ["Plain 2019", "Tribune 2016"]
    assert sorted(titles(client.get(LIST, {"year": "2016"}))) == ["Plain 2016", "Tribune 2016"]
    assert titles(client.get(LIST, {"from": "2016-06-01", "to": "2017-01-01"})) == ["Tribune 2016"]
    assert titles(client.get(LIST, {"has_comments": "1"})) == ["Tribune 2016"]
    assert "Tribune 2016" not in titles(client.get(LIST, {"has_comments": "0"}))


def test_its_counts_follow_the_filters(client, mqm_family):
    kamal = make_person("Mustafa Kamal")
    make_article(
        "A", parties=[mqm_family["mqm"]], people=[kamal], published_on=datetime.date(2016, 1, 1)
    )
    make_article("B", parties=[mqm_family["mqm"]], published_on=datetime.date(2017, 1, 1))
    make_article(
        "C",
        parties=[mqm_family["pti"]],
        people=[kamal],
        tags=["Budget"],
        published_on=datetime.date(2020, 1, 1),
    )

    everything = client.get(LIST)
    kamal_only = client.get(LIST, {"person": "mustafa-kamal"})

    assert facet(everything, "party") == {"MQM": 2, "PTI": 1}
    assert facet(everything, "year") == {"2020": 1, "2017": 1, "2016": 1}
    assert facet(kamal_only, "party") == {"MQM": 1, "PTI": 1}
    assert facet(kamal_only, "person") == {"Mustafa Kamal": 2}
    assert facet(kamal_only, "tag") == {"Budget": 1}


def test_its_counts_link_to_the_narrower_list(client, mqm_family):
    make_article("A", parties=[mqm_family["mqm"], mqm_family["pti"]])
    make_article("B", parties=[mqm_family["mqm"]])

    response = client.get(LIST, {"party": "mqm"})
    pti = next(
        item
        for group in response.context_data["facets"]
        if group["key"] == "party"
        for item in group["items"]
        if item["label"] == "PTI"
    )

    assert pti["n"] == 1
    assert titles(client.get(LIST + pti["url"])) == ["A"]


def test_its_counts_change_as_soon_as_an_article_is_withdrawn(client, mqm_family):
    make_article("Stays", parties=[mqm_family["mqm"]])
    going = make_article("Goes", parties=[mqm_family["mqm"]])
    assert facet(client.get(LIST), "party") == {"MQM": 2}

    going.status = Article.Status.WITHDRAWN
    going.save()

    assert facet(client.get(LIST), "party") == {"MQM": 1}


def test_its_form_offers_a_party_or_outlet_as_soon_as_an_editor_adds_or_renames_it(client):
    make_article("A story")
    assert 'value="ppp"' not in client.get(LIST).text  # the form's choices are kept now

    make_party("PPP", name="Pakistan Peoples Party")
    outlet = make_publication("Dawn")
    outlet.name = "Dawn News"
    outlet.save()

    form = client.get(LIST).text
    assert '<option value="ppp">PPP – Pakistan Peoples Party</option>' in form
    assert '<option value="dawn">Dawn News</option>' in form


def test_it_shows_active_filters_as_chips_that_remove_them(client, mqm_family):
    make_article("A", parties=[mqm_family["mqm"]], published_on=datetime.date(2016, 1, 1))

    response = client.get(LIST, {"party": "mqm", "year": "2016", "q": "article"})
    chips = {chip["kind"]: chip["url"] for chip in response.context_data["chips"]}

    assert set(chips) == {"Party", "Year", "Words"}
    assert "party" not in chips["Party"] and "year=2016" in chips["Party"]
    assert 'aria-label="Remove filter Party: MQM"' in response.content.decode()


def test_it_says_plainly_when_nothing_matches(client):
    make_article("Something")

    response = client.get(LIST, {"year": "1999"})

    assert response.status_code == 200
    assert "No published articles match these filters." in response.content.decode()
    assert "Clear all filters" in response.content.decode()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"person": "nobody-at-all"}, "People"),
        ({"year": "twenty"}, "Year"),
        ({"from": "2016-13-45"}, "From"),
        ({"sort": "sideways"}, "Sort"),
        ({"publication": "no-such-paper"}, "Publication"),
    ],
)
def test_it_shows_the_form_error_for_an_invalid_value(client, params, field):
    make_article("Something")

    response = client.get(LIST, params)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert re.search(rf"<strong>{field}:</strong>", html)
    assert titles(response) == []


def test_it_says_ten_thousand_plus_instead_of_counting_everything(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for i in range(5):
        make_article(f"Story {i}")

    response = client.get(LIST)

    assert "3+ articles" in response.content.decode()
    assert response.context_data["paginator"].count_is_capped


def test_it_searches_and_shows_a_highlighted_snippet(client):
    make_article("Leak", body="The audio leak was genuine, he said.\n\nMore.")
    make_article("Other", body="Nothing to see.")

    response = client.get(LIST, {"q": "audio leak"})

    assert titles(response) == ["Leak"]
    assert "<mark>audio</mark> <mark>leak</mark>" in response.content.decode()
    assert response.context_data["sort"] == "relevance"


def test_past_the_exact_count_the_counts_beside_are_of_the_newest_and_say_so(client, monkeypatch):
    import public.views

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    monkeypatch.setattr(public.views, "COUNT_CAP", 3)
    party, old, new = make_party("PPP"), make_person("Old Hand"), make_person("New Face")
    for i in range(5):
        make_article(
            f"Story {i}",
            published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            parties=[party],
            people=[old if i < 2 else new],
        )

    many = client.get(LIST, {"party": "ppp"})
    few = client.get(LIST, {"person": "old-hand"})

    assert "3+ articles" in many.text
    assert facet(many, "person") == {"New Face": 3}
    assert "Counted among the newest 3 of these articles." in many.text
    assert facet(few, "party") == {"PPP": 2}
    assert "Counted among the newest" not in few.text
