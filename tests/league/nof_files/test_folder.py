"""A folder of NOF files as NHS England names them: the quarter a file's name gives, and the
files `seed_demo` imports from NOF_DATA_DIR."""

from pathlib import Path

import pytest

from league.nof_files import FileKind
from league.nof_files.folder import NofFolderError, folder_files, header_kind, quarter_in_name

HEADER = (
    "Region,Trust_type,Trust_subtype,Trust_code,Trust_name,Domain,Sub-domain,Metric_ID,"
    "Metric_description,Reporting_date,Units,Value,Median_value,Lower_quartile,"
    "Upper_quartile,Rank\n"
)


@pytest.mark.parametrize(
    ("name", "quarter"),
    [
        ("acute-trust-data-q1-2025-26.csv", "Q1 2025/26"),
        ("Acute_Q3_25-26.xlsx", "Q3 2025/26"),
        ("nof q4 2026/27 acute.csv", "Q4 2026/27"),
        ("mh-community-trust-data-q1-q4-2025-26.csv", None),  # a year: rows say the quarter
        ("mh-community-trust-league-table-q4-2025-26.csv", "Q4 2025/26"),
        ("acute-q2-2025-27.csv", None),  # not two consecutive years
        ("acute-q5-2025-26.csv", None),
        ("acute.csv", None),
    ],
)
def test_the_quarter_a_file_name_gives(name, quarter):
    assert quarter_in_name(name) == quarter


def test_a_folder_gives_its_csv_and_xlsx_files_in_name_order_without_the_register(tmp_path):
    for name in ("b-q2-2025-26.csv", "a-q1-2025-26.CSV", "notes.txt", "nhs_trusts_2025.csv"):
        (tmp_path / name).write_text(HEADER)
    (tmp_path / "old").mkdir()

    files = folder_files(tmp_path, leave_out=(tmp_path / "nhs_trusts_2025.csv",))

    assert [(f.name, f.period) for f in files] == [
        ("a-q1-2025-26.CSV", "Q1 2025/26"),
        ("b-q2-2025-26.csv", "Q2 2025/26"),
    ]
    assert files[0].source == tmp_path / "a-q1-2025-26.CSV"


def test_trust_data_without_a_quarter_column_or_a_quarter_in_its_name_is_refused(tmp_path):
    (tmp_path / "acute.csv").write_text(HEADER)
    assert header_kind(tmp_path / "acute.csv") is FileKind.TRUST_DATA_WITHOUT_QUARTER

    with pytest.raises(NofFolderError, match=r"acute\.csv has no Quarter column"):
        folder_files(tmp_path)


def test_a_file_with_its_quarter_in_its_rows_needs_none_in_its_name(tmp_path):
    (tmp_path / "mh.csv").write_text("Quarter," + HEADER)
    [file] = folder_files(tmp_path)
    assert file.period is None


def test_an_unreadable_file_is_left_to_the_import_to_explain(tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    assert header_kind(tmp_path / "broken.xlsx") is None
    assert [f.name for f in folder_files(tmp_path)] == ["broken.xlsx"]


def test_a_missing_or_empty_folder_is_refused(tmp_path: Path):
    with pytest.raises(NofFolderError, match="is not a folder"):
        folder_files(tmp_path / "missing")
    with pytest.raises(NofFolderError, match=r"holds no \.csv or \.xlsx files"):
        folder_files(tmp_path)
