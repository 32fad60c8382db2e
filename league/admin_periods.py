"""Periods in admin: cut-points, background recomputes, reconciliation, publishing and
corrections. Every action calls a service; this module only turns results into messages."""

from dataclasses import dataclass
from datetime import datetime, timedelta
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
from django.utils.timezone import localdate, localtime

from league.admin_import import IMPORT_PERMISSION
from league.admin_reconcile import reconcile_view
from league.forms import PeriodForm
from league.models import (
    Assessment,
    ImportBatch,
    ImportOutcome,
    MetricValue,
    Period,
    PeriodComputation,
    PeriodStatus,
    PublishedFigure,
    RecomputeRun,
    Release,
    ReleaseState,
    RunState,
    RunTrigger,
)
from league.selectors import latest_release
from league.services.catalogue import RulesError, period_cut_points_set
from league.services.reconcile import period_reconcile
from league.services.releases import (
    INPUT_MODELS,
    PUBLISH_PERMISSION,
    ReleaseError,
    release_changes,
    release_publish,
    release_revise,
)
from league.services.runs import WORKING_STATUSES, recompute_request, recompute_retry


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
        return (
            format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))
            or "None yet: the first import drafts release 1."
        )

    @admin.display(description="recent recomputes")
    def recent_runs(self, obj: Period) -> str:
        runs = obj.recompute_runs.select_related("requested_by")[:10]
        lines = [(_run_line(run),) for run in runs]
        return format_html_join(mark_safe("<br>"), "{}", lines) or "None yet."

    @admin.display(description="inputs changed at")
    def inputs_changed(self, obj: Period) -> str:
        return (
            _when(obj.inputs_changed_at) if obj.inputs_changed_at else "Not since it was created."
        )

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
        "computed": PeriodComputation.objects.filter(release=release).exists(),
        "changes": release_changes(previous, release) if previous else [],
        "report": period_reconcile(period=period),
        "form": form,
        "title": f"Publish {release}",
        "breadcrumb": f"Publish release {release.number}",
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
        "breadcrumb": "Correct (new release)",
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


def _day(day) -> str:
    """ "2 December 2026"."""
    return date_format(day, "j F Y")


def _release_line(release: Release) -> str:
    """ "Release 2: published on 2 December 2026 (correction: …; the segment or rank of 3
    trusts changed: …)" or "Release 2: draft (correction: …)"."""
    state = release.get_state_display().lower()
    if release.publication_date:
        published = f"published on {_day(release.publication_date)}"
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


def _run_line(run: RecomputeRun) -> str:
    """ "3 Dec 2026, 10:32: succeeded (after an import, by jo), took 4 seconds, 205 trusts"."""
    why = run.get_trigger_display().lower()
    if run.requested_by:
        why += f", by {run.requested_by}"
    line = f"{_when(run.queued_at)}: {run.get_state_display().lower()} ({why})"
    if run.duration is not None:
        line += f", took {_duration(run.duration)}"
    if run.trusts_written is not None:
        line += f", {run.trusts_written:,} trusts"
    if run.error and run.state == RunState.FAILED:
        line += f". {run.error[:200]}"
    return line


def _duration(duration: timedelta) -> str:
    seconds = max(round(duration.total_seconds()), 1)
    if seconds < 60:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds} s"


# Publishing a quarter: import → recompute → reconcile → publish, and where a period stands.


@dataclass(frozen=True)
class PublishingStep:
    number: int
    name: str
    state: str
    link: str
    url: str | None  # None when the user may not take the step here


def publishing_periods() -> list[Period]:
    """The quarters being worked on, newest first; when none is, the latest published one."""
    newest = ("-year", "-quarter")
    working = list(Period.objects.filter(status__in=WORKING_STATUSES).order_by(*newest)[:4])
    return working or list(Period.objects.published().order_by(*newest)[:1])


def publishing_steps(period: Period, *, user) -> list[PublishingStep]:
    """The four steps of publishing the period, each with the state its data is in."""
    release = latest_release(period)
    computation = PeriodComputation.objects.filter(release=release).first() if release else None
    current = computation is not None and computation.inputs_version == period.inputs_version
    imports = period.import_batches.filter(outcome=ImportOutcome.IMPORTED).order_by("-created_at")
    if release is not None:
        imports = imports.filter(created_at__gte=release.created_at)
    imports = list(imports)
    last_import = imports[0].created_at if imports else None
    import_url = reverse("admin:league_importbatch_import")
    recompute_url = reverse("admin:league_period_changelist")
    reconcile_url = reverse("admin:league_period_reconcile", args=[period.pk])
    return [
        PublishingStep(
            1,
            "Import",
            _import_state(release, imports),
            "Import NOF files",
            import_url if user.has_perm(IMPORT_PERMISSION) else None,
        ),
        PublishingStep(
            2,
            "Recompute",
            _recompute_state(period, computation, current, last_import),
            "Recompute (an action on the periods list)",
            recompute_url,
        ),
        PublishingStep(
            3, "Reconcile", _reconcile_state(period, computation), "Reconciliation", reconcile_url
        ),
        _publish_step(period, release, user),
    ]


def _import_state(release: Release | None, imports: list[ImportBatch]) -> str:
    if release is None:
        return "not yet"
    rows = sum(model.objects.filter(release=release).count() for model in INPUT_MODELS)
    if not imports:
        if release.is_revision:
            return f"no corrected files yet: {rows:,} rows copied from the published release"
        return f"{rows:,} rows" if rows else "not yet"
    files = len({item.get("name") for batch in imports for item in batch.files})
    when = _day(localdate(imports[0].created_at))
    return f"{files} file{'' if files == 1 else 's'}, {rows:,} rows, {when}"


def _recompute_state(
    period: Period,
    computation: PeriodComputation | None,
    current: bool,
    last_import: datetime | None,
) -> str:
    runs = period.recompute_runs.all()
    running = runs.filter(state=RunState.RUNNING).first()
    if running is not None:
        return f"running since {_when(running.started_at or running.queued_at)}"
    queued = runs.filter(state=RunState.QUEUED).first()
    if queued is not None:
        if not queued.enqueued:
            return "queued, but the task queue cannot be reached: it waits for the daily check"
        return f"queued {_when(queued.queued_at)}"
    if current:
        return f"done {_when(computation.computed_at)}"
    last = runs.first()
    if last is not None and last.state == RunState.FAILED:
        return f"failed {_when(last.finished_at or last.queued_at)}: {last.error[:150]}"
    if computation is None:
        return "not yet"
    if last_import is not None and last_import > computation.computed_at:
        return f"out of date since the last import ({_when(last_import)})"
    return "out of date since the rules or cut-points changed"


def _reconcile_state(period: Period, computation: PeriodComputation | None) -> str:
    if computation is None:
        return "not yet: recompute first"
    report = period_reconcile(period=period)
    compared = sum(check.compared for check in report.checks)
    if not compared:
        return "nothing published by NHS England to compare with"
    matched = sum(check.matched for check in report.checks)
    return f"{matched:,} of {compared:,} published figures match"


def _publish_step(period: Period, release: Release | None, user) -> PublishingStep:
    published = period.releases.filter(state=ReleaseState.PUBLISHED).first()
    may = user.has_perm(PUBLISH_PERMISSION)
    publish_url = reverse("admin:league_period_publish", args=[period.pk]) if may else None
    if published is not None and period.status == PeriodStatus.PUBLISHED:
        state = f"published on {_day(published.publication_date)}"
        if published.is_revision:
            state += f" (release {published.number}, a correction)"
        revise_url = reverse("admin:league_period_revise", args=[period.pk]) if may else None
        return PublishingStep(4, "Publish", state, "Correct (new release)", revise_url)
    if published is not None and release is not None:
        state = (
            f"correction (release {release.number}) in draft; release {published.number}, "
            f"published on {_day(published.publication_date)}, stays public until it is published"
        )
        return PublishingStep(4, "Publish", state, "Publish the correction", publish_url)
    ready = release is not None and release.state == ReleaseState.DRAFT
    return PublishingStep(
        4, "Publish", "draft: not yet published", "Publish…", publish_url if ready else None
    )
