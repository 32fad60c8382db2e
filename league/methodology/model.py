"""Plain data records the ranking engine reads and writes.

The engine is driven only by these records so that the Django service can build them from
database rows and store the result without the engine knowing about models or settings.
All records are frozen: a computed period is a value, never mutated after the fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

LEAGUES: tuple[str, ...] = ("acute", "non-acute", "ambulance")
"""The 2025/26 leagues: NHS England publishes one league table per trust type. A framework
may list others (2026/27 adds "icb"); the engine treats league codes as labels."""

RULES: tuple[str, ...] = ("A", "B", "C", "D", "matrix", "published")


@dataclass(frozen=True)
class MetricDefinition:
    """One scored metric of a framework year, as data.

    `params` is a plain dict so it can be stored as JSON. Keys used by the engine:
    population ("type" within the league, or "pooled" across leagues), threshold,
    threshold_inclusive, rank_decimals, absent_pool_members ({league: count} of providers
    NHS England scores in the pool but absent from the input when that league is missing),
    count_unit + count_score_cap (count-reporting trusts scored min(cap, 1 + count)),
    band_cuts + band_inclusive (rule D), matrix + matrix_inputs (rule "matrix").
    """

    metric_id: str
    score_id: str
    description: str
    domain: str
    sub_domain: str
    unit: str
    higher_is_better: bool | None
    rule: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    leagues: tuple[str, ...] = ()
    counts_in_average: bool = True
    average_group: str | None = None


@dataclass(frozen=True)
class SegmentRule:
    """How a framework year turns averages into segments.

    method: "quartiles" (pooled quartiles of the period's 2-dp averages, 2025/26 boundaries)
    or "thresholds" (fixed thresholds: segment k holds averages up to and including t_k).
    financial_cap: the best segment a provider in financial deficit can be placed in, or
    None when the framework has no such adjustment. segment_5: whether providers in the
    Recovery Support Programme are shown in segment 5.
    """

    method: str = "quartiles"
    thresholds: tuple[float, float, float] | None = None
    financial_cap: int | None = 3
    segment_5: bool = True


@dataclass(frozen=True)
class DomainDefinition:
    """A scored domain with the ids NHS England uses for its score and segment rows."""

    name: str
    score_id: str
    segment_id: str


@dataclass(frozen=True)
class Provider:
    """A trust in one period. The flags are inputs: NHS England sets them, they are not derived."""

    code: str
    league: str
    in_financial_deficit: bool = False
    in_recovery_support: bool = False
    peer_group: str = ""
    """NHS England's trust subtype ("Acute - Small"): like-for-like ranks are within it."""


@dataclass(frozen=True)
class RawValue:
    """A provider's published metric value.

    `order_hint` is NHS England's within-league Rank for the metric (1 = best). It orders
    providers whose published (rounded) values are equal, standing in for the unrounded values
    NHS England ranks on. `unit` matters where a metric mixes units (E. coli counts vs rates).
    """

    provider_code: str
    metric_id: str
    value: float
    unit: str = ""
    order_hint: float | None = None


@dataclass(frozen=True)
class PublishedScore:
    """A score NHS England published for a provider (an OF1xxx row)."""

    provider_code: str
    score_id: str
    score: float


@dataclass(frozen=True)
class PeriodInputs:
    """Everything one quarter's computation needs."""

    period: str
    providers: tuple[Provider, ...]
    metrics: tuple[MetricDefinition, ...]
    raw_values: tuple[RawValue, ...] = ()
    published_scores: tuple[PublishedScore, ...] = ()
    domains: tuple[DomainDefinition, ...] = ()
    expected_leagues: tuple[str, ...] = LEAGUES


@dataclass(frozen=True)
class ItemStep:
    """One item improved by one step and what that does to the provider's average."""

    score_id: str
    current: float
    improved: float
    average_drop: float


@dataclass(frozen=True)
class NextSegment:
    """How far a provider is from the next better (unadjusted) segment."""

    current_segment: int
    target_segment: int
    average_needed: Decimal
    average_gap: Decimal
    blocked_by_financial_override: bool
    best_steps: tuple[ItemStep, ...]
    steps_to_target: tuple[ItemStep, ...] | None


@dataclass(frozen=True)
class ProviderResult:
    """Everything computed for one provider in one period."""

    code: str
    league: str
    scores: dict[str, float]
    scores_2dp: dict[str, Decimal]
    score_sources: dict[str, str]
    domain_scores: dict[str, float]
    domain_scores_2dp: dict[str, Decimal]
    average: float | None
    average_2dp: Decimal | None
    item_count: int
    unadjusted_segment: int | None
    adjusted_segment: int | None
    in_financial_deficit: bool
    segment_5: bool
    rank: int | None
    league_size: int
    average_lo: Decimal | None = None
    average_hi: Decimal | None = None
    rank_lo: int | None = None
    rank_hi: int | None = None
    segment_stability: float | None = None
    next_segment: NextSegment | None = None
    peer_group: str = ""
    peer_rank: int | None = None
    peer_size: int = 0
    peer_rank_lo: int | None = None
    peer_rank_hi: int | None = None


@dataclass(frozen=True)
class PeriodResult:
    """The computed period: per-provider results plus how the segments were set."""

    period: str
    providers: tuple[ProviderResult, ...]
    cut_points: tuple[float, float, float] | None
    cut_points_source: str
    notes: tuple[str, ...]
    replicates: int
    seed: int

    def by_code(self) -> dict[str, ProviderResult]:
        return {p.code: p for p in self.providers}
