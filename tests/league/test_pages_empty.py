"""The public pages of a service with no data yet: they explain, they never fail."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/", "No trusts have been loaded yet."),
        ("/league/acute/", "No league table has been published yet"),
        ("/methodology/", "No quarter has been published yet."),
        ("/metrics/OF0013/", "How it is scored"),
        ("/compare/", "Compare trusts"),
        ("/search/?q=north", "No trust matches"),
        ("/accessibility/", "Accessibility statement"),
    ],
)
def test_pages_without_data(client, url, text):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert "Demonstration data" not in html


@pytest.mark.parametrize(
    "url", ["/league/acute/?period=2025-26-q1", "/trusts/ZZZ/", "/metrics/OF0999/"]
)
def test_nothing_to_find_is_not_found(client, url):
    assert client.get(url).status_code == 404
