"""The trust leader's journey through /manage/ in a real browser: sign in, write a plan with its
actions and milestones, publish it, and find it on the public pages. axe-core checks every page
on the way (WCAG 2.2 A/AA), forms shown with their errors included.

Browsers are signed in with a session made by Django's test client (`sign_in`), never by
posting the login form, which django-axes throttles; only `test_sign_in_and_out` posts it, once,
for a fresh user with a password.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from improvement.models import ImprovementPlan, PlanStatus, Role, TrustMembership
from improvement.selectors.obligations import missing_plans
from tests.browser.conftest import MOBILE, assert_page_ok

PASSWORD = "a-long-browser-test-passphrase"
NO_PLAN_WARNING = "No improvement plan published yet"
PLAN = {
    "title": "Getting back to safe emergency care",
    "summary": "Open the same-day emergency care unit longer and discharge patients sooner.",
    "role": "Chief executive",
}
ACTIONS = [
    ("Same-day emergency care open 12 hours a day", "Chief operating officer"),
    ("Daily discharge huddles on every ward", "Chief nurse"),
]
MILESTONES = ["Second assessment unit open", "Huddle checklist agreed"]
UPDATE = "The second assessment unit opened on time and is staffed every weekday."


def sign_in(context, live_server, user) -> None:
    """Give the browser the session cookie of `user`, as if they had signed in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def submit(page, button: str, path: str | None = None) -> None:
    """Click a form's button and wait for the page it leads to (after any redirect)."""
    with page.expect_navigation(wait_until="load") as navigation:
        page.get_by_role("button", name=button, exact=True).click()
    response = navigation.value
    assert response is not None and response.status == 200, f"{button}: {response.status}"
    if path is not None:
        assert page.url.split("?")[0].split("#")[0].endswith(path), page.url


def follow(page, link) -> None:
    """Follow a link (NHS.UK button links have role="button") and wait for the page."""
    with page.expect_navigation(wait_until="load") as navigation:
        link.click()
    assert navigation.value.status == 200, f"{page.url}: {navigation.value.status}"


def fill_date(page, legend: str, day) -> None:
    """An NHS.UK date input: the Day, Month and Year boxes of the group named by its legend."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def assert_success(page, message: str) -> None:
    banner = page.locator(".nhsuk-notification-banner--success")
    assert banner.get_by_text(message).is_visible(), f"no success banner {message!r}"


def assert_error_summary(page, log, *messages: str) -> None:
    """The form came back with the NHS.UK error summary, focused, each error linked to its
    field; the page title starts "Error:"; and axe finds nothing on the re-displayed form."""
    assert page.title().startswith("Error: "), page.title()
    summary = page.locator(".nhsuk-error-summary")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    page.wait_for_function(
        "document.activeElement && document.activeElement.closest('.nhsuk-error-summary')"
    )
    for message in messages:
        link = summary.get_by_role("link", name=message, exact=True)
        assert link.is_visible(), f"error summary lacks {message!r}"
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1, f"{message!r} links to missing {target}"
        inline = page.locator(".nhsuk-error-message", has_text=message)
        assert inline.count() >= 1, f"no error message by the field for {message!r}"
    assert_page_ok(page, log)


def action_section(page, number: int, title: str):
    return page.get_by_role("region", name=f"{number}. {title}", exact=True)


@pytest.fixture
def leader(demo_site):
    """A new executive lead of the demonstration's segment-4 trust that has no plan."""
    obligations = missing_plans()
    assert obligations, "seed_demo left no segment-4 trust without a plan"
    trust = obligations[0].trust
    assert obligations[0].plan is None, "the trust without a plan has a draft already"
    user = get_user_model().objects.create_user("browser-lead", email="lead@example.invalid")
    TrustMembership.objects.create(user=user, trust=trust, role=Role.EXECUTIVE_LEAD)
    return user


def test_sign_in_and_out(empty_site, page, page_log):
    """The login page (anonymous), its errors, a real sign-in, and signing out by POST."""
    user = get_user_model().objects.create_user("browser-sign-in")
    user.set_password(PASSWORD)
    user.save()

    empty_site.visit(page, "/manage/")
    assert page.url == f"{empty_site.url}/manage/login/?next=/manage/"
    assert page.get_by_role("heading", name="Sign in to manage improvement plans").is_visible()
    assert_page_ok(page, page_log)

    submit(page, "Sign in", "/manage/login/")  # empty: never reaches authenticate(), nor axes
    assert_error_summary(page, page_log)
    assert page.locator(".nhsuk-error-summary li").count() == 2

    page.get_by_label("Username", exact=True).fill(user.username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    submit(page, "Sign in", "/manage/")
    assert page.get_by_text(f"Signed in as {user.username}").is_visible()
    assert page.get_by_text("You are not a member of any trust yet.").is_visible()
    assert_page_ok(page, page_log)

    submit(page, "Sign out", "/manage/login/")
    assert page.get_by_text("You have signed out.").is_visible()
    assert_page_ok(page, page_log)

    empty_site.visit(page, "/manage/")
    assert page.url == f"{empty_site.url}/manage/login/?next=/manage/"


def test_leader_writes_and_publishes_a_plan(
    demo_site, leader, live_server, context, page, page_log
):
    trust = leader.trust_memberships.get().trust
    today = timezone.localdate()
    sign_in(context, live_server, leader)

    # Before: the public page says the plan is missing (and is cached like every public page).
    demo_site.visit(page, f"/trusts/{trust.ods_code}/improvement/")
    assert page.get_by_role("heading", name=NO_PLAN_WARNING).is_visible()

    # The dashboard: the trust is in segment 4 without a plan.
    demo_site.visit(page, "/manage/")
    section = page.get_by_role("region", name=trust.name, exact=True)
    assert section.get_by_role("heading", name=NO_PLAN_WARNING).is_visible()
    assert section.get_by_text("Your role: Executive lead").is_visible()
    assert_page_ok(page, page_log)

    # The plan form: first sent empty, then filled in.
    follow(page, section.get_by_role("button", name="Start an improvement plan"))
    assert page.get_by_role("heading", name="Start an improvement plan", level=1).is_visible()
    assert_page_ok(page, page_log)
    submit(page, "Create the plan")
    assert_error_summary(
        page,
        page_log,
        "Enter a title",
        "Enter a summary",
        "Enter the accountable executive's role",
        "Select the segment the plan aims to reach",
        "Enter the target date",
    )
    # The NHS.UK error summary moves focus to the field of the error chosen.
    page.locator(".nhsuk-error-summary").get_by_role("link", name="Enter the target date").click()
    assert page.evaluate("document.activeElement.id") == "id_target_date_day"
    page.get_by_label("Title", exact=True).fill(PLAN["title"])
    page.get_by_label("Summary", exact=True).fill(PLAN["summary"])
    page.get_by_label("Accountable executive (role)", exact=True).fill(PLAN["role"])
    page.get_by_label("Segment 3", exact=True).check()
    fill_date(page, "Target date", today + timedelta(days=365))
    submit(page, "Create the plan")
    assert_success(page, "Plan created")
    assert page.get_by_role("heading", name=PLAN["title"], level=1).is_visible()
    plan = ImprovementPlan.objects.get(trust=trust)
    assert plan.status == PlanStatus.DRAFT
    assert page.url.endswith(f"/manage/plans/{plan.pk}/")
    assert_page_ok(page, page_log)

    # Two actions: the first measured by a NOF metric with a trajectory.
    follow(page, page.get_by_role("button", name="Add an action"))
    assert_page_ok(page, page_log)
    submit(page, "Add the action")
    assert_error_summary(
        page,
        page_log,
        "Enter the action",
        "Enter the owner's role",
        "Select the action's status",
        "Enter the target date",
    )
    for number, (title, owner) in enumerate(ACTIONS, start=1):
        if number > 1:
            follow(page, page.get_by_role("button", name="Add an action"))
        page.get_by_label("Action", exact=True).fill(title)
        page.get_by_label("What will be done", exact=True).fill(f"{title}, step by step.")
        page.get_by_label("Owner (role)", exact=True).fill(owner)
        page.get_by_label("In progress" if number == 1 else "Not started", exact=True).check()
        fill_date(page, "Target date", today + timedelta(days=200 + 60 * number))
        if number == 1:
            page.get_by_label("Measured by (NOF metric)").select_option(index=1)
            page.get_by_label("Baseline value", exact=True).fill("60")
            page.get_by_label("Target value", exact=True).fill("75")
            trajectory = page.get_by_role("group", name="Trajectory")
            trajectory.get_by_role("textbox").first.fill("65")
        submit(page, "Add the action")
        assert_success(page, "Action added")
        assert action_section(page, number, title).is_visible()
    assert_page_ok(page, page_log)

    # A milestone for the first action, after a try without one.
    first = action_section(page, 1, ACTIONS[0][0])
    follow(page, first.get_by_role("button", name="Add a milestone"))
    assert page.get_by_role("heading", name="Add a milestone", level=1).is_visible()
    assert_page_ok(page, page_log)
    submit(page, "Add the milestone")
    assert_error_summary(page, page_log, "Enter the milestone", "Enter the due date")
    page.get_by_label("Milestone", exact=True).fill(MILESTONES[0])
    fill_date(page, "Due date", today + timedelta(days=90))
    submit(page, "Add the milestone")
    assert_success(page, "Milestone added")
    first = action_section(page, 1, ACTIONS[0][0])
    assert first.get_by_role("cell", name=MILESTONES[0], exact=True).is_visible()

    # Publishing needs a milestone on every action: refused, and the page says why.
    submit(page, "Publish the plan")
    error = page.locator(".nhsuk-notification-banner:not(.nhsuk-notification-banner--success)")
    assert error.get_by_text("Add at least one milestone to every action").is_visible()
    assert error.get_by_text(ACTIONS[1][0]).is_visible()
    assert_page_ok(page, page_log)

    # A milestone already done for the second action; then the plan can be published.
    second = action_section(page, 2, ACTIONS[1][0])
    follow(page, second.get_by_role("button", name="Add a milestone"))
    page.get_by_label("Milestone", exact=True).fill(MILESTONES[1])
    fill_date(page, "Due date", today - timedelta(days=20))
    fill_date(page, "Date done", today - timedelta(days=10))
    submit(page, "Add the milestone")
    assert_success(page, "Milestone added")
    submit(page, "Publish the plan")
    assert_success(page, "Plan published: the public can now read it")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert page.get_by_role("link", name="See the public page of this plan").is_visible()
    assert_page_ok(page, page_log)

    # A progress update about the first action.
    follow(page, page.get_by_role("button", name="Post a progress update"))
    assert page.get_by_role("heading", name="Post a progress update", level=1).is_visible()
    assert_page_ok(page, page_log)
    submit(page, "Post the update")
    assert_error_summary(page, page_log, "Select a RAG status", "Enter the update")
    page.get_by_label("What is this update about?").select_option(label=ACTIONS[0][0])
    page.get_by_label("Green: on track", exact=True).check()
    page.get_by_label("Update", exact=True).fill(UPDATE)
    submit(page, "Post the update")
    assert_success(page, "Progress update posted")
    assert page.get_by_text(UPDATE).is_visible()

    # The public page of the plan, with its timeline, at both widths.
    follow(page, page.get_by_role("link", name="See the public page of this plan"))
    assert page.url == f"{demo_site.url}/trusts/{trust.ods_code}/improvement/"
    for viewport in ("desktop", "mobile"):
        if viewport == "mobile":
            page.set_viewport_size(MOBILE)
            demo_site.visit(page, f"/trusts/{trust.ods_code}/improvement/")
        assert page.get_by_role("heading", name=PLAN["title"], level=1).is_visible()
        assert page.get_by_text(NO_PLAN_WARNING).count() == 0
        svg = page.locator("svg.app-chart[role='img']")
        assert svg.locator("rect.app-chart__bar").count() == 2
        assert svg.locator("circle.app-chart__point").count() == 1  # not yet due
        assert svg.locator("rect.app-chart__point").count() == 1  # done
        timeline = page.locator("ol.app-timeline")
        for title in [*MILESTONES, *(action for action, _ in ACTIONS)]:
            assert timeline.get_by_text(title).count() >= 1, f"{title!r} not in the timeline list"
        for number, (title, owner) in enumerate(ACTIONS, start=1):
            section = action_section(page, number, title)
            assert section.is_visible()
            assert section.get_by_text(owner, exact=True).is_visible()
            assert section.get_by_role("cell", name=MILESTONES[number - 1]).is_visible()
        assert page.get_by_text(UPDATE).is_visible()
        assert page.get_by_role("link", name="Change the action").count() == 0
        assert_page_ok(page, page_log)

    # The trust profile and the list of plans no longer say the plan is missing.
    demo_site.visit(page, f"/trusts/{trust.ods_code}/")
    summary = page.locator(".app-improvement-summary")
    assert summary.get_by_role("link", name=PLAN["title"]).is_visible()
    assert summary.get_by_text(NO_PLAN_WARNING).count() == 0
    assert_page_ok(page, page_log)
    demo_site.visit(page, "/improvement/")
    assert trust not in [obligation.trust for obligation in missing_plans()]
    assert page.locator("#missing + p + table").get_by_text(trust.name).count() == 0
    assert_page_ok(page, page_log)

    # Signing out (a POST) ends the session: the dashboard sends the browser to sign in.
    page.set_viewport_size({"width": 1280, "height": 800})
    demo_site.visit(page, "/manage/")
    submit(page, "Sign out", "/manage/login/")
    demo_site.visit(page, "/manage/")
    assert page.url == f"{demo_site.url}/manage/login/?next=/manage/"
