"""The open-data page: downloads, the API, the feeds, the licence and the correction log."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_safe

from league.api import links
from league.api.caching import MAX_AGE
from league.models import Period
from league.selectors import leagues_of, periods_with_public_releases
from league.views.common import leagues_held
from trusts.models import League, Trust

ENDPOINTS = (
    ("index", (), "Links to every endpoint, with the schema and data versions"),
    ("periods", (), "Published quarters, each with its releases and correction notes"),
    ("period", ("2025-26-q1",), "One quarter, with the trusts each correction changed"),
    (
        "league",
        ("acute",),
        "A league table: ?period=2025-26-q1 and ?release=2 choose which; the page's filters "
        "(?region=Y56&segment=4) and ?format=csv or xlsx work too",
    ),
    ("trusts", (), "Every trust, 50 a page (?page=2, ?page_size=200, ?league=, ?region=)"),
    ("trust", ("RXX",), "One trust, with its segment, rank and score in every quarter"),
    ("metrics", (), "The metric catalogue: definitions, scoring rules and parameters"),
    ("metric", ("OF0013",), "One metric"),
    ("openapi", (), "The OpenAPI 3.1 description of all of the above"),
    ("browser", (), "The API in your browser: every address, with “Try it out”"),
)


def _endpoint_rows(example_trust: str, example_period: str) -> list[list]:
    rows = []
    for name, args, what in ENDPOINTS:
        args = {"trust": (example_trust,), "period": (example_period,)}.get(name, args)
        url = links.api(name, *args)
        rows.append([{"text": url, "href": url}, what])
    rows.append(["/api/plans/", "Improvement plans (provided by the improvement plans section)"])
    return rows


def _release_rows(periods: list[Period]) -> list[list]:
    rows = []
    for period in periods:
        for release in reversed(period.public_releases):
            page = links.league_page(League.ACUTE, period.slug, release.number)
            note = release.correction_note if release.is_revision else "First publication"
            rows.append(
                [
                    {"text": f"{period.label}, release {release.number}", "href": page},
                    date_format(release.publication_date, "j F Y")
                    if release.publication_date
                    else "",
                    "Superseded" if release.state == "superseded" else "Current",
                    note,
                ]
            )
    return rows


def _table_row(league: League, period: Period | None) -> list:
    """Links to one table's downloads, for the latest quarter that has results for it."""
    slug = period.slug if period else None
    label = f"{league.label}, {period.label}" if period else league.label
    return [
        {"text": label, "href": links.league_page(league.value, slug)},
        *(
            {"text": kind.upper(), "href": links.league_download(league.value, slug, kind)}
            for kind in ("csv", "xlsx")
        ),
        {"text": "JSON", "href": links.api("league", league.value)},
        *(
            {"text": kind.upper(), "href": links.trust_data_download(league.value, slug, kind)}
            for kind in ("csv", "xlsx")
        ),
    ]


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    periods = list(periods_with_public_releases())
    latest = periods[0] if periods else None
    example = Trust.objects.order_by("name").values_list("ods_code", flat=True).first()
    slug = latest.slug if latest else None
    held = leagues_held()
    tables = [
        _table_row(league, next((p for p in periods if league in held.get(p.pk, ())), latest))
        for league in leagues_of(p.framework for p in periods)
    ]
    context = {
        "breadcrumbs": [("Home", "/")],
        "latest": latest,
        "table_head_leagues": [
            "League table",
            "CSV",
            "Excel",
            "API (JSON)",
            "Metric-level CSV",
            "Metric-level Excel",
        ],
        "table_rows": tables,
        "table_head_endpoints": ["Address", "What it gives"],
        "table_head_releases": ["Release", "Published", "Status", "Note"],
        "endpoint_rows": _endpoint_rows(example or "RXX", slug or "2025-26-q1"),
        "release_rows": _release_rows(periods),
        "releases_feed": links.RELEASES_FEED,
        "example_feed": links.trust_feed(example or "RXX"),
    }
    response = render(request, "league/open_data.html", context)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
