"""The league table page `/league/<league>/`: one published release of one league, sortable,
filterable, paginated or in full, and downloadable exactly as filtered.

Cost of a page whatever the number of rows: the published periods and releases and the filter
choices come from the cache (they change only on publication); then one COUNT and one query for
the rows shown (the previous quarter comes in the same query, as subqueries). The table itself
is built only when its cached fragment is missing.
"""

from dataclasses import dataclass
from math import ceil

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django_tables2 import RequestConfig

from league.filters import FILTER_FIELDS, LeagueFilter, filter_choices
from league.models import Assessment
from league.page_cache import public_page, query_key
from league.selectors import (
    data_version,
    no_assessments,
    release_assessments,
    table_choices,
    with_previous_quarter,
)
from league.services.exports import FORMATS, league_table, trust_data
from league.services.exports import render as render_export
from league.tables import SORT_CHOICES, SORT_KEYS, LeagueTable
from league.views.common import (
    HOME,
    Edition,
    cached,
    edition_from_request,
    icb_pages,
    league_or_404,
    leagues_held,
    param,
)
from trusts.models import League

PER_PAGE = 50
PARAMS = (
    "period",
    "release",
    "sort",
    "page",
    "per_page",
    "show",
    "download",
    "layout",
    *FILTER_FIELDS,
)
TRUST_DATA = "trust-data"  # ?layout= for the metric-level data behind the table
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class Listing:
    """Which rows of how many this page shows."""

    count: int
    page: int
    per_page: int | None  # None: every row on one page

    @property
    def pages(self) -> int:
        return 1 if not self.per_page else max(1, ceil(self.count / self.per_page))

    @property
    def first(self) -> int:
        return min(self.count, (self.page - 1) * (self.per_page or 0) + 1)

    @property
    def last(self) -> int:
        return self.count if not self.per_page else min(self.count, self.page * self.per_page)


class CountedPaginator(Paginator):
    """A paginator told the row count the view already has, so it does not count again."""

    def __init__(self, object_list, per_page, *args, count: int, **kwargs) -> None:
        super().__init__(object_list, per_page, *args, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def table_rows(edition: Edition, league: str) -> QuerySet[Assessment]:
    """The release's assessments of one league, each with its previous-quarter rank and
    segment (None for a trust not ranked then) and the places gained (`rank_change`)."""
    rows = release_assessments(edition.release, league).defer("next_segment")
    return with_previous_quarter(rows, edition.previous, league)


def choices_of(edition: Edition, league: str) -> dict:
    """The regions, ICBs and subtypes present in the table (for the filter form)."""
    return filter_choices(table_choices(edition.release, league))


@public_page(params=PARAMS)
def league_table_page(request: HttpRequest, league: str) -> HttpResponse:
    league = league_or_404(league)
    options = _checked_options(request)
    held = leagues_held()

    def has_data(period) -> bool:
        return league in held.get(period.pk, ())

    # Without ?period=, the latest quarter with results for this table: a quarter's files
    # may hold one trust type only.
    edition = edition_from_request(request, has_data)
    if edition is None:
        context = {"league": league, "breadcrumbs": [HOME]}
        return render(request, "league/not_published.html", context)
    framework = edition.period.framework
    if league not in framework.tables:
        return not_in_year(request, league, edition)
    if not any(has_data(period) for period in edition.periods):
        # Published quarters exist, but none holds this table (NHS England's files may cover
        # some trust types only): nothing to show, filter or download.
        context = {"league": league, "breadcrumbs": [HOME], "none_held": True}
        return render(request, "league/not_published.html", context)
    choices = cached("choices", lambda: choices_of(edition, league), edition.release.pk, league)
    # The rows' queryset is built only when a count, a download or the table needs it.
    filterset = LeagueFilter(
        request.GET or None,
        queryset=no_assessments(),
        choices=choices,
        segment_5=framework.segment_5,
        league=league,
    )
    key = f"{league}:{edition.release.pk}:{query_key(request)}"
    context = {
        "league": league,
        "edition": edition,
        "framework": framework,
        "filter": filterset,
        "breadcrumbs": [HOME],
        "fragment_key": f"v{data_version()}:{key}",
        "icb_table": league == League.ICB,
        "sort_options": sort_options(param(request, "sort")),
        "sort_selected": param(request, "sort"),
        "with_data": [p for p in edition.periods if has_data(p)][:4],
    }
    if filterset.is_bound and not filterset.is_valid():
        return render(request, "league/league_table.html", context, status=400)

    def rows() -> QuerySet[Assessment]:
        base = table_rows(edition, league)
        return filterset.filter_queryset(base) if filterset.is_bound else base

    if options["download"]:
        return download(edition, league, rows(), filterset, options)
    count = cached("count", lambda: rows().count(), key)
    listing = Listing(count, options["page"], options["per_page"])
    if options["page"] > listing.pages:
        return HttpResponseRedirect(_without_page(request))

    def table() -> LeagueTable:
        built = LeagueTable(
            rows(),
            caption=f"{league.label}: {edition.period.label} league table",
            has_previous=edition.previous is not None,
            financial_cap=framework.financial_cap,
            league=league,
            icb_pages=icb_pages(),
        )
        paginate = listing.per_page and {
            "per_page": listing.per_page,
            "paginator_class": CountedPaginator,
            "count": listing.count,
        }
        return RequestConfig(request, paginate=paginate or False).configure(built)

    context.update(
        listing=listing,
        table=table,  # called by the template only when the table's cached fragment is missing
        filter_open=filterset.is_bound and filterset.active,
    )
    return render(request, "league/league_table.html", context)


def sort_options(current: str) -> list[tuple[str, str]]:
    """The orders offered, with the current one even when a column heading chose it."""
    options = list(SORT_CHOICES)
    if current and current not in dict(options):
        name = current.lstrip("-")
        heading = str(LeagueTable.base_columns[name].verbose_name)
        options.append(
            (current, f"{heading}, {'descending' if current[0] == '-' else 'ascending'}")
        )
    return options


def not_in_year(request: HttpRequest, league: League, edition: Edition) -> HttpResponse:
    """A table the period's framework year does not publish (no ICB table in 2025/26): say so,
    and link to the published quarters that have it."""
    context = {
        "league": league,
        "edition": edition,
        "breadcrumbs": [HOME],
        "periods": [p for p in edition.periods if league in p.framework.tables],
    }
    return render(request, "league/not_in_year.html", context, status=404)


def download(
    edition: Edition, league: League, rows: QuerySet, filterset, options: dict
) -> HttpResponse:
    """Exactly the filtered trusts: the league table in NHS England's layout and rank order, or
    with ?layout=trust-data their metric-level data in NHS England's long layout."""
    file_format = options["download"]
    if options["layout"] == TRUST_DATA:
        data = trust_data(edition.release, trust_ids=rows.values("trust"))
        kind = "nhs-trust-data"
    else:
        data = league_table(edition.period, league, assessments=rows)
        kind = "nhs-league-table"
    response = HttpResponse(
        render_export(data, file_format), content_type=CONTENT_TYPES[file_format]
    )
    parts = [kind, league.value, edition.period.slug]
    if edition.notice_needed:
        parts.append(f"release-{edition.release.number}")
    if filterset.is_bound and filterset.active:
        parts.append("filtered")
    name = "-".join(parts) + f".{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _checked_options(request: HttpRequest) -> dict:
    """The display options, refused with a 400 when they are not ones the page offers."""
    sort, page, show = param(request, "sort"), param(request, "page"), param(request, "show")
    per_page, download = param(request, "per_page"), param(request, "download")
    layout = param(request, "layout")
    if sort and sort not in SORT_KEYS:
        raise BadRequest("The table cannot be sorted that way.")
    if page and not (page.isdigit() and 0 < int(page) < 10_000):
        raise BadRequest("The page must be a number.")
    if per_page and not (per_page.isdigit() and 0 < int(per_page) <= 500):
        raise BadRequest("The number of rows per page must be between 1 and 500.")
    if show not in ("", "all"):
        raise BadRequest("Use show=all to show every trust.")
    if download and download not in FORMATS:
        raise BadRequest("Download as csv, xlsx or json.")
    if layout not in ("", TRUST_DATA):
        raise BadRequest("Use layout=trust-data for the metric-level data, or no layout.")
    return {
        "page": int(page) if page else 1,
        "per_page": None if show == "all" else int(per_page or PER_PAGE),
        "download": download,
        "layout": layout,
    }


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return f"{request.path}?{query.urlencode()}" if query else request.path
