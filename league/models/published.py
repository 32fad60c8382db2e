"""NHS England's own published figures, kept apart from anything this service computes.

Reconciliation compares the two; the engine may use published metric scores as inputs. Like the
raw values, they belong to a release, so a correction never changes what an earlier release
showed.
"""

from django.db import models

from league.models.releases import Release
from trusts.models import Trust


class FigureKind(models.TextChoices):
    METRIC_SCORE = "metric_score", "Metric score (OF1xxx)"
    DOMAIN_SCORE = "domain_score", "Domain score (OF40xx)"
    DOMAIN_SEGMENT = "domain_segment", "Domain segment (OF41xx)"
    SUMMARY = "summary", "Summary (OF5xxx)"


class PublishedFigure(models.Model):
    """A score, segment or flag row of NHS England's trust data file."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="published_figures")
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="published_figures")
    figure_id = models.CharField(max_length=6, help_text="e.g. OF1013, OF4000, OF5000")
    kind = models.CharField(max_length=16, choices=FigureKind.choices)
    value = models.FloatField(null=True, blank=True)
    reporting_date = models.CharField(max_length=60, blank=True)
    units = models.CharField(max_length=40, blank=True)
    median = models.FloatField(null=True, blank=True)
    lower_quartile = models.FloatField(null=True, blank=True)
    upper_quartile = models.FloatField(null=True, blank=True)
    rank = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "trust", "figure_id"], name="published_figure_unique"
            ),
        ]
        indexes = [models.Index(fields=["release", "figure_id"])]

    def __str__(self) -> str:
        return f"{self.trust_id} {self.figure_id} release {self.release_id}: {self.value}"


class PublishedLeagueRow(models.Model):
    """A row of NHS England's published league-table file."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="published_rows")
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="published_rows")
    average_score = models.FloatField(null=True, blank=True)
    average_low = models.FloatField(null=True, blank=True)
    average_high = models.FloatField(null=True, blank=True)
    segment = models.PositiveSmallIntegerField(null=True, blank=True)
    in_financial_deficit = models.BooleanField(default=False)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    rank_low = models.PositiveSmallIntegerField(null=True, blank=True)
    rank_high = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "trust"], name="published_row_unique"),
            models.CheckConstraint(
                condition=models.Q(segment__isnull=True)
                | (models.Q(segment__gte=1) & models.Q(segment__lte=5)),
                name="published_row_segment_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trust_id} release {self.release_id}: rank {self.rank}"
