"""Framework years in admin, as NHS England staff use them: download a catalogue, import it
under a new year with thresholds (check, then confirm), and change a draft year's rules."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from league.models import FrameworkVersion, Metric
from league.services.engine_inputs import metric_definitions
from tests.league import factories

pytestmark = pytest.mark.django_db

IMPORT = "admin:league_frameworkversion_import"


def _form(year="2026/27", **overrides) -> dict:
    form = {
        "year": year,
        "name": "",
        "segment_rule": "thresholds",
        "threshold_1": "1.80",
        "threshold_2": "2.40",
        "threshold_3": "3.00",
        "financial_cap": "",
        "leagues": ["acute", "non-acute", "ambulance", "icb"],
    }
    form.update(overrides)
    return form


def _catalogue(client: Client) -> bytes:
    framework = FrameworkVersion.objects.get(code="2025/26")
    response = client.get(reverse("admin:league_frameworkversion_export", args=[framework.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="nof-2025-26-metrics.csv"'
    return response.content


def test_staff_import_a_catalogue_in_two_steps(superuser_client):
    text = _catalogue(superuser_client)
    upload = SimpleUploadedFile("nof.csv", text, content_type="text/csv")
    check = superuser_client.post(reverse(IMPORT), {**_form(), "catalogue": upload})
    assert check.status_code == 200
    assert "is valid: 30 metrics in 5 domains" in check.text
    assert "Nothing has been written yet." in check.text
    assert not Metric.objects.filter(framework__code="2026/27").exists()
    hidden = check.context["form"]["catalogue_text"].value()
    assert hidden == text.decode()

    done = superuser_client.post(
        reverse(IMPORT), {**_form(), "catalogue_text": hidden, "confirm": "1"}
    )
    assert done.status_code == 302
    new = FrameworkVersion.objects.get(code="2026/27")
    assert metric_definitions(new) == metric_definitions(
        FrameworkVersion.objects.get(code="2025/26")
    )
    assert (str(new.threshold_2), new.financial_cap, new.segment_5) == ("2.40", None, False)


def test_a_bad_catalogue_is_shown_row_by_row_and_nothing_is_written(superuser_client):
    lines = _catalogue(superuser_client).decode().splitlines()
    lines[2] = lines[2].replace(",A,", ",Q,", 1)
    upload = SimpleUploadedFile("nof.csv", "\n".join(lines).encode(), content_type="text/csv")
    response = superuser_client.post(
        reverse(IMPORT), {**_form(threshold_1="2.50"), "catalogue": upload}
    )
    assert response.status_code == 200
    assert "Nothing was imported: 2 problems to correct." in response.text
    assert "<td>3</td><td>rule</td><td>“Q” is not a rule" in response.text
    assert "2.50, 2.40, 3.00: each threshold must be above the last." in response.text
    assert "Import the catalogue" not in response.text
    forged = superuser_client.post(
        reverse(IMPORT),
        {**_form(), "catalogue_text": "\n".join(lines), "confirm": "1"},
    )
    assert forged.status_code == 200 and "Nothing was imported" in forged.text
    assert not Metric.objects.filter(framework__code="2026/27").exists()


def test_a_file_that_is_not_utf8_is_refused_in_words(superuser_client):
    upload = SimpleUploadedFile("nof.csv", "métrique".encode("cp1252"), content_type="text/csv")
    response = superuser_client.post(reverse(IMPORT), {**_form(), "catalogue": upload})
    assert "The file is not UTF-8 text" in response.text


def test_staff_without_the_right_cannot_import():
    client = Client()
    client.force_login(factories.staff_user("league.view_frameworkversion"))
    assert client.get(reverse(IMPORT)).status_code == 403


def test_a_draft_years_rules_change_in_its_form_and_a_published_year_refuses(superuser_client):
    draft = FrameworkVersion.objects.get(code="2026/27")
    url = reverse("admin:league_frameworkversion_change", args=[draft.pk])
    fields = {
        "name": draft.name,
        "segment_rule": "thresholds",
        "threshold_1": "1.90",
        "threshold_2": "2.40",
        "threshold_3": "2.90",
        "financial_cap": "3",
        "leagues": ["acute", "non-acute"],
        "notes": "",
    }
    response = superuser_client.post(url, fields)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (str(draft.threshold_1), draft.leagues) == ("1.90", ["acute", "non-acute"])
    assert draft.history.count() == 1
    assert draft.history.first().history_user is not None  # audited: who changed the rule
    renamed = superuser_client.post(url, {**fields, "name": "NOF 2026/27 (renamed)"})
    assert renamed.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "NOF 2026/27 (renamed)" and draft.history.count() == 2

    bad = superuser_client.post(url, {**fields, "threshold_2": ""})
    assert "Give all three thresholds, or none." in bad.text

    period = factories.PeriodFactory(framework=draft, year=2026, quarter=1, status="published")
    assert period.framework.is_published
    frozen = superuser_client.post(url, {**fields, "financial_cap": ""})
    assert "2026/27 has published quarters: its rules are frozen." in frozen.text
    draft.refresh_from_db()
    assert draft.financial_cap == 3


def test_a_published_years_metric_keeps_its_scoring_but_its_description_can_be_corrected(
    superuser_client,
):
    factories.PeriodFactory(year=2025, quarter=1, status="published")
    metric = Metric.objects.select_related("domain").get(
        framework__code="2025/26", metric_id="OF0013"
    )
    url = reverse("admin:league_metric_change", args=[metric.pk])
    fields = {
        "description": metric.description,
        "domain": metric.domain_id,
        "sub_domain": metric.sub_domain,
        "unit": metric.unit,
        "higher_is_better": "true",
        "rule": metric.rule,
        "params": json.dumps(metric.params),
        "leagues": json.dumps(metric.leagues),
        # JSON fields with a default carry their initial value in a hidden field, as sent by
        # the browser.
        "initial-params": json.dumps(metric.params),
        "initial-leagues": json.dumps(metric.leagues),
        "counts_in_average": "on",
        "average_group": metric.average_group,
    }
    refused = superuser_client.post(url, {**fields, "rule": "A"})
    assert "2025/26 has published quarters, so how its metrics are scored is frozen" in (
        refused.text
    )
    metric.refresh_from_db()
    assert metric.rule == "B"
    corrected = superuser_client.post(url, {**fields, "description": "Four-hour performance"})
    assert corrected.status_code == 302
    metric.refresh_from_db()
    assert (metric.description, metric.rule) == ("Four-hour performance", "B")
    assert metric.history.count() == 1


def test_changing_a_draft_years_thresholds_in_admin_queues_a_recompute(superuser_client):
    from league.models import RecomputeRun

    draft = FrameworkVersion.objects.get(code="2026/27")
    period = factories.PeriodFactory(framework=draft, year=2026, quarter=1, status="draft")
    url = reverse("admin:league_frameworkversion_change", args=[draft.pk])
    fields = {
        "name": draft.name,
        "segment_rule": "thresholds",
        "threshold_1": "1.85",
        "threshold_2": "2.35",
        "threshold_3": "2.95",
        "financial_cap": "3",
        "leagues": ["acute", "non-acute", "ambulance", "icb"],
        "notes": "",
    }
    assert superuser_client.post(url, fields).status_code == 302
    runs = RecomputeRun.objects.filter(period=period, trigger="parameters")
    assert runs.count() == 1
    # Saving the same rules again (a new name only) queues nothing more.
    assert superuser_client.post(url, {**fields, "name": "Renamed"}).status_code == 302
    assert runs.count() == 1
