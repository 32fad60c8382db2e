from html import escape

import pytest
from django.core.cache import cache
from django.core.management import call_command

from trusts.models import Trust

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_home_lists_the_trusts_of_all_three_leagues(client):
    call_command("seed_demo")
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    for heading in ("Acute trusts", "Mental health and community trusts", "Ambulance trusts"):
        assert heading in page
    for trust in Trust.objects.all():
        assert escape(trust.name) in page
    assert "134 trusts" in page and "61 trusts" in page and "10 trusts" in page


def test_demo_data_is_labelled_on_the_page(client):
    call_command("seed_demo")
    assert "Demonstration data" in client.get("/").content.decode()


def test_real_data_carries_no_demo_label(client):
    assert "Demonstration data" not in client.get("/").content.decode()


def test_the_page_uses_the_nhs_design_system_and_its_files_are_served(client):
    page = client.get("/").content.decode()
    assert 'class="nhsuk-skip-link"' in page
    assert '<main class="nhsuk-main-wrapper' in page
    assert "/static/css/app.css" in page
    css = client.get("/static/css/app.css")
    assert css.status_code == 200
    assert b".nhsuk-header" in b"".join(css.streaming_content)
