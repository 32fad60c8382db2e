from django.conf import settings
from django.db import models
from django.db.models import Q

from league.models.periods import Period


class RunState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    SUPERSEDED = "superseded", "Superseded: the inputs changed while it ran"


class RunTrigger(models.TextChoices):
    IMPORT = "import", "After an import"
    ADMIN = "admin", "Requested in admin"
    PARAMETERS = "parameters", "Scoring parameters or cut-points changed"
    SCHEDULE = "schedule", "Daily check"
    COMMAND = "command", "Command line"


class RecomputeRun(models.Model):
    """One background recompute of a period: who asked, when it ran and how it ended."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="recompute_runs")
    trigger = models.CharField(max_length=12, choices=RunTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    trusts_written = models.PositiveIntegerField(null=True, blank=True)
    inputs_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The period's inputs version this run computed from."
    )
    enqueued = models.BooleanField(
        default=False, help_text="Handed to the task queue (false while the broker is down)."
    )

    class Meta:
        ordering = ["-queued_at"]
        constraints = [
            # Requests while a run is waiting join it: at most one queued run per period.
            models.UniqueConstraint(
                fields=["period"], condition=Q(state="queued"), name="recompute_one_queued"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} recompute {self.get_state_display().lower()}"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
