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
