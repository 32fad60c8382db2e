import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from tests.league import factories


@pytest.fixture
def superuser_client() -> Client:
    """An NHS England administrator, signed in with force_login (django-axes needs a request
    that `client.login` never passes)."""
    client = Client()
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demonstration data (205 trusts, four published quarters of 2025/26, plans), loaded
    once for the module and rolled back after it; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_fresh_cache(demo):
    """The demonstration data with an empty cache before and after the test."""
    cache.clear()
    yield
    cache.clear()
