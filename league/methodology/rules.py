"""The scoring formulas NHS England's published 2025/26 scores fit (1.00 best … 4.00 worst).

Each function works on arrays for one scoring population and knows nothing of metric ids:
which rule and which parameters apply to a metric is data (`MetricDefinition`).
Populations of one (N = 1) score as the best position so no formula divides by zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rank_linear(ranks: np.ndarray, population: int, low: float, high: float) -> np.ndarray:
    """low + (high - low)·(r - 1)/(N - 1): the continuous part of every rule."""
    ranks = np.asarray(ranks, dtype=float)
    if population <= 1:
        return np.full(ranks.shape, float(low))
    return low + (high - low) * (ranks - 1.0) / (population - 1.0)


def rule_a(ranks: np.ndarray, population: int) -> np.ndarray:
    """Rule A, continuous over the whole scale: 1 + 3·(r - 1)/(N - 1)."""
    return rank_linear(ranks, population, 1.0, 4.0)


def rule_b_failing(fail_ranks: np.ndarray, failing_population: int) -> np.ndarray:
    """Rule B for providers missing the target: 2 + 2·(r_f - 1)/(N_f - 1).

    Providers meeting the target score 1.00.
    """
    return rank_linear(fail_ranks, failing_population, 2.0, 4.0)


def rule_c_passing(pass_ranks: np.ndarray, passing_population: int) -> np.ndarray:
    """Rule C for providers meeting the target: 1 + 2·(r_p - 1)/(N_p - 1).

    Providers missing the target score 4.00.
    """
    return rank_linear(pass_ranks, passing_population, 1.0, 3.0)


def meets_threshold(
    values: np.ndarray, threshold: float, *, higher_is_better: bool, inclusive: bool
) -> np.ndarray:
    """Whether each value meets a target (inclusive: exactly on the target passes)."""
    values = np.asarray(values, dtype=float)
    if higher_is_better:
        return values >= threshold if inclusive else values > threshold
    return values <= threshold if inclusive else values < threshold


def count_band(counts: np.ndarray, cap: float = 4.0) -> np.ndarray:
    """Small trusts reporting a count instead of a rate (E. coli, C. diff): min(cap, 1 + count)."""
    return np.minimum(float(cap), 1.0 + np.asarray(counts, dtype=float))


def rule_d(
    values: np.ndarray,
    cuts: Sequence[float],
    inclusive: Sequence[bool],
    *,
    higher_is_better: bool = True,
) -> np.ndarray:
    """Discrete bands: 1 + the number of cut-points the value fails to meet.

    Cuts run from the best band outwards (e.g. 0, -1, -2 for the planned surplus/deficit),
    so failing one cut implies failing every earlier one.
    """
    values = np.asarray(values, dtype=float)
    score = np.ones(values.shape)
    for cut, incl in zip(cuts, inclusive, strict=True):
        ok = meets_threshold(values, cut, higher_is_better=higher_is_better, inclusive=incl)
        score += ~ok
    return score


def matrix_lookup(
    row_scores: np.ndarray, column_scores: np.ndarray, matrix: Sequence[Sequence[float]]
) -> np.ndarray:
    """Combined score read from a lookup table indexed by two 1-4 scores (combined finance)."""
    table = np.asarray(matrix, dtype=float)
    rows = np.rint(np.asarray(row_scores, dtype=float)).astype(int) - 1
    cols = np.rint(np.asarray(column_scores, dtype=float)).astype(int) - 1
    return table[rows, cols]
