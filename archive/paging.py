"""Pagination that never counts more rows than a reader could page through.

An exact COUNT(*) over hundreds of thousands of matching articles costs more
than the page itself; nobody pages past the 500th page of twenty. So the count
stops at COUNT_CAP: below it the number is exact, at it the page says
"10,000+" and the pages end there (narrower filters reach the rest).
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_CAP = 10_000


# From this row on, a page is found in two steps (see CappedPaginator.page).
DEFERRED_FROM = 100


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *args, rows=None, **kwargs):
        """``rows``: a queryset without filters that reads a page's rows by id, as
        the list shows them (see page)."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows

    def page(self, number):
        """A page; deep in a plain list, its rows are found in two steps. OFFSET
        must step over every row before the page: asked for whole articles, the
        database reads each one it skips (13 ms at row 10,000), asked for ids in
        the list's order it walks the index alone (under 1 ms), and ``rows``
        then reads the twenty by id (without the list's filters, which would
        tempt the database to scan their index instead). A ranked search is
        left as it is: asking it twice would match twice."""
        articles = self.object_list
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if (
            self.rows is None
            or bottom < DEFERRED_FROM
            or not isinstance(articles, QuerySet)
            or "rank" in articles.query.annotations
        ):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(articles.values_list("pk", flat=True)[bottom:top])
        found = self.rows.in_bulk(ids)
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)

    @cached_property
    def count(self):
        """Matching rows up to the cap: one ``SELECT COUNT(*) FROM (… LIMIT cap+1)``."""
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)

    def counted(self):
        """``(count, capped)``, to keep in a cache and hand back to ``preset``."""
        return self.count, self.capped

    def preset(self, counted):
        """Use a count made earlier for the same rows instead of counting again."""
        self.__dict__["count"], self.capped = counted

    @property
    def count_is_capped(self):
        self.count  # noqa: B018  (sets capped)
        return self.capped


class CappedPageNumberPagination(PageNumberPagination):
    """The API's pages: ``count``, ``next``, ``previous`` and ``results`` as usual,
    plus ``count_capped`` true when there are more than ``count`` results."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size):
        """A CappedPaginator, given a count kept earlier when the view has one."""
        paginator = CappedPaginator(queryset, page_size)
        if hasattr(self.view, "preset_count"):
            self.view.preset_count(paginator)
        return paginator

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_capped": paginator.count_is_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"True when more than {COUNT_CAP:,} results match; "
            "count then stops there and so do the pages.",
        }
        return response
