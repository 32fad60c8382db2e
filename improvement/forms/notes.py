from django import forms
from django.core.exceptions import ValidationError

from improvement.forms.fields import NHSCheckboxes, NHSUKForm, long_text, no_contact_details, text
from improvement.selectors.notes import note_metric_choices, note_quarter_choices
from trusts.models import Trust


def no_email_address(value: str) -> None:
    if "@" in (value or ""):
        raise ValidationError(
            "Remove the email address: the note is public. Give a role to contact instead"
        )


class NoteForm(NHSUKForm):
    """What a trust leader writes in a note; never its trust or whether it is approved."""

    title = text(
        "Title",
        missing="Enter a title",
        max_length=150,
        help_text="For example, “Same-day emergency care for frail patients”",
    )
    summary = long_text(
        "What you changed",
        missing="Say what you changed",
        validators=[no_email_address],
        help_text="What you changed, how, what it took and what the data showed. This is "
        "published once NHS England approves it.",
    )
    metrics = forms.ModelMultipleChoiceField(
        label="NOF metrics the change improved",
        queryset=None,
        widget=NHSCheckboxes,
        error_messages={"required": "Select at least one metric the change improved"},
    )
    quarters = forms.ModelMultipleChoiceField(
        label="Quarters whose data shows the effect",
        queryset=None,
        required=False,
        widget=NHSCheckboxes,
    )
    contact_role = text(
        "Who to ask (role)",
        missing="Enter a role other trusts can ask for",
        max_length=150,
        validators=[no_contact_details],
        help_text="A role, such as “Head of patient flow”. Do not give a name, email or phone "
        "number.",
    )

    def __init__(self, *args, trust: Trust, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metrics"].queryset = note_metric_choices(trust)
        self.fields["metrics"].label_from_instance = lambda m: f"{m.metric_id} {m.description}"
        self.fields["quarters"].queryset = note_quarter_choices()
        self.fields["quarters"].label_from_instance = lambda p: p.label
