"""NHS.UK form pieces, the action form's trajectory, and the timeline's geometry."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from improvement.forms.actions import ActionForm, ProgressUpdateForm
from improvement.forms.fields import NHSDateField, no_contact_details
from improvement.timeline import TimelineAction, build_timeline
from league.models import Metric
from tests.improvement.conftest import signed_in
from tests.improvement.helpers import action_data, date_parts


def _date(**parts) -> tuple:
    field = NHSDateField(label="Due date", required=False)
    try:
        return field.clean([parts.get("d", ""), parts.get("m", ""), parts.get("y", "")]), None
    except Exception as error:  # ValidationError
        return None, error.messages[0]


def test_the_date_field_reads_three_parts_with_nhs_messages():
    assert _date(d="31", m="3", y="2027") == (date(2027, 3, 31), None)
    assert _date() == (None, None)
    assert _date(d="31", m="3")[1] == "Due date must include a day, month and year"
    assert _date(d="31", m="2", y="2027")[1] == "Due date must be a real date"
    assert _date(d="x", m="2", y="2027")[1] == "Due date must be a real date"
    assert _date(d="1", m="2", y="27")[1] == "Due date must be a real date"


@pytest.mark.parametrize(
    ("value", "ok"),
    [("Chief executive", True), ("jo@trust.nhs.uk", False), ("Call 0113 496 0000", False),
     ("Director of Q4 2026 recovery", True), ("https://example.org", False)],
)  # fmt: skip
def test_owner_roles_refuse_contact_details(value, ok):
    from django.core.exceptions import ValidationError

    try:
        no_contact_details(value)
        assert ok
    except ValidationError:
        assert not ok


@pytest.mark.django_db
def test_the_action_form_offers_the_leagues_metrics_and_reads_the_trajectory(world):
    form = ActionForm(plan=world.plan_a)
    metric_ids = {m.metric_id for m in form.fields["metric"].queryset}
    assert "OF0013" in metric_ids and "OF0086" not in metric_ids  # OF0086: non-acute, ambulance
    quarters = [field.label for field in form.trajectory_fields()]
    assert quarters[0] == "Q1 2026/27" and len(quarters) == 8
    metric = Metric.objects.get(framework__code="2025/26", metric_id="OF0013")
    data = action_data(trajectory_2026_27_q1="76.5", trajectory_2026_27_q3="80")
    unmeasured = ActionForm(data, plan=world.plan_a)
    assert not unmeasured.is_valid()
    assert unmeasured.errors["metric"] == ["Select the NOF metric these values are measured in"]
    form = ActionForm(
        {**data, "metric": metric.pk, "further_metric_ids": ["OF0014"]}, plan=world.plan_a
    )
    assert form.is_valid(), form.errors
    assert form.action_fields()["trajectory"] == {"2026-27-q1": 76.5, "2026-27-q3": 80.0}
    assert form.action_fields()["further_metric_ids"] == ["OF0014"]


@pytest.mark.django_db
def test_an_invalid_form_shows_the_error_summary_linked_to_its_fields(world):
    client = signed_in(world.editor_a)
    response = client.post(
        f"/manage/plans/{world.plan_a.pk}/actions/new/",
        {"title": "", "owner_role": "x@y.z", **date_parts("target_date", date(2027, 1, 1))},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert 'href="#id_title"' in html and "Enter the action" in html
    assert 'href="#id_status_0"' in html and 'id="id_status_0"' in html
    assert "not a person&#x27;s contact details" in html


@pytest.mark.django_db
def test_progress_updates_cannot_be_dated_in_the_future(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = ProgressUpdateForm(
        {"rag": "green", "text": "x", **date_parts("date", tomorrow)}, plan=world.plan_a
    )
    assert form.errors["date"] == ["Date of the update must be today or in the past"]


def test_the_timeline_places_actions_and_milestones_on_a_time_axis():
    today = date(2026, 5, 15)
    actions = [
        TimelineAction("Open a unit", date(2026, 12, 31), False,
                       [("Done", date(2026, 2, 1), date(2026, 1, 30)),
                        ("Late", date(2026, 4, 1), None),
                        ("Next", date(2026, 9, 1), None)]),
        TimelineAction("Finished", date(2026, 3, 1), True, []),
    ]  # fmt: skip
    timeline = build_timeline(date(2026, 1, 10), actions, today)
    assert timeline.start == date(2026, 1, 1) and timeline.end == date(2027, 1, 1)
    assert [t.label for t in timeline.ticks] == ["Jan 2026", "Apr 2026", "Jul 2026", "Oct 2026",
                                                 "Jan 2027"]  # fmt: skip
    first, second = timeline.rows
    assert [m.state for m in first.marks] == ["done", "overdue", "due"]
    assert first.x1 < first.marks[0].x < first.marks[1].x < timeline.today_x < first.x2
    assert second.finished and not second.overdue
    assert timeline.height > 2 * 50
    assert build_timeline(today, [], today) is None
