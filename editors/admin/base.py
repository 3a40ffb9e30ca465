"""What every admin of the workplace shares: counts, links, safe lookups, merges, id filters."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from simple_history.utils import update_change_reason

from editors import curation


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


class IdFilter(admin.SimpleListFilter):
    """A list filter on one record's id: a value that is not one is ignored."""

    def chosen_id(self):
        value = self.value()
        return int(value) if value and value.isdigit() and len(value) < 19 else None


class SlugFixedAfterCreation:
    """Slugs are permalinks: set once from the name, then left alone."""

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "slug"] if obj else fields


class HistoryNamesWithoutLinks:
    """The history's "Changed by" links to the user's admin page, which editors
    may not see (a 403 behind the link): for them the name stands alone."""

    def render_history_view(self, request, template, context, **kwargs):
        users = get_user_model()._meta
        if not request.user.has_perm(f"{users.app_label}.view_{users.model_name}"):
            context["admin_user_view"] = ""
        return super().render_history_view(request, template, context, **kwargs)
