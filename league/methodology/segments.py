"""Steps 3-4: from the 2-dp average to a segment, the financial cap, and league ranks.

2025/26 segments are quartiles of the 2-dp averages pooled over every provider of the period
(all leagues together), with NHS England's mixed boundaries: seg 1 if avg <= c1; 2 if
c1 < avg < c2; 3 if c2 <= avg <= c3; 4 if avg > c3. A framework with fixed thresholds
(2026/27) places a provider in the best segment whose threshold its average does not exceed:
seg 1 if avg <= t1; 2 if t1 < avg <= t2; 3 if t2 < avg <= t3; 4 if avg > t3. Averages are
compared as integer hundredths so boundaries never depend on float noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .ranking import competition_ranks

FINANCIAL_CAP_SEGMENT = 3
"""2025/26: providers in deficit (or on deficit support) cannot be placed above segment 3."""

CutPoints = tuple[float, float, float]

QUARTILES = "quartiles"
THRESHOLDS = "thresholds"
BOUNDARIES = (QUARTILES, THRESHOLDS)


def quartile_cut_points(averages_2dp: Sequence[float]) -> CutPoints:
    """Quartiles (numpy's default linear interpolation) of the pooled 2-dp averages."""
    q = np.percentile(np.asarray(averages_2dp, dtype=float), [25, 50, 75])
    return (float(q[0]), float(q[1]), float(q[2]))


def segment_of(
    avg_hundredths: np.ndarray | int, cut_points: CutPoints, boundaries: str = QUARTILES
) -> np.ndarray:
    """Unadjusted segment (1-4) for averages given in integer hundredths."""
    a = np.asarray(avg_hundredths)
    c1, c2, c3 = (round(c * 100.0, 6) for c in cut_points)
    if boundaries == THRESHOLDS:
        return np.where(a <= c1, 1, np.where(a <= c2, 2, np.where(a <= c3, 3, 4))).astype(np.int64)
    return np.where(a <= c1, 1, np.where(a < c2, 2, np.where(a <= c3, 3, 4))).astype(np.int64)


def apply_financial_cap(
    unadjusted: np.ndarray, in_deficit: np.ndarray, cap: int | None = FINANCIAL_CAP_SEGMENT
) -> np.ndarray:
    """Adjusted segment: max(unadjusted, cap) for providers in financial deficit; no change
    when the framework has no financial cap."""
    unadjusted = np.asarray(unadjusted)
    if cap is None:
        return unadjusted.copy()
    return np.where(np.asarray(in_deficit, dtype=bool), np.maximum(unadjusted, cap), unadjusted)


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


def target_average(segment: int, cut_points: CutPoints, boundaries: str = QUARTILES) -> int:
    """Largest 2-dp average (in hundredths) that still lands in `segment` (1-3)."""
    c = round(cut_points[segment - 1] * 100.0, 6)
    if segment == 2 and boundaries == QUARTILES:
        return int(np.ceil(c) - 1)
    return int(np.floor(c))


@dataclass(frozen=True)
class Segmentation:
    """How a period's averages become segments: its cut-points or thresholds, which
    boundary rule they follow, and the financial cap (None: no cap)."""

    cut_points: CutPoints
    boundaries: str = QUARTILES
    financial_cap: int | None = FINANCIAL_CAP_SEGMENT

    def unadjusted(self, avg_hundredths: np.ndarray) -> np.ndarray:
        return segment_of(avg_hundredths, self.cut_points, self.boundaries)

    def adjusted(self, unadjusted: np.ndarray, in_deficit: np.ndarray) -> np.ndarray:
        return apply_financial_cap(unadjusted, in_deficit, self.financial_cap)

    def target_average(self, segment: int) -> int:
        return target_average(segment, self.cut_points, self.boundaries)

    def blocked_by_cap(self, in_deficit: bool, target: int) -> bool:
        return in_deficit and self.financial_cap is not None and target < self.financial_cap


def as_segmentation(rule: Segmentation | CutPoints) -> Segmentation:
    """A Segmentation; bare cut-points follow the 2025/26 rule (quartile boundaries, cap 3)."""
    return rule if isinstance(rule, Segmentation) else Segmentation(tuple(rule))


def separating_cut_points(
    published: Sequence[tuple[int, int]], boundaries: str = QUARTILES
) -> tuple[CutPoints | None, str]:
    """Cut-points (or thresholds) that place every published (average in hundredths,
    unadjusted segment) pair in its published segment, and why when there are none.

    Each is read from the published answers: the highest average of one segment (the
    boundary that segment's averages may reach), or for 2025/26's second boundary the lowest
    average of segment 3, which that boundary includes.
    """
    by_segment: dict[int, list[int]] = {1: [], 2: [], 3: [], 4: []}
    for average, segment in published:
        if segment in by_segment:
            by_segment[segment].append(int(average))
    empty = [str(s) for s, averages in by_segment.items() if not averages]
    if empty:
        return None, f"No published averages in segment(s) {', '.join(empty)}."
    for segment in (1, 2, 3):
        if max(by_segment[segment]) >= min(by_segment[segment + 1]):
            return None, (
                f"Segments {segment} and {segment + 1} overlap: the highest average of segment "
                f"{segment} ({max(by_segment[segment]) / 100:.2f}) is not below the lowest of "
                f"segment {segment + 1} ({min(by_segment[segment + 1]) / 100:.2f})."
            )
    top = [max(by_segment[s]) for s in (1, 2, 3)]
    if boundaries == QUARTILES:
        top[1] = min(by_segment[3])
    return (top[0] / 100, top[1] / 100, top[2] / 100), ""
