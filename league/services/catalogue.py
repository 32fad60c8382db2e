"""Changes to the rules: a metric's scoring parameters and a period's cut-points.

Either change queues a recompute of the periods it affects; published results stay frozen.
"""

from decimal import Decimal

from django.db import transaction

from league.models import FrameworkVersion, Metric, Period, PeriodStatus, RunTrigger
from league.services.runs import WORKING_STATUSES, period_inputs_changed

SCORING_FIELDS = (
    "rule",
    "params",
    "leagues",
    "higher_is_better",
    "counts_in_average",
    "average_group",
    "domain",
)


class RulesError(Exception):
    """A rule change refused; the message is for staff."""


class RulesFrozen(RulesError):
    """The rules of a published period or year cannot change."""


class CutPointsInvalid(RulesError):
    """Cut-points that cannot divide averages into four segments."""


def cut_points_problem(points) -> str | None:
    """What is wrong with a period's cut-points, if anything: all three or none, increasing."""
    if all(p is None for p in points):
        return None
    if any(p is None for p in points):
        return "Set all three cut-points, or none (the engine then computes them)."
    if not points[0] < points[1] < points[2]:
        return "Cut-points must increase: cut-point 1 < cut-point 2 < cut-point 3."
    return None


def period_cut_points_set(
    *,
    period: Period,
    points: tuple[Decimal | None, Decimal | None, Decimal | None],
    note: str | None = None,
    user=None,
) -> Period:
    """Set (or clear) the period's own cut-points, with where they come from."""
    problem = cut_points_problem(points)
    if problem:
        raise CutPointsInvalid(problem)
    if period.status == PeriodStatus.PUBLISHED:
        raise RulesFrozen(
            f"{period} is published: start a revision, with a reason, to change its cut-points."
        )
    with transaction.atomic():
        period.cut_point_1, period.cut_point_2, period.cut_point_3 = points
        if note is not None:
            period.cut_points_note = note
        elif None in points:
            period.cut_points_note = ""
        period.save(update_fields=["cut_point_1", "cut_point_2", "cut_point_3", "cut_points_note"])
        period_inputs_changed(periods=[period], trigger=RunTrigger.PARAMETERS, user=user)
    return period


def metric_save(*, metric: Metric, changed: list[str], user=None) -> list:
    """Save a catalogue change; a change to how the metric is scored recomputes the framework's
    working periods (draft, or being revised). A year with a published quarter keeps its
    scoring rules (RulesFrozen); its descriptions may still be corrected."""
    scoring = set(changed) & set(SCORING_FIELDS)
    with transaction.atomic():
        framework = FrameworkVersion.objects.select_for_update().get(pk=metric.framework_id)
        if scoring and framework.is_published:
            raise RulesFrozen(
                f"{framework.code} has published quarters, so how {metric.metric_id} is "
                "scored is frozen."
            )
        metric.save()
        if not scoring:
            return []
        periods = Period.objects.filter(
            framework_id=metric.framework_id, status__in=WORKING_STATUSES
        )
        return period_inputs_changed(periods=periods, trigger=RunTrigger.PARAMETERS, user=user)
