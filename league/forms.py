"""Forms of the NOF import in admin: the upload (step 1) and the confirmation (step 2).

They check only what was typed or sent (how many files, how large, a well-formed quarter);
the files themselves are judged by `league.services.imports.nof_preview`.
"""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from league.models import Period
from league.services.catalogue import cut_points_problem

MAX_FILES = 10


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files and cleans to a list of them."""

    widget = MultipleFileInput

    def clean(self, data, initial=None) -> list:
        if isinstance(data, list | tuple):
            files = [file for file in data if file]
        else:
            files = [data] if data else []
        if not files:
            super().clean(None, initial)  # raises "required" when files are required
            return []
        single = super().clean
        return [single(file, initial) for file in files]


class NofUploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="NHS England's trust data or league-table files (CSV or XLSX) exactly as "
        f"published; up to {MAX_FILES} files at once.",
        widget=MultipleFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    period = forms.CharField(
        label="Quarter",
        required=False,
        max_length=12,
        help_text="Only for trust data files without a Quarter column, e.g. “Q1 2025/26”.",
        widget=forms.TextInput(attrs={"placeholder": "Q1 2025/26", "list": "nof-periods"}),
    )
    add_metrics = forms.BooleanField(
        label="Add unknown metrics to the catalogue",
        required=False,
        help_text="Metric IDs the catalogue lacks are added from the file's own descriptions, "
        "scored with NHS England's published score until a scoring rule is set. Unticked, "
        "an unknown metric ID is a problem and nothing is imported.",
    )

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                f"Choose at most {MAX_FILES} files at once; you chose {len(files)}."
            )
        limit = settings.NOF_IMPORT_MAX_BYTES
        too_big = [file for file in files if file.size > limit]
        if too_big:
            raise forms.ValidationError(
                [
                    f"“{file.name}” is {filesizeformat(file.size)}; the largest file accepted "
                    f"is {filesizeformat(limit)}."
                    for file in too_big
                ]
            )
        return files

    def clean_period(self) -> str | None:
        label = " ".join(self.cleaned_data["period"].split())
        if not label:
            return None
        if len(label) >= 2 and label[0] == "q":
            label = "Q" + label[1:]
        if Period.parse_label(label) is None:
            raise forms.ValidationError(
                "Write the quarter as NHS England does, e.g. “Q1 2025/26” (quarter, then the "
                "framework year)."
            )
        return label


class PeriodForm(forms.ModelForm):
    """The cut-points staff may set on a period: all three or none, in increasing order."""

    class Meta:
        model = Period
        fields = ("cut_point_1", "cut_point_2", "cut_point_3", "cut_points_note")
        widgets = {"cut_points_note": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict:
        cleaned = super().clean()
        problem = cut_points_problem([cleaned.get(f"cut_point_{n}") for n in (1, 2, 3)])
        if problem:
            raise forms.ValidationError(problem)
        return cleaned


class NofConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
