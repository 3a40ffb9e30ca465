"""The read-only JSON API for data journalists: published articles with the
list's filters (ArticleFilter), people and parties.

Pages carry ``count``, ``count_capped``, ``next``, ``previous`` and
``results``; the schema is at /api/schema/ and browsable docs at /api/docs/.
"""

import django_filters
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.renderers import JSONRenderer

from archive import versions
from archive.models import (
    Affiliation,
    Article,
    ArticleParty,
    ArticlePerson,
    Party,
    Person,
    public_people,
)
from archive.paging import CappedPageNumberPagination, CappedPaginator
from archive.search import MARK_END, MARK_START, snippets
from public.filters import ArticleFilter
from public.throttle import bounded_search


class PublicationField(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class NamedLinkSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    mentions = serializers.IntegerField()


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="public:article-detail", lookup_field="slug"
    )
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:article-detail", lookup_field="slug"
    )
    publication = PublicationField(allow_null=True)
    people = serializers.SerializerMethodField()
    parties = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "slug",
            "url",
            "api_url",
            "title",
            "subtitle",
            "byline",
            "dateline",
            "published_on",
            "publication",
            "people",
            "parties",
            "tags",
            "snippet",
        ]

    @extend_schema_field(NamedLinkSerializer(many=True))
    def get_people(self, article):
        return [
            {"slug": person.slug, "name": person.name, "mentions": person.mentions}
            for person in article.people_listed
        ]

    @extend_schema_field(NamedLinkSerializer(many=True))
    def get_parties(self, article):
        return [
            {"slug": party.slug, "name": party.name, "mentions": party.mentions}
            for party in article.parties_listed
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, article):
        return [tag.name for tag in article.tags_listed]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_snippet(self, article):
        """The best passage when searching, matched words between [[ and ]]."""
        snippet = getattr(article, "snippet", None)
        if snippet is None:
            return None
        return snippet.replace(MARK_START, "[[").replace(MARK_END, "]]")


class ArticleDetailSerializer(ArticleSerializer):
    paragraphs = serializers.ListField(child=serializers.CharField(), read_only=True)
    highlights = serializers.ListField(
        child=serializers.CharField(), read_only=True, source="highlight_list"
    )

    class Meta(ArticleSerializer.Meta):
        fields = [f for f in ArticleSerializer.Meta.fields if f != "snippet"] + [
            "caption",
            "highlights",
            "paragraphs",
        ]


class KeptFilterBackend(DjangoFilterBackend):
    """django-filter's backend, leaving the filterset on the view for counting."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles, filtered and sorted like the list at /articles/."""

    filter_backends = [KeptFilterBackend]
    filterset_class = ArticleFilter
    pagination_class = CappedPageNumberPagination
    renderer_classes = [JSONRenderer]
    lookup_field = "slug"

    def list(self, request, *args, **kwargs):
        # Searches held to the same budget as the list page's (public.throttle);
        # DRF renders the response later, its queries have run by then.
        page = super().list
        return bounded_search(lambda request: page(request, *args, **kwargs), render=False)(request)

    def get_queryset(self):
        articles = Article.objects.published().for_listing()
        if self.action == "retrieve":
            return articles.defer(None).defer("source_text", "removed_lines")
        return articles

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def preset_count(self, paginator):
        """The same kept count as the list page with the same filters."""
        filterset = self.filterset
        counting = CappedPaginator(filterset.count_queryset(), paginator.per_page)
        paginator.preset(
            versions.cached("count", versions.filter_key((), filterset.data), counting.counted)
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        text = self.request.query_params.get("q")
        if page and text:
            found = snippets(page, text)
            for article in page:
                article.snippet = found.get(article.pk, "")
        return page

    def filter_queryset(self, queryset):
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)


class AffiliationSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    person = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Affiliation
        fields = ["person", "party", "role", "started_on", "ended_on"]


class PersonSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="public:person-detail", lookup_field="slug"
    )
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list")
    affiliations = AffiliationSerializer(many=True, read_only=True)
    published_articles = serializers.IntegerField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "slug",
            "url",
            "name",
            "aliases",
            "description",
            "wikidata_id",
            "affiliations",
            "published_articles",
        ]


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name", method="filter_name", max_length=100, help_text="Part of a name or alias."
    )
    party = django_filters.ModelChoiceFilter(
        label="Party",
        field_name="affiliations__party",
        queryset=Party.objects.all(),
        to_field_name="slug",
        method="filter_party",
        help_text="Slug of a party the person has belonged to.",
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_name(self, people, name, value):
        return people.filter(Q(name__icontains=value) | Q(aliases__icontains=value))

    def filter_party(self, people, name, party):
        return people.filter(Exists(Affiliation.objects.filter(person=OuterRef("pk"), party=party)))


def published_counts(links, field, ids):
    """``{id: published articles}`` for a page of people or parties: one query."""
    return dict(
        links.objects.filter(**{f"{field}__in": ids}, article__status=Article.Status.PUBLISHED)
        .values_list(field)
        .annotate(n=Count("pk"))
    )


class CountingViewSet(viewsets.ReadOnlyModelViewSet):
    """Adds ``published_articles`` to each person or party of the page."""

    pagination_class = CappedPageNumberPagination
    renderer_classes = [JSONRenderer]
    lookup_field = "slug"
    # The link model that counts a row's articles, and its field naming the row.
    links: type[ArticlePerson] | type[ArticleParty]
    field: str

    def count_articles(self, objects):
        counts = published_counts(self.links, self.field, [o.pk for o in objects])
        for obj in objects:
            obj.published_articles = counts.get(obj.pk, 0)
        return objects

    def paginate_queryset(self, queryset):
        return self.count_articles(super().paginate_queryset(queryset))

    def get_object(self):
        return self.count_articles([super().get_object()])[0]


@extend_schema(description="People in the registry, with their party affiliations.")
class PersonViewSet(CountingViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    links, field = ArticlePerson, "person"

    def get_queryset(self):
        return (
            public_people()
            .order_by("name", "pk")
            .prefetch_related(
                Prefetch("affiliations", Affiliation.objects.select_related("party", "person"))
            )
        )


class PartySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="public:party-detail", lookup_field="slug")
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list")
    faction_of = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    merged_into = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    published_articles = serializers.IntegerField(read_only=True)

    class Meta:
        model = Party
        fields = [
            "slug",
            "url",
            "abbreviation",
            "name",
            "aliases",
            "description",
            "wikidata_id",
            "faction_of",
            "merged_into",
            "merged_on",
            "founded_on",
            "dissolved_on",
            "published_articles",
        ]


@extend_schema(description="Parties, with the party each is a faction of or merged into.")
class PartyViewSet(CountingViewSet):
    serializer_class = PartySerializer
    links, field = ArticleParty, "party"

    def get_queryset(self):
        return Party.objects.select_related("faction_of", "merged_into").order_by("abbreviation")
