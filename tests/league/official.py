"""Helpers for tests that import NHS England's official files (read from ../shared/data)."""

import csv
import hashlib
import io
from collections import Counter
from pathlib import Path

from league.models import Metric, MetricValue, Period, PublishedFigure, PublishedLeagueRow
from league.nof_files import NofFile
from trusts.models import Trust

ACUTE = "acute-trust-data-q1-2025-26.csv"
MH_DATA = "mh-community-trust-data-q1-q4-2025-26.csv"
MH_LEAGUE = "mh-community-trust-league-table-q4-2025-26.csv"


def official(shared_data: Path, name: str) -> Path:
    return shared_data / "nof-official" / name


def nof_files(shared_data: Path, *names: str) -> list[NofFile]:
    return [
        NofFile(official(shared_data, name), name, "Q1 2025/26" if name == ACUTE else None)
        for name in names
    ]


def file_counts(path: Path, period: str | None = None) -> Counter:
    """(period, Metric_ID) -> rows, as the file holds them."""
    rows = csv.DictReader(path.open(encoding="utf-8-sig"))
    return Counter((row.get("Quarter") or period, row["Metric_ID"]) for row in rows)


def stored_counts() -> Counter:
    counts: Counter = Counter()
    for label, metric_id in MetricValue.objects.values_list(
        "release__period__label", "metric__metric_id"
    ):
        counts[label, metric_id] += 1
    for label, figure_id in PublishedFigure.objects.values_list(
        "release__period__label", "figure_id"
    ):
        counts[label, figure_id] += 1
    return counts


def database_state() -> dict[str, str]:
    """A checksum per table, over natural keys, so two databases can be compared."""
    tables = {
        "trusts": Trust.objects.values_list(
            "ods_code", "name", "league", "trust_type", "subtype", "region__code"
        ),
        "periods": Period.objects.values_list("label", "status", "framework__code"),
        "metrics": Metric.objects.values_list("framework__code", "metric_id", "rule"),
        "values": MetricValue.objects.values_list(
            "release__period__label",
            "trust__ods_code",
            "metric__metric_id",
            "value",
            "reporting_date",
            "units",
            "median",
            "lower_quartile",
            "upper_quartile",
            "rank",
        ),
        "figures": PublishedFigure.objects.values_list(
            "release__period__label", "trust__ods_code", "figure_id", "kind", "value", "rank"
        ),
        "league_rows": PublishedLeagueRow.objects.values_list(
            "release__period__label",
            "trust__ods_code",
            "average_score",
            "average_low",
            "average_high",
            "segment",
            "in_financial_deficit",
            "rank",
            "rank_low",
            "rank_high",
        ),
    }
    return {
        name: f"{len(rows)}:" + hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()
        for name, rows in ((name, list(query)) for name, query in tables.items())
    }


def edited_copy(source: Path, target: Path, edit) -> Path:
    """Write a copy of `source` with `edit(rows)` applied to its list of rows (header first)."""
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    target.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode())
    return target


def wipe_imported() -> None:
    """Empty what imports write (and the periods and trusts they made), for a fresh import."""
    from league.models import ImportBatch

    MetricValue.objects.all().delete()
    PublishedFigure.objects.all().delete()
    PublishedLeagueRow.objects.all().delete()
    ImportBatch.objects.all().delete()
    Period.objects.all().delete()
    Trust.objects.all().delete()
