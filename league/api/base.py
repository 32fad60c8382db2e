"""The API's doors on Django REST framework: read-only, anonymous, throttled, JSON errors, and
answers cached and tagged under the public data version.

Every answer is a function of the published data and the URL, so the server keeps it for an
hour under (data version, URL) and tags it with an ETag of the same: a publication changes both
at once, and a client polling with `If-None-Match` gets `304 Not Modified` until then. Only the
query parameters the API reads enter the key, so junk parameters neither fill the cache nor
leak into links. Throttling runs before the cache, so a cached answer is counted too.
"""

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from league.api.caching import CACHE_SECONDS, KNOWN_PARAMS, MAX_AGE, known_params
from league.api.errors import CODES, ApiError
from league.api.filters import PublicFilterBackend
from league.api.links import Links
from league.api.renderers import CompactJSONRenderer, CSVRenderer, TableRenderer, XLSXRenderer
from league.selectors import data_version


class PublicRateThrottle(AnonRateThrottle):
    """Per client address, at the rate of settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    counted in fixed windows of the rate's period with one cache counter per address and
    window: DRF's own throttle keeps every request's time in a list it reads and writes back
    whole on each request, which costs more than the cached answer at high rates."""

    scope = "public"

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        verdict = getattr(getattr(request, "_request", request), "public_throttle_verdict", None)
        if verdict is not None:  # counted already, by the front door (PublicCacheMiddleware)
            allowed, self.now, self.window_end = verdict
            return allowed
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.key = f"throttle:{self.scope}:{self.get_ident(request)}:{window}"
        try:
            count = cache.incr(self.key)  # one cache call for every request but a window's first
        except ValueError:  # the window's first request
            count = 1 if cache.add(self.key, 1, self.duration + 1) else cache.incr(self.key)
        self.window_end = (window + 1) * self.duration
        return count is None or count <= self.num_requests  # None: the cache is down

    def wait(self) -> float:
        return max(1.0, self.window_end - self.now)


def public_throttle(request: HttpRequest) -> bool:
    """Count one request of the client against its rate, for the front door; the verdict is
    kept on the request so the view neither counts it again nor answers differently."""
    throttle = PublicRateThrottle()
    allowed = throttle.allow_request(request, None)
    request.public_throttle_verdict = (
        allowed,
        getattr(throttle, "now", 0.0),
        getattr(throttle, "window_end", 0.0),
    )
    return allowed


class PublicAPIView(GenericAPIView):
    """A GET/HEAD endpoint answering `payload(request, **kwargs)`: the serialized answer.

    A list endpoint sets `queryset` (or `get_queryset`), `serializer_class`, and optionally a
    `filterset_class` and `pagination_class`; its payload is then the filtered, paginated
    list. Other endpoints define `payload`, usually `self.serialize(found)`.
    """

    authentication_classes: list = []  # anonymous: no session, no cookie
    permission_classes: list = []
    throttle_classes = [PublicRateThrottle]
    renderer_classes = [CompactJSONRenderer]
    filter_backends = [PublicFilterBackend]
    pagination_class = None
    http_method_names = ["get", "head"]

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.public_params = (
            *KNOWN_PARAMS,
            "format",
        )  # PublicCacheMiddleware serves it from the front door
        view.public_throttle = public_throttle
        return view

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "link": Links(self.request)}

    def serialize(self, instance, **kwargs) -> dict:
        return self.get_serializer(instance, **kwargs).data

    def payload(self, request: HttpRequest, **kwargs) -> dict:
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        if page is None:
            return self.serialize(rows, many=True)
        return self.get_paginated_response(self.serialize(page, many=True)).data

    def get(self, request, **kwargs) -> HttpResponse:
        query = "&".join(f"{k}={v}" for k, v in known_params(request).items())
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        renderer = request.accepted_renderer
        digest = hashlib.sha256(f"{data_version()}|{renderer.format}|{url}".encode()).hexdigest()
        etag = f'"{digest[:32]}"'
        if etag in _etags(request.headers.get("If-None-Match", "")):
            return _public(HttpResponse(status=status.HTTP_304_NOT_MODIFIED), etag)
        # The rendered answer is kept, per format, so a cached answer costs no rendering.
        key = f"api:{digest}"
        stored = cache.get(key)
        if stored is None:
            data = self.payload(request, **kwargs)
            body = request.accepted_renderer.render(data, request.accepted_media_type)
            stored = (body, _content_type(request))
            cache.set(key, stored, CACHE_SECONDS)
        body, content_type = stored
        response = HttpResponse(body, content_type=content_type)
        if isinstance(renderer, TableRenderer):
            name = slugify(f"{request.path} {request.GET.get('period', '')}".replace("/", " "))
            response["Content-Disposition"] = f'attachment; filename="{name}.{renderer.format}"'
        return _public(response, etag)


def _content_type(request) -> str:
    renderer = request.accepted_renderer
    charset = f"; charset={renderer.charset}" if renderer.charset else ""
    return f"{request.accepted_media_type or renderer.media_type}{charset}"


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _public(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every refusal as {"error": {"status", "code", "message"}} (docs/api.md)."""
    if isinstance(exc, Http404):
        exc = ApiError(404, "not_found", str(exc) or "Not found.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        exc = ApiError(405, "method_not_allowed", "The API is read-only: use GET.")
    headers = {}
    if isinstance(exc, exceptions.Throttled):
        wait = max(1, round(exc.wait or 1))
        headers["Retry-After"] = str(wait)
        exc = ApiError(429, "throttled", f"Too many requests: try again in {wait} seconds.")
    elif isinstance(exc, exceptions.APIException):
        code = CODES.get(exc.status_code, exc.default_code)
        exc = ApiError(exc.status_code, code, _message(exc.detail))
    if not isinstance(exc, ApiError):
        return None  # a server error: Django's 500 handling
    return Response(exc.payload(), status=exc.status, headers=headers)


def _message(detail) -> str:
    if isinstance(detail, dict):
        return " ".join(f"{field}: {_message(value)}" for field, value in detail.items())
    if isinstance(detail, list):
        return " ".join(_message(item) for item in detail)
    return str(detail)


TABLE_RENDERERS = [CompactJSONRenderer, CSVRenderer, XLSXRenderer]
"""A list endpoint's renderers when its HTML page offers downloads: `?format=csv|xlsx`."""
