from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from league.selectors import published_leagues
from league.views.common import cached
from trusts.models import TRUST_LEAGUES


def tables(request: HttpRequest) -> dict:
    """The league tables of the published quarters (the trusts' three before any is
    published), for the header navigation: read only by pages that show it, once per
    data version."""
    return {"league_tables": SimpleLazyObject(_tables)}


def _tables() -> tuple:
    return cached("published-leagues", published_leagues) or TRUST_LEAGUES
