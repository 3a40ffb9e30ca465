"""The sitemap: every published article, person, party, outlet and tag page.

Served as an index of sections, each paged at PAGE_SIZE URLs, so that a million
articles make two hundred small files rather than one huge one.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from taggit.models import Tag

from archive.models import (
    Article,
    Party,
    Person,
    Publication,
    public_people,
    public_publications,
    public_tags,
)

PAGE_SIZE = 5_000


class ArticleSitemap(Sitemap):
    limit = PAGE_SIZE
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().only("slug", "updated").order_by("pk")

    def lastmod(self, article):
        return article.updated


class PersonSitemap(Sitemap):
    limit = PAGE_SIZE
    changefreq = "weekly"

    def items(self):
        return public_people(Person.objects.only("slug", "updated")).order_by("pk")

    def lastmod(self, person):
        return person.updated


class PartySitemap(PersonSitemap):
    def items(self):
        return Party.objects.only("slug", "updated").order_by("pk")


class PublicationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return public_publications(Publication.objects.only("slug")).order_by("pk")


class TagSitemap(Sitemap):
    limit = PAGE_SIZE
    changefreq = "weekly"

    def items(self):
        return public_tags(Tag.objects.only("slug")).order_by("pk")

    def location(self, tag):
        return reverse("public:tag-detail", args=[tag.slug])


class PageSitemap(Sitemap):
    def items(self):
        return ["public:article-list", "public:person-list", "public:party-list", "public:tag-list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "parties": PartySitemap,
    "publications": PublicationSitemap,
    "tags": TagSitemap,
}
