"""Template tags other apps use to show a trust's improvement plan without importing this app
(the trust profile: `{% load improvement_tags %}{% trust_improvement trust assessment %}`) and
whom it can learn from (`{% learn_from trust release %}`), and the colours of this app's status
tags."""

from django import template
from django.urls import reverse

from improvement.selectors.learning import learning
from improvement.selectors.notes import public_notes
from improvement.selectors.obligations import plan_obligation
from improvement.selectors.plans import public_plan_for_trust
from league.selectors.learning import Lesson
from league.templatetags.league_tags import with_unit

register = template.Library()
METRIC_NOTES = 5

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
NOTE_COLOURS = {"draft": "grey", "awaiting": "blue", "approved": "green", "refused": "red"}
COLOURS = {
    "plan": PLAN_STATUS_COLOURS,
    "note": NOTE_COLOURS,
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


@register.inclusion_tag("improvement/tags/learn_from.html")
def learn_from(trust, release, *, collapsed: bool = False, heading_level: int = 3) -> dict:
    """Who the trust can learn from on each metric it scores 3.00 or worse on in the release:
    best of its subtype, most improved, and approved notes. `collapsed` folds each metric into
    an NHS.UK details component (the profile); the /learn/ page shows them open."""
    found = learning(trust, release) if release is not None else []
    return {
        "trust": trust,
        "lessons": [(item, lesson_table(trust, item.lesson)) for item in found],
        "collapsed": collapsed,
        "heading_level": heading_level,
        "learn_url": reverse("improvement:learn", args=[trust.ods_code]),
    }


def lesson_table(trust, lesson: Lesson) -> dict:
    """The trust and those to learn from, each with its score now and value each quarter."""
    unit = lesson.metric.unit
    latest = lesson.periods[-1].label
    head = ["Trust", "Why", f"Score in {latest}"] + [
        {"text": f"Value in {p.label}", "numeric": True} for p in lesson.periods
    ]

    def values(history) -> list[dict]:
        return [{"text": with_unit(value, unit), "numeric": True} for _, value in history]

    rows = [[trust.name, "This trust", lesson.score_text, *values(lesson.history)]]
    first = lesson.periods[0].label
    for example in lesson.best:
        why = (
            f"Among the best of {example.trust.subtype} trusts"
            if example.same_subtype
            else "Among the best in the table"
        )
        rows.append(_example_row(example, why, values))
    for example in lesson.most_improved:
        why = f"Score improved by {example.improvement:.2f} since {first}"
        rows.append(_example_row(example, why, values))
    caption = f"Who to learn from on {lesson.metric.metric_id}"
    return {"caption": caption, "head": head, "rows": rows}


def _example_row(example, why: str, values) -> list:
    trust = {"text": example.trust.name, "href": example.trust.profile_path}
    return [trust, why, f"{example.score:.2f}", *values(example.history)]


@register.inclusion_tag("improvement/tags/metric_notes.html")
def metric_notes(metric_id: str, heading_level: int = 2) -> dict:
    """Approved good-practice notes on a metric (the metric page)."""
    notes = list(public_notes(metric=metric_id)[: METRIC_NOTES + 1])
    return {
        "notes": notes[:METRIC_NOTES],
        "more": len(notes) > METRIC_NOTES,
        "metric_id": metric_id,
        "heading_level": heading_level,
    }
