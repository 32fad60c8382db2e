"""Turning one row's cells into a typed record, or into problems naming each bad column.

The validator and the writer's iterator both use these functions, so a file that validated
is read by exactly the same rules when it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from league.nof_files import cells
from league.nof_files.model import LeagueRowRecord, MetricValueRecord

T = TypeVar("T")
CellProblems = list[tuple[str, str]]


class _Reader:
    """Reads named cells, collecting every problem instead of stopping at the first."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = values
        self.problems: CellProblems = []

    def read(self, column: str, parse: Callable[[str], T]) -> T | None:
        try:
            return parse(self.values[column])
        except cells.CellError as error:
            self.problems.append((column, str(error)))
            return None


def metric_value(
    row: int, values: Mapping[str, str], period: str | None
) -> tuple[MetricValueRecord | None, CellProblems]:
    """A trust-data row; the record is None when any cell is unusable or period unknown."""
    reader = _Reader(values)
    trust_code = reader.read("Trust_code", cells.ods_code)
    metric_id = reader.read("Metric_ID", cells.metric_id)
    numbers = {
        column: reader.read(column, cells.optional_number)
        for column in ("Value", "Median_value", "Lower_quartile", "Upper_quartile")
    }
    rank = reader.read("Rank", cells.optional_rank)
    if reader.problems or period is None or trust_code is None or metric_id is None:
        return None, reader.problems
    record = MetricValueRecord(
        row=row,
        period=period,
        trust_code=trust_code,
        metric_id=metric_id,
        value=numbers["Value"],
        reporting_date=values["Reporting_date"].strip(),
        units=values["Units"].strip(),
        median=numbers["Median_value"],
        lower_quartile=numbers["Lower_quartile"],
        upper_quartile=numbers["Upper_quartile"],
        rank=rank,
    )
    return record, []


def _segment(text: str) -> int:
    return cells.whole_number(text, 1, 5)


def _rank(text: str) -> int:
    return cells.whole_number(text, 1)


def league_row(
    row: int, values: Mapping[str, str], period: str | None
) -> tuple[LeagueRowRecord | None, CellProblems]:
    """A league-table row; every figure is required because a ranked trust has them all."""
    reader = _Reader(values)
    trust_code = reader.read("Trust_code", cells.ods_code)
    average = reader.read("Average_score", cells.number)
    average_range = reader.read("Likely_range_of_average_score", cells.number_range)
    segment = reader.read("Segment", _segment)
    deficit = reader.read("Trust_in_financial_deficit", cells.yes_no)
    rank = reader.read("Rank", _rank)
    rank_range = reader.read("Likely_range_of_rank", cells.rank_range)
    if reader.problems or period is None:
        return None, reader.problems
    # Every read above succeeded, so none of these is None.
    assert trust_code and average is not None and average_range and segment and rank_range
    assert deficit is not None and rank is not None
    record = LeagueRowRecord(
        row=row,
        period=period,
        trust_code=trust_code,
        average_score=average,
        average_low=average_range[0],
        average_high=average_range[1],
        segment=segment,
        in_financial_deficit=deficit,
        rank=rank,
        rank_low=rank_range[0],
        rank_high=rank_range[1],
    )
    return record, []
