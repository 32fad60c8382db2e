"""Deliberately broken copies of NHS England's files: each problem is named, nothing changes."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.league.official import ACUTE, MH_DATA, database_state, edited_copy, official
from trusts.services import trust_register_import

pytestmark = pytest.mark.django_db

ROW = 7  # the spreadsheet row (header = 1) that each edit breaks


def _set(column: str, value: str, row: int = ROW):
    def edit(rows):
        rows[row - 1][rows[0].index(column)] = value

    return edit


def _drop_column(column: str):
    def edit(rows):
        index = rows[0].index(column)
        for row in rows:
            del row[index]

    return edit


def _duplicate_row(rows):
    rows.insert(ROW, list(rows[ROW - 1]))


def _drop_quarter(rows):
    _drop_column("Quarter")(rows)


CASES = {
    "missing column": (MH_DATA, _drop_column("Value"), 1, "Value", "missing"),
    "unknown metric": (MH_DATA, _set("Metric_ID", "OF0999"), ROW, "Metric_ID", "OF0999"),
    "value not a number": (MH_DATA, _set("Value", "abc"), ROW, "Value", "abc"),
    "duplicate row": (MH_DATA, _duplicate_row, ROW + 1, None, f"row {ROW}"),
    "malformed trust code": (MH_DATA, _set("Trust_code", "R!6"), ROW, "Trust_code", "R!6"),
    "no quarter and no period": (MH_DATA, _drop_quarter, None, None, "Quarter"),
}


@pytest.fixture
def loaded(shared_data):
    """The register and the official acute file, so refusals are checked against real data."""
    register = (shared_data / "nhs_trusts_england_2025_26.csv").read_bytes()
    trust_register_import(stream=io.BytesIO(register))
    call_command("import_nof", str(official(shared_data, ACUTE)), "--period", "Q1 2025/26")
    return shared_data


def _refused(capsys, *files: str, args=()) -> str:
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_nof", *files, *args)
    return capsys.readouterr().err


@pytest.mark.parametrize("case", CASES)
def test_each_problem_is_named_with_its_row_and_nothing_changes(loaded, tmp_path, capsys, case):
    name, edit, row, column, words = CASES[case]
    broken = edited_copy(official(loaded, name), tmp_path / name, edit)
    before = database_state()

    errors = _refused(capsys, str(broken))

    where = f"{name}, row {row}" if row else name
    lines = [line for line in errors.splitlines() if line.startswith(where)]
    assert lines, errors
    assert any(
        (column is None or f"column {column}" in line) and words in line for line in lines
    ), errors
    assert database_state() == before


def test_a_published_quarter_is_named_with_the_rows_problems_in_one_refusal(
    loaded, tmp_path, capsys
):
    from league.models import Period, PeriodStatus

    Period.objects.filter(label="Q1 2025/26").update(status=PeriodStatus.PUBLISHED)
    broken = edited_copy(official(loaded, MH_DATA), tmp_path / MH_DATA, _set("Value", "abc"))
    before = database_state()

    errors = _refused(capsys, str(broken))

    assert f"{MH_DATA}, column Quarter: Q1 2025/26 is published, so its data is frozen." in errors
    assert any(
        line.startswith(f"{MH_DATA}, row {ROW}, column Value") for line in errors.splitlines()
    )
    assert database_state() == before


def test_nhs_englands_file_is_refused_where_demonstration_data_is_shown(loaded, capsys):
    from trusts.models import Trust

    Trust.objects.filter(ods_code="RXT").update(is_demo=True)
    before = database_state()

    errors = _refused(capsys, str(official(loaded, MH_DATA)))

    assert f"{MH_DATA}, column Trust_code: This site holds demonstration data" in errors
    assert "start from an empty database" in errors
    assert database_state() == before


def test_a_trust_type_that_does_not_fit_its_league_is_refused(loaded, tmp_path, capsys):
    # RXT is a mental health trust in the register; the copy calls it an acute trust.
    def edit(rows):
        type_column, code_column = rows[0].index("Trust_type"), rows[0].index("Trust_code")
        for row in rows[1:]:
            if row[code_column] == "RXT":
                row[type_column] = "Acute trust"

    broken = edited_copy(official(loaded, MH_DATA), tmp_path / MH_DATA, edit)
    before = database_state()

    errors = _refused(capsys, str(broken))

    assert "Trust_type" in errors and "RXT" in errors
    assert database_state() == before


def test_a_name_that_belongs_to_another_trust_is_refused(loaded, tmp_path, capsys):
    def edit(rows):
        name_column, code_column = rows[0].index("Trust_name"), rows[0].index("Trust_code")
        for row in rows[1:]:
            if row[code_column] == "RXT":
                row[name_column] = "Moorfields Eye Hospital NHS Foundation Trust"

    broken = edited_copy(official(loaded, MH_DATA), tmp_path / MH_DATA, edit)
    before = database_state()

    errors = _refused(capsys, str(broken))

    assert "register's name for RP6" in errors
    assert database_state() == before


def test_an_unknown_metric_is_added_only_when_asked(loaded, tmp_path, capsys):
    broken = edited_copy(official(loaded, MH_DATA), tmp_path / MH_DATA, _set("Metric_ID", "OF0999"))
    errors = _refused(capsys, str(broken))
    assert "--add-metrics" in errors and "OF0999" in errors

    call_command("import_nof", str(broken), "--add-metrics")

    from league.models import Metric, MetricValue

    metric = Metric.objects.get(metric_id="OF0999")
    assert metric.added_from_file and metric.rule == "published"
    assert MetricValue.objects.filter(metric=metric).count() == 1


def test_a_dry_run_writes_nothing(loaded, capsys):
    before = database_state()
    call_command("import_nof", str(official(loaded, MH_DATA)), "--dry-run")
    assert "nothing was written" in capsys.readouterr().out
    assert database_state() == before


def test_renamed_trusts_are_reported_and_take_nhs_englands_name(loaded, capsys):
    from trusts.models import Trust

    assert Trust.objects.get(ods_code="RWW").name == (
        "Warrington and Halton Teaching Hospitals NHS Foundation Trust"
    )
    call_command("import_nof", str(official(loaded, MH_DATA)))
    assert Trust.objects.get(ods_code="RY3").name == "Norfolk Community Health and Care NHS Trust"


GARBAGE = [
    b"",
    b"\x00\x01\x02binary\xff\xfe",
    b'Quarter,Region\nQ1 2025/26,=HYPERLINK("http://x")\n',
    "caf\xe9,\xe9t\xe9\n".encode("cp1252"),
    "Region,Trust_code\n".encode("utf-16"),
    b"PK\x03\x04not really a zip",
    b"Quarter," + b"x" * 300_000 + b"\n",
]


@pytest.mark.parametrize("content", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_is_refused_plainly_and_changes_nothing(loaded, tmp_path, capsys, content):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    before = database_state()

    errors = _refused(capsys, str(path))

    assert "upload.csv" in errors and "Traceback" not in errors
    assert database_state() == before


def test_metrics_must_be_in_the_catalogue_of_the_quarters_framework(loaded, tmp_path, capsys):
    # The 2026/27 framework exists but its catalogue is empty until NHS England publishes it.
    def move_to_2026(rows):
        column = rows[0].index("Quarter")
        for row in rows[1:]:
            row[column] = row[column].replace("2025/26", "2026/27")

    moved = edited_copy(official(loaded, MH_DATA), tmp_path / MH_DATA, move_to_2026)
    before = database_state()

    errors = _refused(capsys, str(moved))

    assert "OF0061 is not in the 2026/27 metric catalogue" in errors
    assert database_state() == before


def test_without_period_a_file_takes_the_quarter_its_name_gives(shared_data, tmp_path, capsys):
    register = (shared_data / "nhs_trusts_england_2025_26.csv").read_bytes()
    trust_register_import(stream=io.BytesIO(register))
    unnamed = tmp_path / "acute.csv"
    unnamed.write_bytes(official(shared_data, ACUTE).read_bytes())

    errors = _refused(capsys, str(unnamed), args=("--dry-run",))
    assert "acute.csv, column Quarter: This file has no Quarter column" in errors

    call_command("import_nof", str(official(shared_data, ACUTE)), "--dry-run")
    assert "periods Q1 2025/26" in capsys.readouterr().out
