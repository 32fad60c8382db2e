import re

from django.db import models
from django.db.models import Q

from league.models.catalogue import FrameworkVersion

PERIOD_LABEL = re.compile(r"^Q(?P<quarter>[1-4]) (?P<year>\d{4})/(?P<next>\d{2})$")


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", "Draft: not yet published"
    PUBLISHED = "published", "Published"
    REVISING = "revising", "Published, with a correction being prepared"


class PeriodQuerySet(models.QuerySet):
    def published(self) -> "PeriodQuerySet":
        """Periods the public can see: published, including those being corrected."""
        return self.filter(status__in=[PeriodStatus.PUBLISHED, PeriodStatus.REVISING])


class Period(models.Model):
    """A quarter of a framework year, e.g. "Q1 2025/26"."""

    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="periods"
    )
    year = models.PositiveSmallIntegerField(help_text="First calendar year: 2025 for 2025/26.")
    quarter = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=12, unique=True)
    slug = models.SlugField(max_length=12, unique=True)
    status = models.CharField(
        max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT
    )
    cut_point_1 = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Set for a period whose data lacks some trust types, so its own quartiles "
        "cannot be recomputed. Empty: the engine computes them.",
    )
    cut_point_2 = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    cut_point_3 = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    rounded_items = models.JSONField(
        default=list,
        blank=True,
        help_text="Score ids that entered NHS England's averages already rounded to 2 dp "
        "(only matters when scores are recomputed from raw values).",
    )
    rounded_items_note = models.TextField(
        blank=True, help_text="Where the rounded items come from, for the methodology page."
    )
    cut_points_note = models.TextField(
        blank=True, help_text="Where the cut-points come from, for the methodology page."
    )

    inputs_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When data, scoring parameters or cut-points last changed; the daily check "
        "recomputes a period whose inputs changed after its last successful run.",
    )

    inputs_version = models.PositiveIntegerField(
        default=0,
        help_text="Bumped with every change to the inputs of the period's working release "
        "(imported values, cut-points, scoring rules); a recompute that read an older version "
        "never writes its results.",
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="period_unique_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="period_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @staticmethod
    def parse_label(label: str) -> tuple[int, int] | None:
        """(year, quarter) for "Q1 2025/26", or None when the label is not of that form."""
        match = PERIOD_LABEL.match(label.strip())
        if not match:
            return None
        year = int(match["year"])
        if (year + 1) % 100 != int(match["next"]):
            return None
        return year, int(match["quarter"])

    @staticmethod
    def label_for(year: int, quarter: int) -> str:
        return f"Q{quarter} {year}/{(year + 1) % 100:02d}"

    @staticmethod
    def slug_for(year: int, quarter: int) -> str:
        return f"{year}-{(year + 1) % 100:02d}-q{quarter}"

    @property
    def framework_code(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"
