"""Every public page, in a real browser at desktop and mobile widths: files load, the NHS.UK
styles apply, no console or CSP errors, and axe finds no WCAG 2.2 AA violation.

To cover a new page add its path to PUBLIC_PAGES (demo trust codes start with Z; demo ICB codes
with ZI or ZO). The pages are visited in one test per width, so the demonstration data is loaded
twice rather than once per page; every page's problems are reported together.
"""

import pytest

from tests.browser.conftest import (
    DESKTOP,
    MOBILE,
    PageLog,
    assert_accessible,
    assert_fits,
    assert_page_ok,
    assert_static_ok,
    assert_styled,
)

PUBLIC_PAGES = [
    "/",
    "/search/?q=north",
    "/league/acute/",
    "/league/non-acute/?show=all&sort=-change",
    "/league/non-acute/improvers/",
    "/league/ambulance/?segment=4",
    "/league/icb/",
    "/icbs/ZIA/",
    "/trusts/ZFQ/",
    "/trusts/ZYD/",
    "/trusts/Z01/learn/",
    "/metrics/OF0013/",
    "/good-practice/",
    "/good-practice/?league=acute",
    "/compare/",
    "/compare/?trusts=ZYD,Z6E,ZFQ",
    "/methodology/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/contact/",
]
VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_public_pages(demo_site, page, page_log, viewport):
    page.set_viewport_size(viewport)
    problems = []
    for path in PUBLIC_PAGES:
        page_log.responses.clear()
        page_log.console_errors.clear()
        try:
            demo_site.visit(page, path)
            assert_fits(page)
            assert_page_ok(page, page_log)
        except AssertionError as error:
            problems.append(f"{path}: {error}")
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_improvers_refusal_is_accessible(demo_site, page, page_log, viewport):
    page.set_viewport_size(viewport)
    demo_site.visit(page, "/league/non-acute/improvers/?from=2026-27-q2&to=2025-26-q1", status=400)
    assert page.get_by_role("link", name="The quarter to compare from must be earlier").is_visible()
    # The page itself is the one expected error: Chromium logs its 400 to the console.
    assert all("status of 400" in error for error in page_log.console_errors)
    assert_static_ok(page_log)
    assert_styled(page)
    assert_accessible(page)


def test_home_page_without_data_is_accessible(empty_site, page, page_log):
    empty_site.visit(page, "/")
    assert page.get_by_text("No trusts have been loaded yet.").is_visible()
    assert page.locator(".app-demo-banner").count() == 0
    assert_page_ok(page, page_log)


def test_pages_work_without_javascript(demo_site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=MOBILE)
    try:
        page = context.new_page()
        log = PageLog().watch(page)
        demo_site.visit(page, "/league/acute/?show=all")
        assert page.get_by_text("Demonstration data — not real NHS trusts").is_visible()
        assert page.locator("table.nhsuk-table tbody tr").count() == 134
        # Sorting is a plain GET form: it works without JavaScript.
        page.get_by_label("Sort by").select_option("-rank")
        with page.expect_navigation(wait_until="load"):  # the whole new table, not part of it
            page.get_by_role("button", name="Show trusts").click()
        assert "sort=-rank" in page.url
        assert page.locator("table.nhsuk-table tbody tr").count() == 134
        demo_site.visit(page, "/")
        assert page.get_by_text("Demonstration data — not real NHS trusts").is_visible()
        assert page.locator("table.nhsuk-table tbody tr").count() > 0
        assert not page.evaluate("document.body.classList.contains('nhsuk-frontend-supported')")
        # Without JavaScript every navigation link stays reachable (no "More" menu).
        menu = page.get_by_role("navigation", name="Menu")
        assert menu.get_by_role("link", name="Open data").is_visible()
        assert_page_ok(page, log, js=False)
    finally:
        context.close()


def test_nhsuk_frontend_javascript_initialises(demo_site, page, page_log):
    page.set_viewport_size(MOBILE)
    demo_site.visit(page, "/")
    assert page.evaluate("document.body.classList.contains('nhsuk-frontend-supported')")
    page.wait_for_selector(".nhsuk-header[data-nhsuk-header-init]", state="attached")
    # At 375 px the header moves the links that do not fit into the "More" menu.
    toggle = page.locator("#toggle-menu")
    toggle.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(".nhsuk-header__menu-list a").first.is_visible()
    assert_page_ok(page, page_log)  # axe with the menu open


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_compare_tables_use_the_full_width_below_the_form(demo_site, page, viewport):
    page.set_viewport_size(viewport)
    demo_site.visit(page, "/compare/?trusts=ZYD,Z6E,ZFQ,Z01")
    main = page.locator("main").bounding_box()
    form = page.locator("main form").bounding_box()
    table = page.locator("#compare-summary").bounding_box()
    assert table["x"] <= main["x"] + 2  # not squeezed beside the form
    assert table["y"] >= form["y"] + form["height"]
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_on_a_phone_each_league_row_shows_rank_name_and_segment_without_scrolling(demo_site, page):
    page.set_viewport_size(MOBILE)
    demo_site.visit(page, "/league/acute/")
    width = page.evaluate("innerWidth")
    row = page.locator("#league-table tbody tr").first
    headings = [h.strip() for h in page.locator("#league-table thead th").all_inner_texts()]
    cells = [1 + headings.index(name) for name in ("Rank", "Trust", "Segment")]
    for cell in cells:
        box = row.locator(f"td:nth-child({cell})").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, cell
    segment = row.locator(f"td:nth-child({cells[2]})")
    assert segment.locator(".nhsuk-table__heading").inner_text().strip() == "Segment"
    assert "Segment" in segment.inner_text()
