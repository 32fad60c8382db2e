"""The daily reminders to trust leaders: a plan due or overdue, a milestone past its date, a
plan with no update for 90 days.

Each reminder is recorded in the same transaction that sends it, under a unique (kind,
subject, scope), so running the job again the same day (or twice at once) never sends the
same reminder twice; a failed send rolls the record back and tomorrow's run tries again.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from improvement.models import Reminder, ReminderKind
from improvement.selectors.obligations import (
    STALE_AFTER_DAYS,
    missing_plans,
    overdue_milestones,
    stale_plans,
)
from trusts.models import Trust


@dataclass
class ReminderRun:
    sent: list[Reminder] = field(default_factory=list)
    already_sent: int = 0
    no_recipients: int = 0


def _recipients(trust: Trust) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(trust_memberships__trust=trust, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _manage_url() -> str:
    base = settings.SERVICE_BASE_URL.rstrip("/")
    return base + reverse("manage:dashboard")


def _remind(
    run: ReminderRun, kind: str, trust: Trust, subject: str, scope: str, title: str, body: str
) -> None:
    recipients = _recipients(trust)
    if not recipients:
        run.no_recipients += 1  # recorded once someone can receive it
        return
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=kind, trust=trust, subject=subject, scope=scope, recipients=len(recipients)
            )
            text = f"{body}\n\nSign in to update the plan: {_manage_url()}\n"
            EmailMessage(f"{trust.name}: {title}", text, to=recipients).send()
    except IntegrityError:
        run.already_sent += 1
        return
    run.sent.append(reminder)


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def reminders_send(*, today: date | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    run = ReminderRun()
    for due in missing_plans(today):
        kind = ReminderKind.PLAN_OVERDUE if due.overdue else ReminderKind.PLAN_DUE
        title = "improvement plan overdue" if due.overdue else "improvement plan due"
        body = (
            f"{due.trust.name} is in segment 4 in {due.period.label}, published "
            f"{_day(due.published_on)}. Trusts in segment 4 are expected to publish an "
            f"improvement plan within {due.deadline_days} days, by {_day(due.deadline)}."
        )
        if due.overdue:
            body += f" No plan has been published: it is {due.days_overdue} days overdue."
        _remind(run, kind, due.trust, f"trust:{due.trust.ods_code}", due.period.slug, title, body)
    for milestone in overdue_milestones(today):
        plan = milestone.action.plan
        body = (
            f"The milestone “{milestone.title}” of the action “{milestone.action.title}” was "
            f"due on {_day(milestone.due_date)} and is not marked as done. It is shown as "
            "overdue on the public plan page. Record the date it was done, or post an update."
        )
        _remind(
            run,
            ReminderKind.MILESTONE_OVERDUE,
            plan.trust,
            f"milestone:{milestone.pk}",
            milestone.due_date.isoformat(),
            "milestone overdue",
            body,
        )
    for plan in stale_plans(today).annotate(last_update=Max("updates__date")):
        last = max(filter(None, [plan.last_update, timezone.localdate(plan.published_at)]))
        body = (
            f"The improvement plan “{plan.title}” has had no progress update since "
            f"{_day(last)}. Plans with no update for {STALE_AFTER_DAYS} days are flagged on "
            "the public plan page."
        )
        _remind(
            run,
            ReminderKind.PLAN_STALE,
            plan.trust,
            f"plan:{plan.pk}",
            last.isoformat(),
            "no progress update for 90 days",
            body,
        )
    return run
