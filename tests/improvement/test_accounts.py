"""Signing in and out of /manage/, and session timeouts."""

import pytest
from django.test import Client

from config.sessions import LAST_SEEN, SIGNED_IN_AT
from tests.improvement.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_uses_nhs_components(world):
    response = Client().get("/manage/login/?next=/manage/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="nhsuk-input' in html and 'autocomplete="current-password"' in html
    assert 'name="next" value="/manage/"' in html


def test_a_wrong_password_shows_an_error_summary(world):
    world.lead_a.set_password("a long correct password")
    world.lead_a.save()
    response = Client().post(
        "/manage/login/", {"username": world.lead_a.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert response.content.decode().count("Error: ") >= 1


def test_sign_out_is_post_only_and_ends_the_session(world):
    client = signed_in(world.editor_a)
    assert client.get("/manage/logout/").status_code == 405
    response = client.post("/manage/logout/")
    assert response["Location"] == "/manage/login/"
    assert client.get("/manage/").status_code == 302


def test_a_signed_in_leader_is_sent_from_the_sign_in_page_to_the_dashboard(world):
    response = signed_in(world.editor_a).get("/manage/login/")
    assert response["Location"] == "/manage/"


@pytest.fixture
def with_timeouts(settings):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
        "config.sessions.SessionTimeoutMiddleware",
    )
    settings.MIDDLEWARE = middleware
    settings.MANAGE_IDLE_TIMEOUT = 600
    settings.MANAGE_ABSOLUTE_TIMEOUT = 3600


def _age(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_idle_sessions_time_out(world, with_timeouts):
    client = signed_in(world.editor_a)
    assert client.get("/manage/").status_code == 200
    _age(client, LAST_SEEN, 601)
    response = client.get("/manage/")
    assert response["Location"] == "/manage/login/?next=/manage/"
    assert client.get("/manage/").status_code == 302  # signed out for good


def test_staff_admin_sessions_time_out_when_idle_too(world, with_timeouts):
    client = Client()
    client.force_login(world.staff)
    assert client.get("/admin/").status_code == 200
    _age(client, LAST_SEEN, 601)
    response = client.get("/admin/league/period/")
    assert response["Location"] == "/admin/login/?next=/admin/league/period/"
    assert client.get("/admin/").status_code == 302


def test_sessions_time_out_after_the_absolute_limit_however_busy(world, with_timeouts):
    client = signed_in(world.editor_a)
    assert client.get("/manage/").status_code == 200
    _age(client, SIGNED_IN_AT, 3601)
    assert client.get("/manage/").status_code == 302


def test_public_pages_do_not_touch_the_session(world, with_timeouts):
    response = Client().get("/improvement/")
    assert "Cookie" not in response.get("Vary", "")
