"""A publication's pages are ready before it is announced (league/warming.py)."""

from decimal import Decimal

import pytest
from django.db import transaction

from league import warming
from league.models import Assessment, Period
from league.selectors import data_version
from league.services import releases
from league.services.recompute import period_recompute
from league.services.releases import release_publish, release_revise

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]


def _correction():
    """A correction of the latest quarter whose acute averages all read 3.99."""
    period = Period.objects.get(slug="2026-27-q2")
    draft = release_revise(period=period, reason="A late file.")
    period_recompute(period=period, replicates=10)
    Assessment.objects.filter(release=draft).update(average_2dp=Decimal("3.99"))
    return draft


PAGES = ["/", "/league/acute/", "/league/acute/?period=2026-27-q2", "/trusts/ZFQ/"]
VISITED = ["/league/acute/", "/trusts/ZFQ/", "/metrics/OF0013/", "/league/ambulance/"]


@pytest.fixture
def few_pages(monkeypatch):
    """Warm only the pages a test visits (all of a release's take half a minute here)."""
    every = warming.release_paths
    monkeypatch.setattr(
        warming, "release_paths", lambda release: [p for p in every(release) if p in VISITED]
    )


def test_a_publication_prepares_home_every_table_profile_and_metric_page():
    draft = _correction()
    paths = warming.release_paths(draft)

    assert paths[:2] == ["/", "/league/acute/"]
    tables = [p for p in paths if p.startswith("/league/")]
    assert len(tables) == 2 * len(draft.period.framework.tables)
    profiles = [p for p in paths if p.startswith(("/trusts/", "/icbs/"))]
    assert len(profiles) == Assessment.objects.filter(release=draft).count()
    assert len([p for p in paths if p.startswith("/metrics/")]) > 20
    assert len(paths) == len(set(paths))


@pytest.mark.usefixtures("few_pages")
def test_the_first_visitors_after_a_publication_find_its_pages_ready(
    client, settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.PUBLICATION_WARM_SECONDS = 120
    for path in PAGES:
        client.get(path)  # the old pages, stored
    draft = _correction()

    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=draft, correction_note="One trust's late data added.")

    for path in VISITED:
        with django_assert_num_queries(0):
            page = client.get(path)
        assert page.status_code == 200, path
    assert b"3.99" in client.get("/league/acute/").content


@pytest.mark.usefixtures("few_pages")
def test_the_publication_is_announced_only_when_its_pages_are_ready(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PUBLICATION_WARM_SECONDS = 120
    before = client.get("/league/acute/").content
    version = data_version()
    seen = {}
    real = warming.warm_public_pages

    def watched(release, new_version, seconds):
        seen["during"] = (data_version(), client.get("/league/acute/").content)
        return real(release, new_version, seconds)

    monkeypatch.setattr(releases, "warm_public_pages", watched)
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=_correction(), correction_note="One trust's late data added.")

    assert seen["during"] == (version, before)  # visitors still had the announced pages
    assert data_version() > version
    assert b"3.99" in client.get("/league/acute/").content and b"3.99" not in before


def test_warming_stops_at_its_deadline_and_the_rest_render_on_their_first_visit(
    client, settings, django_capture_on_commit_callbacks
):
    draft = _correction()
    prepared = warming.warm_public_pages(draft, data_version() + 1, seconds=0)
    assert prepared.pages <= 1 and prepared.left >= len(warming.release_paths(draft)) - 1

    settings.PUBLICATION_WARM_SECONDS = 0.05
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=draft, correction_note="One trust's late data added.")
    assert b"3.99" in client.get("/league/acute/").content


@pytest.mark.usefixtures("few_pages")
def test_pages_prepared_for_a_publication_that_rolled_back_are_never_served(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PUBLICATION_WARM_SECONDS = 120
    draft = _correction()
    aborted = {}
    real = warming.warm_public_pages

    def then_fail(release, new_version, seconds):
        aborted["version"] = new_version
        real(release, new_version, seconds)
        raise RuntimeError("the database went away before the commit")

    with pytest.raises(RuntimeError), transaction.atomic():
        releases.warm_public_pages, saved = then_fail, releases.warm_public_pages
        try:
            release_publish(release=draft, correction_note="Aborted.")
        finally:
            releases.warm_public_pages = saved

    assert b"3.99" not in client.get("/league/acute/").content  # still the announced data
    Assessment.objects.filter(release=draft).update(average_2dp=Decimal("3.98"))
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=draft, correction_note="Published.")
    assert data_version() != aborted["version"]
    page = client.get("/league/acute/").content
    assert b"3.98" in page and b"3.99" not in page
