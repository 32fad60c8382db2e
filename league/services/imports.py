"""Importing NHS England's published NOF files: validate everything, then write it all at once.

Step 1 (`nof_preview`) reads every file and reports every problem without writing anything.
Step 2 (`nof_import`) repeats the checks, then writes in one transaction with bulk operations
and records an `ImportBatch`. A refused import is recorded too, and changes no data.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from league.models import FrameworkVersion, ImportBatch, ImportOutcome, Metric, Period
from league.nof_files import (
    FileReport,
    Limits,
    NofFile,
    Problem,
    ValidationContext,
    iter_records,
    validate_files,
)
from league.services import import_checks
from league.services.import_writer import RecordWriter
from league.services.releases import release_working
from league.services.runs import period_inputs_changed
from trusts.models import Trust
from trusts.services import PublishedTrust, trusts_upsert_published


@dataclass
class ImportPreview:
    files: Sequence[NofFile]
    reports: tuple[FileReport, ...]
    problems: list[Problem]
    periods: list[str]
    new_periods: list[str]
    new_trusts: list[str]
    renamed_trusts: list[tuple[str, str, str]]
    add_metrics: bool
    problems_not_shown: int = 0
    into_demonstration_site: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.problems_not_shown

    @property
    def new_metrics(self) -> dict:
        found = {}
        for report in self.reports:
            found.update(report.new_metrics)
        return found

    def files_with_trust(self, code: str) -> list[str]:
        return [report.file_name for report in self.reports if code in report.trusts]

    def counts_by(self, attribute: str) -> dict[str, int]:
        total: Counter = Counter()
        for report in self.reports:
            total.update(getattr(report, attribute))
        return dict(sorted(total.items()))


class NofImportRefused(Exception):
    def __init__(self, preview: ImportPreview, batch: ImportBatch | None) -> None:
        super().__init__(f"{len(preview.problems)} problem(s); nothing was imported")
        self.preview = preview
        self.batch = batch


def nof_preview(
    *, files: Sequence[NofFile], period: str | None = None, add_metrics: bool = False
) -> ImportPreview:
    """Check the files against each other and the database; write nothing."""
    catalogue = import_checks.Catalogue.load()
    context = ValidationContext(
        known_metric_ids=catalogue.known_ids(),
        known_trusts={
            code: (name, league)
            for code, name, league in Trust.objects.values_list("ods_code", "name", "league")
        },
        period=period,
        add_unknown_metrics=add_metrics,
        check_trust_names=False,
    )
    reports = validate_files(files, context, limits=_limits())
    labels = sorted({p for r in reports for p in r.periods}, key=Period.parse_label)
    trusts = import_checks.trusts_in(reports)
    # What refuses the whole upload comes first; every check runs whatever the files' own
    # problems, so one preview shows all of them.
    demonstration = import_checks.check_demonstration(reports)
    problems = [*import_checks.check_periods(reports), *demonstration]
    problems.extend(problem for report in reports for problem in report.problems)
    problems.extend(import_checks.check_trusts(trusts))
    problems.extend(import_checks.check_framework_leagues(reports))
    problems.extend(import_checks.check_framework_metrics(reports, catalogue))
    preview = ImportPreview(
        files=files,
        reports=reports,
        problems=problems,
        periods=labels,
        new_periods=sorted(set(labels) - set(Period.objects.values_list("label", flat=True))),
        new_trusts=sorted({code for r in reports for code in r.new_trust_codes}),
        renamed_trusts=import_checks.renamed_trusts(trusts),
        add_metrics=add_metrics,
        problems_not_shown=sum(report.problems_not_shown for report in reports),
        into_demonstration_site=bool(demonstration),
    )
    if add_metrics:
        problems.extend(import_checks.check_new_metrics(preview.new_metrics, labels))
    return preview


def nof_import(
    *,
    files: Sequence[NofFile],
    period: str | None = None,
    add_metrics: bool = False,
    user=None,
    source: str = "command line",
) -> ImportBatch:
    """Validate the files; if all is well write them in one transaction, else write nothing.

    Raises NofImportRefused (with the preview and the recorded batch) when there are problems.
    """
    preview = nof_preview(files=files, period=period, add_metrics=add_metrics)
    files_log = [_file_log(report) for report in preview.reports]
    if not preview.ok:
        batch = ImportBatch.objects.create(
            uploaded_by=user,
            source=source,
            files=files_log,
            period_labels=", ".join(preview.periods),
            outcome=ImportOutcome.REFUSED,
            problems=[_problem_log(p) for p in preview.problems],
            counts={"problems": len(preview.problems) + preview.problems_not_shown},
            finished_at=timezone.now(),
        )
        raise NofImportRefused(preview, batch)
    with transaction.atomic():
        periods = _periods(preview.periods)
        # Locks each period: a recompute about to write its results waits for this import, then
        # sees the new inputs version and leaves the writing to the run that follows.
        releases = {label: release_working(period=p) for label, p in periods.items()}
        metrics = _add_metrics(preview) if add_metrics else 0
        trusts = trusts_upsert_published(
            trusts=[
                PublishedTrust(
                    code, t.name, t.region, t.trust_type, t.subtype, import_checks.league_of(t)
                )
                for code, t in import_checks.trusts_in(preview.reports).items()
            ]
        )
        writer = RecordWriter(releases=releases)
        for nof_file, report in zip(files, preview.reports, strict=True):
            _rewind(nof_file)
            writer.write(iter_records(nof_file.source, report, limits=_limits()))
        counts = writer.finish()
        counts.update(
            trusts_added=len(trusts.created),
            trusts_renamed=len(trusts.renamed),
            metrics_added=metrics,
            rows_read=sum(r.data_rows for r in preview.reports),
        )
        changed = counts["added"] or counts["changed"] or trusts.created or trusts.updated
        batch = ImportBatch.objects.create(
            uploaded_by=user,
            source=source,
            files=files_log,
            period_labels=", ".join(preview.periods),
            outcome=ImportOutcome.IMPORTED if changed or metrics else ImportOutcome.UNCHANGED,
            counts=counts,
            finished_at=timezone.now(),
        )
        batch.periods.set(periods.values())
        if batch.outcome == ImportOutcome.IMPORTED:
            # Recomputed by a worker once this transaction commits.
            period_inputs_changed(periods=periods.values(), user=user)
    return batch


def _limits() -> Limits:
    return Limits(max_file_bytes=settings.NOF_IMPORT_MAX_BYTES)


def _rewind(nof_file: NofFile) -> None:
    if hasattr(nof_file.source, "seek"):
        nof_file.source.seek(0)


def _periods(labels: list[str]) -> dict[str, Period]:
    frameworks = {f.code: f for f in FrameworkVersion.objects.all()}
    periods = {}
    for label in labels:
        year, quarter = Period.parse_label(label)
        framework = frameworks[import_checks.framework_code(label)]
        known = framework.period_defaults.get(label, {})
        periods[label], _ = Period.objects.get_or_create(
            year=year,
            quarter=quarter,
            defaults={
                "framework": framework,
                "label": label,
                "slug": Period.slug_for(year, quarter),
                "rounded_items": known.get("rounded_items", []),
                "rounded_items_note": known.get("note", ""),
            },
        )
    return periods


def _add_metrics(preview: ImportPreview) -> int:
    """Add metrics the catalogue lacks, from the files' own descriptions.

    Their rule is "published": NHS England's score is used until staff set a scoring rule.
    """
    leagues: dict[str, set[str]] = defaultdict(set)
    for report in preview.reports:
        for league in report.rows_per_league:
            for metric_id in report.new_metrics:
                leagues[metric_id].add(league)
    added = 0
    for label in preview.periods:
        framework = FrameworkVersion.objects.get(code=import_checks.framework_code(label))
        domains = {d.name: d for d in framework.domains.all()}
        for metric_id, new in preview.new_metrics.items():
            number = metric_id[3:]
            _, created = Metric.objects.get_or_create(
                framework=framework,
                metric_id=f"OF0{number}",
                defaults={
                    "score_id": f"OF1{number}",
                    "description": new.description.strip(),
                    "domain": domains[new.domain],
                    "sub_domain": new.sub_domain,
                    "unit": new.units,
                    "rule": "published",
                    "leagues": sorted(leagues[metric_id]),
                    "added_from_file": True,
                },
            )
            added += created
    return added


def _file_log(report: FileReport) -> dict:
    return {
        "name": report.file_name,
        "sha256": report.sha256,
        "size": report.size,
        "kind": str(report.kind) if report.kind else None,
        "rows": report.data_rows,
    }


def _problem_log(problem: Problem) -> dict:
    return {
        "file": problem.file,
        "row": problem.row,
        "column": problem.column,
        "message": problem.message,
    }
