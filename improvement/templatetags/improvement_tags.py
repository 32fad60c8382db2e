"""Template tags other apps use to show a trust's improvement plan without importing this app
(the trust profile: `{% load improvement_tags %}{% trust_improvement trust assessment %}`),
and the colours of this app's status tags."""

from django import template
from django.urls import reverse

from improvement.selectors.obligations import plan_obligation
from improvement.selectors.plans import public_plan_for_trust

register = template.Library()

PLAN_STATUS_COLOURS = {
    "draft": "grey",
    "submitted": "blue",
    "published": "green",
    "closed": "white",
}
ACTION_STATUS_COLOURS = {
    "not_started": "grey",
    "in_progress": "blue",
    "completed": "green",
    "delayed": "orange",
    "stopped": "white",
}
RAG_COLOURS = {"red": "red", "amber": "orange", "green": "green"}
MEASURE_COLOURS = {"on_track": "green", "behind": "red", "no_data": "grey"}
REVIEW_COLOURS = {"not_reviewed": "grey", "changes_requested": "orange", "accepted": "green"}
COLOURS = {
    "plan": PLAN_STATUS_COLOURS,
    "action": ACTION_STATUS_COLOURS,
    "rag": RAG_COLOURS,
    "measure": MEASURE_COLOURS,
    "review": REVIEW_COLOURS,
}


@register.inclusion_tag("improvement/tags/trust_improvement.html")
def trust_improvement(trust, assessment=None) -> dict:
    """The trust's published plan in brief with a link to it; or, when `assessment` puts the
    trust in segment 4 and no plan is published, a warning saying how long it has been."""
    plan = public_plan_for_trust(trust)
    return {
        "trust": trust,
        "plan": plan,
        "plan_url": reverse("improvement:trust_plan", args=[trust.ods_code]),
        "obligation": plan_obligation(trust, assessment),
    }


@register.filter
def tag_colour(value: str, kind: str) -> str:
    """`{{ plan.status|tag_colour:"plan" }}`: the NHS.UK tag colour for a status value."""
    return COLOURS.get(kind, {}).get(str(value), "grey")


@register.filter
def counted(number: int, noun: str) -> str:
    """`{{ 2|counted:"overdue milestone" }}` -> "2 overdue milestones"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
