"""Computed against published: every figure NHS England published for a period that this service
also computes, with the match rate of each and every difference listed."""

from dataclasses import dataclass, field
from decimal import Decimal

from league.methodology.segments import QUARTILES, THRESHOLDS, separating_cut_points
from league.models import (
    Assessment,
    ComputedScore,
    FigureKind,
    Period,
    PeriodComputation,
    PublishedFigure,
    PublishedLeagueRow,
    Release,
)
from league.nof_files.summary_ids import SUMMARY_IDS
from league.selectors import latest_release

SCORE_TOLERANCE = 0.005  # published scores are rounded to 2 dp
RANGE_TOLERANCE = 0.05
RANK_RANGE_TOLERANCE = 3


@dataclass(frozen=True)
class Difference:
    trust_code: str
    trust_name: str
    figure: str
    computed: object
    published: object


@dataclass
class Check:
    name: str
    compared: int = 0
    matched: int = 0

    @property
    def rate(self) -> float | None:
        return None if not self.compared else self.matched / self.compared


@dataclass
class Reconciliation:
    period: Period
    checks: list[Check] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    release: Release | None = None
    proposal: "CutPointProposal | None" = None

    @property
    def summary(self) -> str:
        parts = [f"{c.name} {c.matched}/{c.compared}" for c in self.checks if c.compared]
        if not parts:
            return f"{self.period}: nothing published to compare with."
        return f"{self.period}: " + "; ".join(parts) + f". {len(self.differences)} difference(s)."


@dataclass(frozen=True)
class CutPointProposal:
    """Cut-points (2025/26) or thresholds that reproduce NHS England's published unadjusted
    segments of a release, read from the gaps between its published averages."""

    points: tuple[Decimal, Decimal, Decimal] | None
    thresholds: bool
    trusts: int
    reason: str = ""

    @property
    def label(self) -> str:
        return "thresholds" if self.thresholds else "cut-points"

    @property
    def note(self) -> str:
        a, b, c = self.points
        if self.thresholds:
            how = "the highest published average of segments 1, 2 and 3"
        else:
            how = (
                "the highest published average of segment 1, the lowest and the highest of "
                "segment 3 (2025/26 boundaries)"
            )
        return (
            f"{self.label.capitalize()} {a}, {b}, {c} read from NHS England's published "
            f"unadjusted segments of {self.trusts} trusts: {how}."
        )


def cut_points_proposed(*, release: Release) -> CutPointProposal:
    """Read the cut-points that separate the release's published unadjusted segments."""
    framework = release.period.framework
    thresholds = framework.segment_rule == THRESHOLDS
    rows = PublishedFigure.objects.filter(
        release=release,
        figure_id__in=[SUMMARY_IDS["average_score"], SUMMARY_IDS["unadjusted_segment"]],
        value__isnull=False,
    ).values_list("trust_id", "figure_id", "value")
    averages, segments = {}, {}
    for trust_id, figure_id, value in rows:
        target = averages if figure_id == SUMMARY_IDS["average_score"] else segments
        target[trust_id] = value
    pairs = [
        (round(averages[t] * 100), int(segments[t])) for t in segments.keys() & averages.keys()
    ]
    if not pairs:
        return CutPointProposal(
            None,
            thresholds,
            0,
            "The release holds no published averages with unadjusted "
            "segments (OF5002 and OF5003 rows of a trust data file).",
        )
    points, reason = separating_cut_points(pairs, THRESHOLDS if thresholds else QUARTILES)
    if points is None:
        return CutPointProposal(None, thresholds, len(pairs), reason)
    exact = tuple(Decimal(str(p)).quantize(Decimal("0.01")) for p in points)
    return CutPointProposal(exact, thresholds, len(pairs))


def period_reconcile(*, period: Period) -> Reconciliation:
    report = Reconciliation(period=period)
    release = latest_release(period)
    computation = PeriodComputation.objects.filter(release=release).first()
    if computation is None:
        report.notes.append("Not computed yet: run a recompute first.")
        return report
    report.notes.extend(computation.notes)
    if computation.cut_points_source == "supplied":
        report.notes.append("Cut-points were set for the period, not computed from its data.")
    report.release = release
    report.proposal = cut_points_proposed(release=release)
    assessments = {
        a.trust_id: a for a in Assessment.objects.filter(release=release).select_related("trust")
    }
    if computation.shows_published:
        report.notes.append(
            "The public sees NHS England's published segments, averages and ranks "
            f"({computation.figures_reason}); what the service computed is compared here."
        )
        for assessment in assessments.values():
            _as_computed(assessment)
    _summary_checks(report, release, assessments)
    _league_checks(report, release, assessments)
    _score_checks(report, release, assessments)
    return report


def _as_computed(assessment: Assessment) -> None:
    """In memory only: the engine's figures in place of the published ones shown."""
    assessment.average_2dp = assessment.computed_average_2dp
    assessment.unadjusted_segment = assessment.computed_unadjusted_segment
    assessment.adjusted_segment = assessment.computed_adjusted_segment
    assessment.rank = assessment.computed_rank
    assessment.average_low = assessment.average_high = None
    assessment.rank_low = assessment.rank_high = None


def _compare(
    report: Reconciliation,
    check: Check,
    assessment,
    figure: str,
    computed,
    published,
    *,
    tolerance: float = 0,
) -> None:
    check.compared += 1
    same = (
        computed is not None
        and published is not None
        and abs(float(computed) - float(published)) <= tolerance + 1e-9
    )
    if same:
        check.matched += 1
    else:
        report.differences.append(
            Difference(
                assessment.trust.ods_code, assessment.trust.name, figure, computed, published
            )
        )


def _summary_checks(report: Reconciliation, release: Release, assessments: dict) -> None:
    published = PublishedFigure.objects.filter(
        release=release,
        figure_id__in=[
            SUMMARY_IDS[k] for k in ("average_score", "adjusted_segment", "unadjusted_segment")
        ],
    )
    fields = {
        SUMMARY_IDS["average_score"]: ("Average score (OF5002)", "average_2dp", SCORE_TOLERANCE),
        SUMMARY_IDS["adjusted_segment"]: ("Segment (OF5000)", "adjusted_segment", 0),
        SUMMARY_IDS["unadjusted_segment"]: ("Unadjusted segment (OF5003)", "unadjusted_segment", 0),
    }
    checks = {figure_id: Check(name) for figure_id, (name, _, _) in fields.items()}
    for row in published:
        assessment = assessments.get(row.trust_id)
        if assessment is None:
            continue
        name, attribute, tolerance = fields[row.figure_id]
        _compare(
            report,
            checks[row.figure_id],
            assessment,
            name,
            getattr(assessment, attribute),
            row.value,
            tolerance=tolerance,
        )
    report.checks.extend(check for check in checks.values() if check.compared)


def _league_checks(report: Reconciliation, release: Release, assessments: dict) -> None:
    checks = {
        "rank": Check("League-table rank"),
        "segment": Check("League-table segment"),
        "average": Check("League-table average"),
        "deficit": Check("Financial deficit flag"),
        "average_range": Check(f"Likely range of average (±{RANGE_TOLERANCE})"),
        "rank_range": Check(f"Likely range of rank (±{RANK_RANGE_TOLERANCE})"),
    }
    for row in PublishedLeagueRow.objects.filter(release=release):
        a = assessments.get(row.trust_id)
        if a is None:
            continue
        _compare(report, checks["rank"], a, "Rank", a.rank, row.rank)
        _compare(report, checks["segment"], a, "Segment", a.adjusted_segment, row.segment)
        _compare(
            report,
            checks["average"],
            a,
            "Average_score",
            a.average_2dp,
            row.average_score,
            tolerance=SCORE_TOLERANCE,
        )
        _compare(
            report,
            checks["deficit"],
            a,
            "Trust_in_financial_deficit",
            int(a.in_financial_deficit),
            int(row.in_financial_deficit),
        )
        _range(
            report,
            checks["average_range"],
            a,
            "Likely_range_of_average_score",
            (a.average_low, a.average_high),
            (row.average_low, row.average_high),
            RANGE_TOLERANCE,
        )
        _range(
            report,
            checks["rank_range"],
            a,
            "Likely_range_of_rank",
            (a.rank_low, a.rank_high),
            (row.rank_low, row.rank_high),
            RANK_RANGE_TOLERANCE,
        )
    report.checks.extend(check for check in checks.values() if check.compared)


def _range(report, check, assessment, figure, computed, published, tolerance) -> None:
    check.compared += 1
    if (
        None not in computed
        and None not in published
        and all(
            abs(float(c) - float(p)) <= tolerance + 1e-9
            for c, p in zip(computed, published, strict=True)
        )
    ):
        check.matched += 1
        return
    report.differences.append(
        Difference(
            assessment.trust.ods_code,
            assessment.trust.name,
            figure,
            _pair(computed),
            _pair(published),
        )
    )


def _pair(values) -> str:
    return " to ".join("" if v is None else str(v) for v in values)


def _score_checks(report: Reconciliation, release: Release, assessments: dict) -> None:
    computed = {(s.trust_id, s.score_id): s for s in ComputedScore.objects.filter(release=release)}
    check_metric = Check("Metric scores computed from raw values")
    check_domain = Check("Domain scores")
    for row in PublishedFigure.objects.filter(
        release=release, kind__in=[FigureKind.METRIC_SCORE, FigureKind.DOMAIN_SCORE]
    ):
        score = computed.get((row.trust_id, row.figure_id))
        assessment = assessments.get(row.trust_id)
        if score is None or assessment is None or score.source == ComputedScore.Source.PUBLISHED:
            continue
        check = check_domain if row.kind == FigureKind.DOMAIN_SCORE else check_metric
        _compare(
            report,
            check,
            assessment,
            row.figure_id,
            Decimal(score.score_2dp),
            row.value,
            tolerance=SCORE_TOLERANCE,
        )
    report.checks.extend(check for check in (check_metric, check_domain) if check.compared)
