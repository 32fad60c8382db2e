"""Progress measured by the data: an action's trajectory against published values."""

import pytest
from django.test import Client

from improvement.selectors.measures import (
    BEHIND,
    NO_DATA,
    ON_TRACK,
    action_measure,
    compare,
    derive_status,
    measure_points,
)
from league.models import Metric, PeriodStatus
from tests.improvement import factories as f
from tests.league.factories import MetricValueFactory, PeriodFactory, TrustFactory

pytestmark = pytest.mark.django_db


def test_compare_follows_the_metric_direction():
    assert compare(70, 72, higher_is_better=True) == ON_TRACK
    assert compare(70, 68, higher_is_better=True) == BEHIND
    assert compare(5.0, 4.0, higher_is_better=False) == ON_TRACK
    assert compare(5.0, 6.0, higher_is_better=False) == BEHIND
    assert compare(5.0, 5.0, higher_is_better=False) == ON_TRACK
    assert compare(5.0, 6.0, higher_is_better=None) is None


def test_status_comes_from_the_latest_quarter_with_both_values():
    trajectory = {"2026-27-q1": 70.0, "2026-27-q2": 72.0, "2026-27-q3": 74.0}
    actual = {"2025-26-q4": 65.0, "2026-27-q1": 71.0, "2026-27-q2": 71.5}
    points = measure_points(trajectory, actual, True, first_slug="2025-26-q4")
    assert [p.label for p in points] == ["Q4 2025/26", "Q1 2026/27", "Q2 2026/27", "Q3 2026/27"]
    assert [p.status for p in points] == [None, ON_TRACK, BEHIND, None]
    assert derive_status(points) == BEHIND
    assert derive_status(measure_points(trajectory, {}, True)) == NO_DATA
    assert derive_status(measure_points(trajectory, actual, None)) == NO_DATA


def _two_published_quarters():
    periods = [f.published_period(2025, 1, days_ago=200), f.published_period(2025, 2, days_ago=100)]
    draft = PeriodFactory(year=2025, quarter=3, status=PeriodStatus.DRAFT)
    return periods, draft


@pytest.mark.parametrize(
    ("metric_id", "values", "expected"),
    [
        ("OF0013", (74.0, 77.5), ON_TRACK),  # higher is better: 77.5 against 76 expected
        ("OF0013", (74.0, 75.0), BEHIND),
        ("OF0003", (4.0, 3.4), ON_TRACK),  # lower is better: 3.4 against 3.6 expected
        ("OF0003", (4.0, 3.9), BEHIND),
    ],
)
def test_an_action_is_measured_against_imported_values_of_two_quarters(metric_id, values, expected):
    (q1, q2), draft = _two_published_quarters()
    trust = TrustFactory()
    metric = Metric.objects.get(framework__code="2025/26", metric_id=metric_id)
    for period, value in zip((q1, q2), values, strict=True):
        MetricValueFactory(period=period, trust=trust, metric=metric, value=value)
    MetricValueFactory(period=draft, trust=trust, metric=metric, value=0.0)  # unpublished
    expected_q2 = 76.0 if metric.higher_is_better else 3.6
    plan = f.PlanFactory(trust=trust, period=q1, published=True)
    action = f.ActionFactory(
        plan=plan,
        metric=metric,
        baseline=values[0],
        trajectory={q2.slug: expected_q2, "2025-26-q3": expected_q2},
    )
    measure = action_measure(action, trust, q1)
    assert [(p.label, p.actual) for p in measure.points] == [
        ("Q1 2025/26", values[0]),
        ("Q2 2025/26", values[1]),
        ("Q3 2025/26", None),  # the draft quarter's value is not public
    ]
    assert measure.status == expected
    assert measure.latest.label == "Q2 2025/26"
    f.MilestoneFactory(action=action)
    html = Client().get(f"/trusts/{trust.ods_code}/improvement/").content.decode()
    assert ("On track" if expected == ON_TRACK else "Behind") in html
    assert "Status reported by the trust" in html


def test_an_action_without_metric_or_trajectory_has_no_measure():
    trust = TrustFactory()
    action = f.ActionFactory(plan=f.PlanFactory(trust=trust))
    assert action_measure(action, trust) is None
