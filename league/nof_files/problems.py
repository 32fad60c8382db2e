"""Problems found in an uploaded NOF file, and a capped log that collects them.

A bad upload can hold a million bad rows. Staff need the first screenful of precise messages
and an honest total, not a million objects in memory, so the log keeps the first `limit`
problems and only counts the rest.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, in the words shown to NHS England staff.

    `row` is the row number a spreadsheet user sees (header = 1, first data row = 2), or None
    for a problem with the whole file. `column` is the header name, or None.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class ProblemLog:
    """Collects problems for one file, keeping the first `limit` and counting the rest."""

    def __init__(self, file: str, limit: int) -> None:
        self.file = file
        self.limit = limit
        self.kept: list[Problem] = []
        self.not_kept = 0

    def add(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(Problem(self.file, row, column, message))
        else:
            self.not_kept += 1

    def count_unkept(self, how_many: int) -> None:
        """Count problems known to exist but never worded (e.g. past the duplicate cap)."""
        self.not_kept += how_many

    @property
    def total(self) -> int:
        return len(self.kept) + self.not_kept

    def sorted_problems(self) -> tuple[Problem, ...]:
        """Whole-file problems first, then by row, so the list reads like the file."""
        return tuple(sorted(self.kept, key=lambda p: (p.row or 0, p.row is not None)))
