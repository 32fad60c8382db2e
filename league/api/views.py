"""The read-only JSON API. Every read of league results goes through `published_periods` and
`public_release`, so a draft period or a draft correction never shows here.

Each endpoint is a `PublicAPIView` whose serializer and `extend_schema` are what the OpenAPI
document (/api/openapi.json, drf-spectacular) says of it.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView

from league.api import links
from league.api import serializers as s
from league.api.base import TABLE_RENDERERS, PublicAPIView
from league.api.errors import bad_request, not_found
from league.api.filters import TrustFilter
from league.api.pagination import PublicPagination, whole_number
from league.api.schema import SCHEMA_VERSION, answers, documented, path_code
from league.filters import LeagueFilter, filter_choices
from league.models import FrameworkVersion, Metric, Period
from league.selectors import (
    data_version,
    latest_published_period,
    no_assessments,
    periods_with_public_releases,
    public_history,
    public_release,
    published_leagues,
    published_periods,
    release_assessments,
    table_choices,
)
from trusts.context_processors import demo_data_present
from trusts.models import League, Trust

OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@documented(
    operation_id="index",
    tags=["index"],
    summary="What the API offers",
    responses=answers(s.IndexSerializer),
)
class IndexView(PublicAPIView):
    serializer_class = s.IndexSerializer

    def payload(self, request: HttpRequest) -> dict:
        link = links.Links(request)
        latest = latest_published_period()
        return self.serialize(
            {
                "name": "NHS trust league tables API",
                "schema_version": SCHEMA_VERSION,
                "data_version": data_version(),
                "demonstration_data": demo_data_present(),
                "latest_period": None if latest is None else latest.slug,
                "licence": {"name": "Open Government Licence v3.0", "url": OGL},
                "links": {
                    "openapi": link.api("openapi"),
                    "documentation": link.absolute(links.OPEN_DATA),
                    "api_browser": link.api("browser"),
                    "periods": link.api("periods"),
                    "league_tables": {
                        league.value: link.api("league", league.value)
                        for league in published_leagues()
                    },
                    "trusts": link.api("trusts"),
                    "metrics": link.api("metrics"),
                    **{
                        name: link.absolute(reverse(url_name))
                        for name, url_name in s.index_links().items()
                    },
                    "releases_feed": link.absolute(links.RELEASES_FEED),
                },
            }
        )


@extend_schema(exclude=True)
class OpenAPIView(PublicAPIView):
    """The OpenAPI 3.1 document, generated from the endpoints' serializers (drf-spectacular)."""

    def payload(self, request: HttpRequest) -> dict:
        return SchemaGenerator().get_schema(request=None, public=True)


class ApiBrowserView(SpectacularSwaggerSplitView):
    """The API in the browser: Swagger UI (from drf-spectacular-sidecar, our own static files)
    reading /api/openapi.json, with "Try it out" against the live API."""

    template_name = "api/browser.html"
    url_name = "api:openapi"


def _periods_with_public_releases() -> QuerySet[Period]:
    return periods_with_public_releases().select_related("framework")


@documented(
    operation_id="periods",
    summary="Published periods, newest first, with their public releases",
    responses=answers(s.PeriodListSerializer),
)
class PeriodListView(PublicAPIView):
    serializer_class = s.PeriodListSerializer

    def payload(self, request: HttpRequest) -> dict:
        rows = list(_periods_with_public_releases())
        return self.serialize({"count": len(rows), "results": rows})


@documented(
    operation_id="period",
    summary="One published period: its releases and what each correction changed",
    parameters=[path_code("slug", "The period's slug, e.g. 2025-26-q1.")],
    responses=answers(s.PeriodDetailSerializer),
)
class PeriodView(PublicAPIView):
    serializer_class = s.PeriodDetailSerializer

    def payload(self, request: HttpRequest, slug: str) -> dict:
        found = _periods_with_public_releases().filter(slug=slug).first()
        if found is None:
            raise not_found(f"No published period “{slug}”.")
        return self.serialize(found)


def _period(slug: str | None) -> Period:
    periods = published_periods().select_related("framework")
    found = periods.filter(slug=slug).first() if slug else periods.first()
    if found is None:
        raise not_found(f"No published period “{slug}”." if slug else "Nothing is published yet.")
    return found


PERIOD = OpenApiParameter(
    "period", str, description="A published period's slug, e.g. 2025-26-q1 (default: the latest)."
)
RELEASE = OpenApiParameter(
    "release", int, description="A release number of the period (default: the current release)."
)
TABLE_FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv", "xlsx"],
    description="csv or xlsx: the results as a spreadsheet, one row per result.",
)


@documented(
    operation_id="league_table",
    summary="A league table: every trust of the league in rank order",
    parameters=[
        path_code("league", "acute, non-acute, ambulance, or icb (from 2026/27).", League.values),
        PERIOD,
        RELEASE,
        TABLE_FORMAT,
    ],
    responses=answers(s.LeagueTableSerializer, 400, tables=True),
)
class LeagueTableView(PublicAPIView):
    """Filters are the league table page's own (`league.filters.LeagueFilter`), with the
    choices of the table shown, so a query string keeps the same trusts in both."""

    serializer_class = s.LeagueTableSerializer
    renderer_classes = TABLE_RENDERERS
    filterset_class = LeagueFilter
    queryset = no_assessments()  # the model, for the document; the rows: see payload

    def payload(self, request: HttpRequest, league: str) -> dict:
        if league not in League.values:
            raise not_found(f"No league “{league}”: use one of {', '.join(League.values)}.")
        number = whole_number(request, "release")
        found = _period(request.query_params.get("period"))
        if league not in found.framework.leagues:
            tables = ", ".join(found.framework.leagues)
            raise not_found(
                f"The {found.framework.code} framework of {found.label} has no “{league}” "
                f"league table: it has {tables}."
            )
        release = public_release(found, number)
        if release is None:
            raise not_found(f"{found.label} has no published release {number}.")
        release.period = found
        self.release, self.league = release, league
        rows = list(self.filter_queryset(release_assessments(release, league)))
        return self.serialize(
            {
                "league": league,
                "league_name": League(league).label,
                "period": found,
                "release": release,
                "count": len(rows),
                "results": rows,
            }
        )

    def filterset_kwargs(self) -> dict:
        return {
            "choices": filter_choices(table_choices(self.release, self.league)),
            "segment_5": self.release.period.framework.segment_5,
            "league": self.league,
        }


def _trusts() -> QuerySet[Trust]:
    return Trust.objects.select_related("region", "icb", "successor")


@documented(
    operation_id="trusts",
    summary="The register of assessed organisations, by name",
    responses=answers(s.TrustSerializer(many=True), 400),
)
class TrustListView(PublicAPIView):
    serializer_class = s.TrustSerializer
    filterset_class = TrustFilter
    pagination_class = PublicPagination

    def get_queryset(self) -> QuerySet[Trust]:
        return _trusts().order_by("name", "ods_code")


@documented(
    operation_id="trust",
    summary="A trust and its figures in every published period",
    parameters=[path_code("ods_code", "The trust's ODS code.")],
    responses=answers(s.TrustDetailSerializer),
)
class TrustView(PublicAPIView):
    serializer_class = s.TrustDetailSerializer

    def payload(self, request: HttpRequest, ods_code: str) -> dict:
        found = _trusts().filter(ods_code=ods_code.upper()).first()
        if found is None:
            raise not_found(f"No trust with the ODS code “{ods_code}”.")
        found.history = public_history(found)
        return self.serialize(found)


FRAMEWORK = OpenApiParameter(
    "framework",
    str,
    description="A framework year, e.g. 2025/26 (default: that of the latest published period).",
)


def _framework(request) -> FrameworkVersion:
    code = request.query_params.get("framework")
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


@documented(
    operation_id="metrics",
    summary="The metric catalogue of a framework year",
    parameters=[
        FRAMEWORK,
        OpenApiParameter("league", str, enum=League.values, description="Only this league's."),
    ],
    responses=answers(s.MetricListSerializer, 400),
)
class MetricListView(PublicAPIView):
    serializer_class = s.MetricListSerializer

    def payload(self, request: HttpRequest) -> dict:
        framework = _framework(request)
        rows = list(_metrics(framework).order_by("metric_id"))
        league = request.query_params.get("league")
        if league:
            if league not in League.values:
                raise bad_request(f"“league” must be one of {', '.join(League.values)}.")
            rows = [m for m in rows if league in m.leagues]
        return self.serialize({"framework": framework, "count": len(rows), "results": rows})


@documented(
    operation_id="metric",
    summary="One metric",
    parameters=[path_code("metric_id", "The metric's ID, e.g. OF0013."), FRAMEWORK],
    responses=answers(s.MetricSerializer),
)
class MetricView(PublicAPIView):
    serializer_class = s.MetricSerializer

    def payload(self, request: HttpRequest, metric_id: str) -> dict:
        framework = _framework(request)
        found = _metrics(framework).filter(metric_id=metric_id.upper()).first()
        if found is None:
            raise not_found(f"No metric “{metric_id}” in the {framework.code} framework.")
        return self.serialize(found)


@extend_schema(exclude=True)
class UnknownView(PublicAPIView):
    def payload(self, request: HttpRequest, rest: str = "") -> dict:
        raise not_found("There is no such API address: see /api/ for the list.")
