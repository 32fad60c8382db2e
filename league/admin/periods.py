"""Periods in admin: cut-points, background recomputes, reconciliation, publishing and
corrections. Every action calls a service; this module only turns results into messages."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from league.admin.base import day, html_lines, when
from league.admin.publishing import publishing_steps
from league.admin.reconcile import ReconcileViews
from league.admin.runs import run_line
from league.forms import PeriodForm
from league.models import (
    Assessment,
    MetricValue,
    Period,
    PeriodComputation,
    PublishedFigure,
    Release,
    ReleaseState,
    RunTrigger,
)
from league.selectors import latest_release
from league.services.catalogue import RulesError, period_cut_points_set
from league.services.reconcile import period_reconcile
from league.services.releases import (
    PUBLISH_PERMISSION,
    ReleaseError,
    release_changes,
    release_publish,
    release_revise,
)
from league.services.runs import recompute_request


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


class PeriodAdmin(ReconcileViews, admin.ModelAdmin):
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
        "inputs_changed",
        "releases",
        "recent_runs",
    )
    readonly_fields = (
        "label",
        "status",
        "framework",
        "rounded_items_display",
        "rounded_items_note",
        "inputs_changed",
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
        return [
            *self.admin_urls(
                ("<path:object_id>/reconcile/", self.reconcile_view, "league_period_reconcile"),
                ("<path:object_id>/publish/", self.publish_view, "league_period_publish"),
                ("<path:object_id>/revise/", self.revise_view, "league_period_revise"),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        period = self.get_object(request, object_id)
        if period is not None:
            steps = publishing_steps(period, user=request.user)
            extra_context = {**(extra_context or {}), "publishing_panels": [(period, steps)]}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Period, form, change: bool) -> None:
        points = (obj.cut_point_1, obj.cut_point_2, obj.cut_point_3)
        try:
            period_cut_points_set(
                period=obj, points=points, note=obj.cut_points_note, user=request.user
            )
        except RulesError as error:
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
        lines = [_release_line(release) for release in obj.releases.order_by("number")]
        return html_lines(lines, empty="None yet: the first import drafts release 1.")

    @admin.display(description="recent recomputes")
    def recent_runs(self, obj: Period) -> str:
        runs = obj.recompute_runs.select_related("requested_by")[:10]
        return html_lines((run_line(run) for run in runs), empty="None yet.")

    @admin.display(description="inputs changed at")
    def inputs_changed(self, obj: Period) -> str:
        return when(obj.inputs_changed_at) if obj.inputs_changed_at else "Not since it was created."

    @admin.display(description="metric values", ordering="value_count")
    def value_count(self, obj: Period) -> int:
        return obj.value_count

    @admin.display(description="published figures", ordering="figure_count")
    def figure_count(self, obj: Period) -> int:
        return obj.figure_count

    @admin.display(description="trusts assessed", ordering="assessment_count")
    def assessment_count(self, obj: Period) -> int:
        return obj.assessment_count

    def _period_for_publisher(self, request: HttpRequest, object_id: str) -> Period:
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        return get_object_or_404(Period, pk=object_id)

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        period = self._period_for_publisher(request, object_id)
        release = latest_release(period)
        change_url = reverse("admin:league_period_change", args=[period.pk])
        if release is None or release.state != ReleaseState.DRAFT:
            self.message_user(request, f"{period} has no draft release to publish.", messages.ERROR)
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
                self.message_user(request, f"{release} is published.", messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            "period": period,
            "release": release,
            "previous": previous,
            "computed": PeriodComputation.objects.filter(release=release).exists(),
            "changes": release_changes(previous, release) if previous else [],
            "report": period_reconcile(period=period),
            "form": form,
            "title": f"Publish {release}",
            "breadcrumb": f"Publish release {release.number}",
        }
        return self.admin_page(request, "admin/league/period/publish.html", **context)

    def revise_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        period = self._period_for_publisher(request, object_id)
        form = ReviseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                release = release_revise(
                    period=period, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ReleaseError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    f"{release} started: import corrected files or recompute, then publish.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:league_period_change", args=[period.pk]))
        context = {
            "period": period,
            "form": form,
            "title": f"Correct {period}",
            "breadcrumb": "Correct (new release)",
        }
        return self.admin_page(request, "admin/league/period/revise.html", **context)


def _release_line(release: Release) -> str:
    """ "Release 2: published on 2 December 2026 (correction: …; the segment or rank of 3
    trusts changed: …)" or "Release 2: draft (correction: …)"."""
    state = release.get_state_display().lower()
    if release.publication_date:
        published = f"published on {day(release.publication_date)}"
        state = published if release.state == ReleaseState.PUBLISHED else f"{state}, {published}"
    line = f"Release {release.number}: {state}"
    about = [f"correction: {release.reason}" if release.reason else "first release"]
    if release.changes:
        about.append(f"{release.changes_summary.lower()}: {_changes_text(release.changes)}")
    return f"{line} ({'; '.join(about)})"


def _changes_text(changes: list[dict], shown: int = 10) -> str:
    """ "Northmoor Hospitals (segment 2 → 3, rank 10 → 12), …" from `release_changes`."""
    parts = []
    for change in changes[:shown]:
        moved = [
            f"{what} {_or_none(change[f'{what}_before'])} → {_or_none(change[f'{what}_after'])}"
            for what in ("segment", "rank")
            if change[f"{what}_before"] != change[f"{what}_after"]
        ]
        parts.append(f"{change['name']} ({', '.join(moved)})")
    more = f" and {len(changes) - shown} more" if len(changes) > shown else ""
    return ", ".join(parts) + more


def _or_none(value) -> str:
    return "none" if value is None else str(value)
