"""The public pages in a real browser with NHS England's own published files loaded
(NOF_DATA_DIR=<shared data>/nof-official, Q1 2025/26 published on 9 September 2025): the
published figures are shown, and at desktop and phone widths every page fits the screen and
passes the full page check (files load, NHS.UK styles, no console errors, axe WCAG 2.2 AA).

Skipped when the folder of NHS England's files is absent. NHS England's files hold acute
trusts for Q1 2025/26 only, mental health and community trusts for Q1 to Q4 2025/26 and no
ambulance trusts. No improvement plan is loaded with them: plan timelines are checked on the
demonstration data (tests/browser/test_improvement.py).
"""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.browser.conftest import DESKTOP, MOBILE, PageLog, Site, assert_fits, assert_page_ok
from tests.conftest import SHARED_DATA

OFFICIAL_FILES = SHARED_DATA / "nof-official"
MOORFIELDS = "RP6"  # 1st of 134 acute trusts in Q1 2025/26 (NHS England's published rank)
KENT_COMMUNITY = "RYY"  # 1st of 61 mental health and community trusts in Q4 2025/26
# 2nd of each table in NHS England's files: Royal National Orthopaedic Hospital (acute, Q1) and
# Central and North West London (mental health and community, Q4).
COMPARED = f"{MOORFIELDS},RAN,{KENT_COMMUNITY},RV3"

OFFICIAL_PAGES = [
    "/",
    "/league/acute/",
    "/league/non-acute/",
    "/league/ambulance/",  # no ambulance trust in NHS England's files
    f"/trusts/{MOORFIELDS}/",
    f"/trusts/{KENT_COMMUNITY}/",
    "/metrics/OF0013/",  # acute: four-hour A&E
    "/metrics/OF0005/",  # mental health and community: 52-week community waits
    f"/compare/?trusts={COMPARED}",
    "/improvement/",
    "/methodology/",
]
VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}


@pytest.fixture
def official_site(empty_site) -> Site:
    """The live server with NHS England's published files loaded, as `make run` loads them."""
    if not OFFICIAL_FILES.is_dir():
        pytest.skip(f"{OFFICIAL_FILES} is not present: tests on NHS England's files skipped")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NOF_DATA_DIR", str(OFFICIAL_FILES))
        mp.setenv("NOF_PUBLISHED_ON", "Q1 2025/26=2025-09-09")
        call_command("seed_demo", verbosity=0)
    cache.clear()
    return empty_site


def table_codes(page) -> list[str]:
    links = page.locator("#league-table tbody tr td:nth-child(2) a")
    return [
        re.search(r"/trusts/(\w+)/", h).group(1)
        for h in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]


def test_the_pages_show_nhs_englands_published_figures(official_site, page):
    official_site.visit(page, "/league/acute/?show=all")
    assert page.locator("main .nhsuk-caption-l").inner_text().strip() == "Q1 2025/26"
    assert page.get_by_text("Published by NHS England on 9 September 2025.").is_visible()
    codes = table_codes(page)
    assert (len(codes), codes[0]) == (134, MOORFIELDS)
    first = page.locator("#league-table tbody tr").first
    assert "Moorfields Eye Hospital" in first.inner_text()

    official_site.visit(page, "/league/non-acute/?show=all")
    assert page.locator("main .nhsuk-caption-l").inner_text().strip() == "Q4 2025/26"
    codes = table_codes(page)
    assert (len(codes), codes[0]) == (61, KENT_COMMUNITY)
    first = page.locator("#league-table tbody tr").first
    assert "Kent Community Health NHS Foundation Trust" in first.inner_text()

    # No ambulance trust in NHS England's files: the page says no quarter holds the table.
    official_site.visit(page, "/league/ambulance/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ambulance trusts"
    assert page.get_by_text("No published quarter holds this table yet.").is_visible()
    assert page.locator("#league-table").count() == 0

    official_site.visit(page, f"/trusts/{MOORFIELDS}/")
    lead = page.locator("main .nhsuk-body-l")
    assert "in Q1 2025/26." in lead.first.inner_text()
    assert "Ranked 1st of 134" in lead.nth(1).inner_text()
    assert page.locator("svg.app-chart circle.app-chart__point").count() >= 1
    history = page.locator("#history-table tbody tr")
    assert history.count() >= 1 and "Q1 2025/26" in history.first.inner_text()

    official_site.visit(page, "/")
    assert page.locator("#acute-top tbody tr").first.locator("a").get_attribute("href") == (
        f"/trusts/{MOORFIELDS}/"
    )
    text = page.locator("main").inner_text()
    assert "134 trusts, Q1 2025/26" in text
    empty = re.findall(r"^.*\b0 trusts\b.*$", text, re.MULTILINE)
    assert not empty, f"the home page says: {empty}"


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_each_page_fits_the_screen_and_passes_the_page_check(official_site, context, viewport):
    """Every page is checked, and the failures of all of them are reported together."""
    failures = []
    for path in OFFICIAL_PAGES:
        page = context.new_page()
        try:
            page.set_viewport_size(viewport)
            log = PageLog().watch(page)
            official_site.visit(page, path)
            for check, args in ((assert_fits, ()), (assert_page_ok, (log,))):
                try:
                    check(page, *args)
                except AssertionError as failure:
                    failures.append(f"{path} at {viewport['width']} px: {failure}")
        finally:
            page.close()
    if failures:
        raise AssertionError(f"{len(failures)} failed check(s):\n\n" + "\n\n".join(failures))


SHOWN = ("Rank", "Trust", "Segment")  # what a phone must show of each row


def test_on_a_phone_each_acute_row_shows_rank_name_and_segment_without_scrolling(
    official_site, page
):
    page.set_viewport_size(MOBILE)
    official_site.visit(page, "/league/acute/?show=all")
    width = page.evaluate("innerWidth")
    headings = page.locator("#league-table thead th").all_inner_texts()
    rank, trust, segment = (1 + [h.strip() for h in headings].index(n) for n in SHOWN)
    cut_off = page.locator("#league-table tbody tr").evaluate_all(
        """(rows, [width, cells]) => rows.flatMap((row, i) => cells.flatMap((n) => {
          const box = row.querySelector(`td:nth-child(${n})`).getBoundingClientRect();
          return box.left >= 0 && box.right <= width ? [] :
            [`row ${i + 1}, cell ${n}: ${Math.round(box.left)} to ${Math.round(box.right)} px`];
        }))""",
        [width, [rank, trust, segment]],
    )
    assert page.locator("#league-table tbody tr").count() == 134
    assert not cut_off, f"cells beyond the {width} px screen: {cut_off}"
    row = page.locator("#league-table tbody tr").first
    assert row.locator(f"td:nth-child({rank})").inner_text().split()[-1] == "1"
    assert "Moorfields Eye Hospital" in row.locator(f"td:nth-child({trust})").inner_text()
    cell = row.locator(f"td:nth-child({segment})")
    assert cell.locator(".nhsuk-table__heading").inner_text().strip() == "Segment"
    assert "Segment 1" in cell.inner_text()
    region = page.locator("#league-table").locator("xpath=..")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth"), "the table scrolls sideways"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
