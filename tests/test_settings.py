import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "raw, expected",
    [("true", True), ("1", True), ("Yes", True), ("false", False), ("0", False), ("off", False)],
)
def test_booleans_are_read_in_their_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", default=not expected) is expected


def test_an_ambiguous_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", default=False)


def test_unset_values_take_their_defaults(monkeypatch):
    monkeypatch.delenv("X_FLAG", raising=False)
    assert env_bool("X_FLAG", default=True) is True
    assert env_int("X_FLAG", default=7) == 7
    assert env_list("X_FLAG", default=["a"]) == ["a"]


def test_lists_and_numbers(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " example.org, www.example.org ,")
    monkeypatch.setenv("X_NUMBER", "1O")
    assert env_list("X_HOSTS") == ["example.org", "www.example.org"]
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER"):
        env_int("X_NUMBER", default=1)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_secret_key_is_refused():
    result = _manage("check", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "config.E001" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_without_a_secret_key_fails_the_deployment_checklist():
    result = _manage("check", "--deploy", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "config.E001" in result.stderr


def test_production_without_allowed_hosts_is_refused():
    result = _manage("check", "--deploy", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="k" * 60)
    assert result.returncode != 0
    assert "config.E002" in result.stderr


def test_development_needs_no_variables():
    result = _manage("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_deployment_checklist_is_clean_with_production_variables():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "q7Z" * 15,
        DJANGO_ALLOWED_HOSTS="example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_redis_tasks_run_in_process(settings):
    # The test run itself may have REDIS_URL; the rule is read from settings.py's own logic.
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)",
        DJANGO_DEBUG="true",
    )
    assert result.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.django_db
def test_ensure_admin_names_the_address_the_site_is_served_on():
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("ensure_admin", "--address", "127.0.0.1:8080", stdout=out)
    assert "http://127.0.0.1:8080/admin/" in out.getvalue()


PREVIEW_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.ALLOWED_HOSTS[0], s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
    "s.STATIC_MANIFEST, s.MAILERS['default']['BACKEND'].rsplit('.', 1)[-1])"
)


def test_the_local_preview_serves_as_production_does_on_this_machine_over_http():
    # `make run`: debugging off (the service's own error pages), plain HTTP on localhost.
    result = _manage("shell", "-c", PREVIEW_SETTINGS, DJANGO_LOCAL_PREVIEW="true")
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last == "False 127.0.0.1 False False False EmailBackend"
    assert _manage("check", DJANGO_LOCAL_PREVIEW="true").returncode == 0


def test_the_local_preview_fails_the_deployment_checklist():
    result = _manage(
        "check",
        "--deploy",
        DJANGO_LOCAL_PREVIEW="true",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "q7Z" * 15,
        DJANGO_ALLOWED_HOSTS="example.org",
    )
    assert result.returncode != 0
    assert "config.E003" in result.stderr


@pytest.mark.django_db
def test_without_debugging_a_missing_page_is_the_services_own(client):
    # What `make run` shows now that its preview runs without DEBUG (tests run without it too).
    html = client.get("/no-such-page/").content.decode()
    assert "<title>Page not found \u2013 NHS trust league tables" in html
    assert "Django tried these URL patterns" not in html


def test_production_carries_no_demonstration_app():
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "production-like-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "example.org",
    }
    refused = _manage("seed_demo", "--help", **production)
    assert refused.returncode != 0 and "Unknown command: 'seed_demo'" in refused.stderr
    allowed = _manage("seed_demo", "--help", **production, DJANGO_DEMO="true")
    assert allowed.returncode == 0, allowed.stderr
    local = _manage("seed_demo", "--help", DJANGO_LOCAL_PREVIEW="true")  # as `make run` serves
    assert local.returncode == 0, local.stderr
