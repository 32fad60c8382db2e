"""/manage/: a trust leader's dashboard and the life of a plan."""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from improvement.forms.plans import PlanEditForm, PlanForm
from improvement.selectors.pages import plan_page
from improvement.selectors.plans import (
    can_publish,
    dashboard,
    member_trusts,
    membership_role,
    triggering_period,
)
from improvement.services import plans as services
from improvement.views.access import form_page, manage_view, post_and_return, scoped_plan


@manage_view("GET")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "manage/dashboard.html", {"rows": dashboard(request.user)})


@manage_view("GET", "POST")
def plan_create(request: HttpRequest, ods_code: str) -> HttpResponse:
    trust = get_object_or_404(member_trusts(request.user), ods_code=ods_code)
    existing = trust.improvement_plans.open().first()
    if existing is not None:
        return redirect("manage:plan", existing.pk)
    period = triggering_period(trust)
    if period is None:
        messages.error(request, "No league table has been published yet, so no plan is due.")
        return redirect("manage:dashboard")

    def save(form: PlanForm) -> str:
        plan = services.plan_create(
            user=request.user, trust=trust, period=period, **form.cleaned_data
        )
        return reverse("manage:plan", args=[plan.pk])

    form = PlanForm(request.POST or None)
    context = {"trust": trust, "period": period, "plan": None}
    return form_page(request, form, "manage/plan_form.html", context, save, "Plan created")


@manage_view("GET")
def plan_detail(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)
    context = {
        "page": plan_page(plan, public=False),
        "role": membership_role(request.user, plan.trust),
        "can_publish": can_publish(request.user, plan.trust),
    }
    return render(request, "manage/plan_detail.html", context)


@manage_view("GET", "POST")
def plan_edit(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS}
    form = PlanEditForm(request.POST or None, initial={**initial, "version": plan.version})

    def save(form: PlanEditForm) -> str:
        fields = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
        services.plan_update(
            plan=plan, user=request.user, version=form.cleaned_data["version"], **fields
        )
        return reverse("manage:plan", args=[plan.pk])

    context = {"trust": plan.trust, "period": plan.period, "plan": plan}
    return form_page(request, form, "manage/plan_form.html", context, save, "Plan saved")


@manage_view("POST")
def plan_submit(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)
    change = partial(services.plan_submit, plan=plan, user=request.user)
    return post_and_return(request, plan, change, "Plan submitted to the executive lead")


@manage_view("POST")
def plan_publish(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)
    change = partial(services.plan_publish, plan=plan, user=request.user)
    return post_and_return(request, plan, change, "Plan published: the public can now read it")


@manage_view("POST")
def plan_close(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_plan(request, plan_pk)
    change = partial(services.plan_close, plan=plan, user=request.user)
    return post_and_return(request, plan, change, "Plan closed")
