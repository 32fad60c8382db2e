"""Published-figures mode: a quarter of a year whose thresholds are not set shows NHS England's
own segments, averages and ranks everywhere, says so, and reconciliation still lists every
difference and proposes the thresholds that reproduce the published segments.

The quarter is NHS England's MH&C file of 2025/26 relabelled as 2026/27 (what a 2026/27 file
will look like, with its summary rows), under the 2025/26 catalogue imported as 2026/27.
"""

import html
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from league.models import Assessment, Period, PublishedFigure
from league.nof_files import NofFile
from league.selectors import latest_release
from league.services.imports import nof_import
from league.services.recompute import period_recompute
from league.services.releases import release_publish
from tests.league.official import MH_DATA, official

pytestmark = pytest.mark.django_db

LABEL = "Q2 2026/27"


@pytest.fixture
def published_mode(shared_data, tmp_path):
    catalogue = tmp_path / "catalogue.csv"
    call_command("export_framework", year="2025/26", output=catalogue, stderr=io.StringIO())
    out = io.StringIO()
    call_command(
        "import_framework",
        year="2026/27",
        metrics=catalogue,
        segment_rule="thresholds",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "thresholds not set yet" in out.getvalue()
    text = official(shared_data, MH_DATA).read_text(encoding="utf-8-sig")
    relabelled = text.replace(" 2025/26,", " 2026/27,")
    nof_import(files=[NofFile(io.BytesIO(relabelled.encode("utf-8-sig")), "mh-2026-27.csv")])
    period = Period.objects.get(label=LABEL)
    period_recompute(period=period, replicates=0)
    return period


def _published(period, figure_id) -> dict[int, float]:
    return dict(
        PublishedFigure.objects.filter(release__period=period, figure_id=figure_id).values_list(
            "trust_id", "value"
        )
    )


def test_the_public_figures_are_nhs_englands_and_the_computed_are_kept(published_mode):
    period = published_mode
    computation = period.computations.get()
    assert computation.figures == "published"
    assert computation.figures_reason == "the 2026/27 segment thresholds are not set"
    segments, averages = _published(period, "OF5000"), _published(period, "OF5002")
    assessments = list(Assessment.objects.filter(release__period=period))
    assert len(assessments) == len(segments) == 61
    for a in assessments:
        assert a.adjusted_segment == segments[a.trust_id]
        assert float(a.average_2dp) == pytest.approx(averages[a.trust_id])
        assert a.computed_adjusted_segment is None  # no thresholds: the engine cannot segment
        assert a.computed_average_2dp is not None
    # Ranked as NHS England ranks: on (published segment, published average).
    ranks = [
        rank
        for _, _, rank in sorted((a.adjusted_segment, a.average_2dp, a.rank) for a in assessments)
    ]
    assert ranks[0] == 1 and ranks == sorted(ranks)


def test_every_public_page_and_the_api_say_so(published_mode, client):
    release_publish(release=latest_release(published_mode))
    a = Assessment.objects.filter(release__period=published_mode).order_by("rank").first()
    sentence = (
        "These segments, averages and ranks are NHS England's published figures, "
        "because the 2026/27 segment thresholds are not set."
    )
    for url in ("/", "/league/non-acute/", f"/trusts/{a.trust.ods_code}/", "/metrics/OF0082/"):
        page = html.unescape(client.get(url).content.decode())
        assert sentence in page, url
    body = json.loads(client.get("/api/league/non-acute/").content)
    assert body["release"]["figures"] == "published"
    assert "NHS England's published figures" in body["release"]["figures_note"]
    assert body["results"][0]["segment"] == a.segment


def test_reconciliation_lists_the_differences_and_proposes_thresholds(
    published_mode, superuser_client
):
    url = reverse("admin:league_period_reconcile", args=[published_mode.pk])
    page = html.unescape(superuser_client.get(url).content.decode())
    assert "The public sees NHS England's published segments" in page
    assert "Segment (OF5000)</td><td>0</td><td>61</td>" in page  # nothing computed to match
    assert (
        "Thresholds 2.06, 2.34, 2.64 read from NHS England's published unadjusted "
        "segments of 61 trusts" in page
    )
    assert "Set these as the 2026/27 thresholds" in page

    superuser_client.post(url)
    published_mode.framework.refresh_from_db()
    assert [str(t) for t in published_mode.framework.thresholds] == ["2.06", "2.34", "2.64"]
    period_recompute(period=published_mode, replicates=0)
    computation = published_mode.computations.get()
    assert (computation.figures, computation.cut_points_source) == ("computed", "thresholds")
    report = html.unescape(superuser_client.get(url).content.decode())
    assert "Unadjusted segment (OF5003)</td><td>61</td><td>61</td>" in report
    assert "Segment (OF5000)</td><td>61</td><td>61</td>" in report
