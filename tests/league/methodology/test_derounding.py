import random
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from league.methodology.derounding import restore_unrounded
from league.methodology.rounding import round_half_up
from tests.league.methodology.nof_2025_26 import metric_by_id

RULE_A = metric_by_id()["OF0084"]
RULE_B = metric_by_id()["OF0013"]


def _rank_linear(rank: int, size: int, low: float = 1.0, span: float = 3.0) -> float:
    return float(low + span * Fraction(rank - 1, size - 1))


@given(st.integers(min_value=20, max_value=250), st.data())
def test_published_scores_on_one_grid_are_made_unrounded(size, data):
    ranks = data.draw(st.lists(st.integers(1, size), min_size=size // 2, max_size=size))
    unrounded = {f"T{i}": _rank_linear(r, size) for i, r in enumerate(ranks)}
    published = {code: float(round_half_up(score)) for code, score in unrounded.items()}

    restored = restore_unrounded(RULE_A, published)

    for code, score in restored.items():
        assert round_half_up(score) == round_half_up(unrounded[code])
        assert abs(score - published[code]) <= 0.005 + 1e-12


def test_a_pool_larger_than_the_scores_seen_is_found():
    # 61 trusts seen of a pool of 205 (sickness absence is scored over every trust).
    ranks = sorted(random.Random(1).sample(range(1, 206), 61))
    unrounded = {f"T{r}": _rank_linear(r, 205) for r in ranks}
    published = {code: float(round_half_up(score)) for code, score in unrounded.items()}
    restored = restore_unrounded(RULE_A, published)
    assert all(abs(restored[code] - unrounded[code]) < 1e-12 for code in unrounded)


def test_rule_b_keeps_trusts_that_meet_the_target_at_one():
    failing = {f"F{r}": _rank_linear(r, 40, 2.0, 2.0) for r in range(1, 41)}
    published = {code: float(round_half_up(s)) for code, s in failing.items()} | {"P1": 1.0}
    restored = restore_unrounded(RULE_B, published)
    assert restored["P1"] == 1.0
    assert all(restored[c] == failing[c] for c in failing)


@given(st.lists(st.integers(100, 400), min_size=1, max_size=60))
def test_a_restored_score_always_rounds_to_the_published_one(cents):
    published = {f"T{i}": c / 100 for i, c in enumerate(cents)}
    restored = restore_unrounded(RULE_A, published)
    assert {c: float(round_half_up(s)) for c, s in restored.items()} == published
