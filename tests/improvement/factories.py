"""Factories for the improvement app. Trusts, users, periods and releases come from the league
factories. Plans built here skip the services (fixtures only); tests of rules call services."""

from datetime import timedelta

import factory
from django.utils import timezone

from improvement.models import (
    Action,
    GoodPracticeNote,
    ImprovementPlan,
    Milestone,
    PlanStatus,
    ProgressUpdate,
    Rag,
    Role,
    TrustMembership,
)
from league.models import PeriodStatus, ReleaseState
from tests.league.factories import (
    AssessmentFactory,
    PeriodFactory,
    ReleaseFactory,
    TrustFactory,
    UserFactory,
    seeded_metric,
)


def published_period(year: int = 2025, quarter: int = 4, days_ago: int = 10):
    """A period whose release 1 was published `days_ago` days ago."""
    period = PeriodFactory(year=year, quarter=quarter, status=PeriodStatus.PUBLISHED)
    ReleaseFactory(
        period=period,
        state=ReleaseState.PUBLISHED,
        published_at=timezone.now() - timedelta(days=days_ago),
    )
    return period


def assess(trust, period, segment: int):
    return AssessmentFactory(
        release=period.releases.get(number=1), trust=trust, adjusted_segment=segment
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrustMembership

    user = factory.SubFactory(UserFactory)
    trust = factory.SubFactory(TrustFactory)
    role = Role.EDITOR


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPlan

    trust = factory.SubFactory(TrustFactory)
    period = factory.SubFactory(PeriodFactory, year=2025, quarter=4)
    title = factory.Sequence(lambda n: f"Plan {n}")
    summary = "What the trust will do."
    executive_lead_role = "Chief executive"
    status = PlanStatus.DRAFT
    target_segment = 3
    target_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))

    class Params:
        published = factory.Trait(
            status=PlanStatus.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=5)),
        )


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner_role = "Chief operating officer"
    target_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=180))
    order = factory.Sequence(lambda n: n)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    order = factory.Sequence(lambda n: n)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    plan = factory.SubFactory(PlanFactory)
    date = factory.LazyFunction(timezone.localdate)
    text = "Progress."
    rag = Rag.GREEN


def complete_plan(**fields) -> ImprovementPlan:
    """A plan with one action and one milestone: ready to submit or publish."""
    plan = PlanFactory(**fields)
    MilestoneFactory(action=ActionFactory(plan=plan))
    return plan


class NoteFactory(factory.django.DjangoModelFactory):
    """A good-practice note (a draft unless `status` says otherwise) on `metric_ids`."""

    class Meta:
        model = GoodPracticeNote
        skip_postgeneration_save = True

    trust = factory.SubFactory(TrustFactory)
    title = factory.Sequence(lambda n: f"Same-day emergency care {n}")
    summary = "We opened a same-day emergency care unit."
    contact_role = "Head of patient flow"

    @factory.post_generation
    def metric_ids(note, create, extracted, **kwargs):
        for metric_id in extracted or ("OF0003",):
            note.metrics.add(seeded_metric(metric_id))
