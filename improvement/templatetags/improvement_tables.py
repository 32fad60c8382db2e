"""The improvement pages' tables, as rows for the one NHS.UK table template
(components/table.html). Cells that hold more than text render from their own partials."""

from django import template
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from improvement.templatetags.improvement_tags import tag_colour
from league.presenters.components import tag

register = template.Library()
TABLE = "components/table.html"
COMPACT = "nhsuk-table--compact"
SECONDARY = "nhsuk-u-secondary-text-colour"


def _nowrap(text: str) -> dict:
    return {"text": text, "classes": "app-nowrap"}


@register.inclusion_tag(TABLE)
def history_table(changes, shown: int = 200) -> dict:
    """A plan's changes, newest first (the latest `shown`)."""
    rows = [
        [
            _nowrap(date_format(localtime(change.when), "j M Y, H:i")),
            render_to_string("improvement/_change.html", {"change": change}),
            change.by,
        ]
        for change in changes[:shown]
    ]
    return {
        "caption": "Changes to this plan, newest first",
        "caption_size": "s",
        "head": ["When", "What changed", "By"],
        "rows": rows,
        "classes": COMPACT,
    }


@register.inclusion_tag(TABLE, takes_context=True)
def milestones_table(context, row, plan=None, editable: bool = False) -> dict:
    """An action's milestones; with `editable` (on /manage/), change and reorder controls."""
    head = ["Milestone", "Due", "Status"]
    if editable:
        head.append({"text": "Actions", "visually_hidden": True})
    rows = []
    for m in row.milestones:
        cells = [
            m.milestone.title,
            _nowrap(date_format(m.milestone.due_date, "j M Y")),
            render_to_string("improvement/_milestone_status.html", {"m": m}),
        ]
        if editable:
            controls = {"m": m, "plan": plan, "csrf_token": context.get("csrf_token")}
            cells.append(render_to_string("manage/_milestone_controls.html", controls))
        rows.append(cells)
    return {
        "caption": "Milestones",
        "caption_size": "s",
        "caption_hidden_text": f"of {row.action.title}",
        "head": head,
        "rows": rows,
        "classes": COMPACT,
    }


@register.inclusion_tag(TABLE)
def trajectory_table(action, measure) -> dict:
    """The values an action expects its metric to reach, against NHS England's published ones."""

    def value(number, missing: str) -> dict:
        if number is None:
            return {"text": missing, "numeric": True, "classes": SECONDARY}
        return {"text": floatformat(number, "-2"), "numeric": True}

    compared = {"on_track": "On track", "behind": "Behind"}
    rows = [
        [
            point.label,
            value(point.expected, "Not set"),
            value(point.actual, "No data"),
            {"text": compared[point.status]}
            if point.status in compared
            else {"text": "Not compared", "classes": SECONDARY},
        ]
        for point in measure.points
    ]
    head = [
        "Quarter",
        {"text": "Expected", "numeric": True},
        {"text": "Published", "numeric": True},
        "Compared",
    ]
    return {
        "caption": f"Trajectory of {action.metric.metric_id} against the published values",
        "caption_size": "s",
        "head": head,
        "rows": rows,
        "first_cell_is_header": True,
        "classes": COMPACT,
    }


@register.inclusion_tag(TABLE)
def missing_plans_table(missing) -> dict:
    """Segment-4 trusts without a published plan, with the deadline of each."""
    rows = [
        [
            {
                "text": due.trust.name,
                "href": reverse("improvement:trust_plan", args=[due.trust.ods_code]),
            },
            due.trust.region.name,
            _nowrap(due.period.label),
            {"text": due.days_since, "numeric": True},
            _nowrap(date_format(due.deadline, "j M Y")),
            render_to_string("improvement/_due_status.html", {"due": due}),
        ]
        for due in missing
    ]
    head = [
        "Trust",
        "Region",
        "Quarter",
        {"text": "Days since the quarter was published", "numeric": True},
        "Deadline",
        "Status",
    ]
    return {
        "caption": "Trusts in segment 4 without a published plan",
        "caption_size": "s",
        "caption_hidden": True,
        "head": head,
        "rows": rows,
        "responsive": True,
    }


@register.inclusion_tag(TABLE)
def published_plans_table(plans, filters=None) -> dict:
    """Published plans, each with its trust, status, aim, last update and flags."""
    rows = [
        [
            render_to_string("improvement/_plan_trust.html", {"plan": plan}),
            {
                "text": plan.title,
                "href": reverse("improvement:trust_plan", args=[plan.trust.ods_code]),
            },
            tag(plan.get_status_display(), tag_colour(plan.status, "plan")),
            f"Segment {plan.target_segment} by {date_format(plan.target_date, 'M Y')}",
            {"text": date_format(plan.last_update, "j M Y")}
            if plan.last_update
            else {"text": "None yet", "classes": SECONDARY},
            render_to_string("improvement/_plan_flags.html", {"plan": plan}),
        ]
        for plan in plans
    ]
    return {
        "caption": "Published plans",
        "caption_hidden_text": "filtered" if filters else "",
        "head": ["Trust", "Plan", "Status", "Aim", "Last update", "Flags"],
        "rows": rows,
        "responsive": True,
        "empty": "No published plan matches these filters.",
    }
