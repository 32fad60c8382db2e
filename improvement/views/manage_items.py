"""/manage/: a plan's actions, milestones and progress updates."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from improvement.forms.actions import ActionForm, MilestoneForm, MoveForm, ProgressUpdateForm
from improvement.selectors.learning import learning_on
from improvement.services import PlanError
from improvement.services import actions as services
from improvement.views.access import (
    form_page,
    manage_view,
    post_and_return,
    scoped_action,
    scoped_milestone,
    scoped_plan,
)

MILESTONE_FIELDS = ("title", "due_date", "done_date")


def _plan_url(plan, anchor: str = "") -> str:
    return reverse("manage:plan", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


@manage_view("GET", "POST")
def action_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)

    def save(form: ActionForm) -> str:
        action = services.action_create(plan=plan, user=request.user, **form.action_fields())
        return _plan_url(plan, f"action-{action.pk}")

    form = ActionForm(request.POST or None, plan=plan)
    context = {"plan": plan, "action": None}
    return form_page(request, form, "manage/action_form.html", context, save, "Action added")


@manage_view("GET", "POST")
def action_edit(request: HttpRequest, plan_pk: int, action_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)
    action = scoped_action(plan, action_pk)
    initial = {name: getattr(action, name) for name in services.ACTION_FIELDS}

    def save(form: ActionForm) -> str:
        services.action_update(action=action, user=request.user, **form.action_fields())
        return _plan_url(plan, f"action-{action.pk}")

    form = ActionForm(request.POST or None, plan=plan, initial=initial)
    learn = learning_on(plan.trust, [action.metric]) if action.metric_id else {}
    context = {
        "plan": plan,
        "action": action,
        "learn": learn.get(getattr(action.metric, "metric_id", "")),
    }
    return form_page(request, form, "manage/action_form.html", context, save, "Action saved")


def _direction(request: HttpRequest) -> str:
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise PlanError("Choose to move it up or down.")
    return form.cleaned_data["direction"]


@manage_view("POST")
def action_move(request: HttpRequest, plan_pk: int, action_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)
    action = scoped_action(plan, action_pk)

    def move() -> None:
        services.action_move(action=action, user=request.user, direction=_direction(request))

    return post_and_return(request, plan, move, f"Moved “{action.title}”")


@manage_view("GET", "POST")
def milestone_create(request: HttpRequest, plan_pk: int, action_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)
    action = scoped_action(plan, action_pk)

    def save(form: MilestoneForm) -> str:
        services.milestone_create(action=action, user=request.user, **form.cleaned_data)
        return _plan_url(plan, f"action-{action.pk}")

    form = MilestoneForm(request.POST or None)
    context = {"plan": plan, "action": action, "milestone": None}
    return form_page(request, form, "manage/milestone_form.html", context, save, "Milestone added")


@manage_view("GET", "POST")
def milestone_edit(request: HttpRequest, plan_pk: int, milestone_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)
    milestone = scoped_milestone(plan, milestone_pk)
    initial = {name: getattr(milestone, name) for name in MILESTONE_FIELDS}

    def save(form: MilestoneForm) -> str:
        services.milestone_update(milestone=milestone, user=request.user, **form.cleaned_data)
        return _plan_url(plan, f"action-{milestone.action_id}")

    form = MilestoneForm(request.POST or None, initial=initial)
    context = {"plan": plan, "action": milestone.action, "milestone": milestone}
    return form_page(request, form, "manage/milestone_form.html", context, save, "Milestone saved")


@manage_view("POST")
def milestone_move(request: HttpRequest, plan_pk: int, milestone_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)
    milestone = scoped_milestone(plan, milestone_pk)

    def move() -> None:
        services.milestone_move(
            milestone=milestone, user=request.user, direction=_direction(request)
        )

    return post_and_return(request, plan, move, f"Moved “{milestone.title}”")


@manage_view("GET", "POST")
def update_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)

    def save(form: ProgressUpdateForm) -> str:
        services.progress_update_post(plan=plan, user=request.user, **form.cleaned_data)
        return _plan_url(plan, "updates")

    form = ProgressUpdateForm(request.POST or None, plan=plan)
    return form_page(
        request, form, "manage/update_form.html", {"plan": plan}, save, "Progress update posted"
    )
