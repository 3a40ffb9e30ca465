"""Every public page runs the same number of SQL queries with 5 articles as
with 50: nothing is fetched once per row. Counted on a cold cache (the first
reader after a change), and again warm, where the cached counts save queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Comment
from tests.factories import (
    make_affiliation,
    make_article,
    make_party,
    make_person,
    make_publication,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rendered(settings):
    """Count what rendering a page takes; a page kept whole (public.pagecache)
    takes one query, see test_page_cache."""
    settings.NEWSROOM_PAGE_CACHE = False


# page: (url, queries with an empty cache, queries with the counts cached)
PAGES = {
    "list": ("/articles/", 16, 4),
    "list by party with factions": ("/articles/?party=mqm&factions=1", 20, 7),
    "list by person and year": ("/articles/?person=mustafa-kamal&year=2016", 19, 6),
    "list by tag and publication": ("/articles/?tag=karachi&publication=the-news", 19, 6),
    "list search": ("/articles/?q=karachi+story", 18, 5),
    "article": ("/articles/{slug}/", 9, 6),
    "person": ("/people/mustafa-kamal/", 21, 7),
    "party": ("/parties/mqm/?factions=1", 22, 8),
    "publication": ("/publications/the-news/", 18, 5),
    "tag": ("/tags/karachi/", 18, 5),
    "people": ("/people/", 13, 4),
    "parties": ("/parties/", 11, 2),
    "feed": ("/articles/feed.rss", 1, 1),
    "person feed": ("/people/mustafa-kamal/feed.atom", 3, 3),
    "party feed": ("/parties/mqm/feed.rss", 4, 4),
    "api list": ("/api/articles/?party=mqm&q=story", 9, 8),
    "api article": ("/api/articles/{slug}/", 4, 4),
    "api people": ("/api/people/", 4, 4),
    "api parties": ("/api/parties/", 3, 3),
    "csv": ("/articles/export.csv?year=2016", 4, 4),
    "sitemap": ("/sitemap-articles.xml", 2, 2),
    "tag index": ("/tags/", 2, 2),
}

# PostgreSQL asks the planner once how many articles a search's words match
# (search.first_window), for the list and its counts together.
PLANNER_ASKED = {"list search": (1, 1), "api list": (1, 1)}
# And holds a search to its time budget (public.throttle): a savepoint, SET LOCAL
# statement_timeout and its release.
BUDGET_SET = {"list search": (3, 3), "api list": (3, 3)}


def build(n):
    """n published articles, each linked to people, parties, tags and comments."""
    news = make_publication("The News")
    mqm = make_party("MQM")
    factions = [make_party(f"MQM-{x}", faction_of=mqm) for x in "PLR"]
    people = [make_person(f"Person {i}") for i in range(4)]
    kamal = make_person("Mustafa Kamal")
    for party in [mqm, *factions]:
        make_affiliation(kamal, party, role="Member", started_on=datetime.date(2010, 1, 1))
        make_affiliation(people[0], party, role="Leader")
    articles = [
        make_article(
            f"Karachi story {i}",
            published_on=datetime.date(2016, 1, 1) + datetime.timedelta(days=i * 9),
            publication=news,
            people=[kamal, people[i % 4], people[(i + 1) % 4]],
            parties=[mqm, factions[i % 3]],
            tags=["Karachi", f"Topic {i % 7}"],
            comments=[("Reader", "Good"), ("Other", "Bad")],
        )
        for i in range(n)
    ]
    Comment.objects.filter(author="Other").update(state=Comment.State.HIDDEN)
    return articles


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("page", PAGES)
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, page, n):
    articles = build(n)
    url, cold, warm = PAGES[page]
    url = url.format(slug=articles[0].slug)
    if connection.vendor == "postgresql":
        more_cold, more_warm = PLANNER_ASKED.get(page, (0, 0))
        budget_cold, budget_warm = BUDGET_SET.get(page, (0, 0))
        cold, warm = cold + more_cold + budget_cold, warm + more_warm + budget_warm
    cache.clear()

    with django_assert_num_queries(cold):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(warm):
        client.get(url)


def test_the_people_page_counts_only_its_own_rows(client):
    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("public:person-list"))
        return len(captured), len(response.context_data["people"])

    for i in range(5):
        make_article(people=[make_person(f"Someone {i:02d}")])
    few = queries()
    for i in range(5, 60):
        make_article(people=[make_person(f"Someone {i:02d}")])

    assert queries() == (few[0], 50)
