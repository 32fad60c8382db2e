"""Distance to the next better segment: the average needed and the items that would get there.

An item improved "by one step" means: a target-gated (rule B) score that misses the target
meets it (1.00); a rule C fail (4.00) just meets the target (3.00); any other score moves to
the next better whole score. The drop in the average is the item's change divided by the
number of items (and by the group size for an averaged group such as acute infections).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

from .aggregation import Item
from .model import ItemStep, NextSegment
from .rounding import hundredths
from .segments import CutPoints, Segmentation, as_segmentation


def one_step(score: float, rule: str) -> float:
    """The score after one step of improvement (never better than 1.00)."""
    if score <= 1.0:
        return score
    if rule == "B":
        return 1.0
    if rule == "C" and score >= 4.0:
        return 3.0
    nearest = round(score)
    better = nearest - 1 if math.isclose(score, nearest, abs_tol=1e-9) else math.floor(score)
    return float(max(1, better))


def item_steps(items: Sequence[Item], rules: Mapping[str, str]) -> list[ItemStep]:
    """Every single-step improvement, largest fall in the average first."""
    steps = []
    for item in items:
        for score_id, current in item.members:
            improved = one_step(current, rules.get(score_id, "A"))
            drop = (current - improved) / len(item.members) / len(items)
            if drop > 0:
                steps.append(ItemStep(score_id, current, improved, drop))
    return sorted(steps, key=lambda s: (-s.average_drop, s.score_id))


def next_segment(
    items: Sequence[Item],
    average: float,
    unadjusted: int,
    in_deficit: bool,
    cut_points: Segmentation | CutPoints,
    rules: Mapping[str, str],
) -> NextSegment | None:
    """What it takes to reach the next better unadjusted segment; None in segment 1."""
    if unadjusted <= 1:
        return None
    segmentation = as_segmentation(cut_points)
    target = unadjusted - 1
    needed = segmentation.target_average(target)
    current = int(hundredths(average))
    steps = item_steps(items, rules)
    to_target: list[ItemStep] | None = None
    fall = 0.0
    for i, step in enumerate(steps):
        fall += step.average_drop
        if int(hundredths(average - fall)) <= needed:
            to_target = steps[: i + 1]
            break
    return NextSegment(
        current_segment=unadjusted,
        target_segment=target,
        average_needed=Decimal(needed).scaleb(-2),
        average_gap=Decimal(current - needed).scaleb(-2),
        blocked_by_financial_override=segmentation.blocked_by_cap(in_deficit, target),
        best_steps=tuple(steps),
        steps_to_target=None if to_target is None else tuple(to_target),
    )
