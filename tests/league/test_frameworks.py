"""Framework years as data: a catalogue exported, imported under a new year with fixed
thresholds, and a quarter of that year segmented, capped and ranked by the imported rules."""

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from demo.nof_files import demo_nof_files
from demo.register import demo_register_csv
from league.methodology.catalogue_file import COLUMNS, CatalogueFileError, read_catalogue
from league.models import Assessment, FrameworkVersion, Metric, Period, RecomputeRun
from league.nof_files import NofFile
from league.selectors import latest_release
from league.services.engine_inputs import domain_definitions, metric_definitions
from league.services.frameworks import (
    FrameworkImportRefused,
    FrameworkRules,
    framework_rules_set,
)
from league.services.imports import nof_import
from league.services.recompute import period_recompute
from league.services.releases import ReleaseError, release_publish
from trusts.models import Trust
from trusts.services import trust_register_import

pytestmark = pytest.mark.django_db

Q1 = "Q1 2026/27"
LEAGUES = "acute,non-acute,ambulance,icb"


def _export(tmp_path, year="2025/26"):
    path = tmp_path / f"{year.replace('/', '-')}.csv"
    call_command("export_framework", year=year, output=path, stderr=io.StringIO())
    return path


def _import(path, *, thresholds="1.80,2.40,3.00", cap="3", **options):
    out = io.StringIO()
    call_command(
        "import_framework",
        year="2026/27",
        metrics=path,
        segment_rule="thresholds",
        thresholds=thresholds,
        financial_cap=cap,
        leagues=LEAGUES,
        stdout=out,
        stderr=io.StringIO(),
        **options,
    )
    return out.getvalue()


def _refused(path, **options) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_framework", metrics=path, stderr=err, stdout=io.StringIO(), **options)
    return err.getvalue()


def test_a_year_exported_and_imported_under_a_new_name_has_an_identical_catalogue(tmp_path):
    path = _export(tmp_path)
    assert "30 metrics in 5 domains; segments from thresholds 1.80, 2.40, 3.00" in _import(path)
    old, new = (FrameworkVersion.objects.get(code=c) for c in ("2025/26", "2026/27"))
    assert metric_definitions(new) == metric_definitions(old)
    assert domain_definitions(new) == domain_definitions(old)
    assert (new.segment_rule, new.thresholds, new.financial_cap, new.leagues) == (
        "thresholds",
        (Decimal("1.80"), Decimal("2.40"), Decimal("3.00")),
        3,
        LEAGUES.split(","),
    )
    again = _export(tmp_path, "2026/27")
    assert again.read_text() == path.read_text()
    assert "Added 0, changed 0, removed 0." in _import(again)


def test_the_shipped_2025_26_file_is_what_the_database_holds(tmp_path):
    from league.frameworks import shipped_catalogue

    shipped = shipped_catalogue("2025/26")
    stored = metric_definitions(FrameworkVersion.objects.get(code="2025/26"))
    assert [m.metric_id for m in stored] == [m.metric_id for m in shipped.metrics]
    assert [m.params for m in stored] == [m.params for m in shipped.metrics]
    assert read_catalogue(_export(tmp_path).read_text()).metrics == stored


def test_a_bad_catalogue_names_row_and_column_and_changes_nothing(tmp_path):
    text = _export(tmp_path).read_text().splitlines()
    rows = [text[0], *text[1:]]
    rows[1] = rows[1].replace(",B,acute,type,1.0,", ",Z,acute,type,1.0,")  # OF0003: no rule Z
    rows[3] = rows[2]  # a duplicate id
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(rows) + "\n")
    before = list(Metric.objects.values_list("pk", "rule"))
    message = _refused(bad, year="2026/27", segment_rule="thresholds", thresholds="2.40,1.80,3.00")
    assert "row 2, column rule: “Z” is not a rule" in message
    assert "row 4: OF0005 is also on row 3." in message
    assert "column thresholds: 2.40, 1.80, 3.00: each threshold must be above the last." in message
    assert list(Metric.objects.values_list("pk", "rule")) == before
    assert not Metric.objects.filter(framework__code="2026/27").exists()


def test_every_rule_and_column_is_checked():
    header = ",".join(COLUMNS)
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(
        metric_id="OF0999",
        score_id="OF1999",
        description="A new metric",
        domain="Access to services",
        domain_score_id="OF4000",
        domain_segment_id="OF4100",
        rule="D",
        leagues="acute; mars",
        bands="1; 2",
        direction="upwards",
    )
    with pytest.raises(CatalogueFileError) as refused:
        read_catalogue(header + "\n" + ",".join(cells[c] for c in COLUMNS) + "\n")
    messages = [str(p) for p in refused.value.problems]
    assert (
        "row 2, column direction: “upwards” is not “higher is better” or “lower is better”"
        ", or empty." in messages
    )
    assert any(m.startswith("row 2, column leagues: “mars” is not a league") for m in messages)
    assert "row 2, column bands: 2 cut values; rule D takes 3." in messages


def _year_2026(tmp_path, *, cap="3"):
    """A 2026/27 catalogue (2025/26's, with thresholds) and four quarters of demonstration
    files of that year, imported; Q1 computed."""
    _import(_export(tmp_path), cap=cap, segment_5="no")
    trust_register_import(stream=io.BytesIO(demo_register_csv(2025)), demo=True)
    trusts = Trust.objects.filter(is_demo=True).select_related("region")
    files = [NofFile(io.BytesIO(data), name) for name, data in demo_nof_files(trusts, 7, 2026)]
    assert all("2026-27" in f.name for f in files)
    batch = nof_import(files=files)
    assert batch.period_labels == "Q1 2026/27, Q2 2026/27, Q3 2026/27, Q4 2026/27"
    period = Period.objects.get(label=Q1)
    assert period.framework.code == "2026/27"
    period_recompute(period=period, replicates=0)
    return period


def _expected_segment(average: Decimal, thresholds) -> int:
    return next((k for k, t in enumerate(thresholds, start=1) if average <= t), 4)


def _competition_ranks(keys: dict) -> dict:
    ordered = sorted(keys.values())
    return {code: ordered.index(key) + 1 for code, key in keys.items()}


def test_a_quarter_of_the_new_year_follows_its_thresholds_cap_and_ranks(tmp_path):
    period = _year_2026(tmp_path)
    assessments = list(Assessment.objects.filter(release__period=period).select_related("trust"))
    averages = sorted({a.average_2dp for a in assessments if a.average_2dp is not None})
    # Thresholds placed exactly on averages trusts have, so every boundary is exercised.
    chosen = tuple(averages[len(averages) * q // 4] for q in (1, 2, 3))
    framework_rules_set(
        framework=period.framework,
        rules=FrameworkRules(
            segment_rule="thresholds",
            thresholds=chosen,
            financial_cap=3,
            leagues=tuple(LEAGUES.split(",")),
        ),
    )
    period_recompute(period=period, replicates=0)
    assessments = list(Assessment.objects.filter(release__period=period).select_related("trust"))
    scored = [a for a in assessments if a.average_2dp is not None]
    for a in scored:
        assert a.unadjusted_segment == _expected_segment(a.average_2dp, chosen), a.trust_id
        capped = max(a.unadjusted_segment, 3) if a.in_financial_deficit else a.unadjusted_segment
        assert a.adjusted_segment == capped
    step = Decimal("0.01")
    for k, threshold in enumerate(chosen, start=1):
        on = [a for a in scored if a.average_2dp == threshold]
        above = [a for a in scored if a.average_2dp == threshold + step]
        assert on and all(a.unadjusted_segment == k for a in on)
        assert all(a.unadjusted_segment == k + 1 for a in above)
    assert any(a.in_financial_deficit and a.unadjusted_segment < 3 for a in scored)
    for league in {a.league for a in scored}:
        rows = [a for a in scored if a.league == league]
        expected = _competition_ranks(
            {a.trust_id: (a.adjusted_segment, a.average_2dp) for a in rows}
        )
        assert {a.trust_id: a.rank for a in rows} == expected
    assert period.computations.get().cut_points_source == "thresholds"


def test_without_a_financial_cap_deficit_does_not_move_a_trust(tmp_path, client):
    period = _year_2026(tmp_path, cap="none")
    scored = Assessment.objects.filter(release__period=period, average_2dp__isnull=False)
    assert scored.filter(in_financial_deficit=True, unadjusted_segment__lt=3).exists()
    for a in scored:
        assert a.adjusted_segment == a.unadjusted_segment
    release_publish(release=latest_release(period))
    cache.clear()
    a = scored.filter(in_financial_deficit=True, unadjusted_segment=2).select_related("trust")[0]
    page = client.get(f"/trusts/{a.trust.ods_code}/").content.decode()
    assert "above the first threshold (1.80) and at or below the second (2.40)" in page
    assert "It is in financial deficit, which does not change its segment" in page
    table = client.get(f"/league/{a.league}/?name={a.trust.ods_code}").content.decode()
    assert "In financial deficit: no effect on its segment" in table
    assert "Segment 5: the trust gets intensive support" not in table


def test_changing_a_draft_years_rules_recomputes_its_periods_and_is_audited(tmp_path):
    period = _year_2026(tmp_path)
    framework = period.framework
    versions = dict(framework.periods.values_list("label", "inputs_version"))
    framework_rules_set(
        framework=framework,
        rules=FrameworkRules(
            segment_rule="thresholds",
            thresholds=(Decimal("2.00"), Decimal("2.50"), Decimal("3.00")),
            financial_cap=None,
            leagues=tuple(LEAGUES.split(",")),
        ),
    )
    # Each of the year's four working quarters has new inputs, and a recompute waiting.
    after = dict(framework.periods.values_list("label", "inputs_version"))
    assert after == {label: version + 1 for label, version in versions.items()}
    queued = RecomputeRun.objects.filter(period__framework=framework, state="queued")
    assert set(queued.values_list("period__label", flat=True)) == set(versions)
    history = framework.history.order_by("history_date")
    assert [h.financial_cap for h in history][-2:] == [3, None]
    assert history.last().threshold_1 == Decimal("2.00")
    # Results computed before the change are not published: the recompute comes first.
    with pytest.raises(ReleaseError, match="changed after its results were computed"):
        release_publish(release=latest_release(Period.objects.get(pk=period.pk)))
    period_recompute(period=period, replicates=0)
    release_publish(release=latest_release(Period.objects.get(pk=period.pk)))
    with pytest.raises(FrameworkImportRefused) as refused:
        framework_rules_set(framework=framework, rules=FrameworkRules.of(framework))
    assert "2026/27 has published quarters: its rules are frozen." in str(
        refused.value.preview.problems[0]
    )
    message = _refused(_export(tmp_path), year="2026/27")
    assert "2026/27 has published quarters, so its rules are frozen" in message


def test_a_new_years_file_with_metrics_its_catalogue_lacks_adds_them_as_published(tmp_path):
    """Two score-only metrics renamed to ids the 2026/27 catalogue lacks: the preview lists
    them, staff add them, and their scores are NHS England's published ones."""
    from league.models import ComputedScore, PublishedFigure
    from league.services.imports import NofImportRefused, nof_preview

    _import(_export(tmp_path))
    trust_register_import(stream=io.BytesIO(demo_register_csv(2025)), demo=True)
    trusts = Trust.objects.filter(is_demo=True, league="acute").select_related("region")
    [(name, data)] = demo_nof_files(trusts, 7, 2026, quarters=1)
    renamed = {"OF1046": "OF1201", "OF1069": "OF1202"}
    text = data.decode("utf-8-sig")
    for old, new in renamed.items():
        text = text.replace(f",{old},", f",{new},")
    files = [NofFile(io.BytesIO(text.encode("utf-8-sig")), name)]

    preview = nof_preview(files=files)
    assert sorted(preview.new_metrics) == ["OF1201", "OF1202"]
    messages = [str(p) for p in preview.problems]
    assert (
        len(messages) == 2
        and "column Metric_ID: OF1201 is not in the metrics catalogue. "
        "Correct the ID, or choose to add new metrics to add it from this file."
        in messages[0]
    )
    with pytest.raises(NofImportRefused):
        nof_import(files=files)
    for f in files:
        f.source.seek(0)
    batch = nof_import(files=files, add_metrics=True)
    assert batch.counts["metrics_added"] == 2
    added = Metric.objects.filter(framework__code="2026/27", added_from_file=True)
    assert sorted(added.values_list("score_id", "rule")) == [
        ("OF1201", "published"),
        ("OF1202", "published"),
    ]
    assert not Metric.objects.filter(framework__code="2025/26", score_id="OF1201").exists()
    period = Period.objects.get(label=Q1)
    period_recompute(period=period, replicates=0)
    published = dict(
        PublishedFigure.objects.filter(release__period=period, figure_id="OF1201").values_list(
            "trust_id", "value"
        )
    )
    computed = dict(
        ComputedScore.objects.filter(release__period=period, score_id="OF1201").values_list(
            "trust_id", "score"
        )
    )
    assert len(published) > 50 and computed == published


def test_staff_add_the_unknown_metrics_from_the_preview_without_uploading_again(
    tmp_path, superuser_client, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    _import(_export(tmp_path))
    trust_register_import(stream=io.BytesIO(demo_register_csv(2025)), demo=True)
    trusts = Trust.objects.filter(is_demo=True, league="acute").select_related("region")
    [(name, data)] = demo_nof_files(trusts, 7, 2026, quarters=1)
    data = data.replace(b",OF1046,", b",OF1201,")
    upload = SimpleUploadedFile(name, data, "text/csv")

    refused = superuser_client.post(reverse("admin:league_importbatch_import"), {"files": [upload]})
    assert "Add the 1 new metric and check again" in refused.text
    assert "Confirm and import" not in refused.text
    token = refused.context["add_metrics_form"]["token"].value()

    checked = superuser_client.post(
        reverse("admin:league_importbatch_import_add_metrics"), {"token": token}
    )
    assert checked.context["problem_count"] == 0 and "Confirm and import" in checked.text
    assert "You chose to add unknown metrics" in checked.text
    assert not Metric.objects.filter(score_id="OF1201").exists()  # nothing written yet
    with django_capture_on_commit_callbacks(execute=True):
        done = superuser_client.post(
            reverse("admin:league_importbatch_import_confirm"), {"token": token}
        )
    assert done.status_code == 302
    metric = Metric.objects.get(score_id="OF1201")
    assert (metric.framework.code, metric.rule, metric.added_from_file) == (
        "2026/27",
        "published",
        True,
    )
    again = superuser_client.post(
        reverse("admin:league_importbatch_import_add_metrics"), {"token": token}, follow=True
    )
    assert "That preview is no longer available" in again.text
