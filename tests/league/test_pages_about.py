"""The privacy notice, cookies and contact pages, and their links in the footer."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from league.views.about import duration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert "Cookie" not in response.get("Vary", "") and not response.cookies
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "heading"),
    [("/privacy/", "Privacy notice"), ("/cookies/", "Cookies"), ("/contact/", "Contact us")],
)
def test_each_page_is_a_public_page_like_the_accessibility_statement(client, url, heading):
    html = page(client, url)
    assert f"<title>{heading} \u2013 NHS trust league tables \u2013 NHS</title>" in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="nhsuk-grid-column-two-thirds"' in html
    breadcrumb = html.split('<nav class="nhsuk-breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/"' in breadcrumb and "Home" in breadcrumb


def test_the_home_page_footer_links_all_three(client):
    footer = page(client, "/").split('<footer class="nhsuk-footer"', 1)[1]
    for href, text in [
        ("/privacy/", "Privacy notice"),
        ("/cookies/", "Cookies"),
        ("/contact/", "Contact us"),
        ("/accessibility/", "Accessibility statement"),
    ]:
        assert f'<a class="nhsuk-footer__list-item-link" href="{href}">{text}</a>' in footer


def test_privacy_notice_names_the_controller_the_data_and_the_rights(client, settings):
    settings.AXES_FAILURE_LIMIT = 7
    settings.AXES_COOLOFF_TIME = timedelta(minutes=20)
    html = page(client, "/privacy/")
    assert "NHS England publishes the league tables and is the controller" in html
    assert "after 7 failed attempts" in html and "for 20 minutes" in html
    assert "IP address" in html and "email address" in html and "reminders" in html
    assert "30 minutes without activity" in html and "8 hours after signing in" in html
    for right in [
        "right of access",
        "right to rectification",
        "right to erasure",
        "right to restrict processing",
        "right to object",
        "right to data portability",
    ]:
        assert right in html
    assert "UK GDPR" in html and 'href="https://ico.org.uk/make-a-complaint/"' in html
    assert 'href="/contact/"' in html
    assert "What is not decided yet" in html


def test_cookies_page_lists_the_cookies_django_is_set_to_use(client, settings):
    html = page(client, "/cookies/")
    table = html.split('<table class="nhsuk-table', 1)[1].split("</table>", 1)[0]
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"):
        assert f"<span>{name}</span>" in table
    assert "8 hours after you last used the signed-in pages" in table
    assert "52 weeks" in table
    assert "No analytics or tracking" in html and "shows no cookie banner" in html
    assert "strictly necessary" in html


def test_cookies_page_follows_the_settings(client, settings):
    settings.SESSION_COOKIE_NAME = "league_session"
    settings.SESSION_COOKIE_AGE = 60 * 60 * 2
    html = page(client, "/cookies/")
    assert "<span>league_session</span>" in html and "2 hours after you last used" in html


def test_contact_page_without_a_contact_setting_sends_people_to_nhs_england(client, settings):
    html = page(client, "/contact/")
    assert 'href="https://www.england.nhs.uk/contact-us/"' in html
    assert "segmentation-and-league-tables" in html and "mailto:" not in html
    assert "A correction is published as a new release with a note" in html
    assert 'href="/open-data/#releases"' in html and 'href="/privacy/"' in html


def test_contact_page_shows_the_contact_email_setting(client, settings):
    settings.SERVICE_CONTACT_EMAIL = "league.tables@example.nhs.uk"
    html = page(client, "/contact/")
    assert 'href="mailto:league.tables@example.nhs.uk"' in html


@pytest.mark.parametrize("url", ["/privacy/", "/cookies/", "/contact/"])
def test_queries_are_few(client, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (60 * 60 * 8, "8 hours"),
        (30 * 60, "30 minutes"),
        (60 * 60 * 24 * 7 * 52, "52 weeks"),
        (60 * 60 * 24, "1 day"),
        (timedelta(minutes=15), "15 minutes"),
        (90, "90 seconds"),
    ],
)
def test_duration(value, text):
    assert duration(value) == text
