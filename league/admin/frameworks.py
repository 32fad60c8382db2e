"""Framework years in admin: the segment rule of a year, and its catalogue imported or exported.

Thin doors onto `league.services.frameworks`. Importing is two steps: the first checks the
file and rules and shows what would change, writing nothing; the second posts the same text
back and the service checks everything again before writing it in one transaction.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from league.admin.base import AdminPages, html_link
from league.forms_frameworks import (
    ALL_OR_NONE,
    FrameworkImportForm,
    FrameworkRulesForm,
    rules_from,
    thresholds_incomplete,
)
from league.models import FrameworkVersion
from league.services.frameworks import (
    FrameworkImportRefused,
    FrameworkRules,
    framework_described,
    framework_export,
    framework_import,
    framework_preview,
    framework_rules_set,
    rules_problems,
)

CHANGE_PERMISSION = "league.change_frameworkversion"
TEMPLATES = "admin/league/frameworkversion/"


class FrameworkVersionForm(forms.ModelForm):
    leagues = FrameworkRulesForm.base_fields["leagues"]

    class Meta:
        model = FrameworkVersion
        fields = (
            "code",
            "name",
            "segment_rule",
            "threshold_1",
            "threshold_2",
            "threshold_3",
            "financial_cap",
            "segment_5",
            "leagues",
            "notes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As stored: validation copies the posted values onto the instance before save_model.
        self.stored_rules = FrameworkRules.of(self.instance) if self.instance.pk else None

    def rules(self) -> FrameworkRules:
        return rules_from(self.cleaned_data)

    def rules_changed(self) -> bool:
        return self.stored_rules is None or self.stored_rules != self.rules()

    def clean(self) -> dict:
        cleaned = super().clean()
        if thresholds_incomplete(cleaned):
            raise forms.ValidationError(ALL_OR_NONE)
        if self.instance.pk and self.rules_changed() and self.instance.is_published:
            raise forms.ValidationError(
                f"{self.instance.code} has published quarters: its rules are frozen."
            )
        for problem in rules_problems(self.rules()):
            self.add_error(None, f"{problem.column.capitalize()}: {problem.message}")
        return cleaned


class FrameworkVersionAdmin(AdminPages, SimpleHistoryAdmin):
    form = FrameworkVersionForm
    change_list_template = TEMPLATES + "change_list.html"
    change_form_template = TEMPLATES + "change_form.html"
    list_display = (
        "code",
        "name",
        "segment_rule",
        "threshold_1",
        "threshold_2",
        "threshold_3",
        "financial_cap",
        "segment_5",
        "metric_count",
        "export_link",
    )
    search_fields = ("code", "name")

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(metric_count=Count("metrics"))

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple:
        return ("code",) if obj else ()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # periods and metrics hang off it

    @admin.display(description="metrics", ordering="metric_count")
    def metric_count(self, obj: FrameworkVersion) -> int:
        return obj.metric_count

    @admin.display(description="catalogue")
    def export_link(self, obj: FrameworkVersion) -> str:
        url = reverse("admin:league_frameworkversion_export", args=[obj.pk])
        return html_link(url, "Download CSV")

    def save_model(self, request: HttpRequest, obj: FrameworkVersion, form, change: bool) -> None:
        obj.leagues = list(form.cleaned_data["leagues"])
        if not change:
            obj._history_user = request.user
            obj.save()
            return
        if not form.rules_changed():
            framework_described(framework=obj, name=obj.name, notes=obj.notes, user=request.user)
            return
        runs = framework_rules_set(
            framework=obj, rules=form.rules(), user=request.user, name=obj.name, notes=obj.notes
        )
        if runs:
            self.message_user(
                request,
                f"Rules changed: recompute queued for {len(runs)} period(s).",
                messages.INFO,
            )

    def get_urls(self) -> list:
        return [
            *self.admin_urls(
                ("import/", self.import_view, "league_frameworkversion_import"),
                ("<int:pk>/export/", self.export_view, "league_frameworkversion_export"),
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        framework = get_object_or_404(FrameworkVersion, pk=pk)
        response = HttpResponse(
            framework_export(framework=framework), content_type="text/csv; charset=utf-8"
        )
        name = f"nof-{framework.code.replace('/', '-')}-metrics.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        if request.method != "POST":
            initial = FrameworkRulesForm.initial_for(FrameworkRules())
            return self._import_page(request, FrameworkImportForm(initial=initial))
        form = FrameworkImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._import_page(request, form)
        rules = form.rules()
        if form.errors:
            return self._import_page(request, form)
        year, text = form.cleaned_data["year"].strip(), form.cleaned_data["catalogue_text"]
        if "confirm" not in request.POST:
            preview = framework_preview(code=year, text=text, rules=rules)
            confirm = FrameworkImportForm(
                initial={**request.POST.dict(), "catalogue_text": text, "leagues": rules.leagues}
            )
            return self._import_page(request, confirm, preview=preview)
        try:
            preview = framework_import(
                code=year, text=text, rules=rules, name=form.cleaned_data["name"], user=request.user
            )
        except FrameworkImportRefused as refused:
            return self._import_page(request, form, preview=refused.preview)
        self.message_user(
            request,
            f"{year}: catalogue of {len(preview.catalogue.metrics)} metrics imported "
            f"({len(preview.added)} added, {len(preview.changed)} changed, "
            f"{len(preview.removed)} removed).",
            messages.SUCCESS,
        )
        return redirect("admin:league_frameworkversion_changelist")

    def _import_page(self, request: HttpRequest, form, preview=None) -> HttpResponse:
        return self.admin_page(
            request,
            TEMPLATES + "import.html",
            title="Import a framework catalogue",
            form=form,
            preview=preview,
        )
