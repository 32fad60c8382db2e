"""Every write to improvement data. Views, admin, tasks and the demo call these; each checks
the user's role at the trust itself, so the rule lives in one place.

Every save goes through the model (never `update()` or bulk operations), so
django-simple-history records who changed what and when.
"""

from django.core.exceptions import PermissionDenied

from improvement.models import ImprovementPlan, PlanStatus, Role
from improvement.selectors.plans import membership_role
from league.services.releases import data_version_bump


class PlanError(Exception):
    """A rule of the plan's life refused the change; the message is for the user."""


class PlanConflict(PlanError):
    """Someone else saved the plan after this user opened it."""


def require_role(user, plan_or_trust, *roles: str) -> str:
    """The user's role at the trust, or PermissionDenied when it is not one of `roles`."""
    trust = getattr(plan_or_trust, "trust", plan_or_trust)
    role = membership_role(user, trust)
    if role is None or (roles and role not in roles):
        raise PermissionDenied("You cannot make this change to this trust's plan.")
    return role


def locked_open_plan(plan: ImprovementPlan, user) -> ImprovementPlan:
    """The plan locked for update, after checking the user is a member and it is not closed.
    Call inside transaction.atomic()."""
    require_role(user, plan, Role.EDITOR, Role.EXECUTIVE_LEAD)
    locked = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status == PlanStatus.CLOSED:
        raise PlanError("This plan is closed: it can no longer be changed.")
    return locked


def _plan_of(instance) -> ImprovementPlan:
    if isinstance(instance, ImprovementPlan):
        return instance
    if hasattr(instance, "plan"):
        return instance.plan
    return instance.action.plan


def save_as(instance, user) -> None:
    """Save with `user` recorded in the history (also outside a request: tasks, the demo).
    A change to a plan the public can read bumps the public data version, so the cached public
    pages (the plan, the list, the trust profile) show it at once."""
    instance._history_user = user
    instance.save()
    if _plan_of(instance).is_public:
        data_version_bump()
