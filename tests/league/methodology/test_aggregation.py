"""Items, the infection group, excluded finance components, precision and domain scores."""

from __future__ import annotations

import pytest

from league.methodology.aggregation import average_score, build_items, domain_scores
from tests.league.methodology.nof_2025_26 import DOMAINS, METRICS

ACUTE = {
    "OF1003": 2.0, "OF1013": 1.0, "OF1020": 1.0, "OF1048": 2.5, "OF1088": 3.0,
    "OF1079": 4.0, "OF1081": 4.0, "OF1080": 4.0, "OF1085": 1.5, "OF1046": 2.0,
}  # fmt: skip


def test_infection_scores_are_one_item_and_finance_components_are_left_out() -> None:
    items = build_items(ACUTE, METRICS)
    keys = [it.key for it in items]
    assert "infection" in keys and "OF1020" not in keys
    assert "OF1079" not in keys and "OF1081" not in keys and "OF1080" in keys
    infection = next(it for it in items if it.key == "infection")
    assert infection.value == pytest.approx(6.5 / 3)
    assert [sid for sid, _ in infection.members] == ["OF1020", "OF1048", "OF1088"]
    assert len(items) == 6


def test_average_is_the_unweighted_mean_of_items() -> None:
    # OF1003, OF1013 (access); infection (safety); OF1080, OF1085 (finance); OF1046
    expected = (2.0 + 1.0 + 6.5 / 3 + 4.0 + 1.5 + 2.0) / 6
    assert average_score(build_items(ACUTE, METRICS)) == pytest.approx(expected)


def test_missing_items_are_dropped_and_no_items_gives_no_average() -> None:
    assert average_score(build_items({}, METRICS)) is None
    items = build_items({"OF1013": 3.0}, METRICS)
    assert average_score(items) == 3.0


def test_domain_scores_average_their_own_items() -> None:
    domains = domain_scores(build_items(ACUTE, METRICS), DOMAINS)
    assert domains["OF4000"] == pytest.approx(1.5)
    assert domains["OF4002"] == pytest.approx(6.5 / 3)
    assert domains["OF4003"] == pytest.approx(2.75)
    assert domains["OF4005"] == pytest.approx(2.0)
    assert "OF4004" not in domains


def test_rounded_items_enter_the_mean_at_two_decimals() -> None:
    scores = {"OF1003": 1.004, "OF1010": 1.004}
    items = build_items(scores, METRICS, frozenset({"OF1003"}))
    assert [it.value for it in items] == [1.0, 1.004]
