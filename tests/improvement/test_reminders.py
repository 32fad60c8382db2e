"""The daily reminder job: missing, overdue and stale plans, each reminder sent once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from improvement.models import Reminder, ReminderKind
from improvement.services.reminders import reminders_send
from improvement.tasks import send_plan_reminders
from tests.improvement import factories as f
from tests.league.factories import TrustFactory

pytestmark = pytest.mark.django_db
today = timezone.localdate


def _kinds() -> list[tuple[str, str]]:
    return sorted(Reminder.objects.values_list("kind", "subject"))


def test_missing_plans_are_reminded_once_a_day_and_once_a_period(world, mailoutbox):
    first = send_plan_reminders()
    assert first == 2
    assert send_plan_reminders() == 0  # the same day again: nothing new
    assert len(mailoutbox) == 2
    assert _kinds() == [(ReminderKind.PLAN_DUE, "trust:ZA1"), (ReminderKind.PLAN_DUE, "trust:ZB1")]
    to_a = next(m for m in mailoutbox if "Alpha" in m.subject)
    assert sorted(to_a.to) == sorted([world.editor_a.email, world.lead_a.email])
    assert "within 30 days" in to_a.body and "/manage/" in to_a.body
    # The next days bring nothing new until the deadline passes; then one overdue reminder.
    assert not reminders_send(today=today() + timedelta(days=5)).sent
    overdue = reminders_send(today=today() + timedelta(days=25))
    assert [r.kind for r in overdue.sent] == [ReminderKind.PLAN_OVERDUE] * 2
    assert "days overdue" in mailoutbox[-1].body
    assert reminders_send(today=today() + timedelta(days=26)).already_sent == 2
    assert len(mailoutbox) == 4


def test_a_published_plan_stops_the_missing_reminders(world, mailoutbox):
    world.plan_a.status = "published"
    world.plan_a.published_at = timezone.now()
    world.plan_a.save()
    reminders_send()
    assert _kinds() == [(ReminderKind.PLAN_DUE, "trust:ZB1")]


def test_overdue_milestones_are_reminded_once_per_due_date(world, mailoutbox):
    world.plan_a.delete()
    plan = f.complete_plan(trust=world.trust_a, period=world.period, published=True)
    milestone = plan.actions.first().milestones.first()
    milestone.due_date = today() - timedelta(days=1)
    milestone.save()
    f.MilestoneFactory(
        action=milestone.action,
        due_date=today() - timedelta(days=9),
        done_date=today() - timedelta(days=10),
    )  # done: no reminder
    run = reminders_send()
    assert [r.subject for r in run.sent if r.kind == ReminderKind.MILESTONE_OVERDUE] == [
        f"milestone:{milestone.pk}"
    ]
    assert reminders_send().sent == []
    milestone.due_date = today() - timedelta(days=2)  # a new due date is a new occasion
    milestone.save()
    assert [r.kind for r in reminders_send().sent] == [ReminderKind.MILESTONE_OVERDUE]
    assert "was due on" in mailoutbox[-1].body


def test_plans_without_an_update_for_90_days_are_reminded(world, mailoutbox):
    world.plan_a.delete()
    plan = f.complete_plan(
        trust=world.trust_a,
        period=world.period,
        status="published",
        published_at=timezone.now() - timedelta(days=120),
    )
    f.ProgressUpdateFactory(plan=plan, date=today() - timedelta(days=95))
    run = reminders_send()
    stale = [r for r in run.sent if r.kind == ReminderKind.PLAN_STALE]
    assert [(r.subject, r.scope) for r in stale] == [
        (f"plan:{plan.pk}", (today() - timedelta(days=95)).isoformat())
    ]
    assert "no progress update since" in mailoutbox[-1].body
    assert not [r for r in reminders_send().sent if r.kind == ReminderKind.PLAN_STALE]
    f.ProgressUpdateFactory(plan=plan, date=today())
    later = reminders_send(today=today() + timedelta(days=30))
    assert not [r for r in later.sent if r.kind == ReminderKind.PLAN_STALE]


def test_a_recently_published_plan_is_not_stale(world, mailoutbox):
    world.plan_a.delete()
    f.complete_plan(trust=world.trust_a, period=world.period, published=True)
    assert not [r for r in reminders_send().sent if r.kind == ReminderKind.PLAN_STALE]


def test_trusts_without_members_are_not_marked_as_reminded(world, mailoutbox):
    lonely = TrustFactory(ods_code="ZL1")
    f.assess(lonely, world.period, 4)
    run = reminders_send()
    assert run.no_recipients == 1
    assert not Reminder.objects.filter(subject="trust:ZL1").exists()
    f.MembershipFactory(trust=lonely)
    assert [r.subject for r in reminders_send().sent] == ["trust:ZL1"]


def test_a_failed_send_is_not_recorded(world, mailoutbox, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail)
    with pytest.raises(OSError):
        reminders_send()
    assert not Reminder.objects.exists()
