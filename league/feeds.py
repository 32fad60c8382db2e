"""Atom feeds: every publication and correction, and one trust's results in each release.

Both read only public releases of published periods, so a draft never reaches a feed reader.
`feed_urlpatterns` is meant to be included by league/urls.py.
"""

from collections.abc import Callable
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from league.api import links
from league.api.caching import cached_public
from league.models import Assessment, Release
from league.selectors import public_history, public_releases
from trusts.models import League, Trust

AUTHOR = "NHS trust league tables"


def _segment(segment: int | None) -> str:
    return "no segment" if segment is None else f"segment {segment}"


def _rank(rank: int | None, size: int) -> str:
    return "not ranked" if rank is None else f"ranked {rank} of {size}"


class PublicFeed(Feed):
    """An Atom feed whose entry summaries link with absolute URLs, as feed readers need.

    Served through `per_request`, so the request-bound root never leaks between requests.
    Entry summaries are templates/feeds/, rendered without the pages' context processors."""

    feed_type = Atom1Feed
    author_name = AUTHOR

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.root = f"{request.scheme}://{request.get_host()}"
        return super().__call__(request, *args, **kwargs)


def per_request(feed_class: type[PublicFeed]) -> Callable[..., HttpResponse]:
    @require_safe
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return feed_class()(request, *args, **kwargs)

    return cached_public(view)


class ReleasesFeed(PublicFeed):
    title = "NHS trust league tables: releases"
    subtitle = "Each publication of NHS England's league tables of NHS trusts, and each correction."
    link = links.OPEN_DATA

    def items(self) -> QuerySet[Release]:
        return (
            public_releases()
            .select_related("period__framework")
            .order_by("-published_at", "-number")
        )

    def item_title(self, release: Release) -> str:
        if release.is_revision:
            return f"{release.period.label}: league tables corrected (release {release.number})"
        return f"{release.period.label}: league tables published"

    def item_description(self, release: Release) -> str:
        slug, number = release.period.slug, release.number
        tables = [
            (self.root + links.league_page(lg.value, slug, number), lg.label)
            for lg in release.period.framework.tables
        ]
        return render_to_string("feeds/release.html", {"obj": release, "tables": tables})

    def item_link(self, release: Release) -> str:
        return links.league_page(League.ACUTE, release.period.slug, release.number)

    def item_pubdate(self, release: Release) -> datetime | None:
        return release.published_at

    def item_updateddate(self, release: Release) -> datetime | None:
        return release.published_at


class TrustFeed(PublicFeed):
    def get_object(self, request: HttpRequest, ods_code: str) -> Trust:
        trust = Trust.objects.filter(ods_code=ods_code.upper()).first()
        if trust is None:
            raise Http404(f"No trust with the ODS code {ods_code}.")
        return trust

    def title(self, trust: Trust) -> str:
        return f"{trust.name}: league table results"

    def subtitle(self, trust: Trust) -> str:
        return f"{trust.name}'s segment and rank in each published release of the league tables."

    def link(self, trust: Trust) -> str:
        return links.trust_page(trust.ods_code, league=trust.league)

    def items(self, trust: Trust) -> QuerySet[Assessment]:
        return public_history(trust, current_only=False).order_by(
            "-release__published_at", "-release__number"
        )

    def item_title(self, assessment: Assessment) -> str:
        release = assessment.release
        title = (
            f"{assessment.period.label}: {_segment(assessment.segment)}, "
            f"{_rank(assessment.rank, assessment.league_size)}"
        )
        return f"{title} (correction, release {release.number})" if release.is_revision else title

    def item_description(self, assessment: Assessment) -> str:
        context = {"obj": assessment, "financial_cap": assessment.period.framework.financial_cap}
        return render_to_string("feeds/trust_result.html", context)

    def item_link(self, assessment: Assessment) -> str:
        # The trust's page as of that release: unique per entry, so it serves as the entry id.
        period, release = assessment.period.slug, assessment.release.number
        return links.trust_page(
            assessment.trust.ods_code, period, release, league=assessment.trust.league
        )

    def item_pubdate(self, assessment: Assessment) -> datetime | None:
        return assessment.release.published_at

    def item_updateddate(self, assessment: Assessment) -> datetime | None:
        return assessment.release.published_at


feed_urlpatterns = [
    path("feeds/releases/", per_request(ReleasesFeed), name="release-feed"),
    path("trusts/<str:ods_code>/feed/", per_request(TrustFeed), name="trust-feed"),
]
