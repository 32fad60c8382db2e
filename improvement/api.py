"""Published improvement plans in the open-data API (/api/plans/), through the league API's doors:
the same JSON envelope, errors, caching on the public data version, and OpenAPI document."""

from django.http import HttpRequest
from django.urls import path, reverse

from improvement.models import ImprovementPlan
from improvement.selectors.obligations import with_flags
from league.api import openapi
from league.api import openapi_schemas as s
from league.api.base import public_api
from league.api.links import Links
from league.api.responses import bad_request, known_params, not_found, paginated
from trusts.models import TRUST_LEAGUES, Region


def _plans():
    return with_flags(
        ImprovementPlan.objects.public().select_related("trust__region", "period")
    ).order_by("trust__name", "-published_at")


def _plan(plan: ImprovementPlan, link: Links, *, detail: bool = False) -> dict:
    shown = {
        "trust_code": plan.trust.ods_code,
        "trust_name": plan.trust.name,
        "league": plan.trust.league,
        "region": plan.trust.region.name,
        "title": plan.title,
        "status": plan.status,
        "period": plan.period.label,
        "target_segment": plan.target_segment,
        "target_date": plan.target_date.isoformat(),
        "published_at": plan.published_at.isoformat() if plan.published_at else None,
        "overdue_actions": plan.overdue_action_count,
        "overdue_milestones": plan.overdue_milestone_count,
        "no_update_for_90_days": bool(plan.is_stale),
        "url": link.absolute(reverse("improvement:trust_plan", args=[plan.trust.ods_code])),
        "api_url": link.absolute(reverse("plans:plan", args=[plan.trust.ods_code])),
    }
    if detail:
        shown["summary"] = plan.summary
        shown["actions"] = [_action(action) for action in plan.actions.order_by("order", "pk")]
    return shown


def _action(action) -> dict:
    return {
        "title": action.title,
        "owner_role": action.owner_role,
        "metric_id": action.metric.metric_id if action.metric_id else None,
        "baseline": action.baseline,
        "target_value": action.target_value,
        "target_date": action.target_date.isoformat(),
        "trajectory": action.trajectory or {},
        "status": action.status,
        "milestones": [
            {
                "title": m.title,
                "due_date": m.due_date.isoformat(),
                "done_date": m.done_date.isoformat() if m.done_date else None,
            }
            for m in action.milestones.order_by("order", "pk")
        ],
    }


@public_api
def plans(request: HttpRequest) -> dict:
    params = known_params(request)
    queryset = _plans()
    if "league" in params:
        codes = [league.value for league in TRUST_LEAGUES]
        if params["league"] not in codes:
            raise bad_request(f"“league” must be one of {', '.join(codes)}.")
        queryset = queryset.filter(trust__league=params["league"])
    if "region" in params:
        if not Region.objects.filter(code=params["region"]).exists():
            raise bad_request("“region” must be a region code, e.g. Y56.")
        queryset = queryset.filter(trust__region__code=params["region"])
    link = Links(request)

    def page_url(n: int) -> str:
        kept = {k: v for k, v in params.items() if k in ("league", "region", "page_size")}
        query = "&".join(f"{k}={v}" for k, v in sorted({**kept, "page": n}.items()))
        return link.absolute(f"{reverse('plans:plans')}?{query}")

    return paginated(params, queryset, page_url, lambda plan: _plan(plan, link))


@public_api
def plan(request: HttpRequest, ods_code: str) -> dict:
    found = _plans().filter(trust__ods_code=ods_code.upper()).first()
    if found is None:
        raise not_found(f"No published improvement plan for the trust “{ods_code}”.")
    return _plan(found, Links(request), detail=True)


urlpatterns = [
    path("", plans, name="plans"),
    path("<str:ods_code>/", plan, name="plan"),
]

_DATE = {"type": "string", "format": "date"}
_SUMMARY_FIELDS = {
    "trust_code": s.STRING,
    "trust_name": s.STRING,
    "league": s.LEAGUE,
    "region": s.STRING,
    "title": s.STRING,
    "status": {"type": "string", "enum": ["published", "closed"]},
    "period": s.described(s.STRING, "The quarter whose segment 4 called for the plan."),
    "target_segment": s.INTEGER,
    "target_date": _DATE,
    "published_at": s.nullable({"type": "string", "format": "date-time"}),
    "overdue_actions": s.INTEGER,
    "overdue_milestones": s.INTEGER,
    "no_update_for_90_days": s.BOOLEAN,
    "url": s.URI,
    "api_url": s.URI,
}
_MILESTONE = s.obj({"title": s.STRING, "due_date": _DATE, "done_date": s.nullable(_DATE)})
_ACTION = s.obj(
    {
        "title": s.STRING,
        "owner_role": s.STRING,
        "metric_id": s.nullable(s.STRING),
        "baseline": s.nullable({"type": "number"}),
        "target_value": s.nullable({"type": "number"}),
        "target_date": _DATE,
        "trajectory": s.described({"type": "object"}, "Expected value per quarter (period slug)."),
        "status": s.STRING,
        "milestones": s.array(_MILESTONE),
    }
)
SCHEMAS = {
    "PlanSummary": s.obj(_SUMMARY_FIELDS, "A published improvement plan."),
    "PlanPage": s.obj(
        {
            "count": s.INTEGER,
            "next": s.nullable(s.URI),
            "previous": s.nullable(s.URI),
            "results": s.array(s.ref("PlanSummary")),
        }
    ),
    "PlanDetail": s.obj({**_SUMMARY_FIELDS, "summary": s.STRING, "actions": s.array(_ACTION)}),
}
PATHS = {
    "/api/plans/": openapi._get(
        "plans",
        "Published improvement plans, paginated",
        "PlanPage",
        [
            openapi.LEAGUE_FILTER,
            openapi._param("region", "Region ODS code, e.g. Y56.", {"type": "string"}),
            openapi.PAGE,
            openapi.PAGE_SIZE,
        ],
    ),
    "/api/plans/{ods_code}/": openapi._get(
        "plan",
        "One trust's published improvement plan, with actions and milestones",
        "PlanDetail",
        [openapi._param("ods_code", "The trust's ODS code.", {"type": "string"}, "path")],
    ),
}


def register() -> None:
    openapi.openapi_extend(paths=PATHS, schemas=SCHEMAS, index_links={"plans": "/api/plans/"})
