"""Several files at once, the validate-then-write contract, and memory on large files."""

from __future__ import annotations

import dataclasses
import tracemalloc
from pathlib import Path

import pytest

from league.nof_files import (
    Limits,
    MetricValueRecord,
    NofFile,
    NofFileError,
    ValidationContext,
    iter_records,
    validate_file,
    validate_files,
)
from league.nof_files.duplicates import DuplicateTracker

from .conftest import ACUTE, MH_DATA, MH_LEAGUE, broken_copy, read_rows, write_csv


def test_same_key_across_two_files(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def one_row(rows: list[list[str]]) -> None:
        del rows[3:]

    extra = broken_copy(official / ACUTE, tmp_path / "extra.csv", one_row)
    reports = validate_files(
        [NofFile(official / ACUTE, ACUTE), NofFile(extra, "extra.csv")], context
    )
    assert reports[0].ok
    assert [(p.row, p.message) for p in reports[1].problems] == [
        (2, f"Trust R0A, metric OF0003, period Q1 2025/26 appears twice: here and in row 2 of "
            f"{ACUTE}."),
        (3, f"Trust R0B, metric OF0003, period Q1 2025/26 appears twice: here and in row 3 of "
            f"{ACUTE}."),
    ]  # fmt: skip


def test_a_period_per_file(official: Path, context: ValidationContext) -> None:
    """The same trust-data file as two different quarters is no duplicate."""
    files = [
        NofFile(official / ACUTE, "q1.csv", period="Q1 2025/26"),
        NofFile(official / ACUTE, "q2.csv", period="Q2 2025/26"),
    ]
    reports = validate_files(files, dataclasses.replace(context, period=None))
    assert [report.ok for report in reports] == [True, True]
    assert reports[1].periods == ("Q2 2025/26",)
    first = next(iter(iter_records(official / ACUTE, reports[1])))
    assert isinstance(first, MetricValueRecord) and first.period == "Q2 2025/26"


def test_the_same_file_twice_reports_every_row(official: Path, context: ValidationContext):
    files = [NofFile(official / MH_DATA, "a.csv"), NofFile(official / MH_DATA, "b.csv")]
    a, b = validate_files(files, context)
    assert a.ok
    assert b.problem_count == 8771
    assert len(b.problems) == 1000
    assert b.problems[0].message.endswith("row 2 of a.csv.")


def test_writing_needs_a_clean_report(official: Path, context: ValidationContext) -> None:
    report = validate_file(official / ACUTE, ACUTE, dataclasses.replace(context, period=None))
    with pytest.raises(NofFileError, match="has not validated cleanly"):
        iter_records(official / ACUTE, report)


def test_writing_refuses_a_file_changed_since_validation(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "league.csv", read_rows(official / MH_LEAGUE))
    report = validate_file(path, path.name, context)
    rows = read_rows(path)
    rows[1][6] = "4.0"
    write_csv(path, rows)
    with pytest.raises(NofFileError, match="has changed since it was validated"):
        iter_records(path, report)


def test_records_are_produced_lazily(official: Path, context: ValidationContext) -> None:
    report = validate_file(official / MH_DATA, MH_DATA, context)
    records = iter_records(official / MH_DATA, report)
    first = next(records)
    assert first.row == 2 and first.period == "Q1 2025/26"
    records.close()


def test_duplicate_tracker_ignores_hash_collisions() -> None:
    tracker = DuplicateTracker(max_reported=10)
    tracker.start_file(0)
    real = {2: ("Q1 2025/26", "RP6", "OF0013"), 3: ("Q1 2025/26", "RYJ", "OF0013")}
    for row in real:  # pretend both keys hash alike
        tracker.hashes.append(hash(real[2]))
        tracker.rows.append(row)
    duplicates, more = tracker.resolve(lambda _: real.items())
    assert duplicates == [] and not more


def _big_file(path: Path, trusts: int, metrics: int, header: list[str]) -> Path:
    """A trust-data file of trusts x metrics rows, written line by line."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(",".join(header) + "\r\n")
        for t in range(trusts):
            code = f"Q{t:04d}"
            for m in range(metrics):
                handle.write(
                    f"North West,Acute trust,Acute - Teaching,{code},Trust {t} NHS Trust,"
                    f"Access to services,Elective care,OF{m:04d},Metric {m},Jun-25,percent,"
                    f"{t * 0.5 + m},2.4,1.33,3.32,{t + 1}.0\r\n"
                )
    return path


def test_a_large_file_validates_in_modest_memory(official: Path, tmp_path: Path) -> None:
    header = read_rows(official / ACUTE)[0]
    path = _big_file(tmp_path / "big.csv", trusts=40, metrics=2500, header=header)  # 100,000 rows
    context = ValidationContext(period="Q1 2025/26", add_unknown_metrics=True)
    tracemalloc.start()
    try:
        report = validate_file(path, "big.csv", context, limits=Limits(max_file_bytes=100 << 20))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.ok, report.problems[:3]
    assert report.data_rows == 100_000
    assert len(report.trusts) == 40 and len(report.new_metrics) == 2500
    # Holding the rows would take well over 100 MB; what is kept is per trust and metric.
    assert peak < 25 * 1024 * 1024, peak
