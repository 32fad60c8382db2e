"""The header row: which kind of NOF file this is and where each known column sits.

NHS England adds columns over time (the Quarter column arrived mid-year), so extra columns are
tolerated and columns are found by name, never by position. Names are matched ignoring case
and surrounding spaces because spreadsheet edits often change both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from league.nof_files.model import FileKind, Limits

TRUST_COLUMNS = ("Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name")
DATA_ONLY_COLUMNS = (
    "Domain",
    "Sub-domain",
    "Metric_ID",
    "Metric_description",
    "Reporting_date",
    "Units",
    "Value",
    "Median_value",
    "Lower_quartile",
    "Upper_quartile",
)
DATA_COLUMNS = (*TRUST_COLUMNS, *DATA_ONLY_COLUMNS, "Rank")
LEAGUE_ONLY_COLUMNS = (
    "Average_score",
    "Likely_range_of_average_score",
    "Segment",
    "Trust_in_financial_deficit",
    "Likely_range_of_rank",
)
LEAGUE_COLUMNS = ("Quarter", *TRUST_COLUMNS, *LEAGUE_ONLY_COLUMNS, "Rank")
NOT_NOF = (
    "This does not look like a NOF file: its first row should name the columns, such as "
    "Trust_code, Metric_ID and Value (trust data) or Trust_code, Average_score and Segment "
    "(league table)."
)


@dataclass(frozen=True)
class Header:
    """Where each known column is. `kind` is None when the file is not a usable NOF file."""

    kind: FileKind | None
    positions: dict[str, int]
    width: int
    problems: tuple[tuple[str | None, str], ...]

    def values(self, cells: Sequence[str]) -> dict[str, str]:
        """The known columns of one row by name; cells past the row's end read as blank."""
        size = len(cells)
        return {name: cells[at] if at < size else "" for name, at in self.positions.items()}


def column_letter(position: int) -> str:
    """Spreadsheet letters for a 0-based column position: 0 -> A, 27 -> AB."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_header(cells: Sequence[str], limits: Limits) -> Header:
    if len(cells) > limits.max_columns:
        message = f"The header has more than {limits.max_columns} columns, which is too many."
        return Header(None, {}, len(cells), ((None, message),))
    names = [cell.strip() for cell in cells]
    problems = list(_duplicates(names))
    canonical = {name.lower(): name for name in (*DATA_COLUMNS, *LEAGUE_COLUMNS)}
    positions: dict[str, int] = {}
    for at, name in enumerate(names):
        known = canonical.get(name.lower())
        if known is not None and known not in positions:
            positions[known] = at
    kind = _kind(positions)
    if kind is None:
        problems.append((None, NOT_NOF))
    else:
        required = LEAGUE_COLUMNS if kind is FileKind.LEAGUE_TABLE else DATA_COLUMNS
        for name in required:
            if name not in positions:
                problems.append((name, f"The required column {name} is missing from the header."))
    return Header(kind, positions, len(cells), tuple(problems))


def _duplicates(names: list[str]) -> list[tuple[str | None, str]]:
    first_at: dict[str, int] = {}
    problems: list[tuple[str | None, str]] = []
    for at, name in enumerate(names):
        if not name:
            continue
        key = name.lower()
        if key in first_at:
            problems.append(
                (
                    name,
                    f"The column name {name} appears twice (columns {column_letter(first_at[key])} "
                    f"and {column_letter(at)}); each column must have its own name.",
                )
            )
        else:
            first_at[key] = at
    return problems


def _kind(positions: dict[str, int]) -> FileKind | None:
    data_hits = sum(name in positions for name in DATA_ONLY_COLUMNS)
    league_hits = sum(name in positions for name in LEAGUE_ONLY_COLUMNS)
    if data_hits == league_hits == 0:
        return None
    if league_hits > data_hits:
        return FileKind.LEAGUE_TABLE
    if "Quarter" in positions:
        return FileKind.TRUST_DATA_WITH_QUARTER
    return FileKind.TRUST_DATA_WITHOUT_QUARTER
