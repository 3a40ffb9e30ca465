"""The archive's version: what the public sees is cached under it.

The version is the change counter the database keeps (archive.changes: every
insert, update and delete of an article, link, tag, comment, person, party or
outlet moves it, in the same transaction, whoever makes it) together with a
generation kept in the cache, which archive_changed() moves when something
outside the database changed what pages show (a restored backup). Whatever is
kept under one version is exact as of the last change it saw; a change is seen
on the next request.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import connections, router

from . import changes
from .models import Article

VERSION_TIMEOUT = 300
GENERATION_KEY = "archive:generation"


def archive_version():
    """A key that changes whenever what the public sees may have: one small query
    in raw SQL (it runs before every page, cached ones too) and a cache read."""
    with connections[router.db_for_read(Article)].cursor() as cursor:
        changed = changes.current(cursor)
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Never seen, or evicted: start from the clock, so that no later version
        # can be one that a process or the cache still holds values under.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return f"{changed}:{generation}"


def request_version(request):
    """archive_version(), read once per request: the page cache and every count
    the page keeps share it."""
    if not hasattr(request, "archive_version"):
        request.archive_version = archive_version()
    return request.archive_version


def archive_changed():
    """Make a new version: what is cached under the old one is read no more.
    Changes to the database need not call this (its triggers move the version);
    a change that is not one, such as a restored database, must."""
    if not cache.add(GENERATION_KEY, time.time_ns(), None):
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # evicted between add and incr
            cache.set(GENERATION_KEY, time.time_ns(), None)


# Parameters that page or present a list without changing which articles are in it.
NOT_FILTERS = {"page", "page_size", "sort", "format"}


def filter_key(base, data):
    """A cache key for the articles a page lists: what the page stands for (a
    person, a party …) and the reader's normalised filters."""
    return (base, sorted((k, tuple(data.getlist(k))) for k in data if k not in NOT_FILTERS))


def cached(name, parts, compute, version=None):
    """compute(), kept until the archive's version changes. A page that caches
    several things passes the version it read once."""
    digest = hashlib.sha256(repr((name, parts)).encode()).hexdigest()[:32]
    key = f"archive:{name}:{version or archive_version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, VERSION_TIMEOUT)
    return value
