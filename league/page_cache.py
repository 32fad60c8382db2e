"""Public pages and API answers, stored whole and served before the rest of the stack.

Public data changes only when a release is published (or corrected), and every publication bumps
`league.selectors.data_version()`. Each stored answer is kept under that version, so a
publication shows at once everywhere and the old entries simply expire; nothing has to be
deleted. Public pages never touch the session, the user or the CSRF token, so one stored
response is right for every anonymous visitor, and `Cache-Control: public` lets a CDN share it.

Each page names the query parameters it reads (`public_page(params=...)`); any others are
dropped before the view runs and left out of the key, so junk parameters can neither bust the
store nor leak into the page's links. `PublicCacheMiddleware` (first in MIDDLEWARE) does the
storing and serving; `settings.LEAGUE_PAGE_CACHE = False` turns it off (the benchmark measures
pages that way); the reads cached under the data version stay cached. See ADR 14.
"""

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_cache_control

from league.selectors import data_version

PAGE_TIMEOUT = 60 * 60
BROWSER_MAX_AGE = 300
CACHEABLE_STATUS = {200, 404}
View = Callable[..., HttpResponse]
SKIP_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")  # messages: Django's cookie storage


def public_page(view: View | None = None, *, params: tuple[str, ...] = ()) -> View:
    """A public page: the view sees only `params` of the query string
    (`@public_page(params=("q",))`), its answer is marked publicly cacheable, and the front
    door (PublicCacheMiddleware) stores and serves it."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.GET = only(request.GET, params)
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD") and response.status_code in CACHEABLE_STATUS:
                if callable(getattr(response, "render", None)) and not response.is_rendered:
                    response.render()
                patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
            return response

        wrapper.public_params = params
        wrapper.public_statuses = CACHEABLE_STATUS
        return wrapper

    return decorate(view) if view is not None else decorate


def signed_in(request: HttpRequest) -> bool:
    """A visitor with a session (a signed-in user) or a flashed message: their page is theirs,
    never stored nor served from a store. Read from the cookies, so the session is untouched."""
    return any(name in request.COOKIES for name in SKIP_COOKIES)


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


# The front door: stored final responses, before the rest of the middleware stack.

COMPRESSIBLE = ("text/html", "application/json", "text/csv", "application/atom+xml")
MIN_COMPRESSED = 1024


@dataclass(frozen=True)
class Stored:
    """A final response as sent: status, headers (security headers and CSP included), body,
    and the body gzip-compressed for the clients that accept it."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    gzipped: bytes | None


class PublicCacheMiddleware:
    """First in MIDDLEWARE: an anonymous GET or HEAD of a public page or API address is answered
    from the stored final response, with no session, CSRF, template or database work.

    A view opts in by carrying `public_params`, the query parameters it reads (`public_page`
    and the API's views do); the key is the data version, the path, those parameters in a
    fixed order and, for the API, the host and the Accept header its answers depend on. A
    visitor with a session or messages cookie is never served from here nor stored: a
    signed-in user's page is their own. An API address still counts against the client's
    rate (`public_throttle`) before it is served. `If-None-Match` with the stored ETag gets
    304; gzip is served to clients that accept it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = self._public_view(request)
        if view is None:
            return self.get_response(request)
        throttle = getattr(view, "public_throttle", None)
        if throttle is not None and not throttle(request):
            return self.get_response(request)  # the view answers 429 from the same verdict
        key = front_key(request, view, data_version())
        stored = cache.get(key)
        if stored is None:
            response = self.get_response(request)
            stored = _freeze(response, key, view)
            if stored is None:
                return response
            cache.set(key, stored, PAGE_TIMEOUT)
        return _thaw(stored, request)

    def _public_view(self, request: HttpRequest):
        if request.method not in ("GET", "HEAD") or not settings.LEAGUE_PAGE_CACHE:
            return None
        if signed_in(request):
            return None
        return _public_view_at(get_urlconf(), request.path_info)


@lru_cache(maxsize=4096)
def _public_view_at(urlconf: str | None, path: str):
    """The public view at `path`, or None (resolving is a fifth of a stored page's cost)."""
    try:
        view = resolve(path, urlconf).func
    except Resolver404:
        return None
    return view if hasattr(view, "public_params") else None


def front_key(request: HttpRequest, view, version: int) -> str:
    names = view.public_params
    query = urlencode(
        sorted((n, v) for n, values in request.GET.lists() if n in names for v in values)
    )
    varies = ""
    if getattr(view, "public_throttle", None) is not None:  # API answers: absolute links
        varies = f"{request.scheme}://{request.get_host()}|{request.headers.get('Accept', '')}"
    digest = hashlib.sha256(f"{request.path}?{query}|{varies}".encode()).hexdigest()
    return f"league:front:v{version}:{digest}"


def _freeze(response: HttpResponse, key: str, view) -> Stored | None:
    """The response to store, or None: only a public answer of a status the view allows
    (pages: 200 and 404; the API: 200) that varies on nothing the key does not hold (an API
    answer's key holds its Accept header)."""
    api = hasattr(view, "public_throttle")
    varies = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if (
        response.status_code not in getattr(view, "public_statuses", {200})
        or response.streaming
        or response.cookies
        or not varies <= ({"accept"} if api else set())
        or response.has_header("Content-Encoding")
        or "public" not in response.get("Cache-Control", "")
    ):
        return None
    body = response.content
    if not response.has_header("ETag"):  # the data version and address: a publication changes it
        response["ETag"] = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    headers = tuple((k, v) for k, v in response.items() if k.lower() != "content-length")
    compressible = response.get("Content-Type", "").startswith(COMPRESSIBLE)
    gzipped = None
    if compressible and len(body) >= MIN_COMPRESSED:
        gzipped = gzip.compress(body, compresslevel=6, mtime=0)
    return Stored(response.status_code, headers, body, gzipped)


def _thaw(stored: Stored, request: HttpRequest) -> HttpResponse:
    headers = dict(stored.headers)
    if stored.gzipped is not None:
        headers["Vary"] = ", ".join(filter(None, [headers.get("Vary"), "Accept-Encoding"]))
    if headers.get("ETag") and headers["ETag"] in _etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
        for name in ("ETag", "Cache-Control", "Vary"):
            if name in headers:
                response[name] = headers[name]
        return response
    body = stored.body
    if stored.gzipped is not None and _accepts_gzip(request):
        body = stored.gzipped
        headers["Content-Encoding"] = "gzip"
    response = HttpResponse(body, status=stored.status)
    for name, value in headers.items():
        response[name] = value
    response["Content-Length"] = str(len(body))
    return response


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()
