"""Whole public pages, kept in the cache until the archive changes.

A reader's page is the same for every reader until something in the archive
changes, so once rendered it is kept under the archive's version (see
archive.versions: a change counter the database's triggers move) and the full
address. The next reader of the same
address gets it for one cache read and one indexed query; any change makes a
new version, and every page is rendered afresh on its next request. What a
signed-in editor sees is never kept nor served from here, and neither is
anything but a plain 200 answer without cookies.

NEWSROOM_PAGE_CACHE=0 turns it off (the benchmark does, to time the rendering).

The same version makes the page's ETag, so a browser or a proxy in front that
asks again with If-None-Match gets a 304 for one indexed query, nothing
rendered. Cache-Control lets shared caches keep a page NEWSROOM_SHARED_CACHE_SECONDS
(0 by default: they revalidate every time, so a withdrawal is gone from them at
once too; more only where a purge, or that delay, is acceptable).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified

from archive import versions

HEADER = "X-Archive-Cache"


def etag(version, request):
    digest = hashlib.sha256(f"{version}|{request.get_full_path()}".encode()).hexdigest()[:24]
    return f'W/"{digest}"'


def cache_headers(response, tag):
    response["ETag"] = tag
    shared = getattr(settings, "NEWSROOM_SHARED_CACHE_SECONDS", 0)
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={shared}, stale-while-revalidate={shared}"
        if shared
        else "public, max-age=0, must-revalidate"
    )
    response["Vary"] = "Cookie"
    return response


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
        tag = etag(version, request)
        if tag in request.headers.get("If-None-Match", ""):
            return cache_headers(HttpResponseNotModified(), tag)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
        key = f"archive:page:{version}:{digest}"
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            response = HttpResponse(content, content_type=content_type)
            response[HEADER] = "hit"
            return cache_headers(response, tag)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), versions.VERSION_TIMEOUT)
            response[HEADER] = "miss"
            cache_headers(response, tag)
        return response

    return cached_view
