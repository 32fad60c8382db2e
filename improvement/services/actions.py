"""Actions, milestones and progress updates of a plan: added, changed and reordered by the
trust's editors and executive leads while the plan is open."""

from datetime import date

from django.db import transaction
from django.db.models import Max

from improvement.models import Action, ImprovementPlan, Milestone, ProgressUpdate
from improvement.services import PlanError, locked_open_plan, save_as

ACTION_FIELDS = {
    "title",
    "description",
    "owner_role",
    "metric",
    "further_metric_ids",
    "learning_from_trust",
    "learning_from_note",
    "baseline",
    "target_value",
    "target_date",
    "trajectory",
    "status",
}
MILESTONE_FIELDS = {"title", "due_date", "done_date"}


def _only(fields: dict, allowed: set[str], service: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{service}() cannot set {', '.join(sorted(unknown))}")


def _next_order(queryset) -> int:
    highest = queryset.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


def action_create(*, plan: ImprovementPlan, user, **fields) -> Action:
    _only(fields, ACTION_FIELDS, "action_create")
    with transaction.atomic():
        plan = locked_open_plan(plan, user)
        action = Action(plan=plan, order=_next_order(plan.actions), **fields)
        save_as(action, user)
    return action


def action_update(*, action: Action, user, **fields) -> Action:
    _only(fields, ACTION_FIELDS, "action_update")
    with transaction.atomic():
        locked_open_plan(action.plan, user)
        action = Action.objects.select_for_update().get(pk=action.pk)
        for name, value in fields.items():
            setattr(action, name, value)
        save_as(action, user)
    return action


def _move(item, siblings: list, direction: str, user) -> None:
    """Swap `item` with its neighbour, numbering the list 0, 1, 2… as it goes; only rows
    whose position changes are saved (each with its history)."""
    if direction not in ("up", "down"):
        raise PlanError("Move up or down.")
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            save_as(sibling, user)


def action_move(*, action: Action, user, direction: str) -> None:
    with transaction.atomic():
        plan = locked_open_plan(action.plan, user)
        siblings = list(plan.actions.select_for_update().order_by("order", "pk"))
        _move(action, siblings, direction, user)


def milestone_create(*, action: Action, user, **fields) -> Milestone:
    _only(fields, MILESTONE_FIELDS, "milestone_create")
    with transaction.atomic():
        locked_open_plan(action.plan, user)
        milestone = Milestone(action=action, order=_next_order(action.milestones), **fields)
        save_as(milestone, user)
    return milestone


def milestone_update(*, milestone: Milestone, user, **fields) -> Milestone:
    _only(fields, MILESTONE_FIELDS, "milestone_update")
    with transaction.atomic():
        locked_open_plan(milestone.action.plan, user)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        for name, value in fields.items():
            setattr(milestone, name, value)
        save_as(milestone, user)
    return milestone


def milestone_move(*, milestone: Milestone, user, direction: str) -> None:
    with transaction.atomic():
        locked_open_plan(milestone.action.plan, user)
        siblings = list(
            Milestone.objects.select_for_update()
            .filter(action_id=milestone.action_id)
            .order_by("order", "due_date", "pk")
        )
        _move(milestone, siblings, direction, user)


def progress_update_post(
    *, plan: ImprovementPlan, user, date: date, text: str, rag: str, action: Action | None = None
) -> ProgressUpdate:
    with transaction.atomic():
        plan = locked_open_plan(plan, user)
        if action is not None and action.plan_id != plan.pk:
            raise PlanError("That action belongs to another plan.")
        update = ProgressUpdate(
            plan=plan, action=action, date=date, text=text, rag=rag, author=user
        )
        save_as(update, user)
    return update
