"""What segment 4 obliges a trust to do, and which plans are behind.

A trust in segment 4 in the latest published period of its table (a quarter's files may hold
one trust type only) is expected to publish a plan within IMPROVEMENT_PLAN_DEADLINE_DAYS (default
30) of that period's first publication. Published plans
are flagged when a milestone is past its due date or when nothing was reported for 90 days.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from improvement.models import (
    Action,
    ImprovementPlan,
    Milestone,
    PlanStatus,
    ProgressUpdate,
)
from improvement.models.actions import FINISHED_ACTION_STATUSES
from league.models import Assessment, Period, Release
from league.selectors import latest_published_period_of_each_league, segment_four_trusts
from trusts.models import Trust

STALE_AFTER_DAYS = 90


def deadline_days() -> int:
    return settings.IMPROVEMENT_PLAN_DEADLINE_DAYS


def period_published_on(period: Period) -> date | None:
    """The day NHS England first published the period (the day it was published here when
    staff gave no date); a later correction does not move the deadline."""
    first = (
        Release.objects.public()
        .filter(period=period, published_at__isnull=False)
        .order_by("published_at")
        .first()
    )
    return first.publication_date if first else None


@dataclass(frozen=True)
class Obligation:
    """A segment-4 trust that has not published a plan yet."""

    trust: Trust
    period: Period
    published_on: date
    deadline_days: int
    today: date
    plan: ImprovementPlan | None = None  # an unpublished plan in progress, if any

    @property
    def deadline(self) -> date:
        return self.published_on + timedelta(days=self.deadline_days)

    @property
    def days_since(self) -> int:
        return max(0, (self.today - self.published_on).days)

    @property
    def overdue(self) -> bool:
        return self.today > self.deadline

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.deadline).days)

    @property
    def days_left(self) -> int:
        return max(0, (self.deadline - self.today).days)

    @property
    def status_label(self) -> str:
        if self.overdue:
            days = self.days_overdue
            return f"Overdue by {days} day{'' if days == 1 else 's'}"
        return f"Due in {self.days_left} day{'' if self.days_left == 1 else 's'}"


def _open_unpublished_plan(trust: Trust) -> ImprovementPlan | None:
    return trust.improvement_plans.filter(
        status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED]
    ).first()


def plan_obligation(
    trust: Trust, assessment: Assessment | None, today: date | None = None
) -> Obligation | None:
    """The trust's unmet obligation under this assessment: None unless the assessment puts it
    in segment 4, its period is published, and the trust has no published plan (an ICB
    never owes one)."""
    if assessment is None or assessment.adjusted_segment != 4 or trust.is_icb:
        return None
    if trust.improvement_plans.filter(status=PlanStatus.PUBLISHED).exists():
        return None
    published_on = period_published_on(assessment.period)
    if published_on is None:
        return None
    return Obligation(
        trust=trust,
        period=assessment.period,
        published_on=published_on,
        deadline_days=deadline_days(),
        today=today or timezone.localdate(),
        plan=_open_unpublished_plan(trust),
    )


def missing_plans(today: date | None = None) -> list[Obligation]:
    """Segment-4 trusts of the latest published period of each table without a published
    plan, by name."""
    published = ImprovementPlan.objects.filter(trust=OuterRef("pk"), status=PlanStatus.PUBLISHED)
    unpublished = ImprovementPlan.objects.filter(
        status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED]
    )
    in_progress = {plan.trust_id: plan for plan in unpublished}
    days = deadline_days()
    today = today or timezone.localdate()
    obligations = []
    for league, period in latest_published_period_of_each_league().items():
        published_on = period_published_on(period)
        if published_on is None:
            continue
        trusts = (
            segment_four_trusts(period)
            .filter(league=league)
            .filter(~Exists(published))
            .select_related("region")
        )
        obligations += [
            Obligation(trust, period, published_on, days, today, in_progress.get(trust.pk))
            for trust in trusts
        ]
    return sorted(obligations, key=lambda o: (o.trust.name, o.trust.ods_code))


def overdue_milestones(today: date | None = None) -> QuerySet[Milestone]:
    """Milestones of published plans that are past their due date and not done."""
    today = today or timezone.localdate()
    return Milestone.objects.filter(
        action__plan__status=PlanStatus.PUBLISHED, done_date__isnull=True, due_date__lt=today
    ).select_related("action__plan__trust")


def _count(queryset: QuerySet, outer: str) -> Coalesce:
    rows = queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer)
    counted = Subquery(rows.annotate(n=Count("pk")).values("n"))
    return Coalesce(counted, 0, output_field=IntegerField())


def with_flags(plans: QuerySet[ImprovementPlan], today: date | None = None) -> QuerySet:
    """Plans annotated with what the public pages and admin flag: overdue milestones and
    actions, the date of the last progress update, and that date or the publication date
    (`last_activity`), from which a plan is stale after 90 days."""
    today = today or timezone.localdate()
    late_milestones = Milestone.objects.filter(done_date__isnull=True, due_date__lt=today)
    late_actions = Action.objects.filter(target_date__lt=today).exclude(
        status__in=FINISHED_ACTION_STATUSES
    )
    last_update = (
        ProgressUpdate.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(last=Max("date"))
        .values("last")
    )
    cutoff = stale_cutoff(today)
    recent_update = ProgressUpdate.objects.filter(plan=OuterRef("pk"), date__gte=cutoff)
    stale = Q(status=PlanStatus.PUBLISHED, published_at__date__lt=cutoff) & ~Exists(recent_update)
    return plans.annotate(
        overdue_milestone_count=_count(late_milestones, "action__plan"),
        overdue_action_count=_count(late_actions, "plan"),
        last_update=Subquery(last_update, output_field=DateField()),
        is_stale=Case(When(stale, then=True), default=False, output_field=BooleanField()),
    )


def stale_cutoff(today: date | None = None) -> date:
    return (today or timezone.localdate()) - timedelta(days=STALE_AFTER_DAYS)


def stale_plans(today: date | None = None) -> QuerySet[ImprovementPlan]:
    """Published plans with neither a publication nor a progress update in the last 90 days."""
    cutoff = stale_cutoff(today)
    recent_update = ProgressUpdate.objects.filter(plan=OuterRef("pk"), date__gte=cutoff)
    return (
        ImprovementPlan.objects.filter(status=PlanStatus.PUBLISHED, published_at__date__lt=cutoff)
        .filter(~Exists(recent_update))
        .select_related("trust")
    )
