"""Pages ready before a publication is announced.

A publication bumps the public data version inside its transaction; the new number is
announced (every web process sees it, feeds and pages change) only when the transaction
commits. Before that, `warm_public_pages` renders the new release's pages in the same
transaction, so it reads the publication's own rows, under the new data version, through the
whole middleware stack (the front door, `league.page_cache`, stores each final response).
Visitors keep the previous version's stored pages until the commit, and then find the new ones
stored: no visitor pays for the rebuild. Warming stops at its deadline; whatever is not ready
is rendered on its first visit, as before.
"""

import logging
import time
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.urls import reverse

from league.models import Metric, Release
from league.selectors import preparing_data_version, release_assessments
from trusts.models import profile_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Warmed:
    pages: int
    failed: int
    left: int
    seconds: float


def release_paths(release: Release) -> list[str]:
    """The pages a publication changes, most visited first: home, each league table (the
    latest quarter's and this one's), every organisation's profile, every metric page."""
    period = release.period
    leagues = list(period.framework.tables)
    paths = ["/"]
    for league in leagues:
        table = reverse("league:league_table", args=[league])
        paths += [table, f"{table}?period={period.slug}"]
    rows = release_assessments(release).values_list("trust__ods_code", "league")
    paths += [profile_path(code, league) for code, league in rows]
    metrics = Metric.objects.filter(framework=period.framework).order_by("metric_id")
    paths += [
        reverse("league:metric", args=[m]) for m in metrics.values_list("metric_id", flat=True)
    ]
    return list(dict.fromkeys(paths))


def warm_public_pages(release: Release, version: int, seconds: float) -> Warmed:
    """Render `release`'s pages under data version `version`, for at most `seconds`."""
    started = time.monotonic()
    handler = BaseHandler()  # no request signals: they would close this transaction's connection
    handler.load_middleware()
    paths = release_paths(release)
    done = failed = 0
    with preparing_data_version(version):
        for path in paths:
            if time.monotonic() - started > seconds:
                break
            try:
                response = handler.get_response(_request(path))
            except Exception:  # a page that fails here fails for its visitor, with a log
                log.exception("Preparing %s for the publication failed", path)
                failed += 1
                continue
            done += 1
            if response.status_code != 200:
                failed += 1
    warmed = Warmed(done - failed, failed, len(paths) - done, time.monotonic() - started)
    log.info(
        "Publication of %s: %s pages ready, %s failed, %s left, in %.1f s",
        release,
        warmed.pages,
        warmed.failed,
        warmed.left,
        warmed.seconds,
    )
    return warmed


def _request(path: str) -> WSGIRequest:
    route, _, query = path.partition("?")
    host = next(
        (h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "") and "*" not in h),
        "localhost",
    )
    return WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": route,
            "QUERY_STRING": query,
            "SERVER_NAME": host,
            "SERVER_PORT": "443",
            "HTTP_HOST": host,
            "wsgi.url_scheme": "https",
            "wsgi.input": BytesIO(),
            "REMOTE_ADDR": "127.0.0.1",
        }
    )
