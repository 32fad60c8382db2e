"""Public pages and API answers from the front door (league.page_cache.PublicCacheMiddleware):
stored as sent, headers and CSP included; never for a signed-in user; conditional requests;
gzip; a publication changes what is served at once."""

import gzip
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import resolve

from league.models import Assessment, Period
from league.page_cache import front_key
from league.selectors import data_version
from league.services.recompute import period_recompute
from league.services.releases import release_publish, release_revise
from tests.league import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_fresh_cache")]

PUBLIC = ["/league/acute/", "/trusts/ZFQ/", "/", "/metrics/OF0013/", "/api/league/acute/"]
SAME_HEADERS = [
    "Content-Type",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cache-Control",
    "ETag",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_a_stored_answer_is_the_answer_with_its_security_headers_and_no_work(
    client, django_assert_num_queries, url
):
    first = client.get(url)
    assert first.status_code == 200 and "Content-Security-Policy" in first
    with django_assert_num_queries(0):
        again = client.get(url + ("&" if "?" in url else "?") + "utm_source=x")

    assert again.content == first.content
    assert {h: again.get(h) for h in SAME_HEADERS} == {h: first.get(h) for h in SAME_HEADERS}
    assert "public" in again["Cache-Control"] and not again.cookies


def _stored(url: str) -> list[str]:
    """Which stores hold the anonymous answer to `url`: the front door's and the page's."""
    request = RequestFactory().get(url)
    version = data_version()
    keys = {"front": front_key(request, resolve(url).func, version)}
    return [name for name, key in keys.items() if cache.get(key) is not None]


def _replace_stored(url: str, body: bytes) -> None:
    request = RequestFactory().get(url)
    version = data_version()
    key = front_key(request, resolve(url).func, version)
    cache.set(key, replace(cache.get(key), body=body, gzipped=None))


@pytest.mark.parametrize("url", ["/league/acute/", "/trusts/ZFQ/"])
def test_a_signed_in_users_page_is_never_stored_nor_served_from_the_store(client, url):
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(url).status_code == 200
    assert _stored(url) == []  # nothing of theirs is kept

    anonymous = Client()
    anonymous.get(url)  # an anonymous visit stores the page...
    assert _stored(url) == ["front"]
    _replace_stored(url, b"<p>the stored copy</p>")
    assert anonymous.get(url).content == b"<p>the stored copy</p>"

    page = client.get(url)  # ...which a signed-in user is never served
    assert page.status_code == 200 and b"the stored copy" not in page.content


@pytest.mark.parametrize("url", ["/league/acute/", "/trusts/ZFQ/", "/api/league/acute/"])
def test_if_none_match_gets_304_until_a_publication_changes_the_etag(
    client, django_capture_on_commit_callbacks, url
):
    etag = client.get(url)["ETag"]
    assert etag.startswith('"')

    for _ in range(2):  # from the store, and on a miss
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert unchanged.status_code == 304 and unchanged.content == b""
        assert unchanged["ETag"] == etag and "public" in unchanged["Cache-Control"]
        cache.clear()

    period = Period.objects.get(slug="2026-27-q2")
    draft = release_revise(period=period, reason="A late file.")
    period_recompute(period=period, replicates=10)
    Assessment.objects.filter(release=draft).update(average_2dp=Decimal("3.99"))
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304  # a draft: nothing new
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=draft, correction_note="One trust's late data added.")

    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert b"3.99" in changed.content


@pytest.mark.parametrize("url", ["/league/acute/", "/api/league/acute/"])
def test_html_and_json_are_gzipped_for_clients_that_accept_it(client, url):
    plain = client.get(url)
    for _ in range(2):  # on the miss that stores it, and from the store
        packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
        assert gzip.decompress(packed.content) == plain.content
        assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 3
    assert "Content-Encoding" not in client.get(url)


def test_the_api_still_counts_every_request_served_from_the_front_door(client, monkeypatch):
    from league.api.base import PublicRateThrottle

    monkeypatch.setattr(PublicRateThrottle, "rate", "2/min", raising=False)
    # Stored by the first; the second is served from the store and still counted.
    assert [client.get("/api/periods/").status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get("/api/periods/")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "throttled"


def test_the_api_keeps_each_format_apart(client):
    json_answer = client.get("/api/league/acute/")
    csv_answer = client.get("/api/league/acute/?format=csv")
    assert csv_answer["Content-Type"].startswith("text/csv")
    assert client.get("/api/league/acute/?format=csv").content == csv_answer.content
    assert client.get("/api/league/acute/").content == json_answer.content
    other_host = client.get("/api/league/acute/", HTTP_HOST="localhost")
    assert b"http://localhost/api/" in other_host.content
