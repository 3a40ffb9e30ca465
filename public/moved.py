"""Old addresses of merged people, parties and tags answer with a 301 to the
survivor's: pages, feeds and the list's filters (archive.models.MovedSlug)."""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import resolve, reverse
from taggit.models import Tag

from archive.models import MovedSlug, Party, Person, Publication

MODELS = {
    MovedSlug.Kind.PERSON: Person,
    MovedSlug.Kind.PARTY: Party,
    MovedSlug.Kind.TAG: Tag,
    MovedSlug.Kind.PUBLICATION: Publication,
}
# The list filters that name these rows by slug.
FILTERS = {
    "person": MovedSlug.Kind.PERSON,
    "party": MovedSlug.Kind.PARTY,
    "tag": MovedSlug.Kind.TAG,
}


def follow_moved(kind, view):
    """``view``, except that an address whose slug moved is sent on, with a 301,
    to the same page of the row it moved to. Asked only when the page is not found."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = None
        if response is not None and response.status_code != 404:
            return response
        slug = MovedSlug.current_slug(kind, kwargs["slug"], MODELS[kind])
        if slug is None:
            if response is None:
                raise Http404
            return response
        match = resolve(request.path_info)
        url = reverse(match.view_name, kwargs={**match.kwargs, "slug": slug})
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    return answer


def moved_filters(query):
    """The query with every moved slug among its person, party and tag values
    replaced by the current one, or None when none moved."""
    changed = False
    params = query.copy()
    for key, kind in FILTERS.items():
        values = params.getlist(key)
        if not values:
            continue
        current = []
        for value in values:
            slug = None
            if not MODELS[kind]._default_manager.filter(slug=value).exists():
                slug = MovedSlug.current_slug(kind, value, MODELS[kind])
            changed |= slug is not None
            current.append(slug or value)
        params.setlist(key, current)
    return params if changed else None
