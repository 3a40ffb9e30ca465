"""The review queue of suggested names."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from archive.models import (
    Article,
    SuggestedName,
)
from editors import curation
from editors.forms import (
    AliasTargetForm,
    Decision,
    SuggestionReviewForm,
)

from .base import (
    NoPatternLookups,
    change_link,
    count_of,
    counted,
)


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
