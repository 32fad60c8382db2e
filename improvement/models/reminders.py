"""Reminders sent to trust leaders, recorded so the daily job never sends one twice."""

from django.db import models

from trusts.models import Trust


class ReminderKind(models.TextChoices):
    PLAN_DUE = "plan_due", "Plan due: trust in segment 4 without a published plan"
    PLAN_OVERDUE = "plan_overdue", "Plan overdue: deadline passed without a published plan"
    MILESTONE_OVERDUE = "milestone_overdue", "Milestone overdue"
    PLAN_STALE = "plan_stale", "No progress update for 90 days"


class Reminder(models.Model):
    """One reminder email. `subject` names the thing (trust, plan or milestone) and `scope` the
    occasion (the period, the milestone's due date, the date of the last update), so a new
    occasion gets a new reminder and the same one never a second."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=40, help_text="e.g. trust:ZX1, plan:12, milestone:40")
    scope = models.CharField(max_length=40, help_text="e.g. 2025-26-q4 or 2026-03-31")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "scope"], name="reminder_once_per_occasion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject} ({self.scope})"


class SegmentFourTrust(Trust):
    """The trusts expected to publish a plan, as an admin list (a proxy: no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = "segment 4 trust"
        verbose_name_plural = "segment 4 trusts: plan obligations"
