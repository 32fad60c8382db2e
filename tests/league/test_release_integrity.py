"""A release is a frozen, citable whole: its inputs (values, NHS England's figures) and its
results. A correction on NHS England's mental health and community file: nothing of it shows
before it is published; afterwards release 1 still shows what it showed, the current release
the corrected values, scores and ranks."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.html import escape

from league.models import (
    Assessment,
    ComputedScore,
    MetricValue,
    Period,
    PublishedFigure,
    Release,
    ReleaseState,
)
from league.nof_files import NofFile
from league.services.imports import NofImportRefused, nof_import
from league.services.recompute import period_recompute
from league.services.releases import ReleaseError, release_publish, release_revise
from league.templatetags.league_tags import score, with_unit
from tests.league.factories import TrustFactory, UserFactory
from tests.league.official import MH_DATA, MH_LEAGUE, edited_copy, nof_files, official

pytestmark = pytest.mark.django_db

TRUST, NAME = "RYY", "Kent Community Health NHS Foundation Trust"
# What NHS England's correction changes for the trust in Q4: its staff survey engagement
# sub-score (raw value and the published score of that value).
CORRECTED = {"OF0084": "5.11", "OF1084": "4.0"}


@pytest.fixture
def q4(shared_data, django_capture_on_commit_callbacks) -> Period:
    """Q4 2025/26 of NHS England's MH&C files, computed and published as release 1."""
    cache.clear()
    nof_import(files=nof_files(shared_data, MH_DATA, MH_LEAGUE))
    period = Period.objects.get(label="Q4 2025/26")
    period_recompute(period=period)
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=period.releases.get())
    yield period
    cache.clear()


def corrected_file(shared_data, tmp_path) -> NofFile:
    def edit(rows):
        header = rows[0]
        quarter, code, metric, value = (
            header.index(name) for name in ("Quarter", "Trust_code", "Metric_ID", "Value")
        )
        for row in rows[1:]:
            if (row[quarter], row[code]) == ("Q4 2025/26", TRUST) and row[metric] in CORRECTED:
                row[value] = CORRECTED[row[metric]]

    path = edited_copy(official(shared_data, MH_DATA), tmp_path / MH_DATA, edit)
    return NofFile(path, MH_DATA)


def figures(release: Release) -> dict:
    """What the release holds for the trust: raw value, score, segment, rank, average."""
    assessment = Assessment.objects.get(release=release, trust__ods_code=TRUST)
    value = MetricValue.objects.get(
        release=release, trust__ods_code=TRUST, metric__metric_id="OF0084"
    )
    computed = ComputedScore.objects.get(release=release, trust__ods_code=TRUST, score_id="OF1084")
    return {
        "value": with_unit(value.value, value.units),
        "score": score(computed.score_2dp),
        "compared": f"{with_unit(value.value, value.units)} (score {score(computed.score_2dp)})",
        "segment": assessment.segment,
        "rank": assessment.rank,
        "average": float(assessment.average_2dp),
    }


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def api(client, url: str) -> dict:
    return json.loads(page(client, url))


def api_row(body: dict) -> dict:
    return next(row for row in body["results"] if row["trust_code"] == TRUST)


def csv_row(client, url: str) -> dict:
    text = client.get(url).content.decode("utf-8-sig")
    return next(row for row in csv.DictReader(io.StringIO(text)) if row["Trust_code"] == TRUST)


def profile_row(html: str, metric_id: str) -> str:
    """The profile's table row of one metric (value, score, median, rank)."""
    start = html.index(f'href="/metrics/{metric_id}/"', html.index('id="metrics"'))
    return html[start : html.index("</tr>", start)]


def metric_page_row(html: str) -> str:
    start = html.index(f'href="/trusts/{TRUST}/"')
    return html[start : html.index("</tr>", start)]


def shows(client, query: str, expected: dict) -> None:
    """Every public door shows the expected figures of the trust for `query` (a release)."""
    profile = page(client, f"/trusts/{TRUST}/{query}")
    assert expected["value"] in profile_row(profile, "OF0084")
    assert expected["score"] in profile_row(profile, "OF0084")
    metric = page(client, f"/metrics/OF0084/{query}{'&' if query else '?'}league=non-acute")
    assert expected["value"] in metric_page_row(metric)
    row = api_row(api(client, f"/api/league/non-acute/{query}"))
    assert (row["rank"], row["segment"], row["average_score"]) == (
        expected["rank"],
        expected["segment"],
        expected["average"],
    )
    if not query:  # compare shows each trust's current release
        assert expected["compared"] in page(client, f"/compare/?trusts={TRUST},RX2")
    download = csv_row(client, f"/league/non-acute/{query}{'&' if query else '?'}download=csv")
    assert float(download["Rank"]) == expected["rank"]


def test_a_correction_is_private_until_published_and_release_1_stays_as_it_was(
    client, q4, shared_data, tmp_path, django_capture_on_commit_callbacks
):
    first = release_revise(period=q4, reason="NHS England corrected one trust's survey data")
    release_1 = q4.releases.get(number=1)
    before = figures(release_1)
    # The correction starts as a copy of release 1's inputs, not an empty draft.
    assert MetricValue.objects.filter(release=first).count() == release_1.values.count()

    nof_import(files=[corrected_file(shared_data, tmp_path)])
    period_recompute(period=q4)
    after = figures(first)
    assert after["value"] == with_unit(5.11, "out of 10") and after["score"] == "4.00"
    assert (after["rank"], after["average"]) != (before["rank"], before["average"])
    # The import changed only the draft: release 1's inputs are untouched.
    assert figures(release_1) == before

    shows(client, "", before)  # the draft is invisible everywhere
    assert client.get(f"/trusts/{TRUST}/?release=2").status_code == 404
    feed = page(client, f"/trusts/{TRUST}/feed/")
    assert "release 2" not in feed.lower() and "corrected" not in feed.lower()

    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=first, correction_note="One trust's staff survey data corrected.")

    shows(client, "", after)
    shows(client, "?period=2025-26-q4&release=1", before)
    history = api(client, f"/api/trusts/{TRUST}/")["history"]
    assert {entry["release"] for entry in history if entry["period"]["label"] == "Q4 2025/26"} == {
        2
    }
    first.refresh_from_db()
    moved = {change["trust"]: change for change in first.changes}
    assert moved[TRUST]["name"] == NAME
    assert (moved[TRUST]["rank_before"], moved[TRUST]["rank_after"]) == (
        before["rank"],
        after["rank"],
    )
    current = page(client, "/league/non-acute/?show=all")
    assert escape("One trust's staff survey data corrected.") in current
    notice = current.split("The segment or rank of", 1)[1].split("</details>")[0]
    assert f"{NAME}</a>: segment {before['segment']} → {after['segment']}" in notice
    assert f"rank {before['rank']} → {after['rank']}" in notice


def test_a_published_release_refuses_every_change_in_the_database(q4):
    release = q4.releases.get(number=1)
    value = MetricValue.objects.filter(release=release).first()
    for attempt in (
        lambda: MetricValue.objects.filter(pk=value.pk).update(value=1.0),
        lambda: PublishedFigure.objects.filter(release=release).update(value=None),
        lambda: Assessment.objects.filter(release=release).update(rank=1),
        lambda: MetricValue.objects.create(
            release=release, trust=TrustFactory(), metric=value.metric, value=1.0
        ),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()
    assert MetricValue.objects.get(pk=value.pk).value == value.value


def test_a_published_period_refuses_imports_until_a_correction_is_opened(q4, shared_data):
    with pytest.raises(NofImportRefused) as refused:
        nof_import(files=nof_files(shared_data, MH_DATA))
    assert any("frozen" in problem.message for problem in refused.value.preview.problems)
    with pytest.raises(ReleaseError):
        release_revise(period=q4, reason="  ")


def test_publishing_and_correcting_need_the_publish_permission(q4):
    clerk = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        release_revise(period=q4, user=clerk, reason="A correction")
    assert q4.releases.count() == 1
    release = release_revise(period=q4, reason="A correction")  # from the command line
    period_recompute(period=q4)
    with pytest.raises(PermissionDenied):
        release_publish(release=release, user=clerk, correction_note="Nothing changed.")
    release.refresh_from_db()
    assert release.state == ReleaseState.DRAFT
