"""Bounds on what one search may cost: how many a client may make a minute that
the page cache cannot answer, and how long the database may work on one.

A search the cache has answered before costs nothing and is not counted; a new
one costs a ranked query and snippets. Past NEWSROOM_SEARCHES_PER_MINUTE from
one address the answer is 429 for the rest of the minute; a search whose
queries take longer than NEWSROOM_SEARCH_SECONDS is stopped by the database
(a progress handler on SQLite, statement_timeout on PostgreSQL) and answers
503, asking the reader to narrow it, instead of holding a worker.
"""

import time
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection, transaction

# SQLite calls the handler every this many virtual machine instructions.
PROGRESS_STEPS = 20_000


def too_many(request):
    """Count one uncached search for the client; True past the minute's limit."""
    limit = settings.NEWSROOM_SEARCHES_PER_MINUTE
    key = f"archive:searches:{request.META.get('REMOTE_ADDR', '')}:{int(time.time() // 60)}"
    cache.add(key, 0, 70)
    try:
        return cache.incr(key) > limit
    except ValueError:  # evicted meanwhile
        return False


class Budget:
    exceeded = False


@contextmanager
def query_budget(seconds):
    """Queries run inside stop after ``seconds`` with OperationalError, and the
    budget says it was spent."""
    budget = Budget()
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        deadline = time.monotonic() + seconds

        def spent():
            budget.exceeded = time.monotonic() > deadline
            return budget.exceeded

        connection.connection.set_progress_handler(spent, PROGRESS_STEPS)
        try:
            yield budget
        finally:
            connection.connection.set_progress_handler(None, 0)
    elif connection.vendor == "postgresql":
        # SET LOCAL lasts as long as this transaction (or is undone with its
        # savepoint, inside another), so the next request runs without it.
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = %s", [int(seconds * 1000)])
                yield budget
        except OperationalError as err:
            budget.exceeded = "statement timeout" in str(err)
            raise
    else:
        yield budget


def bounded_search(view, render=True):
    """``view``, its searches counted per client and held to the query budget
    (with ``render``, the template is rendered inside it: its queries run then)."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        if not request.GET.get("q"):
            return view(request, *args, **kwargs)
        if too_many(request):
            return _plain(
                "You have searched very often in the last minute; please wait a minute "
                "and search again.",
                429,
                {"Retry-After": "60"},
            )
        try:
            with query_budget(settings.NEWSROOM_SEARCH_SECONDS) as budget:
                response = view(request, *args, **kwargs)
                if (
                    render
                    and callable(getattr(response, "render", None))
                    and not getattr(response, "is_rendered", True)
                ):
                    response.render()
        except OperationalError:
            if not budget.exceeded:
                raise
            return _plain(
                "This search took too long. Narrow it with another word, a phrase in "
                "quotes or a filter, and search again.",
                503,
            )
        return response

    return answer


def _plain(text, status, headers=None):
    from django.http import HttpResponse

    return HttpResponse(text + "\n", status=status, content_type="text/plain", headers=headers)
