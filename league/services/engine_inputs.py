"""Adapting database rows to the ranking engine's plain records, and back."""

from dataclasses import asdict
from decimal import Decimal

from league.methodology import (
    DomainDefinition,
    MetricDefinition,
    NextSegment,
    PeriodInputs,
    Provider,
    PublishedScore,
    RawValue,
    SegmentRule,
)
from league.models import (
    Domain,
    FigureKind,
    FrameworkVersion,
    Metric,
    MetricValue,
    PublishedFigure,
    PublishedLeagueRow,
    Release,
)
from league.nof_files.summary_ids import SUMMARY_IDS

FINANCIAL_OVERRIDE_ID = SUMMARY_IDS["financial_override"]
RECOVERY_SUPPORT_ID = SUMMARY_IDS["recovery_support"]


def metric_definitions(framework: FrameworkVersion) -> tuple[MetricDefinition, ...]:
    """The year's catalogue, in the order the catalogue file lists it (domain, then id)."""
    metrics = (
        Metric.objects.filter(framework=framework)
        .select_related("domain")
        .order_by("domain__order", "domain__name", "metric_id")
    )
    return tuple(
        MetricDefinition(
            metric_id=metric.metric_id,
            score_id=metric.score_id,
            description=metric.description,
            domain=metric.domain.name,
            sub_domain=metric.sub_domain,
            unit=metric.unit,
            higher_is_better=metric.higher_is_better,
            rule=metric.rule,
            params=metric.params,
            leagues=tuple(metric.leagues),
            counts_in_average=metric.counts_in_average,
            average_group=metric.average_group or None,
        )
        for metric in metrics
    )


def domain_definitions(framework: FrameworkVersion) -> tuple[DomainDefinition, ...]:
    return tuple(
        DomainDefinition(domain.name, domain.score_id, domain.segment_id)
        for domain in Domain.objects.filter(framework=framework)
    )


def segment_rule(framework: FrameworkVersion) -> SegmentRule:
    """The year's segment rule as the engine's record; thresholds None until all are set."""
    thresholds = framework.thresholds
    return SegmentRule(
        method=framework.segment_rule,
        thresholds=None if thresholds is None else tuple(float(t) for t in thresholds),
        financial_cap=framework.financial_cap,
        segment_5=framework.segment_5,
    )


def period_inputs(release: Release) -> PeriodInputs:
    """Everything NHS England published that the release holds, as the engine's input records."""
    period = release.period
    framework = period.framework
    values = MetricValue.objects.filter(release=release, value__isnull=False).values_list(
        "trust__ods_code",
        "trust__league",
        "trust__subtype",
        "metric__metric_id",
        "value",
        "units",
        "rank",
    )
    scores = PublishedFigure.objects.filter(
        release=release, kind=FigureKind.METRIC_SCORE, value__isnull=False
    ).values_list("trust__ods_code", "trust__league", "trust__subtype", "figure_id", "value")
    leagues: dict[str, tuple[str, str]] = {}
    raw = []
    for code, league, subtype, metric_id, value, units, rank in values:
        leagues[code] = (league, subtype)
        raw.append(RawValue(code, metric_id, value, units, rank))
    published = []
    for code, league, subtype, score_id, value in scores:
        leagues[code] = (league, subtype)
        published.append(PublishedScore(code, score_id, value))
    deficit, recovery = _flags(release)
    providers = tuple(
        Provider(code, league, code in deficit, code in recovery, peer_group=subtype)
        for code, (league, subtype) in sorted(leagues.items())
    )
    return PeriodInputs(
        period=period.label,
        providers=providers,
        metrics=metric_definitions(framework),
        raw_values=tuple(raw),
        published_scores=tuple(published),
        domains=domain_definitions(framework),
        expected_leagues=tuple(league.value for league in framework.tables),
    )


def _flags(release: Release) -> tuple[set[str], set[str]]:
    """Trusts NHS England flags as in financial deficit and in the Recovery Support Programme.

    The flags are NHS England's inputs, not derived from the data: the OF5004 / OF5007 rows of
    the trust data file, or the league-table file's Trust_in_financial_deficit column.
    """
    flagged = PublishedFigure.objects.filter(
        release=release, figure_id__in=[FINANCIAL_OVERRIDE_ID, RECOVERY_SUPPORT_ID], value=1
    ).values_list("figure_id", "trust__ods_code")
    deficit = {code for figure, code in flagged if figure == FINANCIAL_OVERRIDE_ID}
    recovery = {code for figure, code in flagged if figure == RECOVERY_SUPPORT_ID}
    deficit |= set(
        PublishedLeagueRow.objects.filter(release=release, in_financial_deficit=True).values_list(
            "trust__ods_code", flat=True
        )
    )
    return deficit, recovery


def next_segment_json(next_segment: NextSegment | None) -> dict | None:
    if next_segment is None:
        return None
    return _plain(asdict(next_segment))


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
