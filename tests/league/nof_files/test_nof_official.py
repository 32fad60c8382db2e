"""NHS England's three published files read cleanly, with the counts they really hold."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest

from league.nof_files import (
    FileFormat,
    FileKind,
    LeagueRowRecord,
    MetricValueRecord,
    NofFile,
    ValidationContext,
    iter_records,
    validate_file,
    validate_files,
)

from .conftest import ACUTE, MH_DATA, MH_LEAGUE, read_rows

NUMERIC = {"Value", "Median_value", "Lower_quartile", "Upper_quartile", "Rank", "Average_score",
           "Segment"}  # fmt: skip


def test_acute_file_with_period_supplied(official: Path, context: ValidationContext) -> None:
    report = validate_file(official / ACUTE, ACUTE, context)
    assert report.problems == ()
    assert report.ok
    assert report.format is FileFormat.CSV
    assert report.kind is FileKind.TRUST_DATA_WITHOUT_QUARTER
    assert report.period_supplied == "Q1 2025/26"
    assert report.periods == ("Q1 2025/26",)
    assert report.data_rows == 7265
    assert report.rows_per_league == {"acute": 7265}
    assert report.rows_per_period == {"Q1 2025/26": 7265}
    assert sum(report.rows_per_metric.values()) == 7265
    assert len(report.rows_per_metric) == 69
    assert len(report.trusts) == 134
    assert report.new_trust_codes == ()
    assert report.new_metrics == {}
    assert report.size == (official / ACUTE).stat().st_size
    assert len(report.sha256) == 64
    manchester = report.trusts["R0A"]
    assert manchester.name == "Manchester University NHS Foundation Trust"
    assert (manchester.region, manchester.trust_type, manchester.subtype) == (
        "North West", "Acute trust", "Acute - Teaching",
    )  # fmt: skip


def test_mental_health_data_file_has_four_quarters(
    official: Path, context: ValidationContext
) -> None:
    report = validate_file(official / MH_DATA, MH_DATA, context)
    assert report.problems == ()
    assert report.kind is FileKind.TRUST_DATA_WITH_QUARTER
    assert report.period_supplied is None
    assert report.periods == ("Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26")
    assert report.data_rows == 8771
    assert sum(report.rows_per_period.values()) == 8771
    assert report.rows_per_league == {"non-acute": 8771}
    assert len(report.trusts) == 61
    # North London NHS FT changed subtype after Q1: the latest quarter's description is kept.
    assert report.trusts["G6V2S"].subtype == "Mental Health and Learning Disability"


def test_league_table_file(official: Path, context: ValidationContext) -> None:
    report = validate_file(official / MH_LEAGUE, MH_LEAGUE, context)
    assert report.problems == ()
    assert report.kind is FileKind.LEAGUE_TABLE
    assert report.data_rows == 61
    assert report.periods == ("Q4 2025/26",)
    assert len(report.trusts) == 61
    records = list(iter_records(official / MH_LEAGUE, report))
    assert len(records) == 61
    assert records[0] == LeagueRowRecord(
        row=2, period="Q4 2025/26", trust_code="RYY", average_score=1.53, average_low=1.2,
        average_high=1.89, segment=1, in_financial_deficit=False, rank=1, rank_low=1,
        rank_high=11,
    )  # fmt: skip
    assert sum(record.in_financial_deficit for record in records) == 12


def test_records_of_the_acute_file(official: Path, context: ValidationContext) -> None:
    report = validate_file(official / ACUTE, ACUTE, context)
    records = list(iter_records(official / ACUTE, report))
    assert len(records) == 7265
    assert records[0] == MetricValueRecord(
        row=2, period="Q1 2025/26", trust_code="R0A", metric_id="OF0003", value=4.01,
        reporting_date="Jun-25", units="percent", median=2.4, lower_quartile=1.33,
        upper_quartile=3.32, rank=113,
    )  # fmt: skip
    assert records[-1].row == 7266
    assert all(record.period == "Q1 2025/26" for record in records)


def test_the_mental_health_files_validate_together(
    official: Path, context: ValidationContext
) -> None:
    files = [NofFile(official / MH_DATA, MH_DATA), NofFile(official / MH_LEAGUE, MH_LEAGUE)]
    reports = validate_files(files, context)
    assert [report.ok for report in reports] == [True, True]


def test_an_uploaded_file_object_reads_like_the_path(
    official: Path, context: ValidationContext
) -> None:
    upload = io.BytesIO((official / MH_LEAGUE).read_bytes())
    report = validate_file(upload, MH_LEAGUE, context)
    from_path = validate_file(official / MH_LEAGUE, MH_LEAGUE, context)
    assert report == from_path
    assert list(iter_records(upload, report)) == list(iter_records(official / MH_LEAGUE, report))
    assert not upload.closed


def _as_workbook(rows: list[list[str]], path: Path, extra_sheet: bool = False) -> Path:
    """What Excel makes of the CSV: numbers in the numeric columns, text elsewhere."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    header = rows[0]
    sheet.append(header)
    for row in rows[1:]:
        sheet.append([
            float(cell) if header[at] in NUMERIC and cell else cell for at, cell in enumerate(row)
        ])  # fmt: skip
    if extra_sheet:
        workbook.create_sheet("Notes").append(["This sheet is not read"])
    workbook.save(path)
    return path


@pytest.mark.parametrize("name", [ACUTE, MH_DATA, MH_LEAGUE])
def test_xlsx_of_the_same_layout_gives_the_same_records(
    official: Path, context: ValidationContext, tmp_path: Path, name: str
) -> None:
    workbook = _as_workbook(read_rows(official / name), tmp_path / "upload.xlsx", extra_sheet=True)
    from_xlsx = validate_file(workbook, "upload.xlsx", context)
    from_csv = validate_file(official / name, name, context)
    assert from_xlsx.problems == ()
    assert from_xlsx.format is FileFormat.XLSX
    same = ("kind", "periods", "data_rows", "rows_per_league", "rows_per_period",
            "rows_per_metric", "trusts", "new_metrics")  # fmt: skip
    for field in same:
        assert getattr(from_xlsx, field) == getattr(from_csv, field), field
    assert list(iter_records(workbook, from_xlsx)) == list(iter_records(official / name, from_csv))


def test_report_is_plain_frozen_data(official: Path, context: ValidationContext) -> None:
    report = validate_file(official / MH_LEAGUE, MH_LEAGUE, context)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.data_rows = 0  # type: ignore[misc]
