"""Forms of a framework year in admin: its segment rule, and a catalogue file to import.

They check what was typed (numbers, choices, file size and encoding); the rules and the file
are judged as a whole by `league.services.frameworks`, which names the row and column.
"""

from django import forms

from league.models import LEAGUE_CHOICES, SegmentRule
from league.services.frameworks import FrameworkRules

MAX_CATALOGUE_BYTES = 1_000_000
CAP_CHOICES = [
    ("", "None: no financial adjustment"),
    *((str(n), f"Segment {n}") for n in (1, 2, 3, 4)),
]


ALL_OR_NONE = "Give all three thresholds, or none."


def rules_from(data: dict) -> FrameworkRules:
    """The segment rule in a form's cleaned data (thresholds None unless all three are given;
    `thresholds_incomplete` says when only some were)."""
    thresholds = tuple(data.get(f"threshold_{n}") for n in (1, 2, 3))
    return FrameworkRules(
        segment_rule=data.get("segment_rule", ""),
        thresholds=None if None in thresholds else thresholds,
        financial_cap=data.get("financial_cap"),
        segment_5=bool(data.get("segment_5")),
        leagues=tuple(data.get("leagues") or ()),
    )


def thresholds_incomplete(data: dict) -> bool:
    given = [data.get(f"threshold_{n}") is not None for n in (1, 2, 3)]
    return any(given) and not all(given)


class FrameworkRulesForm(forms.Form):
    """The year's segment rule; the service refuses a frozen year or an impossible rule."""

    segment_rule = forms.ChoiceField(choices=SegmentRule.choices)
    threshold_1 = forms.DecimalField(
        required=False,
        max_digits=4,
        decimal_places=2,
        help_text="The highest average in segment 1.",
    )
    threshold_2 = forms.DecimalField(
        required=False,
        max_digits=4,
        decimal_places=2,
        help_text="The highest average in segment 2.",
    )
    threshold_3 = forms.DecimalField(
        required=False,
        max_digits=4,
        decimal_places=2,
        help_text="The highest average in segment 3; above it, segment 4.",
    )
    financial_cap = forms.TypedChoiceField(
        choices=CAP_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
        label="Financial cap",
        help_text="The best segment a trust in financial deficit can be placed in.",
    )
    segment_5 = forms.BooleanField(
        required=False,
        label="Segment 5 used",
        help_text="Trusts in the Recovery Support Programme are shown in segment 5.",
    )
    leagues = forms.MultipleChoiceField(
        choices=LEAGUE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="The league tables this year publishes.",
    )

    def rules(self) -> FrameworkRules:
        if thresholds_incomplete(self.cleaned_data):
            self.add_error("threshold_1", ALL_OR_NONE)
        return rules_from(self.cleaned_data)

    @classmethod
    def initial_for(cls, rules: FrameworkRules) -> dict:
        thresholds = rules.thresholds or (None, None, None)
        return {
            "segment_rule": rules.segment_rule,
            "threshold_1": thresholds[0],
            "threshold_2": thresholds[1],
            "threshold_3": thresholds[2],
            "financial_cap": "" if rules.financial_cap is None else str(rules.financial_cap),
            "segment_5": rules.segment_5,
            "leagues": list(rules.leagues),
        }


class FrameworkImportForm(FrameworkRulesForm):
    """Step 1: the year, its rules and the catalogue file. Step 2 posts the checked text back
    (`catalogue_text`), and the service checks it all again before writing."""

    year = forms.CharField(max_length=7, help_text="The framework year, e.g. 2026/27.")
    name = forms.CharField(
        max_length=100, required=False, help_text="Default: NHS Oversight Framework YEAR."
    )
    catalogue = forms.FileField(
        required=False,
        label="Catalogue file",
        help_text="CSV, one row per metric, in the layout export writes (docs/framework-"
        "catalogue.md).",
        widget=forms.FileInput(attrs={"accept": ".csv"}),
    )
    catalogue_text = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["year", "name", "catalogue"]

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("catalogue")
        if upload is not None:
            if upload.size > MAX_CATALOGUE_BYTES:
                self.add_error("catalogue", "A catalogue file is at most 1 MB.")
                return cleaned
            try:
                cleaned["catalogue_text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("catalogue", "The file is not UTF-8 text: save it as CSV UTF-8.")
        elif not cleaned.get("catalogue_text"):
            self.add_error("catalogue", "Choose the catalogue file.")
        return cleaned
