"""What the API's endpoints and the feeds share: the query parameters read, and the cache of
public answers keyed on the public data version (bumped by each publication), so a publication
shows at once and nothing is invalidated by hand. The endpoints themselves are
`league.api.base.PublicAPIView`s.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from league.selectors import data_version

CACHE_SECONDS = 3600  # server cache; a new data version makes old entries unreachable at once
MAX_AGE = 300  # what browsers, proxies and CDNs may keep
KNOWN_PARAMS = (
    "framework",
    "icb",
    "league",
    "metric",
    "name",
    "page",
    "page_size",
    "period",
    "region",
    "release",
    "segment",
    "specialist",
    "subtype",
)


def known_params(request: HttpRequest) -> dict[str, str]:
    """The query parameters the API reads, in a fixed order (last value wins)."""
    return {name: request.GET[name] for name in KNOWN_PARAMS if request.GET.get(name, "") != ""}


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def cached_public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public GET view from the cache under (data version, URL); mark it cacheable.

    Only successful responses are stored, so a flood of unknown URLs cannot fill the cache.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)  # the view refuses it; never cached
        query = "&".join(f"{k}={v}" for k, v in known_params(request).items())
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        key = "public:" + hashlib.sha256(f"{data_version()}|{url}".encode()).hexdigest()
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            return _public(HttpResponse(content, content_type=content_type))
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return _public(response)

    return wrapper
