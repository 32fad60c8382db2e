"""Publishing a quarter, as the admin home and a period's page show it: import, recompute,
reconcile, publish, each step with the state the period's data is in."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.timezone import localdate

from league.admin.base import day, when
from league.admin.imports import IMPORT_PERMISSION
from league.models import (
    ImportBatch,
    ImportOutcome,
    Period,
    PeriodComputation,
    PeriodStatus,
    Release,
    ReleaseState,
    RunState,
)
from league.selectors import latest_release
from league.services.reconcile import period_reconcile
from league.services.releases import INPUT_MODELS, PUBLISH_PERMISSION
from league.services.runs import WORKING_STATUSES


@dataclass(frozen=True)
class PublishingStep:
    number: int
    name: str
    state: str
    link: str
    url: str | None  # None when the user may not take the step here


def publishing_periods() -> list[Period]:
    """The quarters being worked on, newest first; when none is, the latest published one."""
    newest = ("-year", "-quarter")
    working = list(Period.objects.filter(status__in=WORKING_STATUSES).order_by(*newest)[:4])
    return working or list(Period.objects.published().order_by(*newest)[:1])


def publishing_steps(period: Period, *, user) -> list[PublishingStep]:
    """The four steps of publishing the period, each with the state its data is in."""
    release = latest_release(period)
    computation = PeriodComputation.objects.filter(release=release).first() if release else None
    current = computation is not None and computation.inputs_version == period.inputs_version
    imports = period.import_batches.filter(outcome=ImportOutcome.IMPORTED).order_by("-created_at")
    if release is not None:
        imports = imports.filter(created_at__gte=release.created_at)
    imports = list(imports)
    last_import = imports[0].created_at if imports else None
    import_url = reverse("admin:league_importbatch_import")
    recompute_url = reverse("admin:league_period_changelist")
    reconcile_url = reverse("admin:league_period_reconcile", args=[period.pk])
    return [
        PublishingStep(
            1,
            "Import",
            _import_state(release, imports),
            "Import NOF files",
            import_url if user.has_perm(IMPORT_PERMISSION) else None,
        ),
        PublishingStep(
            2,
            "Recompute",
            _recompute_state(period, computation, current, last_import),
            "Recompute (an action on the periods list)",
            recompute_url,
        ),
        PublishingStep(
            3, "Reconcile", _reconcile_state(period, computation), "Reconciliation", reconcile_url
        ),
        _publish_step(period, release, user),
    ]


def _import_state(release: Release | None, imports: list[ImportBatch]) -> str:
    if release is None:
        return "not yet"
    rows = sum(model.objects.filter(release=release).count() for model in INPUT_MODELS)
    if not imports:
        if release.is_revision:
            return f"no corrected files yet: {rows:,} rows copied from the published release"
        return f"{rows:,} rows" if rows else "not yet"
    files = len({item.get("name") for batch in imports for item in batch.files})
    when = day(localdate(imports[0].created_at))
    return f"{files} file{'' if files == 1 else 's'}, {rows:,} rows, {when}"


def _recompute_state(
    period: Period,
    computation: PeriodComputation | None,
    current: bool,
    last_import: datetime | None,
) -> str:
    runs = period.recompute_runs.all()
    running = runs.filter(state=RunState.RUNNING).first()
    if running is not None:
        return f"running since {when(running.started_at or running.queued_at)}"
    queued = runs.filter(state=RunState.QUEUED).first()
    if queued is not None:
        if not queued.enqueued:
            return "queued, but the task queue cannot be reached: it waits for the daily check"
        return f"queued {when(queued.queued_at)}"
    if current:
        return f"done {when(computation.computed_at)}"
    last = runs.first()
    if last is not None and last.state == RunState.FAILED:
        return f"failed {when(last.finished_at or last.queued_at)}: {last.error[:150]}"
    if computation is None:
        return "not yet"
    if last_import is not None and last_import > computation.computed_at:
        return f"out of date since the last import ({when(last_import)})"
    return "out of date since the rules or cut-points changed"


def _reconcile_state(period: Period, computation: PeriodComputation | None) -> str:
    if computation is None:
        return "not yet: recompute first"
    report = period_reconcile(period=period)
    compared = sum(check.compared for check in report.checks)
    if not compared:
        return "nothing published by NHS England to compare with"
    matched = sum(check.matched for check in report.checks)
    return f"{matched:,} of {compared:,} published figures match"


def _publish_step(period: Period, release: Release | None, user) -> PublishingStep:
    published = period.releases.filter(state=ReleaseState.PUBLISHED).first()
    may = user.has_perm(PUBLISH_PERMISSION)
    publish_url = reverse("admin:league_period_publish", args=[period.pk]) if may else None
    if published is not None and period.status == PeriodStatus.PUBLISHED:
        state = f"published on {day(published.publication_date)}"
        if published.is_revision:
            state += f" (release {published.number}, a correction)"
        revise_url = reverse("admin:league_period_revise", args=[period.pk]) if may else None
        return PublishingStep(4, "Publish", state, "Correct (new release)", revise_url)
    if published is not None and release is not None:
        state = (
            f"correction (release {release.number}) in draft; release {published.number}, "
            f"published on {day(published.publication_date)}, stays public until it is published"
        )
        return PublishingStep(4, "Publish", state, "Publish the correction", publish_url)
    ready = release is not None and release.state == ReleaseState.DRAFT
    return PublishingStep(
        4, "Publish", "draft: not yet published", "Publish…", publish_url if ready else None
    )
