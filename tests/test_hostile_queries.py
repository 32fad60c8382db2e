"""Hostile query strings on every public URL: a clear 400 or 404, never a server error."""

import pytest
from django.test import Client

from trusts.models import Trust

PUBLIC = [
    "/",
    "/search/",
    "/league/acute/",
    "/league/non-acute/",
    "/league/ambulance/",
    "/trusts/{code}/",
    "/trusts/{code}/improvement/",
    "/trusts/{code}/feed/",
    "/metrics/OF0013/",
    "/compare/",
    "/methodology/",
    "/accessibility/",
    "/open-data/",
    "/improvement/",
    "/feeds/releases/",
    "/api/",
    "/api/periods/",
    "/api/league/acute/",
    "/api/trusts/",
    "/api/trusts/{code}/",
    "/api/metrics/",
    "/api/metrics/OF0013/",
    "/api/plans/",
    "/api/plans/{code}/",
]
HOSTILE = [
    "sort=../../etc/passwd",
    "sort=-rank;DROP TABLE",
    "page=-1",
    "page=0",
    "page=99999999999999999999",
    "page=1e9",
    "per_page=100000",
    "period=2025-26-q9",
    "period=../../",
    "release=abc",
    "release=-1",
    "release=999",
    "q=" + "x" * 5000,
    "q=%00%FF%FE",
    "trusts=" + ",".join(["ZZZ"] * 50),
    "trusts=%3Cscript%3E",
    "region=%27%20OR%201=1--",
    "segment=9",
    "segment=abc",
    "download=exe",
    "download=../",
    "show=everything",
    "page_size=abc",
    "league=moon",
    "%ZZ=1",
    "a=" + "%F0%9F%92%A9" * 300,
]


@pytest.fixture
def site(demo) -> str:
    """A demonstration trust's code, with the demonstration data loaded for the module (and
    rolled back after it, so no later test sees it)."""
    return Trust.objects.filter(is_demo=True).order_by("ods_code").first().ods_code


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC)
def test_hostile_query_strings_never_cause_a_server_error(site, path):
    client = Client(raise_request_exception=False)
    url = path.format(code=site)
    failures = []
    for query in HOSTILE:
        response = client.get(f"{url}?{query}")
        if response.status_code >= 500 or response.status_code not in (200, 301, 302, 400, 404):
            failures.append((query[:60], response.status_code))
    assert not failures, failures


@pytest.mark.django_db
def test_unknown_codes_in_paths_are_404(site):
    client = Client(raise_request_exception=False)
    for path in (
        "/trusts/NOPE1/",
        "/trusts/%3Cscript%3E/",
        "/metrics/OF9999/",
        "/league/premier/",
        "/api/trusts/NOPE1/",
        "/trusts/" + "A" * 500 + "/",
    ):
        assert client.get(path, follow=True).status_code == 404, path
