"""Atom feeds of releases and of one trust's results, and the open-data page."""

import xml.etree.ElementTree as ET

import pytest

from league.models import Assessment, Period, Release
from league.services.recompute import period_recompute
from league.services.releases import release_publish, release_revise
from tests.league import factories
from trusts.models import Trust

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def trust() -> Trust:
    return Trust.objects.filter(league="non-acute").order_by("ods_code").first()


def entries(client, url: str) -> list[dict]:
    """The feed's entries, after checking it is a well-formed Atom feed."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response["Cache-Control"] == "public, max-age=300"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for child in ("title", "id", "updated", "author"):
        assert feed.find(f"{ATOM}{child}") is not None, child
    found = [
        {
            "id": entry.findtext(f"{ATOM}id"),
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]
    assert len({e["id"] for e in found}) == len(found), "entry ids must be unique"
    assert all(e["id"] and e["title"] and e["updated"] for e in found)
    return found


def _revise_q4() -> Release:
    period = Period.objects.get(slug="2025-26-q4")
    draft = release_revise(period=period, reason="A late file for one trust.")
    period_recompute(period=period, replicates=10)
    Assessment.objects.filter(release=draft, league="acute", rank=1).update(adjusted_segment=4)
    return draft


def _draft_period() -> Period:
    period = factories.PeriodFactory(year=2026, quarter=3, status="draft")
    release = factories.ReleaseFactory(period=period, state="draft")
    for trust in Trust.objects.filter(league="non-acute").order_by("ods_code")[:3]:
        factories.AssessmentFactory(release=release, trust=trust, league="non-acute")
    return period


def test_the_releases_feed_has_every_publication_newest_first(client):
    found = entries(client, "/feeds/releases/")

    assert [e["title"] for e in found] == [
        f"Q{q} 2026/27: league tables published" for q in (2, 1)
    ] + [f"Q{q} 2025/26: league tables published" for q in (4, 3, 2, 1)]
    assert found[0]["link"] == "http://testserver/league/acute/?period=2026-27-q2&release=1"
    table = 'href="http://testserver/league/ambulance/?period=2026-27-q2&amp;release=1"'
    assert table in found[0]["summary"]  # absolute: feed readers do not resolve relative links


def test_a_correction_appears_with_its_note_and_changes(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=_revise_q4(), correction_note="Late data <added> for one trust.")

    found = entries(client, "/feeds/releases/")
    assert len(found) == 7
    assert found[0]["title"] == "Q4 2025/26: league tables corrected (release 2)"
    assert "Late data &lt;added&gt; for one trust." in found[0]["summary"]  # escaped, not markup
    changed = Release.objects.get(period__slug="2025-26-q4", number=2).changes[0]
    assert changed["trust"] in found[0]["summary"] and "segment 4" in found[0]["summary"]


def test_a_trusts_feed_has_its_segment_and_rank_in_each_release(client, trust):
    found = entries(client, f"/trusts/{trust.ods_code}/feed/")

    assessments = Assessment.objects.filter(trust=trust).order_by(
        "-period__year", "-period__quarter"
    )
    assert len(found) == 6
    for entry, assessment in zip(found, assessments, strict=True):
        assert entry["title"].startswith(f"{assessment.period.label}: segment {assessment.segment}")
        assert f"ranked {assessment.rank} of {assessment.league_size}" in entry["title"]
        assert entry["link"] == (
            f"http://testserver/trusts/{trust.ods_code}/?period={assessment.period.slug}&release=1"
        )
    assert client.get("/trusts/NOPE/feed/").status_code == 404
    assert client.post(f"/trusts/{trust.ods_code}/feed/").status_code == 405


def test_drafts_never_reach_a_feed(client, trust):
    draft = _draft_period()
    _revise_q4()

    releases = entries(client, "/feeds/releases/")
    assert len(releases) == 6
    assert not any(draft.label in e["title"] or "release 2" in e["title"] for e in releases)
    mine = entries(client, f"/trusts/{trust.ods_code}/feed/")
    assert assessments_in(draft, trust) and len(mine) == 6
    assert not any(draft.label in e["title"] or "release=2" in e["link"] for e in mine)


def assessments_in(period: Period, trust: Trust) -> bool:
    return Assessment.objects.filter(period=period, trust=trust).exists()


@pytest.mark.parametrize(("url", "queries"), [("/feeds/releases/", 2), ("/trusts/{code}/feed/", 3)])
def test_feeds_need_few_queries(client, trust, django_assert_max_num_queries, url, queries):
    with django_assert_max_num_queries(queries):
        assert client.get(url.format(code=trust.ods_code)).status_code == 200


def test_the_open_data_page_documents_downloads_api_feeds_and_licence(
    client, django_assert_max_num_queries
):
    _draft_period()
    # 4, 2 for the navigation's tables (the data version and the years published), and 3 for
    # the leagues each quarter holds (the published state and one read, once per data version).
    with django_assert_max_num_queries(9):
        response = client.get("/open-data/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    page = response.content.decode()
    assert "<h1>Open data</h1>" in page and "nhsuk-table" in page and "nhsuk-breadcrumb" in page
    assert "Open Government Licence v3.0" in page
    for address in ("/api/", "/api/openapi.json", "/api/trusts/", "/feeds/releases/"):
        assert f'href="{address}"' in page, address
    assert "/api/plans/" in page
    assert 'type="application/atom+xml"' in page
    assert "Q2 2026/27, release 1" in page and "Q3 2026/27" not in page
    assert 'href="/league/acute/?period=2026-27-q2&amp;download=csv"' in page
    assert "Demonstration data" in page
