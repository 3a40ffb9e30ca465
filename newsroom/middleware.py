"""Request guards shared by every page."""

from django.http import HttpResponseBadRequest


def reject_null_characters(get_response):
    """Refuse query strings carrying NUL characters: PostgreSQL cannot store or
    compare them, so they would otherwise surface as server errors in any filter."""

    def middleware(request):
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return HttpResponseBadRequest(
                    "A query parameter contains a NUL character.", content_type="text/plain"
                )
        return get_response(request)

    return middleware
