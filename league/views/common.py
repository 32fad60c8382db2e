"""What every public page shares: reading query parameters safely, and choosing the published
period and release a page shows (`?period=2025-26-q1`, `?release=2`).

Public pages only ever show published releases; `league.selectors` holds that rule.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest

from league.models import Period, Release, ReleaseState
from league.selectors import data_version, leagues_by_period, public_releases, published_periods
from trusts.models import League, Trust

PERIOD_SLUG = re.compile(r"^\d{4}-\d{2}-q[1-4]$")
MAX_PARAM_LENGTH = 100
MAX_QUERY_LENGTH = 2000
HOME = ("Home", "/")
STATE_TIMEOUT = 60 * 60


@dataclass(frozen=True)
class Edition:
    """The published period a page shows, and which of its releases."""

    period: Period
    release: Release
    releases: tuple[Release, ...]
    periods: tuple[Period, ...]
    previous: Release | None

    @property
    def is_current(self) -> bool:
        return self.release.state == ReleaseState.PUBLISHED

    @property
    def current(self) -> Release | None:
        return next((r for r in self.releases if r.state == ReleaseState.PUBLISHED), None)

    @property
    def notice_needed(self) -> bool:
        return self.release.is_revision or not self.is_current

    @property
    def periods_options(self) -> list[tuple[str, str]]:
        return [(p.slug, p.label) for p in self.periods]


def param(request: HttpRequest, name: str, max_length: int = MAX_PARAM_LENGTH) -> str:
    """One query parameter, stripped ("" when absent). Repeated or overlong values are refused."""
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        raise BadRequest("The address is too long.")
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"Give “{name}” once.")
    value = values[0].strip() if values else ""
    if len(value) > max_length:
        raise BadRequest(f"“{name}” is too long.")
    return value


def league_or_404(slug: str) -> League:
    if slug not in League.values:
        raise Http404("There is no such league table.")
    return League(slug)


def edition_from_request(
    request: HttpRequest, has_data: Callable[[Period], bool] | None = None
) -> Edition | None:
    """The period and release asked for, or else the latest published period for which
    `has_data(period)` (the latest published, when none has); None when nothing is published
    yet. An unknown period or release is a 404; a malformed release number a 400."""
    slug = param(request, "period")
    number = param(request, "release")
    if number and not (number.isdigit() and len(number) <= 4):
        raise BadRequest("The release must be a number.")
    periods, public = public_state()
    if not periods:
        if slug:
            raise Http404("There is no such published period.")
        return None
    period = periods[0]
    if has_data is not None and not slug:
        period = next((p for p in periods if has_data(p)), period)
    if slug:
        period = next((p for p in periods if p.slug == slug), None)
        if not PERIOD_SLUG.match(slug) or period is None:
            raise Http404("There is no such published period.")
    index = periods.index(period)
    previous_period = periods[index + 1] if index + 1 < len(periods) else None
    releases = tuple(r for r in public if r.period_id == period.pk)
    if number:
        release = next((r for r in releases if r.number == int(number)), None)
    else:
        release = next((r for r in releases if r.state == ReleaseState.PUBLISHED), None)
    if release is None:
        raise Http404("There is no such published release.")
    previous = next(
        (
            r
            for r in public
            if previous_period and r.period_id == previous_period.pk
            if r.state == ReleaseState.PUBLISHED
        ),
        None,
    )
    return Edition(period, release, releases, periods, previous)


def latest_edition() -> Edition | None:
    """The latest published period's current release (for pages without `?period=`)."""
    periods, public = public_state()
    if not periods:
        return None
    releases = tuple(r for r in public if r.period_id == periods[0].pk)
    current = next((r for r in releases if r.state == ReleaseState.PUBLISHED), None)
    if current is None:
        return None
    earlier = periods[1].pk if len(periods) > 1 else None
    previous = next(
        (r for r in public if r.period_id == earlier and r.state == ReleaseState.PUBLISHED), None
    )
    return Edition(periods[0], current, releases, periods, previous)


def leagues_held() -> dict[int, frozenset[str]]:
    """For each published period, the leagues its current release has results for (a
    quarter's files may hold one trust type only, as NHS England's Q4 2025/26 does)."""

    def compute() -> dict[int, frozenset[str]]:
        current = [r for r in public_state()[1] if r.state == ReleaseState.PUBLISHED]
        return leagues_by_period(current)

    return cached("leagues-held", compute)


def public_state() -> tuple[tuple[Period, ...], tuple[Release, ...]]:
    """Published periods (newest first) and all their public releases, read once per data
    version: every public page needs them, and they change only when something is published."""
    key = f"league:public-state:v{data_version()}"
    state = cache.get(key)
    if state is None:
        periods = tuple(published_periods())
        by_pk = {period.pk: period for period in periods}
        releases = tuple(public_releases(list(by_pk)))
        for release in releases:
            release.period = by_pk[release.period_id]
        state = (periods, releases)
        cache.set(key, state, STATE_TIMEOUT)
    return state


def cached(name: str, compute, *parts) -> object:
    """`compute()` cached under the data version: for reads that only a publication changes."""
    key = ":".join(["league", name, f"v{data_version()}", *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, STATE_TIMEOUT)
    return value


def icb_pages() -> frozenset[str]:
    """The codes of the ICBs that have a page of their own (assessed in some year)."""
    return cached(
        "icb-pages",
        lambda: frozenset(Trust.objects.in_league(League.ICB).values_list("ods_code", flat=True)),
    )
