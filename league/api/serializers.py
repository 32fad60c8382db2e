"""The API's answers, field by field: the contract docs/api.md documents and the OpenAPI
document (/api/openapi.json) is generated from.

Numbers are JSON numbers (averages have two decimal places, as NHS England publishes them);
dates are ISO 8601 (`2026-01-31`), times ISO 8601 in UTC to the second (`2026-02-12T09:30:00Z`).
Links are absolute, made for the request by `league.api.links.Links` (the serializer context's
`link`).
"""

from collections.abc import Callable
from datetime import UTC

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from league.api import links
from league.models import Release
from trusts.models import League

# Links other apps add to the /api/ index: {name: URL name}, e.g. {"plans": "plans:plans"}.
_INDEX_LINKS: dict[str, str] = {}


def index_links_extend(**named: str) -> None:
    """Add another app's endpoints to the /api/ index's `links` (name=URL name), from its
    AppConfig.ready(), without the league app importing it."""
    _INDEX_LINKS.update(named)


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """An absolute URL made from the object: `build(object, link)`."""

    def __init__(self, build: Callable, **kwargs) -> None:
        super().__init__(source="*", read_only=True, **kwargs)
        self.build = build

    def to_representation(self, value) -> str:
        return self.build(value, self.context["link"])


class Number(serializers.FloatField):
    """A JSON number rounded to `places` decimal places (null when unknown)."""

    def __init__(self, places: int = 2, **kwargs) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)
        self.places = places

    def to_representation(self, value) -> float:
        return round(float(value), self.places)


class UTCTime(serializers.DateTimeField):
    """ISO 8601 in UTC to the second: 2026-02-12T09:30:00Z."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        moment = value.astimezone(UTC).replace(microsecond=0)
        return moment.isoformat().replace("+00:00", "Z")


def _rank(help_text: str, **kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, allow_null=True, help_text=help_text, **kwargs)


def _segment(help_text: str, highest: int) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=highest, allow_null=True, help_text=help_text
    )


def _score(help_text: str, **kwargs) -> Number:
    return Number(min_value=1, max_value=4, help_text=help_text, **kwargs)


def _text(help_text: str = "Empty string when there is none.", **kwargs) -> serializers.CharField:
    return serializers.CharField(allow_blank=True, help_text=help_text, **kwargs)


def _league(**kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=League.choices, **kwargs)


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


BY_LEAGUE = {
    "type": "object",
    "properties": {league: {"type": "string", "format": "uri"} for league in League.values},
    "additionalProperties": False,
    "description": "One entry per league table of the framework year: "
    + ", ".join(League.values)
    + " (icb from 2026/27).",
}


@extend_schema_field(BY_LEAGUE)
class LeagueTablesField(serializers.Field):
    """A release's league tables in the API: {league: URL}."""

    def __init__(self, **kwargs) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, release: Release) -> dict:
        link, slug = self.context["link"], release.period.slug
        return {
            league.value: link.api(
                "league", league.value, query={"period": slug, "release": release.number}
            )
            for league in release.period.framework.tables
        }


class PeriodSummarySerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Stable identifier, e.g. 2025-26-q1.")
    label = serializers.CharField(help_text="NHS England's name, e.g. Q1 2025/26.")
    framework = serializers.CharField(
        source="framework.code", help_text="Framework version whose rules apply, e.g. 2025/26."
    )
    year = serializers.IntegerField(
        help_text="First calendar year of the framework year: 2025 for 2025/26."
    )
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    url = LinkField(lambda period, link: link.api("period", period.slug))


class ReleaseSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField(
        min_value=1, help_text="1 for the first publication, 2+ for corrections."
    )
    state = serializers.ChoiceField(
        choices=["published", "superseded"],
        help_text="superseded: replaced by a correction, still citable with ?release=N.",
    )
    published_at = UTCTime()
    published_on = serializers.DateField(
        source="publication_date",
        allow_null=True,
        help_text="NHS England's publication date when known, else the day this service "
        "published it.",
    )
    is_correction = serializers.BooleanField(source="is_revision")
    correction_note = _text()
    figures = serializers.ChoiceField(
        choices=["computed", "published"],
        help_text="published: the period's rules are not all known, so segments, averages and "
        "ranks are NHS England's published figures rather than this service's computation.",
    )
    figures_note = serializers.SerializerMethodField(
        help_text="Why, in one sentence, when figures is published."
    )
    league_tables = LeagueTablesField()

    def get_figures_note(self, release: Release) -> str | None:
        if release.figures != "published":
            return None
        return (
            "Segments, averages and ranks are NHS England's published figures, because "
            f"{release.figures_reason}; see /methodology/."
        )


class ReleaseChangeSerializer(serializers.Serializer):
    trust_code = serializers.CharField(source="trust")
    trust_name = serializers.CharField(source="name")
    segment_before = serializers.IntegerField(allow_null=True)
    segment_after = serializers.IntegerField(allow_null=True)
    rank_before = serializers.IntegerField(allow_null=True)
    rank_after = serializers.IntegerField(allow_null=True)


class ReleaseDetailSerializer(ReleaseSummarySerializer):
    changes = serializers.SerializerMethodField(
        help_text="The trusts whose segment or rank this release changed."
    )

    @extend_schema_field(ReleaseChangeSerializer(many=True))
    def get_changes(self, release: Release) -> list:
        return ReleaseChangeSerializer(release.changes or [], many=True).data


class PeriodSerializer(PeriodSummarySerializer):
    """A period and its public releases, oldest first; `current_release` is the one shown."""

    current_release = serializers.SerializerMethodField(help_text="The release shown by default.")
    releases = ReleaseSummarySerializer(source="public_releases", many=True)

    def get_current_release(self, period) -> int | None:
        return next((r.number for r in period.public_releases if r.state == "published"), None)


class PeriodDetailSerializer(PeriodSerializer):
    releases = ReleaseDetailSerializer(source="public_releases", many=True)


class PeriodListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = PeriodSerializer(many=True)


class FiguresSerializer(serializers.Serializer):
    """One trust's results in one release: what the league table and the history share."""

    rank = _rank("Rank within the league (1 = best); null when not ranked.")
    rank_low = _rank("Likely range of the rank: best end.")
    rank_high = _rank("Likely range of the rank: worst end.")
    league_size = serializers.IntegerField(
        allow_null=True, help_text="Number of trusts in the league table."
    )
    average_score = _score(
        "Average metric score, 2 decimal places, 1 (best) to 4.", source="average_2dp"
    )
    average_score_low = _score("Likely range of the average score: low end.", source="average_low")
    average_score_high = _score(
        "Likely range of the average score: high end.", source="average_high"
    )
    segment = _segment("1 (best) to 4, or 5: Recovery Support Programme.", 5)
    adjusted_segment = _segment("Segment after the financial override (1-4).", 4)
    unadjusted_segment = _segment("Segment before the financial override.", 4)
    in_financial_deficit = serializers.BooleanField(
        help_text="Financial override: no better than segment 3."
    )
    in_recovery_support_programme = serializers.BooleanField(
        source="in_recovery_support", help_text="Segment 5."
    )
    probability_segment_differs = Number(
        3,
        source="segment_stability",
        min_value=0,
        max_value=1,
        help_text="Share of bootstrap replicates in which the segment differs (0-1, 3 decimal "
        "places).",
    )
    like_for_like_group = _text(
        "The trust subtype the like-for-like rank is within (empty for ICBs).", source="peer_group"
    )
    like_for_like_rank = _rank(
        "Rank among the trusts of the same table and subtype (1 = best).", source="peer_rank"
    )
    like_for_like_rank_low = _rank(
        "Likely range of the like-for-like rank: best end.", source="peer_rank_low"
    )
    like_for_like_rank_high = _rank(
        "Likely range of the like-for-like rank: worst end.", source="peer_rank_high"
    )
    like_for_like_size = serializers.IntegerField(
        source="peer_size",
        allow_null=True,
        help_text="Number of trusts the like-for-like rank is among.",
    )


class LeagueRowTrustSerializer(serializers.Serializer):
    trust_code = serializers.CharField(source="trust.ods_code", help_text="ODS code.")
    trust_name = serializers.CharField(source="trust.name")
    region = serializers.CharField(source="trust.region.name")
    subtype = _text("NHS England's trust subtype.", source="trust.subtype")


class LeagueRowSerializer(LeagueRowTrustSerializer, FiguresSerializer):
    """One trust's row of a league table: who, then its figures."""

    trust_url = LinkField(lambda a, link: link.api("trust", a.trust.ods_code))


class LeagueTableSerializer(serializers.Serializer):
    league = _league()
    league_name = serializers.CharField()
    period = PeriodSummarySerializer()
    release = ReleaseSummarySerializer()
    count = serializers.IntegerField()
    results = LeagueRowSerializer(many=True)


class TrustSerializer(serializers.Serializer):
    ods_code = serializers.CharField()
    name = serializers.CharField()
    short_name = _text()
    league = _league()
    trust_type = serializers.CharField(allow_blank=True, help_text="NHS England's trust type.")
    subtype = _text("NHS England's trust subtype.")
    region = CodeNameSerializer()
    icb = CodeNameSerializer(allow_null=True)
    opened = serializers.DateField(allow_null=True)
    closed = serializers.DateField(allow_null=True)
    successor = serializers.CharField(
        source="successor.ods_code",
        allow_null=True,
        help_text="ODS code of the trust that took over.",
    )
    demonstration_data = serializers.BooleanField(
        source="is_demo", help_text="True: a fictional trust, not NHS data."
    )
    url = LinkField(lambda trust, link: link.api("trust", trust.ods_code))
    page_url = LinkField(
        lambda trust, link: link.absolute(links.trust_page(trust.ods_code, league=trust.league))
    )
    feed_url = LinkField(lambda trust, link: link.absolute(links.trust_feed(trust.ods_code)))


class HistoryEntrySerializer(FiguresSerializer):
    """One published period of a trust: its current release's figures."""

    period = PeriodSummarySerializer()
    release = serializers.IntegerField(
        source="release.number", help_text="The period's current release."
    )
    league = _league()

    def get_fields(self) -> dict:
        figures = super().get_fields()
        first = {name: figures.pop(name) for name in ("period", "release", "league")}
        return {**first, **figures}


class TrustDetailSerializer(TrustSerializer):
    history = HistoryEntrySerializer(
        many=True, help_text="One entry per published period, oldest first."
    )


class MetricSerializer(serializers.Serializer):
    metric_id = serializers.CharField(help_text="e.g. OF0013")
    score_id = serializers.CharField(help_text="e.g. OF1013")
    description = serializers.CharField()
    framework = serializers.CharField(source="framework.code")
    domain = serializers.CharField(source="domain.name")
    sub_domain = _text()
    unit = _text()
    higher_is_better = serializers.BooleanField(allow_null=True)
    scoring_rule = serializers.CharField(
        source="rule", help_text="A, B, C, D, matrix or published (methodology)."
    )
    parameters = serializers.DictField(source="params", help_text="The rule's parameters.")
    leagues = serializers.ListField(child=_league())
    counts_in_average = serializers.BooleanField()
    average_group = _text()
    url = LinkField(
        lambda m, link: link.api("metric", m.metric_id, query={"framework": m.framework.code})
    )
    page_url = LinkField(lambda m, link: link.absolute(links.metric_page(m.metric_id)))


class FrameworkSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. 2025/26")
    name = serializers.CharField()


class MetricListSerializer(serializers.Serializer):
    framework = FrameworkSerializer()
    count = serializers.IntegerField()
    results = MetricSerializer(many=True)


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()


class IndexLinksSerializer(serializers.Serializer):
    """Every endpoint; other apps' endpoints (plans, good practice) are added to it."""

    openapi = serializers.URLField()
    documentation = serializers.URLField(help_text="The open data page, for people.")
    api_browser = serializers.URLField(help_text="The API in the browser (Swagger UI).")
    periods = serializers.URLField()
    league_tables = serializers.DictField(
        child=serializers.URLField(), help_text="The latest table of each league."
    )
    trusts = serializers.URLField()
    metrics = serializers.URLField()
    releases_feed = serializers.URLField(help_text="Atom feed of publications and corrections.")

    def get_fields(self) -> dict:
        fields = super().get_fields()
        for name in _INDEX_LINKS:
            fields[name] = serializers.URLField()
        return fields


class IndexSerializer(serializers.Serializer):
    name = serializers.CharField()
    schema_version = serializers.CharField(
        help_text="Changes when a field changes meaning or goes."
    )
    data_version = serializers.IntegerField(help_text="Goes up with every publication.")
    demonstration_data = serializers.BooleanField(help_text="True: fictional trusts, not NHS data.")
    latest_period = serializers.CharField(allow_null=True, help_text="Slug, e.g. 2025-26-q1.")
    licence = LicenceSerializer()
    links = IndexLinksSerializer()


def index_links() -> dict[str, str]:
    """The other apps' index links, by name: their URL names."""
    return dict(_INDEX_LINKS)
