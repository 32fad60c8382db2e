"""Plain-English sentences generated from a trust's numbers, for its profile.

Every sentence is built from the stored figures (rank, likely range, average, cut-points,
financial override, Assessment.next_segment), so the words can never disagree with the table.
"""

from dataclasses import dataclass
from decimal import Decimal

from league.models import Assessment, FrameworkVersion, Metric, SegmentRule
from league.presenters.words import ordinal

FINANCIAL_CAP = 3  # 2025/26's, for callers that do not name the framework year


@dataclass(frozen=True)
class Step:
    score_id: str
    metric: Metric | None
    current: Decimal
    improved: Decimal
    average_drop: Decimal


def summary(assessment: Assessment, previous: Assessment | None) -> list[str]:
    """ "Ranked 57th of 134; likely between 41st and 73rd." and what goes with it."""
    sentences = []
    if assessment.rank is not None:
        text = f"Ranked {ordinal(assessment.rank)} of {assessment.league_size}"
        if assessment.rank_low is not None and assessment.rank_high is not None:
            text += (
                f"; likely between {ordinal(assessment.rank_low)} "
                f"and {ordinal(assessment.rank_high)}"
            )
        sentences.append(text + ".")
    if assessment.average_2dp is not None:
        text = f"Average metric score {assessment.average_2dp:.2f}"
        if assessment.average_low is not None and assessment.average_high is not None:
            text += f" (likely {assessment.average_low:.2f} to {assessment.average_high:.2f})"
        sentences.append(text + ", where 1.00 is best and 4.00 worst.")
    if previous is not None and previous.rank is not None and assessment.rank is not None:
        sentences.append(_movement(assessment, previous))
    return sentences


def _movement(assessment: Assessment, previous: Assessment) -> str:
    places = previous.rank - assessment.rank
    since = f"since {previous.period.label}"
    if places == 0:
        moved = f"Same rank as in {previous.period.label}"
    else:
        direction = "Up" if places > 0 else "Down"
        moved = f"{direction} {abs(places)} place{'s' if abs(places) != 1 else ''} {since}"
    if previous.segment != assessment.segment:
        moved += f", from segment {previous.segment}"
    return moved + "."


def segment_reasons(
    assessment: Assessment,
    cut_points: tuple | None,
    framework: FrameworkVersion | None = None,
    noun: str = "trust",
) -> list[str]:
    """Why the trust (or ICB: `noun`) is in its segment: its average against the cut-points
    (or the year's thresholds), then the financial cap and segment 5, as the framework year
    sets them."""
    reasons = []
    one = f"{'an' if noun[0] in 'AEIOU' else 'a'} {noun}"
    average, unadjusted = assessment.average_2dp, assessment.unadjusted_segment
    thresholds = framework is not None and framework.segment_rule == SegmentRule.THRESHOLDS
    cap = FINANCIAL_CAP if framework is None else framework.financial_cap
    if average is not None and cut_points and unadjusted:
        c1, c2, c3 = (f"{c:.2f}" for c in cut_points)
        where = (
            {
                1: f"at or below the first threshold ({c1})",
                2: f"above the first threshold ({c1}) and at or below the second ({c2})",
                3: f"above the second threshold ({c2}) and at or below the third ({c3})",
                4: f"above the third threshold ({c3})",
            }
            if thresholds
            else {
                1: f"at or below the first cut-point ({c1})",
                2: f"above the first cut-point ({c1}) and below the second ({c2})",
                3: f"at or above the second cut-point ({c2}) and at or below the third ({c3})",
                4: f"above the third cut-point ({c3})",
            }
        )[unadjusted]
        reasons.append(
            f"Its average score of {average:.2f} is {where}, so its scores place it in "
            f"segment {unadjusted}."
        )
    elif unadjusted:
        reasons.append(f"Its scores place it in segment {unadjusted}.")
    if assessment.in_financial_deficit and cap is None:
        reasons.append(
            "It is in financial deficit, which does not change its segment in this framework year."
        )
    elif assessment.in_financial_deficit:
        if assessment.adjusted_segment != unadjusted:
            reasons.append(
                "It is in financial deficit, so the financial override moves it to segment "
                f"{assessment.adjusted_segment}: {one} in deficit can be no better than "
                f"segment {cap}."
            )
        else:
            reasons.append(
                f"It is in financial deficit. The financial override limits {one} in deficit "
                f"to segment {cap} or below, which makes no difference here."
            )
    if assessment.in_recovery_support:
        reasons.append(
            "It is in segment 5: NHS England gives it intensive support through the Recovery "
            f"Support Programme. It is ranked with segment {assessment.adjusted_segment}."
        )
    return reasons


def next_steps(assessment: Assessment, metrics: dict[str, Metric]) -> dict | None:
    """What would move the trust up, from Assessment.next_segment (None in segment 1)."""
    data = assessment.next_segment
    if not data:
        return None

    def steps(raw: list | None) -> list[Step] | None:
        if raw is None:
            return None
        return [
            Step(
                s["score_id"],
                metrics.get(s["score_id"]),
                Decimal(str(s["current"])).quantize(Decimal("0.01")),
                Decimal(str(s["improved"])).quantize(Decimal("0.01")),
                Decimal(str(s["average_drop"])).quantize(Decimal("0.01")),
            )
            for s in raw
        ]

    return {
        "target": data["target_segment"],
        "needed": Decimal(data["average_needed"]),
        "gap": Decimal(data["average_gap"]),
        "blocked": data["blocked_by_financial_override"],
        "to_target": steps(data.get("steps_to_target")),
        "best": steps(data.get("best_steps"))[:5],
    }
