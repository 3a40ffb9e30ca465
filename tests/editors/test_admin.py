"""Who gets into the editors' workplace, what they may do there, and how fast it is."""

import itertools
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Article, Party, Publication, SuggestedName
from tests.factories import (
    make_affiliation,
    make_article,
    make_party,
    make_person,
    make_publication,
)

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


class TestAccess:
    @pytest.mark.parametrize(
        "url_name, args",
        [
            ("admin:index", []),
            ("admin:archive_article_changelist", []),
            ("admin:archive_article_upload", []),
            ("admin:archive_article_preview", [1]),
            ("admin:archive_comment_changelist", []),
        ],
    )
    def test_it_sends_an_anonymous_visitor_to_the_login_page(self, client, url_name, args):
        url = reverse(url_name, args=args)

        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('admin:login')}?next={url}"

    def test_it_sends_a_user_who_is_not_staff_to_the_login_page(self, client, editor):
        editor.is_staff = False
        editor.save()
        client.force_login(editor)

        response = client.get(reverse("admin:archive_article_changelist"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

    @pytest.mark.parametrize(
        "url_name",
        [
            "admin:auth_user_changelist",
            "admin:auth_user_add",
            "admin:auth_group_changelist",
            "admin:auth_group_add",
        ],
    )
    def test_it_refuses_user_and_group_management_to_an_editor(self, editor_client, url_name):
        assert editor_client.get(reverse(url_name)).status_code == 403

    def test_it_refuses_an_editor_the_change_page_of_a_user(self, editor_client, editor):
        url = reverse("admin:auth_user_change", args=[editor.pk])

        assert editor_client.get(url).status_code == 403
        assert editor_client.post(url, {"is_superuser": "on"}).status_code == 403
        editor.refresh_from_db()
        assert not editor.is_superuser

    def test_it_shows_an_editor_every_archive_section_and_no_user_management(self, editor_client):
        response = editor_client.get(reverse("admin:index"))

        for section in (
            "Articles",
            "People",
            "Parties",
            "Publications",
            "Suggested names",
            "Comments",
            "Tags",
        ):
            assert f">{section}</a>" in response.text
        assert reverse("admin:auth_user_changelist") not in response.text

    def test_it_logs_an_editor_in_with_the_password(self, client, editor):
        response = client.post(
            reverse("admin:login"),
            {"username": "ed", "password": "correct-horse-battery", "next": reverse("admin:index")},
        )

        assert response.status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200

    def test_it_locks_the_login_after_repeated_failures(self, client, editor, settings):
        login = reverse("admin:login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(login, {"username": "ed", "password": "wrong"})

        response = client.post(login, {"username": "ed", "password": "correct-horse-battery"})

        assert response.status_code == 429
        assert client.get(reverse("admin:index")).status_code == 302


class TestCsrf:
    @pytest.fixture
    def strict_client(self, editor):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        return client

    def test_it_refuses_an_action_posted_without_a_csrf_token(self, strict_client):
        article = make_article(status=Article.Status.DRAFT)

        response = strict_client.post(
            reverse("admin:archive_article_changelist"),
            {"action": "publish", "_selected_action": [article.pk]},
        )

        assert response.status_code == 403
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT

    def test_it_refuses_an_upload_posted_without_a_csrf_token(self, strict_client):
        response = strict_client.post(reverse("admin:archive_article_upload"), {})

        assert response.status_code == 403

    @pytest.mark.parametrize(
        "url",
        [
            lambda: reverse("admin:archive_article_upload"),
            lambda: reverse("admin:archive_article_change", args=[make_article().pk]),
            lambda: reverse("admin:archive_person_change", args=[make_person().pk]),
            lambda: reverse("admin:archive_article_changelist"),
        ],
    )
    def test_every_form_that_posts_carries_a_csrf_token(self, strict_client, url):
        response = strict_client.get(url())

        forms = re.findall(r"<form[^>]*>.*?</form>", response.text, flags=re.DOTALL)
        posting = [f for f in forms if 'method="post"' in f.split(">", 1)[0]]
        assert posting
        for form in posting:
            assert 'name="csrfmiddlewaretoken"' in form


class TestScrapedScriptIsText:
    """Scraped text carrying markup is shown as text on every admin page."""

    @pytest.fixture
    def hostile(self):
        person = make_person(f"Person {SCRIPT}", aliases=SCRIPT)
        party = make_party("HP", f"Party {SCRIPT}")
        make_affiliation(person, party, role=SCRIPT)
        article = make_article(
            f"Title {SCRIPT}",
            subtitle=SCRIPT,
            byline=SCRIPT,
            body=f"Body {SCRIPT}",
            source_text=f"Title {SCRIPT}\n{SCRIPT}\nBody {SCRIPT}",
            removed_lines=[{"index": 1, "text": SCRIPT, "reason": SCRIPT}],
            people=[person],
            parties=[party],
            comments=[(SCRIPT, f"Comment {SCRIPT}")],
            tags=[f"tag {SCRIPT}"],
            status=Article.Status.DRAFT,
        )
        suggestion = SuggestedName.objects.create(name=f"Name {SCRIPT}", key="name script")
        suggestion.articles.add(article)
        return {
            "article": article,
            "person": person,
            "party": party,
            "comment": article.comments.get(),
            "suggestion": suggestion,
        }

    @pytest.mark.parametrize(
        "url",
        [
            lambda h: reverse("admin:archive_article_changelist"),
            lambda h: reverse("admin:archive_article_change", args=[h["article"].pk]),
            lambda h: reverse("admin:archive_article_preview", args=[h["article"].pk]),
            lambda h: reverse("admin:archive_article_history", args=[h["article"].pk]),
            lambda h: reverse("admin:archive_person_changelist"),
            lambda h: reverse("admin:archive_person_change", args=[h["person"].pk]),
            lambda h: reverse("admin:archive_person_history", args=[h["person"].pk]),
            lambda h: reverse("admin:archive_party_changelist"),
            lambda h: reverse("admin:archive_party_change", args=[h["party"].pk]),
            lambda h: reverse("admin:archive_comment_changelist"),
            lambda h: reverse("admin:archive_comment_change", args=[h["comment"].pk]),
            lambda h: reverse("admin:archive_suggestedname_changelist"),
            lambda h: reverse("admin:archive_suggestedname_change", args=[h["suggestion"].pk]),
            lambda h: reverse("admin:taggit_tag_changelist"),
        ],
    )
    def test_it_escapes_markup_from_scraped_text(self, editor_client, hostile, url):
        response = editor_client.get(url(hostile))

        assert response.status_code == 200
        assert "&lt;script&gt;" in response.text
        assert SCRIPT not in response.text


_serial = itertools.count()


def fill(kind, n):
    """n rows of the kind, each with what its list row shows (links, counts, relations)."""
    publication = Publication.objects.first() or make_publication()
    party = Party.objects.filter(abbreviation="BASE").first() or make_party("BASE")
    for _ in range(n):
        suffix = f"{kind}-{next(_serial)}"
        if kind in {"article", "comment", "tag", "suggestedname"}:
            person = make_person(f"Person {suffix}")
            article = make_article(
                publication=publication,
                people=[person],
                parties=[party],
                tags=[f"tag {suffix}"],
                comments=[("Reader", "First"), ("Reader", "Second")],
            )
            if kind == "suggestedname":
                suggestion = SuggestedName.objects.create(name=f"Name {suffix}", key=suffix)
                suggestion.articles.add(article)
        elif kind == "person":
            person = make_person(f"Person {suffix}", aliases="One\nTwo")
            make_article(people=[person])
        elif kind == "party":
            faction = make_party(f"P{suffix}", faction_of=party, merged_into=party)
            make_affiliation(make_person(f"Member {suffix}"), faction)
            make_article(parties=[faction])
        elif kind == "publication":
            make_publication(f"Outlet {suffix}")


@pytest.mark.parametrize(
    "kind, url_name",
    [
        ("article", "admin:archive_article_changelist"),
        ("person", "admin:archive_person_changelist"),
        ("party", "admin:archive_party_changelist"),
        ("publication", "admin:archive_publication_changelist"),
        ("comment", "admin:archive_comment_changelist"),
        ("suggestedname", "admin:archive_suggestedname_changelist"),
        ("tag", "admin:taggit_tag_changelist"),
    ],
)
def test_each_change_list_runs_the_same_queries_for_5_and_50_rows(
    editor_client, django_assert_num_queries, kind, url_name
):
    url = reverse(url_name)
    fill(kind, 5)
    editor_client.get(url)  # fills the content-type cache
    with CaptureQueriesContext(connection) as five:
        response = editor_client.get(url)
    assert response.status_code == 200
    fill(kind, 45)

    with django_assert_num_queries(len(five)):
        response = editor_client.get(url)

    assert response.status_code == 200
    assert len(five) <= 12, [q["sql"] for q in five.captured_queries]


def test_the_article_list_shows_fifty_rows_a_page(editor_client):
    fill("article", 51)

    response = editor_client.get(reverse("admin:archive_article_changelist"))

    assert len(response.context["cl"].result_list) == 50
    assert response.context["cl"].result_count == 51


JUNK = ["abc", "-1", "1e3", str(10**23), "'; --", "", "\u0663"]


@pytest.mark.parametrize(
    ("changelist", "parameter"),
    [
        ("admin:archive_article_changelist", "person"),
        ("admin:archive_article_changelist", "party"),
        ("admin:archive_article_changelist", "tag"),
        ("admin:archive_article_changelist", "comments"),
        ("admin:archive_article_changelist", "status__exact"),
        ("admin:archive_comment_changelist", "article"),
        ("admin:archive_comment_changelist", "state__exact"),
        ("admin:archive_suggestedname_changelist", "state"),
        ("admin:archive_party_changelist", "kind"),
    ],
)
def test_a_filter_value_that_means_nothing_never_answers_500(editor_client, changelist, parameter):
    make_article("Still listed", people=[make_person("Mustafa Kamal")])
    for value in JUNK:
        response = editor_client.get(reverse(changelist), {parameter: value})
        assert response.status_code in (200, 302), (parameter, value)


@pytest.mark.parametrize(
    "lookup", ["title__regex", "title__iregex", "body__regex", "publication__name__regex"]
)
def test_a_regular_expression_from_a_link_is_refused(editor_client, lookup):
    make_article("Catastrophic backtracking")
    response = editor_client.get(
        reverse("admin:archive_article_changelist"), {lookup: r"^(\w+\s?)*!$"}
    )
    assert response.status_code == 400
