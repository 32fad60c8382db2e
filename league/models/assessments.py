"""What this service computes for each period: one assessment per trust, and its scores.

A period's results are replaced as a whole in one transaction, so a reader sees either the
previous table or the new one, never a mixture.
"""

from django.db import models
from django.db.models import Q

from league.models.periods import Period
from league.models.releases import Release
from trusts.models import Trust


class PeriodComputation(models.Model):
    """How a release's results were computed."""

    release = models.OneToOneField(Release, on_delete=models.CASCADE, related_name="computation")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="computations")
    computed_at = models.DateTimeField()
    cut_point_1 = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    cut_point_2 = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    cut_point_3 = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    cut_points_source = models.CharField(
        max_length=10,
        help_text="computed (quartiles), supplied (set for the period), thresholds (the "
        "year's) or none",
    )
    figures = models.CharField(
        max_length=10,
        default="computed",
        help_text="computed: the public figures are this service's; published: the period's "
        "rules are not all known, so the public sees NHS England's published segments, "
        "averages and ranks (and the computed ones are kept for reconciliation).",
    )
    figures_reason = models.TextField(blank=True)
    inputs_version = models.PositiveIntegerField(
        default=0, help_text="The period's inputs version these results were computed from."
    )
    from_raw = models.BooleanField(
        default=False, help_text="Every score recomputed from raw values, ignoring published ones."
    )
    replicates = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    notes = models.JSONField(default=list, blank=True)
    trusts = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.period} computed {self.computed_at:%d %b %Y %H:%M}"

    @property
    def cut_points(self) -> tuple | None:
        points = (self.cut_point_1, self.cut_point_2, self.cut_point_3)
        return None if None in points else points

    @property
    def shows_published(self) -> bool:
        return self.figures == "published"


class Assessment(models.Model):
    """One trust in one period: its average, segments, rank and likely ranges."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="assessments")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="assessments")
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="assessments")
    league = models.CharField(max_length=10, db_index=True)
    average = models.FloatField(null=True, help_text="Unrounded average metric score.")
    average_2dp = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    item_count = models.PositiveSmallIntegerField(default=0)
    unadjusted_segment = models.PositiveSmallIntegerField(null=True)
    adjusted_segment = models.PositiveSmallIntegerField(null=True)
    in_financial_deficit = models.BooleanField(default=False)
    in_recovery_support = models.BooleanField(
        default=False, help_text="Segment 5: in the Recovery Support Programme."
    )
    rank = models.PositiveSmallIntegerField(null=True)
    league_size = models.PositiveSmallIntegerField(default=0)
    average_low = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    average_high = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    rank_low = models.PositiveSmallIntegerField(null=True)
    rank_high = models.PositiveSmallIntegerField(null=True)
    segment_stability = models.FloatField(
        null=True, help_text="Share of bootstrap replicates in which the segment differs."
    )
    next_segment = models.JSONField(null=True, blank=True)
    peer_group = models.CharField(
        max_length=60,
        blank=True,
        help_text="The trust subtype it was ranked like-for-like within, as at this release.",
    )
    peer_rank = models.PositiveSmallIntegerField(
        null=True, help_text="Rank among the trusts of the same table and subtype."
    )
    peer_size = models.PositiveSmallIntegerField(default=0)
    peer_rank_low = models.PositiveSmallIntegerField(null=True)
    peer_rank_high = models.PositiveSmallIntegerField(null=True)
    # What the engine computed; equal to the fields above unless the release shows NHS
    # England's published figures (PeriodComputation.figures == "published").
    computed_average_2dp = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    computed_unadjusted_segment = models.PositiveSmallIntegerField(null=True)
    computed_adjusted_segment = models.PositiveSmallIntegerField(null=True)
    computed_rank = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["period", "league", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["release", "trust"], name="assessment_unique"),
            models.CheckConstraint(
                condition=Q(adjusted_segment__isnull=True)
                | (Q(adjusted_segment__gte=1) & Q(adjusted_segment__lte=4)),
                name="assessment_segment_1_to_4",
            ),
        ]
        indexes = [models.Index(fields=["release", "league", "rank"])]

    def __str__(self) -> str:
        return f"{self.trust_id} {self.period_id}: segment {self.adjusted_segment}"

    @property
    def segment(self) -> int | None:
        """The segment shown to the public: 5 for the Recovery Support Programme."""
        return 5 if self.in_recovery_support else self.adjusted_segment


class ComputedScore(models.Model):
    """A metric score (OF1xxx) or domain score (OF40xx) as used in this service's computation."""

    class Source(models.TextChoices):
        PUBLISHED = "published", "Published by NHS England"
        COMPUTED = "computed", "Computed from the raw value"
        DOMAIN = "domain", "Domain average"

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="computed_scores")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="computed_scores")
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="computed_scores")
    score_id = models.CharField(max_length=6)
    score = models.FloatField()
    score_2dp = models.DecimalField(max_digits=4, decimal_places=2)
    source = models.CharField(max_length=10, choices=Source.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "trust", "score_id"], name="computed_score_unique"
            ),
        ]
        indexes = [models.Index(fields=["release", "score_id"])]

    def __str__(self) -> str:
        return f"{self.trust_id} {self.score_id} {self.period_id}: {self.score_2dp}"
