"""A framework year's metric catalogue as a CSV file: one row per metric.

The one layout NHS England staff read, edit and import (docs/framework-catalogue.md). Reading
checks every row and column before anything is returned, so an import is all or nothing;
writing a catalogue and reading it back gives equal records.

Columns (cells in a list are separated by ";"):

  metric_id, score_id        OF0xxx and OF1xxx
  description                as NHS England writes it
  domain, domain_score_id, domain_segment_id
                             the domain's name and its OF40xx / OF41xx ids
  sub_domain, unit
  direction                  "higher is better", "lower is better" or empty (scores, flags)
  rule                       A, B, C, D, matrix or published
  leagues                    acute; non-acute; ambulance; icb
  population                 "type" (within each league) or "pooled" (across leagues)
  threshold, threshold_inclusive
                             rules B and C: the standard, and whether meeting it exactly counts
  rank_decimals              decimals the values are ranked on, when not the published ones
  bands, bands_inclusive     rule D: the cut values from best to worst, and for each whether
                             the value itself falls in the better band
  count_unit, count_score_cap
                             trusts reporting in this unit are scored min(cap, 1 + count)
  matrix_inputs, matrix      rule "matrix": the two score ids, and the 4x4 table (rows
                             separated by "/", cells by spaces)
  absent_pool_members        pooled metrics: providers NHS England scores in the pool that a
                             period's files may lack, e.g. "ambulance=10"
  counts_in_average          yes or no
  average_group              scores in one group are averaged into one item first
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import RULES, DomainDefinition, MetricDefinition

COLUMNS: tuple[str, ...] = (
    "metric_id",
    "score_id",
    "description",
    "domain",
    "domain_score_id",
    "domain_segment_id",
    "sub_domain",
    "unit",
    "direction",
    "rule",
    "leagues",
    "population",
    "threshold",
    "threshold_inclusive",
    "rank_decimals",
    "bands",
    "bands_inclusive",
    "count_unit",
    "count_score_cap",
    "matrix_inputs",
    "matrix",
    "absent_pool_members",
    "counts_in_average",
    "average_group",
)
REQUIRED: frozenset[str] = frozenset(
    {"metric_id", "score_id", "description", "domain", "domain_score_id", "domain_segment_id"}
    | {"rule", "leagues"}
)
LEAGUE_CODES: tuple[str, ...] = ("acute", "non-acute", "ambulance", "icb")
DIRECTIONS = {"higher is better": True, "lower is better": False, "": None}
POPULATIONS = ("type", "pooled")
YES_NO = {"yes": True, "no": False}
THRESHOLD_RULES = ("B", "C")
MAX_ROWS = 2000


@dataclass(frozen=True)
class CatalogueProblem:
    row: int | None  # the file's line number (the header is line 1)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [
            f"row {self.row}" if self.row else "",
            f"column {self.column}" if self.column else "",
        ]
        place = ", ".join(part for part in where if part)
        return f"{place}: {self.message}" if place else self.message


@dataclass(frozen=True)
class Catalogue:
    """A framework year's metrics and the domains they belong to, in file order; `lines` gives
    the file line of each metric id, for problems found after reading."""

    metrics: tuple[MetricDefinition, ...]
    domains: tuple[DomainDefinition, ...]
    lines: dict[str, int] = field(default_factory=dict, compare=False)


class CatalogueFileError(Exception):
    def __init__(self, problems: Sequence[CatalogueProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the catalogue file")
        self.problems = tuple(problems)


def read_catalogue(text: str) -> Catalogue:
    """Parse and check a catalogue file; CatalogueFileError lists every problem found."""
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(rows, None)
    if header is None:
        raise CatalogueFileError([CatalogueProblem(None, None, "The file is empty.")])
    header = [name.strip() for name in header]
    problems = _header_problems(header)
    if problems:
        raise CatalogueFileError(problems)
    metrics: list[MetricDefinition] = []
    domains: dict[str, DomainDefinition] = {}
    seen: dict[str, int] = {}
    for line, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if line > MAX_ROWS + 1:
            problems.append(CatalogueProblem(line, None, f"More than {MAX_ROWS} metrics."))
            break
        if len(cells) != len(header):
            problems.append(
                CatalogueProblem(line, None, f"{len(cells)} cells; the header has {len(header)}.")
            )
            continue
        row = _Row(line, dict(zip(header, cells, strict=True)))
        metric = row.metric()
        problems.extend(row.problems)
        if metric is None:
            continue
        for key in (metric.metric_id, metric.score_id):
            if key in seen:
                problems.append(CatalogueProblem(line, None, f"{key} is also on row {seen[key]}."))
            seen[key] = line
        problems.extend(_domain_problem(line, row.domain(), domains))
        metrics.append(metric)
    if not metrics and not problems:
        problems.append(CatalogueProblem(None, None, "The file lists no metrics."))
    problems.extend(_matrix_input_problems(metrics, seen))
    if problems:
        raise CatalogueFileError(problems)
    return Catalogue(tuple(metrics), tuple(domains.values()), seen)


def write_catalogue(catalogue: Catalogue) -> str:
    """The catalogue in the file layout, metrics in the order given."""
    by_name = {domain.name: domain for domain in catalogue.domains}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for metric in catalogue.metrics:
        writer.writerow(_cells(metric, by_name[metric.domain]))
    return out.getvalue()


def _header_problems(header: list[str]) -> list[CatalogueProblem]:
    problems = []
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        problems.append(CatalogueProblem(1, None, f"Missing column(s): {', '.join(missing)}."))
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        problems.append(CatalogueProblem(1, None, f"Unknown column(s): {', '.join(unknown)}."))
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        problems.append(CatalogueProblem(1, None, f"Repeated column(s): {', '.join(repeated)}."))
    return problems


def _domain_problem(
    line: int, domain: DomainDefinition | None, domains: dict[str, DomainDefinition]
) -> list[CatalogueProblem]:
    if domain is None:
        return []
    known = domains.get(domain.name)
    if known is None:
        clash = next(
            (
                d
                for d in domains.values()
                if {d.score_id, d.segment_id} & {domain.score_id, domain.segment_id}
            ),
            None,
        )
        if clash is not None:
            return [
                CatalogueProblem(
                    line,
                    "domain",
                    f"“{domain.name}” uses the ids of “{clash.name}” "
                    f"({clash.score_id}, {clash.segment_id}).",
                )
            ]
        domains[domain.name] = domain
        return []
    if known != domain:
        return [
            CatalogueProblem(
                line,
                "domain_score_id",
                f"“{domain.name}” has ids {known.score_id}, {known.segment_id} on an earlier row.",
            )
        ]
    return []


def _matrix_input_problems(
    metrics: list[MetricDefinition], seen: dict[str, int]
) -> list[CatalogueProblem]:
    scores = {metric.score_id for metric in metrics}
    problems = []
    for metric in metrics:
        for score_id in metric.params.get("matrix_inputs", []):
            if score_id not in scores:
                problems.append(
                    CatalogueProblem(
                        seen[metric.metric_id],
                        "matrix_inputs",
                        f"{score_id} is not a score id of this catalogue.",
                    )
                )
    return problems


class _Row:
    """One data row, read cell by cell; every problem is kept, none stops the reading."""

    def __init__(self, line: int, cells: dict[str, str]) -> None:
        self.line = line
        self.cells = {name: value.strip() for name, value in cells.items()}
        self.cells["description"] = cells["description"]  # kept exactly, spaces and all
        self.problems: list[CatalogueProblem] = []

    def problem(self, column: str, message: str) -> None:
        self.problems.append(CatalogueProblem(self.line, column, message))

    def metric(self) -> MetricDefinition | None:
        for name in sorted(REQUIRED):
            if not self.cells[name].strip():
                self.problem(name, "Required.")
        metric_id = self._id("metric_id", "OF0")
        score_id = self._id("score_id", "OF1")
        rule = self.cells["rule"]
        if rule and rule not in RULES:
            self.problem("rule", f"“{rule}” is not a rule: use one of {', '.join(RULES)}.")
        direction = self._choice("direction", DIRECTIONS)
        leagues = self._leagues()
        params = self._params(rule, direction)
        counts = self._choice("counts_in_average", YES_NO, empty=True)
        self._id("domain_score_id", "OF4")
        self._id("domain_segment_id", "OF4")
        if self.problems:
            return None
        return MetricDefinition(
            metric_id=metric_id,
            score_id=score_id,
            description=self.cells["description"],
            domain=self.cells["domain"],
            sub_domain=self.cells["sub_domain"],
            unit=self.cells["unit"],
            higher_is_better=direction,
            rule=rule,
            params=params,
            leagues=leagues,
            counts_in_average=counts,
            average_group=self.cells["average_group"] or None,
        )

    def domain(self) -> DomainDefinition:
        c = self.cells
        return DomainDefinition(c["domain"], c["domain_score_id"], c["domain_segment_id"])

    def _id(self, column: str, prefix: str) -> str:
        value = self.cells[column]
        if value and not (len(value) == 6 and value.startswith(prefix) and value[3:].isdigit()):
            self.problem(column, f"“{value}” is not an id of the form {prefix}nnn.")
        return value

    def _choice(self, column: str, choices: dict[str, Any], empty: Any = None) -> Any:
        value = self.cells[column].lower()
        if value == "" and "" not in choices:
            return empty
        if value not in choices:
            options = " or ".join(f"“{c}”" for c in choices if c) + (
                ", or empty" if "" in choices else ""
            )
            self.problem(column, f"“{self.cells[column]}” is not {options}.")
            return None
        return choices[value]

    def _leagues(self) -> tuple[str, ...]:
        leagues = _split(self.cells["leagues"])
        for league in leagues:
            if league not in LEAGUE_CODES:
                self.problem(
                    "leagues", f"“{league}” is not a league: use {', '.join(LEAGUE_CODES)}."
                )
        if len(set(leagues)) != len(leagues):
            self.problem("leagues", "A league is listed twice.")
        return tuple(leagues)

    def _number(self, column: str, *, whole: bool = False) -> float | int | None:
        value = self.cells[column]
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or (whole and not number.is_integer()):
            self.problem(column, f"“{value}” is not {'a whole number' if whole else 'a number'}.")
            return None
        return int(number) if whole else number

    def _params(self, rule: str, direction: bool | None) -> dict[str, Any]:
        params: dict[str, Any] = {}
        population = self.cells["population"]
        if population:
            if population not in POPULATIONS:
                self.problem("population", f"“{population}” is not “type” or “pooled”.")
            params["population"] = population
        threshold = self._number("threshold")
        inclusive = self._choice("threshold_inclusive", YES_NO, empty=None)
        if threshold is not None:
            params["threshold"] = threshold
            params["threshold_inclusive"] = True if inclusive is None else inclusive
        elif inclusive is not None and not self.cells["threshold"]:
            self.problem("threshold_inclusive", "Given without a threshold.")
        if rule in THRESHOLD_RULES and threshold is None:
            self.problem("threshold", f"Rule {rule} scores against a threshold: give it.")
        if rule in ("A", "B", "C", "D") and direction is None and not self.problems:
            self.problem("direction", f"Rule {rule} needs a direction.")
        if rule in ("A", "B", "C") and not population:
            self.problem("population", f"Rule {rule} ranks within a population: give it.")
        decimals = self._number("rank_decimals", whole=True)
        if decimals is not None:
            params["rank_decimals"] = decimals
        self._bands(rule, params)
        count_unit = self.cells["count_unit"]
        cap = self._number("count_score_cap", whole=True)
        if count_unit:
            params["count_unit"] = count_unit
            if cap is not None:
                params["count_score_cap"] = cap
        elif cap is not None:
            self.problem("count_score_cap", "Given without a count_unit.")
        self._matrix(rule, params)
        pool = self.cells["absent_pool_members"]
        if pool:
            params["absent_pool_members"] = self._pool(pool)
        return params

    def _bands(self, rule: str, params: dict[str, Any]) -> None:
        cuts = _split(self.cells["bands"])
        inclusive = _split(self.cells["bands_inclusive"])
        if not cuts and not inclusive:
            if rule == "D":
                self.problem("bands", "Rule D scores in bands: give the three cut values.")
            return
        numbers = []
        for cut in cuts:
            try:
                numbers.append(float(cut))
            except ValueError:
                self.problem("bands", f"“{cut}” is not a number.")
                return
        if len(numbers) != 3:
            self.problem("bands", f"{len(numbers)} cut values; rule D takes 3.")
            return
        flags = [YES_NO.get(flag.lower()) for flag in inclusive]
        if len(flags) != 3 or None in flags:
            self.problem("bands_inclusive", "Give yes or no for each of the three cut values.")
            return
        params["band_cuts"] = numbers
        params["band_inclusive"] = flags

    def _matrix(self, rule: str, params: dict[str, Any]) -> None:
        inputs = _split(self.cells["matrix_inputs"])
        table = self.cells["matrix"]
        if not inputs and not table:
            if rule == "matrix":
                self.problem("matrix", "Rule matrix needs matrix_inputs and the 4x4 matrix.")
            return
        if len(inputs) != 2:
            self.problem("matrix_inputs", "Give the two score ids the matrix combines.")
            return
        try:
            rows = [[int(cell) for cell in row.split()] for row in table.split("/")]
        except ValueError:
            rows = []
        if len(rows) != 4 or any(len(row) != 4 or not set(row) <= {1, 2, 3, 4} for row in rows):
            self.problem("matrix", "Give 4 rows of 4 scores (1 to 4), rows separated by “/”.")
            return
        params["matrix_inputs"] = inputs
        params["matrix"] = rows

    def _pool(self, text: str) -> dict[str, int]:
        pool = {}
        for part in _split(text):
            league, _, count = part.partition("=")
            league = league.strip()
            if league not in LEAGUE_CODES or not count.strip().isdigit():
                self.problem("absent_pool_members", f"“{part}” is not of the form league=count.")
                continue
            pool[league] = int(count)
        return pool


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _number_text(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return repr(value) if isinstance(value, float) else str(value)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _cells(metric: MetricDefinition, domain: DomainDefinition) -> list[str]:
    p = metric.params
    direction = {True: "higher is better", False: "lower is better", None: ""}
    return [
        metric.metric_id,
        metric.score_id,
        metric.description,
        domain.name,
        domain.score_id,
        domain.segment_id,
        metric.sub_domain,
        metric.unit,
        direction[metric.higher_is_better],
        metric.rule,
        "; ".join(metric.leagues),
        p.get("population", ""),
        _number_text(p.get("threshold")),
        _yes_no(p.get("threshold_inclusive")) if "threshold" in p else "",
        _number_text(p.get("rank_decimals")),
        "; ".join(_number_text(c) for c in p.get("band_cuts", [])),
        "; ".join(_yes_no(flag) for flag in p.get("band_inclusive", [])),
        p.get("count_unit", ""),
        _number_text(p.get("count_score_cap")),
        "; ".join(p.get("matrix_inputs", [])),
        " / ".join(" ".join(str(cell) for cell in row) for row in p.get("matrix", [])),
        "; ".join(f"{lg}={n}" for lg, n in p.get("absent_pool_members", {}).items()),
        _yes_no(metric.counts_in_average),
        metric.average_group or "",
    ]


def catalogue_of(
    metrics: Iterable[MetricDefinition], domains: Iterable[DomainDefinition]
) -> Catalogue:
    """A catalogue of these metrics with only the domains they use, in the order given."""
    metrics = tuple(metrics)
    used = {metric.domain for metric in metrics}
    return Catalogue(metrics, tuple(d for d in domains if d.name in used))
