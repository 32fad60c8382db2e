"""Cache headers for the private parts of the site."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

PRIVATE_PREFIXES = ("/admin/", "/manage/")


class PrivateCacheControlMiddleware:
    """Admin and the trust leaders' pages must never be kept by a shared cache or a browser's
    back-forward cache, whatever a view says."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response
