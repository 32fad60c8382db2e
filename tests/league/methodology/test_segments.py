"""Half-up rounding, quartile cut-points, segment boundaries, the cap and league ranks."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from league.methodology.rounding import hundredths, round_half_up
from league.methodology.segments import (
    apply_financial_cap,
    league_ranks,
    quartile_cut_points,
    segment_of,
    target_average,
)

CUTS = (2.05, 2.33, 2.60)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.505, "1.51"), (2.005, "2.01"), (2.0049999, "2.00"), (2.675, "2.68"), (3.0, "3.00")],
)
def test_round_half_up(value: float, expected: str) -> None:
    assert round_half_up(value) == Decimal(expected)


def test_vectorised_rounding_agrees_with_decimal() -> None:
    values = np.round(np.linspace(1.0, 4.0, 30001), 6)
    expected = [int(round_half_up(v).scaleb(2)) for v in values]
    assert hundredths(values).tolist() == expected


def test_quartiles_use_numpy_linear_interpolation() -> None:
    assert quartile_cut_points([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)
    assert quartile_cut_points([1.0, 2.0]) == (1.25, 1.5, 1.75)


@pytest.mark.parametrize(
    ("average", "segment"),
    [(2.04, 1), (2.05, 1), (2.06, 2), (2.32, 2), (2.33, 3), (2.60, 3), (2.61, 4)],
)
def test_mixed_boundaries(average: float, segment: int) -> None:
    """seg 1 if avg <= c1; 2 if c1 < avg < c2; 3 if c2 <= avg <= c3; 4 if avg > c3."""
    assert segment_of(hundredths(np.array([average])), CUTS).tolist() == [segment]


def test_boundaries_with_interpolated_cut_points() -> None:
    cuts = (2.085, 2.3575, 2.7075)
    got = segment_of(np.array([208, 209, 235, 236, 270, 271]), cuts).tolist()
    assert got == [1, 2, 2, 3, 3, 4]


def test_financial_cap_only_lifts_to_three() -> None:
    adjusted = apply_financial_cap(np.array([1, 2, 3, 4, 1]), np.array([1, 1, 1, 1, 0]))
    assert adjusted.tolist() == [3, 3, 3, 4, 1]


def test_league_ranks_on_segment_then_average_within_each_league() -> None:
    leagues = np.array(["a", "a", "a", "a", "b", "b"])
    adjusted = np.array([3, 2, 2, 1, 4, 1])
    avg = np.array([150, 230, 230, 200, 300, 250])
    # a capped trust with a better average ranks below every segment-2 trust
    assert league_ranks(leagues, adjusted, avg).tolist() == [4, 2, 2, 1, 2, 1]


@pytest.mark.parametrize(("segment", "needed"), [(1, 205), (2, 232), (3, 260)])
def test_target_average_is_the_largest_average_in_the_segment(segment: int, needed: int) -> None:
    assert target_average(segment, CUTS) == needed
    assert segment_of(np.array([needed]), CUTS).tolist() == [segment]
