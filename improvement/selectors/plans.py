"""Plans as the public and trust leaders see them."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from improvement.models import (
    Action,
    GoodPracticeNote,
    ImprovementPlan,
    Milestone,
    PlanStatus,
    ProgressUpdate,
    Role,
    TrustMembership,
)
from improvement.selectors.obligations import Obligation, plan_obligation, with_flags
from league.models import Metric, Period
from league.selectors import published_assessment, published_periods
from trusts.models import Trust


def public_plans(today: date | None = None) -> QuerySet[ImprovementPlan]:
    """Every plan the public may read, with its flags, trusts in name order."""
    plans = ImprovementPlan.objects.public().select_related("trust__region", "period")
    return with_flags(plans, today).order_by("trust__name", "-published_at")


def public_plan_for_trust(trust: Trust, today: date | None = None) -> ImprovementPlan | None:
    """The trust's published plan, or else its most recently closed one."""
    plans = with_flags(ImprovementPlan.objects.public().filter(trust=trust), today)
    plans = plans.select_related("trust__region", "period")
    return (
        plans.filter(status=PlanStatus.PUBLISHED).first()
        or plans.order_by("-closed_at", "-pk").first()
    )


def plan_contents(plan: ImprovementPlan) -> ImprovementPlan:
    """The plan with its actions (and their milestones and metric) and updates loaded."""
    actions = Action.objects.select_related(
        "metric", "learning_from_trust", "learning_from_note__trust"
    ).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("order", "due_date", "pk"))
    )
    updates = ProgressUpdate.objects.select_related("action")
    return (
        ImprovementPlan.objects.filter(pk=plan.pk)
        .select_related("trust__region", "period")
        .prefetch_related(Prefetch("actions", queryset=actions), Prefetch("updates", updates))
        .get()
    )


def membership_role(user, trust: Trust) -> str | None:
    """The user's role at the trust, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return (
        TrustMembership.objects.filter(user=user, trust=trust)
        .values_list("role", flat=True)
        .first()
    )


def can_publish(user, trust: Trust) -> bool:
    """Only a trust's executive lead publishes or closes its plan; editors draft and submit."""
    return membership_role(user, trust) == Role.EXECUTIVE_LEAD


def member_trusts(user) -> QuerySet[Trust]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Trust.objects.none()
    return Trust.objects.filter(memberships__user=user)


@dataclass(frozen=True)
class DashboardRow:
    membership: TrustMembership
    plan: ImprovementPlan | None  # the open plan
    closed_plans: list[ImprovementPlan]
    obligation: Obligation | None


def dashboard(user, today: date | None = None) -> list[DashboardRow]:
    """The user's trusts, each with its open plan and what segment 4 asks of it."""
    memberships = TrustMembership.objects.filter(user=user).select_related("trust__region")
    plans = with_flags(ImprovementPlan.objects.for_user(user), today).select_related("period")
    by_trust: dict[int, list[ImprovementPlan]] = {}
    for plan in plans.order_by("-created_at"):
        by_trust.setdefault(plan.trust_id, []).append(plan)
    period = published_periods().first()
    rows = []
    for membership in memberships:
        trust_plans = by_trust.get(membership.trust_id, [])
        open_plan = next((p for p in trust_plans if not p.is_closed), None)
        assessment = published_assessment(membership.trust, period) if period else None
        rows.append(
            DashboardRow(
                membership=membership,
                plan=open_plan,
                closed_plans=[p for p in trust_plans if p.is_closed],
                obligation=plan_obligation(membership.trust, assessment, today),
            )
        )
    return rows


def triggering_period(trust: Trust) -> Period | None:
    """The latest published period that placed the trust in segment 4, else the latest one."""
    periods = list(published_periods())
    for period in periods:
        assessment = published_assessment(trust, period)
        if assessment is not None and assessment.adjusted_segment == 4:
            return period
    return periods[0] if periods else None


def metric_choices(plan: ImprovementPlan) -> QuerySet[Metric]:
    """The NOF metrics of the plan's framework year that apply to the trust's league."""
    metrics = Metric.objects.filter(framework_id=plan.period.framework_id).order_by("metric_id")
    return metrics.filter(pk__in=[m.pk for m in metrics if plan.trust.league in m.leagues])


def learning_trust_choices(plan: ImprovementPlan) -> QuerySet[Trust]:
    """The other trusts of the plan's table, by name."""
    return Trust.objects.filter(league=plan.trust.league).exclude(pk=plan.trust_id).order_by("name")


def learning_note_choices(plan: ImprovementPlan) -> QuerySet[GoodPracticeNote]:
    """Other trusts' approved good-practice notes, by title."""
    notes = GoodPracticeNote.objects.public().exclude(trust=plan.trust_id)
    return notes.select_related("trust").order_by("title", "pk")


def filtered_public_plans(filters: dict, today: date | None = None) -> QuerySet[ImprovementPlan]:
    """The public list under the filters of `PlanFilterForm.filters()`."""
    plans = public_plans(today)
    if filters.get("league"):
        plans = plans.filter(trust__league=filters["league"])
    if filters.get("region"):
        plans = plans.filter(trust__region__code=filters["region"])
    if filters.get("status"):
        plans = plans.filter(status=filters["status"])
    if filters.get("overdue"):
        plans = plans.filter(
            Q(overdue_milestone_count__gt=0) | Q(overdue_action_count__gt=0),
            status=PlanStatus.PUBLISHED,
        )
    return plans


def filtered_obligations(obligations: list[Obligation], filters: dict) -> list[Obligation]:
    """Missing plans under the same filters (a missing plan is neither published nor closed)."""
    if filters.get("status") == PlanStatus.CLOSED:
        return []
    league, region = filters.get("league"), filters.get("region")
    return [
        o
        for o in obligations
        if (not league or o.trust.league == league)
        and (not region or o.trust.region.code == region)
    ]
