"""The metric catalogue in admin: domains and metrics of each framework year. How a metric is
scored changes only through `metric_save`, which refuses it for a published year."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from league.models import Domain, Metric
from league.services.catalogue import SCORING_FIELDS, RulesFrozen, metric_save


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
