"""Publishing a period's results, and correcting them without rewriting history.

A release is a whole: the inputs it was computed from (raw values, NHS England's published
figures and league rows) and its results. Imports and recomputes only ever change the period's
draft release; opening a correction copies the published release's inputs into a new draft.
"""

import time
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from league.models import (
    Assessment,
    DataVersion,
    FrameworkVersion,
    MetricValue,
    Period,
    PeriodComputation,
    PeriodStatus,
    PublishedFigure,
    PublishedLeagueRow,
    Release,
    ReleaseState,
)
from league.selectors import PUBLIC_DATA, refresh_data_version
from league.warming import warm_public_pages

PUBLISH_PERMISSION = "league.publish_release"
INPUT_MODELS = (MetricValue, PublishedFigure, PublishedLeagueRow)


class ReleaseError(Exception):
    pass


def release_working(*, period: Period) -> Release:
    """Lock the period and return the draft release that imports and recomputes change: release
    1 of a period never published (created on first use), or the correction staff opened. A
    published period without an open correction is frozen. Call inside a transaction."""
    period = Period.objects.select_for_update().get(pk=period.pk)
    draft = period.releases.filter(state=ReleaseState.DRAFT).first()
    if draft is not None:
        return draft
    if period.status != PeriodStatus.DRAFT or period.releases.exists():
        raise ReleaseError(
            f"{period} is published, so its data and results are frozen: open a correction, "
            "with a reason, to change them."
        )
    return Release.objects.create(period=period, number=1)


def _check_can_publish(user) -> None:
    """The publish permission is checked here, whichever door (admin, command) was used. A
    missing user means the command line, run by whoever holds the server."""
    if user is not None and not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(
            "Publishing or correcting league tables needs the publish permission."
        )


def release_publish(
    *,
    release: Release,
    user=None,
    correction_note: str = "",
    published_on: date | None = None,
    warm: bool = True,
) -> Release:
    """Make a draft release public. A revision supersedes the release it corrects, which stays
    readable; the trusts whose segment or rank changed are recorded with it. `published_on` is
    NHS England's own publication date, when known. Unless `warm` is off, the new pages are
    rendered before the commit announces them (settings.PUBLICATION_WARM_SECONDS)."""
    _check_can_publish(user)
    if published_on is not None and published_on > timezone.localdate():
        raise ReleaseError("NHS England's publication date cannot be in the future.")
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        # The year's row before the period's, as a change of the year's rules takes them: a
        # quarter is not published while its year's rules are changing.
        framework_id = Period.objects.values_list("framework_id", flat=True).get(
            pk=release.period_id
        )
        FrameworkVersion.objects.select_for_update().filter(pk=framework_id).first()
        period = Period.objects.select_for_update().get(pk=release.period_id)
        if release.state != ReleaseState.DRAFT:
            raise ReleaseError(f"{release} is already {release.get_state_display().lower()}.")
        computation = PeriodComputation.objects.filter(release=release).first()
        if computation is None:
            raise ReleaseError(f"{release} has no computed results: recompute it first.")
        if computation.inputs_version != period.inputs_version:
            raise ReleaseError(
                f"{period}'s data or rules changed after its results were computed: wait for "
                "the recompute that follows, then publish."
            )
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
        release.published_on = published_on
        release.correction_note = correction_note.strip()
        release.save()
        period.status = PeriodStatus.PUBLISHED
        period.save(update_fields=["status"])
        version = data_version_bump()
        if warm and settings.PUBLICATION_WARM_SECONDS > 0:
            # The new pages, before the commit announces them (league/warming.py).
            release.period = period
            warm_public_pages(release, version, settings.PUBLICATION_WARM_SECONDS)
    return release


def release_revise(*, period: Period, user=None, reason: str) -> Release:
    """Open a correction of a published period: a new draft release holding a copy of the
    published release's inputs, which imports and recomputes may change while the public still
    sees the published release, inputs and results alike."""
    _check_can_publish(user)
    if not reason.strip():
        raise ReleaseError("Say why the period is being corrected.")
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        if period.status != PeriodStatus.PUBLISHED:
            raise ReleaseError(f"{period} is not published: correct it directly.")
        current = period.releases.get(state=ReleaseState.PUBLISHED)
        number = period.releases.count() + 1
        release = Release.objects.create(
            period=period, number=number, reason=reason.strip(), created_by=user
        )
        for model in INPUT_MODELS:
            _copy_rows(model, source=current, target=release)
        period.status = PeriodStatus.REVISING
        period.save(update_fields=["status"])
    return release


def _copy_rows(model, *, source: Release, target: Release) -> None:
    """Copy one input table's rows of a release into another in a single statement."""
    fields = [
        f.column for f in model._meta.concrete_fields if not f.primary_key and f.name != "release"
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in fields)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quote('release_id')}, {columns}) "
            f"SELECT %s, {columns} FROM {table} WHERE {quote('release_id')} = %s",
            [target.pk, source.pk],
        )


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


def data_version_bump() -> int:
    """Public pages are cached under the data version: a new number shows the new data at once,
    when the transaction commits. Returns the new number.

    The number goes up by at least one, to the milliseconds since 1970 when that is more, so a
    number is never handed out twice even when a transaction that took it rolls back after
    pages were prepared under it (league.warming)."""
    with transaction.atomic():
        row, _ = DataVersion.objects.select_for_update().get_or_create(key=PUBLIC_DATA)
        row.number = max(row.number + 1, time.time_ns() // 1_000_000)
        row.save(update_fields=["number"])
        transaction.on_commit(refresh_data_version)
    return row.number
