"""`/trusts/<ods_code>/learn/`: whom a trust can learn from, metric by metric, in the latest
published quarter of its table (or the quarter asked for)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from league.page_cache import public_page
from league.selectors import assessment_in
from league.views.common import edition_from_request, leagues_held
from trusts.models import Trust


@require_safe
@public_page(params=("period",))
def trust_learn(request: HttpRequest, ods_code: str) -> HttpResponse:
    trust = get_object_or_404(Trust.objects.trusts(), ods_code=ods_code.upper())
    held = leagues_held()
    edition = edition_from_request(request, lambda period: trust.league in held.get(period.pk, ()))
    if edition is None or assessment_in(edition.release, trust) is None:
        raise Http404("This trust has no published results for that quarter.")
    context = {
        "trust": trust,
        "period": edition.period,
        "release": edition.release,
        "breadcrumbs": [("Home", reverse("league:home")), (trust.name, trust.profile_path)],
    }
    return render(request, "improvement/learn.html", context)
