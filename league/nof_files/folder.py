"""A folder of NHS England's NOF files, as NHS England names them: which files to import, and
the quarter of each file that has no Quarter column, read from its name ("...q1-2025-26...")."""

import re
from contextlib import closing
from pathlib import Path

from league.nof_files.columns import read_header
from league.nof_files.model import FileKind, Limits, NofFile
from league.nof_files.opening import UnreadableSource, byte_stream, inspect
from league.nof_files.reading import UnreadableRows, raw_rows

SUFFIXES = (".csv", ".xlsx")
# "q1-2025-26", "Q1_25-26", "q1 2025/26" in a file name -> "Q1 2025/26"
PERIOD_IN_NAME = re.compile(r"q([1-4])[-_ ]((?:20)?\d{2})[-_/ ]?(\d{2})", re.IGNORECASE)
QUARTER_IN_NAME = re.compile(r"(?<![a-z])q([1-4])(?![0-9])", re.IGNORECASE)


class NofFolderError(ValueError):
    """The folder cannot be imported as it is; the message says which file and why."""


def quarter_in_name(name: str) -> str | None:
    """ "nof-acute-q1-2025-26.csv" -> "Q1 2025/26"; None when the name names no quarter, more
    than one ("…-q1-q4-2025-26.csv" spans a year: its rows must say their quarter), or a year
    that is not two consecutive years."""
    match = PERIOD_IN_NAME.search(name)
    if not match or len(set(QUARTER_IN_NAME.findall(name))) > 1:
        return None
    quarter, first, second = match.groups()
    year = int(first) % 100
    if (year + 1) % 100 != int(second):
        return None
    return f"Q{quarter} 20{year:02d}/{second}"


def folder_files(folder: Path, *, leave_out: tuple[Path, ...] = ()) -> list[NofFile]:
    """The folder's CSV and XLSX files in name order (but `leave_out`, e.g. a trust register),
    each with its quarter from its name when it has one."""
    if not folder.is_dir():
        raise NofFolderError(f"{folder} is not a folder.")
    paths = sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and path.suffix.lower() in SUFFIXES and path not in leave_out
    )
    if not paths:
        raise NofFolderError(f"{folder} holds no .csv or .xlsx files.")
    return [_named_file(path) for path in paths]


def _named_file(path: Path) -> NofFile:
    quarter = quarter_in_name(path.name)
    if quarter is None and header_kind(path) is FileKind.TRUST_DATA_WITHOUT_QUARTER:
        raise NofFolderError(
            f"{path.name} has no Quarter column and its name does not say which quarter it "
            "holds: rename it to include e.g. “q1-2025-26”."
        )
    return NofFile(path, path.name, quarter)


def header_kind(path: Path, limits: Limits | None = None) -> FileKind | None:
    """What the file's header says it is (None when it cannot be read: the import says why)."""
    limits = limits or Limits()
    inspection = inspect(path, path.name, limits)
    if inspection.format is None or inspection.refusal:
        return None
    try:
        with (
            byte_stream(path) as stream,
            closing(raw_rows(stream, inspection.format, limits)) as rows,
        ):
            first = next(rows, None)
    except (UnreadableRows, UnreadableSource, OSError):  # the import reports why
        return None
    return read_header(first[1] if first else [], limits).kind
