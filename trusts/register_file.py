"""Reading and checking a trust register CSV, before anything is written.

The layout is that of `nhs_trusts_england_2025_26.csv`: one row per trust with its ODS code,
name, league, region and ICB. Plain Python: the service in `trusts.services` writes the result.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

ODS_CODE = re.compile(r"^[A-Z0-9]{3}$|^[A-Z0-9]{5}$")
LEAGUES = {"acute", "non-acute", "ambulance"}
REQUIRED_COLUMNS = (
    "trust_code",
    "trust_name",
    "nof_league_table",
    "region_code",
    "region",
    "icb_code_2025_26",
    "icb_name_2025_26",
    "postcode",
    "open_date",
    "close_date",
)
OPTIONAL_COLUMNS = ("nof_trust_type", "nof_trust_subtype")
MAX_ROWS = 5_000


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class RegisterRow:
    row: int
    ods_code: str
    name: str
    league: str
    trust_type: str
    subtype: str
    region_code: str
    region_name: str
    icb_code: str
    icb_name: str
    postcode: str
    opened: date | None
    closed: date | None


@dataclass(frozen=True)
class RegisterFile:
    rows: tuple[RegisterRow, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def read_register(stream: IO[bytes]) -> RegisterFile:
    """Parse and check a whole register file; every problem names its row and column."""
    try:
        text = stream.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return RegisterFile(
            (),
            (
                Problem(
                    None,
                    None,
                    f"The file is not UTF-8 text ({error.reason}). "
                    "Save it as “CSV UTF-8” and try again.",
                ),
            ),
        )
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        return RegisterFile(
            (),
            tuple(
                Problem(1, column, "This column is missing from the header row.")
                for column in missing
            ),
        )
    rows: list[RegisterRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    try:
        for line, record in enumerate(reader, start=2):
            if line - 1 > MAX_ROWS:
                problems.append(Problem(line, None, f"The file has more than {MAX_ROWS} trusts."))
                break
            row, row_problems = _read_row(line, record)
            problems.extend(row_problems)
            if row is None:
                continue
            if row.ods_code in seen:
                problems.append(
                    Problem(
                        line,
                        "trust_code",
                        f"{row.ods_code} is already on row {seen[row.ods_code]}.",
                    )
                )
                continue
            seen[row.ods_code] = line
            rows.append(row)
    except csv.Error as error:
        problems.append(Problem(reader.line_num, None, f"The CSV cannot be read: {error}."))
    if not rows and not problems:
        problems.append(Problem(None, None, "The file has a header but no trusts."))
    return RegisterFile(tuple(rows), tuple(problems))


def _read_row(line: int, record: dict) -> tuple[RegisterRow | None, list[Problem]]:
    if None in record:
        return None, [Problem(line, None, "This row has more cells than the header.")]
    value = {key: (record.get(key) or "").strip() for key in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}
    problems = []
    if not ODS_CODE.match(value["trust_code"]):
        problems.append(
            Problem(
                line,
                "trust_code",
                f"“{value['trust_code']}” is not an ODS code "
                "(3 or 5 capital letters and digits, e.g. RP6).",
            )
        )
    for column in ("trust_name", "region_code", "region"):
        if not value[column]:
            problems.append(Problem(line, column, "This cell is empty."))
    if value["nof_league_table"] not in LEAGUES:
        problems.append(
            Problem(
                line,
                "nof_league_table",
                f"“{value['nof_league_table']}” is not one of acute, non-acute, ambulance.",
            )
        )
    if value["icb_code_2025_26"] and not value["icb_name_2025_26"]:
        problems.append(Problem(line, "icb_name_2025_26", "The ICB has a code but no name."))
    opened = _date(value["open_date"], line, "open_date", problems)
    closed = _date(value["close_date"], line, "close_date", problems)
    if opened and closed and closed <= opened:
        problems.append(Problem(line, "close_date", "The trust closes before it opens."))
    if problems:
        return None, problems
    return RegisterRow(
        row=line,
        ods_code=value["trust_code"],
        name=value["trust_name"],
        league=value["nof_league_table"],
        trust_type=value["nof_trust_type"],
        subtype=value["nof_trust_subtype"],
        region_code=value["region_code"],
        region_name=value["region"],
        icb_code=value["icb_code_2025_26"],
        icb_name=value["icb_name_2025_26"],
        postcode=value["postcode"],
        opened=opened,
        closed=closed,
    ), []


def _date(raw: str, line: int, column: str, problems: list[Problem]) -> date | None:
    if not raw:
        return None
    for layout in ("%Y%m%d", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, layout).date()
        except ValueError:
            continue
    problems.append(Problem(line, column, f"“{raw}” is not a date (use YYYYMMDD or YYYY-MM-DD)."))
    return None
