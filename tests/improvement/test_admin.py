"""NHS England's review in Django admin: lists, filters, review through the service, history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from improvement.models import ReviewStatus
from improvement.services import plans as plan_services
from tests.improvement import factories as f
from tests.improvement.conftest import signed_in

pytestmark = pytest.mark.django_db
PLANS = "/admin/improvement/improvementplan/"


def test_plans_are_listed_with_flags_and_filters(world, django_assert_max_num_queries):
    world.plan_a.delete()
    late = f.complete_plan(trust=world.trust_a, period=world.period, published=True, title="Late")
    f.MilestoneFactory(action=late.actions.first(), due_date=timezone.localdate() - timedelta(1))
    client = signed_in(world.staff)
    with django_assert_max_num_queries(12):
        html = client.get(PLANS).content.decode()
    assert "Late" in html and "Beta secret draft" in html
    assert "Late" in client.get(PLANS + "?flag=overdue_milestones").content.decode()
    assert (
        "Beta secret draft" not in client.get(PLANS + "?flag=overdue_milestones").content.decode()
    )
    assert "Late" not in client.get(PLANS + "?flag=stale").content.decode()
    assert "Late" in client.get(PLANS + "?status__exact=published").content.decode()


def test_staff_ask_for_changes_through_the_review_service(world):
    client = signed_in(world.staff)
    url = f"{PLANS}{world.plan_a.pk}/change/"
    assert client.get(url).status_code == 200
    form = {"review_status": ReviewStatus.CHANGES_REQUESTED, "review_comments": ""}
    inline = {
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "1",
        "actions-0-id": world.action_a.pk,
        "actions-0-plan": world.plan_a.pk,
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
    }
    assert client.post(url, {**form, **inline}).status_code == 200  # comments are required
    form["review_comments"] = "Add milestones for the second half of the year."
    response = client.post(url, {**form, **inline, "title": "Rewritten by staff"})
    assert response.status_code == 302
    world.plan_a.refresh_from_db()
    assert world.plan_a.review_status == ReviewStatus.CHANGES_REQUESTED
    assert world.plan_a.reviewed_by == world.staff
    assert world.plan_a.title == "Alpha draft plan"  # content is read-only in admin
    # The trust sees the comments on its plan page.
    page = signed_in(world.editor_a).get(f"/manage/plans/{world.plan_a.pk}/").content.decode()
    assert "NHS England asks for changes" in page and "second half of the year" in page


def test_review_actions_need_comments_to_ask_for_changes(world):
    client = signed_in(world.staff)
    ids = [world.plan_a.pk, world.plan_b.pk]
    client.post(PLANS, {"action": "request_changes", "_selected_action": ids}, follow=True)
    world.plan_a.refresh_from_db()
    assert world.plan_a.review_status == ReviewStatus.NOT_REVIEWED
    client.post(PLANS, {"action": "accept", "_selected_action": ids})
    world.plan_b.refresh_from_db()
    assert world.plan_b.review_status == ReviewStatus.ACCEPTED


def test_history_is_visible_to_staff(world):
    plan_services.plan_update(plan=world.plan_a, user=world.editor_a, version=1, title="Changed")
    client = signed_in(world.staff)
    html = client.get(f"{PLANS}{world.plan_a.pk}/history/").content.decode()
    assert "Changed" in html and world.editor_a.username in html
    assert client.get(f"/admin/improvement/action/{world.action_a.pk}/history/").status_code == 200


def test_segment_four_trusts_show_missing_and_overdue_plans(world, settings):
    client = signed_in(world.staff)
    url = "/admin/improvement/segmentfourtrust/"
    html = client.get(url + "?plan=missing").content.decode()
    assert "Alpha Hospitals" in html and "Beta Hospitals" in html
    assert "Missing (draft in progress)" in html
    assert "Alpha" not in client.get(url + "?plan=overdue").content.decode()
    settings.IMPROVEMENT_PLAN_DEADLINE_DAYS = 5
    assert "Alpha" in client.get(url + "?plan=overdue").content.decode()
    plan_services.plan_publish(plan=world.plan_a, user=world.lead_a)
    assert "Alpha" in client.get(url + "?plan=published").content.decode()


def test_memberships_are_managed_in_admin(world):
    client = signed_in(world.staff)
    html = client.get("/admin/improvement/trustmembership/").content.decode()
    assert world.editor_a.username in html
    assert client.get("/admin/improvement/trustmembership/add/").status_code == 200
    assert client.get("/admin/improvement/reminder/").status_code == 200
