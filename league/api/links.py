"""Where things live: the API's own URLs and the public pages' stable, citable paths, each
reversed from its URL name (the paths themselves are written once, in the URL configurations)."""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse, reverse_lazy

from trusts.models import profile_path

RELEASES_FEED = reverse_lazy("league:release-feed")
OPEN_DATA = reverse_lazy("league:open-data")


def league_page(league: str, period_slug: str | None = None, release: int | None = None) -> str:
    query = {"period": period_slug, "release": release}
    return _with_query(reverse("league:league_table", args=[league]), query)


def league_download(league: str, period_slug: str | None, file_format: str) -> str:
    """The league table page's own download: NHS England's layout, exactly as filtered."""
    return _with_query(
        reverse("league:league_table", args=[league]),
        {"period": period_slug, "download": file_format},
    )


def trust_data_download(league: str, period_slug: str | None, file_format: str) -> str:
    """The metric-level data behind a league table, in NHS England's long layout."""
    query = {"period": period_slug, "download": file_format, "layout": "trust-data"}
    return _with_query(reverse("league:league_table", args=[league]), query)


def trust_page(
    ods_code: str,
    period_slug: str | None = None,
    release: int | None = None,
    league: str = "",
) -> str:
    """A trust's page (or an ICB's, at /icbs/, when `league` is "icb")."""
    path = profile_path(ods_code, league)
    return _with_query(path, {"period": period_slug, "release": release})


def trust_feed(ods_code: str) -> str:
    return reverse("league:trust-feed", args=[ods_code])


def metric_page(metric_id: str) -> str:
    return reverse("league:metric", args=[metric_id])


def api(name: str, *args: object, query: dict | None = None) -> str:
    return _with_query(reverse(f"api:{name}", args=args), query or {})


def _with_query(path: str, query: dict) -> str:
    present = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{path}?{urlencode(present)}" if present else path


class Links:
    """Absolute URLs for one request (the cache key holds scheme and host, so this is safe)."""

    def __init__(self, request: HttpRequest) -> None:
        self._root = f"{request.scheme}://{request.get_host()}"

    def absolute(self, path: str) -> str:
        return self._root + path

    def absolute_with_query(self, path: str, query: dict) -> str:
        return self._root + _with_query(path, query)

    def api(self, name: str, *args: object, query: dict | None = None) -> str:
        return self._root + api(name, *args, query=query)
