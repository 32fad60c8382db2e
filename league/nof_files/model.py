"""Plain data passed into and out of the NOF file parser.

Everything here is a frozen dataclass or an enum so a report can be shown, pickled into a
session between the preview and the apply step, or compared in tests, without any Django.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import BinaryIO

from league.nof_files.problems import Problem

MB = 1024 * 1024

# A path on disk, or an open binary file (e.g. Django's UploadedFile); it must be seekable
# because validation and writing each read it from the start.
Source = str | os.PathLike[str] | BinaryIO

# NHS England's trust types and the league table each one belongs to. ICBs, assessed from
# 2026/27, have no published layout yet: either spelling is taken for them.
LEAGUE_OF_TRUST_TYPE: Mapping[str, str] = {
    "Acute trust": "acute",
    "Mental health and community trust": "non-acute",
    "Ambulance trust": "ambulance",
    "Integrated care board": "icb",
    "ICB": "icb",
}

DEFAULT_PERIOD_PATTERN = r"Q[1-4] [0-9]{4}/[0-9]{2}"


class FileKind(StrEnum):
    """What a file holds, judged from its header row."""

    TRUST_DATA_WITH_QUARTER = "trust-data-with-quarter"
    TRUST_DATA_WITHOUT_QUARTER = "trust-data-without-quarter"
    LEAGUE_TABLE = "league-table"


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Limits:
    """Safety limits for untrusted uploads (ASVS 5.2); defaults suit NHS England's files.

    The largest official file is about 2.3 MB, so these leave plenty of room while keeping a
    hostile upload from exhausting memory or disk.
    """

    max_file_bytes: int = 50 * MB
    max_unzipped_bytes: int = 200 * MB
    max_zip_members: int = 1000
    max_compression_ratio: float = 100.0
    # Tiny members (styles, rels) legitimately compress very well and cannot hurt anyone.
    ratio_check_min_bytes: int = 1 * MB
    max_columns: int = 100
    max_field_chars: int = 10_000
    max_rows: int = 2_000_000
    max_trusts: int = 5_000
    max_problems: int = 1000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class ValidationContext:
    """What the caller knows from the database, passed in as plain data.

    `known_trusts` maps an ODS code to (register name, league), e.g.
    {"R0A": ("MANCHESTER UNIVERSITY NHS FOUNDATION TRUST", "acute")}. An empty mapping turns
    the register checks off. `period` is used for trust-data files without a Quarter column.
    `check_trust_names=False` accepts names that differ from the register's: NHS England's
    files keep a trust's name as at the quarter, so a trust renamed since differs lawfully.
    """

    known_metric_ids: frozenset[str] = frozenset()
    known_trusts: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    period: str | None = None
    period_pattern: str = DEFAULT_PERIOD_PATTERN
    add_unknown_metrics: bool = False
    check_trust_names: bool = True


@dataclass(frozen=True)
class NofFile:
    """One file of a multi-file upload; `period` overrides the context's for this file."""

    source: Source
    name: str
    period: str | None = None


@dataclass(frozen=True)
class TrustInFile:
    """A trust as a file describes it (from its latest period in the file)."""

    name: str
    region: str
    trust_type: str
    subtype: str


@dataclass(frozen=True)
class NewMetric:
    """A metric the catalogue does not know yet, described from its first row in the file."""

    metric_id: str
    description: str
    domain: str
    sub_domain: str
    units: str


@dataclass(frozen=True)
class FileReport:
    """Everything the import preview shows about one file, and what the writer needs to
    re-read it (`format`, `kind`, `sha256`, `period_supplied`)."""

    file_name: str
    sha256: str
    size: int
    format: FileFormat | None
    kind: FileKind | None
    period_supplied: str | None
    periods: tuple[str, ...]
    data_rows: int
    rows_per_league: Mapping[str, int]
    rows_per_period: Mapping[str, int]
    rows_per_metric: Mapping[str, int]
    trusts: Mapping[str, TrustInFile]
    new_trust_codes: tuple[str, ...]
    new_metrics: Mapping[str, NewMetric]
    problems: tuple[Problem, ...]
    problems_not_shown: int = 0

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.problems_not_shown

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


@dataclass(frozen=True)
class MetricValueRecord:
    """One row of a trust-data file, typed for the writer. Blank numbers are None."""

    row: int
    period: str
    trust_code: str
    metric_id: str
    value: float | None
    reporting_date: str
    units: str
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    rank: int | None


@dataclass(frozen=True)
class LeagueRowRecord:
    """One row of a league-table file, typed for the writer."""

    row: int
    period: str
    trust_code: str
    average_score: float
    average_low: float
    average_high: float
    segment: int
    in_financial_deficit: bool
    rank: int
    rank_low: int
    rank_high: int
