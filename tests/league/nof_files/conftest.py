"""Shared helpers for the NOF file parser tests.

NHS England's published files are read where they lie (../shared/data/nof-official), never
copied into the repository; broken variants are written to tmp_path by the tests themselves.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from league.nof_files import LEAGUE_OF_TRUST_TYPE, ValidationContext

OFFICIAL_DIR = Path(__file__).resolve().parents[4] / "shared" / "data" / "nof-official"
ACUTE = "acute-trust-data-q1-2025-26.csv"
MH_DATA = "mh-community-trust-data-q1-q4-2025-26.csv"
MH_LEAGUE = "mh-community-trust-league-table-q4-2025-26.csv"

Rows = list[list[str]]


@pytest.fixture(scope="session")
def official() -> Path:
    if not (OFFICIAL_DIR / ACUTE).is_file():
        pytest.skip(f"{OFFICIAL_DIR} is absent: tests on NHS England's published files skipped")
    return OFFICIAL_DIR


def read_rows(path: Path) -> Rows:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def csv_bytes(rows: Rows, encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(csv_bytes(rows, encoding))
    return path


def broken_copy(source: Path, target: Path, edit: Callable[[Rows], None]) -> Path:
    """Write `source` to `target` after `edit` changed its rows (header is rows[0])."""
    rows = read_rows(source)
    edit(rows)
    return write_csv(target, rows)


def register_from(*paths: Path) -> dict[str, tuple[str, str]]:
    """A trust register agreeing with the files, in the register's upper-case style."""
    register: dict[str, tuple[str, str]] = {}
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                league = LEAGUE_OF_TRUST_TYPE[row["Trust_type"]]
                register[row["Trust_code"]] = (row["Trust_name"].upper(), league)
    return register


def metric_ids_from(*paths: Path) -> frozenset[str]:
    ids: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            ids.update(row["Metric_ID"] for row in csv.DictReader(handle))
    return frozenset(ids)


@pytest.fixture(scope="session")
def context(official: Path) -> ValidationContext:
    """The catalogue and register as the database would hold them after earlier imports."""
    files = [official / ACUTE, official / MH_DATA]
    return ValidationContext(
        known_metric_ids=metric_ids_from(*files),
        known_trusts=register_from(*files),
        period="Q1 2025/26",
    )
