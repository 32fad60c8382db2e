"""Admin for the league app: the catalogue, periods, the imported and computed data, and imports.

Data enters only through the NOF import (`league.admin_import`, `manage.py import_nof`) and the
recompute, so the data admins are read-only lists. Counts come from annotations and foreign
keys from `list_select_related`, so no list runs a query per row.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

# Importing these modules registers their ModelAdmins (periods, runs, imports).
from league import admin_frameworks, admin_periods  # noqa: F401
from league.admin_import import ImportBatchAdmin
from league.models import (
    Assessment,
    ComputedScore,
    Domain,
    ImportBatch,
    Metric,
    MetricValue,
    PeriodComputation,
    PublishedFigure,
    PublishedLeagueRow,
)
from league.services.catalogue import SCORING_FIELDS, RulesFrozen, metric_save


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: staff may look, never add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("name", "framework", "score_id", "segment_id", "order", "metric_count")
    list_filter = ("framework",)
    search_fields = ("name", "score_id", "segment_id")

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(metric_count=Count("metrics"))

    @admin.display(description="metrics", ordering="metric_count")
    def metric_count(self, obj: Domain) -> int:
        return obj.metric_count


class MetricForm(forms.ModelForm):
    class Meta:
        model = Metric
        fields = (
            "framework",
            "metric_id",
            "score_id",
            "description",
            "domain",
            "sub_domain",
            "unit",
            "higher_is_better",
            "rule",
            "params",
            "leagues",
            "counts_in_average",
            "average_group",
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        scoring = set(self.changed_data) & set(SCORING_FIELDS)
        framework = self.instance.framework if self.instance.pk else cleaned.get("framework")
        if scoring and framework is not None and framework.is_published:
            raise forms.ValidationError(
                f"{framework.code} has published quarters, so how its metrics are scored is "
                "frozen; the description may still be corrected."
            )
        return cleaned


@admin.register(Metric)
class MetricAdmin(SimpleHistoryAdmin):
    form = MetricForm
    list_display = (
        "metric_id",
        "description",
        "framework",
        "domain",
        "rule",
        "unit",
        "higher_is_better",
        "counts_in_average",
        "added_from_file",
    )
    list_filter = ("framework", "domain", "rule", "added_from_file", "counts_in_average")
    list_select_related = ("framework", "domain")
    search_fields = ("metric_id", "score_id", "description")
    readonly_fields = ("added_from_file",)

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple:
        # A metric's identity is what imported values point at; it is fixed once created.
        identity = ("framework", "metric_id", "score_id") if obj else ()
        return (*identity, *self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: Metric, form, change: bool) -> None:
        try:
            runs = metric_save(metric=obj, changed=list(form.changed_data), user=request.user)
        except RulesFrozen as frozen:
            self.message_user(request, f"{frozen} Nothing was changed.", messages.ERROR)
            return
        if runs:
            self.message_user(
                request,
                f"Scoring changed: recompute queued for {len(runs)} period(s) not yet published.",
                messages.INFO,
            )


class TrustDataAdmin(ReadOnlyAdmin):
    """Large tables: no full count on every page, and search by trust code or name."""

    list_select_related = ("release__period", "trust")
    list_per_page = 100
    show_full_result_count = False
    search_fields = ("=trust__ods_code", "trust__name")
    search_help_text = "Search by trust ODS code (exact) or part of the trust's name."


@admin.register(MetricValue)
class MetricValueAdmin(TrustDataAdmin):
    list_display = ("trust", "metric", "release", "value", "units", "median", "rank")
    list_filter = ("release__period", "release__state", "metric__framework", "metric")
    list_select_related = ("release__period", "trust", "metric")


@admin.register(PublishedFigure)
class PublishedFigureAdmin(TrustDataAdmin):
    list_display = ("trust", "figure_id", "kind", "release", "value", "units", "rank")
    list_filter = ("release__period", "release__state", "kind", "figure_id")
    search_fields = (*TrustDataAdmin.search_fields, "=figure_id")


@admin.register(PublishedLeagueRow)
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


@admin.register(Assessment)
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


@admin.register(ComputedScore)
class ComputedScoreAdmin(TrustDataAdmin):
    list_display = ("trust", "score_id", "period", "score_2dp", "source")
    list_filter = ("period", "source")
    list_select_related = ("period", "trust")
    search_fields = (*TrustDataAdmin.search_fields, "=score_id")


@admin.register(PeriodComputation)
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


admin.site.register(ImportBatch, ImportBatchAdmin)


# The admin home opens with where the quarters being worked on stand (see league_admin tags).
admin.site.index_template = "admin/league/index.html"
