"""Likely ranges: the bootstrap NHS England's published league tables fit (methodology §1.8).

Each replicate resamples every provider's own item scores with replacement (same count) and
takes the mean. The average's likely range is the 2.5th-97.5th percentile of those means. For
the rank, each replicate re-segments every provider with the period's fixed cut-points and the
financial cap and re-ranks within the league on (segment, 2-dp mean): ranking on the mean
alone does not reproduce the published ranges. Everything is vectorised over replicates and
providers; replicates are processed in blocks only to bound memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .rounding import hundredths
from .segments import CutPoints, Segmentation, as_segmentation

_BLOCK_CELLS = 4_000_000
"""Upper bound on replicate x provider x item cells drawn at once (~32 MB of floats)."""


@dataclass(frozen=True)
class LikelyRanges:
    """Per-provider bootstrap results, aligned with the rows of the item matrix."""

    average_lo: np.ndarray
    average_hi: np.ndarray
    rank_lo: np.ndarray
    rank_hi: np.ndarray
    segment_stability: np.ndarray
    peer_rank_lo: np.ndarray | None = None
    peer_rank_hi: np.ndarray | None = None


def item_matrix(items: list[list[float]]) -> tuple[np.ndarray, np.ndarray]:
    """Pack ragged per-provider item scores into a NaN-padded matrix plus item counts."""
    counts = np.array([len(v) for v in items], dtype=np.int64)
    width = max(int(counts.max()) if counts.size else 0, 1)
    matrix = np.full((len(items), width), np.nan)
    for row, values in enumerate(items):
        matrix[row, : len(values)] = values
    return matrix, counts


def exact_mean_percentiles(
    matrix: np.ndarray, counts: np.ndarray, percentiles: tuple[float, float] = (2.5, 97.5)
) -> tuple[np.ndarray, np.ndarray]:
    """Percentiles of the bootstrap distribution of each provider's mean, computed exactly.

    This is the limit of infinitely many replicates, so a provider's published likely range
    does not move with the seed or the replicate count. Scores are placed on a grid of
    hundredths, each split between its two neighbouring grid points so the mean is kept
    exactly; the distribution of the sum of n draws is the n-fold convolution of one draw's,
    done by raising its Fourier transform to the n-th power.
    """
    providers = matrix.shape[0]
    lo_out, hi_out = np.empty(providers), np.empty(providers)
    valid = ~np.isnan(matrix)
    h = np.where(valid, matrix, 0.0) * 100.0
    base = int(np.floor(h[valid].min())) if valid.any() else 0
    width = int(np.ceil(h[valid].max())) - base + 2 if valid.any() else 2
    length = int(counts.max()) * (width - 1) + 1
    fft_len = 1 << int(np.ceil(np.log2(length)))
    block = max(1, _BLOCK_CELLS // (4 * fft_len))
    for start in range(0, providers, block):
        rows = slice(start, min(providers, start + block))
        n = counts[rows].astype(float)
        grid = np.where(valid[rows], h[rows], float(base)) - base
        floor = np.floor(grid)
        upper = (grid - floor) / n[:, None] * valid[rows]
        lower = (1.0 - (grid - floor)) / n[:, None] * valid[rows]
        pmf = np.zeros((grid.shape[0], width))
        row_idx = np.repeat(np.arange(grid.shape[0]), grid.shape[1])
        np.add.at(pmf, (row_idx, floor.astype(np.int64).ravel()), lower.ravel())
        np.add.at(pmf, (row_idx, floor.astype(np.int64).ravel() + 1), upper.ravel())
        spectrum = np.fft.rfft(pmf, fft_len, axis=1) ** n[:, None]
        cdf = np.cumsum(np.clip(np.fft.irfft(spectrum, fft_len, axis=1), 0.0, None), axis=1)
        cdf /= cdf[:, -1:]
        for out, pct in ((lo_out, percentiles[0]), (hi_out, percentiles[1])):
            first = np.argmax(cdf >= pct / 100.0 - 1e-12, axis=1)
            out[rows] = (first + n * base) / (100.0 * n)
    return lo_out, hi_out


def _ranks_in_league(adjusted: np.ndarray, avg_h: np.ndarray, league_ids: np.ndarray) -> np.ndarray:
    """Competition ranks within each (replicate, league) for a block of replicates (R x P)."""
    reps, providers = adjusted.shape
    base = int(avg_h.max()) + 1
    span = 5 * base
    n_leagues = int(league_ids.max()) + 1
    group = np.arange(reps, dtype=np.int64)[:, None] * n_leagues + league_ids[None, :]
    keys = group * span + adjusted * base + avg_h
    flat = np.sort(keys, axis=None)
    before = np.searchsorted(flat, keys.ravel(), side="left")
    group_start = np.searchsorted(flat, (group * span).ravel(), side="left")
    return (before - group_start + 1).reshape(reps, providers)


def bootstrap(
    matrix: np.ndarray,
    counts: np.ndarray,
    league_ids: np.ndarray,
    in_deficit: np.ndarray,
    cut_points: Segmentation | CutPoints,
    point_adjusted: np.ndarray,
    *,
    replicates: int = 1000,
    seed: int = 0,
    exact_average: bool = True,
    peer_ids: np.ndarray | None = None,
) -> LikelyRanges:
    """Bootstrap likely ranges of the average and the rank, and segment stability.

    `matrix`/`counts` hold only providers with at least one item. `league_ids` are small
    integers; `point_adjusted` is each provider's adjusted segment under the published rule.
    With `exact_average` the average's range is the exact bootstrap percentile (see
    `exact_mean_percentiles`); otherwise it is read from the sampled replicates.
    `peer_ids` (small integers, one per league and subtype) add the like-for-like rank's range,
    read from the same replicates: the rank among the provider's peers in each replicate.
    """
    segmentation = as_segmentation(cut_points)
    rng = np.random.default_rng(seed)
    providers, width = matrix.shape
    filled = np.where(np.isnan(matrix), 0.0, matrix)
    valid = np.arange(width)[None, None, :] < counts[None, :, None]
    means = np.empty((replicates, providers))
    ranks = np.empty((replicates, providers), dtype=np.int64)
    peer_ranks = None if peer_ids is None else np.empty((replicates, providers), dtype=np.int64)
    differs = np.zeros(providers, dtype=np.int64)
    block = max(1, _BLOCK_CELLS // max(1, providers * width))
    rows = np.arange(providers)[None, :, None]
    for start in range(0, replicates, block):
        stop = min(replicates, start + block)
        draws = np.floor(rng.random((stop - start, providers, width)) * counts[None, :, None])
        picked = filled[rows, draws.astype(np.int64)]
        block_means = np.where(valid, picked, 0.0).sum(axis=2) / counts[None, :]
        avg_h = hundredths(block_means)
        adjusted = segmentation.adjusted(segmentation.unadjusted(avg_h), in_deficit[None, :])
        means[start:stop] = block_means
        ranks[start:stop] = _ranks_in_league(adjusted, avg_h, league_ids)
        if peer_ranks is not None:
            peer_ranks[start:stop] = _ranks_in_league(adjusted, avg_h, peer_ids)
        differs += (adjusted != point_adjusted[None, :]).sum(axis=0)
    if exact_average:
        avg_lo, avg_hi = exact_mean_percentiles(matrix, counts)
    else:
        avg_lo, avg_hi = np.percentile(means, [2.5, 97.5], axis=0)
    rank_lo, rank_hi = _rank_percentiles(ranks)
    peer_lo, peer_hi = (None, None) if peer_ranks is None else _rank_percentiles(peer_ranks)
    return LikelyRanges(
        average_lo=avg_lo,
        average_hi=avg_hi,
        rank_lo=rank_lo,
        rank_hi=rank_hi,
        segment_stability=differs / float(replicates),
        peer_rank_lo=peer_lo,
        peer_rank_hi=peer_hi,
    )


def _rank_percentiles(ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 2.5th-97.5th percentile of each provider's replicate ranks, to whole places."""
    lo, hi = np.percentile(ranks, [2.5, 97.5], axis=0)
    return np.floor(lo + 0.5).astype(np.int64), np.floor(hi + 0.5).astype(np.int64)
