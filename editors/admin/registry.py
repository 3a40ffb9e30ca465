"""The registry's admins: people, parties and outlets."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from archive.models import (
    Affiliation,
    Article,
    ArticleParty,
    ArticlePerson,
    Party,
    Person,
    Publication,
)
from editors import curation

from .base import (
    HistoryNamesWithoutLinks,
    MergeMixin,
    NoPatternLookups,
    SlugFixedAfterCreation,
    change_link,
    changelist_link,
    count_of,
    counted,
)


class PersonAffiliationInline(admin.TabularInline):
    model = Affiliation
    fields = ["party", "role", "started_on", "ended_on"]
    autocomplete_fields = ["party"]
    extra = 0
    verbose_name = "role"
    verbose_name_plural = "roles over time"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "party")


class PartyMemberInline(admin.TabularInline):
    model = Affiliation
    fields = ["person", "role", "started_on", "ended_on"]
    autocomplete_fields = ["person"]
    extra = 0
    verbose_name = "member"
    verbose_name_plural = "members"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "party")


@admin.register(Person)
class PersonAdmin(
    NoPatternLookups,
    HistoryNamesWithoutLinks,
    MergeMixin,
    SlugFixedAfterCreation,
    SimpleHistoryAdmin,
):
    list_display = ["name", "alias_summary", "wikidata_id", "article_count"]
    search_fields = ["name", "aliases", "wikidata_id"]
    search_help_text = "Searches names, every alias and Wikidata IDs."
    list_per_page = 100
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases"]}),
        ("About", {"fields": ["description", "wikidata_id"]}),
    ]
    inlines = [PersonAffiliationInline]
    actions = ["merge"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=count_of(ArticlePerson.objects.all(), "person"))
        )

    @admin.display(description="Aliases")
    def alias_summary(self, person):
        return Truncator(", ".join(person.alias_list)).chars(80)

    @admin.display(description="Articles", ordering="article_total")
    def article_count(self, person):
        return changelist_link(Article, person.article_total, person=person.pk)

    def merge_facts(self, person):
        return [
            counted(person.article_total, "article"),
            f"aliases: {', '.join(person.alias_list) or 'none'}",
            f"Wikidata: {person.wikidata_id or 'none'}",
        ]

    @admin.action(description="Merge the selected people", permissions=["change", "delete"])
    def merge(self, request, queryset):
        return self.run_merge(
            request,
            queryset,
            curation.merge_people,
            "The person you keep takes the others’ names as aliases, their article links, "
            "roles and suggested names; the others are then deleted.",
        )


class PartyKindFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [
            ("own", "Parties of their own"),
            ("faction", "Factions"),
            ("merged", "Merged into another"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "own":
                return queryset.filter(faction_of=None, merged_into=None)
            case "faction":
                return queryset.exclude(faction_of=None)
            case "merged":
                return queryset.exclude(merged_into=None)
        return queryset


@admin.register(Party)
class PartyAdmin(NoPatternLookups, HistoryNamesWithoutLinks, MergeMixin, SimpleHistoryAdmin):
    list_display = [
        "abbreviation",
        "name",
        "faction",
        "merger",
        "member_count",
        "article_count",
    ]
    list_select_related = ["faction_of", "merged_into"]
    list_filter = [PartyKindFilter]
    search_fields = ["abbreviation", "name", "aliases", "wikidata_id"]
    search_help_text = "Searches abbreviations, names, every alias and Wikidata IDs."
    show_full_result_count = False
    autocomplete_fields = ["faction_of", "merged_into"]
    readonly_fields = ["family"]
    fieldsets = [
        (None, {"fields": ["abbreviation", "name", "slug", "aliases"]}),
        (
            "Splits and mergers",
            {
                "fields": [
                    ("founded_on", "dissolved_on"),
                    "faction_of",
                    ("merged_into", "merged_on"),
                    "family",
                ]
            },
        ),
        ("About", {"fields": ["description", "wikidata_id"]}),
    ]
    inlines = [PartyMemberInline]
    actions = ["merge"]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ["abbreviation"]}

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "slug"] if obj else fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_total=count_of(ArticleParty.objects.all(), "party"),
                member_total=count_of(Affiliation.objects.all(), "party", counted="person"),
            )
        )

    @admin.display(description="Faction of", ordering="faction_of__abbreviation")
    def faction(self, party):
        return party.faction_of.abbreviation if party.faction_of else "–"

    @admin.display(description="Merged into", ordering="merged_into__abbreviation")
    def merger(self, party):
        return party.merged_into.abbreviation if party.merged_into else "–"

    @admin.display(description="Members", ordering="member_total")
    def member_count(self, party):
        return party.member_total

    @admin.display(description="Articles", ordering="article_total")
    def article_count(self, party):
        return changelist_link(Article, party.article_total, party=party.pk)

    @admin.display(description="Factions and parties merged into it")
    def family(self, party):
        if party.pk is None:
            return "–"
        related = [
            *(("faction", p) for p in party.factions.all()),
            *(("merged into it", p) for p in party.merged_parties.all()),
        ]
        if not related:
            return "None"
        return format_html_join(
            ", ", "{} ({})", ((change_link(p, p.abbreviation), kind) for kind, p in related)
        )

    def merge_facts(self, party):
        return [
            counted(party.article_total, "article"),
            counted(party.member_total, "member"),
            f"aliases: {', '.join(party.alias_list) or 'none'}",
        ]

    @admin.action(description="Merge the selected parties", permissions=["change", "delete"])
    def merge(self, request, queryset):
        return self.run_merge(
            request,
            queryset,
            curation.merge_parties,
            "The party you keep takes the others’ abbreviations and names as aliases, their "
            "article links, members, factions and mergers; the others are then deleted.",
        )


@admin.register(Publication)
class PublicationAdmin(NoPatternLookups, SlugFixedAfterCreation, admin.ModelAdmin):
    list_display = ["name", "homepage", "articles"]
    search_fields = ["name", "aliases"]
    show_full_result_count = False
    fields = ["name", "slug", "homepage", "aliases"]

    @admin.display(description="Articles")
    def articles(self, publication):
        return changelist_link(Article, "Articles", publication__id__exact=publication.pk)
