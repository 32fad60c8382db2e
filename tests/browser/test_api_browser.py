"""The API in the browser (/api/browser/): Swagger UI from our own static files, under the
site's Content Security Policy, reading the generated document and trying a request."""

import json

import pytest

from tests.browser.conftest import (
    DESKTOP,
    MOBILE,
    assert_accessible,
    assert_no_console_errors,
    assert_static_ok,
)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_the_api_browser_lists_every_endpoint_from_our_own_files(
    demo_site, page, page_log, viewport
):
    page.set_viewport_size(viewport)
    demo_site.visit(page, "/api/browser/")
    page.wait_for_selector(".opblock-summary-path")

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/league/{league}/", "/api/trusts/", "/api/plans/"} <= {p.strip() for p in paths}
    assert not page_log.blocked  # no CDN: the Swagger UI files are ours
    assert_static_ok(page_log)
    assert_no_console_errors(page_log)  # CSP violations included
    # Swagger UI's own markup has known contrast and label gaps; ours (header, landmarks) not.
    assert_accessible(page, context="header")


def test_try_it_out_filters_a_league_table_as_the_page_does(demo_site, page, page_log):
    demo_site.visit(page, "/api/browser/")
    page.locator("#operations-league-league_table .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.locator("tr[data-param-name='league'] select").select_option("acute")
    page.locator("tr[data-param-name='region'] input").fill("Y56")
    with page.expect_response(lambda r: "/api/league/acute/?region=Y56" in r.url) as answer:
        page.get_by_role("button", name="Execute").click()

    body = json.loads(answer.value.body())
    assert body["count"] == len(body["results"]) > 0
    assert {row["region"] for row in body["results"]} == {"London"}
    page.locator(".live-responses-table .response-col_status").first.wait_for()
    assert_no_console_errors(page_log)
