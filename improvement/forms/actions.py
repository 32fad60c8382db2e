from django import forms
from django.utils import timezone

from improvement.forms.fields import (
    NHSCheckboxes,
    NHSRadios,
    NHSUKForm,
    a_date,
    long_text,
    no_contact_details,
    number,
    text,
)
from improvement.models import ActionStatus, ImprovementPlan, Rag
from improvement.selectors.measures import slug_label
from improvement.selectors.plans import (
    learning_note_choices,
    learning_trust_choices,
    metric_choices,
)
from league.models import Period

TRAJECTORY_QUARTERS = 8
TRAJECTORY_PREFIX = "trajectory_"


def trajectory_slugs(plan: ImprovementPlan, existing: dict) -> list[str]:
    """The quarters after the plan's period that a trajectory may cover, plus any it has."""
    year, quarter = plan.period.year, plan.period.quarter
    slugs = []
    for _ in range(TRAJECTORY_QUARTERS):
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        slugs.append(Period.slug_for(year, quarter))
    return sorted(set(slugs) | set(existing))


class ActionForm(NHSUKForm):
    title = text("Action")
    description = long_text("What will be done", required=False)
    owner_role = text(
        "Owner (role)",
        missing="Enter the owner's role",
        max_length=150,
        validators=[no_contact_details],
        help_text="A role, such as “Chief nurse”. Do not give a name, email or phone number.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=NHSRadios,
        error_messages={"required": "Select the action's status"},
    )
    target_date = a_date("Target date", help_text="When the action should be complete")
    metric = forms.ModelChoiceField(
        label="Measured by (NOF metric)",
        queryset=None,
        required=False,
        empty_label="Not measured by a NOF metric",
        help_text="The published values of this metric are shown against your trajectory.",
    )
    baseline = number("Baseline value")
    target_value = number("Target value")
    further_metric_ids = forms.MultipleChoiceField(
        label="Other NOF metrics this action should improve",
        required=False,
        widget=NHSCheckboxes,
    )
    learning_from_trust = forms.ModelChoiceField(
        label="Learning from a trust (optional)",
        queryset=None,
        required=False,
        empty_label="Not learning from a particular trust",
        help_text="A trust that does well on the measuring metric, whose way of working this "
        "action adapts. The public plan shows it.",
    )
    learning_from_note = forms.ModelChoiceField(
        label="Learning from a good-practice note (optional)",
        queryset=None,
        required=False,
        empty_label="Not building on a note",
        help_text="A note another trust has published about what it changed.",
    )

    def __init__(self, *args, plan: ImprovementPlan, **kwargs):
        super().__init__(*args, **kwargs)
        metrics = metric_choices(plan)
        self.fields["metric"].queryset = metrics
        self.fields["learning_from_trust"].queryset = learning_trust_choices(plan)
        self.fields["learning_from_note"].queryset = learning_note_choices(plan)
        self.fields["learning_from_note"].label_from_instance = lambda note: (
            f"{note.title} ({note.trust.name})"
        )
        self.fields["further_metric_ids"].choices = [
            (m.metric_id, f"{m.metric_id} {m.description}") for m in metrics
        ]
        existing = self.initial.get("trajectory") or {}
        for slug in trajectory_slugs(plan, existing):
            name = TRAJECTORY_PREFIX + slug.replace("-", "_")
            self.fields[name] = number(slug_label(slug))
            self.fields[name].slug = slug
            if slug in existing:
                self.initial[name] = existing[slug]

    def main_fields(self) -> list:
        return [f for f in self.visible_fields() if not f.name.startswith(TRAJECTORY_PREFIX)]

    def trajectory_fields(self) -> list:
        return [f for f in self.visible_fields() if f.name.startswith(TRAJECTORY_PREFIX)]

    def clean(self) -> dict:
        data = super().clean()
        trajectory = {
            self.fields[name].slug: value
            for name, value in data.items()
            if name.startswith(TRAJECTORY_PREFIX) and value is not None
        }
        data["trajectory"] = trajectory
        values = [data.get("baseline"), data.get("target_value"), *trajectory.values()]
        if (
            any(v is not None for v in values)
            and not data.get("metric")
            and "metric" not in self.errors
        ):
            self.add_error("metric", "Select the NOF metric these values are measured in")
        return data

    def action_fields(self) -> dict:
        """The cleaned values the action services accept."""
        names = (
            "title",
            "description",
            "owner_role",
            "status",
            "target_date",
            "metric",
            "learning_from_trust",
            "learning_from_note",
        )
        values = {name: self.cleaned_data[name] for name in names}
        values.update(
            baseline=self.cleaned_data["baseline"],
            target_value=self.cleaned_data["target_value"],
            further_metric_ids=self.cleaned_data["further_metric_ids"],
            trajectory=self.cleaned_data["trajectory"],
        )
        return values


class MilestoneForm(NHSUKForm):
    title = text("Milestone")
    due_date = a_date("Due date")
    done_date = a_date(
        "Date done", required=False, past_only=True, help_text="Leave empty until it is done"
    )


class ProgressUpdateForm(NHSUKForm):
    action = forms.ModelChoiceField(
        label="What is this update about?",
        queryset=None,
        required=False,
        empty_label="The whole plan",
    )
    date = a_date("Date of the update", past_only=True)
    rag = forms.ChoiceField(
        label="RAG status",
        choices=Rag.choices,
        widget=NHSRadios,
        error_messages={"required": "Select a RAG status"},
    )
    text = long_text("Update", help_text="What has happened since the last update. Published.")

    def __init__(self, *args, plan: ImprovementPlan, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        # Only this plan's actions: an action ID of another plan is "not one of the choices".
        self.fields["action"].queryset = plan.actions.all()


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
