"""A plan's life: drafted and submitted by the trust's editors, published and closed by its
executive lead, reviewed by NHS England staff."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from improvement.models import ImprovementPlan, PlanStatus, ReviewStatus, Role
from improvement.models.plans import REVIEW_PERMISSION
from improvement.services import PlanConflict, PlanError, locked_open_plan, require_role, save_as
from league.models import Period
from trusts.models import Trust

PLAN_FIELDS = {"title", "summary", "executive_lead_role", "target_segment", "target_date"}


def plan_create(
    *,
    user,
    trust: Trust,
    period: Period,
    title: str,
    summary: str,
    executive_lead_role: str,
    target_segment: int,
    target_date: date,
) -> ImprovementPlan:
    require_role(user, trust, Role.EDITOR, Role.EXECUTIVE_LEAD)
    plan = ImprovementPlan(
        trust=trust,
        period=period,
        title=title,
        summary=summary,
        executive_lead_role=executive_lead_role,
        target_segment=target_segment,
        target_date=target_date,
    )
    try:
        with transaction.atomic():
            if trust.improvement_plans.open().exists():
                raise PlanError("This trust already has a plan in progress: change that one.")
            save_as(plan, user)
    except IntegrityError:  # another leader created one at the same moment
        raise PlanError("This trust already has a plan in progress: change that one.") from None
    return plan


def plan_update(*, plan: ImprovementPlan, user, version: int, **fields) -> ImprovementPlan:
    """Change the plan's own fields, unless someone saved it since `version` was read."""
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise TypeError(f"plan_update() cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        plan = locked_open_plan(plan, user)
        if plan.version != version:
            raise PlanConflict(
                "Someone else changed this plan after you opened it. Check their changes, "
                "then make yours again."
            )
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.version += 1
        save_as(plan, user)
    return plan


def _check_complete(plan: ImprovementPlan) -> None:
    actions = list(plan.actions.prefetch_related("milestones"))
    if not actions:
        raise PlanError("Add at least one action before the plan can go further.")
    without = [action.title for action in actions if not action.milestones.all()]
    if without:
        raise PlanError(f"Add at least one milestone to every action: {'; '.join(without)}.")


def plan_submit(*, plan: ImprovementPlan, user) -> ImprovementPlan:
    """Editors and executive leads submit a draft for the executive lead to publish."""
    with transaction.atomic():
        plan = locked_open_plan(plan, user)
        if plan.status != PlanStatus.DRAFT:
            raise PlanError(f"The plan is {plan.get_status_display().lower()}, not a draft.")
        _check_complete(plan)
        plan.status = PlanStatus.SUBMITTED
        plan.submitted_at = timezone.now()
        plan.version += 1
        save_as(plan, user)
    return plan


def plan_publish(*, plan: ImprovementPlan, user) -> ImprovementPlan:
    """Only the trust's executive lead makes a plan public. From then on every change to it is
    public at once, and recorded in its public history."""
    with transaction.atomic():
        plan = locked_open_plan(plan, user)
        require_role(user, plan, Role.EXECUTIVE_LEAD)
        if plan.status not in (PlanStatus.DRAFT, PlanStatus.SUBMITTED):
            raise PlanError("The plan is already published.")
        _check_complete(plan)
        plan.status = PlanStatus.PUBLISHED
        plan.published_at = plan.published_at or timezone.now()
        plan.version += 1
        save_as(plan, user)
    return plan


def plan_close(*, plan: ImprovementPlan, user) -> ImprovementPlan:
    """The executive lead closes a plan (done, or replaced); a closed plan stays public if it
    was ever published, and the trust may start a new one."""
    with transaction.atomic():
        plan = locked_open_plan(plan, user)
        require_role(user, plan, Role.EXECUTIVE_LEAD)
        plan.status = PlanStatus.CLOSED
        plan.closed_at = timezone.now()
        plan.version += 1
        save_as(plan, user)
    return plan


def review_problem(review_status: str, comments: str) -> str | None:
    """What is wrong with a review decision, if anything (the one home of the rule)."""
    if review_status not in ReviewStatus.values:
        return f"Unknown review status {review_status!r}."
    if review_status == ReviewStatus.CHANGES_REQUESTED and not comments.strip():
        return "Say what the trust should change."
    return None


def plan_review(
    *, plan: ImprovementPlan, user, review_status: str, comments: str
) -> ImprovementPlan:
    """NHS England staff accept a plan or ask the trust for changes (with comments)."""
    if not (user.is_active and user.is_staff and user.has_perm(REVIEW_PERMISSION)):
        raise PermissionDenied("Reviewing plans needs NHS England's review permission.")
    problem = review_problem(review_status, comments)
    if problem:
        raise PlanError(problem)
    with transaction.atomic():
        plan = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
        plan.review_status = review_status
        plan.review_comments = comments.strip()
        plan.reviewed_at = timezone.now()
        plan.reviewed_by = user
        save_as(plan, user)
    return plan
