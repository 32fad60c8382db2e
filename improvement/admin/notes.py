"""Moderation of good-practice notes: NHS England staff approve a note, or refuse it with a
reason the trust sees, through the notes service. Content is read-only; the queue (notes
awaiting approval, oldest first) is the list's default view."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from improvement.models import GoodPracticeNote, NoteStatus
from improvement.models.notes import MODERATE_PERMISSION
from improvement.services import PlanError
from improvement.services.notes import REASON_NEEDED, note_approve, note_refuse

DECISIONS = [("", "Not decided yet"), ("approve", "Approve: publish it"), ("refuse", "Refuse")]


class ModerationForm(forms.ModelForm):
    decision = forms.ChoiceField(choices=DECISIONS, required=False)

    class Meta:
        model = GoodPracticeNote
        fields = ("refusal_reason",)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("refusal_reason") or "").strip():
            self.add_error("refusal_reason", REASON_NEEDED)
        if data.get("decision") and self.instance.status != NoteStatus.AWAITING:
            self.add_error("decision", "Only a note awaiting approval can be approved or refused.")
        return data


class StatusFilter(admin.SimpleListFilter):
    """Awaiting approval unless another status is chosen: the moderation queue."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*NoteStatus.choices, ("all", "All")]

    def choices(self, changelist):
        value = self.value() or NoteStatus.AWAITING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or NoteStatus.AWAITING
        return queryset if value == "all" else queryset.filter(status=value)


class GoodPracticeNoteAdmin(SimpleHistoryAdmin):
    form = ModerationForm
    list_display = ("title", "trust", "status", "submitted_at", "reviewed_at")
    list_filter = (StatusFilter, "trust__league")
    list_select_related = ("trust",)
    search_fields = ("title", "summary", "trust__name", "trust__ods_code")
    ordering = ("submitted_at", "pk")
    readonly_fields = (
        "trust",
        "title",
        "summary",
        "metric_list",
        "quarter_list",
        "contact_role",
        "status",
        "author",
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
    )
    fieldsets = (
        (None, {"fields": ("trust", "title", "summary", "metric_list", "quarter_list",
                           "contact_role")}),
        ("Moderation", {"fields": ("status", "decision", "refusal_reason", "author",
                                   "submitted_at", "reviewed_at", "reviewed_by")}),
    )  # fmt: skip
    actions = ("approve",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # trust leaders write notes at /manage/notes/

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a note keeps its history; refuse it instead

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_moderate_permission(request)

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(MODERATE_PERMISSION)

    @admin.display(description="Metrics")
    def metric_list(self, note: GoodPracticeNote) -> str:
        return ", ".join(f"{m.metric_id} {m.description}" for m in note.metrics.all())

    @admin.display(description="Quarters showing the effect")
    def quarter_list(self, note: GoodPracticeNote) -> str:
        return ", ".join(p.label for p in note.quarters.order_by("year", "quarter")) or "-"

    def save_model(self, request, obj, form, change) -> None:
        # A decision goes through its service, never a plain save of the form.
        decision = form.cleaned_data.get("decision")
        if decision == "approve":
            note_approve(note=obj, user=request.user)
        elif decision == "refuse":
            note_refuse(note=obj, user=request.user, reason=form.cleaned_data["refusal_reason"])

    def save_related(self, request, form, formsets, change) -> None:
        pass  # the metrics and quarters are the trust's, not changed here

    @admin.action(description="Approve the selected notes", permissions=["moderate"])
    def approve(self, request, queryset) -> None:
        done = 0
        for note in queryset:
            try:
                note_approve(note=note, user=request.user)
                done += 1
            except PlanError as error:
                self.message_user(request, str(error), messages.ERROR)
        if done:
            self.message_user(request, f"Approved {done} note(s).", messages.SUCCESS)
