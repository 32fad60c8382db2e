"""Publishing in admin: the steps of a quarter and where it stands, the period pages' trails,
and what the period and publish pages say about releases, recomputes and corrections."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from league.admin.publishing import publishing_periods, publishing_steps
from league.models import (
    ImportBatch,
    ImportOutcome,
    Period,
    PeriodStatus,
    RecomputeRun,
    ReleaseState,
    RunState,
    RunTrigger,
)
from league.services.releases import release_publish, release_revise
from tests.league import factories

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """The page's words, as a reader sees them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _breadcrumbs(html: str) -> str:
    return re.search(r'<ol class="breadcrumbs">(.*?)</ol>', html, re.S).group(1)


def _imported(period: Period, *names: str, when=None) -> ImportBatch:
    batch = ImportBatch.objects.create(
        source="admin",
        files=[{"name": name, "rows": 1} for name in names],
        outcome=ImportOutcome.IMPORTED,
        counts={"rows_read": len(names)},
    )
    batch.periods.add(period)
    if when is not None:
        ImportBatch.objects.filter(pk=batch.pk).update(created_at=when)
    return batch


@pytest.fixture
def draft():
    """Q1 2025/26 imported from two files (three rows) and not yet recomputed."""
    release = factories.ReleaseFactory()
    period = release.period
    factories.MetricValueFactory.create_batch(2, release=release)
    factories.PublishedFigureFactory(release=release)
    _imported(period, "acute.csv", "league-table.csv")
    return period


def _states(period: Period, user) -> dict[str, str]:
    return {step.name: step.state for step in publishing_steps(period, user=user)}


def _admin():
    return factories.UserFactory(is_staff=True, is_superuser=True)


# The steps and their states


def test_the_steps_come_in_order_and_say_a_new_quarter_is_imported_only(draft):
    steps = publishing_steps(draft, user=_admin())

    assert [step.name for step in steps] == ["Import", "Recompute", "Reconcile", "Publish"]
    today = timezone.localdate()
    assert steps[0].state == f"2 files, 3 rows, {today.day} {today:%B %Y}"
    assert steps[1].state == "not yet"
    assert steps[2].state == "not yet: recompute first"
    assert steps[3].state == "draft: not yet published"
    assert steps[0].url == reverse("admin:league_importbatch_import")
    assert steps[2].url == reverse("admin:league_period_reconcile", args=[draft.pk])
    assert steps[3].url == reverse("admin:league_period_publish", args=[draft.pk])


def test_the_recompute_step_follows_the_runs_and_the_inputs(draft):
    user = _admin()
    run = RecomputeRun.objects.create(
        period=draft, trigger=RunTrigger.IMPORT, state=RunState.RUNNING, started_at=timezone.now()
    )
    assert _states(draft, user)["Recompute"].startswith("running since ")

    RecomputeRun.objects.filter(pk=run.pk).update(state=RunState.SUCCEEDED)
    release = draft.releases.get()
    trust = factories.TrustFactory()
    factories.AssessmentFactory(release=release, trust=trust, rank=1, average_2dp="2.10")
    factories.PublishedLeagueRowFactory(release=release, trust=trust, rank=1, average_score=2.1)
    factories.PeriodComputationFactory(release=release)
    states = _states(draft, user)
    assert states["Recompute"].startswith("done ")
    # Rank, segment, average and deficit flag match; the likely ranges were not computed.
    assert states["Reconcile"] == "4 of 6 published figures match"

    _imported(draft, "corrected.csv", when=timezone.now() + timedelta(minutes=5))
    Period.objects.filter(pk=draft.pk).update(inputs_version=draft.inputs_version + 1)
    draft.refresh_from_db()
    assert _states(draft, user)["Recompute"].startswith("out of date since the last import (")


def test_the_publish_step_gives_nhs_englands_date_then_the_correction(draft):
    user = _admin()
    release = draft.releases.get()
    factories.PeriodComputationFactory(release=release)
    release_publish(release=release, published_on=date(2025, 9, 9))
    draft.refresh_from_db()

    [*_, publish] = publishing_steps(draft, user=user)
    assert publish.state == "published on 9 September 2025"
    assert publish.url == reverse("admin:league_period_revise", args=[draft.pk])

    release_revise(period=draft, reason="A wrong value")
    draft.refresh_from_db()
    states = _states(draft, user)
    assert states["Import"] == "no corrected files yet: 3 rows copied from the published release"
    assert states["Publish"].startswith("correction (release 2) in draft; release 1, published")


def test_steps_a_user_may_not_take_have_no_link(draft):
    viewer = factories.staff_user("league.view_period")

    steps = {step.name: step for step in publishing_steps(draft, user=viewer)}

    assert steps["Import"].url is None and steps["Publish"].url is None
    assert steps["Reconcile"].url is not None


def test_the_quarters_shown_are_those_being_worked_on_else_the_latest_published():
    older = factories.PeriodFactory(quarter=1, status=PeriodStatus.PUBLISHED)
    newer = factories.PeriodFactory(quarter=2, status=PeriodStatus.PUBLISHED)
    assert publishing_periods() == [newer]

    working = factories.PeriodFactory(quarter=3)
    Period.objects.filter(pk=older.pk).update(status=PeriodStatus.REVISING)
    assert publishing_periods() == [working, older]


# The panel on the admin home and on the period's page


def test_the_admin_home_shows_the_steps_for_the_quarter_being_worked_on(draft, superuser_client):
    html = superuser_client.get(reverse("admin:index")).text
    panel = _text(html.split('id="publishing"', 1)[1].split("</div>", 1)[0])

    assert "Publishing a quarter" in panel
    assert "1. Import 2. Recompute 3. Reconcile 4. Publish" in panel
    assert "Q1 2025/26" in panel and "2 files, 3 rows" in panel
    assert "Draft: not yet published" in panel
    assert reverse("admin:league_period_publish", args=[draft.pk]) in html


def test_the_admin_home_has_no_panel_for_staff_who_cannot_see_periods(draft, client):
    client.force_login(factories.staff_user("league.view_importbatch"))

    html = client.get(reverse("admin:index")).text

    assert 'id="publishing"' not in html


def test_the_periods_page_opens_with_its_steps(draft, superuser_client):
    html = superuser_client.get(reverse("admin:league_period_change", args=[draft.pk])).text

    assert 'id="publishing"' in html
    text = _text(html)
    assert "2 files, 3 rows" in text and "Not yet: recompute first" in text


# Breadcrumbs


@pytest.mark.parametrize(
    "view, here",
    [
        ("league_period_reconcile", "Reconciliation"),
        ("league_period_revise", "Correct (new release)"),
        ("league_period_publish", "Publish release 1"),
    ],
)
def test_a_periods_pages_keep_the_admin_breadcrumb_trail(draft, superuser_client, view, here):
    response = superuser_client.get(reverse(f"admin:{view}", args=[draft.pk]))

    assert response.status_code == 200
    trail = _breadcrumbs(response.text)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', trail)
    assert links == [
        (reverse("admin:index"), "Home"),
        (reverse("admin:app_list", args=["league"]), "League tables"),
        (reverse("admin:league_period_changelist"), "Periods"),
        (reverse("admin:league_period_change", args=[draft.pk]), "Q1 2025/26"),
    ]
    assert re.search(rf'<li aria-current="page">{re.escape(here)}</li>', trail)


# Releases, recomputes and corrections in words


@pytest.fixture
def corrected():
    """Q1 2025/26 published on 9 September 2025, with a correction drafted and computed that
    moves one trust from segment 2 to 3."""
    release = factories.ReleaseFactory()
    period = release.period
    moved = factories.TrustFactory(name="Northmoor Hospitals NHS Trust")
    kept = factories.TrustFactory()
    factories.AssessmentFactory(release=release, trust=moved, adjusted_segment=2, rank=1)
    factories.AssessmentFactory(release=release, trust=kept, adjusted_segment=2, rank=2)
    factories.PeriodComputationFactory(release=release)
    release_publish(release=release, published_on=date(2025, 9, 9))
    period.refresh_from_db()
    correction = release_revise(period=period, reason="A wrong value")
    factories.AssessmentFactory(release=correction, trust=moved, adjusted_segment=3, rank=2)
    factories.AssessmentFactory(release=correction, trust=kept, adjusted_segment=2, rank=1)
    return correction


def test_the_periods_page_gives_releases_and_recomputes_in_words(corrected, superuser_client):
    period = corrected.period
    started = timezone.now()
    RecomputeRun.objects.create(
        period=period,
        trigger=RunTrigger.ADMIN,
        state=RunState.SUCCEEDED,
        started_at=started,
        finished_at=started + timedelta(seconds=3, microseconds=155288),
        trusts_written=2,
    )

    text = _text(superuser_client.get(reverse("admin:league_period_change", args=[period.pk])).text)

    assert "Release 1: published on 9 September 2025 (first release)" in text
    assert "Release 2: draft (correction: A wrong value)" in text
    assert re.search(
        r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}: succeeded \(requested in admin\), "
        r"took 3 seconds, 2 trusts",
        text,
    )
    fields = text.split("Releases:", 1)[1].split("Recent recomputes:", 1)
    assert "0:00:03" not in fields[1] and "None" not in fields[0]


def test_the_publish_page_names_the_trusts_a_correction_moves(corrected, superuser_client):
    period = corrected.period
    url = reverse("admin:league_period_publish", args=[period.pk])
    factories.PeriodComputationFactory(release=corrected)

    text = _text(superuser_client.get(url).text)

    assert "Trusts whose segment or rank changes (2)" in text
    assert "Northmoor Hospitals NHS Trust 2 → 3 1 → 2" in text

    response = superuser_client.post(url, {"correction_note": "A value was corrected."})
    assert response.status_code == 302
    corrected.refresh_from_db()
    assert corrected.state == ReleaseState.PUBLISHED
    page = _text(superuser_client.get(reverse("admin:league_period_change", args=[period.pk])).text)
    assert "Northmoor Hospitals NHS Trust (segment 2 → 3, rank 1 → 2)" in page


def test_the_publish_page_does_not_claim_no_changes_before_the_correction_is_computed(
    corrected, superuser_client
):
    url = reverse("admin:league_period_publish", args=[corrected.period.pk])

    text = _text(superuser_client.get(url).text)

    assert "No segment or rank changes" not in text
    assert "has no computed results yet" in text
