"""The comment moderation queue."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from archive.models import (
    Article,
    Comment,
)
from archive.paging import CappedPaginator

from .articles import ArticleChangeList
from .base import (
    IdFilter,
    NoPatternLookups,
    change_link,
    changelist_link,
    counted,
)


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
