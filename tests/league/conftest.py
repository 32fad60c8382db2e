import pytest
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
def official_site(django_db_setup, django_db_blocker):
    """The site loaded with NHS England's own files, as `NOF_DATA_DIR=… make run` loads them
    (Q1 2025/26 published on 9 September 2025), for the tests of one module."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction

    from tests.conftest import SHARED_DATA

    official = SHARED_DATA / "nof-official"
    if not official.is_dir():
        pytest.skip(f"{official} is not present: NHS England's files skipped")
    with django_db_blocker.unblock(), transaction.atomic(), pytest.MonkeyPatch.context() as mp:
        mp.setenv("NOF_DATA_DIR", str(official))
        mp.setenv("NOF_PUBLISHED_ON", "Q1 2025/26=2025-09-09")
        call_command("seed_demo", verbosity=0)
        cache.clear()
        yield
        transaction.set_rollback(True)
    cache.clear()
