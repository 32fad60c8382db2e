"""The home page, trust search, methodology and accessibility statement."""

from html import escape

import pytest

from league.models import Assessment, Metric, Period, PeriodComputation, Release, ReleaseState
from trusts.models import Trust

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    assert "Cookie" not in response.get("Vary", "") and not response.cookies
    return response.content.decode()


def latest(league: str):
    return Assessment.objects.filter(
        league=league, period__label="Q2 2026/27", release__state="published"
    ).select_related("trust")


def test_home_shows_the_latest_quarter_and_each_tables_top_and_bottom(client, demo):
    html = page(client, "/")
    assert "Q2 2026/27" in html and "What the segments mean" in html
    for league, heading, size in [
        ("acute", "Acute trusts", 134),
        ("non-acute", "Mental health and community trusts", 61),
        ("ambulance", "Ambulance trusts", 10),
    ]:
        assert heading in html and f"{size} trusts" in html
        assert f'href="/league/{league}/"' in html
        ranked = list(latest(league).order_by("rank", "trust__name"))
        for assessment in ranked[:3] + ranked[-3:]:
            assert escape(assessment.trust.name) in html
        assert escape(ranked[len(ranked) // 2].trust.name) not in html
    assert 'action="/search/"' in html
    assert "Demonstration data" in html


def test_home_uses_the_design_system_and_its_files_are_served(client, demo):
    html = page(client, "/")
    assert 'class="nhsuk-skip-link"' in html and '<main class="nhsuk-main-wrapper' in html
    css = client.get("/static/css/app.css")
    assert css.status_code == 200
    assert b".nhsuk-header" in b"".join(css.streaming_content)


def test_home_with_trusts_but_nothing_published(client, demo):
    # As before a first publication: every quarter still a draft (published rows are frozen, so
    # the releases are reopened rather than their results deleted).
    Release.objects.update(state=ReleaseState.DRAFT, published_at=None)
    Period.objects.update(status="draft")
    assert "No league tables have been published yet." in page(client, "/")


def test_search_finds_trusts_by_name_and_by_ods_code(client, demo):
    trust = Trust.objects.get(ods_code="Z6E")
    by_code = page(client, "/search/?q=z6e")
    assert escape(trust.name) in by_code and "1 trust matches" in by_code
    by_name = page(client, "/search/?q=north")
    expected = Trust.objects.filter(name__icontains="north")
    assert expected.filter(league="icb").exists() and expected.exclude(league="icb").exists()
    assert f"{expected.count()} trusts or ICBs match" in by_name
    for match in expected:
        assert f'href="{match.profile_path}"' in by_name
    assert "Ranked" in by_name and "nhsuk-tag" in by_name


def test_search_puts_the_trust_with_that_code_first(client, demo):
    trust = Trust.objects.get(ods_code="ZYD")
    Trust.objects.filter(ods_code="Z6E").update(name="Aardvark ZYD Memorial Hospital")
    main = page(client, "/search/?q=ZYD").split("<main", 1)[1]
    assert main.index(f"/trusts/{trust.ods_code}/") < main.index("/trusts/Z6E/")


def test_search_with_no_match_or_no_words(client, demo):
    assert "No trust matches" in page(client, "/search/?q=Zzyzx")
    assert "<h1>Find a trust</h1>" in page(client, "/search/")


@pytest.mark.parametrize("query", ["q=" + "a" * 200, "q=a&q=b", "q=%00"])
def test_search_refuses_hostile_queries(client, demo, query):
    assert client.get(f"/search/?{query}").status_code == 400


def test_methodology_is_generated_from_the_catalogue_and_cut_points(client, demo):
    html = page(client, "/methodology/")
    for metric in Metric.objects.all():
        assert metric.metric_id in html
    assert "at least 78%" in html  # OF0013's stored threshold, in words
    assert "less than 1%" in html  # OF0003: threshold 1.0, not inclusive, lower is better
    for computation in PeriodComputation.objects.filter(release__state="published"):
        for point in computation.cut_points:
            assert f"{point:.2f}" in html
    assert "NHS Oversight Framework 2026/27" in html


def test_methodology_changes_when_a_threshold_changes(client, demo):
    Metric.objects.filter(metric_id="OF0013").update(
        params={"population": "type", "threshold": 95.0, "threshold_inclusive": True}
    )
    html = page(client, "/methodology/")
    assert "at least 95%" in html and "at least 78%" not in html


def test_accessibility_statement(client, demo):
    html = page(client, "/accessibility/")
    assert "WCAG" in html and "2.2" in html and "Enforcement procedure" in html


@pytest.mark.parametrize(
    ("url", "most"),
    # Each with one for the navigation's tables; the home page one for the leagues each
    # quarter holds and two per table for its most improved (cached until the next
    # publication); pages with a search box two for the organisations its hint names.
    [("/", 17), ("/search/?q=north", 9), ("/methodology/", 6), ("/accessibility/", 3)],
)
def test_queries_are_few_and_fixed(client, demo, django_assert_max_num_queries, url, most):
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
