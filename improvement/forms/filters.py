from django import forms

from improvement.models import PlanStatus
from trusts.models import TRUST_LEAGUES, Region


class PlanFilterForm(forms.Form):
    """The public list's filters (GET). Unknown values are ignored, never an error page."""

    league = forms.ChoiceField(label="League", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Published and closed"),
            (PlanStatus.PUBLISHED, "Published"),
            (PlanStatus.CLOSED, "Closed"),
        ],
    )
    overdue = forms.ChoiceField(
        label="Overdue",
        required=False,
        choices=[("", "All plans"), ("yes", "Only plans with overdue actions or milestones")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Plans are a trust's duty: the ICB table has none.
        leagues = [(league.value, league.label) for league in TRUST_LEAGUES]
        self.fields["league"].choices = [("", "All leagues"), *leagues]
        regions = Region.objects.filter(trusts__isnull=False).distinct().order_by("name")
        self.fields["region"].choices = [("", "All regions")] + [(r.code, r.name) for r in regions]

    def filters(self) -> dict[str, str]:
        """The valid filters chosen; an invalid one is dropped."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
