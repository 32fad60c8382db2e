"""/improvement/ and /trusts/<code>/improvement/: only published plans, flags, escaping, and no
session (so the pages can be cached and shared)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from improvement.models import ImprovementPlan
from improvement.services import actions as action_services
from improvement.services import plans as plan_services
from tests.improvement import factories as f
from tests.improvement.conftest import signed_in
from tests.improvement.helpers import plan_data
from tests.league.factories import RegionFactory, TrustFactory

pytestmark = pytest.mark.django_db
today = timezone.localdate


def _public(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    # Public pages never touch the session or the user: nothing varies on, or sets, a cookie.
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    return response.content.decode()


def test_the_list_shows_published_plans_only_and_flags_missing_ones(world):
    plan_services.plan_publish(plan=world.plan_a, user=world.lead_a)
    html = _public(Client(), "/improvement/")
    assert "Alpha draft plan" in html
    assert "Beta secret draft" not in html  # trust B's plan is a draft
    assert "Trusts in segment 4 without a published plan" in html
    assert "Beta Hospitals NHS Trust" in html
    assert "Due in 20 days" in html  # published 10 days ago, 30 days to publish


def test_the_list_filters_by_league_region_status_and_overdue(world):
    north = RegionFactory(name="North")
    ambulance = TrustFactory(ods_code="ZC1", league="ambulance", region=north)
    late = f.complete_plan(trust=ambulance, period=world.period, published=True, title="Late one")
    f.MilestoneFactory(action=late.actions.first(), due_date=today() - timedelta(days=3))
    f.complete_plan(trust=TrustFactory(), period=world.period, published=True, title="Fine one")
    client = Client()
    assert "Fine one" not in _public(client, "/improvement/?league=ambulance")
    assert "Late one" in _public(client, "/improvement/?league=ambulance")
    assert "Fine one" not in _public(client, f"/improvement/?region={north.code}")
    html = _public(client, "/improvement/?overdue=yes")
    assert "Late one" in html and "Fine one" not in html
    assert "1 overdue milestone" in html
    assert "Late one" not in _public(client, "/improvement/?status=closed")
    assert "Late one" in _public(client, "/improvement/?league=nonsense&page=99")


def test_a_plan_page_shows_timeline_list_measures_and_history(world):
    plan_services.plan_publish(plan=world.plan_a, user=world.lead_a)
    action_services.milestone_update(
        milestone=world.milestone_a, user=world.editor_a, title="Renamed after publication"
    )
    html = _public(Client(), "/trusts/ZA1/improvement/")
    assert '<svg class="app-chart"' in html and 'role="img"' in html
    assert "Timeline as a list" in html
    assert "style=" not in html  # the CSP forbids inline styles
    assert "Renamed after publication" in html
    assert "Changed: Milestone" in html and "The trust" in html
    assert "Alpha draft plan" in html


def test_public_history_starts_at_publication(world):
    plan_services.plan_update(
        plan=world.plan_a, user=world.editor_a, version=1, title="Embarrassing draft title"
    )
    plan_services.plan_update(plan=world.plan_a, user=world.editor_a, version=2, title="Final")
    plan_services.plan_publish(plan=world.plan_a, user=world.lead_a)
    html = _public(Client(), "/trusts/ZA1/improvement/")
    assert "Embarrassing draft title" not in html
    assert "Submitted" not in html or "Draft → Published" in html


def test_a_draft_is_never_public(world):
    html = _public(Client(), "/trusts/ZB1/improvement/")
    assert "Beta secret" not in html
    assert "No improvement plan published yet" in html
    assert "is in segment 4 in Q4 2025/26, published 10 days ago" in html
    # Neither is it for a signed-in leader of another trust.
    assert (
        "Beta secret"
        not in signed_in(world.lead_a).get("/trusts/ZB1/improvement/").content.decode()
    )


def test_a_plan_closed_while_still_a_draft_is_never_public(world):
    plan = plan_services.plan_close(plan=world.plan_b, user=world.lead_b)
    assert plan.status == "closed" and plan.published_at is None
    client = Client()
    for url in (
        "/trusts/ZB1/improvement/",
        "/trusts/ZB1/",
        "/improvement/",
        "/improvement/?status=closed",
        "/api/plans/",
        "/api/plans/ZB1/",
        "/api/plans/?status=closed",
        "/trusts/ZB1/feed/",
        "/feeds/releases/",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert b"Beta secret" not in response.content, url
    # A plan that was published before it closed stays public, with its history.
    ImprovementPlan.objects.filter(pk=world.plan_a.pk).update(
        status="published", published_at=timezone.now() - timedelta(days=3)
    )
    published = plan_services.plan_close(plan=world.plan_a, user=world.lead_a)
    assert published.published_at is not None
    assert "Alpha draft plan" in _public(client, "/trusts/ZA1/improvement/")


def test_unknown_trusts_are_not_found():
    assert Client().get("/trusts/NOPE/improvement/").status_code == 404


def test_text_is_escaped_everywhere_it_is_shown(world):
    script = "<script>alert('x')</script>"
    client = signed_in(world.lead_a)
    url = f"/manage/plans/{world.plan_a.pk}/edit/"
    data = plan_data(version=1, title=script, summary=script, executive_lead_role="CEO " + script)
    assert client.post(url, data).status_code == 302
    action_services.action_update(action=world.action_a, user=world.lead_a, title=script)
    action_services.progress_update_post(
        plan=world.plan_a, user=world.lead_a, date=today(), text=script, rag="red"
    )
    plan_services.plan_publish(plan=world.plan_a, user=world.lead_a)
    action_services.milestone_update(milestone=world.milestone_a, user=world.lead_a, title=script)
    pages = [
        Client().get("/trusts/ZA1/improvement/"),
        Client().get("/improvement/"),
        client.get(f"/manage/plans/{world.plan_a.pk}/"),
        client.get("/manage/"),
    ]
    for response in pages:
        html = response.content.decode()
        assert "<script>alert" not in html, response.request["PATH_INFO"]
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_the_trust_profile_tag_shows_a_plan_or_the_missing_notice(world):
    from django.template import Context, Template

    from league.selectors import published_assessment

    template = Template("{% load improvement_tags %}{% trust_improvement trust assessment %}")
    render = lambda trust: template.render(  # noqa: E731
        Context({"trust": trust, "assessment": published_assessment(trust, world.period)})
    )
    html = render(world.trust_a)
    assert "No improvement plan published yet" in html
    assert "published 10 days ago" in html and "within 30 days" in html
    plan_services.plan_publish(plan=world.plan_a, user=world.lead_a)
    html = render(world.trust_a)
    assert "No improvement plan published yet" not in html
    assert "Alpha draft plan" in html and "/trusts/ZA1/improvement/" in html
    calm = TrustFactory()
    f.assess(calm, world.period, 2)
    assert render(calm).strip() == ""
    assert "Improvement" not in template.render(Context({"trust": calm, "assessment": None}))


def test_the_deadline_follows_the_setting(world, settings):
    settings.IMPROVEMENT_PLAN_DEADLINE_DAYS = 7
    html = _public(Client(), "/trusts/ZA1/improvement/")
    assert "within 7 days" in html and "3 days overdue" in html


def test_a_plan_page_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    from league.models import Metric

    metric = Metric.objects.get(framework__code="2025/26", metric_id="OF0013")
    for _ in range(6):
        action = f.ActionFactory(plan=world.plan_a, metric=metric, trajectory={"2026-27-q1": 1})
        for _ in range(4):
            f.MilestoneFactory(action=action)
    plan_services.plan_publish(plan=world.plan_a, user=world.lead_a)
    # One published-values read per measured action, and six for who to learn from on the
    # actions' metrics (however many).
    with django_assert_max_num_queries(36):
        assert Client().get("/trusts/ZA1/improvement/").status_code == 200
    with django_assert_max_num_queries(12):
        assert Client().get("/improvement/").status_code == 200
