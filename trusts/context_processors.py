from django.core.cache import cache
from django.http import HttpRequest

from trusts.models import Trust

DEMO_CACHE_KEY = "trusts:demo-data-present"


def service(request: HttpRequest) -> dict:
    """Values every page needs: the service name and whether demonstration data is shown."""
    return {"service_name": "NHS trust league tables", "demo_data": demo_data_present()}


def demo_data_present() -> bool:
    present = cache.get(DEMO_CACHE_KEY)
    if present is None:
        present = Trust.objects.filter(is_demo=True).exists()
        cache.set(DEMO_CACHE_KEY, present, 60)
    return present
