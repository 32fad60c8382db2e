"""Step 2 of the import: typed records from a file that has already validated cleanly.

Records are produced one at a time so the writer can batch them into bulk inserts without the
whole file in memory. The file is checked to be byte-for-byte the one that was validated, so
what staff previewed is exactly what gets written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing

from league.nof_files.columns import read_header
from league.nof_files.model import (
    DEFAULT_LIMITS,
    FileFormat,
    FileKind,
    FileReport,
    LeagueRowRecord,
    Limits,
    MetricValueRecord,
    Source,
)
from league.nof_files.opening import UnreadableSource, byte_stream, inspect
from league.nof_files.reading import UnreadableRows, is_blank, raw_rows
from league.nof_files.rows import league_row, metric_value


class NofFileError(ValueError):
    """The file cannot be written: not validated, changed since, or unreadable now."""


def iter_records(
    source: Source, report: FileReport, *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[MetricValueRecord | LeagueRowRecord]:
    """Yield one record per data row of a file whose `report` is ok.

    MetricValueRecord for trust-data files, LeagueRowRecord for league-table files.
    Raises NofFileError at once if the report has problems or the bytes differ from those
    validated (this call re-reads the file to check), and while iterating if it cannot be read.
    """
    if not report.ok or report.format is None or report.kind is None:
        raise NofFileError(
            f"{report.file_name} has not validated cleanly, so it cannot be written."
        )
    inspection = inspect(source, report.file_name, limits)
    if inspection.sha256 != report.sha256:
        raise NofFileError(f"{report.file_name} has changed since it was validated.")
    return _records(source, report, report.format, limits)


def _records(
    source: Source, report: FileReport, fmt: FileFormat, limits: Limits
) -> Iterator[MetricValueRecord | LeagueRowRecord]:
    convert = league_row if report.kind is FileKind.LEAGUE_TABLE else metric_value
    try:
        with (
            byte_stream(source) as stream,
            closing(raw_rows(stream, fmt, limits)) as rows,
        ):
            first = next(rows, None)
            header = read_header(first[1] if first else [], limits)
            for row, cells in rows:
                if is_blank(cells):
                    continue
                values = header.values(cells)
                period = values["Quarter"].strip() if "Quarter" in values else None
                record, problems = convert(row, values, period or report.period_supplied)
                if record is None:
                    raise NofFileError(f"{report.file_name}, row {row}: {problems}")
                yield record
    except UnreadableRows as error:
        raise NofFileError(f"{report.file_name}, row {error.row}: {error.message}") from error
    except (UnreadableSource, OSError) as error:
        raise NofFileError(f"{report.file_name} could not be read again ({error}).") from error
