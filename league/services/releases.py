"""Publishing a period's results, and correcting them without rewriting history."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from league.models import (
    Assessment,
    DataVersion,
    Period,
    PeriodComputation,
    PeriodStatus,
    Release,
    ReleaseState,
)
from league.selectors import PUBLIC_DATA, refresh_data_version


class ReleaseError(Exception):
    pass


def release_publish(*, release: Release, user=None, correction_note: str = "") -> Release:
    """Make a draft release public. A revision supersedes the release it corrects, which stays
    readable; the trusts whose segment or rank changed are recorded with it."""
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        period = Period.objects.select_for_update().get(pk=release.period_id)
        if release.state != ReleaseState.DRAFT:
            raise ReleaseError(f"{release} is already {release.get_state_display().lower()}.")
        if not PeriodComputation.objects.filter(release=release).exists():
            raise ReleaseError(f"{release} has no computed results: recompute it first.")
        previous = period.releases.filter(state=ReleaseState.PUBLISHED).first()
        if previous is not None:
            if not correction_note.strip():
                raise ReleaseError("A correction needs a public note saying what changed and why.")
            release.changes = release_changes(previous, release)
            previous.state = ReleaseState.SUPERSEDED
            previous.save(update_fields=["state"])
        release.state = ReleaseState.PUBLISHED
        release.published_at = timezone.now()
        release.published_by = user
        release.correction_note = correction_note.strip()
        release.save()
        period.status = PeriodStatus.PUBLISHED
        period.save(update_fields=["status"])
        data_version_bump()
    return release


def release_revise(*, period: Period, user=None, reason: str) -> Release:
    """Start a correction of a published period: a new draft release that imports and
    recomputes may change, while the public still sees the published one."""
    if not reason.strip():
        raise ReleaseError("Say why the period is being corrected.")
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        if period.status != PeriodStatus.PUBLISHED:
            raise ReleaseError(f"{period} is not published: correct it directly.")
        number = period.releases.count() + 1
        release = Release.objects.create(
            period=period, number=number, reason=reason.strip(), created_by=user
        )
        period.status = PeriodStatus.REVISING
        period.save(update_fields=["status"])
    return release


def release_changes(before: Release, after: Release) -> list[dict]:
    """Trusts whose segment or rank differs between two releases of a period."""
    old = {a.trust_id: a for a in Assessment.objects.filter(release=before)}
    changes = []
    for new in Assessment.objects.filter(release=after).select_related("trust"):
        was = old.get(new.trust_id)
        segment_before = was.segment if was else None
        rank_before = was.rank if was else None
        if (segment_before, rank_before) != (new.segment, new.rank):
            changes.append(
                {
                    "trust": new.trust.ods_code,
                    "name": new.trust.name,
                    "segment_before": segment_before,
                    "segment_after": new.segment,
                    "rank_before": rank_before,
                    "rank_after": new.rank,
                }
            )
    return sorted(changes, key=lambda change: change["name"])


def data_version_bump() -> None:
    """Public pages are cached under the data version: a new number shows the new data at once."""
    row, _ = DataVersion.objects.get_or_create(key=PUBLIC_DATA)
    DataVersion.objects.filter(pk=row.pk).update(number=F("number") + 1)
    transaction.on_commit(refresh_data_version)
