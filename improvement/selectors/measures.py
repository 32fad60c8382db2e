"""Progress measured by the data: an action's trajectory against the trust's published values.

Where an action is measured by a NOF metric and has a trajectory, each quarter's published
value is set against the value the trust expected, and the action's data-derived status comes
from the latest quarter that has both: on track, behind, or no data.
"""

from dataclasses import dataclass

from improvement.models import Action
from league.models import Metric, Period
from league.selectors import published_values
from trusts.models import Trust

ON_TRACK = "on_track"
BEHIND = "behind"
NO_DATA = "no_data"
STATUS_LABELS = {ON_TRACK: "On track", BEHIND: "Behind", NO_DATA: "No data yet"}


@dataclass(frozen=True)
class MeasurePoint:
    slug: str
    label: str
    expected: float | None
    actual: float | None
    status: str | None  # ON_TRACK or BEHIND when both values are known


@dataclass(frozen=True)
class Measure:
    metric: Metric
    points: list[MeasurePoint]
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def latest(self) -> MeasurePoint | None:
        """The quarter the status comes from."""
        compared = [point for point in self.points if point.status is not None]
        return compared[-1] if compared else None


def slug_label(slug: str) -> str:
    """ "2026-27-q1" -> "Q1 2026/27"."""
    return Period.label_for(int(slug[:4]), int(slug[-1]))


def compare(expected: float, actual: float, higher_is_better: bool | None) -> str | None:
    """On track when the actual value is at least as good as expected, in the metric's
    direction; None when the metric has no direction."""
    if higher_is_better is None:
        return None
    good = actual >= expected if higher_is_better else actual <= expected
    return ON_TRACK if good else BEHIND


def derive_status(points: list[MeasurePoint]) -> str:
    """The status of the latest quarter with both values, else no data."""
    for point in reversed(points):
        if point.status is not None:
            return point.status
    return NO_DATA


def measure_points(
    trajectory: dict[str, float],
    actual: dict[str, float | None],
    higher_is_better: bool | None,
    first_slug: str = "",
) -> list[MeasurePoint]:
    """One point per quarter that has an expected value, or a published value from
    `first_slug` on, in time order (period slugs sort in time order)."""
    slugs = set(trajectory) | {slug for slug in actual if slug >= first_slug}
    points = []
    for slug in sorted(slugs):
        expected, value = trajectory.get(slug), actual.get(slug)
        status = None
        if expected is not None and value is not None:
            status = compare(float(expected), value, higher_is_better)
        points.append(MeasurePoint(slug, slug_label(slug), expected, value, status))
    return points


def action_measure(
    action: Action, trust: Trust, first_period: Period | None = None
) -> Measure | None:
    """None for an action without a metric or a trajectory."""
    if action.metric is None or not action.trajectory:
        return None
    actual = {period.slug: value for period, value in published_values(trust, action.metric)}
    first_slug = first_period.slug if first_period else ""
    points = measure_points(
        action.trajectory, actual, action.metric.higher_is_better, first_slug=first_slug
    )
    return Measure(metric=action.metric, points=points, status=derive_status(points))
