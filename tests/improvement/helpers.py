"""Form payloads and the list of every /manage/ endpoint, for the authorisation tests."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone


def date_parts(name: str, day: date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def future(days: int = 200) -> date:
    return timezone.localdate() + timedelta(days=days)


def plan_data(**extra) -> dict:
    return {
        "title": "A better plan",
        "summary": "What we will do.",
        "executive_lead_role": "Chief executive",
        "target_segment": "3",
        **date_parts("target_date", future()),
        **extra,
    }


def action_data(**extra) -> dict:
    return {
        "title": "Open a discharge lounge",
        "description": "",
        "owner_role": "Chief operating officer",
        "status": "in_progress",
        **date_parts("target_date", future()),
        **extra,
    }


def milestone_data(**extra) -> dict:
    return {"title": "Lounge staffed", **date_parts("due_date", future(30)), **extra}


def update_data(**extra) -> dict:
    return {
        "action": "",
        "rag": "green",
        "text": "On plan.",
        **date_parts("date", timezone.localdate()),
        **extra,
    }


@dataclass
class Endpoint:
    name: str
    url: str
    get: bool = True  # answers GET
    post: bool = True  # answers POST
    data: dict = field(default_factory=dict)  # POST payload


def note_data(**extra) -> dict:
    from tests.league.factories import seeded_metric

    return {
        "title": "Discharge before noon",
        "summary": "Board rounds at 8am and a discharge lounge.",
        "metrics": [seeded_metric("OF0003").pk],
        "contact_role": "Head of patient flow",
        **extra,
    }


def note_endpoints(note) -> list[Endpoint]:
    """Every /manage/notes/ URL for this note, in an order that walks its life."""
    n, code = note.pk, note.trust.ods_code
    return [
        Endpoint("note_create", f"/manage/trusts/{code}/notes/new/", data=note_data()),
        Endpoint("note", f"/manage/notes/{n}/", post=False),
        Endpoint("note_edit", f"/manage/notes/{n}/edit/", data=note_data(title="Changed")),
        Endpoint("note_submit", f"/manage/notes/{n}/submit/", get=False),
        Endpoint("note_withdraw", f"/manage/notes/{n}/withdraw/", get=False),
    ]


def endpoints(plan, action, milestone, note=None) -> list[Endpoint]:
    """Every /manage/ URL for these objects (login, logout and the user's own lists apart)."""
    p, a, m = plan.pk, action.pk, milestone.pk
    code = plan.trust.ods_code
    notes = note_endpoints(note) if note is not None else []
    return [
        Endpoint("plan_create", f"/manage/trusts/{code}/plans/new/", data=plan_data()),
        Endpoint("plan", f"/manage/plans/{p}/", post=False),
        Endpoint("plan_edit", f"/manage/plans/{p}/edit/", data=plan_data(version=plan.version)),
        Endpoint("plan_submit", f"/manage/plans/{p}/submit/", get=False),
        Endpoint("plan_publish", f"/manage/plans/{p}/publish/", get=False),
        Endpoint("plan_close", f"/manage/plans/{p}/close/", get=False),
        Endpoint("action_create", f"/manage/plans/{p}/actions/new/", data=action_data()),
        Endpoint("action_edit", f"/manage/plans/{p}/actions/{a}/edit/", data=action_data()),
        Endpoint(
            "action_move",
            f"/manage/plans/{p}/actions/{a}/move/",
            get=False,
            data={"direction": "up"},
        ),
        Endpoint(
            "milestone_create",
            f"/manage/plans/{p}/actions/{a}/milestones/new/",
            data=milestone_data(),
        ),
        Endpoint(
            "milestone_edit", f"/manage/plans/{p}/milestones/{m}/edit/", data=milestone_data()
        ),
        Endpoint(
            "milestone_move",
            f"/manage/plans/{p}/milestones/{m}/move/",
            get=False,
            data={"direction": "down"},
        ),
        Endpoint("update_create", f"/manage/plans/{p}/updates/new/", data=update_data()),
        *notes,
    ]
