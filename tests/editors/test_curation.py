"""Merging duplicates, deciding on suggested names and putting removed lines back."""

import datetime

import pytest
from taggit.models import Tag

from archive.models import (
    Affiliation,
    Article,
    ArticleParty,
    ArticlePerson,
    LinkSource,
    Party,
    Person,
    SuggestedName,
)
from editors import curation
from tests.factories import make_affiliation, make_article, make_party, make_person

pytestmark = pytest.mark.django_db


def links_of(person):
    return {
        (link.article_id, link.source, link.mentions)
        for link in ArticlePerson.objects.filter(person=person)
    }


class TestMergePeople:
    def test_it_moves_every_link_to_the_survivor_and_deletes_the_duplicate(self):
        kamal = make_person("Mustafa Kamal", aliases="Kamal")
        dup = make_person("Syed Mustafa Kamal", aliases="S. M. Kamal\nMustafa Kamal Sahib")
        only_dup = make_article(people=[dup])
        only_kamal = make_article(people=[kamal])

        curation.merge_people(kamal, [dup])

        assert not Person.objects.filter(pk=dup.pk).exists()
        assert set(Article.objects.naming_person(kamal)) == {only_dup, only_kamal}
        kamal.refresh_from_db()
        assert kamal.alias_list == [
            "Kamal",
            "Syed Mustafa Kamal",
            "S. M. Kamal",
            "Mustafa Kamal Sahib",
        ]

    def test_it_combines_two_links_to_one_article_keeping_the_editors_source(self):
        kamal = make_person("Mustafa Kamal")
        dup = make_person("Syed Mustafa Kamal")
        both = make_article()
        ArticlePerson.objects.create(
            article=both, person=kamal, source=LinkSource.IMPORTER, mentions=3
        )
        ArticlePerson.objects.create(article=both, person=dup, source=LinkSource.EDITOR, mentions=2)

        curation.merge_people(kamal, [dup])

        assert links_of(kamal) == {(both.pk, LinkSource.EDITOR, 5)}

    def test_it_combines_links_when_only_the_duplicates_shared_an_article(self):
        kamal = make_person("Mustafa Kamal")
        dup1, dup2 = make_person("S. M. Kamal"), make_person("Syed Kamal")
        shared = make_article(people=[dup1, dup2])

        curation.merge_people(kamal, [dup1, dup2])

        assert links_of(kamal) == {(shared.pk, LinkSource.IMPORTER, 2)}
        assert Person.objects.count() == 1

    def test_it_moves_affiliations_and_drops_only_exact_repeats(self):
        mqmp, psp = make_party("MQM-P"), make_party("PSP")
        kamal = make_person("Mustafa Kamal")
        dup = make_person("Syed Mustafa Kamal")
        same = {"role": "senior deputy convener", "started_on": datetime.date(2023, 1, 12)}
        make_affiliation(kamal, mqmp, **same)
        make_affiliation(dup, mqmp, **same)
        make_affiliation(dup, psp, role="chairman", started_on=datetime.date(2016, 3, 23))

        curation.merge_people(kamal, [dup])

        roles = set(kamal.affiliations.values_list("party__abbreviation", "role"))
        assert roles == {("MQM-P", "senior deputy convener"), ("PSP", "chairman")}
        assert Affiliation.objects.count() == 2

    def test_it_moves_accepted_suggested_names(self):
        kamal, dup = make_person("Mustafa Kamal"), make_person("Syed Mustafa Kamal")
        suggestion = SuggestedName.objects.create(
            name="Syed Mustafa Kamal",
            key="syed mustafa kamal",
            state=SuggestedName.State.ACCEPTED,
            person=dup,
        )

        curation.merge_people(kamal, [dup])

        suggestion.refresh_from_db()
        assert suggestion.person == kamal

    def test_it_takes_over_the_duplicates_wikidata_id(self):
        kamal = make_person("Mustafa Kamal")
        dup = make_person("Syed Mustafa Kamal", wikidata_id="Q6943480", description="Politician.")

        curation.merge_people(kamal, [dup])

        kamal.refresh_from_db()
        assert (kamal.wikidata_id, kamal.description) == ("Q6943480", "Politician.")

    def test_it_refuses_people_with_different_wikidata_ids(self):
        kamal = make_person("Mustafa Kamal", wikidata_id="Q6943480")
        other = make_person("Mustafa Kamal (cricketer)", wikidata_id="Q3530290")
        article = make_article(people=[other])

        with pytest.raises(curation.MergeError, match="different Wikidata IDs"):
            curation.merge_people(kamal, [other])

        assert Person.objects.count() == 2
        assert list(Article.objects.naming_person(other)) == [article]

    def test_it_records_the_duplicates_deletion_in_the_history(self):
        kamal, dup = make_person("Mustafa Kamal"), make_person("Syed Mustafa Kamal")
        dup_id = dup.pk

        curation.merge_people(kamal, [dup])

        assert Person.history.filter(id=dup_id, history_type="-").exists()


class TestMergeParties:
    def test_it_moves_links_members_factions_and_mergers(self):
        mqm = make_party("MQM", "Muttahida Qaumi Movement")
        dup = make_party("MQM (old)", "Mohajir Qaumi Movement", aliases="Mohajir QM")
        faction = make_party("MQM-H", faction_of=dup)
        merged = make_party("APMSO", merged_into=dup)
        member = make_affiliation(make_person("Altaf Hussain"), dup, role="founder")
        article = make_article(parties=[dup])

        curation.merge_parties(mqm, [dup])

        assert not Party.objects.filter(pk=dup.pk).exists()
        assert list(Article.objects.about_any_party([mqm.pk])) == [article]
        faction.refresh_from_db()
        merged.refresh_from_db()
        member.refresh_from_db()
        assert (faction.faction_of, merged.merged_into, member.party) == (mqm, mqm, mqm)
        mqm.refresh_from_db()
        assert mqm.alias_list == ["MQM (old)", "Mohajir Qaumi Movement", "Mohajir QM"]

    def test_it_sums_the_mentions_of_an_article_both_were_linked_to(self):
        mqm, dup = make_party("MQM"), make_party("M.Q.M.", slug="m-q-m")
        article = make_article()
        ArticleParty.objects.create(article=article, party=mqm, mentions=4)
        ArticleParty.objects.create(article=article, party=dup, mentions=1)

        curation.merge_parties(mqm, [dup])

        assert list(ArticleParty.objects.values_list("article", "party", "mentions")) == [
            (article.pk, mqm.pk, 5)
        ]

    def test_a_survivor_that_was_a_faction_of_the_duplicate_takes_its_place(self):
        mqm = make_party("MQM")
        dup = make_party("MQM-Pakistan", faction_of=mqm)
        mqmp = make_party("MQM-P", faction_of=dup)

        curation.merge_parties(mqmp, [dup])

        mqmp.refresh_from_db()
        assert mqmp.faction_of == mqm


class TestMergeTags:
    def test_it_folds_duplicate_tags_and_moves_their_articles(self):
        karachi = Tag.objects.create(name="Karachi", slug="karachi")
        shouting = Tag.objects.create(name="KARACHI", slug="karachi-2")
        city = Tag.objects.create(name="Karachi city", slug="karachi-city")
        a1 = make_article()
        a2 = make_article()
        a3 = make_article()
        a1.tags.add(karachi, shouting)
        a2.tags.add(shouting, city)
        a3.tags.add(city)

        curation.merge_tags(karachi, [shouting, city])

        assert list(Tag.objects.all()) == [karachi]
        for article in (a1, a2, a3):
            assert [t.name for t in article.tags.all()] == ["Karachi"]


class TestSuggestedNames:
    @pytest.fixture
    def suggestion(self):
        articles = [
            make_article(body="Rizwan Sattar spoke.\n\nLater Rizwan Sattar left.", status="draft"),
            make_article(body="A word from Rizwan Sattar."),
        ]
        suggestion = SuggestedName.objects.create(name="Rizwan Sattar", key="rizwan sattar")
        suggestion.articles.set(articles)
        return suggestion

    def test_accepting_makes_a_person_linked_to_the_articles_as_an_editor(self, suggestion):
        person = curation.accept_suggestion(suggestion)

        assert person.name == "Rizwan Sattar"
        assert person.slug == "rizwan-sattar"
        assert sorted(ArticlePerson.objects.values_list("source", "mentions")) == [
            (LinkSource.EDITOR, 1),
            (LinkSource.EDITOR, 2),
        ]
        suggestion.refresh_from_db()
        assert (suggestion.state, suggestion.person) == (SuggestedName.State.ACCEPTED, person)
        assert suggestion.reviewed is not None

    def test_accepting_a_name_someone_already_has_reuses_that_person(self, suggestion):
        existing = make_person("rizwan sattar", slug="rizwan-sattar")

        assert curation.accept_suggestion(suggestion) == existing
        assert Person.objects.count() == 1

    def test_adding_as_an_alias_links_the_existing_person(self, suggestion):
        sattar = make_person("Farooq Sattar", aliases="Sattar")
        already = suggestion.articles.first()
        ArticlePerson.objects.create(article=already, person=sattar, source=LinkSource.IMPORTER)

        curation.accept_suggestion(suggestion, sattar)

        sattar.refresh_from_db()
        assert sattar.alias_list == ["Sattar", "Rizwan Sattar"]
        assert Article.objects.naming_person(sattar).count() == 2
        assert ArticlePerson.objects.get(article=already).source == LinkSource.IMPORTER

    def test_rejecting_keeps_the_key_and_links_nothing(self, suggestion):
        curation.reject_suggestions(SuggestedName.objects.filter(pk=suggestion.pk))

        suggestion.refresh_from_db()
        assert suggestion.state == SuggestedName.State.REJECTED
        assert SuggestedName.objects.filter(key="rizwan sattar").exists()
        assert not ArticlePerson.objects.exists()


SOURCE = """Headline of the story
By Staff Reporter
KARACHI: First paragraph.
Share this on Facebook
Second paragraph.
Read more: another story
Third paragraph."""


class TestPutBack:
    @pytest.fixture
    def article(self):
        return make_article(
            body="First paragraph.\n\nThird paragraph.",
            source_text=SOURCE,
            removed_lines=[
                {"index": 3, "text": "Share this on Facebook", "reason": "boilerplate"},
                {"index": 4, "text": "Second paragraph.", "reason": "looked like a caption"},
                {"index": 5, "text": "Read more: another story", "reason": "boilerplate"},
            ],
        )

    def test_it_puts_a_line_back_where_it_stood_in_the_source(self, article):
        assert curation.put_back_removed_line(article, 4)

        assert article.paragraphs == ["First paragraph.", "Second paragraph.", "Third paragraph."]

    def test_a_line_after_every_paragraph_goes_to_the_end(self, article):
        article.body = "First paragraph."

        curation.put_back_removed_line(article, 5)

        assert article.paragraphs == ["First paragraph.", "Read more: another story"]

    def test_a_line_already_in_the_body_is_not_added_twice(self, article):
        curation.put_back_removed_line(article, 4)

        assert not curation.put_back_removed_line(article, 4)
        assert article.paragraphs.count("Second paragraph.") == 1

    def test_it_finds_its_place_among_paragraphs_joined_from_hard_wrapped_lines(self):
        source = (
            "Water returns to Lyari\n"
            "KARACHI: Taps ran again in Lyari on Monday after\n"
            "three weeks without water.\n"
            "Photo: residents queue at a tanker\n"
            "The utility said the main line\n"
            "had been repaired.\n"
            "Residents were not convinced.\n"
        )
        article = make_article(
            body=(
                "KARACHI: Taps ran again in Lyari on Monday after three weeks without water.\n\n"
                "The utility said the main line had been repaired.\n\n"
                "Residents were not convinced."
            ),
            source_text=source,
            removed_lines=[
                {"index": 3, "text": "Photo: residents queue at a tanker", "reason": "caption"}
            ],
        )

        assert curation.put_back_removed_line(article, 3)

        assert article.paragraphs[1] == "Photo: residents queue at a tanker"
        assert article.paragraphs[2].startswith("The utility said")

    def test_it_refuses_a_line_that_was_not_removed(self, article):
        with pytest.raises(ValueError, match="not removed"):
            curation.put_back_removed_line(article, 2)


class TestOldAddresses:
    def test_a_merged_persons_pages_feeds_and_filters_lead_to_the_survivor(self, client):
        kamal = make_person("Mustafa Kamal")
        duplicate = make_person("Mustafa Kamaal")
        make_article("Kamal speaks", people=[duplicate])
        old = duplicate.slug

        curation.merge_people(kamal, [duplicate])

        page = client.get(f"/people/{old}/?page=1")
        assert page.status_code == 301
        assert page["Location"] == f"/people/{kamal.slug}/?page=1"
        feed = client.get(f"/people/{old}/feed.rss")
        assert (feed.status_code, feed["Location"]) == (301, f"/people/{kamal.slug}/feed.rss")
        listed = client.get("/articles/", {"person": old, "q": "kamal"})
        assert listed.status_code == 301
        assert f"person={kamal.slug}" in listed["Location"] and "q=kamal" in listed["Location"]
        assert "Kamal speaks" in client.get(listed["Location"]).text
        assert client.get("/people/nobody-ever/").status_code == 404

    def test_a_chain_of_merges_never_ends_in_a_dead_address(self, client):
        first, second, third = (make_person(n) for n in ("Farooq Sattar", "F. Sattar", "Dr Sattar"))
        make_article("Sattar story", people=[first, second, third])
        curation.merge_people(second, [third])
        curation.merge_people(first, [second])

        for slug in ("dr-sattar", "f-sattar"):
            response = client.get(f"/people/{slug}/")
            assert (response.status_code, response["Location"]) == (301, f"/people/{first.slug}/")

    def test_a_merged_tag_and_party_lead_to_the_survivor(self, client):
        mqm, duplicate = make_party("MQM-P"), make_party("MQMP")
        make_article("Party story", parties=[mqm, duplicate], tags=["Karachi", "karachi-city"])
        curation.merge_parties(mqm, [duplicate])
        karachi, city = Tag.objects.get(name="Karachi"), Tag.objects.get(name="karachi-city")
        curation.merge_tags(karachi, [city])

        party = client.get(f"/parties/{duplicate.slug}/")
        tag = client.get(f"/tags/{city.slug}/feed.atom")
        assert (party.status_code, party["Location"]) == (301, f"/parties/{mqm.slug}/")
        assert (tag.status_code, tag["Location"]) == (301, f"/tags/{karachi.slug}/feed.atom")
