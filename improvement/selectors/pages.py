"""Everything a plan page shows, assembled once for the public page and for /manage/."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from improvement.models import Action, ImprovementPlan, Milestone, ProgressUpdate
from improvement.selectors.history import Change, plan_history
from improvement.selectors.learning import LessonWithNotes, learning_on
from improvement.selectors.measures import Measure, action_measure
from improvement.selectors.plans import plan_contents
from improvement.timeline import Timeline, TimelineAction, build_timeline


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    state: str  # "done", "overdue" or "due"

    @property
    def state_label(self) -> str:
        return {"done": "Done", "overdue": "Overdue", "due": "Not yet due"}[self.state]


@dataclass(frozen=True)
class ActionRow:
    action: Action
    milestones: list[MilestoneRow]
    measure: Measure | None
    overdue: bool
    learn: LessonWithNotes | None = None
    """Who does best on the action's metric, and other trusts' notes on it."""

    @property
    def overdue_milestones(self) -> int:
        return sum(1 for row in self.milestones if row.state == "overdue")


@dataclass(frozen=True)
class PlanPage:
    plan: ImprovementPlan
    actions: list[ActionRow]
    updates: list[ProgressUpdate]
    timeline: Timeline | None
    history: list[Change]
    today: date

    @property
    def overdue_milestones(self) -> int:
        return sum(row.overdue_milestones for row in self.actions)

    @property
    def overdue_actions(self) -> int:
        return sum(1 for row in self.actions if row.overdue)

    @property
    def timeline_items(self) -> list["TimelineItem"]:
        """Every milestone and action target date in date order: the timeline as a list."""
        items = []
        for row in self.actions:
            for m in row.milestones:
                items.append(
                    TimelineItem(
                        m.milestone.due_date,
                        m.milestone.title,
                        row.action.title,
                        m.state,
                        m.state_label,
                        m.milestone.done_date,
                    )
                )
            state = "done" if row.action.is_finished else ("overdue" if row.overdue else "due")
            label = (
                row.action.get_status_display()
                if row.action.is_finished
                else ("Overdue" if row.overdue else "Not yet due")
            )
            items.append(
                TimelineItem(
                    row.action.target_date,
                    "Target date of the action",
                    row.action.title,
                    state,
                    label,
                    None,
                )
            )
        return sorted(items, key=lambda item: item.when)


@dataclass(frozen=True)
class TimelineItem:
    when: date
    title: str
    action_title: str
    state: str
    state_label: str
    done_on: date | None


def _state(milestone: Milestone, today: date) -> str:
    if milestone.done_date is not None:
        return "done"
    return "overdue" if milestone.due_date < today else "due"


def plan_page(plan: ImprovementPlan, *, public: bool, today: date | None = None) -> PlanPage:
    today = today or timezone.localdate()
    plan = plan_contents(plan)
    metrics = {a.metric.metric_id: a.metric for a in plan.actions.all() if a.metric_id}
    learn = learning_on(plan.trust, list(metrics.values()))
    rows = []
    for action in plan.actions.all():
        milestones = [MilestoneRow(m, _state(m, today)) for m in action.milestones.all()]
        rows.append(
            ActionRow(
                action=action,
                milestones=milestones,
                measure=action_measure(action, plan.trust, plan.period),
                overdue=not action.is_finished and action.target_date < today,
                learn=learn.get(action.metric.metric_id) if action.metric_id else None,
            )
        )
    begins = timezone.localdate(plan.published_at or plan.created_at)
    timeline = build_timeline(
        begins,
        [
            TimelineAction(
                row.action.title,
                row.action.target_date,
                row.action.is_finished,
                [
                    (m.milestone.title, m.milestone.due_date, m.milestone.done_date)
                    for m in row.milestones
                ],
            )
            for row in rows
        ],
        today,
    )
    return PlanPage(
        plan=plan,
        actions=rows,
        updates=list(plan.updates.all()),
        timeline=timeline,
        history=plan_history(plan, public=public),
        today=today,
    )
