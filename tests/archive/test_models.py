"""The data model's constraints and querysets, on the real test database."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from archive.models import Affiliation, Article, ArticlePerson, Comment, LinkSource, Party
from tests.factories import make_affiliation, make_article, make_party, make_person

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_it_refuses_an_affiliation_that_ends_before_it_starts():
    person, party = make_person(), make_party()
    refused(
        lambda: make_affiliation(
            person,
            party,
            started_on=datetime.date(2020, 1, 1),
            ended_on=datetime.date(2019, 1, 1),
        )
    )
    make_affiliation(person, party, started_on=datetime.date(2020, 1, 1))  # open-ended is fine
    make_affiliation(person, party, ended_on=datetime.date(2019, 1, 1))  # start unknown is fine
    assert Affiliation.objects.count() == 2


def test_it_refuses_a_party_dissolved_before_it_was_founded():
    refused(
        lambda: make_party(
            "X", founded_on=datetime.date(2000, 1, 1), dissolved_on=datetime.date(1999, 1, 1)
        )
    )


def test_it_refuses_a_party_that_is_its_own_faction_or_merged_into_itself():
    party = make_party("X")
    party.faction_of = party
    refused(party.save)
    party.refresh_from_db()
    party.merged_into = party
    refused(party.save)


def test_it_refuses_two_articles_with_the_same_content_hash_or_slug():
    article = make_article("One")
    refused(lambda: make_article("Two", content_hash=article.content_hash))
    refused(lambda: make_article("Three", slug=article.slug))


def test_it_refuses_linking_a_person_to_an_article_twice():
    person = make_person()
    article = make_article(people=[person])
    refused(lambda: ArticlePerson.objects.create(article=article, person=person))


def test_it_refuses_two_people_with_one_wikidata_id_but_allows_many_without():
    make_person("A", wikidata_id="Q42")
    refused(lambda: make_person("B", wikidata_id="Q42"))
    make_person("C")
    make_person("D")


def test_published_hides_drafts_and_withdrawn_articles():
    shown = make_article(status=Article.Status.PUBLISHED)
    make_article(status=Article.Status.DRAFT)
    make_article(status=Article.Status.WITHDRAWN)
    assert list(Article.objects.published()) == [shown]


def test_naming_person_finds_each_article_linked_to_the_person_once():
    kamal, sattar, other = make_person("Mustafa Kamal"), make_person("Farooq Sattar"), make_person()
    a = make_article(people=[kamal])
    b = make_article(people=[sattar, kamal])
    make_article(people=[other])
    assert set(Article.objects.naming_person(kamal)) == {a, b}
    assert set(Article.objects.naming_person(sattar)) == {b}
    assert Article.objects.naming_person(kamal).count() == 2  # no duplicate rows


def test_a_party_family_includes_factions_of_factions():
    mqm = make_party("MQM")
    mqmp = make_party("MQM-P", faction_of=mqm)
    splinter = make_party("MQM-X", faction_of=mqmp)
    other = make_party("PPP")
    a, b, c = (
        make_article(parties=[mqm]),
        make_article(parties=[mqmp]),
        make_article(parties=[splinter]),
    )
    make_article(parties=[other])
    family = Party.objects.families([mqm])[mqm.pk]
    assert family == {mqm.pk, mqmp.pk, splinter.pk}
    assert set(Article.objects.about_any_party([mqm.pk])) == {a}
    assert set(Article.objects.about_any_party(family)) == {a, b, c}


def test_with_comments_counts_only_visible_comments():
    shown = make_article(comments=[("Aysha", "Well said")])
    hidden = make_article(comments=[("Troll", "spam")])
    hidden.comments.update(state=Comment.State.HIDDEN)
    make_article()
    assert list(Article.objects.with_comments()) == [shown]


def test_newest_first_puts_undated_articles_last():
    undated = make_article(published_on=None)
    old = make_article(published_on=datetime.date(2001, 1, 1))
    new = make_article(published_on=datetime.date(2024, 1, 1))
    assert list(Article.objects.newest_first()) == [new, old, undated]


def test_a_corrected_headline_keeps_the_permalink():
    article = make_article("Sattar resigns")
    url = article.get_absolute_url()
    article.title = "Sattar does not resign"
    article.save()
    article.refresh_from_db()
    assert article.get_absolute_url() == url


def test_unique_slug_adds_a_number_when_the_headline_repeats():
    make_article("Budget day", slug=Article.unique_slug("Budget day"))
    assert Article.unique_slug("Budget day") == "budget-day-2"


def test_deleting_a_person_or_publication_keeps_the_article():
    person = make_person()
    from tests.factories import make_publication

    outlet = make_publication()
    article = make_article(people=[person], publication=outlet)
    person.delete()
    outlet.delete()
    article.refresh_from_db()
    assert article.publication is None
    assert not article.person_links.exists()


def test_party_str_and_aliases():
    party = Party(abbreviation="PSP", name="Pak Sarzameen Party", aliases="Pak Sarzmeen Party\n\n")
    assert str(party) == "PSP (Pak Sarzameen Party)"
    assert party.alias_list == ["Pak Sarzmeen Party"]
    assert party.add_aliases(["pak sarzmeen party", "PSP Pakistan"]) == ["PSP Pakistan"]


def test_link_sources_are_recorded():
    person = make_person()
    article = make_article(people=[person])
    assert article.person_links.get().source == LinkSource.IMPORTER
