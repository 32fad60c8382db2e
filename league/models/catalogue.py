"""The rules as data: framework versions, domains and the metric catalogue.

The ranking engine reads these rows (as `league.methodology` dataclasses); the methodology page
shows them. Changing a threshold is a data change that triggers a recompute, not a code change.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from trusts.models import TRUST_LEAGUES, League


class SegmentRule(models.TextChoices):
    QUARTILES = "quartiles", "Quartiles of the average scores of all trusts (2025/26)"
    THRESHOLDS = "thresholds", "Fixed thresholds (2026/27)"


LEAGUE_CHOICES = tuple(League.choices)
"""Every league a framework year may list, in the order the service shows them."""


class FrameworkVersionQuerySet(models.QuerySet):
    def with_published_periods(self) -> "FrameworkVersionQuerySet":
        return self.filter(periods__status__in=["published", "revising"]).distinct()


class FrameworkVersion(models.Model):
    """A framework year's rules: its metric catalogue (the Metric rows) and segment rule."""

    code = models.CharField(
        max_length=7, unique=True, help_text="The framework year, e.g. 2025/26."
    )
    name = models.CharField(max_length=100)
    segment_rule = models.CharField(max_length=12, choices=SegmentRule.choices)
    threshold_1 = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Fixed thresholds: the highest average in segment 1.",
    )
    threshold_2 = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Fixed thresholds: the highest average in segment 2.",
    )
    threshold_3 = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Fixed thresholds: the highest average in segment 3; above it, segment 4.",
    )
    financial_cap = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=3,
        help_text="The best segment a trust in financial deficit can be placed in. "
        "Empty: no financial adjustment.",
    )
    segment_5 = models.BooleanField(
        "segment 5 used",
        default=True,
        help_text="Trusts in the Recovery Support Programme are shown in segment 5.",
    )
    leagues = models.JSONField(
        default=list, blank=True, help_text="The league tables this year publishes."
    )
    period_defaults = models.JSONField(
        default=dict,
        blank=True,
        help_text="Facts known for a quarter before its data is imported, by period label: "
        '{"Q1 2025/26": {"rounded_items": [...], "note": "..."}}. A new period starts with them.',
    )
    notes = models.TextField(blank=True)

    objects = FrameworkVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(financial_cap__isnull=True)
                | models.Q(financial_cap__gte=1, financial_cap__lte=4),
                name="framework_financial_cap_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def thresholds(self) -> tuple | None:
        points = (self.threshold_1, self.threshold_2, self.threshold_3)
        return None if None in points else points

    @property
    def tables(self) -> tuple[League, ...]:
        """The league tables this year publishes, in the order the service shows them."""
        listed = set(self.leagues or TRUST_LEAGUES)
        return tuple(league for league in League if league.value in listed)

    @property
    def is_published(self) -> bool:
        """A year with a published quarter: its rules are frozen."""
        return self.periods.filter(status__in=["published", "revising"]).exists()


class Domain(models.Model):
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="domains"
    )
    name = models.CharField(max_length=100)
    score_id = models.CharField(max_length=6, help_text="e.g. OF4000")
    segment_id = models.CharField(max_length=6, help_text="e.g. OF4100")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="domain_unique_name"),
            models.UniqueConstraint(
                fields=["framework", "score_id"], name="domain_unique_score_id"
            ),
            models.UniqueConstraint(
                fields=["framework", "segment_id"], name="domain_unique_segment_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Metric(models.Model):
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="metrics"
    )
    metric_id = models.CharField("metric ID", max_length=6, help_text="e.g. OF0013")
    score_id = models.CharField("score ID", max_length=6, help_text="e.g. OF1013")
    description = models.CharField(max_length=300)
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="metrics")
    sub_domain = models.CharField(max_length=100, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    higher_is_better = models.BooleanField(null=True, blank=True)
    rule = models.CharField(max_length=10, help_text="Scoring rule: A, B, C, D, matrix, published.")
    params = models.JSONField(default=dict, blank=True)
    leagues = models.JSONField(default=list, blank=True, help_text="Leagues the metric applies to.")
    counts_in_average = models.BooleanField(default=True)
    average_group = models.CharField(
        max_length=30,
        blank=True,
        help_text="Scores in the same group are averaged into one item first (e.g. infection).",
    )
    added_from_file = models.BooleanField(
        default=False, help_text="Added to the catalogue from an imported file's description."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "metric_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "metric_id"], name="metric_unique_per_framework"
            ),
            models.UniqueConstraint(
                fields=["framework", "score_id"], name="metric_score_unique_per_framework"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric_id} {self.description}"
