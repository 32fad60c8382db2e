"""Background recomputes: requested by imports, staff and the daily check; run by Celery workers.

Single flight per period: a run holds the period's recompute lock from reading its inputs to
committing its results (see `period_recompute`), so two workers never compute one period at
once, and readers see the old table or the new one. While a run waits in the queue, further
requests join it, so a burst of requests gives at most one run in progress and one to follow.
Every change of a period's inputs bumps its inputs version; a run that read an older version
than the one current when it finishes writes nothing and ends as superseded, and the run
queued by that change computes the newer inputs.
"""

import logging

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from league.models import Period, PeriodStatus, RecomputeRun, RunState, RunTrigger
from league.services.recompute import (
    InputsChanged,
    RecomputeError,
    period_lock,
    period_recompute,
)

logger = logging.getLogger(__name__)
WORKING_STATUSES = (PeriodStatus.DRAFT, PeriodStatus.REVISING)


def recompute_request(*, period: Period, trigger: str, user=None) -> RecomputeRun:
    """Queue a recompute of the period, or join the one already waiting."""
    with transaction.atomic():
        Period.objects.select_for_update().get(pk=period.pk)
        waiting = RecomputeRun.objects.filter(period=period, state=RunState.QUEUED).first()
        if waiting is not None:
            if not waiting.enqueued:  # the queue missed it: try again
                transaction.on_commit(lambda: recompute_enqueue(run_id=waiting.pk))
            return waiting
        run = RecomputeRun.objects.create(period=period, trigger=trigger, requested_by=user)
        transaction.on_commit(lambda: recompute_enqueue(run_id=run.pk))
    return run


def recompute_enqueue(*, run_id: int) -> bool:
    """Hand a run to the task queue. With the broker down the run stays queued (and flagged
    as not handed over); the daily check hands it over again."""
    from league.tasks import recompute_period

    try:
        recompute_period.delay(run_id)
    except Exception as error:  # the broker's errors vary by transport: log and keep the run
        logger.warning("Recompute run %s not handed to the queue: %s", run_id, error)
        return False
    RecomputeRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(enqueued=True)
    return True


def recompute_run_execute(*, run_id: int) -> RecomputeRun | None:
    """Run a queued recompute. A redelivered task (its worker died) runs again; a run that
    already finished, here or in another delivery of the same task, is not repeated."""
    claimed = RecomputeRun.objects.filter(
        pk=run_id, state__in=[RunState.QUEUED, RunState.RUNNING]
    ).update(
        state=RunState.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        enqueued=True,
    )
    if not claimed:
        return None
    run = RecomputeRun.objects.select_related("period").get(pk=run_id)
    with transaction.atomic():
        # Another delivery of this task may hold the lock; once it has it, check it is still ours.
        period_lock(run.period)
        if not RecomputeRun.objects.filter(pk=run_id, state=RunState.RUNNING).exists():
            return None
        try:
            computation = period_recompute(period=run.period)
        except InputsChanged as changed:
            return _superseded(run, changed)
        except RecomputeError as error:
            return recompute_run_failed(run_id=run_id, error=str(error))
        RecomputeRun.objects.filter(pk=run_id).update(
            state=RunState.SUCCEEDED,
            finished_at=timezone.now(),
            error="",
            trusts_written=computation.trusts,
            inputs_version=computation.inputs_version,
        )
    run.refresh_from_db()
    return run


def _superseded(run: RecomputeRun, changed: InputsChanged) -> RecomputeRun:
    """The inputs changed under the run: record it, and make sure a run for the new inputs
    follows (the change normally queued one already; this joins it)."""
    RecomputeRun.objects.filter(pk=run.pk).update(
        state=RunState.SUPERSEDED,
        finished_at=timezone.now(),
        error=str(changed),
        inputs_version=changed.read,
    )
    following = RecomputeRun.objects.filter(
        period=run.period, state__in=[RunState.QUEUED, RunState.RUNNING]
    ).exclude(pk=run.pk)
    if not following.exists():
        recompute_request(period=run.period, trigger=run.trigger, user=run.requested_by)
    run.refresh_from_db()
    return run


def recompute_run_failed(*, run_id: int, error: str) -> RecomputeRun:
    RecomputeRun.objects.filter(pk=run_id).update(
        state=RunState.FAILED, finished_at=timezone.now(), error=error[:5000]
    )
    return RecomputeRun.objects.get(pk=run_id)


def recompute_retry(*, run: RecomputeRun, user=None) -> RecomputeRun:
    """Staff ask again for a period whose run failed."""
    return recompute_request(period=run.period, trigger=RunTrigger.ADMIN, user=user)


def period_inputs_changed(*, periods, trigger: str = RunTrigger.IMPORT, user=None) -> list:
    """Note that a period's inputs changed (a new inputs version, so a run computing the old
    ones will not write) and queue its recompute (after the caller commits)."""
    runs = []
    for period in periods:
        Period.objects.filter(pk=period.pk).update(
            inputs_changed_at=timezone.now(), inputs_version=F("inputs_version") + 1
        )
        if period.status in WORKING_STATUSES:
            runs.append(recompute_request(period=period, trigger=trigger, user=user))
    return runs


def periods_recompute_stale() -> list[RecomputeRun]:
    """The daily check: recompute every working period whose inputs changed after its last
    successful run, and hand over runs the broker missed."""
    runs = []
    last_success = Max(
        "recompute_runs__started_at", filter=Q(recompute_runs__state=RunState.SUCCEEDED)
    )
    stale = (
        Period.objects.filter(status__in=WORKING_STATUSES, inputs_changed_at__isnull=False)
        .annotate(last_success=last_success)
        .filter(Q(last_success__isnull=True) | Q(last_success__lt=F("inputs_changed_at")))
    )
    for period in stale:
        runs.append(recompute_request(period=period, trigger=RunTrigger.SCHEDULE))
    for run_id in RecomputeRun.objects.filter(state=RunState.QUEUED, enqueued=False).values_list(
        "pk", flat=True
    ):
        recompute_enqueue(run_id=run_id)
    return runs
