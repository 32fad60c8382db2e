"""The league admin pages: read-only data lists, catalogue and history, period cut-points."""

import re

import pytest
from django.urls import reverse

from league.models import ImportBatch, ImportOutcome
from tests.league import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model, factory",
    [
        ("metricvalue", factories.MetricValueFactory),
        ("publishedfigure", factories.PublishedFigureFactory),
        ("publishedleaguerow", factories.PublishedLeagueRowFactory),
        ("assessment", factories.AssessmentFactory),
        ("computedscore", factories.ComputedScoreFactory),
    ],
)
def test_data_lists_are_read_only_and_run_a_bounded_number_of_queries(
    superuser_client, django_assert_max_num_queries, model, factory
):
    rows = factory.create_batch(30)
    changelist = reverse(f"admin:league_{model}_changelist")

    with django_assert_max_num_queries(12):
        response = superuser_client.get(changelist)
    assert response.status_code == 200
    assert rows[0].trust.ods_code in response.text

    searched = superuser_client.get(changelist, {"q": rows[0].trust.ods_code})
    assert searched.status_code == 200
    assert superuser_client.get(reverse(f"admin:league_{model}_add")).status_code == 403
    change = superuser_client.get(reverse(f"admin:league_{model}_change", args=[rows[0].pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.text
    delete = reverse(f"admin:league_{model}_delete", args=[rows[0].pk])
    assert superuser_client.get(delete).status_code == 403


@pytest.mark.parametrize(
    "model", ["frameworkversion", "domain", "metric", "period", "periodcomputation", "importbatch"]
)
def test_catalogue_and_history_lists_render_with_a_bounded_number_of_queries(
    superuser_client, django_assert_max_num_queries, model
):
    factories.PeriodComputationFactory()
    for number in range(5):
        ImportBatch.objects.create(
            uploaded_by=factories.UserFactory(),
            source="admin",
            files=[{"name": f"{number}.csv", "sha256": "ab" * 32, "size": 1, "rows": 1}],
            counts={"rows_read": 1, "added": 1},
            outcome=ImportOutcome.IMPORTED,
        )

    with django_assert_max_num_queries(12):
        response = superuser_client.get(reverse(f"admin:league_{model}_changelist"))
    assert response.status_code == 200


def test_staff_set_a_periods_cut_points_in_order(superuser_client):
    period = factories.PeriodFactory()
    url = reverse("admin:league_period_change", args=[period.pk])

    wrong = superuser_client.post(
        url, {"cut_point_1": "2.5", "cut_point_2": "2.0", "cut_point_3": "3.0"}
    )
    assert "Cut-points must increase" in wrong.text
    right = superuser_client.post(
        url, {"cut_point_1": "1.9", "cut_point_2": "2.4", "cut_point_3": "2.9"}
    )
    assert right.status_code == 302
    period.refresh_from_db()
    assert str(period.cut_point_2) == "2.40"


def test_a_periods_page_lists_its_releases_and_recomputes_in_words(demo, superuser_client):
    from league.models import Period

    period = Period.objects.get(label="Q2 2026/27")
    html = superuser_client.get(reverse("admin:league_period_change", args=[period.pk])).text
    when = r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}"
    assert re.search(r"Release 1: published on \d{1,2} [A-Z][a-z]+ \d{4} \(first release\)", html)
    assert re.search(rf"{when}: succeeded \(after an import\), took \d+ seconds?, \d+ trusts", html)
    assert "None" not in html.split("Recent recomputes", 1)[-1][:400]


def test_cut_points_are_checked_by_the_service_whatever_the_door():
    """The rule lives in the service: the admin form only asks it."""
    from decimal import Decimal

    from league.services.catalogue import CutPointsInvalid, period_cut_points_set
    from tests.league.factories import PeriodFactory

    period = PeriodFactory(year=2025, quarter=3)
    for points in ((Decimal("2.4"), Decimal("2.1"), Decimal("2.6")), (Decimal("2.0"), None, None)):
        with pytest.raises(CutPointsInvalid):
            period_cut_points_set(period=period, points=points)
    period.refresh_from_db()
    assert period.cut_point_1 is None
