"""What a plan will do: actions with owners, targets and milestones, and dated progress."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from improvement.models.notes import GoodPracticeNote
from improvement.models.plans import ImprovementPlan
from league.models import Metric
from trusts.models import Trust


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DELAYED = "delayed", "Delayed"
    STOPPED = "stopped", "Stopped"


FINISHED_ACTION_STATUSES = (ActionStatus.COMPLETED, ActionStatus.STOPPED)


class Rag(models.TextChoices):
    RED = "red", "Red: off track"
    AMBER = "amber", "Amber: at risk"
    GREEN = "green", "Green: on track"


class ActionQuerySet(models.QuerySet):
    def for_user(self, user) -> "ActionQuerySet":
        """Actions reach a user only through a plan they may reach."""
        return self.filter(plan__in=ImprovementPlan.objects.for_user(user))


class Action(models.Model):
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner_role = models.CharField(
        max_length=150, help_text="A role, such as “Chief operating officer”: never a person."
    )
    metric = models.ForeignKey(
        Metric,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="measured by",
        help_text="The NOF metric whose published values measure this action.",
    )
    further_metric_ids = models.JSONField(
        default=list, blank=True, help_text="Other NOF metric IDs the action aims to improve."
    )
    learning_from_trust = models.ForeignKey(
        Trust,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="learning from",
        help_text="A trust that does well on the metric, whose way of working the action adapts.",
    )
    learning_from_note = models.ForeignKey(
        GoodPracticeNote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_actions",
        verbose_name="learning from the note",
        help_text="A good-practice note the action builds on.",
    )
    baseline = models.FloatField(null=True, blank=True)
    target_value = models.FloatField(null=True, blank=True)
    target_date = models.DateField()
    trajectory = models.JSONField(
        default=dict,
        blank=True,
        help_text="Expected value of the metric per quarter, keyed by period slug (2026-27-q1).",
    )
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    order = models.PositiveIntegerField("position", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_ACTION_STATUSES


class MilestoneQuerySet(models.QuerySet):
    def for_user(self, user) -> "MilestoneQuerySet":
        return self.filter(action__plan__in=ImprovementPlan.objects.for_user(user))


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    done_date = models.DateField(null=True, blank=True)
    order = models.PositiveIntegerField("position", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today) -> bool:
        return self.done_date is None and self.due_date < today


class ProgressUpdate(models.Model):
    """A dated report on the whole plan or on one of its actions."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="updates")
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress_updates",
        help_text="Empty: the update is about the whole plan.",
    )
    date = models.DateField()
    text = models.TextField()
    rag = models.CharField("RAG status", max_length=5, choices=Rag.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.date}: {self.get_rag_display()}"
