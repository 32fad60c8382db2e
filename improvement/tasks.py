"""Celery tasks: thin doors onto improvement services."""

from celery import shared_task
from django.db import OperationalError

from improvement.services.reminders import reminders_send


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,  # safe: a reminder already recorded is never sent again
    reject_on_worker_lost=True,
)
def send_plan_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): remind trust leaders of missing, overdue and stale plans."""
    return len(reminders_send().sent)
