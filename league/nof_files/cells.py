"""Reading single cells: numbers, ranks, ranges, codes and period labels.

Each parser returns the typed value or raises CellError with a message for staff. Numbers are
matched by a strict pattern rather than float(), which would also accept "nan", "inf" and
"1_000" and let them into the league tables.
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
ODS_CODE = re.compile(r"[A-Z0-9]{3}|[A-Z0-9]{5}")
METRIC_ID = re.compile(r"OF[0-9]{4}")
RANGE = re.compile(r"\s*(\S+)\s+to\s+(\S+)\s*", re.IGNORECASE)
QUARTER = re.compile(r"Q([1-4]) ([0-9]{4})/([0-9]{2})")


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to staff as it is."""


def shown(text: str, limit: int = 60) -> str:
    """Quote a cell for a message, shortened so a huge cell cannot flood the page."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def optional_number(text: str) -> float | None:
    """A number, or None for a blank cell (NHS England leaves cells blank when there is no
    data, e.g. the median of a flag metric)."""
    text = text.strip()
    if not text:
        return None
    return number(text)


def number(text: str) -> float:
    text = text.strip()
    if not text:
        raise CellError("This cell is blank; a number is needed.")
    if not NUMBER.fullmatch(text):
        raise CellError(f"{shown(text)} is not a number.")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise CellError(f"{shown(text)} is too large to be a real figure.")
    return value


def whole_number(text: str, low: int, high: int | None = None) -> int:
    """A whole number written either way NHS England writes them ("12" or "12.0")."""
    value = number(text)
    if not value.is_integer():
        raise CellError(f"{shown(text.strip())} is not a whole number.")
    if value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise CellError(f"{shown(text.strip())} is out of range: it must be {span}.")
    return int(value)


def optional_rank(text: str) -> int | None:
    if not text.strip():
        return None
    return whole_number(text, 1)


def number_range(text: str) -> tuple[float, float]:
    low, high = _range_ends(text)
    values = number(low), number(high)
    if values[0] > values[1]:
        raise CellError(f"{shown(text)} runs backwards; write the smaller number first.")
    return values


def rank_range(text: str) -> tuple[int, int]:
    low, high = _range_ends(text)
    values = whole_number(low, 1), whole_number(high, 1)
    if values[0] > values[1]:
        raise CellError(f"{shown(text)} runs backwards; write the smaller rank first.")
    return values


def _range_ends(text: str) -> tuple[str, str]:
    match = RANGE.fullmatch(text)
    if match is None:
        raise CellError(f"{shown(text)} is not a range written like '1.2 to 1.89'.")
    return match.group(1), match.group(2)


def yes_no(text: str) -> bool:
    answer = text.strip().lower()
    if answer not in ("yes", "no"):
        raise CellError(f"{shown(text)} must be Yes or No.")
    return answer == "yes"


def ods_code(text: str) -> str:
    code = text.strip()
    if not code:
        raise CellError("The trust code is blank.")
    if not ODS_CODE.fullmatch(code):
        raise CellError(
            f"{shown(code)} is not an ODS code: it must be 3 or 5 capital letters or digits, "
            "such as RP6 or G6V2S."
        )
    return code


def metric_id(text: str) -> str:
    identifier = text.strip()
    if not identifier:
        raise CellError("The Metric_ID is blank.")
    if not METRIC_ID.fullmatch(identifier):
        raise CellError(
            f"{shown(identifier)} is not a NOF metric ID: it must be OF followed by 4 digits, "
            "such as OF0013."
        )
    return identifier


def period_problem(label: str, pattern: str) -> str | None:
    """Why `label` is not a quarter like "Q1 2025/26", or None if it is one."""
    expected = "a quarter written like 'Q1 2025/26'"
    match = QUARTER.fullmatch(label)
    if match is None or not re.fullmatch(pattern, label):
        return f"{shown(label)} is not {expected}."
    start, end = int(match.group(2)), int(match.group(3))
    if (start + 1) % 100 != end:
        return (
            f"{shown(label)} is not {expected}: the year after {start} is {(start + 1) % 100:02}."
        )
    return None


def chosen_period(period: str | None, pattern: str) -> tuple[str | None, str | None]:
    """The period staff chose for a file without a Quarter column, or why it is unusable."""
    if not period or not period.strip():
        return None, "This file has no Quarter column: choose the period it belongs to."
    problem = period_problem(period.strip(), pattern)
    if problem:
        return None, f"The period chosen for this file is wrong: {problem}"
    return period.strip(), None


def period_order(label: str) -> tuple[int, int]:
    """Sort key putting "Q4 2024/25" before "Q1 2025/26"; unreadable labels sort first."""
    match = QUARTER.fullmatch(label)
    return (int(match.group(2)), int(match.group(1))) if match else (0, 0)


def same_name(a: str, b: str) -> bool:
    """Trust names match ignoring case and spacing: the register holds them in capitals."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
