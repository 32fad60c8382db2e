"""Recomputing a period: run the engine on what is stored and make the results current."""

from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from league.methodology import DEFAULT_SEED, compute_period
from league.models import (
    Assessment,
    ComputedScore,
    Period,
    PeriodComputation,
    Release,
    ReleaseState,
)
from league.services.engine_inputs import next_segment_json, period_inputs, segment_rule
from league.services.published_figures import published_figures_reason, show_published
from trusts.models import Trust

CutPoints = tuple[Decimal, Decimal, Decimal]


class RecomputeError(Exception):
    pass


def period_cut_points(period: Period) -> CutPoints | None:
    """Cut-points set for the period; None leaves the segments to the framework's rule
    (the quartiles of the period's averages, or the year's fixed thresholds)."""
    points = (period.cut_point_1, period.cut_point_2, period.cut_point_3)
    return None if None in points else points


class InputsChanged(RecomputeError):
    """The period's inputs changed while the run computed: its results must not be written."""

    def __init__(self, period: Period, read: int, current: int) -> None:
        super().__init__(
            f"{period}'s inputs changed while this run computed (version {read} read, "
            f"{current} now): its results were not written."
        )
        self.read, self.current = read, current


# Namespace of this service's PostgreSQL advisory locks (the second key is the period id).
RECOMPUTE_LOCK = 0x4E4F46


def period_lock(period: Period) -> None:
    """Hold the period's recompute lock until the current transaction ends: one recompute at a
    time per period, across processes and machines. On PostgreSQL an advisory lock, which
    imports do not wait for; on SQLite, which has one writer at a time, a write to the
    period's row takes the database's write lock for the rest of the transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [RECOMPUTE_LOCK, period.pk])
    else:
        Period.objects.filter(pk=period.pk).update(inputs_version=F("inputs_version"))


def working_release(period: Period) -> Release:
    """The draft release a recompute reads and writes. A published period without an open
    correction is frozen (RecomputeError)."""
    draft = period.releases.filter(state=ReleaseState.DRAFT).first()
    if draft is None:
        raise RecomputeError(
            f"{period} has no draft release: import its data first, or, if it is published, "
            "open a correction with a reason to change it."
        )
    return draft


def period_recompute(
    *,
    period: Period,
    from_raw: bool = False,
    cut_points: CutPoints | None = None,
    replicates: int | None = None,
    seed: int = DEFAULT_SEED,
) -> PeriodComputation:
    """Compute every trust's assessment in the period's draft release from that release's
    inputs, and replace its previous results whole.

    Single flight: the period's recompute lock is held from reading the inputs to committing
    the results. The inputs version is read first and checked again, under the period's row
    lock, before writing; if an import or rule change committed in between, nothing is
    written (InputsChanged) and the run queued by that change computes the newer inputs.
    """
    with transaction.atomic():
        period_lock(period)
        period = Period.objects.select_related("framework").get(pk=period.pk)
        version = period.inputs_version
        release = working_release(period)
        inputs = period_inputs(release)
        if not inputs.providers:
            raise RecomputeError(f"{period} has no imported data to compute from.")
        result = compute_period(
            inputs,
            rule=segment_rule(period.framework),
            cut_points=cut_points or period_cut_points(period),
            from_raw=from_raw,
            rounded_items=frozenset(period.rounded_items),
            replicates=settings.RECOMPUTE_REPLICATES if replicates is None else replicates,
            seed=seed,
        )
        current = Period.objects.select_for_update().values_list("inputs_version", flat=True)
        now_version = current.get(pk=period.pk)
        if now_version != version:
            raise InputsChanged(period, version, now_version)
        computation = _write_results(
            period, release, inputs, result, from_raw=from_raw, version=version
        )
    return computation


def _write_results(
    period: Period, release: Release, inputs, result, *, from_raw: bool, version: int
):
    trust_ids = dict(
        Trust.objects.filter(ods_code__in=[p.code for p in inputs.providers]).values_list(
            "ods_code", "pk"
        )
    )
    assessments, scores = [], []
    for provider in result.providers:
        trust_id = trust_ids[provider.code]
        assessments.append(_assessment(period, trust_id, provider))
        scores.extend(_scores(period, trust_id, provider))
    points = result.cut_points or (None, None, None)
    reason = published_figures_reason(period)
    if reason:
        show_published(release, assessments)
    Assessment.objects.filter(release=release).delete()
    ComputedScore.objects.filter(release=release).delete()
    for row in (*assessments, *scores):
        row.release = release
    Assessment.objects.bulk_create(assessments, batch_size=1000)
    ComputedScore.objects.bulk_create(scores, batch_size=2000)
    computation, _ = PeriodComputation.objects.update_or_create(
        release=release,
        defaults={
            "period": period,
            "computed_at": timezone.now(),
            "cut_point_1": _two_dp(points[0]),
            "cut_point_2": _two_dp(points[1]),
            "cut_point_3": _two_dp(points[2]),
            "cut_points_source": result.cut_points_source,
            "from_raw": from_raw,
            "replicates": result.replicates,
            "seed": result.seed,
            "notes": list(result.notes),
            "figures": "published" if reason else "computed",
            "inputs_version": version,
            "figures_reason": reason,
            "trusts": len(assessments),
        },
    )
    return computation


def _two_dp(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _assessment(period: Period, trust_id: int, provider) -> Assessment:
    return Assessment(
        period=period,
        trust_id=trust_id,
        league=provider.league,
        average=provider.average,
        average_2dp=provider.average_2dp,
        item_count=provider.item_count,
        unadjusted_segment=provider.unadjusted_segment,
        adjusted_segment=provider.adjusted_segment,
        in_financial_deficit=provider.in_financial_deficit,
        in_recovery_support=provider.segment_5,
        rank=provider.rank,
        league_size=provider.league_size,
        average_low=provider.average_lo,
        average_high=provider.average_hi,
        rank_low=provider.rank_lo,
        rank_high=provider.rank_hi,
        segment_stability=provider.segment_stability,
        next_segment=next_segment_json(provider.next_segment),
        peer_group=provider.peer_group,
        peer_rank=provider.peer_rank,
        peer_size=provider.peer_size,
        peer_rank_low=provider.peer_rank_lo,
        peer_rank_high=provider.peer_rank_hi,
    )


def _scores(period: Period, trust_id: int, provider) -> list[ComputedScore]:
    rows = [
        ComputedScore(
            period=period,
            trust_id=trust_id,
            score_id=score_id,
            score=score,
            score_2dp=provider.scores_2dp[score_id],
            source=provider.score_sources.get(score_id, ComputedScore.Source.COMPUTED),
        )
        for score_id, score in provider.scores.items()
    ]
    rows.extend(
        ComputedScore(
            period=period,
            trust_id=trust_id,
            score_id=score_id,
            score=score,
            score_2dp=provider.domain_scores_2dp[score_id],
            source=ComputedScore.Source.DOMAIN,
        )
        for score_id, score in provider.domain_scores.items()
    )
    return rows
