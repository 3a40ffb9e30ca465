"""The article filters, shared by the list page, the person, party, publication
and tag pages, the JSON API and the CSV export: one FilterSet, so a filtered
URL means the same thing everywhere.

Several values of one filter (``person=a&person=b``) all have to match, as the
counts beside the list promise: the count next to a name is the number of the
listed articles that also mention it.
"""

import django_filters
from django import forms
from django.db.models import F
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from taggit.models import Tag

from archive.models import Article, Party, Person, Publication
from archive.search import search

SORTS = [
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("relevance", "Best match"),
]


MAX_VALUES = 10
# "Best match" ranks at most this many matches, the most recently added, and the
# list says so when more match. Ranking costs about as much per match as the rest
# of the page: 2,000 keep a common pair of words near 50 ms at 100,000 articles and
# 100 ms at a million; every match is still counted (up to paging.COUNT_CAP).
RANKED_CANDIDATES = 2_000


@extend_schema_field(OpenApiTypes.STR)
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Slugs, several allowed (``?person=a&person=b``)."""


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Words",
        method="keep",
        max_length=300,
        help_text='All the words must occur. "A phrase" in quotes, kama* for a prefix, '
        "OR between alternatives.",
    )
    person = SlugsFilter(
        label="People",
        queryset=Person.objects.all(),
        to_field_name="slug",
        method="filter_people",
        help_text="Slugs of people; every one must be mentioned.",
    )
    party = SlugsFilter(
        label="Parties",
        queryset=Party.objects.all(),
        to_field_name="slug",
        method="keep",
        help_text="Slugs of parties; every one must be mentioned.",
    )
    factions = django_filters.BooleanFilter(
        label="Include factions",
        method="keep",
        widget=forms.TextInput,
        help_text="A party also matches its factions (party=mqm&factions=1 finds MQM-P).",
    )
    publication = django_filters.ModelChoiceFilter(
        label="Publication",
        queryset=Publication.objects.all(),
        to_field_name="slug",
        empty_label="Any publication",
    )
    tag = SlugsFilter(
        label="Tags",
        queryset=Tag.objects.all(),
        to_field_name="slug",
        method="filter_tags",
        help_text="Slugs of tags; every one must be present.",
    )
    year = YearFilter(
        label="Year",
        field_name="published_on",
        lookup_expr="year",
        min_value=1800,
        max_value=2200,
    )
    has_comments = django_filters.BooleanFilter(
        label="With reader comments", method="filter_comments", widget=forms.TextInput
    )
    sort = django_filters.ChoiceFilter(label="Sort", choices=SORTS, method="keep", empty_label=None)

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # Blank and repeated values are dropped (a form's empty select sends
        # "party="), and no filter takes more than MAX_VALUES values.
        cleaned = QueryDict(mutable=True)
        for key in data or {}:
            values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
            values = [v for v in dict.fromkeys(values) if str(v).strip()][:MAX_VALUES]
            if values:
                cleaned.setlist(key, values)
        super().__init__(cleaned, *args, **kwargs)
        self.data = cleaned

    def keep(self, queryset, name, value):
        """Applied together in filter_queryset, where each needs the others."""
        return queryset

    def filter_people(self, queryset, name, people):
        for person in people:
            queryset = queryset.naming_person(person)
        return queryset

    def filter_tags(self, queryset, name, tags):
        for tag in tags:
            queryset = queryset.tagged(tag)
        return queryset

    def filter_comments(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.with_comments() if value else queryset.without_comments()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        parties = data.get("party") or []
        if parties:
            families = Party.objects.families(parties) if data.get("factions") else {}
            for party in parties:
                queryset = queryset.about_any_party(families.get(party.pk, {party.pk}))
        self.countable = self.candidates = None
        if data.get("q"):
            self.candidates = search(queryset, data["q"], RANKED_CANDIDATES)
            if self.sort_order == "relevance":
                self.countable = search(queryset, data["q"])
                queryset = self.candidates
            else:
                queryset = search(queryset, data["q"])
        return self.apply_sort(queryset)

    def count_queryset(self):
        """What the list counts: every match, also where "Best match" ranks
        only the RANKED_CANDIDATES most recently added."""
        listed = self.qs
        return listed if self.countable is None else self.countable

    @property
    def searching(self):
        return bool(self.is_bound and self.is_valid() and self.form.cleaned_data.get("q"))

    @property
    def sort_order(self):
        sort = self.form.cleaned_data.get("sort") if self.is_valid() else None
        if sort == "relevance" and not self.searching:
            return "newest"
        return sort or ("relevance" if self.searching else "newest")

    def apply_sort(self, queryset):
        if self.sort_order == "relevance":
            return queryset.order_by("rank", F("published_on").desc(nulls_last=True), "-id")
        if self.sort_order == "oldest":
            return queryset.oldest_first()
        return queryset.newest_first()


# "from" is a Python keyword, so the two date bounds join the filters by name.
ArticleFilter.base_filters["from"] = django_filters.DateFilter(
    label="From",
    field_name="published_on",
    lookup_expr="gte",
    widget=forms.DateInput(attrs={"type": "date"}),
)
ArticleFilter.base_filters["to"] = django_filters.DateFilter(
    label="To",
    field_name="published_on",
    lookup_expr="lte",
    widget=forms.DateInput(attrs={"type": "date"}),
)
