"""Publication on the public pages: drafts never shown, corrections announced and old releases
kept citable, and the page cache replaced as soon as the data version moves."""

import pytest

from league.models import (
    Assessment,
    FrameworkVersion,
    Period,
    PeriodComputation,
    Release,
)
from league.services.releases import data_version_bump, release_publish, release_revise
from trusts.models import Trust

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]

PAGES = ["/", "/league/acute/", "/trusts/{code}/", "/metrics/OF0013/", "/methodology/"]


@pytest.fixture
def latest() -> Period:
    return Period.objects.get(label="Q2 2026/27")


@pytest.fixture
def top() -> Assessment:
    return Assessment.objects.select_related("trust").get(
        period__label="Q2 2026/27", release__state="published", league="acute", rank=1
    )


def copy_release(source: Release, target: Release, renamed: Trust | None = None) -> None:
    """The source release's results in the target release, the given trust pushed to last."""
    copies = []
    for assessment in Assessment.objects.filter(release=source):
        assessment.pk, assessment.release = None, target
        if renamed is not None and assessment.trust_id == renamed.pk:
            assessment.rank, assessment.adjusted_segment = 134, 4
        copies.append(assessment)
    Assessment.objects.bulk_create(copies)
    computation = PeriodComputation.objects.get(release=source)
    computation.pk, computation.release = None, target
    computation.save()


def get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_a_draft_period_is_never_shown(client, top):
    framework = FrameworkVersion.objects.get(code="2026/27")
    draft = Period.objects.create(
        framework=framework, year=2026, quarter=3, label="Q3 2026/27", slug="2026-27-q3"
    )
    source = Release.objects.get(period__label="Q2 2026/27", state="published")
    copy_release(source, Release.objects.create(period=draft, number=1), renamed=top.trust)

    for url in [*PAGES, "/search/?q=" + top.trust.ods_code, "/compare/?trusts=ZYD,Z6E"]:
        html = get(client, url.format(code=top.trust.ods_code))
        assert "Q3 2026/27" not in html and "2026-27-q3" not in html, url
    for url in ["/league/acute/?period=2026-27-q3", "/trusts/ZYD/?period=2026-27-q3"]:
        assert client.get(url).status_code == 404
    assert "Ranked 1st of 134" in get(client, f"/trusts/{top.trust.ods_code}/")


def test_a_correction_in_preparation_is_not_shown(client, latest, top):
    draft = release_revise(period=latest, reason="A metric was loaded twice.")
    copy_release(Release.objects.get(period=latest, number=1), draft, renamed=top.trust)

    assert "Ranked 1st of 134" in get(client, f"/trusts/{top.trust.ods_code}/")
    html = get(client, "/league/acute/")
    assert html.index(f"/trusts/{top.trust.ods_code}/") < html.index("</tbody>")
    assert "corrected" not in html
    assert client.get("/league/acute/?release=2").status_code == 404


def test_a_published_correction_is_announced_and_the_old_release_kept(client, latest, top):
    draft = release_revise(period=latest, reason="A metric was loaded twice.")
    copy_release(Release.objects.get(period=latest, number=1), draft, renamed=top.trust)
    release_publish(release=draft, correction_note="OF0013 was loaded twice for one trust.")

    current = get(client, "/league/acute/?show=all")
    assert "This table has been corrected" in current
    assert "OF0013 was loaded twice for one trust." in current
    assert "?period=2026-27-q2&amp;release=1" in current
    assert "Ranked 134th of 134" in get(client, f"/trusts/{top.trust.ods_code}/")

    old = get(client, "/league/acute/?period=2026-27-q2&release=1")
    assert "This is not the current version of this table" in old
    assert "See the current version (release 2)" in old
    body = old.split("<tbody", 1)[1]
    assert body.index(f"/trusts/{top.trust.ods_code}/") < 400  # still first in release 1
    download = client.get("/league/acute/?period=2026-27-q2&release=1&download=csv")
    assert "release-1" in download["Content-Disposition"]


def test_pages_come_from_the_cache_until_the_data_version_moves(
    client, top, django_capture_on_commit_callbacks
):
    url = "/league/acute/"
    before = get(client, url)
    Trust.objects.filter(pk=top.trust.pk).update(name="Renamed Without Publishing NHS Trust")
    assert get(client, url) == before  # served from the cache: nothing was published

    with django_capture_on_commit_callbacks(execute=True):
        data_version_bump()
    assert "Renamed Without Publishing NHS Trust" in get(client, url)


@pytest.mark.parametrize("url", [*PAGES, "/search/?q=north", "/compare/?trusts=ZYD,Z6E"])
def test_public_pages_are_cacheable_by_anyone_and_never_touch_the_session(client, top, url):
    response = client.get(url.format(code=top.trust.ods_code))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html and 'style="' not in html


def test_a_cached_page_costs_no_query(client, django_assert_max_num_queries):
    client.get("/league/acute/")
    with django_assert_max_num_queries(0):
        assert client.get("/league/acute/").status_code == 200
