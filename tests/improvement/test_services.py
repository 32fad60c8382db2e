"""The rules of a plan's life, in the services every door calls."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from improvement.models import Action, ImprovementPlan, PlanStatus, ReviewStatus
from improvement.services import PlanConflict, PlanError
from improvement.services import actions as action_services
from improvement.services import plans as plan_services
from league.models import DataVersion
from league.selectors import PUBLIC_DATA
from tests.improvement import factories as f
from tests.league.factories import staff_user

pytestmark = pytest.mark.django_db


def test_create_refuses_a_second_open_plan_and_non_members(world):
    fields = {
        "trust": world.trust_a,
        "period": world.period,
        "title": "Another",
        "summary": "S",
        "executive_lead_role": "Chief executive",
        "target_segment": 3,
        "target_date": timezone.localdate(),
    }
    with pytest.raises(PlanError, match="already has a plan"):
        plan_services.plan_create(user=world.editor_a, **fields)
    with pytest.raises(PermissionDenied):
        plan_services.plan_create(user=world.lead_b, **fields)
    plan_services.plan_close(plan=world.plan_a, user=world.lead_a)
    plan = plan_services.plan_create(user=world.editor_a, **fields)
    assert plan.status == PlanStatus.DRAFT
    assert plan.history.first().history_user == world.editor_a


def test_submit_and_publish_need_actions_with_milestones(world):
    empty = f.PlanFactory(trust=f.TrustFactory(), period=world.period)
    f.MembershipFactory(trust=empty.trust, user=world.lead_a, role="executive_lead")
    with pytest.raises(PlanError, match="at least one action"):
        plan_services.plan_submit(plan=empty, user=world.lead_a)
    f.ActionFactory(plan=empty, title="Lonely")
    with pytest.raises(PlanError, match="milestone to every action: Lonely"):
        plan_services.plan_publish(plan=empty, user=world.lead_a)


def test_publish_is_for_the_executive_lead_only(world):
    with pytest.raises(PermissionDenied):
        plan_services.plan_publish(plan=world.plan_a, user=world.editor_a)
    with pytest.raises(PermissionDenied):
        plan_services.plan_close(plan=world.plan_a, user=world.editor_a)
    plan_services.plan_submit(plan=world.plan_a, user=world.editor_a)
    plan = plan_services.plan_publish(plan=world.plan_a, user=world.lead_a)
    assert plan.status == PlanStatus.PUBLISHED and plan.published_at is not None
    with pytest.raises(PlanError, match="already published"):
        plan_services.plan_publish(plan=plan, user=world.lead_a)


def test_update_checks_the_version_and_the_field_list(world):
    plan = plan_services.plan_update(
        plan=world.plan_a, user=world.editor_a, version=1, title="New title"
    )
    assert plan.version == 2
    with pytest.raises(PlanConflict):
        plan_services.plan_update(plan=plan, user=world.editor_a, version=1, title="Lost")
    with pytest.raises(TypeError, match="status"):
        plan_services.plan_update(plan=plan, user=world.editor_a, version=2, status="published")


def test_every_change_is_recorded_with_who_and_what(world):
    plan_services.plan_update(plan=world.plan_a, user=world.editor_a, version=1, title="After")
    record = world.plan_a.history.first()
    assert record.history_user == world.editor_a
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "title"] == [
        ("title", "Alpha draft plan", "After")
    ]


def test_reordering_swaps_neighbours_and_keeps_history(world):
    second = f.ActionFactory(plan=world.plan_a, title="Second")
    first = world.action_a
    action_services.action_move(action=second, user=world.editor_a, direction="up")
    assert list(world.plan_a.actions.values_list("title", flat=True)) == [
        "Second",
        first.title,
    ]
    assert Action.history.filter(id=second.pk, history_user=world.editor_a).exists()
    action_services.action_move(action=second, user=world.editor_a, direction="up")  # already top
    assert world.plan_a.actions.first() == second
    with pytest.raises(PlanError):
        action_services.action_move(action=second, user=world.editor_a, direction="sideways")


def test_milestones_reorder_within_their_action(world):
    later = f.MilestoneFactory(action=world.action_a, title="Later")
    action_services.milestone_move(milestone=later, user=world.editor_a, direction="up")
    assert world.action_a.milestones.first() == later


def test_progress_update_refuses_an_action_of_another_plan(world):
    with pytest.raises(PlanError, match="another plan"):
        action_services.progress_update_post(
            plan=world.plan_a,
            user=world.editor_a,
            date=timezone.localdate(),
            text="x",
            rag="green",
            action=world.action_b,
        )


def test_services_refuse_other_trusts_and_closed_plans(world):
    with pytest.raises(PermissionDenied):
        action_services.action_update(action=world.action_a, user=world.lead_b, title="Hijack")
    with pytest.raises(PermissionDenied):
        action_services.milestone_update(
            milestone=world.milestone_a, user=world.lead_b, title="Hijack"
        )
    plan_services.plan_close(plan=world.plan_a, user=world.lead_a)
    with pytest.raises(PlanError, match="closed"):
        action_services.action_create(
            plan=world.plan_a,
            user=world.lead_a,
            title="Late",
            owner_role="COO",
            target_date=timezone.localdate() + timedelta(days=9),
        )


def test_review_is_for_staff_and_changes_need_comments(world):
    with pytest.raises(PermissionDenied):
        plan_services.plan_review(
            plan=world.plan_a, user=world.lead_a, review_status="accepted", comments=""
        )
    with pytest.raises(PlanError, match="Say what"):
        plan_services.plan_review(
            plan=world.plan_a,
            user=world.staff,
            review_status=ReviewStatus.CHANGES_REQUESTED,
            comments=" ",
        )
    plan = plan_services.plan_review(
        plan=world.plan_a,
        user=world.staff,
        review_status=ReviewStatus.CHANGES_REQUESTED,
        comments="Add a trajectory.",
    )
    assert plan.reviewed_by == world.staff and plan.review_comments == "Add a trajectory."


def test_reviewing_needs_the_review_permission_not_only_staff_status(world, client):
    clerk = staff_user("improvement.view_improvementplan")
    with pytest.raises(PermissionDenied):
        plan_services.plan_review(
            plan=world.plan_a, user=clerk, review_status="accepted", comments=""
        )
    world.plan_a.refresh_from_db()
    assert world.plan_a.review_status == ReviewStatus.NOT_REVIEWED
    client.force_login(clerk)
    page = client.get(f"/admin/improvement/improvementplan/{world.plan_a.pk}/change/")
    assert page.status_code == 200 and b'name="review_status"' not in page.content
    refused = client.post(
        f"/admin/improvement/improvementplan/{world.plan_a.pk}/change/",
        {"review_status": "accepted", "review_comments": ""},
    )
    assert refused.status_code == 403
    reviewer = staff_user("improvement.view_improvementplan", "improvement.review_plan")
    plan = plan_services.plan_review(
        plan=world.plan_a, user=reviewer, review_status="accepted", comments=""
    )
    assert plan.review_status == ReviewStatus.ACCEPTED


def data_version() -> int:
    row = DataVersion.objects.filter(key=PUBLIC_DATA).first()
    return row.number if row else 0


def test_changes_to_a_public_plan_refresh_cached_public_pages(world):
    before = data_version()
    plan_services.plan_update(plan=world.plan_a, user=world.editor_a, version=1, title="Draft")
    assert data_version() == before  # drafts are not public
    plan_services.plan_publish(plan=world.plan_a, user=world.lead_a)
    assert data_version() > before
    published = data_version()
    action_services.milestone_update(
        milestone=world.milestone_a, user=world.editor_a, done_date=timezone.localdate()
    )
    assert data_version() > published


def test_scoped_queries_deny_by_default(world):
    assert list(ImprovementPlan.objects.for_user(world.editor_a)) == [world.plan_a]
    assert not ImprovementPlan.objects.for_user(world.staff).exists()
    world.editor_a.is_active = False
    assert not ImprovementPlan.objects.for_user(world.editor_a).exists()
    assert list(Action.objects.for_user(world.lead_b)) == [world.action_b]
    assert not ImprovementPlan.objects.for_user(AnonymousUser()).exists()
