"""Factories for the league app and the staff roles that use its admin.

The framework versions, domains and 2025/26 metrics are seeded by migration, so factories take
them from the database rather than inventing a catalogue.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from league.models import (
    Assessment,
    ComputedScore,
    FigureKind,
    FrameworkVersion,
    Metric,
    MetricValue,
    Period,
    PeriodComputation,
    PublishedFigure,
    PublishedLeagueRow,
    Release,
    ReleaseState,
)
from trusts.models import League, Region, Trust


class ReleaseRowFactory(factory.django.DjangoModelFactory):
    """Rows of a release (inputs and results). The database refuses new rows in a published
    release; a fixture that builds a published period directly adds them as if before its
    publication, by reopening the release as a draft for the insert."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        release = kwargs["release"]
        if release.state == ReleaseState.DRAFT:
            return super()._create(model_class, *args, **kwargs)
        Release.objects.filter(pk=release.pk).update(state=ReleaseState.DRAFT)
        try:
            return super()._create(model_class, *args, **kwargs)
        finally:
            Release.objects.filter(pk=release.pk).update(state=release.state)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.nhs.uk")
    # No password: tests sign in with force_login (django-axes), and hashing one is slow.
    password = "!"


def staff_user(*permissions: str, **fields):
    """A staff member (admin access) holding exactly the given "app_label.codename" rights."""
    user = UserFactory(is_staff=True, **fields)
    for name in permissions:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def staff_importer(**fields):
    return staff_user("league.import_nof", **fields)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"Y{60 + n}")
    name = factory.Sequence(lambda n: f"Test region {n}")


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust
        django_get_or_create = ("ods_code",)

    ods_code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Test Hospitals NHS Foundation Trust {n}")
    short_name = factory.LazyAttribute(
        lambda trust: trust.name.removesuffix(" NHS Foundation Trust")
    )
    slug = factory.LazyAttribute(lambda trust: trust.ods_code.lower())
    league = League.ACUTE
    trust_type = "Acute trust"
    region = factory.SubFactory(RegionFactory)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period
        django_get_or_create = ("year", "quarter")

    year = 2025
    quarter = 1
    framework = factory.LazyAttribute(
        lambda period: FrameworkVersion.objects.get(
            code=f"{period.year}/{(period.year + 1) % 100:02d}"
        )
    )
    label = factory.LazyAttribute(lambda period: Period.label_for(period.year, period.quarter))
    slug = factory.LazyAttribute(lambda period: Period.slug_for(period.year, period.quarter))


def seeded_metric(metric_id: str = "OF0003") -> Metric:
    return Metric.objects.get(framework__code="2025/26", metric_id=metric_id)


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release
        django_get_or_create = ("period", "number")

    period = factory.SubFactory(PeriodFactory)
    number = 1


class MetricValueFactory(ReleaseRowFactory):
    class Meta:
        model = MetricValue

    class Params:
        period = factory.SubFactory(PeriodFactory)

    release = factory.SubFactory(ReleaseFactory, period=factory.SelfAttribute("..period"))
    trust = factory.SubFactory(TrustFactory)
    metric = factory.LazyFunction(seeded_metric)
    value = 4.5
    units = "percent"


class PublishedFigureFactory(ReleaseRowFactory):
    class Meta:
        model = PublishedFigure

    class Params:
        period = factory.SubFactory(PeriodFactory)

    release = factory.SubFactory(ReleaseFactory, period=factory.SelfAttribute("..period"))
    trust = factory.SubFactory(TrustFactory)
    figure_id = "OF1003"
    kind = FigureKind.METRIC_SCORE
    value = 2.0


class PublishedLeagueRowFactory(ReleaseRowFactory):
    class Meta:
        model = PublishedLeagueRow

    class Params:
        period = factory.SubFactory(PeriodFactory)

    release = factory.SubFactory(ReleaseFactory, period=factory.SelfAttribute("..period"))
    trust = factory.SubFactory(TrustFactory)
    average_score = 2.1
    segment = 2
    rank = factory.Sequence(lambda n: n + 1)


class AssessmentFactory(ReleaseRowFactory):
    class Meta:
        model = Assessment

    release = factory.SubFactory(ReleaseFactory)
    period = factory.SelfAttribute("release.period")
    trust = factory.SubFactory(TrustFactory)
    league = League.ACUTE
    average = 2.1
    adjusted_segment = 2
    rank = factory.Sequence(lambda n: n + 1)


class ComputedScoreFactory(ReleaseRowFactory):
    class Meta:
        model = ComputedScore

    release = factory.SubFactory(ReleaseFactory)
    period = factory.SelfAttribute("release.period")
    trust = factory.SubFactory(TrustFactory)
    score_id = "OF1003"
    score = 2.0
    score_2dp = "2.00"
    source = ComputedScore.Source.PUBLISHED


class PeriodComputationFactory(ReleaseRowFactory):
    class Meta:
        model = PeriodComputation

    release = factory.SubFactory(ReleaseFactory)
    period = factory.SelfAttribute("release.period")
    computed_at = factory.LazyFunction(timezone.now)
    cut_points_source = "computed"
    inputs_version = factory.LazyAttribute(lambda c: c.release.period.inputs_version)
    replicates = 10
    seed = 1
