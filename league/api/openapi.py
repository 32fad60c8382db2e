"""The OpenAPI 3.1 document of the API, written by hand next to the views it describes.

The tests check every endpoint's real response against it. Another app may add its own paths
(the improvement app's /api/plans/) with `openapi_extend` from its AppConfig.ready(), so the
league app never imports it.
"""

import copy

from league.api.openapi_schemas import SCHEMAS, ref
from trusts.models import League

SCHEMA_VERSION = "1.0"
_EXTENSIONS: dict[str, dict] = {"paths": {}, "schemas": {}, "links": {}}


def openapi_extend(*, paths: dict, schemas: dict | None = None, index_links=None) -> None:
    """Add another app's endpoints: OpenAPI paths, component schemas, and /api/ index links
    ({name: path})."""
    _EXTENSIONS["paths"].update(paths)
    _EXTENSIONS["schemas"].update(schemas or {})
    _EXTENSIONS["links"].update(index_links or {})


def extra_index_links() -> dict[str, str]:
    return dict(_EXTENSIONS["links"])


def _param(name: str, description: str, schema: dict, where: str = "query") -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
    }


def _json(schema_name: str, description: str) -> dict:
    content = {"application/json": {"schema": ref(schema_name)}}
    return {"description": description, "content": content}


ERRORS = {
    "400": _json("Error", "A query parameter is not valid."),
    "404": _json("Error", "Not found, or not published."),
}
PAGE = _param("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1})
PAGE_SIZE = _param(
    "page_size",
    "Results per page.",
    {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
)
LEAGUE_FILTER = _param(
    "league", "Only this league.", {"type": "string", "enum": list(League.values)}
)
FRAMEWORK = _param(
    "framework",
    "Framework version, e.g. 2025/26. Default: that of the latest published period.",
    {"type": "string"},
)
TABLE_FILTERS = [
    _param("name", "Part of the trust's name, or its exact ODS code.", {"type": "string"}),
    _param("region", "Region ODS code, e.g. Y56.", {"type": "string"}),
    _param("icb", "ICB ODS code (not for the ICB table).", {"type": "string"}),
    _param(
        "subtype", "Trust subtype, e.g. Acute - Small (not for the ICB table).", {"type": "string"}
    ),
    _param(
        "segment",
        "Segment 1 to 4, or 5 (Recovery Support Programme) in years that use it.",
        {"type": "string", "enum": ["1", "2", "3", "4", "5"]},
    ),
    _param(
        "specialist",
        "Only specialist trusts, or none (not for the ICB table).",
        {"type": "string", "enum": ["only", "exclude"]},
    ),
]
SLUG = _param("slug", "Period slug, e.g. 2025-26-q1.", {"type": "string"}, "path")


def _get(operation_id: str, summary: str, response: str, params=(), description="") -> dict:
    operation = {
        "operationId": operation_id,
        "summary": summary,
        "parameters": list(params),
        "responses": {"200": _json(response, "OK"), **ERRORS},
    }
    if description:
        operation["description"] = description
    return {"get": operation}


PATHS = {
    "/api/": _get("index", "Links to every endpoint, the schema and data versions", "Index"),
    "/api/openapi.json": {
        "get": {
            "operationId": "openapi",
            "summary": "This OpenAPI 3.1 document",
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
    "/api/periods/": _get(
        "periods",
        "Published periods with their releases, newest first",
        "PeriodList",
        description="Releases are listed oldest first; superseded ones stay citable.",
    ),
    "/api/periods/{slug}/": _get(
        "period",
        "One published period, with what each correction changed",
        "PeriodDetail",
        [SLUG],
    ),
    "/api/league/{league}/": _get(
        "league",
        "One league table: every trust's rank, segment and average score",
        "LeagueTable",
        [
            _param("league", "The league.", LEAGUE_FILTER["schema"], "path"),
            _param("period", "Period slug; default the latest published.", {"type": "string"}),
            _param(
                "release",
                "Release number; default the period's current release.",
                {"type": "integer", "minimum": 1},
            ),
            *TABLE_FILTERS,
            _param(
                "format",
                "json (default), or csv or xlsx for the results as a spreadsheet, one row "
                "per trust and one column per field.",
                {"type": "string", "enum": ["json", "csv", "xlsx"]},
            ),
        ],
        "Rows are ordered by rank, then trust name. The filters are the league table page's "
        "own, so the same query string gives the same trusts on both.",
    ),
    "/api/trusts/": _get(
        "trusts",
        "The trust register, paginated",
        "TrustPage",
        [
            LEAGUE_FILTER,
            _param("region", "Region ODS code, e.g. Y56.", {"type": "string"}),
            PAGE,
            PAGE_SIZE,
        ],
        "Ordered by name. A page beyond the last gives 404.",
    ),
    "/api/trusts/{ods_code}/": _get(
        "trust",
        "One trust and its history across published periods",
        "TrustDetail",
        [_param("ods_code", "The trust's ODS code, e.g. RP6.", {"type": "string"}, "path")],
    ),
    "/api/metrics/": _get(
        "metrics", "The metric catalogue of a framework", "MetricList", [FRAMEWORK, LEAGUE_FILTER]
    ),
    "/api/metrics/{metric_id}/": _get(
        "metric",
        "One metric of the catalogue",
        "Metric",
        [_param("metric_id", "e.g. OF0013.", {"type": "string"}, "path"), FRAMEWORK],
    ),
}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "NHS trust league tables API",
        "version": SCHEMA_VERSION,
        "summary": "NHS England's quarterly league tables of NHS trusts (NHS Oversight Framework).",
        "description": "Read-only. Only published data. Numbers are JSON numbers; dates and "
        "times are ISO 8601 (times in UTC). Responses may be cached for 5 minutes. "
        "Errors are JSON objects with an `error` member.",
        "license": {
            "name": "Open Government Licence v3.0",
            "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        },
    },
    "paths": PATHS,
    "components": {"schemas": SCHEMAS},
}


def api_document() -> dict:
    """The document with any other app's additions."""
    document = copy.deepcopy(DOCUMENT)
    document["paths"].update(copy.deepcopy(_EXTENSIONS["paths"]))
    document["components"]["schemas"].update(copy.deepcopy(_EXTENSIONS["schemas"]))
    return document
