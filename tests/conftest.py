from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """NHS England's published files and the trust register, read where they lie (never copied).

    A fresh checkout without `../shared/data` skips the tests that need them.
    """
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is not present: tests on NHS England's published data skipped")
    return SHARED_DATA


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demonstration data (205 trusts; six published quarters, 2025/26 and the first two of
    a fictional 2026/27; plans), loaded once for the module and rolled back after it; each test
    runs in a savepoint inside it."""
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
