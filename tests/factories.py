"""Small factories shared by the tests: real rows in the real test database."""

import datetime
import hashlib
import itertools

from archive.models import (
    Affiliation,
    Article,
    ArticleParty,
    ArticlePerson,
    Comment,
    LinkSource,
    Party,
    Person,
    Publication,
)

_counter = itertools.count(1)


def make_publication(name="The Daily Test", **kw):
    from django.utils.text import slugify

    return Publication.objects.create(name=name, slug=kw.pop("slug", slugify(name)), **kw)


def make_person(name="Test Person", **kw):
    from django.utils.text import slugify

    return Person.objects.create(name=name, slug=kw.pop("slug", slugify(name)), **kw)


def make_party(abbreviation="TP", name=None, **kw):
    from django.utils.text import slugify

    return Party.objects.create(
        abbreviation=abbreviation,
        name=name or f"{abbreviation} Party",
        slug=kw.pop("slug", slugify(abbreviation)),
        **kw,
    )


def make_article(title=None, *, people=(), parties=(), tags=(), comments=(), **kw):
    n = next(_counter)
    title = title or f"Test article {n}"
    kw.setdefault("body", f"First paragraph of article {n}.\n\nSecond paragraph.")
    kw.setdefault("status", Article.Status.PUBLISHED)
    kw.setdefault("published_on", datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    kw.setdefault("slug", Article.unique_slug(title))
    kw.setdefault("content_hash", hashlib.sha256(f"{title}{n}".encode()).hexdigest())
    article = Article.objects.create(title=title, **kw)
    for person in people:
        ArticlePerson.objects.create(article=article, person=person, source=LinkSource.IMPORTER)
    for party in parties:
        ArticleParty.objects.create(article=article, party=party, source=LinkSource.IMPORTER)
    if tags:
        article.tags.add(*tags)
    for i, (author, body) in enumerate(comments):
        Comment.objects.create(article=article, author=author, body=body, position=i)
    return article


def make_affiliation(person, party, **kw):
    return Affiliation.objects.create(person=person, party=party, **kw)
