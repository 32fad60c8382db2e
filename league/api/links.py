"""Where things live: the API's own URLs and the public pages' stable, citable paths.

The public pages' paths are fixed by the product (`/league/<league>/`, `/trusts/<ods_code>/`),
so they are written here once rather than reversed from URL names owned by other modules.
"""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from trusts.models import profile_path

RELEASES_FEED = "/feeds/releases/"
OPEN_DATA = "/open-data/"


def league_page(league: str, period_slug: str | None = None, release: int | None = None) -> str:
    query = {"period": period_slug, "release": release}
    return _with_query(f"/league/{league}/", query)


def league_download(league: str, period_slug: str | None, file_format: str) -> str:
    """The league table page's own download: NHS England's layout, exactly as filtered."""
    return _with_query(f"/league/{league}/", {"period": period_slug, "download": file_format})


def trust_data_download(league: str, period_slug: str | None, file_format: str) -> str:
    """The metric-level data behind a league table, in NHS England's long layout."""
    query = {"period": period_slug, "download": file_format, "layout": "trust-data"}
    return _with_query(f"/league/{league}/", query)


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
    return f"/trusts/{ods_code}/feed/"


def metric_page(metric_id: str) -> str:
    return f"/metrics/{metric_id}/"


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

    def api(self, name: str, *args: object, query: dict | None = None) -> str:
        return self._root + api(name, *args, query=query)
