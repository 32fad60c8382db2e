"""The read-only JSON API: documented shapes, pagination, JSON errors, caching, and no drafts."""

import json
from decimal import Decimal

import pytest
from django.urls import get_resolver

from league.api import serializers
from league.models import Assessment, Period, Release
from league.services.recompute import period_recompute
from league.services.releases import release_publish, release_revise
from tests.api_validation import checked_spec, response_errors, served_document
from tests.league import factories
from trusts.models import Trust

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]

ENDPOINTS = [
    "/api/",
    "/api/periods/",
    "/api/periods/2025-26-q2/",
    "/api/league/acute/",
    "/api/league/non-acute/?period=2025-26-q1",
    "/api/league/ambulance/?period=2025-26-q3&release=1",
    "/api/league/acute/?region=Y56&segment=4",
    "/api/trusts/",
    "/api/trusts/?league=ambulance&region=Y59&page_size=2",
    "/api/trusts/{trust}/",
    "/api/metrics/",
    "/api/metrics/?league=ambulance&framework=2025/26",
    "/api/metrics/OF0013/",
]
ERRORS = [
    ("/api/trusts/?page=x", 400),
    ("/api/trusts/?page=0", 400),
    ("/api/trusts/?page=99", 404),
    ("/api/trusts/?page_size=201", 400),
    ("/api/trusts/?league=hospice", 400),
    ("/api/trusts/?region=London", 400),
    ("/api/league/hospice/", 404),
    ("/api/league/acute/?period=2030-31-q1", 404),
    ("/api/league/acute/?release=two", 400),
    ("/api/league/acute/?release=9", 404),
    ("/api/periods/2030-31-q1/", 404),
    ("/api/trusts/NOPE/", 404),
    ("/api/metrics/OF9999/", 404),
    ("/api/metrics/?framework=1999/00", 404),
    ("/api/no-such-thing/", 404),
]


@pytest.fixture
def trust() -> Trust:
    return Trust.objects.filter(league="acute").order_by("ods_code").first()


def get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.fixture
def spec(client):
    return checked_spec(client)


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_answers_with_its_documented_shape(client, spec, trust, url):
    response = client.get(url.format(trust=trust.ods_code))

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "") and not response.cookies
    assert response_errors(spec, response) == []


def _api_links(value) -> list[str]:
    """Every address under /api/ that an answer links to."""
    if isinstance(value, dict):
        return [link for item in value.values() for link in _api_links(item)]
    if isinstance(value, list):
        return [link for item in value for link in _api_links(item)]
    if isinstance(value, str) and value.startswith("http://testserver/api/"):
        return [value.removeprefix("http://testserver")]
    return []


def test_every_answer_of_the_demonstration_site_is_what_the_document_says(client, spec):
    """From /api/, every linked address (every page, period, release, table, trust, metric,
    plan and note) and each trust's "learn from" answer, validated by openapi-core."""
    seen, queue, checked = set(), ["/api/"], 0
    queue += [
        f"/api/trusts/{code}/learn/" for code in Trust.objects.values_list("ods_code", flat=True)
    ]
    while queue:
        url = queue.pop()
        if url in seen or url.startswith(("/api/openapi.json", "/api/browser/")):
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.content)
        assert response_errors(spec, response) == [], url
        checked += 1
        if response.status_code == 200:
            queue += _api_links(json.loads(response.content))
    assert checked > 500  # trusts, their learning, tables of every release, metrics, plans
    assert {"/api/plans/", "/api/good-practice/"} <= seen


def test_the_openapi_document_describes_every_address_and_is_valid_openapi_3_1(client):
    document = served_document(client)
    assert document["openapi"] == "3.1.0"
    checked_spec(client)  # openapi-spec-validator: the document itself

    def documented(prefix: str, urlconf: str) -> set[str]:
        return {
            prefix + str(p.pattern).replace("<slug:", "{").replace("<str:", "{").replace(">", "}")
            for p in get_resolver(urlconf).url_patterns
            if p.name not in ("unknown", "openapi", "browser")
        }

    # The league's own endpoints, and the plans, notes and learning the improvement app adds.
    routes = documented("/api/", "league.api.urls") | documented("/api/plans/", "improvement.api")
    routes |= {
        "/" + str(p.pattern).replace("<str:", "{").replace(">", "}")
        for p in get_resolver("config.urls").url_patterns
        if str(p.pattern).startswith("api/") and str(p.pattern) not in ("api/", "api/plans/")
    }
    assert set(document["paths"]) == routes
    league = document["paths"]["/api/league/{league}/"]["get"]
    names = {parameter["name"] for parameter in league["parameters"]}
    assert {"region", "icb", "subtype", "segment", "specialist", "name"} <= names  # the page's


def test_another_app_adds_its_endpoints_to_the_index_without_the_league_app_importing_it(
    client, monkeypatch
):
    monkeypatch.setattr(serializers, "_INDEX_LINKS", {"releases": "league:release-feed"})
    spec = checked_spec(client)

    response = client.get("/api/")
    index = json.loads(response.content)
    assert index["links"]["releases"] == "http://testserver/feeds/releases/"
    assert response_errors(spec, response) == []


def test_the_validator_catches_undocumented_missing_and_mistyped_fields(client, spec):
    response = client.get("/api/metrics/OF0013/")
    body = json.loads(response.content)
    for broken in (
        {**body, "extra": 1},
        {key: value for key, value in body.items() if key != "score_id"},
        {**body, "higher_is_better": "yes"},
    ):
        response.content = json.dumps(broken).encode()
        assert response_errors(spec, response), broken


@pytest.mark.parametrize(("url", "status"), ERRORS)
def test_errors_are_json(client, spec, url, status):
    response = client.get(url)
    body = get(client, url, status)
    assert body["error"]["status"] == status
    if "/no-such-thing/" not in url:  # an address the document does not have
        assert response_errors(spec, response) == []


def test_the_api_is_read_only(client):
    response = client.post("/api/periods/")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert json.loads(response.content)["error"]["code"] == "method_not_allowed"


def test_the_league_table_defaults_to_the_latest_quarter_in_rank_order(client):
    body = get(client, "/api/league/acute/")

    assert body["period"]["label"] == "Q2 2026/27"
    assert body["release"]["number"] == 1 and body["release"]["state"] == "published"
    assert body["count"] == len(body["results"]) == 134
    ranks = [row["rank"] for row in body["results"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    row = body["results"][0]
    assessment = Assessment.objects.get(
        release__period__slug="2026-27-q2", release__number=1, trust__ods_code=row["trust_code"]
    )
    assert row["average_score"] == float(assessment.average_2dp)
    assert row["segment"] == assessment.segment and row["league_size"] == 134


def test_trusts_are_paginated_in_pages_of_50_at_most_200(client):
    first = get(client, "/api/trusts/")
    assert first["count"] == 205 + 42 and len(first["results"]) == 50  # trusts and ICBs
    assert first["previous"] is None and first["next"].endswith("/api/trusts/?page=2")

    last = get(client, "/api/trusts/?page=5")
    assert len(last["results"]) == 47 and last["next"] is None
    assert last["previous"].endswith("/api/trusts/?page=4")
    assert len(get(client, "/api/trusts/?page_size=200")["results"]) == 200

    seen = [
        t["ods_code"] for n in range(1, 6) for t in get(client, f"/api/trusts/?page={n}")["results"]
    ]
    assert len(set(seen)) == 247


def test_trust_filters_combine_and_links_keep_them(client):
    body = get(client, "/api/trusts/?league=acute&region=Y56&page_size=3&junk=1")
    expected = Trust.objects.filter(league="acute", region__code="Y56").count()
    assert body["count"] == expected
    assert {(t["league"], t["region"]["code"]) for t in body["results"]} == {("acute", "Y56")}
    assert body["next"].endswith("?league=acute&page=2&page_size=3&region=Y56")


def test_a_trust_has_its_history_across_the_published_quarters(client, trust):
    body = get(client, f"/api/trusts/{trust.ods_code.lower()}/")

    assert body["ods_code"] == trust.ods_code
    periods = [entry["period"]["label"] for entry in body["history"]]
    assert periods == [f"Q{q} 2025/26" for q in (1, 2, 3, 4)] + ["Q1 2026/27", "Q2 2026/27"]
    assert all(entry["release"] == 1 for entry in body["history"])


def test_metrics_are_the_latest_frameworks_catalogue(client):
    body = get(client, "/api/metrics/")
    assert body["framework"]["code"] == "2026/27" and body["count"] == len(body["results"]) > 20
    ambulance = get(client, "/api/metrics/?league=ambulance")["results"]
    assert ambulance and all("ambulance" in m["leagues"] for m in ambulance)
    assert get(client, "/api/metrics/of0013/")["score_id"] == "OF1013"


def _draft_period() -> Period:
    period = factories.PeriodFactory(year=2026, quarter=3, status="draft")
    release = factories.ReleaseFactory(period=period, state="draft")
    for trust in Trust.objects.filter(league="acute")[:3]:
        factories.AssessmentFactory(release=release, trust=trust, league="acute")
    return period


def test_a_draft_period_is_never_shown(client, trust):
    draft = _draft_period()
    trust_in_draft = draft.releases.get().assessments.first().trust

    assert draft.slug not in json.dumps(get(client, "/api/periods/"))
    get(client, f"/api/periods/{draft.slug}/", 404)
    get(client, f"/api/league/acute/?period={draft.slug}", 404)
    assert get(client, "/api/league/acute/")["period"]["slug"] == "2026-27-q2"
    assert get(client, "/api/")["latest_period"] == "2026-27-q2"
    history = get(client, f"/api/trusts/{trust_in_draft.ods_code}/")["history"]
    assert draft.slug not in {entry["period"]["slug"] for entry in history}


def _revise_q4() -> Release:
    """A correction of Q4 in preparation, with a figure no published release has."""
    period = Period.objects.get(slug="2025-26-q4")
    draft = release_revise(period=period, reason="A late file for one trust.")
    period_recompute(period=period, replicates=10)
    Assessment.objects.filter(release=draft).update(average_2dp=Decimal("3.99"))
    Assessment.objects.filter(release=draft, league="acute", rank=1).update(adjusted_segment=4)
    return draft


def test_a_correction_in_preparation_is_never_shown(client):
    _revise_q4()

    table = get(client, "/api/league/acute/?period=2025-26-q4")
    assert table["release"]["number"] == 1
    assert 3.99 not in {row["average_score"] for row in table["results"]}
    get(client, "/api/league/acute/?period=2025-26-q4&release=2", 404)
    period = get(client, "/api/periods/2025-26-q4/")
    assert [r["number"] for r in period["releases"]] == [1] and period["current_release"] == 1
    trust = Trust.objects.filter(league="acute").first().ods_code
    assert all(e["average_score"] != 3.99 for e in get(client, f"/api/trusts/{trust}/")["history"])


def test_a_publication_shows_at_once_and_the_old_release_stays_citable(
    client, django_capture_on_commit_callbacks
):
    draft = _revise_q4()
    assert get(client, "/api/periods/2025-26-q4/")["current_release"] == 1  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=draft, correction_note="One trust's late data added.")

    period = get(client, "/api/periods/2025-26-q4/")
    assert period["current_release"] == 2
    assert [(r["number"], r["state"]) for r in period["releases"]] == [
        (1, "superseded"), (2, "published")]  # fmt: skip
    assert period["releases"][1]["correction_note"] == "One trust's late data added."
    assert period["releases"][1]["is_correction"]
    assert [c["segment_after"] for c in period["releases"][1]["changes"]] == [4]
    assert get(client, "/api/league/acute/?period=2025-26-q4")["release"]["number"] == 2
    old = get(client, "/api/league/acute/?period=2025-26-q4&release=1")
    assert old["release"]["state"] == "superseded"


def test_a_cached_answer_needs_no_query_and_ignores_unknown_parameters(
    client, django_assert_num_queries
):
    first = client.get("/api/league/ambulance/")
    with django_assert_num_queries(0):
        again = client.get("/api/league/ambulance/?utm_source=x")
    assert again.content == first.content


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/", 4),
        ("/api/periods/", 3),
        ("/api/periods/2025-26-q1/", 3),
        ("/api/league/acute/", 4),
        ("/api/trusts/?page=2&page_size=5&league=acute&region=Y56", 4),
        ("/api/trusts/{trust}/", 3),
        ("/api/metrics/", 3),
        ("/api/metrics/OF0013/", 3),
    ],
)
def test_queries_are_few_and_do_not_grow_with_rows(
    client, trust, django_assert_max_num_queries, url, queries
):
    with django_assert_max_num_queries(queries):
        assert client.get(url.format(trust=trust.ods_code)).status_code == 200


def test_a_client_polling_with_its_etag_gets_304_until_the_next_publication(
    client, django_capture_on_commit_callbacks
):
    first = client.get("/api/league/acute/?period=2025-26-q4")
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')

    again = client.get("/api/league/acute/?period=2025-26-q4", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    other = client.get("/api/league/ambulance/?period=2025-26-q4", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200  # an ETag names one answer

    draft = _revise_q4()  # a correction in preparation changes nothing public
    url = "/api/league/acute/?period=2025-26-q4"
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=draft, correction_note="One trust's late data added.")

    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert json.loads(changed.content)["release"]["number"] == 2


def test_past_the_rate_a_client_gets_429_with_retry_after(client, monkeypatch):
    from league.api.base import PublicRateThrottle

    monkeypatch.setattr(PublicRateThrottle, "rate", "3/min", raising=False)
    assert [client.get("/api/periods/").status_code for _ in range(3)] == [200, 200, 200]

    refused = client.get("/api/metrics/")  # every endpoint counts, cached answers too
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = json.loads(refused.content)
    assert body["error"]["status"] == 429 and body["error"]["code"] == "throttled"
    assert body["error"]["message"].startswith("Too many requests")
    other = client.get("/api/periods/", REMOTE_ADDR="192.0.2.7")  # another client is served
    assert other.status_code == 200


def test_answers_carry_no_cookie_and_say_they_may_be_cached(client):
    response = client.get("/api/league/acute/")
    assert "Set-Cookie" not in response and "Cookie" not in response.get("Vary", "")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


@pytest.mark.parametrize(
    "query",
    [
        "region=Y56",
        "segment=4",
        "specialist=exclude&segment=2",
        "name=hospital",
        "subtype=Acute - Small",
    ],
)
def test_the_api_filters_a_table_as_its_page_does(client, query):
    import re
    from urllib.parse import quote

    query = "&".join(f"{k}={quote(v)}" for k, v in (p.split("=") for p in query.split("&")))
    page = client.get(f"/league/acute/?{query}&per_page=500")
    assert page.status_code == 200
    shown = re.findall(r'id="compare-([A-Z0-9]+)"', page.content.decode())

    body = get(client, f"/api/league/acute/?{query}")

    assert shown, "the filter should keep some trusts"
    assert [row["trust_code"] for row in body["results"]] == shown
    assert body["count"] == len(shown) < len(get(client, "/api/league/acute/")["results"])


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/league/acute/?region=London", "“region”"),
        ("/api/league/acute/?segment=9", "“segment”"),
        ("/api/league/icb/?period=2026-27-q2&subtype=Community", "cannot be filtered by “subtype”"),
    ],
)
def test_a_filter_value_the_page_would_refuse_is_a_400(client, url, words):
    body = get(client, url, 400)
    assert body["error"]["code"] == "bad_request" and words in body["error"]["message"]


def test_a_league_table_downloads_from_the_api_as_csv_and_xlsx(client):
    import csv
    import io

    from openpyxl import load_workbook

    rows = get(client, "/api/league/acute/?region=Y56")["results"]

    answer = client.get("/api/league/acute/?region=Y56&format=csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert answer["Content-Disposition"].endswith('.csv"')
    table = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [r["trust_code"] for r in table] == [r["trust_code"] for r in rows]
    assert float(table[0]["average_score"]) == rows[0]["average_score"]

    answer = client.get("/api/league/acute/?region=Y56&format=xlsx")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    header = [cell.value for cell in sheet[1]]
    first = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert first["trust_code"] == rows[0]["trust_code"]
    assert first["rank"] == rows[0]["rank"] and isinstance(first["average_score"], float)
    assert sheet.max_row == len(rows) + 1

    assert (
        client.get("/api/league/acute/?format=csv")["ETag"]
        != client.get("/api/league/acute/")["ETag"]
    )
    refused = client.get("/api/league/acute/?period=2030-31-q1&format=csv")
    assert refused.status_code == 404 and b"not_found" in refused.content


def test_page_links_keep_only_the_parameters_the_list_reads(client):
    body = get(client, "/api/trusts/?league=acute&page_size=5&segment=4&name=x")
    assert body["next"].endswith("/api/trusts/?league=acute&page=2&page_size=5")


def test_a_client_asking_only_for_html_still_gets_json(client):
    response = client.get("/api/periods/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert client.get("/api/league/acute/?format=pdf").status_code == 404
