"""In the browser: sorting and filtering a league table change its rows; compare shows the chosen
trusts. Everything works through links and GET forms, so JavaScript is off to prove it."""

from league.models import Assessment, ReleaseState
from tests.browser.conftest import MOBILE, PageLog, assert_page_ok


def _rows(page) -> list[str]:
    return page.locator("table.nhsuk-table tbody tr").all_inner_texts()


def test_sorting_filtering_and_compare(demo_site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=MOBILE)
    try:
        page = context.new_page()
        log = PageLog().watch(page)
        demo_site.visit(page, "/league/acute/?show=all")
        by_rank = _rows(page)
        assert len(by_rank) == 134

        # On a phone each row is a card and the headings are hidden: the form sorts.
        page.get_by_label("Sort by").select_option("trust")
        with page.expect_navigation(wait_until="load"):  # the whole new table, not part of it
            page.get_by_role("button", name="Show trusts").click()
        by_name = _rows(page)
        assert len(by_name) == 134 and by_name != by_rank
        names = page.locator("#league-table tbody td:nth-child(2) a").all_inner_texts()
        assert names == sorted(names, key=str.casefold)

        page.get_by_text("Filter trusts").click()  # the filters sit in a details element
        page.get_by_label("Segment", exact=True).select_option("4")
        with page.expect_navigation(wait_until="load"):  # the whole new table, not part of it
            page.get_by_role("button", name="Show trusts").click()
        in_segment_four = Assessment.objects.filter(
            league="acute",
            adjusted_segment=4,
            period__label="Q2 2026/27",
            release__state=ReleaseState.PUBLISHED,
        ).count()
        filtered = _rows(page)
        assert 0 < len(filtered) == in_segment_four < 134
        assert all("Segment 4" in row for row in filtered)
        assert_page_ok(page, log, js=False)

        chosen = list(
            Assessment.objects.filter(
                league="acute",
                period__label="Q2 2026/27",
                release__state=ReleaseState.PUBLISHED,
            )
            .order_by("rank")
            .select_related("trust")[:3]
        )
        codes = ",".join(a.trust.ods_code for a in chosen)
        demo_site.visit(page, f"/compare/?trusts={codes}")
        text = page.locator("main").inner_text()
        for assessment in chosen:
            assert assessment.trust.name in text
        assert_page_ok(page, log, js=False)
    finally:
        context.close()
