"""The demonstration NOF files and `seed_demo`: NHS England's layout, loaded by the real import."""

import csv
import io
import re
import shutil
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from demo.metrics import DRAWS, INFECTION_RATES, SCORES
from demo.nof_files import FILE_NAMES, HEADER, DemoTrust, demo_nof_files
from demo.register import demo_register_csv
from league.models import (
    Assessment,
    ComputedScore,
    FrameworkVersion,
    ImportBatch,
    MetricValue,
    Period,
    PublishedFigure,
    PublishedLeagueRow,
)
from league.nof_files import NofFile
from league.services.imports import nof_import, nof_preview
from tests.league.methodology.nof_2025_26 import METRICS, metric_by_id
from trusts.models import Trust
from trusts.services import trust_register_import

QUARTERS = ["Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26"]
SCORE_ONLY = {"OF1035", "OF1046", "OF1067", "OF1069"}
FLAGS = {"OF5004", "OF5007"}
NUMBER = re.compile(r"-?\d+\.\d{1,2}")
DEFINITIONS = metric_by_id()
OFFICIAL = (
    "acute-trust-data-q1-2025-26.csv",
    "mh-community-trust-data-q1-q4-2025-26.csv",
    "mh-community-trust-league-table-q4-2025-26.csv",
)


def _register_trusts(seed: int = 2025) -> list[DemoTrust]:
    rows = csv.DictReader(io.StringIO(demo_register_csv(seed).decode()))
    return [
        DemoTrust(r["trust_code"], r["trust_name"], r["nof_league_table"], r["nof_trust_subtype"],
                  r["region"])
        for r in rows
    ]  # fmt: skip


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return dict(demo_nof_files(_register_trusts(), seed=2025))


@pytest.fixture(scope="module")
def rows(files) -> dict[str, list[dict]]:
    """Each league's rows, by the database's league code."""
    by_name = {name: league for league, name in FILE_NAMES.items()}
    return {
        by_name[name]: list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        for name, data in files.items()
    }


def _table_counts() -> dict[str, int]:
    models = (Trust, Period, MetricValue, PublishedFigure, Assessment, ComputedScore, ImportBatch)
    return {model.__name__: model.objects.count() for model in models}


# The files, without a database


def test_one_file_per_league_in_nhs_englands_layout(files):
    # The 2025/26 catalogue scores no ICB, so no ICB file; the trusts' leagues each have one.
    assert set(files) == {name for league, name in FILE_NAMES.items() if league != "icb"}
    for data in files.values():
        assert data.startswith(b"\xef\xbb\xbf")
        lines = data[3:].split(b"\r\n")
        assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
        assert next(csv.reader([lines[0].decode()])) == list(HEADER)
        assert HEADER[0] == "Quarter" and HEADER[-1] == "Rank"


def test_numbers_ranks_and_flags_are_written_as_nhs_england_writes_them(rows):
    for league_rows in rows.values():
        assert sorted({row["Quarter"] for row in league_rows}) == QUARTERS
        for row in league_rows:
            assert NUMBER.fullmatch(row["Value"]), row
            assert row["Value"] != "-0.0"
            if row["Metric_ID"].startswith("OF0"):
                for column in ("Median_value", "Lower_quartile", "Upper_quartile"):
                    assert NUMBER.fullmatch(row[column]), row
                assert re.fullmatch(r"[1-9]\d*\.0", row["Rank"]), row
            else:
                assert row["Median_value"] == row["Rank"] == "", row
            if row["Metric_ID"] in FLAGS:
                assert row["Value"] in ("0.0", "1.0") and row["Units"] == "flag"
                assert row["Domain"] == "Summary"


def test_only_raw_values_flags_and_score_only_metrics_are_written(rows):
    raw = {m.metric_id for m in METRICS if m.rule not in ("published", "matrix")}
    for league, league_rows in rows.items():
        written = {row["Metric_ID"] for row in league_rows}
        assert written <= raw | SCORE_ONLY | FLAGS, league
        for row in league_rows:
            metric = DEFINITIONS.get(row["Metric_ID"])
            if metric is not None:
                assert league in metric.leagues, (league, row["Metric_ID"])
                assert row["Metric_description"] == metric.description
            if row["Metric_ID"] in SCORE_ONLY:
                assert row["Value"] in ("1.0", "2.0", "3.0", "4.0") and row["Units"] == "score"
    assert {row["Metric_ID"] for row in rows["ambulance"]} == {
        "OF0017", "OF0028", "OF0082", "OF0086", "OF5004", "OF5007"}  # fmt: skip
    assert {"OF0003", "OF0013", "OF0020", "OF0048", "OF0079", "OF0085", "OF1046"} <= {
        row["Metric_ID"] for row in rows["acute"]}  # fmt: skip
    assert {"OF0005", "OF0016", "OF0057", "OF0063", "OF0086", "OF1035"} <= {
        row["Metric_ID"] for row in rows["non-acute"]}  # fmt: skip


def test_every_catalogue_metric_has_a_demonstration_draw():
    drawn = set(DRAWS) | set(INFECTION_RATES) | {"OF0020", "OF0079", "OF0081"}
    assert {m.metric_id for m in METRICS if m.rule not in ("published", "matrix")} == drawn
    assert {m.score_id for m in METRICS if m.rule == "published"} == set(SCORES) == SCORE_ONLY


def test_every_trust_has_flags_every_quarter_but_some_metric_rows_are_missing(rows):
    for league_rows in rows.values():
        codes = {row["Trust_code"] for row in league_rows}
        per = Counter((row["Quarter"], row["Metric_ID"]) for row in league_rows)
        for quarter in QUARTERS:
            assert per[quarter, "OF5004"] == per[quarter, "OF5007"] == len(codes)
    acute = rows["acute"]
    specialist = {
        row["Trust_code"] for row in acute if row["Trust_subtype"] == "Acute - Specialist"
    }
    with_ae = {row["Trust_code"] for row in acute if row["Metric_ID"] in ("OF0013", "OF0014")}
    assert specialist and not specialist & with_ae
    q1 = Counter(row["Metric_ID"] for row in acute if row["Quarter"] == QUARTERS[0])
    assert 100 < q1["OF0013"] < 134 - len(specialist) + 1 and q1["OF0003"] < 134


def _half_up(text: str, decimals: int | None) -> Decimal:
    value = Decimal(text)
    return (
        value if decimals is None else value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    )


def test_quartiles_and_ranks_are_per_trust_type_metric_and_quarter(rows):
    for league_rows in rows.values():
        groups = defaultdict(list)
        for row in league_rows:
            if row["Metric_ID"].startswith("OF0"):
                groups[row["Quarter"], row["Metric_ID"]].append(row)
        for (_, metric_id), group in groups.items():
            values = np.array([float(row["Value"]) for row in group])
            expected = [round(float(q), 2) for q in np.percentile(values, [50, 25, 75])]
            for row in group:
                shown = [
                    float(row[c]) for c in ("Median_value", "Lower_quartile", "Upper_quartile")
                ]
                assert shown == expected, (metric_id, row)
            metric = DEFINITIONS[metric_id]
            decimals = metric.params.get("rank_decimals")
            sign = -1 if metric.higher_is_better else 1
            keys = [sign * _half_up(row["Value"], decimals) for row in group]
            for row, key in zip(group, keys, strict=True):
                assert float(row["Rank"]) == 1 + sum(other < key for other in keys), row


def _values(rows, metric_id: str, quarter: str | None = None) -> np.ndarray:
    return np.array([
        float(r["Value"]) for r in rows
        if r["Metric_ID"] == metric_id and (quarter is None or r["Quarter"] == quarter)
    ])  # fmt: skip


def test_values_are_in_realistic_ranges(rows):
    acute, others, ambulance = rows["acute"], rows["non-acute"], rows["ambulance"]
    assert 70 <= np.median(_values(acute, "OF0013")) <= 85
    assert _values(acute, "OF0003").min() >= 0 and np.median(_values(acute, "OF0003")) <= 6
    for league_rows in rows.values():
        assert 4 <= np.median(_values(league_rows, "OF0082")) <= 7
    survey = np.concatenate([_values(acute, "OF0084"), _values(others, "OF0061")])
    assert survey.min() >= 5.8 and survey.max() <= 7.5
    plan = _values(acute, "OF0079")
    assert plan.min() >= -8 and plan.max() <= 1.2 and np.median(plan) < 0
    assert _values(acute, "OF0081").min() >= -4 and _values(acute, "OF0081").max() <= 1
    assert 60 <= np.median(_values(others, "OF0057")) <= 90
    assert 25 <= np.median(_values(ambulance, "OF0017")) <= 50
    assert set(_values(acute, "OF0020")) <= set(map(float, range(40)))
    rates = [r for r in acute if r["Metric_ID"] == "OF0048"]
    assert {r["Units"] for r in rates} == {"rate", "count"}  # a few small trusts report counts


def test_about_two_thirds_of_acute_trusts_and_a_third_of_others_are_in_deficit(rows):
    for league, low, high in (("acute", 0.55, 0.75), ("non-acute", 0.2, 0.45)):
        flags = {(r["Quarter"], r["Trust_code"]): r["Value"] == "1.0"
                 for r in rows[league] if r["Metric_ID"] == "OF5004"}  # fmt: skip
        plans = {(r["Quarter"], r["Trust_code"]): float(r["Value"])
                 for r in rows[league] if r["Metric_ID"] == "OF0079"}  # fmt: skip
        share = sum(flags.values()) / len(flags)
        assert low <= share <= high, (league, share)
        flagged = [key for key, flag in flags.items() if flag]
        assert sum(plans[key] < 0 for key in flagged) / len(flagged) >= 0.6  # mostly
    recovery = {r["Trust_code"] for league_rows in rows.values() for r in league_rows
                if r["Metric_ID"] == "OF5007" and r["Value"] == "1.0"}  # fmt: skip
    assert 1 <= len(recovery) <= 20


def test_the_files_are_the_same_for_a_seed_and_differ_between_seeds(files):
    trusts = _register_trusts()
    assert dict(demo_nof_files(trusts, seed=2025)) == files
    assert dict(demo_nof_files(list(reversed(trusts)), seed=2025)) == files
    assert dict(demo_nof_files(trusts, seed=2026)) != files


# Through the real import and the engine


@pytest.mark.django_db
def test_the_files_pass_the_real_import_without_a_problem(files):
    trust_register_import(stream=io.BytesIO(demo_register_csv(2025)), demo=True)
    nof = [NofFile(io.BytesIO(data), name) for name, data in files.items()]

    preview = nof_preview(files=nof)
    assert preview.problems == [] and preview.ok and preview.new_trusts == []
    batch = nof_import(files=nof, source="demonstration")

    assert batch.counts["added"] == sum(len(data.splitlines()) - 1 for data in files.values())
    assert list(batch.periods.order_by("year", "quarter").values_list("label", flat=True)) == (
        QUARTERS
    )
    for label in QUARTERS:
        leagues = set(
            MetricValue.objects.filter(release__period__label=label).values_list(
                "trust__league", flat=True
            )
        )
        assert leagues == {"acute", "non-acute", "ambulance"}, label


@pytest.mark.django_db
def test_seed_demo_computes_every_demo_trust_in_every_period(capsys):
    call_command("seed_demo")

    trusts = Trust.objects.trusts().filter(is_demo=True)
    icbs = Trust.objects.filter(is_demo=True, league="icb")
    assert (trusts.count(), icbs.count()) == (205, 42)
    assert Trust.objects.count() == 205 + 42
    # Each ICB is linked to the register's ICB of its code, which its trusts belong to.
    assert all(icb.icb.code == icb.ods_code and icb.icb.trusts.count() > 1 for icb in icbs)
    periods = list(Period.objects.order_by("year", "quarter"))
    assert [p.label for p in periods] == [*QUARTERS, "Q1 2026/27", "Q2 2026/27"]
    for period in periods:
        assessed = Assessment.objects.filter(period=period, adjusted_segment__isnull=False)
        expected = trusts if period.year == 2025 else Trust.objects.filter(is_demo=True)
        assert set(assessed.values_list("trust_id", flat=True)) == set(
            expected.values_list("pk", flat=True)
        )
    latest = Assessment.objects.filter(period=periods[-1])
    for league in ("acute", "non-acute", "ambulance", "icb"):
        segments = set(latest.filter(league=league).values_list("adjusted_segment", flat=True))
        assert segments == {1, 2, 3, 4}, league
    assert latest.filter(in_financial_deficit=True).exists()
    assert Assessment.objects.filter(in_recovery_support=True).exists()
    # Quality drifts, so some trusts change segment between quarters.
    first = dict(
        Assessment.objects.filter(period=periods[0]).values_list("trust", "adjusted_segment")
    )
    moved = latest.exclude(league="icb").values_list("trust", "adjusted_segment")
    assert sum(first[t] != s for t, s in moved) >= 10
    assert set(ImportBatch.objects.values_list("source", flat=True)) == {"demonstration"}
    assert ImportBatch.objects.count() == 2  # 2025/26, then 2026/27 after its catalogue
    out = capsys.readouterr().out
    assert "205 fictional trusts" in out and "Q2 2026/27: ambulance trusts by segment" in out
    assert "Q2 2026/27: integrated care boards by segment" in out
    assert "Framework 2026/27 (fictional thresholds 1.95, 2.35, 2.70)" in out
    framework = FrameworkVersion.objects.get(code="2026/27")
    assert (framework.segment_rule, framework.segment_5) == ("thresholds", False)
    assert not latest.filter(in_recovery_support=True).exists()  # no segment 5 in 2026/27


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(capsys):
    call_command("seed_demo")
    before = _table_counts()
    call_command("seed_demo")

    assert _table_counts() == before
    assert "already loaded" in capsys.readouterr().out


# NHS England's own files from NOF_DATA_DIR


@pytest.mark.django_db
def test_nof_data_dir_loads_nhs_englands_files_instead(shared_data, tmp_path, monkeypatch):
    for name in OFFICIAL:
        shutil.copyfile(shared_data / "nof-official" / name, tmp_path / name)
    monkeypatch.setenv("NOF_DATA_DIR", str(tmp_path))

    call_command("seed_demo", verbosity=0)

    assert Trust.objects.count() == 195 and not Trust.objects.filter(is_demo=True).exists()
    periods = list(Period.objects.order_by("year", "quarter"))
    assert [p.label for p in periods] == QUARTERS
    assert [Assessment.objects.filter(period=p).count() for p in periods] == [195, 61, 61, 61]
    assert all(p.cut_point_1 is not None for p in periods)  # no ambulance data: set cut-points
    published = dict(PublishedLeagueRow.objects.values_list("trust__ods_code", "segment"))
    computed = dict(
        Assessment.objects.filter(period__label="Q4 2025/26").values_list(
            "trust__ods_code", "adjusted_segment"
        )
    )
    assert computed == published  # NHS England's Q4 segments, reproduced


@pytest.mark.django_db
def test_a_file_without_a_quarter_anywhere_is_refused_by_name(shared_data, tmp_path, monkeypatch):
    shutil.copyfile(shared_data / "nof-official" / OFFICIAL[0], tmp_path / "acute.csv")
    monkeypatch.setenv("NOF_DATA_DIR", str(tmp_path))

    with pytest.raises(CommandError, match=r"acute\.csv"):
        call_command("seed_demo", verbosity=0)
    assert not Trust.objects.exists() and not Period.objects.exists()


@pytest.mark.django_db
def test_nof_data_dir_must_be_a_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("NOF_DATA_DIR", str(tmp_path / "missing"))
    with pytest.raises(CommandError, match="not a folder"):
        call_command("seed_demo", verbosity=0)
