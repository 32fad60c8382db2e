"""Published-figures mode: when a period's rules are not all known, the public sees NHS
England's own segments, averages and ranks.

A period is in this mode when its framework year segments on fixed thresholds that are not set
(and the period has no cut-points of its own), or when metrics added from a file still have no
scoring rule. The engine still computes everything; the assessments keep what it computed in
their `computed_*` fields, so reconciliation lists every difference, and show what NHS England
published.
"""

from decimal import Decimal

from league.methodology.ranking import competition_ranks
from league.models import (
    Assessment,
    Metric,
    Period,
    PublishedFigure,
    PublishedLeagueRow,
    Release,
    SegmentRule,
)
from league.nof_files.summary_ids import SUMMARY_IDS

SUMMARY = {
    SUMMARY_IDS["adjusted_segment"]: "adjusted",
    SUMMARY_IDS["average_score"]: "average",
    SUMMARY_IDS["unadjusted_segment"]: "unadjusted",
    SUMMARY_IDS["final_segment_override"]: "final",
}
CENT = Decimal("0.01")


def published_figures_reason(period: Period) -> str:
    """Why the period's public figures are NHS England's; empty when they are the service's."""
    framework = period.framework
    reasons = []
    own_cut_points = None not in (period.cut_point_1, period.cut_point_2, period.cut_point_3)
    if (
        framework.segment_rule == SegmentRule.THRESHOLDS
        and framework.thresholds is None
        and not own_cut_points
    ):
        reasons.append(f"the {framework.code} segment thresholds are not set")
    pending = list(
        Metric.objects.filter(framework=framework, added_from_file=True, rule="published")
        .order_by("metric_id")
        .values_list("metric_id", flat=True)
    )
    if pending:
        reasons.append("no scoring rule is set yet for " + ", ".join(pending))
    return "; ".join(reasons)


def show_published(release: Release, assessments: list[Assessment]) -> None:
    """Keep each computed figure in `computed_*` and show NHS England's published one: the
    league-table file's row where there is one, else the trust data file's summary rows."""
    summary: dict[int, dict[str, float]] = {}
    figures = PublishedFigure.objects.filter(
        release=release, figure_id__in=list(SUMMARY), value__isnull=False
    ).values_list("trust_id", "figure_id", "value")
    for trust_id, figure_id, value in figures:
        summary.setdefault(trust_id, {})[SUMMARY[figure_id]] = value
    rows = {row.trust_id: row for row in PublishedLeagueRow.objects.filter(release=release)}
    for a in assessments:
        a.computed_average_2dp = a.average_2dp
        a.computed_unadjusted_segment = a.unadjusted_segment
        a.computed_adjusted_segment = a.adjusted_segment
        a.computed_rank = a.rank
        _published(a, summary.get(a.trust_id, {}), rows.get(a.trust_id))
    _rank_where_unpublished(assessments)
    _rank_among_peers(assessments)


def _published(a: Assessment, summary: dict[str, float], row: PublishedLeagueRow | None) -> None:
    average = row.average_score if row and row.average_score is not None else summary.get("average")
    a.average_2dp = None if average is None else Decimal(str(average)).quantize(CENT)
    a.average = None if average is None else float(average)
    segment = row.segment if row and row.segment is not None else summary.get("adjusted")
    if summary.get("final") == 5 or segment == 5:
        a.in_recovery_support = True
        segment = summary.get("adjusted")
    a.adjusted_segment = _segment(segment)
    a.unadjusted_segment = _segment(summary.get("unadjusted"))
    a.rank = row.rank if row else None
    a.average_low = _cents(row.average_low) if row else None
    a.average_high = _cents(row.average_high) if row else None
    a.rank_low = row.rank_low if row else None
    a.rank_high = row.rank_high if row else None
    a.segment_stability = None
    a.next_segment = None


def _rank_where_unpublished(assessments: list[Assessment]) -> None:
    """Trusts without a published rank are ranked, as NHS England ranks, on (published
    segment, published average) within their table."""
    by_league: dict[str, list[Assessment]] = {}
    for a in assessments:
        if a.adjusted_segment is not None and a.average_2dp is not None:
            by_league.setdefault(a.league, []).append(a)
    for league_rows in by_league.values():
        if all(a.rank is not None for a in league_rows):
            continue
        keys = [a.adjusted_segment * 1000 + int(a.average_2dp * 100) for a in league_rows]
        for a, rank in zip(league_rows, competition_ranks(keys), strict=True):
            a.rank = int(rank)


def _rank_among_peers(assessments: list[Assessment]) -> None:
    """Like-for-like ranks from the published ranks: the order within the table, restricted to
    the trust's subtype. The bootstrap's ranges are the service's, not NHS England's, so none
    are shown beside published figures."""
    peers: dict[tuple[str, str], list[Assessment]] = {}
    for a in assessments:
        a.peer_rank = a.peer_rank_low = a.peer_rank_high = None
        a.peer_size = 0
        if a.rank is not None:
            peers.setdefault((a.league, a.peer_group), []).append(a)
    for group in peers.values():
        for a, rank in zip(group, competition_ranks([a.rank for a in group]), strict=True):
            a.peer_rank = int(rank)
            a.peer_size = len(group)


def _segment(value: float | None) -> int | None:
    return int(value) if value in (1, 2, 3, 4) else None


def _cents(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(CENT)
