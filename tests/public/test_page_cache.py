"""Whole public pages are kept until the archive changes, and only then: every
change an editor or the importer makes shows on the next request."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from archive.models import Article, Comment
from archive.versions import GENERATION_KEY
from public.pagecache import HEADER
from tests.factories import make_article, make_party, make_person

pytestmark = pytest.mark.django_db


def reader():
    """A reader without cookies, as most are."""
    return Client()


def test_a_second_reader_gets_the_page_kept_for_the_first():
    make_article("Flood waters recede in Sindh")
    first, second = reader().get("/articles/"), reader().get("/articles/")
    assert first[HEADER] == "miss" and second[HEADER] == "hit"
    assert second.content == first.content
    assert "Flood waters recede in Sindh" in second.text
    assert second["Content-Type"] == first["Content-Type"]


def test_a_newly_published_article_shows_at_once():
    make_article("First story")
    reader().get("/articles/")
    draft = make_article("Second story", status=Article.Status.DRAFT)
    assert "Second story" not in reader().get("/articles/").text
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Second story" in reader().get("/articles/").text


def test_a_comment_hidden_from_the_list_in_the_admin_goes_at_once(editor_client):
    article = make_article(comments=[("Spammer", "Buy cheap watches"), ("Reader", "Good")])
    url = article.get_absolute_url()
    assert "Buy cheap watches" in reader().get(url).text
    assert reader().get(url)[HEADER] == "hit"
    spam = article.comments.get(author="Spammer")
    editor_client.post(
        reverse("admin:archive_comment_changelist"),
        {"action": "hide", "_selected_action": [spam.pk]},
    )
    assert Comment.objects.get(pk=spam.pk).state == Comment.State.HIDDEN
    assert "Buy cheap watches" not in reader().get(url).text


def test_a_person_renamed_shows_under_the_new_name_on_their_articles():
    person = make_person("Ayesha Khan")
    article = make_article(people=[person])
    assert "Ayesha Khan" in reader().get(article.get_absolute_url()).text
    person.name = "Ayesha Khan Baloch"
    person.save()
    assert "Ayesha Khan Baloch" in reader().get(article.get_absolute_url()).text


def test_a_link_removed_goes_from_the_party_page():
    party = make_party("PPP")
    make_article("Budget debate", parties=[party])
    url = reverse("public:party-detail", args=[party.slug])
    assert "Budget debate" in reader().get(url).text
    Article.objects.get(title="Budget debate").party_links.all().delete()
    assert "Budget debate" not in reader().get(url).text


def test_a_change_shows_even_after_the_cache_lost_its_count_of_changes():
    party = make_party("PPP")
    article = make_article("Budget debate", parties=[party])
    url = reverse("public:party-detail", args=[party.slug])
    cache.delete(GENERATION_KEY)  # evicted, as a full cache may
    assert "Budget debate" in reader().get(url).text
    article.party_links.all().delete()  # a change that leaves the articles' dates alone
    assert "Budget debate" not in reader().get(url).text
    cache.delete(GENERATION_KEY)  # and again
    assert "Budget debate" not in reader().get(url).text


def test_pages_for_a_signed_in_editor_are_never_kept_nor_served_from_the_cache(editor_client):
    make_article("Only story")
    reader().get("/articles/")
    response = editor_client.get("/articles/")
    assert HEADER not in response
    assert response.status_code == 200


def test_a_missing_page_is_not_kept():
    for _ in range(2):
        response = reader().get("/articles/no-such-story/")
        assert response.status_code == 404
        assert HEADER not in response


@override_settings(NEWSROOM_PAGE_CACHE=False)
def test_the_page_cache_can_be_turned_off():
    make_article()
    reader().get("/articles/")
    assert HEADER not in reader().get("/articles/")


def test_a_kept_page_costs_one_query(django_assert_num_queries):
    for i in range(30):
        make_article(f"Story {i}", people=[make_person(f"Person {i}")])
    reader().get("/articles/")
    with django_assert_num_queries(1):
        assert reader().get("/articles/")[HEADER] == "hit"


@pytest.mark.parametrize(
    "route",
    ["raw SQL", "bulk update", "raw SQL on a tag's name"],
)
def test_a_change_made_outside_django_shows_on_the_next_request(route):
    from django.db import connection

    article = make_article("Water board withdraws tariff", tags=["water"])
    pages = ["/articles/", article.get_absolute_url(), reverse("public:tag-detail", args=["water"])]
    for url in pages:
        reader().get(url)
        assert reader().get(url)[HEADER] == "hit"

    if route == "raw SQL":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE archive_article SET status = 'withdrawn' WHERE id = %s", [article.pk]
            )
    elif route == "bulk update":
        Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    else:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE taggit_tag SET name = 'drinking water' WHERE slug = 'water'")

    if route == "raw SQL on a tag's name":
        assert "drinking water" in reader().get(article.get_absolute_url()).text
        return
    assert reader().get(article.get_absolute_url()).status_code == 410
    for url in pages[0], pages[2]:
        response = reader().get(url)
        assert response.get(HEADER) != "hit", url
        assert "Water board withdraws tariff" not in response.text, url


def test_a_conditional_request_for_an_unchanged_page_gets_304_without_rendering(
    django_assert_max_num_queries,
):
    article = make_article("Flood waters recede")
    first = reader().get("/articles/")
    assert first["ETag"].startswith('W/"')
    assert "must-revalidate" in first["Cache-Control"]

    with django_assert_max_num_queries(1):  # the version, nothing rendered
        again = reader().get("/articles/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]

    article.status = Article.Status.WITHDRAWN
    article.save()
    changed = reader().get("/articles/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Flood waters recede" not in changed.text


@override_settings(NEWSROOM_SHARED_CACHE_SECONDS=30)
def test_shared_caches_may_keep_a_page_as_long_as_the_setting_says():
    make_article()
    response = reader().get("/articles/")
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=30, stale-while-revalidate=30"
