"""Single-cell readers, and the package's independence from Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from league.nof_files import cells
from league.nof_files.columns import column_letter
from league.nof_files.model import DEFAULT_PERIOD_PATTERN

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("label", "ok"),
    [
        ("Q1 2025/26", True),
        ("Q4 1999/00", True),
        ("Q0 2025/26", False),
        ("Q5 2025/26", False),
        ("Q1 2025/27", False),
        ("Q1 2025/2026", False),
        ("q1 2025/26", False),
        ("Q1  2025/26", False),
        ("", False),
    ],
)
def test_period_labels(label: str, ok: bool) -> None:
    assert (cells.period_problem(label, DEFAULT_PERIOD_PATTERN) is None) is ok


def test_period_order_is_chronological() -> None:
    labels = ["Q1 2026/27", "Q4 2025/26", "Q1 2025/26", "Q3 2025/26"]
    assert sorted(labels, key=cells.period_order) == [
        "Q1 2025/26", "Q3 2025/26", "Q4 2025/26", "Q1 2026/27",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "value"),
    [("4.01", 4.01), (" -1.62 ", -1.62), ("113.0", 113.0), ("1e-05", 1e-05), (".5", 0.5),
     ("+3", 3.0), ("", None), ("   ", None)],
)  # fmt: skip
def test_numbers(text: str, value: float | None) -> None:
    assert cells.optional_number(text) == value


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "-inf", "1_000", "1,000", "45%", "0x10",
                                  "=1+1", "@1", "1.2.3", "--1", "½", "\u0663"])  # fmt: skip
def test_not_numbers(text: str) -> None:
    with pytest.raises(cells.CellError):
        cells.optional_number(text)


@pytest.mark.parametrize(
    ("code", "ok"),
    [("RP6", True), ("G6V2S", True), ("R0A", True), ("rp6", False), ("R!6", False),
     ("RP", False), ("RP6A", False), ("RP6ABC", False), ("", False)],
)  # fmt: skip
def test_ods_codes(code: str, ok: bool) -> None:
    if ok:
        assert cells.ods_code(f" {code} ") == code
    else:
        with pytest.raises(cells.CellError):
            cells.ods_code(code)


@pytest.mark.parametrize(
    ("identifier", "ok"), [("OF0013", True), ("OF5002", True), ("OF13", False),
                           ("of0013", False), ("OF00133", False), ("XX0013", False)]
)  # fmt: skip
def test_metric_ids(identifier: str, ok: bool) -> None:
    if ok:
        assert cells.metric_id(identifier) == identifier
    else:
        with pytest.raises(cells.CellError):
            cells.metric_id(identifier)


def test_ranges() -> None:
    assert cells.number_range("1.2 to 1.89") == (1.2, 1.89)
    assert cells.rank_range("1 to 11") == (1, 11)
    assert cells.rank_range("46.0 TO 61.0") == (46, 61)
    for bad in ("1.2-1.89", "1.2 to", "to 3", "2 to 1", "a to b"):
        with pytest.raises(cells.CellError):
            cells.number_range(bad)


def test_messages_shorten_huge_cells() -> None:
    with pytest.raises(cells.CellError) as raised:
        cells.number("x" * 5000)
    assert len(str(raised.value)) < 100


def test_same_name_ignores_case_and_spacing() -> None:
    assert cells.same_name(
        "Manchester University NHS Foundation Trust",
        " MANCHESTER UNIVERSITY  NHS FOUNDATION TRUST\xa0",
    )
    assert not cells.same_name("Royal Surrey County Hospital", "ROYAL SURREY NHS FOUNDATION TRUST")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 15, 25, 26, 27, 701, 702)] == [
        "A", "P", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip


@settings(database=None, max_examples=300)
@given(st.text(max_size=40))
def test_cell_readers_raise_only_cell_errors(text: str) -> None:
    readers = (cells.optional_number, cells.optional_rank, cells.number_range, cells.rank_range,
               cells.yes_no, cells.ods_code, cells.metric_id)  # fmt: skip
    for read in readers:
        try:
            read(text)
        except cells.CellError as error:
            assert str(error)
    cells.period_problem(text, DEFAULT_PERIOD_PATTERN)


@settings(database=None, max_examples=200)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_written_float_reads_back(value: float) -> None:
    assert cells.number(repr(value)) == value


def test_the_package_imports_no_django() -> None:
    code = (
        "import sys, league.nof_files; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
