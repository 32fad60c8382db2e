"""Edge cases of each scoring rule, on small hand-made populations."""

from __future__ import annotations

import numpy as np
import pytest

from league.methodology import MetricDefinition
from league.methodology.rules import (
    count_band,
    matrix_lookup,
    meets_threshold,
    rule_a,
    rule_b_failing,
    rule_c_passing,
    rule_d,
)
from league.methodology.scoring import Observations, score_metric


def _defn(rule: str, higher: bool | None = True, **params: object) -> MetricDefinition:
    return MetricDefinition(
        "OF0999", "OF1999", "test", "Access to services", "x", "%", higher, rule, dict(params)
    )


def _obs(
    values: list[float],
    leagues: list[str] | None = None,
    units: list[str] | None = None,
    hints: list[float | None] | None = None,
) -> Observations:
    n = len(values)
    return Observations(
        codes=tuple(f"P{i}" for i in range(n)),
        leagues=np.array(leagues or ["acute"] * n),
        values=np.array(values, dtype=float),
        units=np.array(units or ["%"] * n),
        hints=np.array([np.nan if h is None else h for h in (hints or [None] * n)], dtype=float),
    )


def test_rule_a_spans_one_to_four() -> None:
    assert rule_a(np.array([1, 2, 3]), 3).tolist() == [1.0, 2.5, 4.0]


def test_population_of_one_scores_best_without_dividing_by_zero() -> None:
    assert rule_a(np.array([1]), 1).tolist() == [1.0]
    assert rule_b_failing(np.array([1]), 1).tolist() == [2.0]
    assert rule_c_passing(np.array([1]), 1).tolist() == [1.0]


def test_rule_a_ties_share_the_best_rank() -> None:
    scores = score_metric(_defn("A", higher=False, population="type"), _obs([0, 0, 1, 2]))
    assert scores.tolist() == [1.0, 1.0, 3.0, 4.0]


def test_order_hint_separates_equal_rounded_values_within_a_league() -> None:
    obs = _obs([5.0, 5.0, 6.0], hints=[3, 2, 1])
    scores = score_metric(_defn("A", higher=True, population="type"), obs)
    assert scores.tolist() == [4.0, 2.5, 1.0]


def test_rank_decimals_ties_values_at_one_decimal() -> None:
    defn = _defn("A", higher=False, population="type", rank_decimals=1)
    scores = score_metric(defn, _obs([0.31, 0.34, 0.5]))
    assert scores.tolist() == [1.0, 1.0, 4.0]


def test_type_population_scores_each_league_separately() -> None:
    obs = _obs([1, 2, 10, 20], leagues=["acute", "acute", "non-acute", "non-acute"])
    scores = score_metric(_defn("A", higher=True, population="type"), obs)
    assert scores.tolist() == [4.0, 1.0, 4.0, 1.0]


def test_pooled_population_ranks_leagues_together() -> None:
    obs = _obs([1, 2, 10, 20], leagues=["acute", "acute", "non-acute", "non-acute"])
    scores = score_metric(_defn("A", higher=True, population="pooled"), obs)
    assert scores.tolist() == [4.0, 3.0, 2.0, 1.0]


def test_rule_b_meet_scores_one_and_failers_span_two_to_four() -> None:
    defn = _defn("B", higher=True, population="type", threshold=78.0, threshold_inclusive=True)
    scores = score_metric(defn, _obs([78.0, 90.0, 77.9, 70.0, 60.0]))
    assert scores.tolist() == [1.0, 1.0, 2.0, 3.0, 4.0]


def test_rule_b_when_everyone_passes() -> None:
    defn = _defn("B", higher=True, population="type", threshold=0.0)
    assert score_metric(defn, _obs([1.0, 2.0])).tolist() == [1.0, 1.0]


def test_rule_b_exclusive_threshold_fails_on_the_target() -> None:
    defn = _defn("B", higher=False, population="type", threshold=1.0, threshold_inclusive=False)
    assert score_metric(defn, _obs([0.99, 1.0, 1.5])).tolist() == [1.0, 2.0, 4.0]


def test_rule_b_count_reporting_trusts_use_count_bands_outside_the_ranking() -> None:
    defn = _defn(
        "B", higher=False, population="type", threshold=1.0, count_unit="count", count_score_cap=4
    )
    obs = _obs([1.2, 1.5, 0.0, 2.0, 7.0], units=["rate", "rate", "count", "count", "count"])
    assert score_metric(defn, obs).tolist() == [2.0, 4.0, 1.0, 3.0, 4.0]


def test_count_band_caps_at_four() -> None:
    assert count_band(np.array([0, 1, 2, 3, 9])).tolist() == [1, 2, 3, 4, 4]


def test_rule_c_pass_spans_one_to_three_and_fail_scores_four() -> None:
    defn = _defn("C", higher=True, population="pooled", threshold=70.0)
    scores = score_metric(defn, _obs([70.0, 80.0, 90.0, 69.99]))
    assert scores.tolist() == [3.0, 2.0, 1.0, 4.0]


def test_rule_c_when_nobody_passes() -> None:
    defn = _defn("C", higher=True, population="pooled", threshold=70.0)
    assert score_metric(defn, _obs([10.0, 20.0])).tolist() == [4.0, 4.0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.5, 1), (0.0, 1), (-0.01, 2), (-0.99, 2), (-1.0, 3), (-1.97, 3), (-2.0, 4), (-5, 4)],
)
def test_rule_d_planned_surplus_bands(value: float, expected: int) -> None:
    score = rule_d(np.array([value]), [0.0, -1.0, -2.0], [True, False, False])
    assert score.tolist() == [expected]


@pytest.mark.parametrize(
    ("value", "expected"), [(0.0, 1), (-0.01, 2), (-0.47, 2), (-0.5, 3), (-0.95, 3), (-1.0, 4)]
)
def test_rule_d_variance_to_plan_bands(value: float, expected: int) -> None:
    score = rule_d(np.array([value]), [0.0, -0.5, -1.0], [True, False, False])
    assert score.tolist() == [expected]


def test_rule_d_through_score_metric() -> None:
    defn = _defn("D", higher=True, band_cuts=[0.0, -1.0, -2.0], band_inclusive=[True, False, False])
    assert score_metric(defn, _obs([0.0, -0.5, -1.5, -3.0])).tolist() == [1, 2, 3, 4]


def test_combined_finance_matrix_reads_plan_rows_and_variance_columns() -> None:
    matrix = [[1, 1, 2, 3], [2, 2, 3, 4], [2, 3, 3, 4], [2, 3, 4, 4]]
    rows = np.array([1, 1, 2, 4, 3])
    cols = np.array([1, 4, 1, 1, 2])
    assert matrix_lookup(rows, cols, matrix).tolist() == [1, 3, 2, 2, 3]


def test_meets_threshold_directions() -> None:
    values = np.array([1.0, 2.0, 3.0])
    assert meets_threshold(values, 2.0, higher_is_better=True, inclusive=True).tolist() == [
        False,
        True,
        True,
    ]
    assert meets_threshold(values, 2.0, higher_is_better=False, inclusive=False).tolist() == [
        True,
        False,
        False,
    ]


def test_published_rule_cannot_be_scored_from_raw() -> None:
    with pytest.raises(ValueError, match="not a raw-value rule"):
        score_metric(_defn("published"), _obs([1.0]))
