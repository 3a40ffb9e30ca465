"""Articles and comments in the editors' workplace: list, form, provenance, actions."""

import datetime

import pytest
from django.urls import reverse

from archive.models import Article, ArticleParty, ArticlePerson, Comment, LinkSource
from archive.paging import CappedPaginator
from editors import admin as editors_admin
from tests.factories import make_article, make_party, make_person, make_publication

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:archive_article_changelist"


def titles(response):
    return [a.title for a in response.context["cl"].result_list]


def change_url(article):
    return reverse("admin:archive_article_change", args=[article.pk])


def form_data(article, **changes):
    """The change form as the browser would post it, with the given fields changed."""
    data = {
        "title": article.title,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "status": article.status,
        "published_on": article.published_on.isoformat() if article.published_on else "",
        "dateline": article.dateline,
        "publication": article.publication_id or "",
        "highlights": article.highlights,
        "caption": article.caption,
        "body": article.body,
        "tags": ", ".join(t.name for t in article.tags.all()),
    }
    for prefix, rows in (
        ("person_links", article.person_links.all()),
        ("party_links", article.party_links.all()),
        ("comments", article.comments.all()),
    ):
        rows = list(rows)
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": len(rows),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-article"] = article.pk
            if prefix == "person_links":
                data |= {f"{prefix}-{i}-person": row.person_id, f"{prefix}-{i}-mentions": 1}
            elif prefix == "party_links":
                data |= {f"{prefix}-{i}-party": row.party_id, f"{prefix}-{i}-mentions": 1}
            else:
                data |= {
                    f"{prefix}-{i}-author": row.author,
                    f"{prefix}-{i}-posted": row.posted,
                    f"{prefix}-{i}-body": row.body,
                    f"{prefix}-{i}-state": row.state,
                }
    return data | changes


class TestChangeList:
    def test_it_shows_the_people_parties_and_visible_comments_of_each_article(self, editor_client):
        article = make_article(
            "Kamal meets bloggers",
            publication=make_publication("Dialogue Pakistan"),
            people=[make_person("Mustafa Kamal"), make_person("Imran Khan")],
            parties=[make_party("MQM-P")],
            comments=[("A", "one"), ("B", "two"), ("C", "three")],
        )
        article.comments.filter(author="C").update(state=Comment.State.HIDDEN)

        response = editor_client.get(reverse(CHANGELIST))

        row = response.context["cl"].result_list[0]
        assert (row.people_total, row.party_total, row.comment_total) == (2, 1, 2)
        assert "Dialogue Pakistan" in response.text
        assert '<td class="field-people_count">2</td>' in response.text
        assert '<td class="field-comment_count">2</td>' in response.text

    @pytest.mark.parametrize("field", ["title", "subtitle", "byline"])
    def test_it_searches_headlines_subtitles_and_bylines(self, editor_client, field):
        wanted = make_article(**{"title": "Wanted", field: "Qaumi tanzeem wins"})
        make_article("Unrelated")

        response = editor_client.get(reverse(CHANGELIST), {"q": "tanzeem"})

        assert titles(response) == [wanted.title]

    def test_it_filters_by_party_and_by_person(self, editor_client):
        kamal, mqmp = make_person("Mustafa Kamal"), make_party("MQM-P")
        with_kamal = make_article("With Kamal", people=[kamal])
        with_mqmp = make_article("With MQM-P", parties=[mqmp])
        make_article("With neither")

        by_person = editor_client.get(reverse(CHANGELIST), {"person": kamal.pk})
        by_party = editor_client.get(reverse(CHANGELIST), {"party": mqmp.pk})

        assert titles(by_person) == [with_kamal.title]
        assert titles(by_party) == [with_mqmp.title]

    def test_it_filters_by_tag_whatever_its_case(self, editor_client):
        make_article("Tagged", tags=["Karachi"])
        make_article("Tagged again", tags=["karachi"])
        make_article("Untagged")

        response = editor_client.get(reverse(CHANGELIST), {"tag": "karachi"})

        assert sorted(titles(response)) == ["Tagged", "Tagged again"]

    def test_it_filters_by_whether_readers_commented(self, editor_client):
        make_article("Discussed", comments=[("A", "Hello")])
        hidden = make_article("Only hidden comments", comments=[("A", "Spam")])
        hidden.comments.update(state=Comment.State.HIDDEN)
        make_article("Quiet")

        yes = editor_client.get(reverse(CHANGELIST), {"comments": "yes"})
        no = editor_client.get(reverse(CHANGELIST), {"comments": "no"})

        assert titles(yes) == ["Discussed"]
        assert sorted(titles(no)) == ["Only hidden comments", "Quiet"]

    def test_it_filters_by_status_and_by_date(self, editor_client):
        make_article("Old draft", status="draft", published_on=datetime.date(2019, 5, 1))
        make_article("New draft", status="draft", published_on=datetime.date(2023, 5, 1))
        make_article("Published", published_on=datetime.date(2023, 6, 1))

        response = editor_client.get(
            reverse(CHANGELIST), {"status__exact": "draft", "published_on__year": 2023}
        )

        assert titles(response) == ["New draft"]

    @pytest.mark.parametrize("param", ["party", "person", "comments__x", "status__exact"])
    def test_a_nonsense_filter_value_gives_the_list_back_not_an_error(self, editor_client, param):
        make_article()

        response = editor_client.get(reverse(CHANGELIST), {param: "'; drop"})

        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert response["Location"].endswith("?e=1")

    def test_the_date_drilldown_goes_from_years_to_months_to_days(self, editor_client):
        make_article("Older", published_on=datetime.date(2013, 12, 14))
        make_article("Newer", published_on=datetime.date(2016, 3, 3))

        def drilldown(**params):
            response = editor_client.get(reverse(CHANGELIST), params)
            choices = response.context["cl"].date_drilldown["choices"]
            return response, [c["title"] for c in choices]

        everything, years = drilldown()
        year, months = drilldown(published_on__year=2016)
        month, days = drilldown(published_on__year=2016, published_on__month=3)

        assert years == ["2013", "2014", "2015", "2016"]
        assert "?published_on__year=2014" in everything.text
        assert months[0] == "January 2016" and len(months) == 12
        assert days[2] == "3 March" and len(days) == 31
        assert titles(year) == titles(month) == ["Newer"]

    def test_it_stops_counting_a_long_list_and_says_so(self, editor_client, monkeypatch):
        monkeypatch.setattr(CappedPaginator, "cap", 3)
        monkeypatch.setattr(editors_admin.ArticleAdmin, "list_per_page", 2)
        for _ in range(5):
            make_article()

        response = editor_client.get(reverse(CHANGELIST))

        assert "More than 3 articles" in response.text
        assert len(titles(response)) == 2

    def test_it_offers_the_upload_page_instead_of_an_empty_form(self, editor_client):
        response = editor_client.get(reverse("admin:archive_article_add"))

        assert response.status_code == 302
        assert response["Location"] == reverse("admin:archive_article_upload")
        listing = editor_client.get(reverse(CHANGELIST))
        assert reverse("admin:archive_article_upload") in listing.text


class TestChangeForm:
    def test_it_groups_the_fields_as_an_editor_reads_an_article(self, editor_client):
        article = make_article(source_text="Title\nBody")

        response = editor_client.get(change_url(article))

        headings = ["Headline", "Dates and source", "Body", "People mentioned"]
        positions = [response.text.index(h) for h in [*headings, "Provenance"]]
        assert positions == sorted(positions)

    def test_saving_keeps_the_slug_records_the_edit_and_its_editor(self, editor_client, editor):
        article = make_article("Pleasant meeting", status="draft")
        slug = article.slug

        response = editor_client.post(
            change_url(article), form_data(article, title="A corrected headline")
        )

        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.title, article.slug) == ("A corrected headline", slug)
        assert article.edited_at is not None
        latest = article.history.latest()
        assert (latest.title, latest.history_user) == ("A corrected headline", editor)

    def test_an_old_version_can_be_brought_back_from_the_history(self, editor_client):
        article = make_article("First headline", status="draft")
        editor_client.post(change_url(article), form_data(article, title="Second headline"))
        first = article.history.earliest()

        url = reverse("admin:archive_article_simple_history", args=[article.pk, first.pk])
        page = editor_client.get(url)
        response = editor_client.post(url, form_data(article, title=first.title))

        assert "Revert" in page.text
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title == "First headline"
        assert article.history.count() == 3

    def test_a_link_an_editor_adds_is_the_editors(self, editor_client):
        kamal = make_person("Mustafa Kamal")
        mqmp = make_party("MQM-P")
        article = make_article(people=[kamal])
        farooq = make_person("Farooq Sattar")
        data = form_data(article)
        data |= {
            "person_links-TOTAL_FORMS": 2,
            "person_links-1-person": farooq.pk,
            "person_links-1-mentions": 1,
            "person_links-1-article": article.pk,
            "party_links-TOTAL_FORMS": 1,
            "party_links-0-party": mqmp.pk,
            "party_links-0-mentions": 2,
            "party_links-0-article": article.pk,
        }

        response = editor_client.post(change_url(article), data)

        assert response.status_code == 302
        assert dict(ArticlePerson.objects.values_list("person__name", "source")) == {
            "Mustafa Kamal": LinkSource.IMPORTER,
            "Farooq Sattar": LinkSource.EDITOR,
        }
        assert ArticleParty.objects.get().source == LinkSource.EDITOR

    def test_an_editor_can_remove_a_link(self, editor_client):
        article = make_article(people=[make_person("Mustafa Kamal")])
        data = form_data(article, **{"person_links-0-DELETE": "on"})

        editor_client.post(change_url(article), data)

        assert not ArticlePerson.objects.exists()

    def test_view_on_site_opens_the_staff_preview_even_for_a_draft(self, editor_client):
        article = make_article("Not yet public", status="draft", body="The draft body.")
        preview = reverse("admin:archive_article_preview", args=[article.pk])

        form = editor_client.get(change_url(article))
        response = editor_client.get(preview)

        assert preview in form.text
        assert response.status_code == 200
        assert "The draft body." in response.text
        assert "readers cannot see this article" in response.text

    def test_the_preview_of_a_missing_article_goes_back_to_the_list(self, editor_client):
        response = editor_client.get(reverse("admin:archive_article_preview", args=[999]))

        assert response.status_code == 302


SOURCE = """Pleasant meeting of bloggers
Follow us on Twitter
Mustafa Kamal met bloggers at the Pakistan House.
The meeting was attended by ten bloggers.
Tayyab Memon said it was a positive step."""


@pytest.fixture
def scraped():
    return make_article(
        "Pleasant meeting of bloggers",
        status="draft",
        body=(
            "Mustafa Kamal met bloggers at the Pakistan House.\n\n"
            "Tayyab Memon said it was a positive step."
        ),
        source_text=SOURCE,
        removed_lines=[
            {"index": 1, "text": "Follow us on Twitter", "reason": "social media boilerplate"},
            {
                "index": 3,
                "text": "The meeting was attended by ten bloggers.",
                "reason": "looked like a photo caption",
            },
        ],
    )


class TestProvenance:
    def test_it_shows_the_scraped_text_with_each_removed_line_and_its_reason(
        self, editor_client, scraped
    ):
        response = editor_client.get(change_url(scraped))

        panel = response.text[response.text.index('id="provenance"') :]
        assert "Follow us on Twitter" in panel
        assert "removed: social media boilerplate" in panel
        assert "removed: looked like a photo caption" in panel
        assert panel.count('name="_put_back"') == 2

    def test_putting_a_line_back_places_it_in_the_body_and_keeps_other_edits(
        self, editor_client, scraped
    ):
        data = form_data(scraped, title="Kamal meets bloggers", _put_back="3")

        response = editor_client.post(change_url(scraped), data)

        assert response.status_code == 302
        assert response["Location"].endswith("#provenance")
        scraped.refresh_from_db()
        assert scraped.title == "Kamal meets bloggers"
        assert scraped.paragraphs == [
            "Mustafa Kamal met bloggers at the Pakistan House.",
            "The meeting was attended by ten bloggers.",
            "Tayyab Memon said it was a positive step.",
        ]
        assert scraped.edited_at is not None
        assert scraped.history.latest().history_change_reason == (
            "Put line 4 of the scraped text back."
        )
        page = editor_client.get(response["Location"])
        assert "now back in the body" in page.text
        assert page.text.count('name="_put_back"') == 1

    def test_an_editor_who_may_only_view_sees_no_put_back_button(self, client, editor, scraped):
        from django.contrib.auth.models import Permission

        editor.groups.clear()
        editor.user_permissions.add(Permission.objects.get(codename="view_article"))
        client.force_login(editor)

        response = client.get(change_url(scraped))

        assert "removed: looked like a photo caption" in response.text
        assert 'name="_put_back"' not in response.text


class TestActions:
    def post_action(self, client, action, *articles):
        return client.post(
            reverse(CHANGELIST),
            {"action": action, "_selected_action": [a.pk for a in articles]},
            follow=True,
        )

    @pytest.mark.parametrize(
        "action, before, after",
        [
            ("publish", Article.Status.DRAFT, Article.Status.PUBLISHED),
            ("withdraw", Article.Status.PUBLISHED, Article.Status.WITHDRAWN),
            ("back_to_draft", Article.Status.WITHDRAWN, Article.Status.DRAFT),
        ],
    )
    def test_each_status_action_changes_the_selected_and_records_who(
        self, editor_client, editor, action, before, after
    ):
        chosen = [make_article(status=before), make_article(status=before)]
        untouched = make_article(status=before)

        response = self.post_action(editor_client, action, *chosen)

        assert f"2 articles now {after}" in response.text
        for article in chosen:
            article.refresh_from_db()
            assert article.status == after
            assert article.edited_at is not None
            latest = article.history.latest()
            assert (latest.status, latest.history_user) == (after, editor)
            assert latest.history_change_reason == f"Status set to {after} from the list."
        untouched.refresh_from_db()
        assert untouched.status == before

    def test_publishing_says_which_were_published_already(self, editor_client):
        draft, published = make_article(status="draft"), make_article(status="published")

        response = self.post_action(editor_client, "publish", draft, published)

        assert "1 article now published (1 already published)" in response.text

    def test_publishing_from_a_list_of_drafts_counts_what_it_published(self, editor_client):
        drafts = [make_article(status="draft"), make_article(status="draft")]

        response = editor_client.post(
            reverse(CHANGELIST) + "?status__exact=draft",
            {"action": "publish", "_selected_action": [a.pk for a in drafts]},
            follow=True,
        )

        assert "2 articles now published." in response.text
        assert "already published" not in response.text


class TestComments:
    CHANGELIST = "admin:archive_comment_changelist"

    def test_it_hides_and_shows_comments_in_bulk(self, editor_client):
        article = make_article(comments=[("A", "spam"), ("B", "more spam"), ("C", "fine")])
        spam = list(article.comments.filter(author__in=["A", "B"]))

        editor_client.post(
            reverse(self.CHANGELIST),
            {"action": "hide", "_selected_action": [c.pk for c in spam]},
        )

        assert list(article.comments.visible().values_list("author", flat=True)) == ["C"]
        editor_client.post(
            reverse(self.CHANGELIST),
            {"action": "show", "_selected_action": [spam[0].pk]},
        )
        assert sorted(article.comments.visible().values_list("author", flat=True)) == ["A", "C"]

    def test_it_filters_by_state_and_by_article(self, editor_client):
        one = make_article("First story", comments=[("A", "hello"), ("B", "spam")])
        make_article("Second story", comments=[("C", "hi")])
        one.comments.filter(author="B").update(state=Comment.State.HIDDEN)

        on_one = editor_client.get(reverse(self.CHANGELIST), {"article": one.pk})
        hidden = editor_client.get(reverse(self.CHANGELIST), {"state__exact": "hidden"})

        assert [c.author for c in on_one.context["cl"].result_list] == ["A", "B"]
        assert "First story" in on_one.text
        assert [c.author for c in hidden.context["cl"].result_list] == ["B"]

    def test_it_shows_the_comment_beside_its_article(self, editor_client):
        article = make_article(
            "Karachi water crisis",
            body="Taps ran dry in Lyari.\n\nThe utility blamed the heat.",
            comments=[("Reader", "Same in Korangi")],
        )

        listing = editor_client.get(reverse(self.CHANGELIST))
        page = editor_client.get(
            reverse("admin:archive_comment_change", args=[article.comments.get().pk])
        )

        assert "Karachi water crisis" in listing.text
        assert "Same in Korangi" in listing.text
        assert "Taps ran dry in Lyari." in page.text
        assert "Same in Korangi" in page.text
        assert change_url(article) in page.text


def test_opening_an_article_without_saving_leaves_edited_at_alone(editor_client):
    article = make_article()

    editor_client.get(change_url(article))

    article.refresh_from_db()
    assert article.edited_at is None


class TestTextAsTyped:
    """A browser posts a textarea's lines with CRLF; what is stored is what was typed."""

    def crlf(self, text):
        return text.replace("\n", "\r\n")

    def test_a_body_edited_in_the_admin_keeps_its_paragraphs(self, editor_client, client):
        article = make_article("Taps run dry", body="First.\n\nSecond.")
        typed = "Taps ran dry in Lyari.  \n\nThe utility blamed the heat.\n\n\n\nResidents queued."

        response = editor_client.post(
            change_url(article), form_data(article, body=self.crlf(typed))
        )

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.body == (
            "Taps ran dry in Lyari.\n\nThe utility blamed the heat.\n\nResidents queued."
        )
        page = client.get(article.get_absolute_url()).text
        assert page.count("<p>Taps ran dry in Lyari.</p>") == 1
        assert "<br>" not in page.split("Taps ran dry")[1].split("Residents queued")[0]
        api = client.get(f"/api/articles/{article.slug}/").json()
        assert api["paragraphs"] == [
            "Taps ran dry in Lyari.",
            "The utility blamed the heat.",
            "Residents queued.",
        ]

    def test_changing_only_the_title_records_no_body_change(self, editor_client):
        article = make_article("Old title", body="One paragraph.\n\nAnother one.")

        editor_client.post(
            change_url(article), form_data(article, title="New title", body=self.crlf(article.body))
        )

        newest, before = article.history.all()[:2]
        changed = {change.field for change in newest.diff_against(before).changes}
        assert "title" in changed
        assert "body" not in changed

    def test_stored_bodies_with_windows_line_ends_are_repaired(self):
        import importlib

        repair = importlib.import_module("archive.migrations.0011_canonical_text").repair
        article = make_article("Repaired", body="One.\n\nTwo.")
        Article.objects.filter(pk=article.pk).update(
            body="One. \r\n\r\nTwo.\r\n", title="Repaired "
        )

        from django.apps import apps

        repair(apps, None)

        article.refresh_from_db()
        assert (article.body, article.title) == ("One.\n\nTwo.", "Repaired")
        assert article.paragraphs == ["One.", "Two."]


def test_a_tag_typed_with_a_space_is_one_tag(editor_client):
    article = make_article("Water shortage")

    editor_client.post(
        change_url(article), form_data(article, tags="karachi water,  Lyari ,karachi water")
    )

    assert sorted(article.tags.names()) == ["Lyari", "karachi water"]
    page = editor_client.get(change_url(article)).text
    assert 'value="Lyari, karachi water"' in page


def test_the_history_names_who_changed_an_article_without_a_link_editors_cannot_follow(
    editor_client, editor, admin_client
):
    article = make_article("Old title")
    editor_client.post(change_url(article), form_data(article, title="New title"))
    history = reverse("admin:archive_article_history", args=[article.pk])
    user_page = reverse("admin:auth_user_change", args=[editor.pk])

    seen_by_editor = editor_client.get(history)
    seen_by_admin = admin_client.get(history)

    assert seen_by_editor.status_code == 200 and "ed" in seen_by_editor.text
    assert user_page not in seen_by_editor.text
    assert user_page in seen_by_admin.text
