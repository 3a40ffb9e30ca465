"""Counts beside the article lists, coverage over time, and related articles.

These group thousands of rows, so each result is kept under the archive's
version (archive.versions): the counts a reader sees are exact as of the last
change, not estimates.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F
from taggit.models import Tag, TaggedItem

from archive.expressions import Year, YearMonth
from archive.models import (
    Article,
    ArticleParty,
    ArticlePerson,
    FacetCount,
    Party,
    Person,
    Publication,
    public_publications,
)
from archive.versions import cached

TOP_PEOPLE = 12
TOP_TAGS = 15


def facet_counts(articles):
    """Counts of the articles by party, person (the top entries), publication,
    year and tag, as plain lists of dicts (cacheable). Each is grouped by id
    over an index, then labelled from its own small table: nine queries."""
    ids = articles.order_by().values("pk")
    by_party = _grouped(ArticleParty.objects.filter(article__in=ids), "party")
    by_person = _grouped(ArticlePerson.objects.filter(article__in=ids), "person", TOP_PEOPLE)
    by_publication = _grouped(articles.order_by().filter(publication__isnull=False), "publication")
    by_tag = _grouped(
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id__in=ids
        ),
        "tag",
        TOP_TAGS,
    )
    years = (
        articles.order_by()
        .filter(published_on__isnull=False)
        .annotate(year=Year("published_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    return {
        "party": _labelled(by_party, Party, lambda p: (p.abbreviation, p.name)),
        "person": _labelled(by_person, Person, lambda p: (p.name, "")),
        "publication": _labelled(by_publication, Publication, lambda p: (p.name, "")),
        "year": [{"value": str(r["year"]), "label": str(r["year"]), "n": r["n"]} for r in years],
        "tag": _labelled(by_tag, Tag, lambda t: (t.name, "")),
    }


def published_facet_counts():
    """facet_counts(Article.objects.published()), read from the counts the database
    keeps (archive.counts) instead of grouping the archive: ten small queries,
    exact, and as cheap at a million articles as at a hundred."""
    kept = FacetCount.objects.filter(n__gt=0)

    def top(dimension, limit=None, order=("-n", "item")):
        rows = kept.filter(dimension=dimension).order_by(*order).values_list("item", "n")
        return list(rows[:limit] if limit else rows)

    return {
        "party": _labelled(top("party"), Party, lambda p: (p.abbreviation, p.name)),
        "person": _labelled(top("person", TOP_PEOPLE), Person, lambda p: (p.name, "")),
        "publication": _labelled(top("publication"), Publication, lambda p: (p.name, "")),
        "year": [
            {"value": str(year), "label": str(year), "n": n}
            for year, n in top("year", order=("-item",))
        ],
        "tag": _labelled(top("tag", TOP_TAGS), Tag, lambda t: (t.name, "")),
    }


def whole_archive_counts(version=None):
    """published_facet_counts(), kept in the cache like the other counts (a cold
    read is ten small queries, a warm one none)."""
    return cached("kept-facets", (), published_facet_counts, version)


def filter_options():
    """The filter form's parties and publications as plain values, to be kept
    under the archive's version: two queries and seventy model instances on
    every list page otherwise."""
    return {
        "parties": list(
            Party.objects.order_by("abbreviation").values("slug", "abbreviation", "name")
        ),
        "publications": list(public_publications().order_by("name").values("slug", "name")),
    }


def sampled(articles, limit, newest=True):
    """``(articles to count, whether there are more)``: these articles' ids, the
    newest ``limit`` of them in the list's order (or any ``limit`` with newest
    off), fetched in one query. Counting a third of a million articles by person,
    party and tag takes seconds, so past ``limit`` the counts are of these and
    the page says so. Fetching the ids first also keeps a filter's or a search's
    own subquery out of every count, where SQLite could evaluate it again for
    every link row (minutes at a million)."""
    rows = articles.order_by(F("published_on").desc(nulls_last=True), "-id") if newest else articles
    ids = list(rows.values_list("pk", flat=True)[: limit + 1])
    return Article.objects.filter(pk__in=ids[:limit]), len(ids) > limit


def _grouped(rows, field, limit=None):
    """``[(id, count), …]`` most first: one grouped query without joins."""
    grouped = rows.values(field).annotate(n=Count("pk")).order_by("-n", field)
    return [(r[field], r["n"]) for r in (grouped[:limit] if limit else grouped)]


def _labelled(counts, model, label):
    objects = model.objects.in_bulk([pk for pk, _ in counts])
    items = []
    for pk, n in counts:
        if pk in objects:
            text, title = label(objects[pk])
            items.append({"value": objects[pk].slug, "label": text, "title": title, "n": n})
    return items


def monthly_counts(articles):
    """``[("YYYY-MM", n), …]`` for the months that have articles, in order."""
    rows = (
        articles.order_by()
        .filter(published_on__isnull=False)
        .annotate(month=YearMonth("published_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [(r["month"], r["n"]) for r in rows]


# How many of the newest links to an article's people "related" weighs.
RELATED_CANDIDATES = 2_000


def related_articles(article, people, parties, limit=5):
    """Published articles sharing the most of ``people`` (ids) with ``article``,
    then the newest naming any of ``parties``. Two queries, each bounded: the
    first weighs only the RELATED_CANDIDATES newest links to those people, read
    from the (person, article) index (a party leader named in 20,000 of 100,000
    articles took 1.1 s to group them all, on every article naming him), and the
    second stops early in the date index however broad the party."""
    newest = (
        ArticlePerson.objects.filter(person__in=people)
        .exclude(article=article)
        .order_by("-article")
        .values("article")[:RELATED_CANDIDATES]
    )
    rows = (
        ArticlePerson.objects.filter(
            person__in=people, article__in=newest, article__status=Article.Status.PUBLISHED
        )
        .values("article", "article__slug", "article__title", "article__published_on")
        .annotate(shared=Count("person"))
        .order_by("-shared", "-article__published_on", "-article")[:limit]
    )
    found = [
        {
            "pk": r["article"],
            "slug": r["article__slug"],
            "title": r["article__title"],
            "published_on": r["article__published_on"],
        }
        for r in rows
    ]
    more = (
        Article.objects.published()
        .about_any_party(parties)
        .exclude(pk=article.pk)
        .newest_first()
        .values("pk", "slug", "title", "published_on")[: limit * 2]
    )
    seen = {r["pk"] for r in found}
    found += [r for r in more if r["pk"] not in seen]
    return found[:limit]
