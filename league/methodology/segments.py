"""Steps 3-4: from the 2-dp average to a segment, the financial cap, and league ranks.

2025/26 segments are quartiles of the 2-dp averages pooled over every provider of the period
(all leagues together), with NHS England's mixed boundaries: seg 1 if avg <= c1; 2 if
c1 < avg < c2; 3 if c2 <= avg <= c3; 4 if avg > c3. 2026/27 replaces the quartiles by fixed
thresholds; the same boundary function takes them as a parameter. Averages are compared as
integer hundredths so boundaries never depend on float noise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .ranking import competition_ranks

FINANCIAL_CAP_SEGMENT = 3
"""Providers in deficit (or on deficit support) cannot be placed above segment 3."""

CutPoints = tuple[float, float, float]


def quartile_cut_points(averages_2dp: Sequence[float]) -> CutPoints:
    """Quartiles (numpy's default linear interpolation) of the pooled 2-dp averages."""
    q = np.percentile(np.asarray(averages_2dp, dtype=float), [25, 50, 75])
    return (float(q[0]), float(q[1]), float(q[2]))


def segment_of(avg_hundredths: np.ndarray | int, cut_points: CutPoints) -> np.ndarray:
    """Unadjusted segment (1-4) for averages given in integer hundredths."""
    a = np.asarray(avg_hundredths)
    c1, c2, c3 = (round(c * 100.0, 6) for c in cut_points)
    return np.where(a <= c1, 1, np.where(a < c2, 2, np.where(a <= c3, 3, 4))).astype(np.int64)


def apply_financial_cap(unadjusted: np.ndarray, in_deficit: np.ndarray) -> np.ndarray:
    """Adjusted segment: max(unadjusted, 3) for providers in financial deficit."""
    unadjusted = np.asarray(unadjusted)
    return np.where(
        np.asarray(in_deficit, dtype=bool),
        np.maximum(unadjusted, FINANCIAL_CAP_SEGMENT),
        unadjusted,
    )


def league_ranks(
    leagues: np.ndarray, adjusted: np.ndarray, avg_hundredths: np.ndarray
) -> np.ndarray:
    """Competition rank within each league on (adjusted segment, 2-dp average)."""
    leagues = np.asarray(leagues)
    key = np.asarray(adjusted, dtype=np.int64) * 100_000 + np.asarray(avg_hundredths)
    ranks = np.zeros(leagues.shape[0], dtype=np.int64)
    for league in np.unique(leagues):
        idx = np.flatnonzero(leagues == league)
        ranks[idx] = competition_ranks(key[idx].astype(float))
    return ranks


def target_average(segment: int, cut_points: CutPoints) -> int:
    """Largest 2-dp average (in hundredths) that still lands in `segment` (1-3)."""
    c = round(cut_points[segment - 1] * 100.0, 6)
    if segment == 2:
        return int(np.ceil(c) - 1)
    return int(np.floor(c))
