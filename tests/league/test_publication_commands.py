"""Publishing a quarter from the command line, through the same services as admin:
`publish`, `correct`, and exports that choose which release they write."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from league.models import Assessment, MetricValue, Period, ReleaseState
from league.services.recompute import period_recompute
from tests.league.official import MH_DATA, MH_LEAGUE, nof_files

pytestmark = pytest.mark.django_db
Q4 = "Q4 2025/26"


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def q4(shared_data) -> Period:
    from league.services.imports import nof_import

    nof_import(files=nof_files(shared_data, MH_DATA, MH_LEAGUE))
    period = Period.objects.get(label=Q4)
    period_recompute(period=period)
    return period


def league_rows(**options) -> list[dict]:
    text = run("export_league", period=Q4, league="non-acute", **options)
    return list(csv.DictReader(io.StringIO(text)))


def test_publish_then_correct_from_the_command_line(q4):
    assert "published" in run("publish", period=Q4, published_on=date(2026, 2, 12))
    release = q4.releases.get(number=1)
    assert release.state == ReleaseState.PUBLISHED and release.published_on == date(2026, 2, 12)
    assert release.publication_date == date(2026, 2, 12)

    said = run("correct", period=Q4, reason="NHS England re-issued the file")
    assert "release 2 opened as a draft" in said
    draft = q4.releases.get(number=2)
    assert draft.state == ReleaseState.DRAFT and draft.reason == "NHS England re-issued the file"
    assert MetricValue.objects.filter(release=draft).count() == release.values.count()

    period_recompute(period=q4)
    top = Assessment.objects.get(release=draft, rank=1)
    Assessment.objects.filter(release=draft).update(rank=61)
    Assessment.objects.filter(pk=top.pk).update(rank=60)
    # Exports default to what the public sees; --release chooses another.
    assert league_rows()[0]["Trust_code"] == top.trust.ods_code
    assert league_rows()[0]["Rank"] == "1.0"
    assert league_rows(release=2)[0]["Rank"] == "60.0"
    scores = run("export_scores", period=Q4, release=1)
    assert top.trust.ods_code in scores
    data = list(csv.DictReader(io.StringIO(run("export_trust_data", period=Q4, release=1))))
    assert len(data) == MetricValue.objects.filter(release=release).count() + (
        release.published_figures.count()
    )

    with pytest.raises(CommandError, match="public note"):
        run("publish", period=Q4)
    said = run("publish", period=Q4, note="Ranks re-issued.")
    assert top.trust.name in said and "rank 1 → 60" in said
    draft.refresh_from_db()
    assert draft.state == ReleaseState.PUBLISHED and draft.correction_note == "Ranks re-issued."
    assert q4.releases.get(number=1).state == ReleaseState.SUPERSEDED
    assert league_rows(release=1)[0]["Rank"] == "1.0"


def test_the_commands_refuse_plainly(q4):
    with pytest.raises(CommandError, match="not published"):
        run("correct", period=Q4, reason="Too early")
    with pytest.raises(CommandError, match="no period"):
        run("publish", period="Q9 2025/26")
    with pytest.raises(CommandError, match="no release 7"):
        run("export_league", period=Q4, league="non-acute", release=7)
    with pytest.raises(CommandError, match="2026-06-11"):
        call_command("publish", "--period", Q4, "--published-on", "11/06/2026")
    with pytest.raises(CommandError, match="cannot be in the future"):
        run("publish", period=Q4, published_on=date.today() + timedelta(days=2))
    assert q4.releases.get(number=1).state == ReleaseState.DRAFT
    run("publish", period=Q4)
    with pytest.raises(CommandError, match="no draft release"):
        run("publish", period=Q4)


@pytest.mark.skipif(
    not settings.CELERY_TASK_ALWAYS_EAGER,
    reason="REDIS_URL is set, so tasks go to workers: tests/league/test_worker.py runs this "
    "with a real worker",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_recompute_handed_to_the_workers_runs_in_process_without_redis(q4):
    """With no REDIS_URL (`make run`, SQLite) the queued task runs in the calling process."""
    run("publish", period=Q4)
    run("correct", period=Q4, reason="Recompute check")
    said = run("recompute", period=Q4, queue=True, wait=60)
    assert "succeeded, 61 trusts written" in said
    assert Assessment.objects.filter(release=q4.releases.get(number=2)).count() == 61


def test_staff_give_nhs_englands_publication_date_when_publishing_in_admin(q4, superuser_client):
    from django.urls import reverse

    url = reverse("admin:league_period_publish", args=[q4.pk])
    assert 'name="published_on"' in superuser_client.get(url).text
    future = superuser_client.post(url, {"published_on": "2099-01-01"})
    assert "cannot be in the future" in future.text
    assert q4.releases.get(number=1).state == ReleaseState.DRAFT

    assert superuser_client.post(url, {"published_on": "2026-06-18"}).status_code == 302
    release = q4.releases.get(number=1)
    assert release.state == ReleaseState.PUBLISHED and release.published_on == date(2026, 6, 18)
