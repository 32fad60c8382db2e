"""The public improvement-plan pages in a real browser, at desktop and mobile widths: files load,
the NHS.UK styles apply, no console or CSP errors, and axe finds no WCAG 2.2 AA violation.

Trust codes come from the demonstration data (`seed_demo` publishes a plan for every segment-4
trust but one). Pages are grouped into few tests: seeding the demonstration takes seconds.
"""

from improvement.models import ImprovementPlan, Milestone, PlanStatus
from improvement.selectors.obligations import missing_plans
from improvement.selectors.plans import public_plans
from tests.browser.conftest import DESKTOP, MOBILE, PageLog, assert_fits, assert_page_ok

VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}
NO_PLAN_WARNING = "No improvement plan published yet"


def published_plan() -> ImprovementPlan:
    """A published demonstration plan with milestones, so its timeline has marks."""
    with_milestones = Milestone.objects.values("action__plan")
    plans = public_plans().filter(status=PlanStatus.PUBLISHED, pk__in=with_milestones)
    plan = plans.first()  # in trust-name order: on the first page of /improvement/
    assert plan is not None, "seed_demo published no plan with milestones"
    return plan


def code_without_plan() -> str:
    missing = missing_plans()
    assert missing, "seed_demo left no segment-4 trust without a plan"
    return missing[0].trust.ods_code


def assert_timeline(page, plan: ImprovementPlan):
    """The timeline as SVG (named, with a description) and the same facts as a list."""
    svg = page.locator("svg.app-chart[role='img']")
    assert svg.count() == 1, "no timeline SVG"
    assert svg.get_attribute("aria-labelledby") == "timeline-title timeline-desc"
    assert svg.locator("title#timeline-title").count() == 1
    actions = list(plan.actions.all())
    assert svg.locator("rect.app-chart__bar").count() == len(actions)
    milestones = Milestone.objects.filter(action__plan=plan)
    assert svg.locator(".app-chart__point").count() == milestones.count()
    # On a phone the chart's text would be too small to read: only the list is shown.
    narrow = page.viewport_size["width"] < 641
    assert svg.is_visible() != narrow, "the timeline chart on a phone, or not on a desktop"
    assert page.get_by_role("heading", name="Timeline as a list").is_visible()
    assert page.locator("ol.app-timeline").is_visible()
    items = page.locator("ol.app-timeline > li")
    assert items.count() >= milestones.count()
    for milestone in milestones:
        assert items.filter(has_text=milestone.title).count() >= 1, milestone.title


def check_list(page, plan, code, missing):
    assert page.get_by_role("heading", name="Improvement plans", level=1).is_visible()
    link = page.get_by_role("link", name=plan.title, exact=True).first
    assert link.get_attribute("href") == f"/trusts/{code}/improvement/"
    assert page.locator("#missing").is_visible(), "the trusts without a plan are not listed"


def check_overdue_list(page, plan, code, missing):
    assert page.locator("table.nhsuk-table").first.is_visible()
    assert page.get_by_label("Overdue").input_value() == "yes"


def check_plan(page, plan, code, missing):
    assert page.get_by_role("heading", name=plan.title, level=1).is_visible()
    assert page.get_by_text(NO_PLAN_WARNING).count() == 0
    assert_timeline(page, plan)
    for number, action in enumerate(plan.actions.all(), start=1):
        heading = page.get_by_role("heading", name=f"{number}. {action.title}", exact=True)
        assert heading.is_visible(), action.title


def check_missing_plan(page, plan, code, missing):
    assert page.get_by_role("heading", name="Improvement plan", level=1).is_visible()
    assert page.get_by_role("heading", name=NO_PLAN_WARNING).is_visible()
    assert page.locator("svg.app-chart").count() == 0


def check_profile(page, plan, code, missing):
    summary = page.locator(".app-improvement-summary")
    assert summary.get_by_role("heading", name="Improvement plan", level=2).is_visible()
    assert summary.get_by_role("link", name=plan.title).is_visible()
    assert summary.get_by_text(NO_PLAN_WARNING).count() == 0


def check_profile_without_plan(page, plan, code, missing):
    summary = page.locator(".app-improvement-summary")
    assert summary.get_by_role("heading", name=NO_PLAN_WARNING).is_visible()
    assert summary.locator("a.nhsuk-card__link").count() == 0, "a plan is shown"


PAGES = [  # path (with {code}: a trust with a published plan, {missing}: one without), check
    ("/improvement/", check_list),
    ("/improvement/?overdue=yes", check_overdue_list),
    ("/trusts/{code}/improvement/", check_plan),
    ("/trusts/{missing}/improvement/", check_missing_plan),
    ("/trusts/{code}/", check_profile),
    ("/trusts/{missing}/", check_profile_without_plan),
]


def test_public_improvement_pages(demo_site, browser, page, page_log, subtests):
    """Every page at both widths (one subtest each, sharing one seeded site), then the plan
    page without JavaScript: its timeline and list are rendered by the server."""
    plan = published_plan()
    codes = {"code": plan.trust.ods_code, "missing": code_without_plan()}
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        for template, check in PAGES:
            path = template.format(**codes)
            with subtests.test(msg=f"{path} at {name} width"):
                page_log.console_errors.clear()  # report each page's own errors
                demo_site.visit(page, path)
                check(page, plan, **codes)
                assert_fits(page)
                assert_page_ok(page, page_log)

    context = browser.new_context(java_script_enabled=False, viewport=MOBILE)
    try:
        no_js = context.new_page()
        log = PageLog().watch(no_js)
        demo_site.visit(no_js, "/trusts/{code}/improvement/".format(**codes))
        assert_timeline(no_js, plan)
        assert_page_ok(no_js, log, js=False)
    finally:
        context.close()
