"""NHS.UK-shaped form pieces: a three-part date input, and radios and checkboxes whose first
option is the target of the error summary's link."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

CONTACT_DETAILS = re.compile(r"@|https?://|www\.|\d[\d ()-]{6,}\d", re.IGNORECASE)


def no_contact_details(value: str) -> None:
    """Owners are roles: refuse anything that looks like an email, web address or phone number."""
    if CONTACT_DETAILS.search(value or ""):
        raise ValidationError(
            "Enter a role, such as “Chief operating officer”, not a person's contact details"
        )


class NHSUKForm(forms.Form):
    """A form whose page renders it with `{% include "components/form_fields.html" %}`: each
    field as its NHS.UK component, chosen by widget (templates/components/form_field.html)."""


class NHSDateWidget(forms.Widget):
    """Day, month and year inputs (the NHS.UK date input), posted as <name>_day and so on."""

    parts = ("day", "month", "year")

    def value_from_datadict(self, data, files, name) -> list[str]:
        return [str(data.get(f"{name}_{part}", "")).strip() for part in self.parts]

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(f"{name}_{part}" in data for part in self.parts)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else id_


class NHSDateField(forms.Field):
    widget = NHSDateWidget

    def __init__(self, *, past_only: bool = False, **kwargs):
        self.past_only = past_only
        super().__init__(**kwargs)

    def prepare_value(self, value) -> list[str]:
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return value if isinstance(value, list | tuple) else ["", "", ""]

    def to_python(self, value) -> date | None:
        if isinstance(value, date) or value is None:
            return value
        parts = [str(part).strip() for part in value]
        if not any(parts):
            return None
        name = str(self.label or "Date")
        if not all(parts):
            raise ValidationError(f"{name} must include a day, month and year")
        if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
            raise ValidationError(f"{name} must be a real date")
        try:
            day = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise ValidationError(f"{name} must be a real date") from None
        if self.past_only and day > timezone.localdate():
            raise ValidationError(f"{name} must be today or in the past")
        return day


class NHSRadios(forms.RadioSelect):
    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, index or "0")


class NHSCheckboxes(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, index or "0")


def _missing(label: str, missing: str | None) -> str:
    return missing or f"Enter the {label[:1].lower() + label[1:]}"


def text(
    label: str,
    *,
    max_length: int = 200,
    required: bool = True,
    missing: str | None = None,
    **kwargs,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": _missing(label, missing),
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
        **kwargs,
    )


def long_text(label: str, **kwargs) -> forms.CharField:
    return text(label, max_length=10_000, widget=forms.Textarea, **kwargs)


def number(label: str, **kwargs) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "width": 5}),
        error_messages={"invalid": f"{label} must be a number"},
        **kwargs,
    )


def a_date(label: str, *, required: bool = True, **kwargs) -> NHSDateField:
    return NHSDateField(
        label=label, required=required, error_messages={"required": _missing(label, None)}, **kwargs
    )
