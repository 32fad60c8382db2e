"""Reads of league data for pages, exports and other apps.

Public pages only ever see published releases: `public_release` is the one rule for that.
Other apps (improvement) read league data through these functions, never the reverse.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db.models import (
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)

from league.methodology.improvers import Standing, TrustQuarters
from league.models import (
    Assessment,
    DataVersion,
    FrameworkVersion,
    Metric,
    MetricValue,
    Period,
    RecomputeRun,
    Release,
    ReleaseState,
    RunState,
)
from trusts.models import League, Trust

PUBLIC_DATA = "public"
_VERSION_CACHE_KEY = "league:data-version"


def published_periods() -> QuerySet[Period]:
    """Periods the public can see, newest first."""
    return Period.objects.published().select_related("framework").order_by("-year", "-quarter")


def published_leagues() -> tuple[League, ...]:
    """Every league table of any published period, in the order the service shows them."""
    frameworks = FrameworkVersion.objects.filter(periods__in=Period.objects.published()).distinct()
    return leagues_of(frameworks)


def leagues_of(frameworks) -> tuple[League, ...]:
    """The league tables of any of these framework years, in the order the service shows them."""
    listed = {league for framework in frameworks for league in framework.tables}
    return tuple(league for league in League if league in listed)


def latest_published_period() -> Period | None:
    return published_periods().first()


def public_release(period: Period, number: int | None = None) -> Release | None:
    """The release the public sees: the current published one, or release `number` of a period
    if it was ever published (corrected releases stay citable)."""
    releases = Release.objects.public().filter(period=period).select_related("computation")
    if number is not None:
        return releases.filter(number=number).first()
    return releases.filter(state=ReleaseState.PUBLISHED).first()


def latest_release(period: Period) -> Release | None:
    """The newest release of a period, draft or not: what staff are working on."""
    return period.releases.order_by("-number").first()


def release_assessments(release: Release, league: str | None = None) -> QuerySet[Assessment]:
    assessments = Assessment.objects.filter(release=release).select_related(
        "trust__region", "trust__icb"
    )
    if league is not None:
        assessments = assessments.filter(league=league)
    return assessments.order_by("rank", "trust__name")


def published_assessment(trust: Trust, period: Period) -> Assessment | None:
    release = public_release(period)
    if release is None:
        return None
    return Assessment.objects.filter(release=release, trust=trust).first()


def latest_published_period_of_each_league() -> dict[str, Period]:
    """For each table, the latest published period whose current release has results for it
    (a quarter's files may hold one trust type only, as NHS England's Q4 2025/26 does)."""
    rows = (
        Assessment.objects.filter(release__state=ReleaseState.PUBLISHED)
        .values_list("league", "period")
        .distinct()
        .order_by()
    )
    rows = list(rows)
    periods = Period.objects.in_bulk({period_id for _, period_id in rows})
    latest: dict[str, Period] = {}
    for league, period_id in rows:
        period = periods[period_id]
        if league not in latest or (period.year, period.quarter) > (
            latest[league].year,
            latest[league].quarter,
        ):
            latest[league] = period
    return latest


def segment_four_trusts(period: Period) -> QuerySet[Trust]:
    """Trusts in segment 4 in the period's published release (segment 5 trusts included: they
    are in segment 4 or 3 for ranking, and in segment 4 here only if their segment is 4)."""
    release = public_release(period)
    if release is None:
        return Trust.objects.none()
    # ICBs are ranked from 2026/27, but the duty to publish a plan is a trust's.
    return (
        Trust.objects.trusts()
        .filter(assessments__release=release, assessments__adjusted_segment=4)
        .distinct()
    )


def published_values(trust: Trust, metric: Metric) -> list[tuple[Period, float | None]]:
    """The trust's value of a metric in the current release of each published period, oldest
    first."""
    values = MetricValue.objects.filter(
        trust=trust,
        metric__metric_id=metric.metric_id,
        release__state=ReleaseState.PUBLISHED,
        release__period__in=published_periods(),
    ).select_related("release__period")
    return sorted(
        ((v.release.period, v.value) for v in values),
        key=lambda pair: (pair[0].year, pair[0].quarter),
    )


# The version pages are being prepared under, before it is announced (league.warming).
_PREPARING: ContextVar[int | None] = ContextVar("preparing_data_version", default=None)


@contextmanager
def preparing_data_version(number: int) -> Iterator[None]:
    """Within the block, in this thread only, read and store under data version `number`: the
    one a publication will announce when it commits."""
    token = _PREPARING.set(number)
    try:
        yield
    finally:
        _PREPARING.reset(token)


def data_version() -> int:
    """The public data version, cached briefly; caches of public pages are keyed on it."""
    preparing = _PREPARING.get()
    if preparing is not None:
        return preparing
    version = cache.get(_VERSION_CACHE_KEY)
    if version is None:
        row = DataVersion.objects.filter(key=PUBLIC_DATA).first()
        version = row.number if row else 0
        # add, not set: a reader that raced a publication must not put back the older number.
        cache.add(_VERSION_CACHE_KEY, version, 30)
    return version


def refresh_data_version() -> None:
    """After a publication commits: every web process sees the new number at once."""
    row = DataVersion.objects.filter(key=PUBLIC_DATA).first()
    cache.set(_VERSION_CACHE_KEY, row.number if row else 0, 30)


def runs_not_handed_over(periods) -> list[RecomputeRun]:
    """Queued recomputes the task queue could not take (its broker was unreachable)."""
    return list(
        RecomputeRun.objects.filter(period__in=periods, state=RunState.QUEUED, enqueued=False)
        .select_related("period")
        .order_by("period__year", "period__quarter")
    )


def example_organisations() -> dict[str, list[tuple[str, str]]]:
    """Two published trusts (acute first) and one published ICB, as (code, name), for hints."""
    published = Assessment.objects.filter(release__state=ReleaseState.PUBLISHED).values("trust")
    shown = Trust.objects.filter(pk__in=published).order_by("league", "ods_code")
    return {
        "trusts": list(shown.trusts().values_list("ods_code", "name")[:2]),
        "icbs": list(shown.in_league(League.ICB).values_list("ods_code", "name")[:1]),
    }


def improvement_rows(before: Release, after: Release, league: str) -> list[TrustQuarters]:
    """The trusts of a table with an average in both releases, with both quarters' standing
    (the segment as the public sees it: 5 for the Recovery Support Programme)."""
    fields = ("trust_id", "average_2dp", "average_low", "average_high")
    earlier = {
        row[0]: row
        for row in Assessment.objects.filter(
            release=before, league=league, average_2dp__isnull=False
        ).values_list(*fields, "adjusted_segment", "in_recovery_support")
    }
    later = Assessment.objects.filter(
        release=after, league=league, average_2dp__isnull=False, trust_id__in=list(earlier)
    ).values_list(
        *fields, "adjusted_segment", "in_recovery_support", "trust__ods_code", "trust__name"
    )
    return [
        TrustQuarters(
            code=row[6], name=row[7], before=_standing(earlier[row[0]]), after=_standing(row)
        )
        for row in later
    ]


def _standing(row: tuple) -> Standing:
    _, average, low, high, segment, recovery = row[:6]
    return Standing(average, low, high, 5 if recovery else segment)


def public_releases(periods=None) -> QuerySet[Release]:
    """Every release the public may see (current or superseded), lowest number first, of the
    given periods or else of every published period."""
    releases = Release.objects.public().select_related("computation").order_by("number")
    return releases.filter(period__in=published_periods() if periods is None else periods)


def periods_with_public_releases() -> QuerySet[Period]:
    """Published periods, newest first, each with `public_releases` (lowest number first)."""
    releases = Release.objects.public().select_related("computation").order_by("number")
    return published_periods().prefetch_related(
        Prefetch("releases", queryset=releases, to_attr="public_releases")
    )


def leagues_by_period(releases) -> dict[int, frozenset[str]]:
    """For each period of the releases, the leagues they hold results for."""
    rows = (
        Assessment.objects.filter(release__in=list(releases))
        .values_list("period_id", "league")
        .distinct()
        .order_by()
    )
    held: dict[int, set[str]] = {}
    for period_id, league in rows:
        held.setdefault(period_id, set()).add(league)
    return {period_id: frozenset(leagues) for period_id, leagues in held.items()}


def ranked_values(releases, *fields: str) -> QuerySet:
    """The assessments of the releases as value dicts (`release_id` and `fields`), by rank and
    trust name."""
    return (
        Assessment.objects.filter(release__in=list(releases))
        .order_by("rank", "trust__name")
        .values("release_id", *fields)
    )


def assessments_by_trust(release: Release, trusts, *only: str) -> dict[int, Assessment]:
    """trust id -> its assessment in the release, for the given trusts (`only` these fields)."""
    found = Assessment.objects.filter(release=release, trust__in=trusts)
    return {a.trust_id: a for a in (found.only(*only) if only else found)}


def assessment_in(release: Release, trust: Trust) -> Assessment | None:
    return Assessment.objects.filter(release=release, trust=trust).select_related("period").first()


def no_assessments() -> QuerySet[Assessment]:
    return Assessment.objects.none()


def with_previous_quarter(rows: QuerySet[Assessment], previous: Release | None, league: str):
    """`rows` annotated with each trust's rank and segment in the `previous` release (None for a
    trust not ranked then) and the places gained (`rank_change`)."""
    before = Assessment.objects.filter(
        release=previous, league=league, trust=OuterRef("trust")
    ).order_by()
    return rows.annotate(
        previous_rank=Subquery(before.values("rank")[:1]),
        previous_segment=Subquery(before.values("adjusted_segment")[:1]),
        rank_change=ExpressionWrapper(F("previous_rank") - F("rank"), output_field=IntegerField()),
    )


def table_choices(release: Release, league: str) -> list[tuple]:
    """(region code, region name, ICB code, ICB name, subtype) of the trusts in a table."""
    rows = Assessment.objects.filter(release=release, league=league).values_list(
        "trust__region__code",
        "trust__region__name",
        "trust__icb__code",
        "trust__icb__name",
        "trust__subtype",
    )
    return list(rows.distinct())


def public_history(trust: Trust, *, current_only: bool = True) -> QuerySet[Assessment]:
    """The trust's assessments in the public releases of published periods (only the current
    release of each with `current_only`), oldest period first."""
    releases = public_releases()
    if current_only:
        releases = releases.filter(state=ReleaseState.PUBLISHED)
    return (
        Assessment.objects.filter(trust=trust, release__in=releases)
        .select_related("period__framework", "release", "trust")
        .order_by("period__year", "period__quarter")
    )
