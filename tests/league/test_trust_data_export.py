"""The metric-level download: a release's inputs in NHS England's long trust data layout, which
our own importer reads back to exactly the same stored inputs."""

import csv
import io

import pytest
from openpyxl import load_workbook

from league.models import Period
from league.nof_files import NofFile
from league.selectors import latest_release
from league.services.exports import TRUST_DATA_COLUMNS, render, trust_data
from league.services.imports import nof_import
from tests.league.official import (
    ACUTE,
    MH_DATA,
    database_state,
    edited_copy,
    official,
    wipe_imported,
)

pytestmark = pytest.mark.django_db

Q4 = "Q4 2025/26"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_quarter_of_trust_data_round_trips_through_the_importer(
    shared_data, tmp_path, file_format
):
    def only_q4(rows):
        rows[1:] = [row for row in rows[1:] if row[0] == Q4]

    q4 = edited_copy(official(shared_data, MH_DATA), tmp_path / "q4.csv", only_q4)
    nof_import(files=[NofFile(q4, "q4.csv")])
    before = database_state()
    release = latest_release(Period.objects.get(label=Q4))
    content = render(trust_data(release), file_format)

    wipe_imported()
    batch = nof_import(files=[NofFile(io.BytesIO(content), f"trust-data.{file_format}")])

    assert batch.counts["rows_read"] == 2132  # every Q4 row of NHS England's file
    assert database_state() == before


def test_the_acute_file_without_a_quarter_column_round_trips_with_one(shared_data):
    nof_import(files=[NofFile(official(shared_data, ACUTE), ACUTE, "Q1 2025/26")])
    before = database_state()
    content = render(trust_data(latest_release(Period.objects.get())), "csv")

    wipe_imported()
    nof_import(files=[NofFile(io.BytesIO(content), "trust-data.csv")])  # no period given

    assert database_state() == before


def test_rows_read_as_nhs_englands_own_file(shared_data):
    nof_import(files=[NofFile(official(shared_data, MH_DATA), MH_DATA)])
    release = latest_release(Period.objects.get(label=Q4))

    text = render(trust_data(release), "csv").decode("utf-8-sig")

    ours = list(csv.reader(io.StringIO(text)))
    with official(shared_data, MH_DATA).open(encoding="utf-8-sig") as source:
        theirs = [row for row in csv.reader(source) if row[0] in (Q4, "Quarter")]
    assert ours[0] == list(TRUST_DATA_COLUMNS) == theirs[0]
    # Cell for cell, but for the region (the register's "East of England" where NHS England's
    # Q4 rows say "East") and the spaces NHS England leaves after some descriptions.
    assert sorted(_without_region(ours[1:])) == sorted(_without_region(theirs[1:]))
    assert [row[8] for row in ours[1:]] == sorted(row[8] for row in ours[1:])


def test_spreadsheet_cells_are_numbers(shared_data):
    nof_import(files=[NofFile(official(shared_data, ACUTE), ACUTE, "Q1 2025/26")])
    release = latest_release(Period.objects.get())

    sheet = load_workbook(io.BytesIO(render(trust_data(release), "xlsx"))).active

    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    assert sheet.title == "Trust data"
    waits = next(r for r in rows if r["Trust_code"] == "R0A" and r["Metric_ID"] == "OF0003")
    assert waits["Value"] == 4.01 and waits["Rank"] == 113
    assert waits["Median_value"] == 2.4 and waits["Reporting_date"] == "Jun-25"


def _without_region(rows: list[list[str]]) -> list[list[str]]:
    return [[cell.strip() for cell in (*row[:1], *row[2:])] for row in rows]
