"""Published improvement plans in the open-data API (/api/plans/), through the league API's
doors: the same JSON envelope, errors, throttling, caching on the public data version, and a
place in the generated OpenAPI document."""

import django_filters
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import path, reverse
from rest_framework import serializers

from improvement.models import Action, ImprovementPlan, Milestone
from improvement.selectors.obligations import with_flags
from league.api.base import PublicAPIView
from league.api.errors import not_found
from league.api.filters import league_filter, region_filter
from league.api.pagination import PublicPagination
from league.api.schema import answers, documented, path_code
from league.api.serializers import LinkField, UTCTime
from trusts.models import League


def _plans() -> QuerySet[ImprovementPlan]:
    return with_flags(
        ImprovementPlan.objects.public().select_related("trust__region", "period")
    ).order_by("trust__name", "-published_at")


class PlanFilter(django_filters.FilterSet):
    league = league_filter("trust__league")
    region = region_filter("trust__region__code")

    class Meta:
        model = ImprovementPlan
        fields = ["league", "region"]


class MilestoneSerializer(serializers.Serializer):
    title = serializers.CharField()
    due_date = serializers.DateField()
    done_date = serializers.DateField(allow_null=True)


class ActionSerializer(serializers.Serializer):
    title = serializers.CharField()
    owner_role = serializers.CharField(help_text="A role at the trust, never a person.")
    metric_id = serializers.CharField(source="metric.metric_id", allow_null=True)
    baseline = serializers.FloatField(allow_null=True)
    target_value = serializers.FloatField(allow_null=True)
    target_date = serializers.DateField()
    trajectory = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Expected value per quarter (period slug).",
    )
    status = serializers.CharField()
    milestones = MilestoneSerializer(source="milestones.all", many=True)


class PlanSerializer(serializers.Serializer):
    """A published improvement plan."""

    trust_code = serializers.CharField(source="trust.ods_code")
    trust_name = serializers.CharField(source="trust.name")
    league = serializers.ChoiceField(choices=League.choices, source="trust.league")
    region = serializers.CharField(source="trust.region.name")
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=["published", "closed"])
    period = serializers.CharField(
        source="period.label", help_text="The quarter whose segment 4 called for the plan."
    )
    target_segment = serializers.IntegerField(min_value=1, max_value=3)
    target_date = serializers.DateField()
    published_at = UTCTime()
    overdue_actions = serializers.IntegerField(source="overdue_action_count")
    overdue_milestones = serializers.IntegerField(source="overdue_milestone_count")
    no_update_for_90_days = serializers.BooleanField(source="is_stale")
    url = LinkField(
        lambda p, link: link.absolute(reverse("improvement:trust_plan", args=[p.trust.ods_code]))
    )
    api_url = LinkField(
        lambda p, link: link.absolute(reverse("plans:plan", args=[p.trust.ods_code]))
    )


class PlanDetailSerializer(PlanSerializer):
    summary = serializers.CharField(allow_blank=True)
    actions = ActionSerializer(source="actions.all", many=True)


@documented(
    operation_id="plans",
    summary="Published improvement plans, paginated",
    responses=answers(PlanSerializer(many=True), 400),
)
class PlanListView(PublicAPIView):
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    pagination_class = PublicPagination

    def get_queryset(self) -> QuerySet[ImprovementPlan]:
        return _plans()


@documented(
    operation_id="plan",
    summary="One trust's published improvement plan, with actions and milestones",
    parameters=[path_code("ods_code", "The trust's ODS code.")],
    responses=answers(PlanDetailSerializer),
)
class PlanView(PublicAPIView):
    serializer_class = PlanDetailSerializer

    def payload(self, request: HttpRequest, ods_code: str) -> dict:
        milestones = Milestone.objects.order_by("order", "pk")
        actions = (
            Action.objects.order_by("order", "pk")
            .select_related("metric")
            .prefetch_related(Prefetch("milestones", queryset=milestones))
        )
        found = (
            _plans()
            .filter(trust__ods_code=ods_code.upper())
            .prefetch_related(Prefetch("actions", queryset=actions))
            .first()
        )
        if found is None:
            raise not_found(f"No published improvement plan for the trust “{ods_code}”.")
        return self.serialize(found)


urlpatterns = [
    path("", PlanListView.as_view(), name="plans"),
    path("<str:ods_code>/", PlanView.as_view(), name="plan"),
]
