"""Whole-page caching for the public pages, keyed on the public data version.

Public data changes only when a release is published (or corrected), and every publication bumps
`league.selectors.data_version()`. Each cached page is stored under that version, so a
publication shows at once everywhere and the old entries simply expire; nothing has to be
deleted. Public pages never touch the session, the user or the CSRF token, so one cached
response is right for every visitor, and `Cache-Control: public` lets a CDN share it too.

Each page names the query parameters it reads; any others are dropped before the view runs,
so junk parameters can neither bust the cache nor leak into the page's links.
`settings.LEAGUE_PAGE_CACHE = False` turns the whole-page cache off (the benchmark measures
pages that way); the reads cached under the data version stay cached.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control

from league.selectors import data_version

PAGE_TIMEOUT = 60 * 60
BROWSER_MAX_AGE = 300
CACHEABLE_STATUS = {200, 404}
View = Callable[..., HttpResponse]


def public_page(view: View | None = None, *, params: tuple[str, ...] = ()) -> View:
    """Serve the view's GET responses from the cache and mark them publicly cacheable.

    `params`: the query parameters the view reads (`@public_page(params=("q",))`)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.GET = only(request.GET, params)
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            use_cache = settings.LEAGUE_PAGE_CACHE
            key = page_key(request, data_version())
            response = cache.get(key) if use_cache else None
            if response is None:
                response = view(request, *args, **kwargs)
                if callable(getattr(response, "render", None)) and not response.is_rendered:
                    response.render()
                if response.status_code in CACHEABLE_STATUS:
                    patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
                if use_cache and _storable(response):
                    cache.set(key, response, PAGE_TIMEOUT)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def only(query: QueryDict, names: tuple[str, ...]) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in names:
        if name in query:
            kept.setlist(name, query.getlist(name))
    kept._mutable = False
    return kept


def query_key(request: HttpRequest) -> str:
    """The query string with its parameters in a fixed order."""
    return urlencode(sorted(request.GET.lists()), doseq=True)


def page_key(request: HttpRequest, version: int) -> str:
    """The cache key of a page: path and query at a data version."""
    digest = hashlib.sha256(f"{request.path}?{query_key(request)}".encode()).hexdigest()
    return f"league:page:v{version}:{digest}"


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code in CACHEABLE_STATUS
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")
    )
