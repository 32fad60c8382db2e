"""Distance to the next better segment."""

from __future__ import annotations

from decimal import Decimal

import pytest

from league.methodology.aggregation import Item
from league.methodology.nextseg import next_segment, one_step

CUTS = (2.05, 2.33, 2.60)


@pytest.mark.parametrize(
    ("score", "rule", "improved"),
    [(2.37, "B", 1.0), (4.0, "C", 3.0), (2.5, "C", 2.0), (3.0, "D", 2.0), (2.71, "A", 2.0),
     (1.4, "A", 1.0), (1.0, "A", 1.0), (4.0, "matrix", 3.0)],
)  # fmt: skip
def test_one_step(score: float, rule: str, improved: float) -> None:
    assert one_step(score, rule) == improved


def _items() -> list[Item]:
    return [
        Item("OF1013", "Access to services", 2.8, (("OF1013", 2.8),)),
        Item("OF1080", "Finance and productivity", 3.0, (("OF1080", 3.0),)),
        Item("infection", "Patient safety", 2.0, (("OF1020", 1.0), ("OF1048", 3.0))),
        Item("OF1046", "Effectiveness and experience", 2.0, (("OF1046", 2.0),)),
    ]


RULES = {"OF1013": "B", "OF1080": "matrix", "OF1020": "B", "OF1048": "B", "OF1046": "published"}


def test_next_segment_names_the_cut_point_and_the_best_items() -> None:
    items = _items()
    average = sum(i.value for i in items) / 4  # 2.45, segment 3
    info = next_segment(items, average, 3, False, CUTS, RULES)
    assert info is not None
    assert (info.current_segment, info.target_segment) == (3, 2)
    assert info.average_needed == Decimal("2.32")
    assert info.average_gap == Decimal("0.13")
    assert [s.score_id for s in info.best_steps] == ["OF1013", "OF1046", "OF1048", "OF1080"]
    assert info.best_steps[0].average_drop == pytest.approx(1.8 / 4)
    assert info.best_steps[2].average_drop == pytest.approx(2.0 / 2 / 4)
    assert info.steps_to_target is not None
    assert [s.score_id for s in info.steps_to_target] == ["OF1013"]
    assert not info.blocked_by_financial_override


def test_deficit_blocks_moving_above_segment_three() -> None:
    items = _items()
    info = next_segment(items, 2.45, 3, True, CUTS, RULES)
    assert info is not None and info.blocked_by_financial_override
    info4 = next_segment(items, 2.7, 4, True, CUTS, RULES)
    assert info4 is not None and not info4.blocked_by_financial_override


def test_segment_one_has_no_next_segment() -> None:
    assert next_segment(_items(), 1.9, 1, False, CUTS, RULES) is None


def test_unreachable_target_has_no_steps_to_target() -> None:
    items = [Item("OF1046", "E", 4.0, (("OF1046", 4.0),))] * 2
    info = next_segment(items, 4.0, 4, False, CUTS, {"OF1046": "published"})
    assert info is not None and info.steps_to_target is None
