"""Validating whole uploads: one pass per file, keeping counts and keys, never the rows.

This is step 1 of the two-phase import (style.md practice 5): it reads everything, reports
every problem with its row and column, and writes nothing. Memory stays small for any file
size: per row it keeps only counters and a hash for duplicate detection.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing

from league.nof_files import cells
from league.nof_files.columns import Header, read_header
from league.nof_files.duplicates import Duplicate, DuplicateTracker, Key
from league.nof_files.model import (
    DEFAULT_LIMITS,
    FileKind,
    FileReport,
    Limits,
    NewMetric,
    NofFile,
    Source,
    ValidationContext,
)
from league.nof_files.opening import Inspection, UnreadableSource, byte_stream, inspect
from league.nof_files.problems import ProblemLog
from league.nof_files.reading import (
    UnreadableRows,
    is_blank,
    long_cell_message,
    misshapen,
    raw_rows,
    width_message,
)
from league.nof_files.rows import league_row, metric_value
from league.nof_files.trust_checks import TrustChecks


def validate_file(
    source: Source, name: str, context: ValidationContext, *, limits: Limits = DEFAULT_LIMITS
) -> FileReport:
    """Validate one upload; never raises for anything in the file's content."""
    return validate_files([NofFile(source, name)], context, limits=limits)[0]


def validate_files(
    files: Sequence[NofFile], context: ValidationContext, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[FileReport, ...]:
    """Validate several uploads together, also finding a key repeated across files."""
    tracker = DuplicateTracker(max_reported=limits.max_problems)
    scans = [_FileScan(index, file, context, limits, tracker) for index, file in enumerate(files)]
    for scan in scans:
        tracker.start_file(scan.index)
        scan.run()
    duplicates, more = tracker.resolve(lambda index: scans[index].keys())
    for duplicate in duplicates:
        scans[duplicate.file_index].report_duplicate(duplicate, scans[duplicate.first_file])
    for index, count in more.items():
        scans[index].log.count_unkept(count)
    return tuple(scan.report() for scan in scans)


class _FileScan:
    """Everything learnt about one file in one pass."""

    def __init__(
        self,
        index: int,
        file: NofFile,
        context: ValidationContext,
        limits: Limits,
        tracker: DuplicateTracker,
    ) -> None:
        self.index, self.file, self.context, self.limits = index, file, context, limits
        self.tracker = tracker
        self.log = ProblemLog(file.name, limits.max_problems)
        self.trust_checks = TrustChecks(
            self.log, context.known_trusts, context.check_trust_names, limits.max_trusts
        )
        self.inspection = Inspection(0, "", None, None)
        self.header: Header | None = None
        self.period: str | None = None
        self.data_rows = 0
        self.per_league: Counter[str] = Counter()
        self.per_period: Counter[str] = Counter()
        self.per_metric: Counter[str] = Counter()
        self.new_metrics: dict[str, NewMetric] = {}
        self.bad_labels: set[str] = set()
        self.label_problems: dict[str, str | None] = {}

    def run(self) -> None:
        self.inspection = inspect(self.file.source, self.file.name, self.limits)
        if self.inspection.refusal:
            self.log.add(None, None, self.inspection.refusal)
            return
        try:
            for row, values in self._rows(self.file.source):
                self._check_row(row, values)
        except UnreadableRows as error:
            self.log.add(error.row, None, error.message)
        except UnreadableSource as error:
            self.log.add(None, None, str(error))
        except OSError as error:
            self.log.add(None, None, f"The file could not be read ({error}).")

    def keys(self) -> Iterator[tuple[int, Key]]:
        """Second look for duplicate resolution: (row, key) of every keyed row."""
        try:
            for row, values in self._rows(self.file.source, quiet=True):
                key = self._key(values, self._row_period(values, quiet=True))
                if key is not None:
                    yield row, key
        except (UnreadableRows, UnreadableSource, OSError):
            return  # the first pass has already said why

    def _rows(self, source: Source, quiet: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield (row number, known columns by name) for each usable data row."""
        fmt = self.inspection.format
        if fmt is None:
            return
        with byte_stream(source) as stream, closing(raw_rows(stream, fmt, self.limits)) as rows:
            first = next(rows, None)
            header = read_header(first[1] if first else [], self.limits)
            self.header = header
            if not quiet:
                self._accept_header(header, empty=first is None)
            if header.kind is None or header.problems:
                return
            for row, row_cells in rows:
                if is_blank(row_cells):
                    continue
                if misshapen(row_cells, header.width):
                    self._skip_row(quiet, row, [(None, width_message(row_cells, header.width))])
                    continue
                values = header.values(row_cells)
                too_long = [
                    (column, long_cell_message(text, self.limits))
                    for column, text in values.items()
                    if len(text) > self.limits.max_field_chars
                ]
                if too_long:
                    self._skip_row(quiet, row, too_long)
                    continue
                yield row, values
            if not quiet and self.data_rows == 0:
                self.log.add(None, None, "The file has a header row but no data rows.")

    def _skip_row(self, quiet: bool, row: int, problems: list[tuple[str | None, str]]) -> None:
        """Count a row too damaged to check, and say why (in the first pass only)."""
        if not quiet:
            self.data_rows += 1
            for column, message in problems:
                self.log.add(row, column, message)

    def _accept_header(self, header: Header, empty: bool) -> None:
        if empty:
            self.log.add(None, None, "The file has no rows at all.")
            return
        for column, message in header.problems:
            self.log.add(1, column, message)
        if header.kind is not None and not header.problems:
            if header.kind is not FileKind.TRUST_DATA_WITHOUT_QUARTER:
                return
            chosen = self.file.period or self.context.period
            self.period, problem = cells.chosen_period(chosen, self.context.period_pattern)
            if problem:
                self.log.add(None, "Quarter", problem)

    def _check_row(self, row: int, values: dict[str, str]) -> None:
        self.data_rows += 1
        period = self._row_period(values, row=row)
        assert self.header is not None
        if self.header.kind is FileKind.LEAGUE_TABLE:
            _, problems = league_row(row, values, period)
        else:
            _, problems = metric_value(row, values, period)
        for column, message in problems:
            self.log.add(row, column, message)
        code = _valid(cells.ods_code, values["Trust_code"])
        if code is not None:
            league = self.trust_checks.check(row, code, values, period)
            if league is not None:
                self.per_league[league] += 1
        if period is not None:
            self.per_period[period] += 1
        self._check_metric(row, values)
        key = self._key(values, period)
        if key is not None:
            self.tracker.note(row, key)

    def _row_period(
        self, values: dict[str, str], row: int | None = None, quiet: bool = False
    ) -> str | None:
        if "Quarter" not in values:
            return self.period
        label = values["Quarter"].strip()
        problem = self.label_problems.get(label, "?")
        if problem == "?":
            problem = cells.period_problem(label, self.context.period_pattern)
            if len(self.label_problems) < 100:  # a file holds a handful of quarters
                self.label_problems[label] = problem
        if problem is None:
            return label
        if not quiet and label not in self.bad_labels:
            if len(self.bad_labels) < self.limits.max_problems:
                self.bad_labels.add(label)
            self.log.add(row, "Quarter", f"{problem} Later rows with this label are not listed.")
        return None

    def _check_metric(self, row: int, values: dict[str, str]) -> None:
        metric_id = _valid(cells.metric_id, values.get("Metric_ID", ""))
        if metric_id is None or self.header is None or self.header.kind is FileKind.LEAGUE_TABLE:
            return
        self.per_metric[metric_id] += 1
        if metric_id in self.context.known_metric_ids or metric_id in self.new_metrics:
            return
        self.new_metrics[metric_id] = NewMetric(
            metric_id=metric_id,
            description=values["Metric_description"].strip(),
            domain=values["Domain"].strip(),
            sub_domain=values["Sub-domain"].strip(),
            units=values["Units"].strip(),
        )
        if not self.context.add_unknown_metrics:
            self.log.add(
                row,
                "Metric_ID",
                f"{metric_id} is not in the metrics catalogue. Correct the ID, or choose to add "
                "new metrics to add it from this file.",
            )

    def _key(self, values: dict[str, str], period: str | None) -> Key | None:
        code = _valid(cells.ods_code, values["Trust_code"])
        if period is None or code is None:
            return None
        if "Metric_ID" not in values or (self.header and self.header.kind is FileKind.LEAGUE_TABLE):
            return (period, code, "")
        metric_id = _valid(cells.metric_id, values["Metric_ID"])
        return None if metric_id is None else (period, code, metric_id)

    def report_duplicate(self, duplicate: Duplicate, first: _FileScan) -> None:
        period, code, metric_id = duplicate.key
        what = (
            f"Trust {code}, metric {metric_id}, period {period}"
            if metric_id
            else (f"Trust {code}, period {period}")
        )
        where = f"row {duplicate.first_row}"
        if first is not self:
            where += f" of {first.file.name}"
        self.log.add(duplicate.row, None, f"{what} appears twice: here and in {where}.")

    def report(self) -> FileReport:
        kind = self.header.kind if self.header else None
        trusts = self.trust_checks.trusts()
        periods = tuple(sorted(self.per_period, key=cells.period_order))
        return FileReport(
            file_name=self.file.name,
            sha256=self.inspection.sha256,
            size=self.inspection.size,
            format=self.inspection.format,
            kind=kind,
            period_supplied=self.period,
            periods=periods,
            data_rows=self.data_rows,
            rows_per_league=dict(sorted(self.per_league.items())),
            rows_per_period={period: self.per_period[period] for period in periods},
            rows_per_metric=dict(sorted(self.per_metric.items())),
            trusts=trusts,
            new_trust_codes=tuple(code for code in trusts if code not in self.context.known_trusts),
            new_metrics=dict(sorted(self.new_metrics.items())),
            problems=self.log.sorted_problems(),
            problems_not_shown=self.log.not_kept,
        )


def _valid(parse: Callable[[str], str], text: str) -> str | None:
    try:
        return parse(text)
    except cells.CellError:
        return None
