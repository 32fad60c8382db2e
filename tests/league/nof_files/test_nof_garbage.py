"""Property tests: whatever bytes arrive, the parser answers with problems, never a crash.

Hypothesis's example database is off so the tests leave nothing behind in the checkout.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from league.nof_files import (
    FileReport,
    Limits,
    NofFile,
    ValidationContext,
    iter_records,
    validate_file,
    validate_files,
)
from league.nof_files.columns import DATA_COLUMNS, LEAGUE_COLUMNS

from .conftest import ACUTE, MH_DATA, MH_LEAGUE, csv_bytes

FUZZ = settings(
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CONTEXT = ValidationContext(
    known_metric_ids=frozenset({"OF0003", "OF0013"}),
    known_trusts={"RYY": ("KENT COMMUNITY HEALTH NHS FOUNDATION TRUST", "non-acute")},
    period="Q1 2025/26",
)
SMALL = Limits(max_file_bytes=2_000_000, max_problems=50)
NAMES = st.sampled_from(["upload.csv", "upload.xlsx", "upload.txt", "UPLOAD.CSV", "x"])


def check(data: bytes, name: str = "upload.csv", limits: Limits = SMALL) -> FileReport:
    """Validate, then check the report is coherent and a clean file can really be written."""
    upload = io.BytesIO(data)
    report = validate_file(upload, name, CONTEXT, limits=limits)
    assert report.ok == (report.problem_count == 0)
    assert report.size == len(data)
    assert all(problem.message and problem.file == name for problem in report.problems)
    assert all(problem.row is None or problem.row >= 1 for problem in report.problems)
    if report.ok:
        assert len(list(iter_records(upload, report, limits=limits))) == report.data_rows
    return report


@FUZZ
@given(data=st.binary(max_size=4096), name=NAMES)
def test_random_bytes(data: bytes, name: str) -> None:
    check(data, name)


@FUZZ
@given(data=st.binary(min_size=1, max_size=2048))
def test_random_bytes_after_a_zip_signature(data: bytes) -> None:
    check(b"PK\x03\x04" + data, "upload.xlsx")


@FUZZ
@given(data=st.data())
def test_truncated_official_files(official: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from([MH_LEAGUE, MH_LEAGUE, ACUTE]))
    content = (official / name).read_bytes()
    cut = data.draw(st.integers(min_value=0, max_value=len(content)))
    report = check(content[:cut], name)
    assert report.data_rows <= (61 if name == MH_LEAGUE else 7265)


@settings(FUZZ, max_examples=20)
@given(encoding=st.sampled_from(["cp1252", "utf-16", "utf-16-be", "utf-32", "latin-1"]))
def test_official_text_in_other_encodings(official: Path, encoding: str) -> None:
    text = (official / MH_DATA).read_text(encoding="utf-8-sig")[:200_000]
    report = check(text.encode(encoding, errors="replace"), MH_DATA)
    assert not report.ok


CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "1.0", "-1.62", "abc", "1 to 11", "1.2 to 1.89", "Yes", "No",
                     "Q1 2025/26", "Q5 2025/26", "RP6", "G6V2S", "R!6", "OF0013", "OF9999",
                     "Acute trust", "Mental health and community trust", "nan", "inf", "1e999",
                     '=HYPERLINK("http://x","y")', "+1", "-", "@SUM(A1)", "\x00", '"', "\r\n"]),
)  # fmt: skip


@FUZZ
@given(
    columns=st.sampled_from([DATA_COLUMNS, ("Quarter", *DATA_COLUMNS), LEAGUE_COLUMNS]),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=20), max_size=8),
)
def test_random_cells_under_real_headers(columns: tuple[str, ...], rows: list[list[str]]) -> None:
    check(csv_bytes([list(columns), *rows]))


@FUZZ
@given(
    columns=st.sampled_from([DATA_COLUMNS, ("Quarter", *DATA_COLUMNS), LEAGUE_COLUMNS]),
    rows=st.lists(st.lists(CELL, min_size=12, max_size=17), min_size=1, max_size=5),
)
def test_random_cells_in_a_workbook(columns: tuple[str, ...], rows: list[list[str]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(list(columns))
    for row in rows:
        # openpyxl refuses to write control characters, which a real workbook cannot hold
        workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    check(buffer.getvalue(), "upload.xlsx")


PARTS = st.sampled_from(
    ["[Content_Types].xml", "xl/workbook.xml", "_rels/.rels", "xl/_rels/workbook.xml.rels",
     "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "other.bin"]
)  # fmt: skip


@FUZZ
@given(members=st.dictionaries(PARTS, st.binary(max_size=300), max_size=8))
def test_random_zip_archives(members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    check(buffer.getvalue(), "upload.xlsx")


def _small_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Quarter", "Region", "Trust_type", "Trust_subtype", "Trust_code",
                            "Trust_name", "Average_score", "Likely_range_of_average_score",
                            "Segment", "Trust_in_financial_deficit", "Rank",
                            "Likely_range_of_rank"])  # fmt: skip
    workbook.active.append(["Q4 2025/26", "South East", "Mental health and community trust",
                            "Community", "RYY", "Kent Community Health NHS Foundation Trust",
                            1.53, "1.2 to 1.89", 1, "No", 1, "1 to 11"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WORKBOOK = _small_workbook()


def test_the_unmutated_workbook_is_clean() -> None:
    assert check(WORKBOOK, "upload.xlsx").ok


@FUZZ
@given(data=st.data())
def test_mutated_workbooks(data: st.DataObject) -> None:
    content = bytearray(WORKBOOK)
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] = data.draw(st.integers(0, 255))
    check(bytes(content), "upload.xlsx")


def test_a_workbook_claiming_an_unknown_zip_version_is_refused_plainly() -> None:
    # Found by test_mutated_workbooks: one byte of the central directory changed made Python's
    # zipfile raise NotImplementedError ("zip file version 6.4") instead of BadZipFile.
    content = bytearray(WORKBOOK)
    entry = content.index(b"PK\x01\x02")  # the first central directory entry
    content[entry + 6] = 64  # the version needed to extract, as 6.4
    report = check(bytes(content), "upload.xlsx")
    assert not report.ok
    assert any("damaged" in problem.message for problem in report.problems)


@FUZZ
@given(files=st.lists(st.binary(max_size=512), min_size=1, max_size=4))
def test_several_garbage_files_together(files: list[bytes]) -> None:
    uploads = [NofFile(io.BytesIO(data), f"f{i}.csv") for i, data in enumerate(files)]
    reports = validate_files(uploads, CONTEXT, limits=SMALL)
    assert [report.file_name for report in reports] == [upload.name for upload in uploads]
