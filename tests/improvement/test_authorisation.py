"""Who may do what at /manage/: every URL and form walked as each role.

- anonymous: every URL redirects to the sign-in page;
- a leader of another trust, and NHS England staff without a membership: 404 for every object
  of trust A, whatever ID is put in the URL;
- trust A's editor: reads and changes everything and submits, but publishing and closing are
  403; trust A's executive lead may publish and close.
"""

import pytest
from django.test import Client
from django.urls import get_resolver

from improvement.models import (
    Action,
    GoodPracticeNote,
    ImprovementPlan,
    Milestone,
    PlanStatus,
    ProgressUpdate,
)
from tests.improvement.conftest import signed_in
from tests.improvement.helpers import plan_data, update_data

pytestmark = pytest.mark.django_db


def test_the_walk_covers_every_manage_url(world):
    manage = get_resolver().url_patterns[1].url_patterns  # config.urls: "manage/" is second
    names = {pattern.name for pattern in manage} - {"login", "logout", "dashboard", "notes"}
    walked = {e.name for e in world.endpoints_a()}
    assert walked == names


def test_anonymous_visitors_are_sent_to_sign_in(world):
    client = Client()
    for endpoint in [*world.endpoints_a()]:
        for response in (
            client.get(endpoint.url),
            client.post(endpoint.url, endpoint.data),
        ):
            assert response.status_code == 302, endpoint.name
            assert response["Location"].startswith("/manage/login/?next=/manage/")
    assert client.get("/manage/")["Location"] == "/manage/login/?next=/manage/"


@pytest.mark.parametrize("who", ["lead_b", "staff"])
def test_outsiders_get_not_found_for_every_url_and_form(world, who):
    client = signed_in(getattr(world, who))
    before = _snapshot()
    for endpoint in world.endpoints_a():
        if endpoint.get:
            assert client.get(endpoint.url).status_code == 404, endpoint.name
        if endpoint.post:
            assert client.post(endpoint.url, endpoint.data).status_code == 404, endpoint.name
    assert _snapshot() == before
    for own_list in ("/manage/", "/manage/notes/"):
        response = client.get(own_list)
        assert response.status_code == 200
        assert b"Alpha" not in response.content


def test_staff_see_a_way_to_the_admin_and_nothing_else(world):
    response = signed_in(world.staff).get("/manage/")
    assert b"/admin/improvement/improvementplan/" in response.content
    assert b"Beta secret draft" not in response.content


def test_an_editor_reads_changes_and_submits_but_cannot_publish_or_close(world):
    client = signed_in(world.editor_a)
    for endpoint in world.endpoints_a():
        if endpoint.get:
            response = client.get(endpoint.url)
            expected = 302 if endpoint.name == "plan_create" else 200  # A has a plan already
            assert response.status_code == expected, endpoint.name
    by_name = {e.name: e for e in world.endpoints_a()}
    for name in ("plan_publish", "plan_close"):
        assert client.post(by_name[name].url).status_code == 403, name
    skip = ("plan_publish", "plan_close", "plan_create", "plan", "note")
    for name in [n for n in by_name if n not in skip]:
        response = client.post(by_name[name].url, by_name[name].data)
        assert response.status_code == 302, (name, response.content[:2000])
        if name == "plan_edit":  # the edit bumped the version: keep the next forms in step
            world.plan_a.refresh_from_db()
            by_name = {e.name: e for e in world.endpoints_a()}
    world.plan_a.refresh_from_db()
    assert world.plan_a.status == PlanStatus.SUBMITTED
    assert world.plan_a.title == "A better plan"
    assert world.plan_a.actions.count() == 2
    assert Milestone.objects.filter(action__plan=world.plan_a).count() == 2
    assert world.plan_a.updates.count() == 1
    world.note_a.refresh_from_db()
    assert (world.note_a.title, world.note_a.status) == ("Changed", "draft")  # withdrawn last
    assert world.trust_a.good_practice_notes.count() == 2


def test_only_the_executive_lead_publishes_and_closes(world):
    client = signed_in(world.lead_a)
    assert client.post(f"/manage/plans/{world.plan_a.pk}/publish/").status_code == 302
    world.plan_a.refresh_from_db()
    assert world.plan_a.status == PlanStatus.PUBLISHED
    assert client.get("/trusts/ZA1/improvement/").status_code == 200
    assert client.post(f"/manage/plans/{world.plan_a.pk}/close/").status_code == 302
    world.plan_a.refresh_from_db()
    assert world.plan_a.status == PlanStatus.CLOSED
    # A closed plan can no longer change: the form says why, nothing is saved.
    response = client.post(
        f"/manage/plans/{world.plan_a.pk}/edit/", plan_data(version=world.plan_a.version)
    )
    assert response.status_code == 200
    assert "This plan is closed" in response.content.decode()


def test_ids_of_another_trust_in_urls_never_reach_its_objects(world):
    client = signed_in(world.lead_a)
    a, b = world, world
    mixed = [
        f"/manage/plans/{a.plan_a.pk}/actions/{b.action_b.pk}/edit/",
        f"/manage/plans/{a.plan_a.pk}/actions/{b.action_b.pk}/move/",
        f"/manage/plans/{a.plan_a.pk}/actions/{b.action_b.pk}/milestones/new/",
        f"/manage/plans/{a.plan_a.pk}/milestones/{b.milestone_b.pk}/edit/",
        f"/manage/plans/{a.plan_a.pk}/milestones/{b.milestone_b.pk}/move/",
        f"/manage/plans/{b.plan_b.pk}/actions/{a.action_a.pk}/edit/",
        f"/manage/plans/{b.plan_b.pk}/milestones/{a.milestone_a.pk}/edit/",
        f"/manage/trusts/{b.trust_b.ods_code}/plans/new/",
        "/manage/plans/999999/edit/",
        f"/manage/trusts/{b.trust_b.ods_code}/notes/new/",
        f"/manage/notes/{b.note_b.pk}/edit/",
        f"/manage/notes/{b.note_b.pk}/submit/",
        f"/manage/notes/{b.note_b.pk}/withdraw/",
    ]
    before = _snapshot()
    for url in mixed:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"direction": "up", "title": "Hijack"}).status_code == 404, url
    assert client.get(f"/manage/notes/{b.note_b.pk}/").status_code == 404
    assert _snapshot() == before


def test_ids_of_another_trust_in_form_fields_are_refused(world):
    client = signed_in(world.lead_a)
    url = f"/manage/plans/{world.plan_a.pk}/updates/new/"
    response = client.post(url, update_data(action=world.action_b.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    # Fields outside the allow-list are ignored: trust, status and NHS England's review.
    data = plan_data(
        version=world.plan_a.version,
        trust=world.trust_b.pk,
        status="published",
        review_status="accepted",
        review_comments="Self-approved",
        period=999,
    )
    assert client.post(f"/manage/plans/{world.plan_a.pk}/edit/", data).status_code == 302
    world.plan_a.refresh_from_db()
    assert world.plan_a.trust == world.trust_a
    assert world.plan_a.status == PlanStatus.DRAFT
    assert world.plan_a.review_status == "not_reviewed"
    assert world.plan_a.review_comments == ""


def test_a_stale_version_in_the_hidden_field_is_a_conflict_not_an_overwrite(world):
    client = signed_in(world.editor_a)
    url = f"/manage/plans/{world.plan_a.pk}/edit/"
    assert (
        client.post(url, plan_data(version=world.plan_a.version, title="First")).status_code == 302
    )
    response = client.post(url, plan_data(version=world.plan_a.version, title="Second"))
    assert response.status_code == 200
    assert "Someone else changed this plan" in response.content.decode()
    world.plan_a.refresh_from_db()
    assert world.plan_a.title == "First"


def test_manage_pages_are_never_cached(world):
    response = signed_in(world.editor_a).get(f"/manage/plans/{world.plan_a.pk}/")
    assert "no-store" in response["Cache-Control"]


def test_state_changes_need_post(world):
    client = signed_in(world.lead_a)
    for action in ("submit", "publish", "close"):
        assert client.get(f"/manage/plans/{world.plan_a.pk}/{action}/").status_code == 405
    world.plan_a.refresh_from_db()
    assert world.plan_a.status == PlanStatus.DRAFT


def test_csrf_is_enforced(world):
    client = signed_in(world.lead_a, enforce_csrf_checks=True)
    url = f"/manage/plans/{world.plan_a.pk}/updates/new/"
    assert client.post(url, update_data()).status_code == 403
    assert client.post(f"/manage/plans/{world.plan_a.pk}/publish/").status_code == 403
    client.get(url)  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert client.post(url, update_data(csrfmiddlewaretoken=token)).status_code == 302
    assert ProgressUpdate.objects.count() == 1


def _snapshot() -> tuple:
    rows = (ImprovementPlan, Action, Milestone, ProgressUpdate, GoodPracticeNote)
    return tuple(
        sorted(
            model.objects.values_list("pk", "updated_at" if model is not ProgressUpdate else "pk")
        )
        for model in rows
    )
