"""The most improved page `/league/<league>/improvers/?from=<period>&to=<period>`: the trusts of
a table ordered by how far their average score fell between two published quarters, each change
marked likely real or could be chance (`league.methodology.improvers` holds the rule).

Without parameters it compares the earliest and latest published quarters holding the table.
"""

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from league.methodology.improvers import Improvement, most_improved
from league.models import Period, Release, ReleaseState
from league.page_cache import public_page
from league.selectors import improvement_rows
from league.services.exports import FORMATS, improvers
from league.services.exports import render as render_export
from league.views.common import HOME, cached, league_or_404, leagues_held, param, public_state
from league.views.league_table import CONTENT_TYPES
from trusts.models import League

HEAD = [
    {"text": "Rank", "numeric": True},
    "Trust",
    {"text": "Average then → now", "numeric": True},
    {"text": "Change", "numeric": True},
    "Segment then → now",
    "Chance or real",
]


@public_page(params=("from", "to", "download"))
def improvers_page(request: HttpRequest, league: str) -> HttpResponse:
    league = league_or_404(league)
    periods, releases = public_state()
    held = leagues_held()
    # Newest first, as everywhere on the site.
    quarters = [p for p in periods if league in held.get(p.pk, ())]
    context = {
        "league": league,
        "breadcrumbs": [HOME, (league.label, reverse("league:league_table", args=[league.value]))],
        "options": [(p.slug, p.label) for p in quarters],
        "head": HEAD,
    }
    if len(quarters) < 2:
        return render(request, "league/improvers.html", context)
    before, after, errors = _chosen(request, quarters)
    context.update(
        before=before,
        after=after,
        errors=[(message, f"#{name}") for name, message in errors.items()],
        from_error=errors.get("from"),
        to_error=errors.get("to"),
    )
    download = param(request, "download")
    if download and download not in FORMATS:
        raise BadRequest("Download as csv, xlsx or json.")
    if errors:
        return render(request, "league/improvers.html", context, status=400)
    rows = cached(
        "improvers",
        lambda: most_improved(
            improvement_rows(_current(releases, before), _current(releases, after), league)
        ),
        league.value,
        before.pk,
        after.pk,
    )
    if download:
        response = HttpResponse(
            render_export(improvers(rows, before, after), download),
            content_type=CONTENT_TYPES[download],
        )
        name = f"most-improved-{league.value}-{before.slug}-to-{after.slug}.{download}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context.update(
        downloads=[
            (fmt.upper(), f"?from={before.slug}&to={after.slug}&download={fmt}") for fmt in FORMATS
        ],
        count=len(rows),
        real=sum(row.likely_real for row in rows),
        rows=[_cells(row, league) for row in rows],
    )
    return render(request, "league/improvers.html", context)


def _chosen(request: HttpRequest, quarters: list[Period]) -> tuple[Period, Period, dict[str, str]]:
    """The two quarters asked for (the earliest and latest by default), and the errors of a
    choice the page cannot show, by field."""
    by_slug = {p.slug: p for p in quarters}
    wanted_from, wanted_to = param(request, "from"), param(request, "to")
    before = by_slug.get(wanted_from) if wanted_from else quarters[-1]
    after = by_slug.get(wanted_to) if wanted_to else quarters[0]
    errors = {}
    if before is None:
        errors["from"] = "Choose a published quarter that holds this table to compare from"
    if after is None:
        errors["to"] = "Choose a published quarter that holds this table to compare to"
    if not errors and quarters.index(before) <= quarters.index(after):
        errors["from"] = "The quarter to compare from must be earlier than the one to compare to"
    return before or quarters[-1], after or quarters[0], errors


def _current(releases: tuple[Release, ...], period: Period) -> Release:
    return next(
        r for r in releases if r.period_id == period.pk and r.state == ReleaseState.PUBLISHED
    )


def _cells(row: Improvement, league: League) -> list:
    moved = row.segments_moved
    return [
        {"text": row.rank, "numeric": True},
        {"text": row.name, "href": reverse("league:trust", args=[row.code])},
        {"text": f"{row.before.average} → {row.after.average}", "numeric": True},
        {"text": _signed(row.change), "numeric": True},
        f"{_segment(row.before.segment)} → {_segment(row.after.segment)}"
        + (f" (up {moved})" if moved and moved > 0 else f" (down {-moved})" if moved else ""),
        "Likely real" if row.likely_real else "Could be chance",
    ]


MINUS = "\u2212"
NO_SEGMENT = "\u2013"


def _signed(change) -> str:
    return f"+{change}" if change > 0 else f"{MINUS}{-change}" if change < 0 else "0.00"


def _segment(segment: int | None) -> str:
    return NO_SEGMENT if segment is None else str(segment)
