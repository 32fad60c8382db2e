"""Filtering the API's lists with django-filter's DRF backend and the FilterSets the HTML pages
use, so a query string filters `/league/acute/` and `/api/league/acute/` alike.

A view names its `filterset_class`, and may give the FilterSet's extra arguments (the league
table's choices) with `filterset_kwargs()`. A value the FilterSet refuses is a 400 naming the
values allowed; a filter the table does not have (an ICB has no subtype) is a 400 too.
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend

from league.api.errors import bad_request
from trusts.models import League, Region, Trust


class PublicFilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view) -> dict:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "filterset_kwargs", None)
        return {**kwargs, **(extra() if extra else {})}

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        asked = [name for name in filterset_class.base_filters if request.query_params.get(name)]
        if not asked:
            return queryset  # unfiltered: the table's choices are not even read
        filterset = self.get_filterset(request, queryset, view)
        missing = [name for name in asked if name not in filterset.filters]
        if missing:
            table = f"The {view.league}" if getattr(view, "league", None) else "This"
            raise bad_request(f"{table} table cannot be filtered by “{missing[0]}”.")
        if not filterset.is_valid():
            name, errors = next(iter(filterset.errors.items()))
            raise bad_request(_refusal(filterset, name, request.query_params[name], errors))
        return filterset.qs


def _refusal(filterset, name: str, value: str, errors: list[str]) -> str:
    codes = [str(code) for code, _ in getattr(filterset.form.fields[name], "choices", [])]
    if any(codes):
        allowed = ", ".join(code for code in codes if code)
        return f"“{name}” must be one of {allowed}, not “{value}”."
    return f"“{name}”: {' '.join(errors)}"


def region_choices() -> list[tuple[str, str]]:
    return list(Region.objects.order_by("code").values_list("code", "name"))


def league_filter(field_name: str = "league") -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        field_name=field_name, choices=League.choices, help_text="The league table."
    )


def region_filter(field_name: str = "region__code") -> django_filters.ChoiceFilter:
    """A region by its ODS code (Y56), one of the register's: a 400 names them otherwise."""
    return django_filters.ChoiceFilter(
        field_name=field_name, choices=region_choices, help_text="Region ODS code, e.g. Y56."
    )


class TrustFilter(django_filters.FilterSet):
    """The register's filters: league and region (ODS code, e.g. Y56)."""

    league = league_filter()
    region = region_filter()

    class Meta:
        model = Trust
        fields = ["league", "region"]
