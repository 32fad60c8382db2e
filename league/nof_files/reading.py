"""Raw rows of a CSV or XLSX upload as lists of text cells, one at a time.

Both formats come out the same way so the checks never care which one was uploaded: each row
is (row number as a spreadsheet shows it, cells as text). Nothing is evaluated: a cell that
reads "=HYPERLINK(...)" is just that text, and workbooks are opened with data_only=True so a
formula yields its cached value, never a computation.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from contextlib import suppress
from typing import Any, BinaryIO

from league.nof_files.model import FileFormat, Limits

RawRow = tuple[int, list[str]]


class UnreadableRows(Exception):
    """Reading stopped part-way; `row` is where, `message` says why in plain English."""

    def __init__(self, row: int | None, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.message = message


def raw_rows(stream: BinaryIO, fmt: FileFormat, limits: Limits) -> Iterator[RawRow]:
    """Yield every row (blank ones included, as empty lists) of an inspected upload."""
    if fmt is FileFormat.XLSX:
        yield from _xlsx_rows(stream, limits)
    else:
        yield from _csv_rows(stream, limits)


def _csv_rows(stream: BinaryIO, limits: Limits) -> Iterator[RawRow]:
    # The csv module's own field limit (131,072 characters by default) is process-wide, so
    # it is left alone: hitting it stops the read with a problem, and the smaller per-cell
    # cap is enforced by the checks, which report the cell instead of failing.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    row_number = 0
    try:
        for row_number, cells in enumerate(csv.reader(text), start=1):
            _check_row_count(row_number, limits)
            yield row_number, cells
    except csv.Error as error:
        raise UnreadableRows(
            row_number + 1,
            f"The CSV cannot be read past this row ({error}). A cell may be enormous or a "
            "quotation mark may be missing.",
        ) from error
    except UnicodeDecodeError as error:
        raise UnreadableRows(row_number + 1, "The file is not UTF-8 text.") from error
    finally:
        with suppress(ValueError):  # already closed by its owner
            text.detach()  # leave the caller's stream open


def _check_row_count(row_number: int, limits: Limits) -> None:
    if row_number > limits.max_rows + 1:
        raise UnreadableRows(
            row_number, f"The file has more than {limits.max_rows:,} data rows; reading stopped."
        )


def _xlsx_rows(stream: BinaryIO, limits: Limits) -> Iterator[RawRow]:
    # openpyxl is a third-party parser fed untrusted XML, so any failure inside it becomes
    # a problem rather than a crash; defusedxml (installed) blocks entity expansion attacks.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except Exception as error:
        raise UnreadableRows(
            None, f"The workbook cannot be opened ({_describe(error)})."
        ) from error
    row_number = 0
    try:
        if not workbook.worksheets:
            raise UnreadableRows(None, "The workbook has no worksheets.")
        sheet = workbook.worksheets[0]
        width = 0
        # A sheet can declare 16,384 columns; reading one past the limit is enough to refuse.
        sheet_rows = sheet.iter_rows(min_row=1, max_col=limits.max_columns + 1, values_only=True)
        for row_number, values in enumerate(sheet_rows, 1):
            _check_row_count(row_number, limits)
            cells = _trim([_cell_text(value) for value in values])
            width = width or len(cells)
            if cells:
                cells += [""] * (width - len(cells))
            yield row_number, cells
    except UnreadableRows:
        raise
    except Exception as error:
        raise UnreadableRows(
            row_number + 1, f"The workbook cannot be read past this row ({_describe(error)})."
        ) from error
    finally:
        workbook.close()


def _describe(error: BaseException) -> str:
    return type(error).__name__ if not str(error) else f"{type(error).__name__}: {error}"[:200]


def _trim(cells: list[str]) -> list[str]:
    """Drop trailing empty cells, which Excel pads rows with up to the sheet's width."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _cell_text(value: Any) -> str:
    """Write a workbook value the way the same value reads in NHS England's CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def is_blank(cells: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def misshapen(cells: Sequence[str], width: int) -> bool:
    """Too few cells means a row cut short; extra non-blank cells mean shifted columns."""
    return len(cells) < width or not is_blank(cells[width:])


def width_message(cells: Sequence[str], width: int) -> str:
    return (
        f"This row has {len(cells)} cells but the header has {width}: the row may be cut "
        "short, or a value may contain an unquoted comma. The row was not read."
    )


def long_cell_message(text: str, limits: Limits) -> str:
    return (
        f"This cell holds {len(text):,} characters; at most {limits.max_field_chars:,} are "
        "accepted, so the row was not read."
    )
