"""Filters of the public league table (django-filter).

The region, ICB and subtype choices are the ones present in the table being shown, read in one
query by the view and passed in, so the filter form costs no query of its own. A value that is
not a choice makes the form invalid, and the page answers 400.
"""

import django_filters
from django.db.models import Q, QuerySet

SEGMENT_CHOICES = [(str(n), f"Segment {n}") for n in range(1, 5)] + [
    ("5", "Segment 5 (Recovery Support Programme)")
]
SPECIALIST_CHOICES = [
    ("only", "Specialist trusts only"),
    ("exclude", "Exclude specialist trusts"),
]
FILTER_FIELDS = ("name", "region", "icb", "subtype", "segment", "specialist")
SPECIALIST_SUFFIX = "Specialist"
ICB_TABLE_WITHOUT = ("icb", "subtype", "specialist")


def _pick(what: str) -> dict[str, str]:
    return {"invalid_choice": f"Select {what} from the list"}


class LeagueFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        method="filter_name",
        label="Trust name or ODS code",
        max_length=100,
    )
    region = django_filters.ChoiceFilter(
        field_name="trust__region__code",
        label="Region",
        empty_label="All regions",
        error_messages=_pick("a region"),
    )
    icb = django_filters.ChoiceFilter(
        field_name="trust__icb__code",
        label="Integrated care board (ICB)",
        empty_label="All ICBs",
        error_messages=_pick("an ICB"),
    )
    subtype = django_filters.ChoiceFilter(
        field_name="trust__subtype",
        label="Trust subtype",
        empty_label="All subtypes",
        error_messages=_pick("a subtype"),
    )
    segment = django_filters.ChoiceFilter(
        method="filter_segment",
        label="Segment",
        choices=SEGMENT_CHOICES,
        empty_label="All segments",
        error_messages=_pick("a segment"),
    )
    specialist = django_filters.ChoiceFilter(
        method="filter_specialist",
        label="Specialist trusts",
        choices=SPECIALIST_CHOICES,
        empty_label="Include specialist trusts",
        error_messages=_pick("whether to include specialist trusts"),
    )

    def __init__(
        self,
        *args,
        choices: dict[str, list[tuple[str, str]]],
        segment_5: bool = True,
        league: str = "acute",
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if league == "icb":  # an ICB has no ICB, subtype or specialism
            for name in ICB_TABLE_WITHOUT:
                del self.filters[name]
            self.filters["name"].label = "ICB name or ODS code"
        for name in ("region", "icb", "subtype"):
            if name in self.filters:
                self.form.fields[name].choices = choices[name]  # the empty label is added back
        if not segment_5:  # the framework year does not use segment 5
            self.form.fields["segment"].choices = [("", "All segments"), *SEGMENT_CHOICES[:4]]

    @property
    def active(self) -> bool:
        return any(self.data.get(name) for name in self.filters)

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(trust__name__icontains=value) | Q(trust__ods_code__iexact=value))

    def filter_segment(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "5":
            return queryset.filter(in_recovery_support=True)
        return queryset.filter(adjusted_segment=int(value))

    def filter_specialist(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        specialist = Q(trust__subtype__endswith=SPECIALIST_SUFFIX)
        return queryset.filter(specialist if value == "only" else ~specialist)


def filter_choices(rows: list[tuple]) -> dict[str, list[tuple[str, str]]]:
    """Region, ICB and subtype choices from (region code, region name, ICB code, ICB name,
    subtype) rows, each sorted by name."""
    regions, icbs, subtypes = {}, {}, {}
    for region_code, region_name, icb_code, icb_name, subtype in rows:
        regions[region_code] = region_name
        if icb_code:
            icbs[icb_code] = icb_name
        if subtype:
            subtypes[subtype] = subtype
    return {
        name: sorted(found.items(), key=lambda pair: pair[1])
        for name, found in (("region", regions), ("icb", icbs), ("subtype", subtypes))
    }
