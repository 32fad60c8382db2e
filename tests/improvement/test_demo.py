"""Demonstration plans on top of `seed_demo`: what the lead calls at its end."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from demo.plans import seed_demo_plans
from improvement.models import ImprovementPlan, PlanStatus, Role, TrustMembership
from improvement.selectors.measures import BEHIND, ON_TRACK, action_measure
from improvement.selectors.obligations import missing_plans
from improvement.selectors.pages import plan_page
from league.selectors import latest_published_period, segment_four_trusts

pytestmark = pytest.mark.django_db


def test_demo_plans_for_the_segment_four_trusts(capsys, monkeypatch):
    # seed_demo ends by calling seed_demo_plans; here it is called by hand to inspect its result.
    monkeypatch.setattr("demo.management.commands.seed_demo.seed_demo_plans", lambda **kwargs: None)
    call_command("seed_demo", verbosity=0)
    lines = []
    result = seed_demo_plans(seed=2025, log=lines.append)
    trusts = set(segment_four_trusts(latest_published_period()))
    assert len(result.missing) == 1
    assert {p.trust for p in result.plans} | set(result.missing) == trusts
    assert all(p.status == PlanStatus.PUBLISHED for p in result.plans)
    assert [o.trust for o in missing_plans()] == result.missing
    # Leaders: unusable passwords, one executive lead and one editor per planned trust.
    users = get_user_model().objects.filter(username__in=result.accounts)
    assert users.count() == len(result.accounts) and not any(u.has_usable_password() for u in users)
    assert TrustMembership.objects.filter(role=Role.EXECUTIVE_LEAD).count() == len(trusts)
    assert any("changepassword" in line for line in lines)
    # Some on track and some behind by the data; some plans with overdue milestones.
    statuses = {
        action_measure(a, plan.trust, plan.period).status
        for plan in result.plans
        for a in plan.actions.select_related("metric")
        if a.trajectory
    }
    assert {ON_TRACK, BEHIND} <= statuses
    pages = [plan_page(plan, public=True) for plan in result.plans[:6]]
    assert any(page.overdue_milestones for page in pages)
    assert all(page.history for page in pages)  # written through the services
    # Deterministic, and never doubled.
    again = seed_demo_plans(seed=2025)
    assert again.plans == [] and ImprovementPlan.objects.count() == len(result.plans)
    response = Client().get(f"/trusts/{result.plans[0].trust.ods_code}/improvement/")
    assert response.status_code == 200
    assert Client().get("/improvement/").status_code == 200
