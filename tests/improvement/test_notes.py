"""Good-practice notes: written at /manage/notes/ by a leader of trust A, public only once NHS
England approves them in admin, then on /good-practice/, the metric page, the Atom feed, the API
and the "who to learn from" page of a trust that scores badly on the metric."""

import html

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from improvement.models import Action, GoodPracticeNote, NoteStatus, Role
from improvement.services.notes import note_withdraw
from improvement.services.plans import plan_publish
from tests.improvement import factories as f
from tests.improvement.conftest import signed_in
from tests.improvement.helpers import action_data, note_data
from tests.league.factories import (
    ComputedScoreFactory,
    TrustFactory,
    UserFactory,
    seeded_metric,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def poor_trust(world):
    """Trust C scores 4.00 on OF0003 in the published quarter; trust A scores 1.00."""
    trust_c = TrustFactory(ods_code="ZC1", name="Gamma Hospitals NHS Trust")
    f.assess(trust_c, world.period, 4)
    release = world.period.releases.get(number=1)
    ComputedScoreFactory(release=release, trust=trust_c, score=4.0, score_2dp="4.00")
    ComputedScoreFactory(release=release, trust=world.trust_a, score=1.0, score_2dp="1.00")
    return trust_c


@pytest.fixture
def moderator():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_goodpracticenote", "moderate_goodpracticenote"]
        )
    )
    return user


PUBLIC_PAGES = ("/good-practice/", "/metrics/OF0003/", "/trusts/ZC1/learn/", "/api/good-practice/")


def _public() -> dict[str, str]:
    """Each public page, fresh (a signed-in visitor sees only what the public sees)."""
    cache.clear()
    client = signed_in(UserFactory())
    pages = {}
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def _shown_on(title: str) -> set[str]:
    return {url for url, page in _public().items() if title in page}


def _admin_decide(client, note, **data):
    url = f"/admin/improvement/goodpracticenote/{note.pk}/change/"
    return client.post(url, {"refusal_reason": "", "decision": "", **data})


def test_a_note_is_public_only_after_approval(world, poor_trust, moderator):
    leader = signed_in(world.editor_a)
    response = leader.post(
        "/manage/trusts/ZA1/notes/new/", note_data(title="Discharge lounge by noon")
    )
    assert response.status_code == 302
    note = GoodPracticeNote.objects.get(title="Discharge lounge by noon")
    assert note.status == NoteStatus.DRAFT
    assert _shown_on("Discharge lounge by noon") == set()

    assert leader.post(f"/manage/notes/{note.pk}/submit/").status_code == 302
    note.refresh_from_db()
    assert note.status == NoteStatus.AWAITING
    assert _shown_on("Discharge lounge by noon") == set()

    staff = signed_in(moderator)
    queue = staff.get("/admin/improvement/goodpracticenote/").content.decode()
    assert "Discharge lounge by noon" in queue  # awaiting notes are the default view
    refused = _admin_decide(staff, note, decision="refuse")
    assert refused.status_code == 200
    assert "Say why the note is not approved" in refused.content.decode()
    assert _admin_decide(staff, note, decision="refuse", refusal_reason="Name a role, please")
    note.refresh_from_db()
    assert (note.status, note.reviewed_by) == (NoteStatus.REFUSED, moderator)
    assert _shown_on("Discharge lounge by noon") == set()
    assert "Name a role, please" in leader.get(f"/manage/notes/{note.pk}/").content.decode()

    assert leader.post(f"/manage/notes/{note.pk}/submit/").status_code == 302
    assert _admin_decide(staff, note, decision="approve").status_code == 302
    note.refresh_from_db()
    assert note.status == NoteStatus.APPROVED
    assert _shown_on("Discharge lounge by noon") == set(PUBLIC_PAGES)
    feed = signed_in(UserFactory()).get("/good-practice/feed/").content.decode()
    assert "Discharge lounge by noon" in feed

    # Every change is audited with who made it.
    history = list(note.history.order_by("history_date").values_list("status", "history_user"))
    assert history[0] == (NoteStatus.DRAFT, world.editor_a.pk)
    assert (NoteStatus.REFUSED, moderator.pk) in history
    assert history[-1] == (NoteStatus.APPROVED, moderator.pk)


def test_each_public_page_shows_an_approved_note(world, poor_trust):
    f.NoteFactory(trust=world.trust_a, title="Frailty unit", status=NoteStatus.APPROVED)
    assert _shown_on("Frailty unit") == set(PUBLIC_PAGES)
    learn = _public()["/trusts/ZC1/learn/"]
    assert 'href="/trusts/ZA1/"' in learn  # trust A scores best on OF0003


def test_changing_an_approved_note_takes_it_off_the_public_pages(world, poor_trust):
    note = f.NoteFactory(trust=world.trust_a, title="Frailty unit", status=NoteStatus.APPROVED)
    assert _shown_on("Frailty unit") == set(PUBLIC_PAGES)
    response = signed_in(world.lead_a).post(
        f"/manage/notes/{note.pk}/edit/", note_data(title="Frailty unit, revised")
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.status == NoteStatus.AWAITING
    assert _shown_on("Frailty unit") == set()


def test_a_note_awaiting_approval_cannot_be_changed_until_withdrawn(world):
    note = f.NoteFactory(trust=world.trust_a, status=NoteStatus.AWAITING)
    leader = signed_in(world.lead_a)
    response = leader.post(f"/manage/notes/{note.pk}/edit/", note_data(title="Sneaky"))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.title != "Sneaky"
    assert leader.post(f"/manage/notes/{note.pk}/withdraw/").status_code == 302
    assert leader.post(f"/manage/notes/{note.pk}/edit/", note_data(title="Fixed")).status_code
    note.refresh_from_db()
    assert (note.title, note.status) == ("Fixed", NoteStatus.DRAFT)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_role", "Jane Smith, jane@nhs.net", "not a person's contact details"),
        ("contact_role", "Call 0161 555 0123", "not a person's contact details"),
        ("summary", "Email flow@trust.nhs.uk for the toolkit", "Remove the email address"),
        ("metrics", None, "Select at least one metric the change improved"),
    ],
)
def test_bad_notes_are_refused_with_a_message_and_nothing_saved(world, field, value, message):
    before = GoodPracticeNote.objects.count()
    data = {name: v for name, v in note_data(**{field: value}).items() if v is not None}
    response = signed_in(world.editor_a).post("/manage/trusts/ZA1/notes/new/", data)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert GoodPracticeNote.objects.count() == before


def test_staff_without_the_moderation_permission_cannot_decide(world):
    note = f.NoteFactory(trust=world.trust_a, status=NoteStatus.AWAITING)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_goodpracticenote"))
    response = _admin_decide(signed_in(viewer), note, decision="approve")
    assert response.status_code == 403
    note.refresh_from_db()
    assert note.status == NoteStatus.AWAITING


def test_the_good_practice_page_filters_by_metric_table_and_subtype(world):
    trust_m = TrustFactory(ods_code="ZM1", name="Mental Health NHS Trust", league="non-acute")
    trust_m.subtype = "Mental health"
    trust_m.save()
    f.NoteFactory(trust=world.trust_a, title="Acute note", status=NoteStatus.APPROVED)
    f.NoteFactory(
        trust=trust_m, title="Community note", status=NoteStatus.APPROVED, metric_ids=["OF0084"]
    )
    f.NoteFactory(trust=world.trust_a, title="Draft note", status=NoteStatus.DRAFT)
    client = signed_in(UserFactory())

    def titles(query: str) -> set[str]:
        cache.clear()
        page = client.get(f"/good-practice/{query}").content.decode()
        return {t for t in ("Acute note", "Community note", "Draft note") if t in page}

    assert titles("") == {"Acute note", "Community note"}
    assert titles("?metric=OF0084") == {"Community note"}
    assert titles("?league=acute") == {"Acute note"}
    assert titles("?subtype=Mental+health") == {"Community note"}
    assert titles("?league=nonsense") == {"Acute note", "Community note"}  # ignored, no error


def test_an_action_learns_from_a_trust_and_a_note_and_the_public_plan_says_so(world, poor_trust):
    """Trust C (4.00 on OF0003) has a plan; its action on OF0003 is shown trust A, which scores
    best, and A's approved note, and records learning from both."""
    note = f.NoteFactory(trust=world.trust_a, title="Frailty unit", status=NoteStatus.APPROVED)
    draft = f.NoteFactory(trust=world.trust_a, title="Unapproved idea")
    lead_c = f.MembershipFactory(trust=poor_trust, role=Role.EXECUTIVE_LEAD).user
    plan = f.PlanFactory(trust=poor_trust, period=world.period)
    action = f.ActionFactory(plan=plan, metric=seeded_metric("OF0003"))
    f.MilestoneFactory(action=action)
    leader = signed_in(lead_c)
    url = f"/manage/plans/{plan.pk}/actions/{action.pk}/edit/"
    editor = leader.get(url).content.decode()
    shown = editor.split("Who to learn from on OF0003", 1)[1].split("</div>", 1)[0]
    assert 'href="/trusts/ZA1/"' in shown and "Frailty unit" in shown
    assert "Unapproved idea" not in editor  # neither shown nor offered

    data = action_data(metric=action.metric_id, learning_from_trust=world.trust_a.pk)
    refused = leader.post(url, {**data, "learning_from_note": draft.pk})
    assert "Select a valid choice" in refused.content.decode()
    assert leader.post(url, {**data, "learning_from_note": note.pk}).status_code == 302
    action = Action.objects.get(pk=action.pk)
    assert (action.learning_from_trust, action.learning_from_note) == (world.trust_a, note)

    plan_publish(plan=plan, user=lead_c)
    public = _public_plan(poor_trust)
    assert "Learning from" in public and "Frailty unit" in public
    # Once the note is withdrawn the public plan no longer names it.
    note_withdraw(note=note, user=world.lead_a)
    assert "Frailty unit" not in _public_plan(poor_trust)


def _public_plan(trust) -> str:
    cache.clear()
    return signed_in(UserFactory()).get(f"/trusts/{trust.ods_code}/improvement/").content.decode()
