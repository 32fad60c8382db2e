"""Background recomputes in admin: each run's state, and retrying a failed one."""

from datetime import timedelta

from django.contrib import admin
from django.http import HttpRequest

from league.admin.base import when
from league.models import RecomputeRun, RunState
from league.services.runs import recompute_retry


class RecomputeRunAdmin(admin.ModelAdmin):
    list_display = (
        "period",
        "state",
        "trigger",
        "requested_by",
        "queued_at",
        "started_at",
        "duration",
        "trusts_written",
        "attempts",
    )
    list_filter = ("state", "trigger", "period")
    list_select_related = ("period", "requested_by")
    readonly_fields = [f.name for f in RecomputeRun._meta.fields]
    actions = ["retry"]

    @admin.action(description="Recompute again (for failed runs)")
    def retry(self, request: HttpRequest, queryset) -> None:
        for run in queryset:
            new = recompute_retry(run=run, user=request.user)
            self.message_user(
                request, f"{new.period}: recompute {new.get_state_display().lower()}."
            )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def run_line(run: RecomputeRun) -> str:
    """ "3 Dec 2026, 10:32: succeeded (after an import, by jo), took 4 seconds, 205 trusts"."""
    why = run.get_trigger_display().lower()
    if run.requested_by:
        why += f", by {run.requested_by}"
    line = f"{when(run.queued_at)}: {run.get_state_display().lower()} ({why})"
    if run.duration is not None:
        line += f", took {_duration(run.duration)}"
    if run.trusts_written is not None:
        line += f", {run.trusts_written:,} trusts"
    if run.error and run.state == RunState.FAILED:
        line += f". {run.error[:200]}"
    return line


def _duration(duration: timedelta) -> str:
    seconds = max(round(duration.total_seconds()), 1)
    if seconds < 60:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds} s"
