"""The articles' admin: the list, the form, the provenance panel, the upload and the status actions."""

import calendar
import datetime
import logging
from collections import Counter
from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin
from taggit.models import Tag

from archive.models import (
    Article,
    ArticleParty,
    ArticlePerson,
    Comment,
    LinkSource,
    Party,
    Person,
)
from archive.paging import CappedPaginator
from editors import curation
from editors.forms import (
    ArticleAdminForm,
    UploadForm,
)

from .base import (
    HistoryNamesWithoutLinks,
    IdFilter,
    NoPatternLookups,
    count_of,
    counted,
)

logger = logging.getLogger(__name__)


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
class ArticleAdmin(NoPatternLookups, HistoryNamesWithoutLinks, SimpleHistoryAdmin):
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
