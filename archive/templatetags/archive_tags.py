from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..search import MARK_END, MARK_START

register = template.Library()


@register.filter
def highlight(snippet):
    """A search snippet escaped as text, with only the matched words marked up."""
    text = escape(snippet or "")
    if text.count(MARK_START) != text.count(MARK_END):
        return mark_safe(text.replace(MARK_START, "").replace(MARK_END, ""))  # noqa: S308
    marked = text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(marked)  # noqa: S308  (escaped above)


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current one, with None for a gap: 1 … 4 5 [6] 7 8 … 500."""
    if page_obj is None:
        return []
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2))
