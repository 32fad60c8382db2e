"""The imported and computed data in admin: read-only lists, as data enters only through the
NOF import and the recompute. Foreign keys come from `list_select_related`, so no list runs a
query per row."""

from league.admin.base import ReadOnlyAdmin


class TrustDataAdmin(ReadOnlyAdmin):
    """Large tables: no full count on every page, and search by trust code or name."""

    list_select_related = ("release__period", "trust")
    list_per_page = 100
    show_full_result_count = False
    search_fields = ("=trust__ods_code", "trust__name")
    search_help_text = "Search by trust ODS code (exact) or part of the trust's name."


class MetricValueAdmin(TrustDataAdmin):
    list_display = ("trust", "metric", "release", "value", "units", "median", "rank")
    list_filter = ("release__period", "release__state", "metric__framework", "metric")
    list_select_related = ("release__period", "trust", "metric")


class PublishedFigureAdmin(TrustDataAdmin):
    list_display = ("trust", "figure_id", "kind", "release", "value", "units", "rank")
    list_filter = ("release__period", "release__state", "kind", "figure_id")
    search_fields = (*TrustDataAdmin.search_fields, "=figure_id")


class PublishedLeagueRowAdmin(TrustDataAdmin):
    list_display = (
        "trust",
        "release",
        "rank",
        "segment",
        "average_score",
        "average_low",
        "average_high",
        "in_financial_deficit",
    )
    list_filter = ("release__period", "release__state", "segment", "in_financial_deficit")


class AssessmentAdmin(TrustDataAdmin):
    list_display = (
        "trust",
        "period",
        "league",
        "rank",
        "league_size",
        "average_2dp",
        "adjusted_segment",
        "in_financial_deficit",
        "in_recovery_support",
    )
    list_filter = ("period", "league", "adjusted_segment", "in_financial_deficit")
    list_select_related = ("period", "trust")


class ComputedScoreAdmin(TrustDataAdmin):
    list_display = ("trust", "score_id", "period", "score_2dp", "source")
    list_filter = ("period", "source")
    list_select_related = ("period", "trust")
    search_fields = (*TrustDataAdmin.search_fields, "=score_id")


class PeriodComputationAdmin(ReadOnlyAdmin):
    list_display = (
        "period",
        "computed_at",
        "cut_point_1",
        "cut_point_2",
        "cut_point_3",
        "cut_points_source",
        "from_raw",
        "trusts",
        "replicates",
    )
    list_select_related = ("period",)
