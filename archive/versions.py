"""The archive's version: what the public sees is cached under it.

The version is the time of the latest change to any article (an indexed MAX,
one query) together with a generation number that saving or deleting a link,
tag, comment, person, party or article bumps (the receiver below). Whatever is
kept under one version is exact as of the last change it saw. A change made
outside the ORM's signals by another process (a bulk UPDATE that leaves
``updated`` alone) shows within VERSION_TIMEOUT seconds at most, unless the
writer calls archive_changed() itself.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Article

VERSION_TIMEOUT = 300
GENERATION_KEY = "archive:generation"


def archive_version():
    """A key that changes whenever what the public sees may have. One query, in
    raw SQL: it runs before every page, cached ones too, and the ORM took longer
    to build it than the index to answer it (a third of a cached page's time)."""
    with connections[router.db_for_read(Article)].cursor() as cursor:
        cursor.execute(f"SELECT MAX(updated) FROM {Article._meta.db_table}")  # noqa: S608
        (latest,) = cursor.fetchone()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Never seen, or evicted: start from the clock, so that no later version
        # can be one that a process or the cache still holds values under.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    # A datetime on PostgreSQL, its text on SQLite: either changes with the value.
    return f"{str(latest or 0).replace(' ', 'T')}:{generation}"


def request_version(request):
    """archive_version(), read once per request: the page cache and every count
    the page keeps share it."""
    if not hasattr(request, "archive_version"):
        request.archive_version = archive_version()
    return request.archive_version


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def bump_generation(sender, **kwargs):
    if sender._meta.app_label not in {"archive", "taggit"}:
        return
    if sender._meta.model_name.startswith("historical"):
        return  # the history is the editors', not the public's
    fields = kwargs.get("update_fields")
    if sender is Article and "created" in kwargs and (fields is None or "updated" in fields):
        return  # an article saved moves MAX(updated), which is in the version already
    archive_changed()
    # Again once the change is committed: a reader who read the new version
    # before then rendered what was there before, and kept it under that version.
    transaction.on_commit(archive_changed)


def archive_changed():
    """Make a new version: what is cached under the old one is read no more.
    Saving and deleting through the ORM call this by signal; a bulk UPDATE,
    which sends none, must call it itself."""
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
