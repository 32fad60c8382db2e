"""The API's objects as JSON Schema (OpenAPI 3.1 uses JSON Schema 2020-12).

Every object lists all its fields as required and forbids others: a field is always present
(null when not known), and the tests fail when a response carries an undocumented field.
"""

from trusts.models import League

STRING = {"type": "string"}
TEXT_OR_EMPTY = {"type": "string", "description": "Empty string when there is none."}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
URI = {"type": "string", "format": "uri"}
LEAGUE = {"type": "string", "enum": list(League.values)}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    if "type" in schema and isinstance(schema["type"], str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def described(schema: dict, description: str) -> dict:
    return {**schema, "description": description}


def obj(properties: dict, description: str = "") -> dict:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }
    return {**schema, "description": description} if description else schema


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def by_league(value: dict) -> dict:
    """One entry per league table the framework year has (ICBs from 2026/27)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {league: value for league in League.values},
        "description": "One entry per league table of the framework year: "
        + ", ".join(League.values)
        + " (icb from 2026/27).",
    }


ERROR_CODES = ["bad_request", "not_found", "method_not_allowed", "throttled"]
SEGMENT = nullable({"type": "integer", "minimum": 1, "maximum": 5})
SEGMENT_1_4 = nullable({"type": "integer", "minimum": 1, "maximum": 4})
SCORE = nullable({"type": "number", "minimum": 1, "maximum": 4})
RANK = nullable({"type": "integer", "minimum": 1})
CODE_NAME = obj({"code": STRING, "name": STRING})

PERIOD_FIELDS = {
    "slug": described(STRING, "Stable identifier, e.g. 2025-26-q1."),
    "label": described(STRING, "NHS England's name, e.g. Q1 2025/26."),
    "framework": described(STRING, "Framework version whose rules apply, e.g. 2025/26."),
    "year": described(INTEGER, "First calendar year of the framework year: 2025 for 2025/26."),
    "quarter": {"type": "integer", "minimum": 1, "maximum": 4},
    "url": URI,
}
RELEASE_FIELDS = {
    "number": described(
        {"type": "integer", "minimum": 1}, "1 for the first publication, 2+ for corrections."
    ),
    "state": described(
        {"type": "string", "enum": ["published", "superseded"]},
        "superseded: replaced by a correction, still citable with ?release=N.",
    ),
    "published_at": nullable({"type": "string", "format": "date-time"}),
    "published_on": described(
        nullable({"type": "string", "format": "date"}),
        "NHS England's publication date when known, else the day this service published it.",
    ),
    "is_correction": BOOLEAN,
    "correction_note": TEXT_OR_EMPTY,
    "figures": described(
        {"type": "string", "enum": ["computed", "published"]},
        "published: the period's rules are not all known, so segments, averages and ranks are "
        "NHS England's published figures rather than this service's computation.",
    ),
    "figures_note": described(nullable(STRING), "Why, in one sentence, when figures is published."),
    "league_tables": by_league(URI),
}
FIGURES = {
    "rank": described(RANK, "Rank within the league (1 = best); null when not ranked."),
    "rank_low": described(RANK, "Likely range of the rank: best end."),
    "rank_high": described(RANK, "Likely range of the rank: worst end."),
    "league_size": described(INTEGER, "Number of trusts in the league table."),
    "average_score": described(SCORE, "Average metric score, 2 decimal places, 1 (best) to 4."),
    "average_score_low": described(SCORE, "Likely range of the average score: low end."),
    "average_score_high": described(SCORE, "Likely range of the average score: high end."),
    "segment": described(SEGMENT, "1 (best) to 4, or 5: Recovery Support Programme."),
    "adjusted_segment": described(SEGMENT_1_4, "Segment after the financial override (1-4)."),
    "unadjusted_segment": described(SEGMENT_1_4, "Segment before the financial override."),
    "in_financial_deficit": described(BOOLEAN, "Financial override: no better than segment 3."),
    "in_recovery_support_programme": described(BOOLEAN, "Segment 5."),
    "probability_segment_differs": described(
        nullable({"type": "number", "minimum": 0, "maximum": 1}),
        "Share of bootstrap replicates in which the segment differs (0-1, 3 decimal places).",
    ),
    "like_for_like_group": described(
        TEXT_OR_EMPTY, "The trust subtype the like-for-like rank is within (empty for ICBs)."
    ),
    "like_for_like_rank": described(
        RANK, "Rank among the trusts of the same table and subtype (1 = best)."
    ),
    "like_for_like_rank_low": described(RANK, "Likely range of the like-for-like rank: best end."),
    "like_for_like_rank_high": described(
        RANK, "Likely range of the like-for-like rank: worst end."
    ),
    "like_for_like_size": described(INTEGER, "Number of trusts the like-for-like rank is among."),
}

SCHEMAS = {
    "Error": obj(
        {
            "error": obj(
                {
                    "status": {"type": "integer", "enum": [400, 404, 405, 429]},
                    "code": {"type": "string", "enum": ERROR_CODES},
                    "message": described(STRING, "Plain English; may change."),
                }
            )
        }
    ),
    "Index": obj(
        {
            "name": STRING,
            "schema_version": described(STRING, "Changes when a field changes meaning or goes."),
            "data_version": described(INTEGER, "Goes up with every publication."),
            "demonstration_data": described(BOOLEAN, "True: fictional trusts, not NHS data."),
            "latest_period": nullable(STRING),
            "licence": obj({"name": STRING, "url": URI}),
            "links": {
                **obj(
                    {
                        "openapi": URI,
                        "documentation": URI,
                        "periods": URI,
                        "league_tables": by_league(URI),
                        "trusts": URI,
                        "metrics": URI,
                        "releases_feed": URI,
                    }
                ),
                "additionalProperties": described(URI, "Endpoints of other apps, e.g. plans."),
            },
        }
    ),
    "PeriodSummary": obj(PERIOD_FIELDS),
    "Release": obj(RELEASE_FIELDS),
    "ReleaseChange": obj(
        {
            "trust_code": STRING,
            "trust_name": STRING,
            "segment_before": SEGMENT,
            "segment_after": SEGMENT,
            "rank_before": RANK,
            "rank_after": RANK,
        },
        "A trust whose segment or rank this correction changed.",
    ),
    "ReleaseDetail": obj({**RELEASE_FIELDS, "changes": array(ref("ReleaseChange"))}),
    "Period": obj(
        {
            **PERIOD_FIELDS,
            "current_release": described(RANK, "The release shown by default."),
            "releases": array(ref("Release")),
        }
    ),
    "PeriodDetail": obj(
        {**PERIOD_FIELDS, "current_release": RANK, "releases": array(ref("ReleaseDetail"))}
    ),
    "PeriodList": obj({"count": INTEGER, "results": array(ref("Period"))}),
    "LeagueRow": obj(
        {
            "trust_code": described(STRING, "ODS code."),
            "trust_name": STRING,
            "region": STRING,
            "subtype": described(TEXT_OR_EMPTY, "NHS England's trust subtype."),
            **FIGURES,
            "trust_url": URI,
        }
    ),
    "LeagueTable": obj(
        {
            "league": LEAGUE,
            "league_name": STRING,
            "period": ref("PeriodSummary"),
            "release": ref("Release"),
            "count": INTEGER,
            "results": array(ref("LeagueRow")),
        }
    ),
    "Trust": obj(
        {
            "ods_code": STRING,
            "name": STRING,
            "short_name": STRING,
            "league": LEAGUE,
            "trust_type": described(STRING, "NHS England's trust type."),
            "subtype": TEXT_OR_EMPTY,
            "region": CODE_NAME,
            "icb": nullable(CODE_NAME),
            "opened": nullable({"type": "string", "format": "date"}),
            "closed": nullable({"type": "string", "format": "date"}),
            "successor": described(nullable(STRING), "ODS code of the trust that took over."),
            "demonstration_data": BOOLEAN,
            "url": URI,
            "page_url": URI,
            "feed_url": URI,
        }
    ),
    "TrustPage": obj(
        {
            "count": INTEGER,
            "next": nullable(URI),
            "previous": nullable(URI),
            "results": array(ref("Trust")),
        }
    ),
    "TrustHistoryEntry": obj(
        {
            "period": ref("PeriodSummary"),
            "release": described(INTEGER, "The period's current release."),
            "league": LEAGUE,
            **FIGURES,
        }
    ),
    "Metric": obj(
        {
            "metric_id": described(STRING, "e.g. OF0013"),
            "score_id": described(STRING, "e.g. OF1013"),
            "description": STRING,
            "framework": STRING,
            "domain": STRING,
            "sub_domain": TEXT_OR_EMPTY,
            "unit": TEXT_OR_EMPTY,
            "higher_is_better": nullable(BOOLEAN),
            "scoring_rule": described(STRING, "A, B, C, D, matrix or published (methodology)."),
            "parameters": described({"type": "object"}, "The rule's parameters."),
            "leagues": array(LEAGUE),
            "counts_in_average": BOOLEAN,
            "average_group": TEXT_OR_EMPTY,
            "url": URI,
            "page_url": URI,
        }
    ),
    "MetricList": obj({"framework": CODE_NAME, "count": INTEGER, "results": array(ref("Metric"))}),
}
SCHEMAS["TrustDetail"] = obj(
    {
        **SCHEMAS["Trust"]["properties"],
        "history": described(
            array(ref("TrustHistoryEntry")), "One entry per published period, oldest first."
        ),
    }
)
