"""Celery tasks of the league app: thin doors that load by id and call one service."""

from celery import Task, shared_task
from django.db import OperationalError

from league.services.runs import (
    periods_recompute_stale,
    recompute_run_execute,
    recompute_run_failed,
)


class RecomputeTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # Retries exhausted, or an unexpected error: the run is recorded as failed, with why.
        recompute_run_failed(run_id=args[0], error=f"{type(exc).__name__}: {exc}")


@shared_task(
    base=RecomputeTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def recompute_period(run_id: int) -> str:
    """Recompute one period. Idempotent, so a message redelivered after a worker died (acks
    late) simply runs it again."""
    run = recompute_run_execute(run_id=run_id)
    return "already finished" if run is None else run.state


@shared_task
def recompute_stale_periods() -> int:
    return len(periods_recompute_stale())
