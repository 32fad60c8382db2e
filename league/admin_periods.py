"""Periods in admin: cut-points, background recomputes, reconciliation, publishing and
corrections. Every action calls a service; this module only turns results into messages."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from league.admin_reconcile import reconcile_view
from league.forms import PeriodForm
from league.models import (
    Assessment,
    MetricValue,
    Period,
    PublishedFigure,
    RecomputeRun,
    Release,
    ReleaseState,
    RunTrigger,
)
from league.selectors import latest_release
from league.services.catalogue import RulesFrozen, period_cut_points_set
from league.services.reconcile import period_reconcile
from league.services.releases import (
    PUBLISH_PERMISSION,
    ReleaseError,
    release_changes,
    release_publish,
    release_revise,
)
from league.services.runs import recompute_request, recompute_retry


def _count_per_period(model) -> Coalesce:
    """Rows of the model in the period's newest release (the one staff are working on)."""
    newest = Release.objects.filter(period=OuterRef(OuterRef("pk"))).order_by("-number")
    rows = (
        model.objects.filter(release=Subquery(newest.values("pk")[:1]))
        .order_by()
        .values("release")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label="NHS England's publication date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day NHS England published these results; pages show it, and improvement "
        "plans fall due from it. Leave empty to use today.",
    )
    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="For a correction: shown to the public, saying what changed and why.",
    )


class ReviseForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the published results need correcting.",
    )


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    form = PeriodForm
    list_display = (
        "label",
        "status",
        "framework",
        "cut_point_1",
        "cut_point_2",
        "cut_point_3",
        "value_count",
        "figure_count",
        "assessment_count",
    )
    list_filter = ("status", "framework")
    list_select_related = ("framework",)
    fields = (
        "label",
        "status",
        "framework",
        "cut_point_1",
        "cut_point_2",
        "cut_point_3",
        "cut_points_note",
        "rounded_items_display",
        "rounded_items_note",
        "inputs_changed_at",
        "releases",
        "recent_runs",
    )
    readonly_fields = (
        "label",
        "status",
        "framework",
        "rounded_items_display",
        "rounded_items_note",
        "inputs_changed_at",
        "releases",
        "recent_runs",
    )
    actions = ["recompute"]

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .annotate(
                value_count=_count_per_period(MetricValue),
                figure_count=_count_per_period(PublishedFigure),
                assessment_count=_count_per_period(Assessment),
            )
        )

    def get_urls(self) -> list:
        def wrap(view):
            return self.admin_site.admin_view(partial(view, self))

        return [
            path(
                "<path:object_id>/reconcile/", wrap(reconcile_view), name="league_period_reconcile"
            ),
            path("<path:object_id>/publish/", wrap(publish_view), name="league_period_publish"),
            path("<path:object_id>/revise/", wrap(revise_view), name="league_period_revise"),
            *super().get_urls(),
        ]

    def save_model(self, request: HttpRequest, obj: Period, form, change: bool) -> None:
        points = (obj.cut_point_1, obj.cut_point_2, obj.cut_point_3)
        try:
            period_cut_points_set(
                period=obj, points=points, note=obj.cut_points_note, user=request.user
            )
        except RulesFrozen as error:
            self.message_user(request, str(error), messages.ERROR)

    @admin.display(description="items entering the average rounded to 2 dp")
    def rounded_items_display(self, obj: Period) -> str:
        return ", ".join(obj.rounded_items) or "None: every item enters unrounded."

    @admin.action(description="Recompute segments and ranks of the selected periods")
    def recompute(self, request: HttpRequest, queryset) -> None:
        for period in queryset:
            run = recompute_request(period=period, trigger=RunTrigger.ADMIN, user=request.user)
            self.message_user(
                request, f"{period}: recompute {run.get_state_display().lower()}.", messages.SUCCESS
            )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # periods are created by the import of their data

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # deleting a period would delete its data with it

    @admin.display(description="releases")
    def releases(self, obj: Period) -> str:
        rows = [
            (
                r.number,
                r.get_state_display(),
                f", published {_when(r.published_at)}" if r.published_at else "",
                r.reason or "first release",
            )
            for r in obj.releases.order_by("number")
        ]
        return (
            format_html_join(mark_safe("<br>"), "Release {}: {}{} ({})", rows)
            or "None yet: the first recompute drafts release 1."
        )

    @admin.display(description="recent recomputes")
    def recent_runs(self, obj: Period) -> str:
        runs = obj.recompute_runs.select_related("requested_by")[:10]
        rows = [
            (
                _when(r.queued_at),
                r.get_state_display(),
                r.get_trigger_display(),
                r.duration or "",
                r.error[:200],
            )
            for r in runs
        ]
        return format_html_join(mark_safe("<br>"), "{} {}: {} {} {}", rows) or "None"

    @admin.display(description="metric values", ordering="value_count")
    def value_count(self, obj: Period) -> int:
        return obj.value_count

    @admin.display(description="published figures", ordering="figure_count")
    def figure_count(self, obj: Period) -> int:
        return obj.figure_count

    @admin.display(description="trusts assessed", ordering="assessment_count")
    def assessment_count(self, obj: Period) -> int:
        return obj.assessment_count


def _period_for_publisher(model_admin, request: HttpRequest, object_id: str) -> Period:
    if not request.user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied
    return get_object_or_404(Period, pk=object_id)


def publish_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    period = _period_for_publisher(model_admin, request, object_id)
    release = latest_release(period)
    change_url = reverse("admin:league_period_change", args=[period.pk])
    if release is None or release.state != ReleaseState.DRAFT:
        model_admin.message_user(
            request, f"{period} has no draft release to publish.", messages.ERROR
        )
        return HttpResponseRedirect(change_url)
    previous = period.releases.filter(state=ReleaseState.PUBLISHED).first()
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release_publish(
                release=release,
                user=request.user,
                correction_note=form.cleaned_data["correction_note"],
                published_on=form.cleaned_data["published_on"],
            )
        except ReleaseError as error:
            form.add_error(None, str(error))
        else:
            model_admin.message_user(request, f"{release} is published.", messages.SUCCESS)
            return HttpResponseRedirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "period": period,
        "release": release,
        "previous": previous,
        "changes": release_changes(previous, release) if previous else [],
        "report": period_reconcile(period=period),
        "form": form,
        "title": f"Publish {release}",
    }
    return TemplateResponse(request, "admin/league/period/publish.html", context)


def revise_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    period = _period_for_publisher(model_admin, request, object_id)
    form = ReviseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = release_revise(
                period=period, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ReleaseError as error:
            form.add_error(None, str(error))
        else:
            model_admin.message_user(
                request,
                f"{release} started: import corrected files or recompute, then publish.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:league_period_change", args=[period.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "period": period,
        "form": form,
        "title": f"Correct {period}",
    }
    return TemplateResponse(request, "admin/league/period/revise.html", context)


@admin.register(RecomputeRun)
class RecomputeRunAdmin(admin.ModelAdmin):
    list_display = (
        "period",
        "state",
        "trigger",
        "requested_by",
        "queued_at",
        "started_at",
        "duration",
        "trusts_written",
        "attempts",
    )
    list_filter = ("state", "trigger", "period")
    list_select_related = ("period", "requested_by")
    readonly_fields = [f.name for f in RecomputeRun._meta.fields]
    actions = ["retry"]

    @admin.action(description="Recompute again (for failed runs)")
    def retry(self, request: HttpRequest, queryset) -> None:
        for run in queryset:
            new = recompute_retry(run=run, user=request.user)
            self.message_user(
                request, f"{new.period}: recompute {new.get_state_display().lower()}."
            )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _when(moment) -> str:
    """ "3 Dec 2026, 10:32" in the service's time zone."""
    return date_format(localtime(moment), "j M Y, H:i")
