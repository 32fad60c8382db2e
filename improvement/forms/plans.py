from django import forms

from improvement.forms.fields import (
    NHSRadios,
    NHSUKForm,
    a_date,
    long_text,
    no_contact_details,
    text,
)

TARGET_SEGMENTS = [(3, "Segment 3"), (2, "Segment 2"), (1, "Segment 1")]


class PlanForm(NHSUKForm):
    """What a trust leader may write about the plan itself; never its trust, status or review."""

    title = text(
        "Title",
        missing="Enter a title",
        help_text="For example, “Getting back to safe emergency care”",
    )
    summary = long_text(
        "Summary",
        missing="Enter a summary",
        help_text="What the trust will change and why, in plain English. This is published.",
    )
    executive_lead_role = text(
        "Accountable executive (role)",
        missing="Enter the accountable executive's role",
        max_length=150,
        validators=[no_contact_details],
        help_text="A role, such as “Chief executive”. Do not give a name, email or phone number.",
    )
    target_segment = forms.TypedChoiceField(
        label="Target segment",
        choices=TARGET_SEGMENTS,
        coerce=int,
        widget=NHSRadios,
        error_messages={"required": "Select the segment the plan aims to reach"},
    )
    target_date = a_date("Target date", help_text="For example, 31 3 2027")


class PlanEditForm(PlanForm):
    """Carries the version the leader started from, so a concurrent edit is not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput)
