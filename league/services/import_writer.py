"""Writing validated NOF records: bulk inserts for new rows, bulk updates for changed ones.

Records go into each period's working (draft) release, never into a published one. Rows that
are already stored with the same values are left alone, so importing a file again changes
nothing. Runs inside the caller's transaction.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import connection

from league.models import (
    FigureKind,
    MetricValue,
    PublishedFigure,
    PublishedLeagueRow,
    Release,
)
from league.nof_files import LeagueRowRecord, MetricValueRecord
from league.services.import_checks import Catalogue
from trusts.models import Trust

VALUE_FIELDS = (
    "value",
    "reporting_date",
    "units",
    "median",
    "lower_quartile",
    "upper_quartile",
    "rank",
)
LEAGUE_FIELDS = (
    "average_score",
    "average_low",
    "average_high",
    "segment",
    "in_financial_deficit",
    "rank",
    "rank_low",
    "rank_high",
)
CHUNK = 5000


class _Table:
    """New and changed rows of one model, compared with what is stored for the releases.

    New rows go straight to the database as tuples (COPY on PostgreSQL, executemany
    elsewhere): building a model instance per row would cost more than the whole insert.
    """

    def __init__(
        self,
        model,
        key_fields: tuple[str, ...],
        fields: tuple[str, ...],
        releases: Iterable[Release],
        extra_fields: tuple[str, ...] = (),
    ) -> None:
        self.model, self.key_fields, self.fields = model, key_fields, fields
        self.columns = [
            model._meta.get_field(name).column for name in (*key_fields, *fields, *extra_fields)
        ]
        self.existing = {
            row[1 : 1 + len(key_fields)]: (row[0], row[1 + len(key_fields) :])
            for row in model.objects.filter(release__in=list(releases))
            .values_list("pk", *key_fields, *fields)
            .iterator(chunk_size=CHUNK)
        }
        self.new: list[tuple] = []
        self.changed: list = []
        self.counts: Counter = Counter()

    def offer(self, key: tuple, values: tuple, extra: tuple = ()) -> None:
        stored = self.existing.get(key)
        if stored is None:
            self.new.append((*key, *values, *extra))
            self.counts["added"] += 1
            if len(self.new) >= CHUNK:
                self.flush()
        elif stored[1] != values:
            row = self.model(pk=stored[0], **dict(zip(self.fields, values, strict=True)))
            self.changed.append(row)
            self.counts["changed"] += 1
        else:
            self.counts["unchanged"] += 1

    def flush(self) -> None:
        if self.new:
            _insert(self.model._meta.db_table, self.columns, self.new)
            self.new = []
        if self.changed:
            self.model.objects.bulk_update(self.changed, self.fields, batch_size=1000)
            self.changed = []


def _insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    with connection.cursor() as cursor:
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        name = connection.ops.quote_name(table)
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {name} ({quoted}) VALUES ({marks})", rows)


class RecordWriter:
    def __init__(self, *, releases: dict[str, Release]) -> None:
        """`releases`: the working release of each period label the records name."""
        self.releases = releases
        self.catalogue = Catalogue.load()
        self.trusts = dict(Trust.objects.values_list("ods_code", "pk"))
        key = ("release_id", "trust_id")
        drafts = releases.values()
        self.values = _Table(MetricValue, (*key, "metric_id"), VALUE_FIELDS, drafts)
        self.figures = _Table(PublishedFigure, (*key, "figure_id"), VALUE_FIELDS, drafts, ("kind",))
        self.league_rows = _Table(PublishedLeagueRow, key, LEAGUE_FIELDS, drafts)

    def write(self, records: Iterable[MetricValueRecord | LeagueRowRecord]) -> None:
        for record in records:
            release = self.releases[record.period]
            trust_id = self.trusts[record.trust_code]
            if isinstance(record, LeagueRowRecord):
                self.league_rows.offer((release.pk, trust_id), _league_values(record))
            else:
                self._metric_row(release, trust_id, record)

    def _metric_row(self, release: Release, trust_id: int, record: MetricValueRecord) -> None:
        values = (
            record.value,
            record.reporting_date,
            record.units,
            record.median,
            record.lower_quartile,
            record.upper_quartile,
            None if record.rank is None else float(record.rank),
        )
        framework = release.period.framework_code
        metric = self.catalogue.metrics.get((framework, record.metric_id))
        if metric is not None:
            self.values.offer((release.pk, trust_id, metric.pk), values)
            return
        kind = self._figure_kind(framework, record.metric_id)
        self.figures.offer((release.pk, trust_id, record.metric_id), values, (str(kind),))

    def _figure_kind(self, framework: str, figure_id: str) -> FigureKind:
        if (framework, figure_id) in self.catalogue.scores:
            return FigureKind.METRIC_SCORE
        if figure_id in self.catalogue.domain_score_ids:
            return FigureKind.DOMAIN_SCORE
        if figure_id in self.catalogue.domain_segment_ids:
            return FigureKind.DOMAIN_SEGMENT
        if figure_id in self.catalogue.summary_ids:
            return FigureKind.SUMMARY
        raise ValueError(f"{figure_id} is not in the catalogue of the {framework} framework")

    def finish(self) -> dict:
        counts: Counter = Counter()
        for name, table in (
            ("values", self.values),
            ("published_figures", self.figures),
            ("league_rows", self.league_rows),
        ):
            table.flush()
            for outcome, number in table.counts.items():
                counts[outcome] += number
                counts[f"{name}_{outcome}"] += number
        for outcome in ("added", "changed", "unchanged"):
            counts.setdefault(outcome, 0)
        return dict(counts)


def _league_values(record: LeagueRowRecord) -> tuple:
    return (
        record.average_score,
        record.average_low,
        record.average_high,
        record.segment,
        record.in_financial_deficit,
        record.rank,
        record.rank_low,
        record.rank_high,
    )
