"""Who may edit which trust's plans: assigned by NHS England staff in Django admin."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from trusts.models import Trust


class Role(models.TextChoices):
    EDITOR = "editor", "Editor"
    EXECUTIVE_LEAD = "executive_lead", "Executive lead"


class TrustMembership(models.Model):
    """A trust leader's role at one trust. Editors draft and submit plans; executive leads may
    also publish and close them (docs/adr/0006-improvement-plans.md)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_memberships"
    )
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trust__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "trust"], name="trust_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} at {self.trust.ods_code}"
