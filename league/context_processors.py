from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, lazy

from league.selectors import example_organisations, published_leagues
from league.views.common import cached
from trusts.models import TRUST_LEAGUES


def tables(request: HttpRequest) -> dict:
    """The league tables of the published quarters (the trusts' three before any is
    published), for the header navigation: read only by pages that show it, once per
    data version."""
    return {"league_tables": SimpleLazyObject(_tables)}


def _tables() -> tuple:
    return cached("published-leagues", published_leagues) or TRUST_LEAGUES


def examples(request: HttpRequest) -> dict:
    """Hints that name organisations the site publishes ("for example Leeds or RR8"), for the
    search boxes and the compare form: demonstration or real, whatever the site holds. Lazy:
    read only by the pages that show a hint, once per data version."""
    return {
        "trust_example": lazy(lambda: _examples()["trust_example"], str)(),
        "icb_example": lazy(lambda: _examples()["icb_example"], str)(),
        "compare_example": lazy(lambda: _examples()["compare_example"], str)(),
    }


def compare_example() -> str:
    return _examples()["compare_example"]


def _examples() -> dict[str, str]:
    found = cached("examples", example_organisations)
    trusts, icbs = found["trusts"], found["icbs"]
    return {
        "trust_example": _hint(trusts[0]) if trusts else "Leeds or RR8",
        "icb_example": _hint(icbs[0]) if icbs else "Kent or QKS",
        "compare_example": ", ".join(code for code, _ in trusts) if len(trusts) > 1 else "RR8, RP6",
    }


def _hint(organisation: tuple[str, str]) -> str:
    code, name = organisation
    return f"{name.split()[0]} or {code}"
