"""A segment-4 trust's public plan to leave segment 4."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from improvement.models.memberships import TrustMembership
from league.models import Period
from trusts.models import Trust


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


# The one rule for what the public may read: a published plan, or one published once and since
# closed. A plan closed while still a draft (never published) stays private for ever.
PUBLIC_PLANS = Q(status=PlanStatus.PUBLISHED) | Q(
    status=PlanStatus.CLOSED, published_at__isnull=False
)


REVIEW_PERMISSION = "improvement.review_plan"


class ReviewStatus(models.TextChoices):
    NOT_REVIEWED = "not_reviewed", "Not reviewed"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    ACCEPTED = "accepted", "Accepted"


class ImprovementPlanQuerySet(models.QuerySet):
    def for_user(self, user) -> "ImprovementPlanQuerySet":
        """The plans of the trusts where `user` holds a membership: the only way /manage/ reaches
        a plan. Deny by default: anonymous and inactive users get nothing, and NHS England staff
        no more than their own memberships (they review plans in Django admin)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(trust__in=TrustMembership.objects.filter(user=user).values("trust"))

    def public(self) -> "ImprovementPlanQuerySet":
        """Plans the public may read: published, or published once and since closed."""
        return self.filter(PUBLIC_PLANS)

    def open(self) -> "ImprovementPlanQuerySet":
        return self.exclude(status=PlanStatus.CLOSED)


class ImprovementPlan(models.Model):
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="improvement_plans")
    period = models.ForeignKey(
        Period,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The published quarter that placed the trust in segment 4.",
    )
    title = models.CharField(max_length=200)
    summary = models.TextField()
    executive_lead_role = models.CharField(
        max_length=150,
        help_text="The accountable role, such as “Chief executive”: never a person's name or "
        "contact details.",
    )
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    target_segment = models.PositiveSmallIntegerField(
        choices=[(1, "Segment 1"), (2, "Segment 2"), (3, "Segment 3")], default=3
    )
    target_date = models.DateField(help_text="When the trust expects to reach the target segment.")
    review_status = models.CharField(
        "NHS England review",
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.NOT_REVIEWED,
    )
    review_comments = models.TextField(
        blank=True, help_text="NHS England's comments to the trust (not shown to the public)."
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="First published: the public history starts here."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every edit, so two leaders cannot overwrite each other."
    )

    objects = ImprovementPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["trust__name", "-created_at"]
        permissions = [("review_plan", "Can review improvement plans (accept or ask for changes)")]
        constraints = [
            models.UniqueConstraint(
                fields=["trust"],
                condition=~Q(status="closed"),
                name="improvement_plan_one_open_per_trust",
            ),
            models.CheckConstraint(
                condition=Q(target_segment__gte=1) & Q(target_segment__lte=3),
                name="improvement_plan_target_segment_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trust.ods_code}: {self.title}"

    @property
    def is_public(self) -> bool:
        return self.status == PlanStatus.PUBLISHED or (
            self.status == PlanStatus.CLOSED and self.published_at is not None
        )

    @property
    def is_closed(self) -> bool:
        return self.status == PlanStatus.CLOSED
