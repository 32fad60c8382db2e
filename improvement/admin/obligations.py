"""Admin lists of obligations: segment-4 trusts and their plans (missing ones included), and
the reminders the daily job has sent."""

from datetime import date, timedelta

from django.contrib import admin
from django.db.models import DateField, Exists, OuterRef, QuerySet, Subquery, Value
from django.http import HttpRequest
from django.utils import timezone

from improvement.models import ImprovementPlan, PlanStatus, SegmentFourTrust
from improvement.selectors.obligations import deadline_days, period_published_on
from league.admin.base import ReadOnlyAdmin
from league.selectors import latest_published_period, segment_four_trusts


class PlanStateFilter(admin.SimpleListFilter):
    title = "plan"
    parameter_name = "plan"

    def lookups(self, request, model_admin):
        return [
            ("missing", "Missing: no plan published"),
            ("overdue", "Missing and past the deadline"),
            ("published", "Published"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "missing":
            return queryset.filter(has_published_plan=False)
        if value == "overdue":
            cutoff = timezone.localdate() - timedelta(days=deadline_days())
            return queryset.filter(has_published_plan=False, published_on__lt=cutoff)
        if value == "published":
            return queryset.filter(has_published_plan=True)
        return queryset


class SegmentFourTrustAdmin(ReadOnlyAdmin):
    list_display = ("name", "ods_code", "league", "region", "plan_status", "deadline", "overdue")
    list_filter = (PlanStateFilter, "league", "region")
    list_select_related = ("region",)
    search_fields = ("name", "ods_code")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        period = latest_published_period()
        if period is None:
            return SegmentFourTrust.objects.none()
        plans = ImprovementPlan.objects.filter(trust=OuterRef("pk"))
        open_status = plans.exclude(status=PlanStatus.CLOSED).values("status")[:1]
        return SegmentFourTrust.objects.filter(
            pk__in=segment_four_trusts(period).values("pk")
        ).annotate(
            has_published_plan=Exists(plans.filter(status=PlanStatus.PUBLISHED)),
            open_plan_status=Subquery(open_status),
            published_on=Value(period_published_on(period), output_field=DateField()),
        )

    @admin.display(description="Plan")
    def plan_status(self, trust) -> str:
        if trust.has_published_plan:
            return "Published"
        status = trust.open_plan_status
        return f"Missing ({PlanStatus(status).label.lower()} in progress)" if status else "Missing"

    def _deadline(self, trust) -> date | None:
        if trust.published_on is None:
            return None
        return trust.published_on + timedelta(days=deadline_days())

    @admin.display(description="Deadline")
    def deadline(self, trust) -> date | None:
        return self._deadline(trust)

    @admin.display(description="Past the deadline", boolean=True)
    def overdue(self, trust) -> bool:
        deadline = self._deadline(trust)
        return bool(not trust.has_published_plan and deadline and timezone.localdate() > deadline)


class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "kind", "trust", "subject", "scope", "recipients")
    list_filter = ("kind",)
    list_select_related = ("trust",)
    search_fields = ("trust__name", "trust__ods_code", "subject")
    date_hierarchy = "sent_at"
