"""A plan's change history from django-simple-history, as the public page shows it.

The public sees changes from the plan's first publication on: earlier drafts stay private,
and a change is compared with the version that was public before it. Names of people are
never shown, only whether the trust, NHS England or the service made the change.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils.formats import date_format

from improvement.models import Action, ImprovementPlan, Milestone, ProgressUpdate
from improvement.selectors.measures import slug_label
from league.models import Metric

HIDDEN_FIELDS = {
    "id",
    "plan",
    "created_at",
    "updated_at",
    "version",
    "review_comments",
    "reviewed_by",
    "reviewed_at",
    "submitted_at",
    "published_at",
    "closed_at",
    "author",
}
KINDS = {"+": "Added", "~": "Changed", "-": "Removed"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    when: datetime
    what: str
    kind: str
    by: str
    fields: list[FieldChange]


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "The service"
    return "NHS England" if user.is_staff else "The trust"


class _Formatter:
    def __init__(self, metric_ids: dict[int, str]):
        self.metric_ids = metric_ids

    def __call__(self, field: models.Field, value) -> str:
        if value is None or value in ("", [], {}):
            return "None"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.name == "metric":
            return self.metric_ids.get(value, str(value))
        if field.name == "trajectory":
            return "; ".join(f"{slug_label(k)}: {v:g}" for k, v in sorted(value.items()))
        if field.name == "further_metric_ids":
            return ", ".join(value)
        if isinstance(value, datetime | date):
            return date_format(value, "j F Y")
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)


def _records(plan: ImprovementPlan) -> dict[str, list]:
    action_ids = set(Action.history.filter(plan_id=plan.pk).values_list("id", flat=True))
    return {
        "plan": list(plan.history.select_related("history_user")),
        "action": list(Action.history.filter(plan_id=plan.pk).select_related("history_user")),
        "milestone": list(
            Milestone.history.filter(action_id__in=action_ids).select_related("history_user")
        ),
        "update": list(
            ProgressUpdate.history.filter(plan_id=plan.pk).select_related("history_user")
        ),
    }


def _what(kind: str, record, action_titles: dict[int, str]) -> str:
    if kind == "plan":
        return "Plan"
    if kind == "action":
        return f"Action “{record.title}”"
    if kind == "milestone":
        return f"Milestone “{record.title}” of action “{action_titles.get(record.action_id, '')}”"
    return f"Progress update of {date_format(record.date, 'j F Y')}"


def plan_history(plan: ImprovementPlan, public: bool = True) -> list[Change]:
    """Every recorded change, newest first; `public` keeps those since first publication."""
    since = plan.published_at if public else None
    if public and since is None:
        return []
    records = _records(plan)
    action_titles = {r.id: r.title for r in sorted(records["action"], key=lambda r: r.history_id)}
    metric_ids = set()
    for record in records["action"]:
        metric_ids.add(record.metric_id)
    formatter = _Formatter(
        dict(Metric.objects.filter(pk__in=metric_ids).values_list("pk", "metric_id"))
    )
    changes = []
    for kind, rows in records.items():
        by_object = defaultdict(list)
        for record in rows:
            by_object[record.id].append(record)
        for versions in by_object.values():
            versions.sort(key=lambda r: (r.history_date, r.history_id))
            previous = None
            for record in versions:
                if since is None or record.history_date >= since:
                    change = _change(kind, record, previous, action_titles, formatter)
                    if change is not None:
                        changes.append(change)
                previous = record
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes


def _change(kind, record, previous, action_titles, formatter) -> Change | None:
    fields = []
    if record.history_type == "~" and previous is not None:
        delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
        for item in delta.changes:
            field = record.instance_type._meta.get_field(item.field)
            label = str(field.verbose_name)
            fields.append(
                FieldChange(
                    label[:1].upper() + label[1:],
                    formatter(field, item.old),
                    formatter(field, item.new),
                )
            )
        if not fields:
            return None
    return Change(
        when=record.history_date,
        what=_what(kind, record, action_titles),
        kind=KINDS.get(record.history_type, "Changed"),
        by=_who(record),
        fields=fields,
    )
