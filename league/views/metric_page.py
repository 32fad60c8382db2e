"""The metric page `/metrics/<metric_id>/`: one metric across the trusts of a table (the
individual-metric ranking), its distribution, its definition, and the best of each subtype."""

import math
import re

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from league.models import Metric, MetricValue
from league.page_cache import public_page
from league.presenters import rules_text
from league.selectors import pages
from league.views.common import HOME, edition_from_request, leagues_held, param
from trusts.models import League

METRIC_ID = re.compile(r"^OF\d{4}$")
BANDS = 8


@public_page(params=("period", "release", "league"))
def metric_page(request: HttpRequest, metric_id: str) -> HttpResponse:
    if not METRIC_ID.match(metric_id.upper()):
        raise Http404("There is no such metric.")
    if metric_id != metric_id.upper():
        return redirect("league:metric", metric_id.upper(), permanent=True)
    wanted = param(request, "league")
    metrics = Metric.objects.filter(metric_id=metric_id).select_related("domain", "framework")
    scored_in = {m.framework_id: set(m.leagues) for m in metrics}
    held = leagues_held()

    def has_data(period) -> bool:
        """The quarter holds a table this metric is scored in (the one asked for, if any)."""
        tables = scored_in.get(period.framework_id, set()) & held.get(period.pk, frozenset())
        return wanted in tables if wanted else bool(tables)

    # Without ?period=, the latest quarter with results for a table this metric applies to.
    edition = edition_from_request(request, has_data)
    if edition is not None:
        metrics = metrics.filter(framework_id=edition.period.framework_id)
    metric = next(iter(sorted(metrics, key=lambda m: m.framework.code, reverse=True)), None)
    if metric is None:
        raise Http404("There is no such metric.")
    leagues = [League(code) for code in metric.leagues if code in League.values]
    present = held.get(edition.period.pk, frozenset()) if edition else frozenset()
    # The first table the metric applies to that the quarter holds.
    leagues_first = sorted(leagues, key=lambda lg: lg.value not in present)
    league = _league(wanted, leagues_first)
    context = {
        "metric": metric,
        "leagues": leagues,
        "league": league,
        "edition": edition,
        "definition": rules_text.describe(metric),
        "target": rules_text.target(metric),
        "direction": rules_text.direction(metric),
        "breadcrumbs": [HOME, ("Methodology", "/methodology/")],
    }
    if edition is not None and league is not None:
        # The quarters whose year scores this metric in this table.
        context["period_options"] = [
            (p.slug, p.label)
            for p in edition.periods
            if league.value in scored_in.get(p.framework_id, ())
        ]
        rows = pages.metric_rows(edition.release, metric, league)
        context.update(
            rows=rows,
            reported=[row for row in rows if row.value is not None],
            best=best_by_subtype(rows),
            bands=bands(rows, metric),
            table=rows[0] if rows else None,
        )
    return render(request, "league/metric.html", context)


def _league(wanted: str, leagues: list[League]) -> League | None:
    if not wanted:
        return leagues[0] if leagues else None
    if wanted not in League.values:
        raise BadRequest("There is no such league table.")
    if League(wanted) not in leagues:
        raise Http404("This metric does not apply to that table.")
    return League(wanted)


def best_by_subtype(rows: list[MetricValue]) -> list[tuple[str, list[MetricValue]]]:
    """The best-ranked trusts (ties included) of each subtype that reported a value."""
    best: dict[str, list[MetricValue]] = {}
    for row in rows:
        if row.value is None or row.rank is None:
            continue
        leaders = best.setdefault(row.trust.subtype or "Other", [])
        if not leaders or row.rank == leaders[0].rank:
            leaders.append(row)
    return sorted(best.items())


def bands(rows: list[MetricValue], metric: Metric) -> list[dict]:
    """Equal-width bands of the values, each with how many trusts fall in it."""
    values = sorted(row.value for row in rows if row.value is not None)
    if not values:
        return []
    low, high = values[0], values[-1]
    if math.isclose(low, high):
        return [{"label": _label(low, metric), "count": len(values), "highlight": True}]
    width = (high - low) / BANDS
    counts = [0] * BANDS
    for value in values:
        counts[min(int((value - low) / width), BANDS - 1)] += 1
    edges = [_label(low + i * width, metric) for i in range(BANDS + 1)]
    return [
        {"label": f"{edges[i]} to {edges[i + 1]}", "count": count, "highlight": True}
        for i, count in enumerate(counts)
    ]


def _label(value: float, metric: Metric) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%" if metric.unit == "%" else text
