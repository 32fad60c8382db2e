"""How /manage/ views reach data: signed in, never cached, and only through scoped queries,
so an ID of another trust's plan, action or milestone is simply "not found"."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from improvement.models import Action, ImprovementPlan, Milestone
from improvement.services import PlanError


def manage_view(*methods: str) -> Callable:
    """Sign-in required, never cached, only the given HTTP methods."""

    def decorate(view: Callable) -> Callable:
        return wraps(view)(never_cache(login_required(require_http_methods(methods)(view))))

    return decorate


def scoped_plan(request: HttpRequest, plan_pk: int) -> ImprovementPlan:
    plans = ImprovementPlan.objects.for_user(request.user).select_related("trust", "period")
    return get_object_or_404(plans, pk=plan_pk)


def scoped_action(plan: ImprovementPlan, action_pk: int) -> Action:
    return get_object_or_404(plan.actions.select_related("plan__trust"), pk=action_pk)


def scoped_milestone(plan: ImprovementPlan, milestone_pk: int) -> Milestone:
    milestones = Milestone.objects.filter(action__plan=plan).select_related("action__plan__trust")
    return get_object_or_404(milestones, pk=milestone_pk)


def form_page(
    request: HttpRequest,
    form,
    template: str,
    context: dict,
    save: Callable,
    success: str,
) -> HttpResponse:
    """Render the form; on a valid POST call `save(form)`, which returns where to go next.
    A refusal by a service (PlanError) is shown in the form's error summary."""
    if request.method == "POST" and form.is_valid():
        try:
            next_url = save(form)
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect(next_url)
    return render(request, template, {"form": form, **context})


def post_and_return(request: HttpRequest, plan: ImprovementPlan, change: Callable, success: str):
    """A POST-only button of a plan: make the change, say how it went, back to the plan."""
    return change_and_return(request, change, success, "manage:plan", plan.pk)


def change_and_return(request: HttpRequest, change: Callable, success: str, *to) -> HttpResponse:
    """Make the change; say how it went (a service's refusal as an error); redirect to `to`."""
    try:
        change()
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(*to)
