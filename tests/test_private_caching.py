import pytest
from django.test import Client

from tests.league import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/manage/login/"])
def test_private_pages_are_never_stored_by_shared_caches(path):
    client = Client()
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    response = client.get(path)
    cache_control = response.headers.get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control


def test_anonymous_admin_login_is_not_stored_either(client):
    response = client.get("/admin/login/")
    assert "no-store" in response.headers["Cache-Control"]
