"""The read-only JSON API. Every read of league results goes through `published_periods` and
`public_release`, so a draft period or a draft correction never shows here."""

from django.db.models import QuerySet
from django.http import HttpRequest

from league.api import links
from league.api import representations as shape
from league.api.base import public_api
from league.api.links import Links
from league.api.openapi import SCHEMA_VERSION, api_document, extra_index_links
from league.api.responses import (
    bad_request,
    known_params,
    not_found,
    paginated,
    positive_int,
)
from league.filters import FILTER_FIELDS, LeagueFilter, filter_choices
from league.models import FrameworkVersion, Metric, Period
from league.selectors import (
    data_version,
    latest_published_period,
    periods_with_public_releases,
    public_history,
    public_release,
    published_leagues,
    published_periods,
    release_assessments,
    table_choices,
)
from trusts.context_processors import demo_data_present
from trusts.models import League, Region, Trust

OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@public_api
def index(request: HttpRequest) -> dict:
    link = Links(request)
    latest = latest_published_period()
    return {
        "name": "NHS trust league tables API",
        "schema_version": SCHEMA_VERSION,
        "data_version": data_version(),
        "demonstration_data": demo_data_present(),
        "latest_period": None if latest is None else latest.slug,
        "licence": {"name": "Open Government Licence v3.0", "url": OGL},
        "links": {
            "openapi": link.api("openapi"),
            "documentation": link.absolute(links.OPEN_DATA),
            "periods": link.api("periods"),
            "league_tables": {
                league.value: link.api("league", league.value) for league in published_leagues()
            },
            "trusts": link.api("trusts"),
            "metrics": link.api("metrics"),
            **{name: link.absolute(path) for name, path in extra_index_links().items()},
            "releases_feed": link.absolute(links.RELEASES_FEED),
        },
    }


@public_api
def openapi(request: HttpRequest) -> dict:
    return api_document()


def _periods_with_public_releases() -> QuerySet[Period]:
    return periods_with_public_releases().select_related("framework")


@public_api
def periods(request: HttpRequest) -> dict:
    link = Links(request)
    rows = [
        shape.period_with_releases(period, period.public_releases, link)
        for period in _periods_with_public_releases()
    ]
    return {"count": len(rows), "results": rows}


@public_api
def period(request: HttpRequest, slug: str) -> dict:
    found = _periods_with_public_releases().filter(slug=slug).first()
    if found is None:
        raise not_found(f"No published period “{slug}”.")
    return shape.period_with_releases(found, found.public_releases, Links(request), detail=True)


def _period(slug: str | None) -> Period:
    periods = published_periods().select_related("framework")
    found = periods.filter(slug=slug).first() if slug else periods.first()
    if found is None:
        raise not_found(f"No published period “{slug}”." if slug else "Nothing is published yet.")
    return found


@public_api(tables=True)
def league(request: HttpRequest, league: str) -> dict:
    if league not in League.values:
        raise not_found(f"No league “{league}”: use one of {', '.join(League.values)}.")
    params = known_params(request)
    number = positive_int(params, "release")
    found = _period(params.get("period"))
    if league not in found.framework.leagues:
        tables = ", ".join(found.framework.leagues)
        raise not_found(
            f"The {found.framework.code} framework of {found.label} has no “{league}” league "
            f"table: it has {tables}."
        )
    release = public_release(found, number)
    if release is None:
        raise not_found(f"{found.label} has no published release {number}.")
    release.period = found
    link = Links(request)
    assessments = _filtered(release_assessments(release, league), params, release, league)
    rows = [shape.league_row(a, link) for a in assessments]
    return {
        "league": league,
        "league_name": shape.league_name(league),
        "period": shape.period_summary(found, link),
        "release": shape.release_summary(release, link),
        "count": len(rows),
        "results": rows,
    }


def _filtered(rows: QuerySet, params: dict, release, league: str) -> QuerySet:
    """The table's rows through the league page's own filters (league.filters.LeagueFilter),
    so `/api/league/acute/?region=Y56` holds the trusts `/league/acute/?region=Y56` shows."""
    wanted = {name: params[name] for name in FILTER_FIELDS if name in params}
    if not wanted:
        return rows
    filterset = LeagueFilter(
        wanted,
        queryset=rows,
        choices=filter_choices(table_choices(release, league)),
        segment_5=release.period.framework.segment_5,
        league=league,
    )
    unknown = sorted(set(wanted) - set(filterset.filters))
    if unknown:
        raise bad_request(f"The {league} table cannot be filtered by “{unknown[0]}”.")
    if not filterset.is_valid():
        name, errors = next(iter(filterset.errors.items()))
        codes = [str(code) for code, _ in getattr(filterset.form.fields[name], "choices", [])]
        if any(codes):
            allowed = ", ".join(code for code in codes if code)
            raise bad_request(f"“{name}” must be one of {allowed}, not “{wanted[name]}”.")
        raise bad_request(f"“{name}”: {' '.join(errors)}")
    return filterset.qs


def _trusts() -> QuerySet[Trust]:
    return Trust.objects.select_related("region", "icb", "successor")


@public_api
def trusts(request: HttpRequest) -> dict:
    params = known_params(request)
    queryset = _trusts().order_by("name", "ods_code")
    if "league" in params:
        if params["league"] not in League.values:
            raise bad_request(f"“league” must be one of {', '.join(League.values)}.")
        queryset = queryset.filter(league=params["league"])
    if "region" in params:
        codes = list(Region.objects.values_list("code", flat=True))
        if params["region"] not in codes:
            raise bad_request(f"“region” must be a region code: one of {', '.join(codes)}.")
        queryset = queryset.filter(region__code=params["region"])
    link = Links(request)

    def page_url(n: int) -> str:
        kept = {k: v for k, v in params.items() if k in ("league", "region", "page_size")}
        return link.api("trusts", query=dict(sorted({**kept, "page": n}.items())))

    return paginated(params, queryset, page_url, lambda trust: shape.trust(trust, link))


@public_api
def trust(request: HttpRequest, ods_code: str) -> dict:
    found = _trusts().filter(ods_code=ods_code.upper()).first()
    if found is None:
        raise not_found(f"No trust with the ODS code “{ods_code}”.")
    history = public_history(found)
    link = Links(request)
    return {
        **shape.trust(found, link),
        "history": [shape.history_entry(a, link) for a in history],
    }


def _framework(params: dict) -> FrameworkVersion:
    code = params.get("framework")
    if code:
        found = FrameworkVersion.objects.filter(code=code).first()
        if found is None:
            raise not_found(f"No framework “{code}”: frameworks are named like 2025/26.")
        return found
    latest = published_periods().select_related("framework").first()
    if latest is not None:
        return latest.framework
    found = FrameworkVersion.objects.filter(metrics__isnull=False).order_by("-code").first()
    if found is None:
        raise not_found("No metric catalogue is loaded yet.")
    return found


def _metrics(framework: FrameworkVersion) -> QuerySet[Metric]:
    return Metric.objects.filter(framework=framework).select_related("framework", "domain")


@public_api
def metrics(request: HttpRequest) -> dict:
    params = known_params(request)
    framework = _framework(params)
    rows = list(_metrics(framework).order_by("metric_id"))
    if "league" in params:
        if params["league"] not in League.values:
            raise bad_request(f"“league” must be one of {', '.join(League.values)}.")
        rows = [m for m in rows if params["league"] in m.leagues]
    link = Links(request)
    return {
        "framework": {"code": framework.code, "name": framework.name},
        "count": len(rows),
        "results": [shape.metric(m, link) for m in rows],
    }


@public_api
def metric(request: HttpRequest, metric_id: str) -> dict:
    framework = _framework(known_params(request))
    found = _metrics(framework).filter(metric_id=metric_id.upper()).first()
    if found is None:
        raise not_found(f"No metric “{metric_id}” in the {framework.code} framework.")
    return shape.metric(found, Links(request))


@public_api
def unknown(request: HttpRequest, rest: str = "") -> dict:
    raise not_found("There is no such API address: see /api/ for the list.")
