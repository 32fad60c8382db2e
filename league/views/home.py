"""The home page (latest quarter, each table's top and bottom trusts, search) and the trust
search results."""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from league.forms_public import SearchForm
from league.methodology.improvers import Improvement, most_improved
from league.models import Period, ReleaseState
from league.page_cache import public_page
from league.selectors import assessments_by_trust, improvement_rows, ranked_values
from league.views.common import (
    HOME,
    Edition,
    cached,
    latest_edition,
    leagues_held,
    param,
    public_state,
)
from trusts.models import TRUST_LEAGUES, League, Trust

SHOWN_EACH_END = 3
MAX_RESULTS = 50
ROW_FIELDS = (
    "league",
    "rank",
    "league_size",
    "adjusted_segment",
    "in_recovery_support",
    "average_2dp",
    "trust__ods_code",
    "trust__name",
)


@dataclass
class LeagueSummary:
    league: League
    period: Period | None = None  # the latest quarter with results for this table
    rows: list[dict] = field(default_factory=list)
    previous: Period | None = None  # the quarter before it that holds the table
    improved: list[Improvement] = field(default_factory=list)  # most improved since then

    @property
    def top(self) -> list[dict]:
        return self.rows[:SHOWN_EACH_END]

    @property
    def bottom(self) -> list[dict]:
        return self.rows[-SHOWN_EACH_END:] if len(self.rows) > SHOWN_EACH_END else []

    @property
    def size(self) -> int:
        return len(self.rows)


@public_page
def home(request: HttpRequest) -> HttpResponse:
    edition = latest_edition()
    period, release = (edition.period, edition.release) if edition else (None, None)
    tables = period.framework.tables if period else TRUST_LEAGUES
    summaries = _summaries(edition, tables) if edition else [LeagueSummary(lg) for lg in tables]
    context = {
        "period": period,
        "release": release,
        "tables_text": tables_text(tables),
        "search_label": "Find a trust or ICB" if League.ICB in tables else "Find a trust",
        "summaries": summaries,
        "no_trusts": release is None and not Trust.objects.exists(),
    }
    return render(request, "league/home.html", context)


def _summaries(edition: Edition, tables: tuple[League, ...]) -> list[LeagueSummary]:
    """Each table's top and bottom in the latest quarter that has results for it (a quarter's
    files may hold one trust type only), read in one query."""
    held = leagues_held()
    current = {r.period_id: r for r in public_state()[1] if r.state == ReleaseState.PUBLISHED}
    summaries = {}
    for league in tables:
        period = next((p for p in edition.periods if league in held.get(p.pk, ())), None)
        summaries[league] = LeagueSummary(league, period)
    releases = {current[s.period.pk].pk: s.period for s in summaries.values() if s.period}
    for row in ranked_values(releases, *ROW_FIELDS):
        summary = summaries.get(row["league"])
        if summary and summary.period and current[summary.period.pk].pk == row["release_id"]:
            summary.rows.append(row)
    for summary in summaries.values():
        _most_improved(summary, edition, held, current)
    return list(summaries.values())


def _most_improved(summary: LeagueSummary, edition: Edition, held: dict, current: dict) -> None:
    """The three trusts whose average improved most since the table's previous quarter."""
    if summary.period is None:
        return
    later = edition.periods[edition.periods.index(summary.period) + 1 :]
    summary.previous = next((p for p in later if summary.league in held.get(p.pk, ())), None)
    if summary.previous is None:
        return
    before, after = current[summary.previous.pk], current[summary.period.pk]
    summary.improved = cached(
        "home-improvers",
        lambda: [
            row
            for row in most_improved(improvement_rows(before, after, summary.league))
            if row.change < 0
        ][:SHOWN_EACH_END],
        summary.league.value,
        before.pk,
        after.pk,
    )


def tables_text(tables: tuple[League, ...]) -> str:
    """ "every NHS trust in England in one of three league tables: acute trusts, …" """
    who = "every NHS trust and integrated care board" if League.ICB in tables else "every NHS trust"
    names = [league.label.lower() for league in tables]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    count = {1: "one", 2: "two", 3: "three", 4: "four"}.get(len(tables), str(len(tables)))
    return f"{who} in England in one of {count} league tables: {listed}"


@public_page(params=("q",))
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm({"q": param(request, "q")})
    results, more = [], False
    if form.is_valid() and form.cleaned_data["q"]:
        results = trust_search(form.cleaned_data["q"])
        more = len(results) > MAX_RESULTS
        results = results[:MAX_RESULTS]
    icbs = any(trust.is_icb for trust in results)
    context = {
        "form": form,
        "results": results,
        "more": more,
        "noun": "trust or ICB" if icbs else "trust",
        "nouns": "trusts or ICBs" if icbs else "trusts",
        "breadcrumbs": [HOME],
    }
    return render(request, "league/search.html", context, status=200 if form.is_valid() else 400)


def trust_search(text: str) -> list[Trust]:
    """Trusts whose ODS code is `text` (first) or whose name contains it, with their segment and
    rank in the latest published period they were assessed in (one query for all of them)."""
    trusts = list(
        Trust.objects.filter(
            Q(ods_code__iexact=text) | Q(name__icontains=text) | Q(short_name__icontains=text)
        )
        .select_related("region")
        .annotate(
            exact=Case(
                When(ods_code__iexact=text, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("exact", "name")[: MAX_RESULTS + 1]
    )
    edition = latest_edition()
    release = edition.release if edition else None
    latest = {}
    if release is not None and trusts:
        latest = assessments_by_trust(
            release,
            trusts,
            "trust_id",
            "rank",
            "league_size",
            "adjusted_segment",
            "in_recovery_support",
        )
    for trust in trusts:
        trust.latest = latest.get(trust.pk)
    return trusts
