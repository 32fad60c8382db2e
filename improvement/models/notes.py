"""Good-practice notes: what a trust changed that moved a metric, for other trusts to learn from.

Leaders of any trust write them at /manage/notes/; a note is public only once NHS England staff
approve it in admin (docs/adr/0011-good-practice-notes.md).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from improvement.models.memberships import TrustMembership
from league.models import Metric, Period
from trusts.models import Trust


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING = "awaiting", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Not approved"


MODERATE_PERMISSION = "improvement.moderate_goodpracticenote"


class NoteQuerySet(models.QuerySet):
    def for_user(self, user) -> "NoteQuerySet":
        """The notes of the trusts where `user` holds a membership (deny by default, as plans)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(trust__in=TrustMembership.objects.filter(user=user).values("trust"))

    def public(self) -> "NoteQuerySet":
        """The one rule for what the public may read: approved notes."""
        return self.filter(status=NoteStatus.APPROVED)


class GoodPracticeNote(models.Model):
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="good_practice_notes")
    title = models.CharField(max_length=150)
    summary = models.TextField(
        "what the trust changed",
        help_text="What changed, how, and what others would need to do the same.",
    )
    metrics = models.ManyToManyField(
        Metric, related_name="good_practice_notes", help_text="The NOF metrics it improved."
    )
    quarters = models.ManyToManyField(
        Period,
        related_name="+",
        blank=True,
        help_text="The published quarters whose data shows the effect.",
    )
    contact_role = models.CharField(
        max_length=150,
        help_text="A role to ask for at the trust, such as “Head of patient flow”: never a "
        "person's name or contact details.",
    )
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    refusal_reason = models.TextField(
        blank=True, help_text="Why NHS England did not approve it (shown to the trust only)."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoteQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[metrics, quarters])

    class Meta:
        ordering = ["-approved_at", "-updated_at", "pk"]
        verbose_name = "good-practice note"
        permissions = [("moderate_goodpracticenote", "Can approve or refuse good-practice notes")]
        indexes = [models.Index(fields=["status", "-approved_at"])]

    def __str__(self) -> str:
        return f"{self.trust.ods_code}: {self.title}"

    @property
    def is_public(self) -> bool:
        return self.status == NoteStatus.APPROVED

    @property
    def editable(self) -> bool:
        """Drafts and refused notes are edited freely; an awaiting note is with NHS England."""
        return self.status != NoteStatus.AWAITING
