"""Whole public pages, kept in the cache until the archive changes.

A reader's page is the same for every reader until something in the archive
changes, so once rendered it is kept under the archive's version (see
versions.archive_version: the latest change to an article, and a generation that
every other change bumps) and the full address. The next reader of the same
address gets it for one cache read and one indexed query; any change makes a
new version, and every page is rendered afresh on its next request. What a
signed-in editor sees is never kept nor served from here, and neither is
anything but a plain 200 answer without cookies.

NEWSROOM_PAGE_CACHE=0 turns it off (the benchmark does, to time the rendering).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from archive import versions

HEADER = "X-Archive-Cache"


def public_page(view):
    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if (
            not getattr(settings, "NEWSROOM_PAGE_CACHE", True)
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        version = versions.request_version(request)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
        key = f"archive:page:{version}:{digest}"
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            response = HttpResponse(content, content_type=content_type)
            response[HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), versions.VERSION_TIMEOUT)
            response[HEADER] = "miss"
        return response

    return cached_view
