from django.conf import settings
from django.db import models


class ImportOutcome(models.TextChoices):
    IMPORTED = "imported", "Imported"
    UNCHANGED = "unchanged", "Already imported: nothing changed"
    REFUSED = "refused", "Refused"


class ImportBatch(models.Model):
    """The record of one import of NHS England files: who, when, what, and how it ended."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nof_imports",
    )
    source = models.CharField(max_length=20, help_text="admin, command line or demonstration")
    files = models.JSONField(default=list, help_text="Name, size, SHA-256 and kind of each file.")
    periods = models.ManyToManyField("league.Period", blank=True, related_name="import_batches")
    period_labels = models.CharField(max_length=200, blank=True)
    counts = models.JSONField(default=dict, help_text="Rows read, added, changed and unchanged.")
    outcome = models.CharField(max_length=10, choices=ImportOutcome.choices)
    problems = models.JSONField(default=list, blank=True)
    revision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"
        permissions = [("import_nof", "Can import NHS England NOF files")]

    def __str__(self) -> str:
        names = ", ".join(item.get("name", "") for item in self.files)
        return f"{self.created_at:%d %b %Y %H:%M} {names}"
