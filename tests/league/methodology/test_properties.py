"""Property tests: ranking validity, order independence, monotonicity, bootstrap sanity."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from league.methodology import PublishedScore, compute_period
from league.methodology.ranking import competition_ranks
from league.methodology.scoring import Observations, score_metric

from .synthetic import metrics, period

SLOW = settings(max_examples=25, deadline=None)


@given(st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=40))
def test_competition_ranks_are_valid(keys: list[int]) -> None:
    ranks = competition_ranks(np.array(keys, dtype=float))
    for key, rank in zip(keys, ranks, strict=True):
        assert rank == 1 + sum(k < key for k in keys)
    assert sorted(ranks)[0] == 1


@given(
    st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=30),
    st.sampled_from(["A", "B", "C"]),
    st.booleans(),
)
def test_better_values_never_score_worse(values: list[float], rule: str, higher: bool) -> None:
    defn = replace(metrics(1)[0], rule=rule, higher_is_better=higher,
                   params={"population": "pooled", "threshold": 50.0})  # fmt: skip
    n = len(values)
    obs = Observations(tuple(map(str, range(n))), np.array(["acute"] * n), np.array(values),
                       np.array(["%"] * n), np.full(n, np.nan))  # fmt: skip
    scores = score_metric(defn, obs)
    assert np.all((scores >= 1.0) & (scores <= 4.0))
    order = np.argsort(values)
    ordered = scores[order] if not higher else scores[order][::-1]
    assert np.all(np.diff(ordered) >= -1e-12)


@SLOW
@given(st.integers(min_value=2, max_value=30), st.integers(min_value=1, max_value=8),
       st.integers(min_value=0, max_value=10_000), st.randoms(use_true_random=False))  # fmt: skip
def test_input_order_changes_nothing(
    providers: int, metric_count: int, seed: int, rnd: random.Random
) -> None:
    inputs = period(providers, metric_count, seed=seed)
    shuffled = replace(
        inputs,
        providers=tuple(rnd.sample(inputs.providers, len(inputs.providers))),
        raw_values=tuple(rnd.sample(inputs.raw_values, len(inputs.raw_values))),
    )
    a = compute_period(inputs, replicates=30, seed=1).by_code()
    b = compute_period(shuffled, replicates=30, seed=1).by_code()
    assert a == b


@SLOW
@given(st.integers(min_value=2, max_value=25), st.integers(min_value=1, max_value=6),
       st.integers(min_value=0, max_value=10_000), st.data())  # fmt: skip
def test_lowering_a_score_never_raises_the_average(
    providers: int, metric_count: int, seed: int, data: st.DataObject
) -> None:
    inputs = period(providers, metric_count, seed=seed, published=True)
    if not inputs.published_scores:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(inputs.published_scores) - 1))
    target = inputs.published_scores[index]
    lowered_to = data.draw(st.floats(min_value=1.0, max_value=target.score))
    scores = list(inputs.published_scores)
    scores[index] = PublishedScore(target.provider_code, target.score_id, lowered_to)
    before = compute_period(inputs, replicates=0).by_code()[target.provider_code]
    after = compute_period(replace(inputs, published_scores=tuple(scores)), replicates=0)
    mine = after.by_code()[target.provider_code]
    assert mine.average is not None and before.average is not None
    assert mine.average <= before.average + 1e-12
    assert mine.average_2dp <= before.average_2dp


@SLOW
@given(st.integers(min_value=3, max_value=40), st.integers(min_value=1, max_value=8),
       st.integers(min_value=0, max_value=10_000))  # fmt: skip
def test_league_ranks_and_likely_ranges_are_sane(providers: int, metric_count: int, seed: int):
    result = compute_period(period(providers, metric_count, seed=seed), replicates=60, seed=seed)
    ranked = [p for p in result.providers if p.rank is not None]
    for p in ranked:
        peers = [q for q in ranked if q.league == p.league]
        ahead = sum((q.adjusted_segment, q.average_2dp) < (p.adjusted_segment, p.average_2dp)
                    for q in peers)  # fmt: skip
        assert p.rank == 1 + ahead and p.league_size == len(peers)
        assert p.average_lo <= p.average_hi and p.rank_lo <= p.rank_hi
        assert p.average_lo - Decimal("0.01") <= p.average_2dp <= p.average_hi + Decimal("0.01")
        assert p.rank_lo >= 1 and p.rank_hi <= len(peers)
        assert 0.0 <= p.segment_stability <= 1.0
        assert p.adjusted_segment >= p.unadjusted_segment
