"""Like-for-like ranks: the league table's ranking, within each trust subtype.

The real-data test computes the expected ranks by hand from NHS England's own published league
ranks (the Rank column of the OF5000 rows), independently of the engine.
"""

from __future__ import annotations

import dataclasses

from league.methodology import compute_period

from . import synthetic
from .official_data import Q1, OfficialData

SUBTYPES = ("Acute - Small", "Acute - Medium", "Acute - Teaching")


def _with_subtypes(inputs):
    providers = tuple(
        dataclasses.replace(p, peer_group=SUBTYPES[i % 3]) for i, p in enumerate(inputs.providers)
    )
    return dataclasses.replace(inputs, providers=providers)


def test_peer_rank_is_the_league_order_within_the_subtype() -> None:
    result = compute_period(_with_subtypes(synthetic.period(90, 12, seed=4)), replicates=0)
    ranked = [p for p in result.providers if p.rank is not None]
    for p in ranked:
        peers = [q for q in ranked if (q.league, q.peer_group) == (p.league, p.peer_group)]
        assert p.peer_size == len(peers)
        assert p.peer_rank == 1 + sum(q.rank < p.rank for q in peers)


def test_without_subtypes_the_peer_rank_is_the_league_rank() -> None:
    result = compute_period(synthetic.period(60, 10, seed=2), replicates=100)
    for p in result.providers:
        if p.rank is not None:
            assert (p.peer_rank, p.peer_size) == (p.rank, p.league_size)
            assert (p.peer_rank_lo, p.peer_rank_hi) == (p.rank_lo, p.rank_hi)


def test_peer_ranges_come_from_the_same_replicates_and_leave_the_published_ones_alone() -> None:
    plain = synthetic.period(90, 12, seed=7)
    without = compute_period(plain, replicates=300).by_code()
    with_peers = compute_period(_with_subtypes(plain), replicates=300).by_code()
    for code, p in with_peers.items():
        if p.rank is None:
            continue
        assert (p.rank_lo, p.rank_hi, p.average_lo, p.average_hi) == (
            without[code].rank_lo,
            without[code].rank_hi,
            without[code].average_lo,
            without[code].average_hi,
        )
        assert 1 <= p.peer_rank_lo <= p.peer_rank_hi <= p.peer_size
        # Fewer trusts to pass: on these data no range among peers is wider than the league's.
        assert p.peer_rank_hi - p.peer_rank_lo <= p.rank_hi - p.rank_lo


def test_q1_acute_specialist_ranks_match_a_hand_computation(official: OfficialData) -> None:
    result = compute_period(official.inputs(Q1, leagues={"acute"}), replicates=200)
    published_rank = {
        r["Trust_code"]: float(r["Rank"])
        for r in official.quarter_rows(Q1, {"acute"})
        if r["Metric_ID"] == "OF5000" and r["Trust_subtype"] == "Acute - Specialist"
    }
    expected = {
        code: 1 + sum(other < rank for other in published_rank.values())
        for code, rank in published_rank.items()
    }
    computed = {
        p.code: p.peer_rank for p in result.providers if p.peer_group == "Acute - Specialist"
    }
    assert len(expected) == 16
    assert computed == expected
    for p in result.providers:
        if p.peer_group == "Acute - Specialist":
            assert p.peer_size == 16
            assert 1 <= p.peer_rank_lo <= p.peer_rank <= p.peer_rank_hi <= 16


def test_no_replicates_no_peer_ranges() -> None:
    result = compute_period(_with_subtypes(synthetic.period(30, 8)), replicates=0)
    assert all(p.peer_rank_lo is None for p in result.providers)
    assert any(p.peer_rank is not None for p in result.providers)
