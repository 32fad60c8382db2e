"""The bootstrap: exact average percentiles, seeded replicates, rank ranges and stability."""

from __future__ import annotations

import numpy as np
import pytest

from league.methodology.uncertainty import bootstrap, exact_mean_percentiles, item_matrix

CUTS = (2.05, 2.33, 2.60)


def test_exact_percentiles_agree_with_many_sampled_replicates() -> None:
    items = [[1.0, 4.0, 2.37, 1.0, 3.12], [2.0, 2.0, 3.0], [1.0], [1.234, 3.456, 2.5, 4.0]]
    matrix, counts = item_matrix(items)
    lo, hi = exact_mean_percentiles(matrix, counts)
    rng = np.random.default_rng(0)
    for row, values in enumerate(items):
        v = np.array(values)
        means = v[rng.integers(0, v.size, size=(200_000, v.size))].mean(axis=1)
        s_lo, s_hi = np.percentile(means, [2.5, 97.5])
        assert lo[row] == pytest.approx(s_lo, abs=0.011)
        assert hi[row] == pytest.approx(s_hi, abs=0.011)


def test_single_item_has_a_point_range() -> None:
    matrix, counts = item_matrix([[2.5]])
    lo, hi = exact_mean_percentiles(matrix, counts)
    assert (lo[0], hi[0]) == (2.5, 2.5)


def _run(seed: int, replicates: int = 200, exact: bool = True):
    items = [[1.0, 1.5, 2.0], [2.0, 2.5, 3.0, 2.2], [3.0, 3.5, 4.0], [1.0, 4.0], [2.3, 2.4]]
    matrix, counts = item_matrix(items)
    return bootstrap(
        matrix, counts, np.array([0, 0, 0, 1, 1]), np.array([False, True, False, False, False]),
        CUTS, np.array([1, 3, 4, 3, 3]), replicates=replicates, seed=seed, exact_average=exact,
    )  # fmt: skip


def test_seeded_bootstrap_is_reproducible_and_seed_dependent() -> None:
    a, b, c = _run(1), _run(1), _run(2)
    assert np.array_equal(a.rank_lo, b.rank_lo) and np.array_equal(a.rank_hi, b.rank_hi)
    assert np.array_equal(a.segment_stability, b.segment_stability)
    assert not np.array_equal(a.segment_stability, c.segment_stability)


def test_ranges_are_ordered_and_within_league_bounds() -> None:
    for exact in (True, False):
        r = _run(3, exact=exact)
        assert np.all(r.average_lo <= r.average_hi)
        assert np.all(r.rank_lo <= r.rank_hi)
        assert np.all(r.rank_lo >= 1)
        assert np.all(r.rank_hi <= np.array([3, 3, 3, 2, 2]))
        assert np.all((r.segment_stability >= 0) & (r.segment_stability <= 1))


def test_constant_items_never_change_segment() -> None:
    matrix, counts = item_matrix([[1.0, 1.0], [4.0, 4.0, 4.0]])
    r = bootstrap(matrix, counts, np.array([0, 0]), np.array([False, False]), CUTS,
                  np.array([1, 4]), replicates=50, seed=0)  # fmt: skip
    assert r.segment_stability.tolist() == [0.0, 0.0]
    assert r.rank_lo.tolist() == [1, 2] and r.rank_hi.tolist() == [1, 2]


def test_blocks_do_not_change_results(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _run(5, replicates=64)
    monkeypatch.setattr("league.methodology.uncertainty._BLOCK_CELLS", 40)
    blocked = _run(5, replicates=64)
    assert np.array_equal(whole.rank_lo, blocked.rank_lo)
    assert np.array_equal(whole.average_lo, blocked.average_lo)
    assert np.array_equal(whole.segment_stability, blocked.segment_stability)
