"""The NOF import in admin: its history (ImportBatch) and the pages that upload, preview, confirm.

Thin doors onto `league.services.imports`: step 1 stages the uploads (`league.staging`) and shows
`nof_preview`, which writes nothing; step 2, a POST, runs `nof_import` on the same staged files,
which checks everything again before writing it in one transaction.
"""

import logging
from collections.abc import Sequence

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect

from league import staging
from league.admin.base import AdminPages, html_table
from league.forms import NofConfirmForm, NofUploadForm
from league.models import ImportBatch, ImportOutcome, Period
from league.nof_files import FileKind, FileReport, Problem
from league.selectors import runs_not_handed_over
from league.services.import_checks import DEMONSTRATION_ADVICE
from league.services.imports import ImportPreview, NofImportRefused, nof_import, nof_preview

logger = logging.getLogger(__name__)

IMPORT_PERMISSION = "league.import_nof"
SESSION_KEY = "league_nof_staging"
REMEMBERED_TOKENS = 5
TEMPLATES = "admin/league/importbatch/"
KIND_LABELS = {
    FileKind.TRUST_DATA_WITH_QUARTER: "Trust data (with a Quarter column)",
    FileKind.TRUST_DATA_WITHOUT_QUARTER: "Trust data (without a Quarter column)",
    FileKind.LEAGUE_TABLE: "League table",
}
STORAGE_FAILED = (
    "The files could not be stored for checking ({reason}): the server's upload storage is "
    "full or cannot be written. Nothing was imported. Try again later, or tell the service team."
)
UNEXPECTED = (
    "The files could not be checked because of an unexpected error, which has been logged. "
    "Nothing was imported. Check that they are NHS England's files as published, or ask the "
    "service team for help."
)
EXPIRED = (
    "That preview is no longer available: it was already confirmed, replaced by a newer upload "
    "or more than a day old. Nothing was imported; upload the files again."
)


class NofImportViews(AdminPages):
    """Mixed into ImportBatchAdmin: its import pages (upload, add new metrics, confirm)."""

    def get_urls(self) -> list:
        return [
            *self.admin_urls(
                ("import/", self.import_view, "league_importbatch_import"),
                ("import/confirm/", self.import_confirm_view, "league_importbatch_import_confirm"),
                (
                    "import/add-metrics/",
                    self.import_add_metrics_view,
                    "league_importbatch_import_add_metrics",
                ),
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self._upload_page(request, NofUploadForm())
        form = NofUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._upload_page(request, form)
        staged = None
        try:
            staged = staging.stage(
                uploads=form.cleaned_data["files"],
                period=form.cleaned_data["period"],
                add_metrics=form.cleaned_data["add_metrics"],
            )
            preview = nof_preview(
                files=staged.files, period=staged.period, add_metrics=staged.add_metrics
            )
        except OSError as error:
            logger.exception("NOF upload could not be stored")
            if staged is not None:
                staging.discard(staged.token)
            form.add_error(None, STORAGE_FAILED.format(reason=error.strerror or error))
            return self._upload_page(request, form)
        except Exception:
            logger.exception("NOF import preview failed")
            if staged is not None:
                staging.discard(staged.token)
            form.add_error(None, UNEXPECTED)
            return self._upload_page(request, form)
        if not preview.ok:
            if self._only_new_metrics_stop(staged, preview):
                # Kept, so staff can add the metrics and check again without a new upload.
                self._remember(request, staged.token)
                return self._preview_page(request, preview, token=None, add_token=staged.token)
            # These files can never be confirmed, so they are not kept.
            staging.discard(staged.token)
            return self._preview_page(request, preview, token=None)
        self._remember(request, staged.token)
        return self._preview_page(request, preview, token=staged.token)

    @staticmethod
    def _only_new_metrics_stop(staged, preview: ImportPreview) -> bool:
        """Unknown metric IDs are the files' only problem: with them added they would pass."""
        if staged.add_metrics or not preview.new_metrics:
            return False
        return nof_preview(files=staged.files, period=staged.period, add_metrics=True).ok

    def import_add_metrics_view(self, request: HttpRequest) -> HttpResponse:
        """Staff chose to add the unknown metrics: check the same files again with them."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        staged = self._posted_upload(request, staging.allow_new_metrics)
        if staged is None:
            self.message_user(request, EXPIRED, messages.ERROR)
            return redirect("admin:league_importbatch_import")
        preview = nof_preview(files=staged.files, period=staged.period, add_metrics=True)
        if not preview.ok:
            staging.discard(staged.token)
            self._forget(request, staged.token)
            return self._preview_page(request, preview, token=None)
        return self._preview_page(request, preview, token=staged.token)

    def _posted_upload(self, request: HttpRequest, take):
        """The staged upload whose token this user was shown, taken with `take` (claim it,
        or allow its new metrics); None when it is unknown, someone else's or gone."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = NofConfirmForm(request.POST)
        token = form.cleaned_data["token"] if form.is_valid() else None
        return take(token) if token in self._remembered(request) else None

    def import_confirm_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        staged = self._posted_upload(request, staging.claim)
        if staged is None:
            self.message_user(request, EXPIRED, messages.ERROR)
            return redirect("admin:league_importbatch_import")
        try:
            batch = nof_import(
                files=staged.files,
                period=staged.period,
                add_metrics=staged.add_metrics,
                user=request.user,
                source="admin",
            )
        except NofImportRefused as refused:
            self.message_user(
                request, "Nothing was imported: see the problems below.", messages.ERROR
            )
            return self._preview_page(request, refused.preview, token=None, batch=refused.batch)
        except Exception:
            logger.exception("NOF import failed")
            self.message_user(request, UNEXPECTED, messages.ERROR)
            return redirect("admin:league_importbatch_import")
        finally:
            staging.discard(staged.token)
            self._forget(request, staged.token)
        self.message_user(request, _outcome_message(batch), messages.SUCCESS)
        waiting = runs_not_handed_over(batch.periods.all())
        if waiting:
            self.message_user(
                request,
                "The task queue cannot be reached, so the recompute of "
                f"{', '.join(str(run.period) for run in waiting)} is waiting. The import is "
                "saved; the recompute will be handed over when the queue is back (the daily "
                "check does it, or choose Recompute on the periods page).",
                messages.WARNING,
            )
        return redirect("admin:league_importbatch_change", batch.pk)

    def _upload_page(self, request: HttpRequest, form: NofUploadForm) -> HttpResponse:
        return self._render(
            request,
            "import_form.html",
            title="Import NOF files",
            form=form,
            known_periods=Period.objects.values_list("label", flat=True),
        )

    def _preview_page(
        self,
        request: HttpRequest,
        preview: ImportPreview,
        *,
        token: str | None,
        batch: ImportBatch | None = None,
        add_token: str | None = None,
    ) -> HttpResponse:
        return self._render(
            request,
            "import_preview.html",
            title="Check the import" if token else "These files cannot be imported",
            confirm_form=NofConfirmForm(initial={"token": token}) if token else None,
            add_metrics_form=NofConfirmForm(initial={"token": add_token}) if add_token else None,
            refused_batch=batch,
            **preview_context(preview),
        )

    def _render(self, request: HttpRequest, template: str, **context) -> HttpResponse:
        return self.admin_page(request, TEMPLATES + template, **context)

    def _remembered(self, request: HttpRequest) -> list[str]:
        return list(request.session.get(SESSION_KEY, []))

    def _remember(self, request: HttpRequest, token: str) -> None:
        tokens = self._remembered(request)[-(REMEMBERED_TOKENS - 1) :]
        request.session[SESSION_KEY] = [*tokens, token]

    def _forget(self, request: HttpRequest, token: str) -> None:
        request.session[SESSION_KEY] = [t for t in self._remembered(request) if t != token]


def preview_context(preview: ImportPreview) -> dict:
    """The preview arranged for the template (which cannot call methods with arguments)."""
    reports = preview.reports
    trusts = {code: trust for report in reports for code, trust in report.trusts.items()}
    return {
        "preview": preview,
        "files": [
            {
                "report": report,
                "kind": KIND_LABELS.get(report.kind, "Not recognised"),
                "problem_count": _problems_of(report, preview.problems),
            }
            for report in reports
        ],
        "total_rows": sum(report.data_rows for report in reports),
        "trust_count": len(trusts),
        "rows_per_league": preview.counts_by("rows_per_league"),
        "rows_per_period": preview.counts_by("rows_per_period"),
        "rows_per_metric": preview.counts_by("rows_per_metric"),
        "new_trusts": [
            (code, trusts[code].name, preview.files_with_trust(code))
            for code in preview.new_trusts
            if code in trusts
        ],
        "several_files": len(reports) > 1,
        "new_metrics": sorted(preview.new_metrics.values(), key=lambda m: m.metric_id),
        "problem_count": len(preview.problems) + preview.problems_not_shown,
        "demonstration_advice": DEMONSTRATION_ADVICE if preview.into_demonstration_site else "",
    }


def _problems_of(report: FileReport, problems: Sequence[Problem]) -> int:
    """The file's own problems and those of the checks that name it (with other files)."""
    named = sum(1 for problem in problems if report.file_name in problem.file.split(", "))
    return named + report.problems_not_shown


def _outcome_message(batch: ImportBatch) -> str:
    if batch.outcome == ImportOutcome.UNCHANGED:
        return f"These files were already imported ({batch.period_labels}): nothing changed."
    counts = batch.counts
    return (
        f"Imported {batch.period_labels}: {counts.get('added', 0):,} rows added, "
        f"{counts.get('changed', 0):,} changed, {counts.get('unchanged', 0):,} unchanged; "
        f"{counts.get('trusts_added', 0):,} trusts added, "
        f"{counts.get('metrics_added', 0):,} metrics added."
    )


class ImportBatchAdmin(NofImportViews, admin.ModelAdmin):
    """The import history, read-only: batches are written only by `nof_import`."""

    list_display = ("created_at", "uploaded_by", "source", "file_names", "period_labels")
    list_display += ("rows", "outcome")
    list_filter = ("outcome", "source")
    list_select_related = ("uploaded_by",)
    search_fields = ("period_labels", "uploaded_by__username")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "finished_at",
        "uploaded_by",
        "source",
        "outcome",
        "period_labels",
        "files_table",
        "counts_table",
        "problems_table",
        "revision_reason",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        # Whoever may import may read the history their imports join.
        return super().has_view_permission(request, obj) or self.has_import_permission(request)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {
            **(extra_context or {}),
            "can_import_nof": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="files")
    def file_names(self, obj: ImportBatch) -> str:
        return ", ".join(item.get("name", "") for item in obj.files)

    @admin.display(description="rows")
    def rows(self, obj: ImportBatch) -> str:
        counts = obj.counts
        if "problems" in counts:
            return f"{counts['problems']:,} problems"
        return f"{counts.get('rows_read', 0):,} read, {counts.get('added', 0):,} added"

    @admin.display(description="files (with SHA-256 checksum)")
    def files_table(self, obj: ImportBatch) -> str:
        return html_table(
            ("Name", "Kind", "Rows", "Bytes", "SHA-256"),
            (
                (
                    f.get("name"),
                    KIND_LABELS.get(f.get("kind"), f.get("kind")),
                    _number(f.get("rows")),
                    _number(f.get("size")),
                    f.get("sha256"),
                )
                for f in obj.files
            ),
        )

    @admin.display(description="counts")
    def counts_table(self, obj: ImportBatch) -> str:
        return html_table(("", "Number"), ((k.replace("_", " "), v) for k, v in obj.counts.items()))

    @admin.display(description="problems")
    def problems_table(self, obj: ImportBatch) -> str:
        if not obj.problems:
            return "None"
        return html_table(
            ("File", "Row", "Column", "Problem"),
            (
                (
                    p.get("file") or "all files",
                    "whole file" if p.get("row") is None else p["row"],
                    p.get("column"),
                    p.get("message"),
                )
                for p in obj.problems
            ),
        )


def _number(value) -> str | None:
    return f"{value:,}" if isinstance(value, int) else value
