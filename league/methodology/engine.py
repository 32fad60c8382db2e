"""One entry point: a period's inputs in, every provider's scores, segment and rank out.

The steps follow NHS England's method (docs/methodology-findings.md): score metrics, average
the items, round the average half-up to 2 dp, cut into segments (2025/26: quartiles of the
pooled 2-dp averages, or the cut-points supplied for the period; a framework with fixed
thresholds: its thresholds), cap providers in deficit at the framework's cap (segment 3 in
2025/26), rank within each league on (adjusted segment, 2-dp average), then bootstrap the
likely ranges with the period's cut-points held fixed. Like-for-like ranks are the same
ranking within each league's trust subtype, their ranges read from the same replicates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .aggregation import Item, average_score, build_items, domain_scores
from .model import PeriodInputs, PeriodResult, Provider, ProviderResult, SegmentRule
from .nextseg import next_segment
from .rounding import round_half_up
from .scoring import score_period
from .segments import (
    QUARTILES,
    THRESHOLDS,
    CutPoints,
    Segmentation,
    league_ranks,
    quartile_cut_points,
)
from .uncertainty import LikelyRanges, bootstrap, item_matrix

RULE_2025_26 = SegmentRule()
"""Pooled quartiles with the 2025/26 boundaries, the cap at segment 3, segment 5 shown."""

DEFAULT_SEED = 20250626
"""Fixed so a recompute of unchanged inputs publishes identical likely ranges."""


@dataclass(frozen=True)
class _Scored:
    provider: Provider
    scores: dict[str, tuple[float, str]]
    items: list[Item]
    average: float | None


def _population_notes(inputs: PeriodInputs) -> list[str]:
    held = {p.league for p in inputs.providers}
    missing = [lg for lg in inputs.expected_leagues if lg not in held]
    if not missing:
        return []
    return [f"Population incomplete: no providers for league(s) {missing} in {inputs.period}."]


def _cut_points(
    scored: list[_Scored],
    supplied: CutPoints | None,
    rule: SegmentRule,
    notes: list[str],
    incomplete: bool,
) -> tuple[CutPoints | None, str]:
    if supplied is not None:
        return tuple(float(c) for c in supplied), "supplied"  # type: ignore[return-value]
    if rule.method == THRESHOLDS:
        if rule.thresholds is None:
            notes.append("The framework segments on fixed thresholds, and none are set.")
            return None, "none"
        return tuple(float(t) for t in rule.thresholds), "thresholds"  # type: ignore[return-value]
    averages = [float(round_half_up(s.average)) for s in scored if s.average is not None]
    if not averages:
        return None, "none"
    if incomplete:
        notes.append(
            "Quartile cut-points computed from an incomplete population; NHS England's "
            "pool holds every provider of the period."
        )
    return quartile_cut_points(averages), "computed"


def compute_period(
    inputs: PeriodInputs,
    *,
    rule: SegmentRule = RULE_2025_26,
    cut_points: CutPoints | None = None,
    from_raw: bool = False,
    rounded_items: frozenset[str] = frozenset(),
    replicates: int = 1000,
    seed: int = DEFAULT_SEED,
    exact_average_range: bool = True,
) -> PeriodResult:
    """Compute a period. See the module docstring for the steps.

    rule: the framework's segment rule (2025/26's by default).
    cut_points: the period's own (c1, c2, c3), overriding the rule's quartiles or thresholds.
    from_raw: recompute every rule-based score from raw values, ignoring published ones.
    rounded_items: score ids that enter the averages rounded to 2 dp (Q1 2025/26 quirk).
    replicates: bootstrap replicates for the likely ranges (0 skips them).
    seed: seeds the numpy Generator, so a recompute of unchanged inputs is identical.
    exact_average_range: the average's likely range from the exact bootstrap distribution
        (no sampling noise); False reads it from the sampled replicates instead.
    """
    codes = [p.code for p in inputs.providers]
    if len(set(codes)) != len(codes):
        raise ValueError(f"{inputs.period}: a provider code appears twice")
    table, notes = score_period(inputs, from_raw=from_raw)
    population_notes = _population_notes(inputs)
    notes = population_notes + notes
    scored = []
    for provider in inputs.providers:
        scores = table[provider.code]
        items = build_items({k: v for k, (v, _) in scores.items()}, inputs.metrics, rounded_items)
        scored.append(_Scored(provider, scores, items, average_score(items)))
    cuts, source = _cut_points(scored, cut_points, rule, notes, bool(population_notes))
    # Sorted by code so the bootstrap's draws, and so every result, ignore input order.
    ranked = sorted((s for s in scored if s.average is not None), key=lambda s: s.provider.code)
    rules = {m.score_id: m.rule for m in inputs.metrics}
    segment_info: dict[str, tuple[int, int, int]] = {}
    sizes: dict[str, int] = {}
    peers: dict[str, tuple[int, int]] = {}
    ranges: LikelyRanges | None = None
    segmentation = None
    if cuts is not None:
        boundaries = THRESHOLDS if rule.method == THRESHOLDS else QUARTILES
        segmentation = Segmentation(cuts, boundaries, rule.financial_cap)
    if ranked and segmentation is not None:
        avg_h = np.array([int(round_half_up(s.average).scaleb(2)) for s in ranked])
        leagues = np.array([s.provider.league for s in ranked])
        deficit = np.array([s.provider.in_financial_deficit for s in ranked])
        unadjusted = segmentation.unadjusted(avg_h)
        adjusted = segmentation.adjusted(unadjusted, deficit)
        ranks = league_ranks(leagues, adjusted, avg_h)
        sizes = {str(lg): int((leagues == lg).sum()) for lg in np.unique(leagues)}
        groups = np.array([f"{s.provider.league}\x1f{s.provider.peer_group}" for s in ranked])
        peer_ranks = league_ranks(groups, adjusted, avg_h)
        _, peer_ids, peer_sizes = np.unique(groups, return_inverse=True, return_counts=True)
        for i, s in enumerate(ranked):
            segment_info[s.provider.code] = (int(unadjusted[i]), int(adjusted[i]), int(ranks[i]))
            peers[s.provider.code] = (int(peer_ranks[i]), int(peer_sizes[peer_ids[i]]))
        if replicates > 0:
            matrix, counts = item_matrix([[it.value for it in s.items] for s in ranked])
            _, league_ids = np.unique(leagues, return_inverse=True)
            ranges = bootstrap(
                matrix,
                counts,
                league_ids,
                deficit,
                segmentation,
                adjusted,
                replicates=replicates,
                seed=seed,
                exact_average=exact_average_range,
                peer_ids=peer_ids,
            )
    row_of = {s.provider.code: i for i, s in enumerate(ranked)}
    results = tuple(
        _provider_result(
            s,
            inputs,
            segment_info.get(s.provider.code),
            sizes.get(s.provider.league, 0),
            peers.get(s.provider.code),
            ranges,
            row_of.get(s.provider.code),
            segmentation,
            rules,
            rule.segment_5,
        )
        for s in scored
    )
    return PeriodResult(
        period=inputs.period,
        providers=results,
        cut_points=cuts,
        cut_points_source=source,
        notes=tuple(notes),
        replicates=replicates if ranges is not None else 0,
        seed=seed,
    )


def _provider_result(
    s: _Scored,
    inputs: PeriodInputs,
    seg: tuple[int, int, int] | None,
    league_size: int,
    peer: tuple[int, int] | None,
    ranges: LikelyRanges | None,
    row: int | None,
    segmentation: Segmentation | None,
    rules: dict[str, str],
    segment_5: bool,
) -> ProviderResult:
    p = s.provider
    domains = domain_scores(s.items, inputs.domains)
    unadjusted, adjusted, rank = seg if seg is not None else (None, None, None)
    extra = {}
    if ranges is not None and row is not None:
        extra = dict(
            average_lo=round_half_up(ranges.average_lo[row]),
            average_hi=round_half_up(ranges.average_hi[row]),
            rank_lo=int(ranges.rank_lo[row]),
            rank_hi=int(ranges.rank_hi[row]),
            segment_stability=float(ranges.segment_stability[row]),
        )
        if ranges.peer_rank_lo is not None and ranges.peer_rank_hi is not None:
            extra["peer_rank_lo"] = int(ranges.peer_rank_lo[row])
            extra["peer_rank_hi"] = int(ranges.peer_rank_hi[row])
    if peer is not None:
        extra["peer_rank"], extra["peer_size"] = peer
    if unadjusted is not None and segmentation is not None and s.average is not None:
        extra["next_segment"] = next_segment(
            s.items, s.average, unadjusted, p.in_financial_deficit, segmentation, rules
        )
    return ProviderResult(
        code=p.code,
        league=p.league,
        scores={k: v for k, (v, _) in s.scores.items()},
        scores_2dp={k: round_half_up(v) for k, (v, _) in s.scores.items()},
        score_sources={k: src for k, (_, src) in s.scores.items()},
        domain_scores=domains,
        domain_scores_2dp={k: round_half_up(v) for k, v in domains.items()},
        average=s.average,
        average_2dp=None if s.average is None else round_half_up(s.average),
        item_count=len(s.items),
        unadjusted_segment=unadjusted,
        adjusted_segment=adjusted,
        in_financial_deficit=p.in_financial_deficit,
        segment_5=segment_5 and p.in_recovery_support,
        rank=rank,
        league_size=league_size,
        peer_group=p.peer_group,
        **extra,
    )
