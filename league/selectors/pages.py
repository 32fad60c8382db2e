"""Page-shaped reads for the trust profile, compare and metric pages: each a fixed number of
queries whatever the number of trusts or metrics. Only published releases are read
(the callers get their release from `league.views.common.edition_from_request`)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F

from league.models import (
    Assessment,
    ComputedScore,
    Domain,
    Metric,
    MetricValue,
    Period,
    PeriodComputation,
    Release,
    ReleaseState,
)
from league.selectors import published_periods
from trusts.models import Trust


@dataclass
class MetricRow:
    metric: Metric
    value: MetricValue | None = None
    score: ComputedScore | None = None
    ranked: int | None = None  # trusts of the table with a value: the "of N" of the rank


@dataclass
class DomainRows:
    domain: Domain
    score: ComputedScore | None = None
    rows: list[MetricRow] = field(default_factory=list)


def trust_history(trust: Trust) -> list[Assessment]:
    """The trust's assessment in the current release of every published period, oldest first."""
    return list(
        Assessment.objects.filter(
            trust=trust, release__state=ReleaseState.PUBLISHED, period__in=published_periods()
        )
        .select_related("period", "release__computation")
        .order_by("period__year", "period__quarter")
    )


def cut_points(release: Release) -> tuple[Decimal, Decimal, Decimal] | None:
    computation = PeriodComputation.objects.filter(release=release).first()
    return None if computation is None else computation.cut_points


def framework_metrics(period: Period) -> list[Metric]:
    return list(
        Metric.objects.filter(framework_id=period.framework_id)
        .select_related("domain")
        .order_by("domain__order", "domain__name", "metric_id")
    )


def domain_rows(trust: Trust, period: Period, release: Release) -> list[DomainRows]:
    """Every metric of the trust's table (or with a value for it), grouped by domain, with the
    trust's value, score and the table's median, quartiles and its rank."""
    values = {v.metric_id: v for v in MetricValue.objects.filter(release=release, trust=trust)}
    scores = {s.score_id: s for s in ComputedScore.objects.filter(release=release, trust=trust)}
    ranked = dict(
        MetricValue.objects.filter(release=release, trust__league=trust.league, value__isnull=False)
        .values_list("metric_id")
        .annotate(trusts=Count("id"))
    )
    groups: dict[int, DomainRows] = {}
    for metric in framework_metrics(period):
        value, score = values.get(metric.pk), scores.get(metric.score_id)
        if trust.league not in metric.leagues and value is None and score is None:
            continue
        group = groups.setdefault(
            metric.domain_id, DomainRows(metric.domain, scores.get(metric.domain.score_id))
        )
        group.rows.append(MetricRow(metric, value, score, ranked.get(metric.pk)))
    return list(groups.values())


def assessments_of(trusts: list[Trust], release_by_period: dict[int, Release]) -> dict:
    """Each trust's assessment in the current release of its latest published period."""
    releases = list(release_by_period.values())
    found = Assessment.objects.filter(trust__in=trusts, release__in=releases).select_related(
        "period"
    )
    latest: dict[int, Assessment] = {}
    for assessment in found:
        held = latest.get(assessment.trust_id)
        if held is None or (assessment.period.year, assessment.period.quarter) > (
            held.period.year,
            held.period.quarter,
        ):
            latest[assessment.trust_id] = assessment
    return latest


def values_of(trusts: list[Trust], releases: set[int]) -> dict[tuple[int, int], MetricValue]:
    """(trust id, metric id) -> value, in the given releases."""
    rows = MetricValue.objects.filter(trust__in=trusts, release_id__in=releases)
    return {(v.trust_id, v.metric_id): v for v in rows}


def scores_of(trusts: list[Trust], releases: set[int]) -> dict[tuple[int, str], ComputedScore]:
    rows = ComputedScore.objects.filter(trust__in=trusts, release_id__in=releases)
    return {(s.trust_id, s.score_id): s for s in rows}


def published_releases() -> dict[int, Release]:
    """Period id -> its current published release, for every published period."""
    releases = Release.objects.filter(
        state=ReleaseState.PUBLISHED, period__in=published_periods()
    ).select_related("period")
    return {release.period_id: release for release in releases}


def metric_rows(release: Release, metric: Metric, league: str) -> list[MetricValue]:
    """Every trust of the table with a value row, best first (NHS England's rank), each with
    its score in the shown release as `score`."""
    rows = list(
        MetricValue.objects.filter(release=release, metric=metric, trust__league=league)
        .select_related("trust")
        .order_by(F("rank").asc(nulls_last=True), "trust__name")
    )
    scores = dict(
        ComputedScore.objects.filter(
            release=release, score_id=metric.score_id, trust__league=league
        ).values_list("trust_id", "score_2dp")
    )
    for row in rows:
        row.score = scores.get(row.trust_id)
    return rows
