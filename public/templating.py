"""The Jinja2 environment of the public pages (``archive/jinja2/``).

Readers' pages are rendered with Jinja2, which compiles a template to Python
code: a list page of twenty articles with its counts and filter form took
20 ms in Django's template language, more than the rest of the request
together. The admin keeps Django's templates (``templates/``).

What the templates use of Django is here by the same names: ``url()``,
``static()``, ``querystring()`` and the filters ``date``, ``intcomma``,
``pluralize``, ``linebreaksbr``, ``truncatewords`` and ``highlight``.
"""

from urllib.parse import urlencode

from django.template.defaultfilters import linebreaksbr, pluralize, truncatewords
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from jinja2 import Environment

from archive.models import slug_url
from archive.search import MARK_END, MARK_START


def url(viewname, *args):
    """``{% url %}``: with one slug argument, remembered like get_absolute_url."""
    if len(args) == 1 and isinstance(args[0], str):
        return slug_url(viewname, args[0])
    return reverse(viewname, args=args)


def querystring(request, **changes):
    """Django's ``{% querystring %}``: the request's query string with ``changes``
    set (None removes a key), or "" when there is none."""
    params = {key: list(values) for key, values in request.GET.lists()}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [str(value)]
    if not params:
        return ""
    return "?" + urlencode([(k, v) for k, values in params.items() for v in values])


def page_range(page_obj):
    """Page numbers around the current one, with the paginator's ELLIPSIS for a gap."""
    if page_obj is None:
        return []
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2))


def highlight(snippet):
    """A search snippet escaped as text, with only the matched words marked up."""
    text = escape(snippet or "")
    if text.count(MARK_START) != text.count(MARK_END):
        return mark_safe(text.replace(MARK_START, "").replace(MARK_END, ""))  # noqa: S308
    marked = text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(marked)  # noqa: S308  (escaped above)


def intcomma(value):
    """1234567 as "1,234,567", as humanize's intcomma writes it in English, without
    its trip through the locale's formats (a tenth of a list page's rendering)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


def date(value, format_string):
    """Django's ``date`` filter (the same format letters)."""
    if not value:
        return ""
    return dateformat.format(value, format_string)


def environment(**options):
    options.pop("autoescape", None)  # always on
    env = Environment(autoescape=True, **options)
    env.globals.update(url=url, static=static, querystring=querystring, page_range=page_range)
    env.filters.update(
        date=date,
        intcomma=intcomma,
        pluralize=pluralize,
        linebreaksbr=lambda text: linebreaksbr(text, autoescape=True),
        truncatewords=truncatewords,
        highlight=highlight,
    )
    return env
