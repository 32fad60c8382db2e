"""Recovering NHS England's unrounded scores from the 2-dp scores it publishes.

NHS England averages the unrounded metric scores but publishes them rounded to 2 dp, so an
average of the published scores can be 0.01 away from NHS England's. A rank-based score lies on
a grid, `low + span*(r-1)/(N-1)` for a whole rank r (rules A, B and C). When one population N
puts every published score of a metric on that grid, the grid point is the unrounded score.
With the smallest such N (at least the number of scores seen; pools may hold providers absent
from the data), this reproduces NHS England's Q2-Q4 2025/26 averages exactly
(docs/methodology-findings.md). Where no N fits, the published score is kept.
"""

from __future__ import annotations

from .model import MetricDefinition
from .rounding import round_half_up

# (lowest score on the grid, span of the grid, which published scores lie on it)
_GRIDS = {
    "A": (1.0, 3.0, lambda score: True),
    "B": (2.0, 2.0, lambda score: score > 1.0),  # trusts that miss the target
    "C": (1.0, 2.0, lambda score: score < 4.0),  # trusts that meet the target
}


def restore_unrounded(defn: MetricDefinition, published: dict[str, float]) -> dict[str, float]:
    """The published scores of one metric with those on a consistent grid made unrounded."""
    grid = _GRIDS.get(defn.rule)
    if grid is None or not published:
        return published
    low, span, on_grid = grid
    # Whole-number scores are exact either way and may come from other scales (count bands).
    fitted = {c: s for c, s in published.items() if on_grid(s) and s != int(s)}
    population = _population(
        list(fitted.values()), low, span, at_least=sum(1 for s in published.values() if on_grid(s))
    )
    if population is None:
        return published
    restored = dict(published)
    for code, score in fitted.items():
        restored[code] = _grid_point(score, low, span, population)
    return restored


def _population(scores: list[float], low: float, span: float, at_least: int) -> int | None:
    if not scores:
        return None
    # Past this size the grid is finer than 0.01 and every set of scores fits: no information.
    largest = int(span / 0.01) + 1
    for size in range(max(at_least, 2), largest):
        if all(_on_grid(score, low, span, size) for score in scores):
            return size
    return None


def _on_grid(score: float, low: float, span: float, size: int) -> bool:
    """The grid point rounds, as the service rounds every score, to the published score."""
    return round_half_up(_grid_point(score, low, span, size)) == round_half_up(score)


def _grid_point(score: float, low: float, span: float, size: int) -> float:
    rank = round(1 + (score - low) * (size - 1) / span)
    return low + span * (rank - 1) / (size - 1)
