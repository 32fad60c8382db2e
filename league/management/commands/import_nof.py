from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from league.nof_files import NofFile
from league.nof_files.folder import quarter_in_name
from league.services.imports import ImportPreview, NofImportRefused, nof_import, nof_preview


class Command(BaseCommand):
    help = (
        "Import NHS England's published NOF files (trust data and league-table CSV or XLSX). "
        "Every file is checked first; on any problem nothing is written."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--period",
            help='Quarter of files without a Quarter column, e.g. "Q1 2025/26" (without it, '
            'the quarter their names give, e.g. "...-q1-2025-26.csv").',
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument(
            "--add-metrics",
            action="store_true",
            help="Add metric IDs the catalogue lacks, from the file's own descriptions.",
        )

    def handle(self, *args, files: list[Path], period, dry_run, add_metrics, **options) -> None:
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path} is not a file.")
        # Without --period, a file without a Quarter column may say its quarter in its name.
        nof_files = [
            NofFile(path, path.name, None if period else quarter_in_name(path.name))
            for path in files
        ]
        if dry_run:
            preview = nof_preview(files=nof_files, period=period, add_metrics=add_metrics)
            self._summary(preview)
            if not preview.ok:
                self._refuse(preview)
            self.stdout.write("Dry run: the files are valid; nothing was written.")
            return
        try:
            batch = nof_import(files=nof_files, period=period, add_metrics=add_metrics)
        except NofImportRefused as refused:
            self._summary(refused.preview)
            self._refuse(refused.preview)
        counts = batch.counts
        self.stdout.write(
            f"{batch.get_outcome_display()}: {batch.period_labels}. "
            f"{counts['added']} rows added, {counts['changed']} changed, "
            f"{counts['unchanged']} unchanged; {counts['trusts_added']} trusts added, "
            f"{counts['metrics_added']} metrics added."
        )

    def _summary(self, preview: ImportPreview) -> None:
        for report in preview.reports:
            self.stdout.write(
                f"{report.file_name}: {report.kind or 'unrecognised'}, {report.data_rows} rows, "
                f"periods {', '.join(report.periods) or 'none'}"
            )
        for code, old, new in preview.renamed_trusts:
            self.stdout.write(f"{code} will be renamed from “{old}” to “{new}”.")

    def _refuse(self, preview: ImportPreview) -> None:
        for problem in preview.problems:
            self.stderr.write(str(problem).lstrip(": "))
        if preview.problems_not_shown:
            self.stderr.write(f"… and {preview.problems_not_shown} more problems.")
        if preview.new_metrics and not preview.add_metrics:
            self.stderr.write(
                "Unknown metric IDs can be added to the catalogue with --add-metrics: "
                + ", ".join(sorted(preview.new_metrics))
            )
        total = len(preview.problems) + preview.problems_not_shown
        raise CommandError(f"Not imported: {total} problem(s). Nothing was written.")
