"""NHS England's review of improvement plans in Django admin, with every change's history.

Trust leaders write plans at /manage/; here staff list and filter them (overdue, stale),
accept them or ask for changes (through `plan_review`) and manage who may edit which trust.
Content is read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from improvement.models import (
    Action,
    ImprovementPlan,
    PlanStatus,
    ProgressUpdate,
    ReviewStatus,
)
from improvement.models.plans import REVIEW_PERMISSION
from improvement.selectors.obligations import with_flags
from improvement.services import PlanError
from improvement.services.plans import plan_review, review_problem


class TrustMembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "trust", "role", "created_at")
    list_filter = ("role", "trust__league", "trust__region")
    list_select_related = ("user", "trust")
    search_fields = ("user__username", "user__email", "trust__name", "trust__ods_code")
    autocomplete_fields = ("user", "trust")


class FlagFilter(admin.SimpleListFilter):
    title = "flags"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [
            ("overdue_milestones", "Overdue milestones"),
            ("overdue_actions", "Actions past their target date"),
            ("stale", "No update for 90 days"),
            ("none", "No flag"),
        ]

    def queryset(self, request, queryset):
        published = queryset.filter(status=PlanStatus.PUBLISHED)
        late = Q(overdue_milestone_count__gt=0) | Q(overdue_action_count__gt=0) | Q(is_stale=True)
        return {
            "overdue_milestones": published.filter(overdue_milestone_count__gt=0),
            "overdue_actions": published.filter(overdue_action_count__gt=0),
            "stale": published.filter(is_stale=True),
            "none": queryset.exclude(late),
        }.get(self.value(), queryset)


class ActionInline(admin.TabularInline):
    model = Action
    fields = ("order", "title", "owner_role", "metric", "target_date", "status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    fields = ("date", "action", "rag", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReviewForm(forms.ModelForm):
    class Meta:
        model = ImprovementPlan
        fields = ("review_status", "review_comments")

    def clean(self) -> dict:
        data = super().clean()
        problem = review_problem(data.get("review_status") or "", data.get("review_comments") or "")
        if problem:
            self.add_error("review_comments", problem)
        return data


class ImprovementPlanAdmin(SimpleHistoryAdmin):
    form = ReviewForm
    list_display = (
        "trust",
        "title",
        "status",
        "review_status",
        "published_at",
        "last_update",
        "overdue_milestones",
        "stale",
    )
    list_filter = ("status", "review_status", FlagFilter, "trust__league", "trust__region")
    list_select_related = ("trust",)
    search_fields = ("title", "trust__name", "trust__ods_code")
    readonly_fields = (
        "trust",
        "period",
        "title",
        "summary",
        "executive_lead_role",
        "status",
        "target_segment",
        "target_date",
        "created_at",
        "submitted_at",
        "published_at",
        "closed_at",
        "reviewed_at",
        "reviewed_by",
    )
    fieldsets = (
        (None, {"fields": ("trust", "period", "title", "summary", "executive_lead_role")}),
        ("Status", {"fields": ("status", "target_segment", "target_date", "created_at",
                               "submitted_at", "published_at", "closed_at")}),
        ("NHS England review", {"fields": ("review_status", "review_comments", "reviewed_at",
                                           "reviewed_by")}),
    )  # fmt: skip
    inlines = (ActionInline, ProgressUpdateInline)
    actions = ("accept", "request_changes")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return with_flags(super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # trusts write plans at /manage/

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a plan keeps its history; close it instead

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_review_permission(request)  # the only change staff make is the review

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW_PERMISSION)

    @admin.display(description="Last update", ordering="last_update")
    def last_update(self, plan: ImprovementPlan):
        return plan.last_update

    @admin.display(description="Overdue milestones", ordering="overdue_milestone_count")
    def overdue_milestones(self, plan: ImprovementPlan) -> int:
        return plan.overdue_milestone_count

    @admin.display(description="No update for 90 days", boolean=True, ordering="is_stale")
    def stale(self, plan: ImprovementPlan) -> bool:
        return plan.is_stale

    def save_model(self, request, obj, form, change) -> None:
        # The review goes through its service, never a plain save of the form.
        plan_review(
            plan=obj,
            user=request.user,
            review_status=form.cleaned_data["review_status"],
            comments=form.cleaned_data["review_comments"],
        )

    def _review(self, request, queryset, status: str) -> None:
        done = 0
        for plan in queryset:
            try:
                plan_review(
                    plan=plan,
                    user=request.user,
                    review_status=status,
                    comments=plan.review_comments,
                )
                done += 1
            except PlanError as error:
                self.message_user(request, f"{plan}: {error}", messages.ERROR)
        if done:
            self.message_user(request, f"Reviewed {done} plan(s).", messages.SUCCESS)

    @admin.action(description="Accept the selected plans", permissions=["review"])
    def accept(self, request, queryset) -> None:
        self._review(request, queryset, ReviewStatus.ACCEPTED)

    @admin.action(
        description="Ask for changes (uses each plan's review comments)", permissions=["review"]
    )
    def request_changes(self, request, queryset) -> None:
        self._review(request, queryset, ReviewStatus.CHANGES_REQUESTED)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Actions, milestones and updates: staff may read them and their history, not change them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ActionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "plan", "owner_role", "target_date", "status")
    list_filter = ("status",)
    list_select_related = ("plan__trust",)
    search_fields = ("title", "plan__trust__name", "plan__trust__ods_code")


class MilestoneAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "action", "due_date", "done_date")
    list_select_related = ("action",)
    search_fields = ("title", "action__plan__trust__name")


class ProgressUpdateAdmin(ReadOnlyHistoryAdmin):
    list_display = ("plan", "date", "rag", "action")
    list_filter = ("rag",)
    list_select_related = ("plan__trust", "action")
