"""Forms of the public pages: all GET, so nothing needs a session or a CSRF token."""

import re

from django import forms

from trusts.models import Trust

ODS_CODE = re.compile(r"^[A-Z0-9]{3,5}$")
MIN_COMPARED, MAX_COMPARED = 2, 4


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search by trust name or ODS code", max_length=100, required=False, strip=True
    )


class CompareForm(forms.Form):
    trusts = forms.CharField(
        label="ODS codes of the trusts to compare",
        help_text="Enter 2 to 4 codes separated by commas",
        max_length=2000,  # every trust of a table ticked: refused below as more than 4
    )

    def __init__(self, *args, example: str = "", **kwargs) -> None:
        """`example`: codes of trusts the site holds, for the hint."""
        super().__init__(*args, **kwargs)
        if example:
            self.fields["trusts"].help_text += f", for example {example}"

    def clean_trusts(self) -> list[Trust]:
        codes = list(dict.fromkeys(re.split(r"[\s,]+", self.cleaned_data["trusts"].upper())))
        codes = [code for code in codes if code]
        malformed = [code for code in codes if not ODS_CODE.match(code)]
        if malformed:
            raise forms.ValidationError(
                f"“{malformed[0]}” is not an ODS code: codes have 3 to 5 letters and numbers"
            )
        if len(codes) < MIN_COMPARED:
            raise forms.ValidationError("Enter at least 2 trusts to compare")
        if len(codes) > MAX_COMPARED:
            raise forms.ValidationError(f"Compare up to 4 trusts at a time: you chose {len(codes)}")
        found = {
            trust.ods_code: trust
            for trust in Trust.objects.filter(ods_code__in=codes).select_related("region")
        }
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(f"There is no trust with the ODS code {', '.join(unknown)}")
        return [found[code] for code in codes]
