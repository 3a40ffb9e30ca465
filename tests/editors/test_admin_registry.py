"""People, parties, outlets, tags and suggested names in the editors' workplace."""

import datetime

import pytest
from django.urls import reverse
from taggit.models import Tag

from archive.models import (
    Affiliation,
    Article,
    ArticlePerson,
    LinkSource,
    Party,
    Person,
    Publication,
    SuggestedName,
)
from tests.factories import (
    make_affiliation,
    make_article,
    make_party,
    make_person,
    make_publication,
)

pytestmark = pytest.mark.django_db


def listed(response):
    return [str(obj) for obj in response.context["cl"].result_list]


def run_action(client, model, action, objects, **extra):
    return client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects], **extra},
        follow=True,
    )


class TestPeople:
    def test_it_finds_a_person_by_any_alias(self, editor_client):
        make_person("Mustafa Kamal", aliases="Syed Mustafa Kamal\nKamal")
        make_person("Farooq Sattar", aliases="Dr Farooq Sattar")

        response = editor_client.get(
            reverse("admin:archive_person_changelist"), {"q": "Syed Mustafa"}
        )

        assert listed(response) == ["Mustafa Kamal"]

    def test_it_counts_each_persons_articles_and_links_to_them(self, editor_client):
        kamal = make_person("Mustafa Kamal")
        make_article(people=[kamal])
        make_article(people=[kamal], status="draft")

        response = editor_client.get(reverse("admin:archive_person_changelist"))

        articles = reverse("admin:archive_article_changelist")
        assert f'<a href="{articles}?person={kamal.pk}">2</a>' in response.text

    def test_it_shows_and_saves_the_roles_of_a_person_with_their_history(
        self, editor_client, editor
    ):
        kamal = make_person("Mustafa Kamal")
        psp = make_party("PSP", "Pak Sarzameen Party")
        url = reverse("admin:archive_person_change", args=[kamal.pk])
        data = {
            "name": kamal.name,
            "aliases": "",
            "description": "",
            "wikidata_id": "",
            "affiliations-TOTAL_FORMS": 1,
            "affiliations-INITIAL_FORMS": 0,
            "affiliations-MIN_NUM_FORMS": 0,
            "affiliations-MAX_NUM_FORMS": 1000,
            "affiliations-0-party": psp.pk,
            "affiliations-0-role": "chairman",
            "affiliations-0-started_on": "2016-03-23",
            "affiliations-0-ended_on": "2023-01-12",
        }

        response = editor_client.post(url, data)

        assert response.status_code == 302
        role = Affiliation.objects.get()
        assert (role.person, role.party, role.role) == (kamal, psp, "chairman")
        assert role.history.get().history_user == editor
        assert "chairman" in editor_client.get(url).text

    def test_a_persons_slug_stays_once_made(self, editor_client):
        kamal = make_person("Mustafa Kamal")

        response = editor_client.get(reverse("admin:archive_person_change", args=[kamal.pk]))

        assert 'name="slug"' not in response.text
        assert "mustafa-kamal" in response.text

    def test_merging_asks_which_person_to_keep_then_merges(self, editor_client, editor):
        kamal = make_person("Mustafa Kamal")
        dup = make_person("Syed Mustafa Kamal")
        for _ in range(2):
            make_article(people=[kamal])
        make_article(people=[dup])

        confirm = run_action(editor_client, "archive_person", "merge", [kamal, dup])
        done = run_action(editor_client, "archive_person", "merge", [kamal, dup], survivor=kamal.pk)

        assert "Which one do you keep?" in confirm.text
        assert f'value="{kamal.pk}" id="survivor-{kamal.pk}" checked' in confirm.text
        assert Person.objects.get() == kamal
        assert "Merged Syed Mustafa Kamal into “Mustafa Kamal”" in done.text
        assert Article.objects.naming_person(kamal).count() == 3
        latest = kamal.history.latest()
        assert latest.history_user == editor
        assert latest.history_change_reason == "Merged Syed Mustafa Kamal into it."

    def test_merging_one_person_asks_for_more(self, editor_client):
        kamal = make_person("Mustafa Kamal")

        response = run_action(editor_client, "archive_person", "merge", [kamal])

        assert "Select two or more people to merge." in response.text

    def test_merging_people_with_different_wikidata_ids_is_refused(self, editor_client):
        a = make_person("Mustafa Kamal", wikidata_id="Q1")
        b = make_person("Mustafa Kamal (cricketer)", wikidata_id="Q2")

        response = run_action(editor_client, "archive_person", "merge", [a, b], survivor=a.pk)

        assert "different Wikidata IDs" in response.text
        assert Person.objects.count() == 2


class TestParties:
    def test_it_lists_factions_mergers_members_and_articles(self, editor_client):
        mqm = make_party("MQM")
        mqmp = make_party("MQM-P", faction_of=mqm)
        psp = make_party("PSP", merged_into=mqmp, merged_on=datetime.date(2023, 1, 12))
        make_affiliation(make_person("Mustafa Kamal"), psp, role="chairman")
        make_affiliation(make_person("Anis Qaimkhani"), psp)
        make_article(parties=[psp])

        response = editor_client.get(reverse("admin:archive_party_changelist"))
        row = next(p for p in response.context["cl"].result_list if p.abbreviation == "PSP")
        page = editor_client.get(reverse("admin:archive_party_change", args=[mqmp.pk]))

        assert (row.member_total, row.article_total, row.merged_into) == (2, 1, mqmp)
        assert "PSP</a> (merged into it)" in page.text

    def test_it_filters_factions(self, editor_client):
        mqm = make_party("MQM")
        make_party("MQM-P", faction_of=mqm)
        make_party("MQM-L", faction_of=mqm)

        response = editor_client.get(reverse("admin:archive_party_changelist"), {"kind": "faction"})

        assert sorted(p.abbreviation for p in response.context["cl"].result_list) == [
            "MQM-L",
            "MQM-P",
        ]

    def test_merging_parties_moves_members_and_aliases(self, editor_client):
        mqmp = make_party("MQM-P", "Muttahida Qaumi Movement Pakistan")
        dup = make_party("MQM-Pakistan", "MQM Pakistan")
        member = make_affiliation(make_person("Khalid Maqbool Siddiqui"), dup, role="convener")

        run_action(editor_client, "archive_party", "merge", [mqmp, dup], survivor=mqmp.pk)

        member.refresh_from_db()
        mqmp.refresh_from_db()
        assert member.party == mqmp
        assert mqmp.alias_list == ["MQM-Pakistan", "MQM Pakistan"]
        assert Party.objects.count() == 1


class TestTags:
    def test_merging_folds_case_duplicates_into_one_tag(self, editor_client):
        karachi = Tag.objects.create(name="Karachi", slug="karachi")
        lower = Tag.objects.create(name="karachi ", slug="karachi-2")
        a1, a2 = make_article(), make_article()
        a1.tags.add(karachi)
        a2.tags.add(lower)

        run_action(editor_client, "taggit_tag", "merge", [karachi, lower], survivor=karachi.pk)

        assert list(Tag.objects.values_list("name", flat=True)) == ["Karachi"]
        assert [t.name for t in a2.tags.all()] == ["Karachi"]

    def test_a_new_tag_differing_only_in_case_is_refused(self, editor_client):
        Tag.objects.create(name="Karachi", slug="karachi")

        response = editor_client.post(
            reverse("admin:taggit_tag_add"), {"name": "KARACHI", "slug": "karachi-caps"}
        )

        assert response.status_code == 200
        assert "Tags ignore case, and “Karachi” already exists" in response.text
        assert Tag.objects.count() == 1

    def test_it_counts_the_articles_of_each_tag(self, editor_client):
        make_article(tags=["Karachi"])
        make_article(tags=["Karachi", "Water"])

        response = editor_client.get(reverse("admin:taggit_tag_changelist"))

        assert {t.name: t.article_total for t in response.context["cl"].result_list} == {
            "Karachi": 2,
            "Water": 1,
        }


class TestSuggestedNames:
    @pytest.fixture
    def suggestions(self):
        article = make_article(
            "Bloggers meet Kamal",
            body="Blogger Tayyab Memon expressed his satisfaction.\n\nKainat Farooq agreed.",
        )
        names = {}
        for name in ("Tayyab Memon", "Kainat Farooq", "Sunaina"):
            names[name] = SuggestedName.objects.create(name=name, key=name.casefold())
            names[name].articles.add(article)
        return names

    def test_the_queue_opens_on_pending_names_with_the_articles_they_came_from(
        self, editor_client, suggestions
    ):
        suggestions["Sunaina"].state = SuggestedName.State.REJECTED
        suggestions["Sunaina"].save()

        response = editor_client.get(reverse("admin:archive_suggestedname_changelist"))

        assert sorted(listed(response)) == ["Kainat Farooq", "Tayyab Memon"]
        assert "Bloggers meet Kamal" in response.text
        everything = editor_client.get(
            reverse("admin:archive_suggestedname_changelist"), {"state": "all"}
        )
        assert len(listed(everything)) == 3

    def test_the_review_page_quotes_the_text_around_the_name(self, editor_client, suggestions):
        url = reverse("admin:archive_suggestedname_change", args=[suggestions["Tayyab Memon"].pk])

        response = editor_client.get(url)

        assert "Blogger Tayyab Memon expressed his satisfaction." in response.text

    def test_accepting_from_the_queue_makes_people_and_links(self, editor_client, suggestions):
        chosen = [suggestions["Tayyab Memon"], suggestions["Kainat Farooq"]]

        response = run_action(editor_client, "archive_suggestedname", "accept", chosen)

        assert "Accepted and linked: Kainat Farooq, Tayyab Memon." in response.text
        assert set(ArticlePerson.objects.values_list("person__name", "source")) == {
            ("Tayyab Memon", LinkSource.EDITOR),
            ("Kainat Farooq", LinkSource.EDITOR),
        }
        assert listed(response) == ["Sunaina"]

    def test_adding_as_an_alias_asks_for_the_person_then_links_them(
        self, editor_client, suggestions
    ):
        memon = make_person("Tayyab Ali Memon")
        chosen = [suggestions["Tayyab Memon"]]

        ask = run_action(editor_client, "archive_suggestedname", "add_as_alias", chosen)
        done = run_action(
            editor_client,
            "archive_suggestedname",
            "add_as_alias",
            chosen,
            apply="1",
            person=memon.pk,
        )

        assert 'data-ajax--url="/admin/autocomplete/"' in ask.text
        assert "Added Tayyab Memon to the aliases of Tayyab Ali Memon." in done.text
        memon.refresh_from_db()
        assert memon.alias_list == ["Tayyab Memon"]
        assert Article.objects.naming_person(memon).count() == 1

    def test_the_person_autocomplete_answers_an_editor(self, editor_client):
        make_person("Tayyab Ali Memon", aliases="Tayyab Memon")

        response = editor_client.get(
            reverse("admin:autocomplete"),
            {
                "term": "Tayyab",
                "app_label": "archive",
                "model_name": "suggestedname",
                "field_name": "person",
            },
        )

        assert [r["text"] for r in response.json()["results"]] == ["Tayyab Ali Memon"]

    def test_rejecting_keeps_the_name_so_it_is_never_suggested_again(
        self, editor_client, suggestions
    ):
        run_action(editor_client, "archive_suggestedname", "reject", [suggestions["Sunaina"]])

        sunaina = SuggestedName.objects.get(key="sunaina")
        assert sunaina.state == SuggestedName.State.REJECTED
        assert not Person.objects.exists()

    @pytest.mark.parametrize(
        "decision, expected_person",
        [("accept", "Kainat Farooq"), ("alias", "Kainat Farooq Khan"), ("reject", None)],
    )
    def test_the_review_page_records_the_decision(
        self, editor_client, suggestions, decision, expected_person
    ):
        khan = make_person("Kainat Farooq Khan")
        suggestion = suggestions["Kainat Farooq"]
        data = {"decision": decision, "person": khan.pk if decision == "alias" else ""}

        response = editor_client.post(
            reverse("admin:archive_suggestedname_change", args=[suggestion.pk]), data
        )

        assert response.status_code == 302
        suggestion.refresh_from_db()
        assert (suggestion.person.name if suggestion.person else None) == expected_person
        linked = ArticlePerson.objects.values_list("person__name", flat=True)
        assert list(linked) == ([expected_person] if expected_person else [])

    def test_adding_as_an_alias_without_a_person_says_what_is_missing(
        self, editor_client, suggestions
    ):
        suggestion = suggestions["Kainat Farooq"]

        response = editor_client.post(
            reverse("admin:archive_suggestedname_change", args=[suggestion.pk]),
            {"decision": "alias", "person": ""},
        )

        assert "Choose the person this name is another way of writing." in response.text
        suggestion.refresh_from_db()
        assert suggestion.state == SuggestedName.State.PENDING

    def test_an_accepted_name_can_only_be_viewed(self, editor_client, suggestions):
        suggestion = suggestions["Sunaina"]
        run_action(editor_client, "archive_suggestedname", "accept", [suggestion])

        url = reverse("admin:archive_suggestedname_change", args=[suggestion.pk])
        response = editor_client.post(url, {"decision": "reject", "person": ""})

        assert response.status_code == 403
        suggestion.refresh_from_db()
        assert suggestion.state == SuggestedName.State.ACCEPTED


class TestDeletingKeepsArticles:
    """Deleting a person, party, outlet or tag never deletes an article."""

    @pytest.fixture
    def article(self):
        return make_article(
            publication=make_publication("Geo News"),
            people=[make_person("Mustafa Kamal")],
            parties=[make_party("MQM-P")],
            tags=["Karachi"],
        )

    @pytest.mark.parametrize(
        "model, admin_name",
        [
            (Person, "archive_person"),
            (Party, "archive_party"),
            (Publication, "archive_publication"),
            (Tag, "taggit_tag"),
        ],
    )
    def test_deleting_through_the_admin_keeps_the_article(
        self, editor_client, article, model, admin_name
    ):
        obj = model.objects.get()
        url = reverse(f"admin:{admin_name}_delete", args=[obj.pk])

        confirm = editor_client.get(url)
        response = editor_client.post(url, {"post": "yes"})

        assert confirm.status_code == 200
        assert response.status_code == 302
        assert not model.objects.exists()
        assert Article.objects.filter(pk=article.pk).exists()
