"""Demonstration plans for the demonstration trusts: `seed_demo_plans(seed=2025)`, called at the
end of `manage.py seed_demo`.

Every segment-4 trust of the latest published period gets an executive lead and an editor
account (unusable passwords) and, except one left without a plan, a published plan written
through the same services trust leaders use, so the history records it. Trajectories are set
against the trust's real (demonstration) values, so some actions are on track and some behind
by the data; some plans have overdue milestones and actions. Deterministic for a given seed.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from improvement.models import (
    ActionStatus,
    GoodPracticeNote,
    ImprovementPlan,
    Rag,
    Role,
    TrustMembership,
)
from improvement.models.notes import MODERATE_PERMISSION
from improvement.services.actions import action_create, milestone_create, progress_update_post
from improvement.services.notes import note_approve, note_create, note_refuse, note_submit
from improvement.services.plans import plan_create, plan_publish
from league.models import ComputedScore, Metric, Period
from league.selectors import (
    latest_published_period,
    published_assessment,
    published_periods,
    published_values,
    segment_four_trusts,
)
from trusts.models import Trust

EMAIL_DOMAIN = "demo.invalid"  # never deliverable
ACTIONS = {  # metric ID: (action, owner role, milestones)
    "OF0013": ("Same-day emergency care open 12 hours a day", "Chief operating officer",
               ["Business case agreed", "Second assessment unit open", "Extended hours in place"]),
    "OF0003": ("Clear the longest elective waits", "Chief operating officer",
               ["Validation of every waiting list", "Weekend theatre lists", "Insourcing ends"]),
    "OF0011": ("Faster cancer diagnosis pathways", "Medical director",
               ["Straight-to-test pathway for lower GI", "Extra endoscopy sessions"]),
    "OF0025": ("Discharge patients as soon as they are ready", "Director of nursing",
               ["Daily discharge huddles on every ward", "Discharge lounge extended"]),
    "OF0005": ("Reduce long waits for community services", "Director of operations",
               ["Waiting list review", "Recruit community therapists"]),
    "OF0063": ("Shorter inpatient stays", "Medical director",
               ["Clinical review of every stay over 60 days", "Step-down beds commissioned"]),
    "OF0017": ("Category 2 response times", "Director of operations",
               ["Hear-and-treat team expanded", "Handover delays escalation protocol"]),
    "OF0028": ("Fewer patients conveyed to emergency departments", "Medical director",
               ["Clinical hub staffed 24 hours", "Falls response cars"]),
    "OF0082": ("Reduce sickness absence", "Chief people officer",
               ["Occupational health fast track", "Manager training complete"]),
}  # fmt: skip
NOTES = {  # metric ID: (title, what the trust changed, contact role)
    "OF0013": ("Streaming at the front door", "A senior nurse streams every arrival within 15 "
               "minutes to same-day emergency care, urgent treatment or the main department. "
               "Same-day care is open 8am to 10pm with its own consultant rota.",
               "Clinical director for urgent care"),
    "OF0003": ("One waiting list across three sites", "Every elective list is validated each "
               "month and pooled across our sites, so the longest waiters go to whichever "
               "theatre is free first. Weekend lists are kept for patients waiting longest.",
               "Head of elective access"),
    "OF0011": ("Straight to test for suspected cancer", "GP referrals for suspected lower GI "
               "cancer go straight to a test booked by a nurse navigator, not to a first "
               "outpatient appointment.", "Cancer services manager"),
    "OF0025": ("Discharge before noon", "Board rounds at 8am on every ward, a discharge lounge "
               "open from 9am and pharmacy on the ward mean most patients ready to go leave "
               "before noon.", "Deputy director of nursing"),
    "OF0005": ("A single point of access for community services", "One telephone line and one "
               "triage team for all community referrals, with same-week assessments for the "
               "most urgent.", "Head of community services"),
    "OF0063": ("Weekly review of every long stay", "A consultant and a social worker review "
               "every stay over 60 days each week, with step-down beds agreed with the council.",
               "Associate medical director"),
    "OF0017": ("Clinicians in the control room", "Paramedics and nurses in the control room call "
               "back lower-acuity category 2 patients, freeing crews for the most urgent.",
               "Head of clinical hub"),
    "OF0028": ("Alternatives to the emergency department", "Crews can refer directly to urgent "
               "community response, falls teams and same-day emergency care, agreed with each "
               "receiving service.", "Consultant paramedic"),
    "OF0082": ("Occupational health within a week", "Staff off sick are seen by occupational "
               "health within five working days and managers are trained in supportive return "
               "to work.", "Head of staff wellbeing"),
}  # fmt: skip
DESCRIPTION = (
    "A named team, weekly reporting to the board, and a clinical lead for each site. Progress "
    "is measured by the published {metric}."
)
LEAGUE_METRICS = {
    "acute": ["OF0013", "OF0003", "OF0011", "OF0025"],
    "non-acute": ["OF0005", "OF0063", "OF0082"],
    "ambulance": ["OF0017", "OF0028", "OF0082"],
}


@dataclass
class DemoPlans:
    plans: list[ImprovementPlan] = field(default_factory=list)
    missing: list[Trust] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    notes: list[GoodPracticeNote] = field(default_factory=list)


def _account(trust: Trust, role: str):
    prefix = "lead" if role == Role.EXECUTIVE_LEAD else "editor"
    username = f"{prefix}-{trust.ods_code.lower()}"
    users = get_user_model().objects
    user = users.filter(username=username).first() or users.create_user(
        username=username, email=f"{username}@{EMAIL_DOMAIN}"
    )  # no password given: create_user makes it unusable
    TrustMembership.objects.get_or_create(user=user, trust=trust, defaults={"role": role})
    return user


def _streak_start(trust: Trust) -> Period:
    """The first period of the trust's current run of quarters in segment 4."""
    start = None
    for period in published_periods():  # newest first
        assessment = published_assessment(trust, period)
        if assessment is None or assessment.adjusted_segment != 4:
            break
        start = period
    return start


def _next_slugs(period: Period, count: int) -> list[str]:
    year, quarter, slugs = period.year, period.quarter, []
    for _ in range(count):
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        slugs.append(Period.slug_for(year, quarter))
    return slugs


def _measures(trust: Trust, metric: Metric, start: Period, on_track: bool) -> dict:
    """Baseline, target and a trajectory that the published values meet (or miss)."""
    values = {p.slug: v for p, v in published_values(trust, metric) if v is not None}
    baseline = values.get(start.slug)
    if baseline is None:
        return {}
    better = 1 if metric.higher_is_better else -1
    step = max(abs(baseline) * 0.03, 0.1) * better
    trajectory = {}
    for index, slug in enumerate(_next_slugs(start, 6), start=1):
        if slug in values:  # published: set the expectation just either side of the value
            margin = abs(step) * (1 if on_track else -1)
            trajectory[slug] = round(values[slug] - margin * better, 2)
        else:
            trajectory[slug] = round(baseline + step * index, 2)
    return {
        "baseline": round(baseline, 2),
        "target_value": round(baseline + step * 6, 2),
        "trajectory": trajectory,
    }


def _moderator():
    """NHS England's demonstration moderator (no password, like every demonstration account)."""
    from django.contrib.auth.models import Permission

    user, created = get_user_model().objects.get_or_create(
        username="moderator-demo",
        defaults={"email": f"moderator@{EMAIL_DOMAIN}", "is_staff": True},
    )
    if created:
        user.set_unusable_password()
        user.save()
        app, codename = MODERATE_PERMISSION.split(".")
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app,
                codename__in=[codename, "view_goodpracticenote"],
            )
        )
    return get_user_model().objects.get(pk=user.pk)  # fresh: permissions are cached


def _best_trust(metric: Metric, period: Period, exclude: set[int]) -> Trust | None:
    """The demonstration trust scoring best on the metric in the period's published release."""
    row = (
        ComputedScore.objects.filter(
            release__period=period,
            release__state="published",
            score_id=metric.score_id,
            trust__is_demo=True,
            trust__league__in=metric.leagues,
        )
        .exclude(trust_id__in=exclude)
        .order_by("score_2dp", "trust__name")
        .select_related("trust")
        .first()
    )
    return row.trust if row else None


def _notes(period: Period) -> dict[str, GoodPracticeNote]:
    """An approved note from the best-scoring trust on each plan metric; then one note refused
    (with the reason the trust sees) and one awaiting approval. metric ID -> approved note."""
    moderator = _moderator()
    approved: dict[str, GoodPracticeNote] = {}
    used: set[int] = set()
    metrics = Metric.objects.filter(framework=period.framework, metric_id__in=list(NOTES))
    for metric in sorted(metrics, key=lambda m: m.metric_id):
        trust = _best_trust(metric, period, used)
        if trust is None:
            continue
        used.add(trust.pk)
        title, summary, role = NOTES[metric.metric_id]
        editor = _account(trust, Role.EDITOR)
        note = note_create(
            user=editor, trust=trust, title=title, summary=summary, contact_role=role,
            metrics=[metric], quarters=[period],
        )  # fmt: skip
        note_submit(note=note, user=editor)
        approved[metric.metric_id] = note_approve(note=note, user=moderator)
    for metric_id, state in (("OF0013", "refused"), ("OF0003", "awaiting")):
        metric = metrics.filter(metric_id=metric_id).first()
        trust = _best_trust(metric, period, used) if metric else None
        if trust is None:
            continue
        used.add(trust.pk)
        editor = _account(trust, Role.EDITOR)
        note = note_create(
            user=editor,
            trust=trust,
            title="Extra weekend clinics" if state == "awaiting" else "Ask Dr Patel how we did it",
            summary="Two extra clinics every weekend for the longest waiters."
            if state == "awaiting"
            else "We changed lots of things on the ward.",
            contact_role="Service manager",
            metrics=[metric],
            quarters=[],
        )
        note_submit(note=note, user=editor)
        if state == "refused":
            note_refuse(
                note=note,
                user=moderator,
                reason="Say what you changed and how, and give a role to contact rather than a "
                "person's name.",
            )
    return approved


def _plan(
    trust: Trust,
    kind: str,
    rng: random.Random,
    today: date,
    notes: dict[str, GoodPracticeNote],
) -> ImprovementPlan:
    lead, editor = _account(trust, Role.EXECUTIVE_LEAD), _account(trust, Role.EDITOR)
    start = _streak_start(trust) or latest_published_period()
    plan = plan_create(
        user=editor,
        trust=trust,
        period=start,
        title=f"Improvement plan: {trust.short_name or trust.name}",
        summary=(
            f"{trust.name} is in segment 4. This plan sets out what the trust will change to "
            "reach segment 3: the actions, who is accountable for each, and the milestones the "
            "public can check."
        ),
        executive_lead_role="Chief executive",
        target_segment=3,
        target_date=today + timedelta(days=rng.choice([270, 365, 450])),
    )
    metric_ids = LEAGUE_METRICS.get(trust.league, ["OF0082"])
    metrics = Metric.objects.filter(framework=start.framework, metric_id__in=metric_ids)
    for index, metric in enumerate(sorted(metrics, key=lambda m: metric_ids.index(m.metric_id))):
        title, owner, milestones = ACTIONS[metric.metric_id]
        note = notes.get(metric.metric_id) if index % 2 == 0 else None
        on_track = kind == "on_track" or (kind == "overdue" and index > 0)
        late = kind == "overdue" and index == 0
        action = action_create(
            plan=plan,
            user=editor,
            title=title,
            description=DESCRIPTION.format(metric=metric.description.lower()),
            owner_role=owner,
            metric=metric,
            further_metric_ids=[],
            learning_from_trust=note.trust if note and note.trust.league == trust.league else None,
            learning_from_note=note,
            target_date=today + timedelta(days=-12 if late else 200 + 60 * index),
            status=ActionStatus.DELAYED if late else ActionStatus.IN_PROGRESS,
            **_measures(trust, metric, start, on_track),
        )
        for number, name in enumerate(milestones):
            due = today + timedelta(days=-70 + 50 * number + rng.randint(-5, 5))
            done = due - timedelta(days=3) if due < today and not (late and number > 0) else None
            milestone_create(action=action, user=editor, title=name, due_date=due, done_date=done)
    plan = plan_publish(plan=plan, user=lead)
    for days, rag in ((60, Rag.AMBER), (25, Rag.RED if kind == "overdue" else Rag.GREEN)):
        progress_update_post(
            plan=plan,
            user=editor,
            date=today - timedelta(days=days + rng.randint(0, 5)),
            text="Recruitment is on plan; the first new pathway opened this month."
            if rag == Rag.GREEN
            else "Demand over winter delayed the second milestone; a recovery plan is agreed.",
            rag=rag,
        )
    return plan


def seed_demo_plans(*, seed: int = 2025, log: Callable[[str], None] | None = None) -> DemoPlans:
    """Plans for the demonstration segment-4 trusts of the latest published period."""
    result = DemoPlans()
    period = latest_published_period()
    if period is None:
        return result
    trusts = list(segment_four_trusts(period).filter(is_demo=True).order_by("ods_code"))
    rng = random.Random(seed)
    missing = rng.choice(trusts) if trusts else None
    today = timezone.localdate()
    with transaction.atomic():
        notes = {} if GoodPracticeNote.objects.exists() else _notes(period)
        result.notes = list(notes.values())
        for index, trust in enumerate(trusts):
            if trust == missing:
                _account(trust, Role.EXECUTIVE_LEAD)
                result.missing.append(trust)
            elif not trust.improvement_plans.exists():
                kind = "overdue" if index % 3 == 0 else "on_track"
                result.plans.append(_plan(trust, kind, rng, today, notes))
    result.accounts = sorted(
        TrustMembership.objects.filter(trust__in=trusts).values_list("user__username", flat=True)
    )
    if log:
        log(f"Improvement plans: {len(result.plans)} published, {len(result.missing)} missing.")
        log(
            f"Good-practice notes: {len(result.notes)} approved, one refused, one awaiting "
            "approval (moderator-demo approves them in admin)."
        )
        if result.accounts:
            example = result.accounts[0]
            log(
                f"{len(result.accounts)} demonstration trust leader accounts (lead-<ods code>, "
                f"editor-<ods code>) have no password. Set one to sign in at /manage/: "
                f"python manage.py changepassword {example}"
            )
    return result
