"""The counts the database keeps (archive.counts) stay equal to counting again,
whatever changes the articles, their links and tags, and however it is made."""

import datetime
import random

import pytest
from django.db import connection
from django.db.models import Count

from archive import counts
from archive.expressions import Year
from archive.models import Article, ArticleParty, ArticlePerson, FacetCount, LinkSource
from public.facets import facet_counts, published_facet_counts
from tests.factories import make_article, make_party, make_person, make_publication

pytestmark = pytest.mark.django_db


def kept():
    return {
        (d, item): n
        for d, item, n in FacetCount.objects.exclude(n=0).values_list("dimension", "item", "n")
    }


def counted():
    """Every count grouped afresh from the articles, links and tags."""
    published = Article.objects.published()
    found = {("all", 0): published.count()} if published.exists() else {}
    for pk, n in (
        published.exclude(publication=None).values_list("publication").annotate(n=Count("pk"))
    ):
        found["publication", pk] = n
    for year, n in (
        published.exclude(published_on=None)
        .annotate(year=Year("published_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
    ):
        found["year", year] = n
    for model, field in ((ArticleParty, "party"), (ArticlePerson, "person")):
        rows = model.objects.filter(article__status=Article.Status.PUBLISHED)
        for pk, n in rows.values_list(field).annotate(n=Count("pk")):
            found[field, pk] = n
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id__in=published.values("pk"),
    )
    for pk, n in tagged.values_list("tag").annotate(n=Count("pk")):
        found["tag", pk] = n
    return found


def test_it_counts_an_article_when_it_is_published_and_not_before():
    outlet = make_publication("Dawn")
    party = make_party("PPP")
    article = make_article(
        status=Article.Status.DRAFT,
        publication=outlet,
        published_on=datetime.date(2024, 3, 1),
        parties=[party],
        tags=["budget"],
    )
    assert kept() == {}

    article.status = Article.Status.PUBLISHED
    article.save()
    assert kept()[("party", party.pk)] == 1
    assert kept()[("publication", outlet.pk)] == 1
    assert kept()[("year", 2024)] == 1
    assert kept()[("all", 0)] == 1

    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    assert kept() == {}
    assert ("all", 0) not in kept()


def test_it_moves_a_count_when_an_article_changes_outlet_or_date():
    dawn, nation = make_publication("Dawn"), make_publication("The Nation")
    article = make_article(publication=dawn, published_on=datetime.date(2023, 12, 31))
    article.publication = nation
    article.published_on = datetime.date(2024, 1, 1)
    article.save()
    assert kept() == {("all", 0): 1, ("publication", nation.pk): 1, ("year", 2024): 1}
    article.published_on = None
    article.save()
    assert ("year", 2024) not in kept()


def test_it_forgets_a_deleted_article_with_its_links_and_tags():
    person, party = make_person("Ayesha Khan"), make_party("PTI")
    make_article(people=[person], parties=[party], tags=["water"]).delete()
    keep = make_article(people=[person], tags=["water"])
    assert kept() == counted()
    assert kept()[("person", person.pk)] == 1
    assert ("party", party.pk) not in kept()
    keep.tags.clear()
    assert kept() == counted()


def test_it_shows_the_kept_counts_exactly_as_grouping_the_archive_would():
    people = [make_person(f"Person {i}") for i in range(3)]
    parties = [make_party(f"P{i}") for i in range(2)]
    for i in range(7):
        make_article(
            people=people[: i % 3 + 1],
            parties=parties[: i % 2 + 1],
            tags=[f"tag{i % 4}"],
            status=Article.Status.PUBLISHED if i != 3 else Article.Status.DRAFT,
        )
    assert published_facet_counts() == facet_counts(Article.objects.published())


def test_it_keeps_counts_equal_to_counting_again_through_random_changes():
    rng = random.Random(20261129)
    outlets = [make_publication(f"Outlet {i}") for i in range(3)]
    people = [make_person(f"Person {i}") for i in range(6)]
    parties = [make_party(f"P{i}") for i in range(4)]
    tags = ["budget", "water", "courts", "cricket"]
    statuses = list(Article.Status.values)

    def random_article():
        return Article.objects.order_by("?").first()

    def create():
        make_article(
            status=rng.choice(statuses),
            publication=rng.choice([*outlets, None]),
            published_on=rng.choice([None, datetime.date(rng.randint(2019, 2025), 6, 1)]),
            people=rng.sample(people, rng.randint(0, 3)),
            parties=rng.sample(parties, rng.randint(0, 2)),
            tags=rng.sample(tags, rng.randint(0, 2)),
        )

    def restatus():
        if article := random_article():
            article.status = rng.choice(statuses)
            article.save()

    def bulk_restatus():
        ids = list(Article.objects.values_list("pk", flat=True))
        chosen = rng.sample(ids, min(len(ids), 3))
        Article.objects.filter(pk__in=chosen).update(status=rng.choice(statuses))

    def move():
        if article := random_article():
            article.publication = rng.choice([*outlets, None])
            article.published_on = rng.choice([None, datetime.date(rng.randint(2019, 2025), 1, 2)])
            article.save()

    def link():
        if article := random_article():
            ArticlePerson.objects.get_or_create(
                article=article, person=rng.choice(people), defaults={"source": LinkSource.EDITOR}
            )

    def unlink():
        if found := ArticleParty.objects.order_by("?").first():
            found.delete()

    def relink():
        if found := ArticleParty.objects.order_by("?").first():
            taken = set(found.article.party_links.values_list("party_id", flat=True))
            free = [p for p in parties if p.pk not in taken]
            if free:
                found.party = rng.choice(free)
                found.save()

    def retag():
        if article := random_article():
            if rng.random() < 0.5:
                article.tags.add(rng.choice(tags))
            else:
                article.tags.remove(rng.choice(tags))

    def delete():
        if article := random_article():
            article.delete()

    changes = [create] * 4 + [restatus, bulk_restatus, move, link, unlink, relink, retag, delete]
    for step in range(160):
        change = rng.choice(changes)
        change()
        assert kept() == counted(), f"after step {step}, {change.__name__}"
    assert Article.objects.published().exists()


def test_a_rebuild_counts_what_the_triggers_kept():
    person = make_person()
    for _ in range(3):
        make_article(people=[person], tags=["budget"])
    before = kept()
    FacetCount.objects.all().delete()
    counts.rebuild(connection)
    assert kept() == before == counted()


def test_recount_facets_mends_counts_changed_by_hand():
    from io import StringIO

    from django.core.management import call_command

    person = make_person()
    make_article(people=[person])
    FacetCount.objects.filter(dimension="person").update(n=7)
    out = StringIO()
    call_command("recount_facets", stdout=out)
    assert "Counted 1 published articles" in out.getvalue()
    assert "1 differed" in out.getvalue()
    assert kept() == counted()
