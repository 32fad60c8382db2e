from django.db import models

from league.models.catalogue import Metric
from league.models.releases import Release
from trusts.models import Trust


class MetricValue(models.Model):
    """One trust's raw value for one metric in one release of a period, as NHS England
    published it. Inputs belong to a release: a correction copies them into its own draft, so
    a published release keeps the values its results were computed from."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="values")
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="metric_values")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="values")
    value = models.FloatField(null=True, blank=True, help_text="Empty: no data.")
    reporting_date = models.CharField(max_length=60, blank=True)
    units = models.CharField(max_length=40, blank=True)
    median = models.FloatField(null=True, blank=True)
    lower_quartile = models.FloatField(null=True, blank=True)
    upper_quartile = models.FloatField(null=True, blank=True)
    rank = models.FloatField(
        null=True,
        blank=True,
        help_text="NHS England's position of the trust within its type (1 = best), which "
        "orders values that are equal when rounded.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "trust", "metric"], name="metric_value_unique"
            ),
        ]
        indexes = [models.Index(fields=["release", "metric"])]

    def __str__(self) -> str:
        return f"{self.trust_id} {self.metric_id} release {self.release_id}: {self.value}"
