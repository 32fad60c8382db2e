"""Public plan pages. They never read request.user, the session or the CSRF token, so one cached
response suits every visitor: they are cached like the league's pages, under the public data
version, which every change to a public plan bumps (improvement.services.save_as)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from improvement.forms.filters import PlanFilterForm
from improvement.selectors.obligations import deadline_days, missing_plans, plan_obligation
from improvement.selectors.pages import plan_page
from improvement.selectors.plans import (
    filtered_obligations,
    filtered_public_plans,
    public_plan_for_trust,
)
from league.page_cache import public_page
from league.selectors import latest_published_period_of_each_league, published_assessment
from trusts.models import Trust

PER_PAGE = 25
LIST_PARAMS = ("league", "region", "status", "overdue", "page")


@require_safe
@public_page(params=LIST_PARAMS)
def plan_list(request: HttpRequest) -> HttpResponse:
    form = PlanFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(filtered_public_plans(filters), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "missing": filtered_obligations(missing_plans(), filters),
        "deadline_days": deadline_days(),
        "breadcrumbs": [("Home", reverse("league:home"))],
    }
    return render(request, "improvement/plan_list.html", context)


@require_safe
@public_page
def trust_plan(request: HttpRequest, ods_code: str) -> HttpResponse:
    # An ICB has no plan page: the duty to publish a plan is a trust's.
    trusts = Trust.objects.trusts().select_related("region")
    trust = get_object_or_404(trusts, ods_code=ods_code.upper())
    plan = public_plan_for_trust(trust)
    period = latest_published_period_of_each_league().get(trust.league)
    assessment = published_assessment(trust, period) if period else None
    context = {
        "breadcrumbs": [
            ("Home", reverse("league:home")),
            ("Improvement plans", reverse("improvement:plans")),
        ],
        "trust": trust,
        "page": plan_page(plan, public=True) if plan else None,
        "flags": plan,
        "obligation": plan_obligation(trust, assessment),
    }
    return render(request, "improvement/trust_plan.html", context)
