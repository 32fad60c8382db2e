"""Published improvement plans in the open-data API: documented shape, drafts never shown."""

import json

import pytest

from improvement.models import ImprovementPlan, PlanStatus
from tests.api_validation import checked_spec, response_errors, served_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]


def _json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_plans_are_listed_with_their_documented_shape(client):
    spec = checked_spec(client)
    body = _json(client, "/api/plans/?page_size=10")
    published = ImprovementPlan.objects.public().count()
    assert body["count"] == published > 0
    assert len(body["results"]) == 10 and body["next"].endswith("page=2&page_size=10")
    assert response_errors(spec, client.get("/api/plans/?page_size=10")) == []
    acute = _json(client, "/api/plans/?league=acute&page_size=200")
    assert all(plan["league"] == "acute" for plan in acute["results"])


def test_one_plan_with_its_actions_and_milestones(client):
    spec = checked_spec(client)
    plan = ImprovementPlan.objects.public().order_by("trust__ods_code").first()
    url = f"/api/plans/{plan.trust.ods_code.lower()}/"
    body = _json(client, url)
    assert body["title"] == plan.title and body["trust_code"] == plan.trust.ods_code
    assert len(body["actions"]) == plan.actions.count()
    assert body["actions"][0]["milestones"]
    assert response_errors(spec, client.get(url)) == []


def test_draft_plans_are_never_shown(client):
    plan = ImprovementPlan.objects.public().order_by("trust__ods_code").first()
    ImprovementPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    _json(client, f"/api/plans/{plan.trust.ods_code}/", status=404)
    codes = {p["trust_code"] for p in _json(client, "/api/plans/?page_size=200")["results"]}
    assert plan.trust.ods_code not in codes


@pytest.mark.parametrize(
    "query", ["page=0", "page=999", "page_size=500", "league=moon", "region=NOPE"]
)
def test_bad_parameters_are_json_errors(client, query):
    response = client.get(f"/api/plans/?{query}")
    assert response.status_code in (400, 404)
    assert json.loads(response.content)["error"]["status"] == response.status_code


def test_the_api_index_and_document_list_the_plans(client):
    assert _json(client, "/api/")["links"]["plans"].endswith("/api/plans/")
    assert {"/api/plans/", "/api/plans/{ods_code}/"} <= set(served_document(client)["paths"])
