"""Each broken copy of an official file yields its plain message at the right row and column.

Row numbers are those a spreadsheet shows: the header is row 1, the first data row is row 2,
so rows[i] of the file is row i + 1.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from league.nof_files import Problem, ValidationContext, validate_file

from .conftest import ACUTE, MH_DATA, MH_LEAGUE, Rows, broken_copy, read_rows


def problems_of(path: Path, context: ValidationContext) -> tuple[Problem, ...]:
    report = validate_file(path, path.name, context)
    assert not report.ok
    return report.problems


def col(rows: Rows, name: str) -> int:
    return rows[0].index(name)


def only(problems: tuple[Problem, ...], row: int | None, column: str | None) -> Problem:
    found = [p for p in problems if p.row == row and p.column == column]
    assert len(found) == 1, problems
    return found[0]


def test_a_removed_column_is_named(official: Path, context: ValidationContext, tmp_path: Path):
    def drop_value(rows: Rows) -> None:
        at = col(rows, "Value")
        for row in rows:
            del row[at]

    path = broken_copy(official / ACUTE, tmp_path / "no-value.csv", drop_value)
    (problem,) = problems_of(path, context)
    assert (problem.row, problem.column) == (1, "Value")
    assert problem.message == "The required column Value is missing from the header."
    assert problem.file == "no-value.csv"


def test_two_removed_columns_give_two_problems(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def drop(rows: Rows) -> None:
        for name in ("Rank", "Metric_ID"):
            at = col(rows, name)
            for row in rows:
                del row[at]

    path = broken_copy(official / ACUTE, tmp_path / "two.csv", drop)
    assert {p.column for p in problems_of(path, context)} == {"Rank", "Metric_ID"}


def test_unknown_metric_id(official: Path, context: ValidationContext, tmp_path: Path) -> None:
    def unknown(rows: Rows) -> None:
        rows[5][col(rows, "Metric_ID")] = "OF9999"
        rows[5][col(rows, "Metric_description")] = "A brand new metric"

    path = broken_copy(official / ACUTE, tmp_path / "unknown.csv", unknown)
    report = validate_file(path, path.name, context)
    problem = only(report.problems, 6, "Metric_ID")
    assert problem.message.startswith("OF9999 is not in the metrics catalogue.")
    new = report.new_metrics["OF9999"]
    assert (new.description, new.domain, new.sub_domain, new.units) == (
        "A brand new metric", "Access to services", "Elective care", "percent",
    )  # fmt: skip

    adding = validate_file(path, path.name, dataclasses.replace(context, add_unknown_metrics=True))
    assert adding.ok
    assert adding.new_metrics == report.new_metrics


def test_value_that_is_not_a_number(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def abc(rows: Rows) -> None:
        rows[9][col(rows, "Value")] = "abc"

    path = broken_copy(official / ACUTE, tmp_path / "abc.csv", abc)
    (problem,) = problems_of(path, context)
    assert problem == Problem("abc.csv", 10, "Value", "'abc' is not a number.")


@pytest.mark.parametrize(
    ("column", "text", "message"),
    [
        ("Median_value", "1,5", "'1,5' is not a number."),
        ("Lower_quartile", "nan", "'nan' is not a number."),
        ("Upper_quartile", "1e999", "'1e999' is too large to be a real figure."),
        ("Rank", "0.0", "'0.0' is out of range: it must be 1 or more."),
        ("Rank", "12.5", "'12.5' is not a whole number."),
        ("Value", "=1+1", "'=1+1' is not a number."),
    ],
)
def test_bad_numbers(
    official: Path, context: ValidationContext, tmp_path: Path, column: str, text: str, message: str
) -> None:
    def bad(rows: Rows) -> None:
        rows[3][col(rows, column)] = text

    path = broken_copy(official / ACUTE, tmp_path / "bad.csv", bad)
    assert problems_of(path, context) == (Problem("bad.csv", 4, column, message),)


def test_blank_numbers_mean_no_data(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def blank(rows: Rows) -> None:
        for name in ("Value", "Median_value", "Lower_quartile", "Upper_quartile", "Rank"):
            rows[3][col(rows, name)] = "  "

    path = broken_copy(official / ACUTE, tmp_path / "blank.csv", blank)
    assert validate_file(path, path.name, context).ok


def test_duplicated_row_names_both_rows(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    path = broken_copy(official / ACUTE, tmp_path / "dup.csv", lambda rows: rows.append(rows[1]))
    (problem,) = problems_of(path, context)
    assert problem.row == 7267
    assert problem.message == (
        "Trust R0A, metric OF0003, period Q1 2025/26 appears twice: here and in row 2."
    )


def test_duplicate_in_a_league_table(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def twice(rows: Rows) -> None:
        rows.insert(3, list(rows[1]))

    path = broken_copy(official / MH_LEAGUE, tmp_path / "dup.csv", twice)
    (problem,) = problems_of(path, context)
    assert (problem.row, problem.message) == (
        4, "Trust RYY, period Q4 2025/26 appears twice: here and in row 2.",
    )  # fmt: skip


def test_bad_trust_code(official: Path, context: ValidationContext, tmp_path: Path) -> None:
    def bad(rows: Rows) -> None:
        rows[6][col(rows, "Trust_code")] = "R!6"

    path = broken_copy(official / ACUTE, tmp_path / "code.csv", bad)
    (problem,) = problems_of(path, context)
    assert (problem.row, problem.column) == (7, "Trust_code")
    assert problem.message == (
        "'R!6' is not an ODS code: it must be 3 or 5 capital letters or digits, such as RP6 "
        "or G6V2S."
    )


def test_trust_type_contradicting_the_register(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    register = dict(context.known_trusts)
    register["R0B"] = (register["R0B"][0], "non-acute")
    problems = problems_of(official / ACUTE, dataclasses.replace(context, known_trusts=register))
    (problem,) = problems
    assert (problem.row, problem.column) == (3, "Trust_type")
    assert problem.message == (
        "'Acute trust' puts R0B in the acute league, but the trust register has it in the "
        "non-acute league."
    )


def test_unknown_trust_type(official: Path, context: ValidationContext, tmp_path: Path) -> None:
    def bad(rows: Rows) -> None:
        rows[4][col(rows, "Trust_type")] = "Acute"

    path = broken_copy(official / ACUTE, tmp_path / "type.csv", bad)
    problem = only(problems_of(path, context), 5, "Trust_type")
    assert problem.message == (
        "'Acute' is not a NOF trust type: it must be Acute trust, Mental health and community "
        "trust, Ambulance trust, Integrated care board or ICB."
    )


def test_trust_name_conflicting_with_the_register(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    rows = read_rows(official / ACUTE)
    code = rows[1][col(rows, "Trust_code")]
    register = dict(context.known_trusts)
    register[code] = ("SOME OTHER NHS TRUST", "acute")
    renamed = dataclasses.replace(context, known_trusts=register)
    (problem,) = problems_of(official / ACUTE, renamed)
    assert (problem.row, problem.column) == (2, "Trust_name")
    assert problem.message == (
        "The name 'Manchester University NHS Foundation Trust' does not match the trust "
        "register's name for R0A, 'SOME OTHER NHS TRUST'. Check the trust code, or update the "
        "register if the trust has been renamed."
    )
    assert validate_file(
        official / ACUTE, ACUTE, dataclasses.replace(renamed, check_trust_names=False)
    ).ok


def test_names_differing_only_in_case_and_spaces_match(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def respace(rows: Rows) -> None:
        rows[1][col(rows, "Trust_name")] = "  manchester university  NHS foundation trust "

    path = broken_copy(official / ACUTE, tmp_path / "case.csv", respace)
    assert validate_file(path, path.name, context).ok


def test_a_trust_described_two_ways_in_one_file(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def move(rows: Rows) -> None:
        rows[2000][col(rows, "Region")] = "Atlantis"

    path = broken_copy(official / ACUTE, tmp_path / "region.csv", move)
    (problem,) = problems_of(path, context)
    assert problem.row == 2001 and problem.column == "Region"
    assert "in region 'Atlantis' here but" in problem.message


def test_missing_period(official: Path, context: ValidationContext) -> None:
    no_period = dataclasses.replace(context, period=None)
    report = validate_file(official / ACUTE, ACUTE, no_period)
    assert report.problems == (
        Problem(ACUTE, None, "Quarter", "This file has no Quarter column: choose the period it "
                "belongs to."),
    )  # fmt: skip
    assert report.data_rows == 7265


@pytest.mark.parametrize("period", ["Q5 2025/26", "Q1 2025/27", "2025/26 Q1", "Q1 2025-26"])
def test_badly_written_period_supplied(
    official: Path, context: ValidationContext, period: str
) -> None:
    report = validate_file(official / ACUTE, ACUTE, dataclasses.replace(context, period=period))
    (problem,) = report.problems
    assert problem.column == "Quarter" and problem.row is None
    assert problem.message.startswith("The period chosen for this file is wrong:")


def test_bad_quarter_labels(official: Path, context: ValidationContext, tmp_path: Path) -> None:
    def bad(rows: Rows) -> None:
        rows[10][0] = "Q1 2025/27"
        rows[11][0] = "Q1 2025/27"
        rows[12][0] = "Quarter 1"

    path = broken_copy(official / MH_DATA, tmp_path / "quarter.csv", bad)
    problems = problems_of(path, context)
    assert [(p.row, p.column) for p in problems] == [(11, "Quarter"), (13, "Quarter")]
    assert problems[0].message.startswith(
        "'Q1 2025/27' is not a quarter written like 'Q1 2025/26': the year after 2025 is 26."
    )


@pytest.mark.parametrize(
    ("column", "text", "message"),
    [
        ("Segment", "6.0", "'6.0' is out of range: it must be from 1 to 5."),
        ("Trust_in_financial_deficit", "Maybe", "'Maybe' must be Yes or No."),
        ("Likely_range_of_rank", "11 to 1", "'11 to 1' runs backwards; write the smaller rank "
         "first."),
        ("Likely_range_of_rank", "1-11", "'1-11' is not a range written like '1.2 to 1.89'."),
        ("Likely_range_of_average_score", "1.2 to x", "'x' is not a number."),
        ("Rank", "-1.0", "'-1.0' is out of range: it must be 1 or more."),
        ("Average_score", "", "This cell is blank; a number is needed."),
    ],
)  # fmt: skip
def test_league_table_specifics(
    official: Path, context: ValidationContext, tmp_path: Path, column: str, text: str, message: str
) -> None:
    def bad(rows: Rows) -> None:
        rows[7][col(rows, column)] = text

    path = broken_copy(official / MH_LEAGUE, tmp_path / "league.csv", bad)
    assert problems_of(path, context) == (Problem("league.csv", 8, column, message),)


def test_segment_five_and_yes_in_any_case_are_accepted(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def fine(rows: Rows) -> None:
        rows[7][col(rows, "Segment")] = "5"
        rows[7][col(rows, "Trust_in_financial_deficit")] = "YES"

    path = broken_copy(official / MH_LEAGUE, tmp_path / "league.csv", fine)
    assert validate_file(path, path.name, context).ok


def test_extra_columns_and_another_order_are_tolerated(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def shuffle(rows: Rows) -> None:
        for row in rows:
            row.reverse()
            row.append("note")
        rows[0][-1] = "Analyst_note"

    path = broken_copy(official / MH_LEAGUE, tmp_path / "shuffled.csv", shuffle)
    assert validate_file(path, path.name, context).ok


def test_duplicate_header_names(official: Path, context: ValidationContext, tmp_path: Path):
    def twice(rows: Rows) -> None:
        for row in rows:
            row.append(row[0])

    path = broken_copy(official / MH_LEAGUE, tmp_path / "twice.csv", twice)
    (problem,) = problems_of(path, context)
    assert (problem.row, problem.column) == (1, "Quarter")
    assert problem.message == (
        "The column name Quarter appears twice (columns A and M); each column must have its own "
        "name."
    )


def test_a_row_cut_short(official: Path, context: ValidationContext, tmp_path: Path) -> None:
    def cut(rows: Rows) -> None:
        rows[-1] = rows[-1][:11]

    path = broken_copy(official / ACUTE, tmp_path / "cut.csv", cut)
    (problem,) = problems_of(path, context)
    assert problem.row == 7266
    assert problem.message.startswith("This row has 11 cells but the header has 16")


def test_formula_text_is_plain_text(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    formula = '=HYPERLINK("http://evil.example","click")'

    def inject(rows: Rows) -> None:
        for row in rows[1:]:
            if row[col(rows, "Trust_code")] == "R0A":
                row[col(rows, "Trust_subtype")] = formula
        rows[1][col(rows, "Metric_description")] = "@SUM(A1:A9)"
        rows[1][col(rows, "Reporting_date")] = "+cmd|' /C calc'!A0"

    path = broken_copy(official / ACUTE, tmp_path / "formula.csv", inject)
    report = validate_file(path, path.name, context)
    assert report.ok
    assert report.trusts["R0A"].subtype == formula
    from league.nof_files import iter_records

    first = next(iter(iter_records(path, report)))
    assert first.reporting_date == "+cmd|' /C calc'!A0"


def test_problems_are_capped_with_a_count_of_the_rest(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def ruin(rows: Rows) -> None:
        for row in rows[1:]:
            row[col(rows, "Value")] = "n/a"

    path = broken_copy(official / ACUTE, tmp_path / "ruined.csv", ruin)
    report = validate_file(path, path.name, context)
    assert len(report.problems) == 1000
    assert report.problems_not_shown == 7265 - 1000
    assert report.problem_count == 7265
    assert [p.row for p in report.problems[:3]] == [2, 3, 4]


def test_trust_type_in_the_file_contradicting_the_register(
    official: Path, context: ValidationContext, tmp_path: Path
) -> None:
    def retype(rows: Rows) -> None:
        rows[-1][col(rows, "Trust_type")] = "Mental health and community trust"

    path = broken_copy(official / ACUTE, tmp_path / "retyped.csv", retype)
    problems = problems_of(path, context)
    assert [(p.row, p.column) for p in problems] == [(7266, "Trust_type"), (7266, "Trust_type")]
    assert problems[0].message == (
        "'Mental health and community trust' puts RYR in the non-acute league, but the trust "
        "register has it in the acute league."
    )
    assert problems[1].message == (
        "Trust RYR is of type 'Mental health and community trust' here but 'Acute trust' in "
        "row 132."
    )
