"""Competition ranking on NHS England's unrounded ordering.

NHS England ranks unrounded metric values, but publishes them rounded (usually 2 dp). Its
within-league `Rank` column is that unrounded ordering, so it separates providers whose
published values are equal. Across leagues (pooled metrics) no such order exists: there the
engine places each provider at its estimated position inside the rounding interval, spreading
a league's tied providers evenly in hint order, which interleaves two leagues' tie groups
by their best guess of the hidden decimals and keeps genuine ties (equal hints) tied.

Ties share the best rank ("1, 2, 2, 4"): NHS England's scores fit this and no other rule.
"""

from __future__ import annotations

import numpy as np


def competition_ranks(primary: np.ndarray, secondary: np.ndarray | None = None) -> np.ndarray:
    """Min ranks (1 = smallest key) of the pairs (primary, secondary); equal pairs share a rank."""
    primary = np.asarray(primary, dtype=float)
    n = primary.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    secondary = np.zeros(n) if secondary is None else np.asarray(secondary, dtype=float)
    order = np.lexsort((secondary, primary))
    p, s = primary[order], secondary[order]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = (p[1:] != p[:-1]) | (s[1:] != s[:-1])
    first_index = np.maximum.accumulate(np.where(new_group, np.arange(n), 0))
    ranks = np.empty(n, dtype=np.int64)
    ranks[order] = first_index + 1
    return ranks


def round_for_ranking(values: np.ndarray, decimals: int | None) -> np.ndarray:
    """Values as NHS England compares them: at `decimals` (half-up) where it ranks rounded."""
    values = np.asarray(values, dtype=float)
    if decimals is None:
        return values
    scale = 10.0**decimals
    return np.floor(values * scale + 0.5 + 1e-7) / scale


def ordering_keys(
    values: np.ndarray,
    leagues: np.ndarray,
    hints: np.ndarray,
    *,
    higher_is_better: bool,
    rank_decimals: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(primary, secondary) sort keys, smallest = best.

    primary is the (rounded-for-ranking) value, negated when higher is better. secondary is
    the estimated position inside the tie interval: for the k distinct hints a league has at
    one primary value, the j-th best sits at (2j + 1) / 2k. Missing hints count as one level.
    """
    values = round_for_ranking(values, rank_decimals)
    primary = -values if higher_is_better else values.copy()
    n = primary.shape[0]
    secondary = np.full(n, 0.5)
    if n == 0:
        return primary, secondary
    hints = np.nan_to_num(np.asarray(hints, dtype=float), nan=0.0)
    _, league_ids = np.unique(np.asarray(leagues), return_inverse=True)
    order = np.lexsort((hints, primary, league_ids))
    lg, pr, hi = league_ids[order], primary[order], hints[order]
    group_start = np.ones(n, dtype=bool)
    group_start[1:] = (lg[1:] != lg[:-1]) | (pr[1:] != pr[:-1])
    level_start = group_start.copy()
    level_start[1:] |= hi[1:] != hi[:-1]
    group_id = np.cumsum(group_start) - 1
    level_count = np.cumsum(level_start)
    levels_before_group = (level_count - 1)[group_start][group_id]
    level_in_group = level_count - 1 - levels_before_group
    levels_per_group = np.bincount(group_id, weights=level_start.astype(float))[group_id]
    secondary[order] = (2 * level_in_group + 1) / (2 * levels_per_group)
    return primary, secondary
