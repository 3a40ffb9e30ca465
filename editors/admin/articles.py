"""The editors' workplace: import, correct, publish, moderate and curate.

Lists stay quick on a million articles: every list runs the same few queries
whatever its length (related rows joined or prefetched), each count is a
correlated subquery the database runs only for the rows on the page, the long
texts are left out of lists, the article list walks the primary key newest
first and counts at most archive.paging.COUNT_CAP rows.

History: Article, Person and Party admins are django-simple-history's
SimpleHistoryAdmin, so every save here (and every bulk action, which saves row
by row for that reason) is recorded with the editor and time, and can be
viewed and reverted from the "History" button.
"""

import calendar
import datetime
import logging
from collections import Counter
from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Lower
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import update_change_reason
from taggit.models import Tag, TaggedItem

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
    SuggestedName,
)
from archive.paging import CappedPaginator

from editors import curation
from editors.forms import (
    AliasTargetForm,
    ArticleAdminForm,
    Decision,
    SuggestionReviewForm,
    TagAdminForm,
    UploadForm,
)

logger = logging.getLogger(__name__)

admin.site.site_header = "Newsroom archive"
admin.site.site_title = "Newsroom archive"
admin.site.index_title = "Editors’ workplace"


def count_of(rows, field, counted="pk"):
    """COUNT of rows whose `field` is the outer row, as a correlated subquery.

    The database evaluates it only for the rows it returns (one index lookup
    each), where a JOIN + GROUP BY would aggregate the whole table first.
    """
    return Coalesce(
        Subquery(
            rows.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count(counted, distinct=counted != "pk"))
            .values("n")
        ),
        0,
    )


def counted(n, noun):
    return f"{n} {noun}{'' if n == 1 else 's'}"


def changelist_link(model, text, **params):
    url = reverse(f"admin:archive_{model._meta.model_name}_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, urlencode(params), text)


def change_link(obj, text=None):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text if text is not None else obj)


class NoPatternLookups:
    """The admin takes any lookup on a model's own fields from the query string,
    so a plain link could make the database run a regular expression over every
    row (``?title__regex=^(\\w+\\s?)*!$`` held a worker 30 seconds). Such a
    lookup is refused with a 400, as Django refuses one it does not allow."""

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.rsplit("__", 1)[-1] in {"regex", "iregex"}:
            return False
        return super().lookup_allowed(lookup, value, request)


class MergeMixin:
    """An admin action that merges the selected records into one chosen on a second page."""

    merge_template = "admin/archive/merge_confirm.html"

    def merge_facts(self, obj):
        return []

    def run_merge(self, request, queryset, merge, explanation):
        opts = self.model._meta
        objects = list(queryset)
        if len(objects) < 2:
            self.message_user(
                request,
                f"Select two or more {opts.verbose_name_plural} to merge.",
                messages.WARNING,
            )
            return None
        chosen = request.POST.get("survivor")
        if chosen:
            survivor = next((o for o in objects if str(o.pk) == chosen), None)
            if survivor is None:
                self.message_user(request, "Choose one of the selected to keep.", messages.ERROR)
                return None
            others = [o for o in objects if o is not survivor]
            names = ", ".join(str(o) for o in others)
            try:
                merge(survivor, others)
            except curation.MergeError as err:
                self.message_user(request, str(err), messages.ERROR)
                return None
            reason = f"Merged {names} into it."
            if hasattr(survivor, "history"):
                update_change_reason(survivor, reason)
            self.log_change(request, survivor, reason)
            self.message_user(request, f"Merged {names} into “{survivor}”.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {opts.verbose_name_plural}",
            "subtitle": None,
            "opts": opts,
            "explanation": explanation,
            "objects": [(o, self.merge_facts(o)) for o in objects],
            "suggested": max(objects, key=lambda o: getattr(o, "article_total", 0)),
            "action": request.POST.get("action"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.merge_template, context)


# ---------------------------------------------------------------- articles


class IdFilter(admin.SimpleListFilter):
    """A list filter on one record's id: a value that is not one is ignored."""

    def chosen_id(self):
        value = self.value()
        return int(value) if value and value.isdigit() and len(value) < 19 else None


class PartyFilter(IdFilter):
    title = "party"
    parameter_name = "party"

    def lookups(self, request, model_admin):
        return [(p.pk, p.abbreviation) for p in Party.objects.only("pk", "abbreviation")]

    def queryset(self, request, queryset):
        if (pk := self.chosen_id()) is not None:
            return queryset.about_any_party([pk])
        return queryset


class PersonFilter(IdFilter):
    title = "person"
    parameter_name = "person"

    def lookups(self, request, model_admin):
        return list(Person.objects.values_list("pk", "name"))

    def queryset(self, request, queryset):
        if (pk := self.chosen_id()) is not None:
            return queryset.naming_person(pk)
        return queryset


class TagFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        return list(Tag.objects.order_by(Lower("name")).values_list("slug", "name"))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.tagged(*Tag.objects.filter(slug=self.value()))
        return queryset


class HasCommentsFilter(admin.SimpleListFilter):
    title = "reader comments"
    parameter_name = "comments"

    def lookups(self, request, model_admin):
        return [("yes", "With visible comments"), ("no", "Without")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.with_comments()
        if self.value() == "no":
            return queryset.without_comments()
        return queryset


class PersonLinkInline(admin.TabularInline):
    model = ArticlePerson
    fields = ["person", "mentions", "source"]
    readonly_fields = ["source"]
    autocomplete_fields = ["person"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class PartyLinkInline(admin.TabularInline):
    model = ArticleParty
    fields = ["party", "mentions", "source"]
    readonly_fields = ["source"]
    autocomplete_fields = ["party"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("party")


class CommentInline(admin.TabularInline):
    model = Comment
    fields = ["author", "posted", "body", "state"]
    extra = 0
    classes = ["collapse"]
    verbose_name_plural = "reader comments"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            field.widget.attrs.update(rows=3, cols=60)
        return field


class ArticleChangeList(ChangeList):
    # The list shows none of the long texts; leaving them out keeps a page light.
    long_texts = ["body", "source_text", "removed_lines", "highlights", "caption"]

    def get_queryset(self, request, exclude_parameters=None):
        # The outlets come in a second query: joining them would make SQLite join
        # every article before sorting a list ordered by date or title (1.8 s
        # instead of 0.4 s on a million articles).
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .defer(*self.long_texts)
            .prefetch_related("publication")
        )

    @cached_property
    def date_drilldown(self):
        """Django's date hierarchy without its DISTINCT queries.

        The stock one asks for the distinct years (months, days) of the list,
        which SQLite computes through a Python function per row: 3 s on a million
        articles. Here the years run from the archive's first date to its last
        (one MIN/MAX query), then every month of a year and every day of a
        month; a link may lead to an empty list, never to a slow one.
        """
        field = self.date_hierarchy
        keys = [f"{field}__{part}" for part in ("year", "month", "day")]
        year, month, day = (int(self.params[k]) if k in self.params else None for k in keys)

        def link(*values):
            return self.get_query_string(dict(zip(keys, values, strict=False)), [f"{field}__"])

        if year is None:
            span = self.model._default_manager.aggregate(first=Min(field), last=Max(field))
            if span["first"] is None:
                return {"show": False}
            years = range(span["first"].year, span["last"].year + 1)
            return {
                "show": True,
                "back": None,
                "choices": [{"link": link(y), "title": str(y)} for y in years],
            }
        if month is None:
            return {
                "show": True,
                "back": {"link": link(), "title": "All dates"},
                "choices": [
                    {"link": link(year, m), "title": f"{datetime.date(year, m, 1):%B %Y}"}
                    for m in range(1, 13)
                ],
            }
        month_name = f"{datetime.date(year, month, 1):%B}"
        if day is None:
            days = range(1, calendar.monthrange(year, month)[1] + 1)
            return {
                "show": True,
                "back": {"link": link(year), "title": str(year)},
                "choices": [
                    {"link": link(year, month, d), "title": f"{d} {month_name}"} for d in days
                ],
            }
        return {
            "show": True,
            "back": {"link": link(year, month), "title": f"{month_name} {year}"},
            "choices": [{"title": f"{day} {month_name}"}],
        }


@dataclass
class UploadRow:
    """One line of the upload report."""

    file: str
    result: str
    line: str
    article: Article | None = None


# Source lines shown in the provenance panel; a longer text is cut short there.
PROVENANCE_MAX_LINES = 2000


def provenance_rows(article):
    """The scraped text line by line, with what the importer removed and why."""
    removed = {e["index"]: e for e in article.removed_lines if isinstance(e, dict) and "index" in e}
    paragraphs = set(article.paragraphs)
    lines = article.source_text.splitlines()
    rows = []
    for index, text in enumerate(lines[:PROVENANCE_MAX_LINES]):
        entry = removed.pop(index, None)
        rows.append(
            {
                "index": index,
                "number": index + 1,
                "text": text,
                "removed": entry is not None,
                "reason": entry and entry.get("reason", ""),
                "in_body": entry is not None and entry.get("text", text).strip() in paragraphs,
            }
        )
    return rows, max(0, len(lines) - PROVENANCE_MAX_LINES)


@admin.register(Article)
class ArticleAdmin(NoPatternLookups, SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "publication",
        "published_on",
        "status",
        "people_count",
        "party_count",
        "comment_count",
    ]
    list_filter = [
        "status",
        "publication",
        PartyFilter,
        PersonFilter,
        TagFilter,
        HasCommentsFilter,
        "published_on",
        "imported_at",
    ]
    # The outlets are prefetched by ArticleChangeList, not joined.
    list_select_related = ()
    list_per_page = 50
    # Newest imports first: a walk down the primary key, instant at any size.
    ordering = ["-id"]
    search_fields = ["title", "subtitle", "byline"]
    search_help_text = "Searches headlines, subtitles and bylines."
    date_hierarchy = "published_on"
    show_full_result_count = False
    # Counts beside every filter choice would each scan the table.
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedPaginator
    # Sorting by anything else would sort a million rows; filters do that job.
    sortable_by = ["title", "published_on"]
    autocomplete_fields = ["publication"]
    readonly_fields = ["slug", "source_name", "imported_at", "edited_at"]
    fieldsets = [
        ("Headline", {"fields": ["title", "subtitle", "byline", ("status", "slug")]}),
        (
            "Dates and source",
            {
                "fields": [
                    ("published_on", "dateline"),
                    "publication",
                    "source_name",
                    ("imported_at", "edited_at"),
                ]
            },
        ),
        ("Body", {"fields": ["highlights", "caption", "body", "tags"]}),
    ]
    inlines = [PersonLinkInline, PartyLinkInline, CommentInline]
    actions = ["publish", "withdraw", "back_to_draft", "relink"]
    save_on_top = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                people_total=count_of(ArticlePerson.objects.all(), "article"),
                party_total=count_of(ArticleParty.objects.all(), "article"),
                comment_total=count_of(Comment.objects.visible(), "article"),
            )
        )

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    @admin.display(description="People")
    def people_count(self, article):
        return article.people_total

    @admin.display(description="Parties")
    def party_count(self, article):
        return article.party_total

    @admin.display(description="Comments")
    def comment_count(self, article):
        return article.comment_total

    def view_on_site(self, article):
        # The public page hides drafts; staff see every article in the preview.
        return reverse("admin:archive_article_preview", args=[article.pk])

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="{}_{}_upload".format(*info),
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    # -- saving

    def save_model(self, request, obj, form, change):
        if change:
            # The importer's --update leaves alone what an editor has touched.
            obj.edited_at = timezone.now()
            if "_put_back" in request.POST:
                self.put_back(request, obj)
        super().save_model(request, obj, form, change)

    def put_back(self, request, obj):
        """Put the line the editor chose back into the body and say how it went."""
        try:
            index = int(request.POST["_put_back"])
            restored = curation.put_back_removed_line(obj, index)
        except ValueError:
            self.message_user(request, "That line was not removed from this text.", messages.ERROR)
            return
        if restored:
            obj._change_reason = f"Put line {index + 1} of the scraped text back."
            self.message_user(
                request,
                f"Line {index + 1} of the scraped text is back in the body; "
                "the other changes were saved too.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, f"Line {index + 1} is already in the body.")

    def save_formset(self, request, form, formset, change):
        if formset.model not in (ArticlePerson, ArticleParty):
            return super().save_formset(request, form, formset, change)
        # A link an editor adds or changes is theirs, and re-linking keeps it.
        for link in formset.save(commit=False):
            link.source = LinkSource.EDITOR
            link.save()
        for link in formset.deleted_objects:
            link.delete()

    def response_change(self, request, obj):
        if "_put_back" not in request.POST:
            return super().response_change(request, obj)
        return HttpResponseRedirect(request.get_full_path() + "#provenance")

    def add_view(self, request, form_url="", extra_context=None):
        # Articles come in through the importer, which gives each one its source
        # text, provenance and content hash.
        return redirect("admin:archive_article_upload")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # "Add another" would lead to the upload page, not to a form.
        context["show_save_and_add_another"] = False
        if obj is not None and obj.source_text:
            rows, more = provenance_rows(obj)
            context.update(
                provenance=rows,
                provenance_removed=[row for row in rows if row["removed"]],
                provenance_more=more,
                can_put_back=self.has_change_permission(request, obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- actions

    def _set_status(self, request, queryset, status):
        # The selection as it was: a list filtered by status no longer holds the
        # articles once they have changed, so counting it afterwards miscounts.
        selected = list(queryset.values_list("pk", flat=True))
        articles = (
            Article.objects.filter(pk__in=selected)
            .exclude(status=status)
            .defer("source_text", "removed_lines")
        )
        now = timezone.now()
        label = Article.Status(status).label.lower()
        changed = 0
        # One save per article, so the history records each change and its editor.
        for article in articles:
            article.status = status
            article.edited_at = now
            article._history_user = request.user
            article._change_reason = f"Status set to {label} from the list."
            article.save(update_fields=["status", "edited_at", "updated"])
            changed += 1
        unchanged = len(selected) - changed
        note = f" ({unchanged} already {label})" if unchanged else ""
        self.message_user(
            request, f"{counted(changed, 'article')} now {label}{note}.", messages.SUCCESS
        )

    @admin.action(description="Publish the selected articles", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.PUBLISHED)

    @admin.action(description="Withdraw the selected articles", permissions=["change"])
    def withdraw(self, request, queryset):
        self._set_status(request, queryset, Article.Status.WITHDRAWN)

    @admin.action(description="Send the selected articles back to draft", permissions=["change"])
    def back_to_draft(self, request, queryset):
        self._set_status(request, queryset, Article.Status.DRAFT)

    @admin.action(description="Re-link people and parties", permissions=["change"])
    def relink(self, request, queryset):
        from importing.batch import relink_article

        count = 0
        for article in Article.objects.filter(pk__in=queryset.values("pk")):
            relink_article(article)
            count += 1
        self.message_user(
            request,
            f"Re-linked {counted(count, 'article')}; links made by editors are kept.",
            messages.SUCCESS,
        )

    # -- extra pages

    def preview_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": article.title,
            "subtitle": "Preview",
            "opts": self.opts,
            "original": article,
            "article": article,
            "people": article.person_links.select_related("person"),
            "parties": article.party_links.select_related("party"),
            "comments": article.comments.visible(),
            "tags": article.tags.all(),
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/archive/article/preview.html", context)

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        rows = None
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                rows = self._import_uploads(form)
        else:
            form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload scraped texts",
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "rows": rows,
            "summary": Counter(row.result for row in rows or []).most_common(),
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/archive/article/upload.html", context)

    def _import_uploads(self, form):
        from importing.batch import Importer

        publication = form.cleaned_data["publication"]
        # One batch, as the command runs one: the registry is read once for all files.
        importer = Importer(
            status=form.cleaned_data["status"],
            publication=publication.name if publication else None,
            update=form.cleaned_data["update"],
        )
        rows = []
        for upload in form.cleaned_data["files"]:
            refusal = form.refusal(upload)
            if refusal:
                rows.append(UploadRow(upload.name, "failed", f"{upload.name}: {refusal}"))
                continue
            try:
                outcome = importer.import_source(upload.name, upload.read())
            except Exception:
                # The pipeline reports bad input itself; this is a fault in it.
                logger.exception("Upload of %s failed", upload.name)
                error = "not imported: the importer stopped on an unexpected error (logged)"
                rows.append(UploadRow(upload.name, "failed", f"{upload.name}: {error}"))
                continue
            rows.append(UploadRow(outcome.file, outcome.result, str(outcome), outcome.article))
        return rows


# ---------------------------------------------------------------- people, parties, outlets


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


class SlugFixedAfterCreation:
    """Slugs are permalinks: set once from the name, then left alone."""

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "slug"] if obj else fields


@admin.register(Person)
class PersonAdmin(NoPatternLookups, MergeMixin, SlugFixedAfterCreation, SimpleHistoryAdmin):
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
class PartyAdmin(NoPatternLookups, MergeMixin, SimpleHistoryAdmin):
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


# ---------------------------------------------------------------- tags

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(NoPatternLookups, MergeMixin, admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    # Case-insensitively sorted, so "Karachi" and "karachi" sit side by side.
    ordering = [Lower("name")]
    show_full_result_count = False
    list_per_page = 100
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    def get_queryset(self, request):
        tagged_articles = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article)
        )
        return (
            super().get_queryset(request).annotate(article_total=count_of(tagged_articles, "tag"))
        )

    @admin.display(description="Articles", ordering="article_total")
    def article_count(self, tag):
        return changelist_link(Article, tag.article_total, tag=tag.slug)

    def merge_facts(self, tag):
        return [counted(tag.article_total, "article")]

    @admin.action(description="Merge the selected tags", permissions=["change", "delete"])
    def merge(self, request, queryset):
        return self.run_merge(
            request,
            queryset,
            curation.merge_tags,
            "Every article tagged with one of the others gets the tag you keep instead; "
            "the others are then deleted.",
        )


# ---------------------------------------------------------------- comments


class CommentArticleFilter(IdFilter):
    """Comments on one article; reached from the article column, not listed."""

    title = "article"
    parameter_name = "article"

    def lookups(self, request, model_admin):
        if (pk := self.chosen_id()) is None:
            return []
        article = Article.objects.filter(pk=pk).only("title").first()
        return [(self.value(), Truncator(article.title if article else "?").chars(60))]

    def queryset(self, request, queryset):
        if (pk := self.chosen_id()) is not None:
            return queryset.filter(article_id=pk)
        return queryset


@admin.register(Comment)
class CommentAdmin(NoPatternLookups, admin.ModelAdmin):
    list_display = ["excerpt", "author", "on_article", "posted", "state"]
    list_filter = ["state", CommentArticleFilter]
    search_fields = ["author", "body"]
    search_help_text = "Searches authors and comment texts."
    list_per_page = 100
    show_full_result_count = False
    paginator = CappedPaginator
    show_facets = admin.ShowFacets.NEVER
    ordering = ["-article_id", "position", "id"]
    fields = ["article_beside", "author", ("posted", "posted_on"), "body", "state"]
    readonly_fields = ["article_beside"]
    actions = ["hide", "show"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article")
            .defer(*(f"article__{f}" for f in ArticleChangeList.long_texts if f != "body"))
        )

    def has_add_permission(self, request):
        # Comments come with the page they were scraped from.
        return False

    @admin.display(description="Comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(140)

    @admin.display(description="Article", ordering="article_id")
    def on_article(self, comment):
        return changelist_link(
            Comment, Truncator(comment.article.title).chars(70), article=comment.article_id
        )

    @admin.display(description="Article")
    def article_beside(self, comment):
        article = comment.article
        paragraphs = format_html_join("", "<p>{}</p>", ((p,) for p in article.paragraphs[:3]))
        return format_html(
            '<div class="comment-article"><p class="comment-article-title">{}</p>'
            '<p class="help">{} · {} · {}</p>{}</div>',
            change_link(article, article.title),
            article.publication or "No outlet",
            article.published_on or "no date",
            article.get_status_display(),
            paragraphs,
        )

    def _set_state(self, request, queryset, state):
        changed = queryset.exclude(state=state).update(state=state)
        self.message_user(request, f"{counted(changed, 'comment')} now {state}.", messages.SUCCESS)

    @admin.action(description="Hide the selected comments", permissions=["change"])
    def hide(self, request, queryset):
        self._set_state(request, queryset, Comment.State.HIDDEN)

    @admin.action(description="Show the selected comments", permissions=["change"])
    def show(self, request, queryset):
        self._set_state(request, queryset, Comment.State.VISIBLE)


# ---------------------------------------------------------------- suggested names


class ReviewStateFilter(admin.SimpleListFilter):
    """The review queue opens on the names waiting for a decision."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            (SuggestedName.State.PENDING, "Waiting for review"),
            (SuggestedName.State.ACCEPTED, "Accepted"),
            (SuggestedName.State.REJECTED, "Rejected"),
            ("all", "All"),
        ]

    def value(self):
        value = super().value()
        known = {choice for choice, _ in self.lookups(None, None)}
        return value if value in known else SuggestedName.State.PENDING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(state=SuggestedName.State(self.value()))


@admin.register(SuggestedName)
class SuggestedNameAdmin(NoPatternLookups, admin.ModelAdmin):
    form = SuggestionReviewForm
    list_display = ["name", "state", "seen_in", "person"]
    list_filter = [ReviewStateFilter]
    list_select_related = ["person"]
    search_fields = ["name"]
    list_per_page = 100
    show_full_result_count = False
    autocomplete_fields = ["person"]
    readonly_fields = ["name", "state", "reviewed", "articles_seen"]
    actions = ["accept", "add_as_alias", "reject"]
    alias_template = "admin/archive/suggestedname/alias_form.html"
    # How many of a name's articles the queue lists beside it.
    seen_in_shown = 3

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return ["name", "state", "articles_seen", "decision", "person"]
        return ["name", "state", "reviewed", "person", "articles_seen"]

    def get_queryset(self, request):
        first = Article.objects.only("pk", "title").order_by("-id")[: self.seen_in_shown]
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_total=count_of(
                    SuggestedName.articles.through.objects.all(), "suggestedname"
                )
            )
            .prefetch_related(Prefetch("articles", queryset=first, to_attr="first_articles"))
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A rejected name must stay on file for the importer never to suggest it again.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.state == SuggestedName.State.ACCEPTED:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description="Seen in")
    def seen_in(self, suggestion):
        links = format_html_join(
            "; ",
            "{}",
            ((change_link(a, Truncator(a.title).chars(60)),) for a in suggestion.first_articles),
        )
        more = suggestion.article_total - len(suggestion.first_articles)
        return format_html("{} and {} more", links, more) if more > 0 else links

    @admin.display(description="Articles it came from")
    def articles_seen(self, suggestion):
        articles = suggestion.articles.select_related("publication").defer(
            "source_text", "removed_lines"
        )
        items = []
        for article in articles[:50]:
            items.append(
                (
                    change_link(article, article.title),
                    article.publication or "No outlet",
                    article.published_on or "no date",
                    snippet(article.body, suggestion.name),
                )
            )
        if not items:
            return "None"
        return format_html(
            '<ul class="seen-in">{}</ul>',
            format_html_join(
                "", '<li>{} <span class="help">{} · {}</span><br><q>{}</q></li>', items
            ),
        )

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data["decision"]
        if decision == Decision.REJECT:
            curation.reject_suggestions(SuggestedName.objects.filter(pk=obj.pk))
            said = f"“{obj.name}” was rejected and will not be suggested again."
        else:
            person = form.cleaned_data["person"] if decision == Decision.ALIAS else None
            person = curation.accept_suggestion(obj, person)
            said = f"“{obj.name}” was accepted as {person.name}, linked to its articles."
        self.message_user(request, said, messages.SUCCESS)

    def response_change(self, request, obj):
        # save_model said what the review did; Django's "was changed" would not.
        return self.response_post_save_change(request, obj)

    def _undecided(self, request, queryset, say=True):
        undecided = queryset.exclude(state=SuggestedName.State.ACCEPTED)
        skipped = queryset.count() - undecided.count()
        if skipped and say:
            self.message_user(request, f"{skipped} already accepted, left as they were.")
        return undecided

    @admin.action(description="Accept as new people", permissions=["change"])
    def accept(self, request, queryset):
        people = [curation.accept_suggestion(s) for s in self._undecided(request, queryset)]
        if people:
            names = ", ".join(p.name for p in people)
            self.message_user(request, f"Accepted and linked: {names}.", messages.SUCCESS)

    @admin.action(description="Add as aliases of an existing person", permissions=["change"])
    def add_as_alias(self, request, queryset):
        applying = "apply" in request.POST
        suggestions = list(self._undecided(request, queryset, say=applying))
        if not suggestions:
            self.message_user(request, "The selected names have all been accepted already.")
            return None
        form = AliasTargetForm(request.POST if applying else None, admin_site=self.admin_site)
        if form.is_valid():
            person = form.cleaned_data["person"]
            for suggestion in suggestions:
                curation.accept_suggestion(suggestion, person)
            names = ", ".join(s.name for s in suggestions)
            self.message_user(
                request, f"Added {names} to the aliases of {person.name}.", messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Add names as aliases of a person",
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "suggestions": suggestions,
            "action": request.POST.get("action"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.alias_template, context)

    @admin.action(description="Reject: never suggest again", permissions=["change"])
    def reject(self, request, queryset):
        count = curation.reject_suggestions(self._undecided(request, queryset))
        self.message_user(request, f"Rejected {counted(count, 'name')}.", messages.SUCCESS)


def snippet(text, name, width=90):
    """The stretch of text around the first occurrence of name."""
    at = text.casefold().find(name.casefold())
    if at < 0:
        return Truncator(text).chars(width * 2)
    start, end = max(0, at - width), at + len(name) + width
    return f"{'…' if start else ''}{text[start:end].strip()}{'…' if end < len(text) else ''}"
