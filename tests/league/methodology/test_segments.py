"""Half-up rounding, quartile cut-points, segment boundaries, the cap and league ranks."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from league.methodology.rounding import hundredths, round_half_up
from league.methodology.segments import (
    THRESHOLDS,
    apply_financial_cap,
    league_ranks,
    quartile_cut_points,
    segment_of,
    separating_cut_points,
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


def test_thresholds_hold_averages_up_to_and_including_each_threshold() -> None:
    thresholds = (1.80, 2.40, 3.00)
    averages = np.array([100, 179, 180, 181, 239, 240, 241, 299, 300, 301, 400])
    assert segment_of(averages, thresholds, THRESHOLDS).tolist() == [
        1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4]  # fmt: skip
    # 2025/26's boundaries differ at the second cut-point: it belongs to segment 3.
    assert segment_of(np.array([240]), thresholds).tolist() == [3]


def test_the_financial_cap_is_the_frameworks() -> None:
    unadjusted = np.array([1, 2, 3, 4, 1])
    deficit = np.array([True, True, True, True, False])
    assert apply_financial_cap(unadjusted, deficit).tolist() == [3, 3, 3, 4, 1]
    assert apply_financial_cap(unadjusted, deficit, 2).tolist() == [2, 2, 3, 4, 1]
    assert apply_financial_cap(unadjusted, deficit, None).tolist() == [1, 2, 3, 4, 1]


def test_separating_cut_points_follow_each_boundary_rule() -> None:
    pairs = [(180, 1), (175, 1), (190, 2), (230, 2), (240, 3), (290, 3), (310, 4)]
    assert separating_cut_points(pairs, THRESHOLDS) == ((1.80, 2.30, 2.90), "")
    assert separating_cut_points(pairs) == ((1.80, 2.40, 2.90), "")
    for rule in (THRESHOLDS, "quartiles"):
        cuts, _ = separating_cut_points(pairs, rule)
        got = segment_of(np.array([a for a, _ in pairs]), cuts, rule).tolist()
        assert got == [s for _, s in pairs]


def test_overlapping_or_missing_segments_give_no_cut_points() -> None:
    points, reason = separating_cut_points([(180, 1), (179, 2), (240, 3), (300, 4)])
    assert points is None
    assert reason.startswith("Segments 1 and 2 overlap: the highest average of segment 1 (1.80)")
    assert separating_cut_points([(180, 1), (200, 2), (240, 3)]) == (
        None, "No published averages in segment(s) 4.")  # fmt: skip
