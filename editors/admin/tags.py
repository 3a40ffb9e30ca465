"""The tags' admin: rename and merge."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Lower
from taggit.models import Tag, TaggedItem

from archive.models import Article
from editors import curation
from editors.forms import TagAdminForm

from .base import (
    MergeMixin,
    NoPatternLookups,
    changelist_link,
    count_of,
    counted,
)

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
