"""Role fixtures: trust A's editor and executive lead, a leader of trust B, NHS England staff,
and anonymous visitors; trusts A and B are in segment 4 of a period published 10 days ago."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from improvement.models import Role
from tests.improvement import factories as f
from tests.league.factories import TrustFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # public pages are cached under the data version
    yield
    cache.clear()


@dataclass
class World:
    period: object
    trust_a: object
    trust_b: object
    editor_a: object
    lead_a: object
    lead_b: object
    staff: object
    plan_a: object
    action_a: object
    milestone_a: object
    plan_b: object
    action_b: object
    milestone_b: object
    note_a: object
    note_b: object

    def endpoints_a(self) -> list:
        from tests.improvement.helpers import endpoints

        return endpoints(self.plan_a, self.action_a, self.milestone_a, self.note_a)


@pytest.fixture
def world(db) -> World:
    period = f.published_period()
    trust_a = TrustFactory(ods_code="ZA1", name="Alpha Hospitals NHS Trust")
    trust_b = TrustFactory(ods_code="ZB1", name="Beta Hospitals NHS Trust")
    f.assess(trust_a, period, 4)
    f.assess(trust_b, period, 4)
    editor_a = f.MembershipFactory(trust=trust_a, role=Role.EDITOR).user
    lead_a = f.MembershipFactory(trust=trust_a, role=Role.EXECUTIVE_LEAD).user
    lead_b = f.MembershipFactory(trust=trust_b, role=Role.EXECUTIVE_LEAD).user
    staff = UserFactory(is_staff=True, is_superuser=True)
    plan_a = f.PlanFactory(trust=trust_a, period=period, title="Alpha draft plan")
    action_a = f.ActionFactory(plan=plan_a)
    milestone_a = f.MilestoneFactory(action=action_a)
    plan_b = f.PlanFactory(trust=trust_b, period=period, title="Beta secret draft")
    action_b = f.ActionFactory(plan=plan_b, title="Beta secret action")
    milestone_b = f.MilestoneFactory(action=action_b, title="Beta secret milestone")
    note_a = f.NoteFactory(trust=trust_a, title="Alpha draft note")
    note_b = f.NoteFactory(trust=trust_b, title="Beta secret note")
    return World(
        period, trust_a, trust_b, editor_a, lead_a, lead_b, staff,
        plan_a, action_a, milestone_a, plan_b, action_b, milestone_b, note_a, note_b,
    )  # fmt: skip


def signed_in(user, **kwargs) -> Client:
    """force_login, never login: django-axes needs a request that `login` does not pass."""
    client = Client(**kwargs)
    client.force_login(user)
    return client
