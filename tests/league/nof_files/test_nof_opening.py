"""Unsafe, damaged or wrongly saved uploads are refused with a message, never an exception."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from league.nof_files import FileFormat, Limits, ValidationContext, validate_file

from .conftest import ACUTE, MH_LEAGUE, csv_bytes, read_rows

DEFAULT = Limits()
CONTEXT = ValidationContext(period="Q1 2025/26", add_unknown_metrics=True)
LEAGUE_HEADER = [
    "Quarter", "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name",
    "Average_score", "Likely_range_of_average_score", "Segment", "Trust_in_financial_deficit",
    "Rank", "Likely_range_of_rank",
]  # fmt: skip
LEAGUE_ROW = [
    "Q4 2025/26", "South East", "Mental health and community trust", "Community", "RYY",
    "Kent Community Health NHS Foundation Trust", "1.53", "1.2 to 1.89", "1.0", "No", "1.0",
    "1 to 11",
]  # fmt: skip


def only_message(data: bytes, name: str = "upload.csv", limits: Limits = DEFAULT) -> str:
    report = validate_file(io.BytesIO(data), name, CONTEXT, limits=limits)
    assert len(report.problems) == 1, report.problems
    return report.problems[0].message


def test_empty_file() -> None:
    assert only_message(b"") == "The file is empty."


def test_blank_text_file_has_no_header() -> None:
    assert only_message(b"\r\n\r\n").startswith("This does not look like a NOF file")


def test_header_only() -> None:
    assert only_message(csv_bytes([LEAGUE_HEADER])) == "The file has a header row but no data rows."


def test_a_small_league_table_is_fine() -> None:
    report = validate_file(io.BytesIO(csv_bytes([LEAGUE_HEADER, LEAGUE_ROW])), "x.csv", CONTEXT)
    assert report.ok and report.data_rows == 1


def test_utf8_without_bom_is_fine() -> None:
    data = csv_bytes([LEAGUE_HEADER, LEAGUE_ROW], encoding="utf-8")
    assert validate_file(io.BytesIO(data), "x.csv", CONTEXT).ok


def test_file_over_the_size_limit() -> None:
    data = csv_bytes([LEAGUE_HEADER, LEAGUE_ROW])
    message = only_message(data, limits=Limits(max_file_bytes=100))
    assert message.startswith("The file is 0.0 MB; the largest file accepted is 0 MB.")


def test_windows_1252_is_refused_with_how_to_save_as_utf8() -> None:
    row = [*LEAGUE_ROW]
    row[5] = "Kent Community Health NHS Foundation Trust \u2013 Café"
    message = only_message(csv_bytes([LEAGUE_HEADER, row], encoding="cp1252"))
    assert message.startswith("The file is not saved as UTF-8 text")
    assert "line 2" in message and "CSV UTF-8 (Comma delimited)" in message


def test_utf16_is_refused() -> None:
    message = only_message(csv_bytes([LEAGUE_HEADER, LEAGUE_ROW], encoding="utf-16"))
    assert message.startswith("The file is saved as UTF-16")


def test_utf16_without_bom_is_refused_as_binary() -> None:
    message = only_message(csv_bytes([LEAGUE_HEADER, LEAGUE_ROW], encoding="utf-16-le"))
    assert message.startswith("The file contains binary data")


def test_binary_junk_named_csv() -> None:
    message = only_message(bytes(range(256)) * 10, "junk.csv")
    assert "binary data" in message


def test_old_excel_file_is_refused() -> None:
    message = only_message(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old.xls")
    assert "Only .csv and .xlsx files are accepted" in message
    message = only_message(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "renamed.csv")
    assert message.startswith("This is an old-style Excel file (.xls)")


def _zip(members: dict[str, bytes], level: int = 9) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_that_is_not_a_workbook() -> None:
    message = only_message(_zip({"readme.txt": b"hello"}), "upload.xlsx")
    assert message.startswith("The file is a zip archive but not an Excel workbook")


def test_damaged_zip() -> None:
    message = only_message(b"PK\x03\x04" + b"\x00" * 100, "upload.xlsx")
    assert message.startswith("The file looks like a zip or Excel file but is damaged")


def test_zip_bomb_is_refused_before_openpyxl() -> None:
    bomb = _zip({
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": b"<workbook/>",
        "xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024),
    })  # fmt: skip
    assert len(bomb) < 100_000
    message = only_message(bomb, "upload.xlsx")
    assert "zip bomb" in message


def test_zip_unpacking_too_large_is_refused() -> None:
    big = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"x" * 200_000})
    message = only_message(big, "upload.xlsx", limits=Limits(max_unzipped_bytes=100_000))
    assert message.startswith("The workbook would unpack to")


def test_zip_with_too_many_members_is_refused() -> None:
    many = _zip({f"part{i}.xml": b"x" for i in range(1001)})
    assert "at most 1,000 are accepted" in only_message(many, "upload.xlsx")


def _workbook(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_macro_workbook_is_refused_by_name_and_by_content() -> None:
    data = _workbook([LEAGUE_HEADER, LEAGUE_ROW])
    assert "Only .csv and .xlsx" in only_message(data, "upload.xlsm")
    with_macros = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(with_macros, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"macro")
    assert "contains macros" in only_message(with_macros.getvalue(), "upload.xlsx")


def test_workbook_detected_by_content_whatever_its_name() -> None:
    report = validate_file(io.BytesIO(_workbook([LEAGUE_HEADER, LEAGUE_ROW])), "named.csv", CONTEXT)
    assert report.ok and report.format is FileFormat.XLSX


def test_workbook_formula_cells_are_never_evaluated() -> None:
    row: list[object] = [*LEAGUE_ROW]
    row[3] = '=HYPERLINK("http://evil.example","x")'  # stored as a formula with no cached value
    report = validate_file(io.BytesIO(_workbook([LEAGUE_HEADER, row])), "f.xlsx", CONTEXT)
    assert report.ok
    assert report.trusts["RYY"].subtype == ""


def test_damaged_workbook_xml_is_a_problem() -> None:
    members = {
        "[Content_Types].xml": b"<Types",
        "xl/workbook.xml": b"<workbook",
        "_rels/.rels": b"<<<",
    }
    message = only_message(_zip(members), "upload.xlsx")
    assert message.startswith("The workbook cannot be opened")


def test_enormous_field_is_a_problem_not_an_exception() -> None:
    row = [*LEAGUE_ROW]
    row[3] = "x" * 200_000  # past the csv module's own limit
    report = validate_file(io.BytesIO(csv_bytes([LEAGUE_HEADER, row])), "big.csv", CONTEXT)
    assert not report.ok
    assert report.problems[0].row == 2
    assert "cannot be read past this row" in report.problems[0].message


def test_long_field_under_the_csv_limit_is_capped_by_ours() -> None:
    row = [*LEAGUE_ROW]
    row[5] = "y" * 20_000
    report = validate_file(io.BytesIO(csv_bytes([LEAGUE_HEADER, row])), "long.csv", CONTEXT)
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "Trust_name")
    assert problem.message.startswith("This cell holds 20,000 characters; at most 10,000")


def test_too_many_columns() -> None:
    header = [*LEAGUE_HEADER, *(f"extra{i}" for i in range(200))]
    message = only_message(csv_bytes([header, [*LEAGUE_ROW, *([""] * 200)]]))
    assert message == "The header has more than 100 columns, which is too many."


def test_too_many_rows() -> None:
    data = csv_bytes([LEAGUE_HEADER, *([LEAGUE_ROW] * 5)])
    report = validate_file(io.BytesIO(data), "rows.csv", CONTEXT, limits=Limits(max_rows=3))
    assert any("more than 3 data rows" in p.message for p in report.problems)


def test_not_a_nof_file() -> None:
    message = only_message(b"name,age\r\nAlice,30\r\n")
    assert message.startswith("This does not look like a NOF file")


def test_missing_file_path_is_a_problem(tmp_path: Path) -> None:
    report = validate_file(tmp_path / "gone.csv", "gone.csv", CONTEXT)
    assert report.problems[0].message.startswith("The file could not be opened")


def test_unseekable_upload_is_a_problem() -> None:
    class Pipe(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

    report = validate_file(Pipe(), "pipe.csv", CONTEXT)  # type: ignore[arg-type]
    assert report.problems[0].message.startswith("The upload cannot be read twice")


@pytest.mark.parametrize("name", [ACUTE, MH_LEAGUE])
def test_official_file_saved_as_cp1252_is_refused(official: Path, name: str) -> None:
    rows = read_rows(official / name)
    rows[1][5] = rows[1][5] + " \u2013 Café"
    message = only_message(csv_bytes(rows, encoding="cp1252"), name)
    assert message.startswith("The file is not saved as UTF-8 text")


def test_a_file_naming_too_many_trusts_is_a_problem() -> None:
    rows = [LEAGUE_HEADER]
    for number in range(12):
        row = [*LEAGUE_ROW]
        row[4] = f"T{number:02d}"
        rows.append(row)
    report = validate_file(
        io.BytesIO(csv_bytes(rows)), "many.csv", CONTEXT, limits=Limits(max_trusts=10)
    )
    (problem,) = report.problems
    assert (problem.row, problem.column) == (12, "Trust_code")
    assert "more than 10 trusts" in problem.message
    assert len(report.trusts) == 10


def test_workbook_with_too_many_columns() -> None:
    header = [*LEAGUE_HEADER, *(f"extra{i}" for i in range(200))]
    message = only_message(_workbook([header, LEAGUE_ROW]), "wide.xlsx")
    assert message == "The header has more than 100 columns, which is too many."
