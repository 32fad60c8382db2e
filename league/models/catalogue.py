"""The rules as data: framework versions, domains and the metric catalogue.

The ranking engine reads these rows (as `league.methodology` dataclasses); the methodology page
shows them. Changing a threshold is a data change that triggers a recompute, not a code change.
"""

from django.db import models


class SegmentRule(models.TextChoices):
    QUARTILES = "quartiles", "Quartiles of the average scores of all trusts (2025/26)"
    THRESHOLDS = "thresholds", "Fixed thresholds (2026/27)"


class FrameworkVersion(models.Model):
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
        help_text="Fixed thresholds: highest average in segment 1.",
    )
    threshold_2 = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    threshold_3 = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Domain(models.Model):
    name = models.CharField(max_length=100, unique=True)
    score_id = models.CharField(max_length=6, unique=True, help_text="e.g. OF4000")
    segment_id = models.CharField(max_length=6, unique=True, help_text="e.g. OF4100")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

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
