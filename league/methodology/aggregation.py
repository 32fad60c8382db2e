"""Step 2: from metric scores to items, domain scores and the average metric score.

NHS England's average is the unweighted mean of a provider's items, missing items dropped.
An item is one counted metric score, except that metrics sharing an `average_group` (the
acute infection scores) are first averaged into a single item, and metrics flagged
`counts_in_average=False` (the finance components behind the combined score) are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import DomainDefinition, MetricDefinition
from .rounding import round_half_up


@dataclass(frozen=True)
class Item:
    """One term of the average: a metric score, or the mean of a group of them."""

    key: str
    domain: str
    value: float
    members: tuple[tuple[str, float], ...]


def _entering(score_id: str, score: float, rounded_items: frozenset[str]) -> float:
    """The score as it enters the mean: unrounded, or at 2 dp where a period did that."""
    return float(round_half_up(score)) if score_id in rounded_items else score


def build_items(
    scores: Mapping[str, float],
    metrics: Sequence[MetricDefinition],
    rounded_items: frozenset[str] = frozenset(),
) -> list[Item]:
    """The provider's items in catalogue order (a group appears where its first member is)."""
    items: list[Item] = []
    groups: dict[str, list[tuple[str, float]]] = {}
    group_domain: dict[str, str] = {}
    for defn in metrics:
        if not defn.counts_in_average or defn.score_id not in scores:
            continue
        value = _entering(defn.score_id, scores[defn.score_id], rounded_items)
        if defn.average_group is None:
            items.append(Item(defn.score_id, defn.domain, value, ((defn.score_id, value),)))
            continue
        if defn.average_group not in groups:
            groups[defn.average_group] = []
            group_domain[defn.average_group] = defn.domain
            items.append(Item(defn.average_group, defn.domain, 0.0, ()))
        groups[defn.average_group].append((defn.score_id, value))
    return [
        Item(it.key, it.domain, _mean([v for _, v in groups[it.key]]), tuple(groups[it.key]))
        if it.key in groups
        else it
        for it in items
    ]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def average_score(items: Sequence[Item]) -> float | None:
    """Unweighted mean of the items; None when the provider has no scored item."""
    return _mean([it.value for it in items]) if items else None


def domain_scores(items: Sequence[Item], domains: Sequence[DomainDefinition]) -> dict[str, float]:
    """Domain score id -> unweighted mean of the provider's items in that domain."""
    out: dict[str, float] = {}
    for domain in domains:
        values = [it.value for it in items if it.domain == domain.name]
        if values:
            out[domain.score_id] = _mean(values)
    return out
