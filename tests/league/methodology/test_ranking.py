"""Competition ranking and the unrounded-order keys built from NHS England's Rank column."""

from __future__ import annotations

import numpy as np

from league.methodology.ranking import competition_ranks, ordering_keys, round_for_ranking


def test_competition_ranks_share_the_best_rank_and_skip() -> None:
    assert competition_ranks(np.array([3.0, 1.0, 3.0, 2.0, 5.0])).tolist() == [3, 1, 3, 2, 5]


def test_competition_ranks_use_the_secondary_key_to_break_ties() -> None:
    ranks = competition_ranks(np.array([1.0, 1.0, 1.0]), np.array([0.5, 0.25, 0.5]))
    assert ranks.tolist() == [2, 1, 2]


def test_empty_input() -> None:
    assert competition_ranks(np.array([])).tolist() == []


def test_higher_is_better_negates_the_value() -> None:
    primary, _ = ordering_keys(
        np.array([1.0, 2.0]), np.array(["a", "a"]), np.array([np.nan, np.nan]),
        higher_is_better=True,
    )  # fmt: skip
    assert competition_ranks(primary).tolist() == [2, 1]


def test_tied_values_spread_in_hint_order_within_a_league() -> None:
    _, secondary = ordering_keys(
        np.array([5.0, 5.0, 5.0, 5.0]),
        np.array(["a", "a", "a", "a"]),
        np.array([7.0, 5.0, 5.0, 9.0]),
        higher_is_better=False,
    )
    # three distinct hints: positions 1/6, 3/6, 5/6; equal hints stay tied
    assert secondary.tolist() == [0.5, 1 / 6, 1 / 6, 5 / 6]


def test_leagues_interleave_by_estimated_position() -> None:
    values = np.array([5.0, 5.0, 5.0])
    leagues = np.array(["acute", "acute", "mh"])
    primary, secondary = ordering_keys(
        values, leagues, np.array([1.0, 2.0, 1.0]), higher_is_better=False
    )
    # acute at 1/4 and 3/4, the single MH trust at 1/2 between them
    assert competition_ranks(primary, secondary).tolist() == [1, 3, 2]


def test_genuine_cross_league_ties_stay_tied() -> None:
    primary, secondary = ordering_keys(
        np.array([0.0, 0.0, 0.0, 1.0]),
        np.array(["acute", "acute", "mh", "mh"]),
        np.array([1.0, 1.0, 1.0, 2.0]),
        higher_is_better=False,
    )
    assert competition_ranks(primary, secondary).tolist() == [1, 1, 1, 4]


def test_round_for_ranking_is_half_up() -> None:
    assert round_for_ranking(np.array([77.95, 0.25, 0.34]), 1).tolist() == [78.0, 0.3, 0.3]
    assert round_for_ranking(np.array([1.234]), None).tolist() == [1.234]
