"""RSS and Atom feeds of the latest published articles, overall and for a
person, a party (with its factions) or a tag.

Feed readers render an item's description as HTML, so the scraped text is
escaped here first: a "<script>" in a headline's summary arrives as text.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from archive.models import Article, Party, public_people, public_tags

FEED_SIZE = 30


class LatestArticles(Feed):
    title = "Newsroom archive: latest articles"
    description = "The newest articles published in the archive."

    def link(self, obj=None):
        return reverse("public:article-list")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return (
            self.articles(obj)
            .newest_first()
            .select_related("publication")
            .defer("source_text", "removed_lines")[:FEED_SIZE]
        )

    def item_title(self, item):
        # RSS readers render an item's title as HTML, as they do its description:
        # escaped here, the XML carries it escaped twice. Atom's titles are text.
        return item.title if issubclass(self.feed_type, Atom1Feed) else escape(item.title)

    def item_description(self, item):
        summary = item.subtitle or (item.paragraphs[:1] or [""])[0]
        return escape(Truncator(summary).words(60))

    def item_author_name(self, item):
        return item.byline or None

    def item_pubdate(self, item):
        # An undated story gets no date rather than the day it was imported, which
        # made old stories look new; Atom's <updated> still says when it changed.
        if item.published_on is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time()))

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.publication.name] if item.publication else []


class LatestArticlesAtom(LatestArticles):
    feed_type = Atom1Feed
    subtitle = LatestArticles.description


class PersonArticles(LatestArticles):
    def get_object(self, request, slug):
        return get_object_or_404(public_people(), slug=slug)

    def title(self, obj):
        return f"Newsroom archive: {obj.name}"

    def description(self, obj):
        return f"The newest articles that mention {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().naming_person(obj)


class PersonArticlesAtom(PersonArticles):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class PartyArticles(LatestArticles):
    def get_object(self, request, slug):
        return get_object_or_404(Party, slug=slug)

    def title(self, obj):
        return f"Newsroom archive: {obj}"

    def description(self, obj):
        return f"The newest articles about the {obj.abbreviation} or its factions."

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        family = Party.objects.families([obj])[obj.pk]
        return Article.objects.published().about_any_party(family)


class PartyArticlesAtom(PartyArticles):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class TagArticles(LatestArticles):
    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def title(self, obj):
        return f"Newsroom archive: tagged {obj.name}"

    def description(self, obj):
        return f"The newest articles tagged {obj.name}."

    def link(self, obj):
        return reverse("public:tag-detail", args=[obj.slug])

    def articles(self, obj):
        return Article.objects.published().tagged(obj)


class TagArticlesAtom(TagArticles):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
