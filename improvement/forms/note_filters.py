from django import forms

from improvement.selectors.notes import note_filter_choices


class NoteFilterForm(forms.Form):
    """The good practice page's filters (GET), offering only values some approved note has.
    Unknown values are ignored, never an error page."""

    metric = forms.ChoiceField(label="Metric", required=False)
    league = forms.ChoiceField(label="League table", required=False)
    subtype = forms.ChoiceField(label="Trust subtype", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = note_filter_choices()
        metrics = [(code, f"{code} {text}") for code, text in choices["metric"]]
        self.fields["metric"].choices = [("", "All metrics"), *metrics]
        self.fields["league"].choices = [("", "All tables"), *choices["league"]]
        self.fields["subtype"].choices = [("", "All subtypes"), *choices["subtype"]]

    def filters(self) -> dict[str, str]:
        """The valid filters chosen; an invalid one is dropped."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
