"""Good-practice notes and "who to learn from" in the open-data API, through the league API's
doors (envelope, errors, throttling, caching on the public data version, OpenAPI document):
`/api/good-practice/` and `/api/trusts/<ods_code>/learn/`."""

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from improvement.models import GoodPracticeNote
from improvement.selectors.learning import learning
from improvement.selectors.notes import public_notes
from league.api.base import PublicAPIView
from league.api.errors import not_found
from league.api.pagination import PublicPagination
from league.api.schema import answers, documented, path_code
from league.api.serializers import LinkField, Number, UTCTime
from league.selectors import latest_published_period_of_each_league, public_release
from trusts.models import League, Trust


class NoteFilter(django_filters.FilterSet):
    metric = django_filters.CharFilter(
        field_name="metrics__metric_id", help_text="A metric ID, e.g. OF0013."
    )
    league = django_filters.ChoiceFilter(
        field_name="trust__league",
        choices=League.choices,
        help_text="The trust's league table.",
    )
    subtype = django_filters.CharFilter(
        field_name="trust__subtype", help_text="A trust subtype, e.g. Acute - Small."
    )

    class Meta:
        model = GoodPracticeNote
        fields = ["metric", "league", "subtype"]


class NoteSerializer(serializers.Serializer):
    """A good-practice note approved by NHS England."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    summary = serializers.CharField()
    trust_code = serializers.CharField(source="trust.ods_code")
    trust_name = serializers.CharField(source="trust.name")
    league = serializers.ChoiceField(choices=League.choices, source="trust.league")
    subtype = serializers.CharField(
        source="trust.subtype", allow_blank=True, help_text="Empty string when there is none."
    )
    metric_ids = serializers.SlugRelatedField(
        source="metrics", slug_field="metric_id", many=True, read_only=True
    )
    quarters = serializers.SlugRelatedField(slug_field="label", many=True, read_only=True)
    contact_role = serializers.CharField(
        help_text="A role to ask for at the trust, never a person."
    )
    approved_at = UTCTime()
    url = LinkField(
        lambda n, link: link.absolute(reverse("improvement:good_practice") + f"#note-{n.pk}")
    )

    class Meta:
        model = GoodPracticeNote  # what metric_ids and quarters are read from


class PeriodValueSerializer(serializers.Serializer):
    period = serializers.CharField()
    value = serializers.FloatField(allow_null=True)


@extend_schema_field(PeriodValueSerializer(many=True))
class ValuesField(serializers.Field):
    """(period, value) pairs, oldest first, as [{"period": "Q1 2025/26", "value": 61.2}]."""

    def to_representation(self, history) -> list[dict]:
        return [{"period": period.label, "value": value} for period, value in history]


class ExampleSerializer(serializers.Serializer):
    trust_code = serializers.CharField(source="trust.ods_code")
    trust_name = serializers.CharField(source="trust.name")
    subtype = serializers.CharField(
        source="trust.subtype", allow_blank=True, help_text="Empty string when there is none."
    )
    same_subtype = serializers.BooleanField()
    score = Number(allow_null=False, help_text="Its score on the metric, 1.00 (best) to 4.00.")
    rank = serializers.IntegerField(allow_null=True)
    improvement = Number(help_text="How much its score fell over the quarters shown.")
    values = ValuesField(source="history")
    trust_url = LinkField(lambda e, link: link.api("trust", e.trust.ods_code))


class LessonSerializer(serializers.Serializer):
    metric_id = serializers.CharField(source="lesson.metric.metric_id")
    description = serializers.CharField(source="lesson.metric.description")
    score = Number(source="lesson.score")
    values = ValuesField(source="lesson.history")
    best = ExampleSerializer(source="lesson.best", many=True)
    most_improved = ExampleSerializer(source="lesson.most_improved", many=True)
    notes = NoteSerializer(many=True)


class LearnFromSerializer(serializers.Serializer):
    """Each metric the trust scores 3.00 or worse on, and whom to learn from."""

    trust_code = serializers.CharField(source="trust.ods_code")
    period = serializers.CharField(source="period.label")
    metrics = LessonSerializer(many=True)
    url = LinkField(
        lambda found, link: link.absolute(
            reverse("improvement:learn", args=[found["trust"].ods_code])
        )
    )


@documented(
    operation_id="good_practice",
    summary="Approved good-practice notes, newest first, paginated",
    responses=answers(NoteSerializer(many=True), 400),
)
class NoteListView(PublicAPIView):
    serializer_class = NoteSerializer
    filterset_class = NoteFilter
    pagination_class = PublicPagination

    def get_queryset(self) -> QuerySet[GoodPracticeNote]:
        return public_notes()


@documented(
    operation_id="learn",
    summary="Who a trust can learn from, metric by metric, in its latest published quarter",
    parameters=[path_code("ods_code", "The trust's ODS code.")],
    responses=answers(LearnFromSerializer),
)
class LearnView(PublicAPIView):
    serializer_class = LearnFromSerializer

    def payload(self, request: HttpRequest, ods_code: str) -> dict:
        trust = Trust.objects.trusts().filter(ods_code=ods_code.upper()).first()
        if trust is None:
            raise not_found(f"No trust with the ODS code “{ods_code}”.")
        period = latest_published_period_of_each_league().get(trust.league)
        release = public_release(period) if period else None
        if release is None:
            raise not_found(f"The trust “{trust.ods_code}” has no published results yet.")
        found = {"trust": trust, "period": period, "metrics": learning(trust, release)}
        return self.serialize(found)


note_urls = [path("", NoteListView.as_view(), name="notes")]
learn_urls = [path("", LearnView.as_view(), name="learn")]
