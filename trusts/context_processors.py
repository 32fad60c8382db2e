from django.core.cache import cache
from django.http import HttpRequest

from trusts.models import Trust

DEMO_CACHE_KEY = "trusts:demo-data-present"


def service(request: HttpRequest) -> dict:
    """Values every page needs: the service name, whether demonstration data is shown, and
    examples for search hints that name trusts the site actually holds."""
    demo = demo_data_present()
    return {
        "service_name": "NHS trust league tables",
        "demo_data": demo,
        "trust_example": "Northmoor or ZX1" if demo else "Leeds or RR8",
        "icb_example": "Northmoor or ZIA" if demo else "Kent or QKS",
    }


def demo_data_present() -> bool:
    present = cache.get(DEMO_CACHE_KEY)
    if present is None:
        present = Trust.objects.filter(is_demo=True).exists()
        cache.set(DEMO_CACHE_KEY, present, 60)
    return present
