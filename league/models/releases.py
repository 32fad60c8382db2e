"""Releases: a period's results as published, and the corrections that followed.

A period's computed results live in a release. Release 1 is drafted by the first recompute and
published by NHS England staff; a correction starts a new draft release, and publishing it
supersedes the old one, which stays readable at its own URL (`?release=1`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from league.models.periods import Period


class ReleaseState(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded by a correction"


class ReleaseQuerySet(models.QuerySet):
    def public(self) -> "ReleaseQuerySet":
        return self.filter(state__in=[ReleaseState.PUBLISHED, ReleaseState.SUPERSEDED])


class Release(models.Model):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveSmallIntegerField()
    state = models.CharField(
        max_length=10, choices=ReleaseState.choices, default=ReleaseState.DRAFT
    )
    reason = models.TextField(
        blank=True, help_text="Why this correction was made (required for a revision)."
    )
    correction_note = models.TextField(
        blank=True, help_text="Shown to the public: what changed and why."
    )
    changes = models.JSONField(
        default=list,
        blank=True,
        help_text="Trusts whose segment or rank changed from the previous release.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day NHS England published these results (when known); pages cite it.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["period", "number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="release_unique_number"),
            models.UniqueConstraint(
                fields=["period"], condition=Q(state="draft"), name="release_one_draft"
            ),
            models.UniqueConstraint(
                fields=["period"], condition=Q(state="published"), name="release_one_published"
            ),
        ]
        permissions = [("publish_release", "Can publish and revise league tables")]

    def __str__(self) -> str:
        return f"{self.period} release {self.number}"

    @property
    def publication_date(self):
        """NHS England's publication date when given, else the day it was published here."""
        if self.published_on is not None:
            return self.published_on
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def changes_summary(self) -> str:
        count = len(self.changes)
        return f"The segment or rank of {count} trust{'' if count == 1 else 's'} changed"

    @property
    def few_changes(self) -> bool:
        """Few enough to list open on the page; more are listed behind a summary."""
        return len(self.changes) <= 10

    @property
    def is_revision(self) -> bool:
        return self.number > 1

    @property
    def figures(self) -> str:
        """ "published" when the release shows NHS England's published segments, averages
        and ranks because the period's rules are not all known; else "computed"."""
        computation = getattr(self, "computation", None)
        return computation.figures if computation is not None else "computed"

    @property
    def figures_reason(self) -> str:
        computation = getattr(self, "computation", None)
        return computation.figures_reason if computation is not None else ""


class DataVersion(models.Model):
    """A counter bumped whenever public data changes; public page caches are keyed on it."""

    key = models.CharField(max_length=30, unique=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key} v{self.number}"
