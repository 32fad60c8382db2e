"""Compare `/compare/?trusts=RP6,RYJ,RTF`: two to four trusts side by side, each in the
current release of its latest published quarter."""

import re

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from league.context_processors import compare_example
from league.forms_public import CompareForm
from league.page_cache import public_page
from league.presenters.components import segment_tag
from league.presenters.words import ordinal
from league.selectors import pages
from league.templatetags.league_tags import with_unit
from league.views.common import HOME, MAX_QUERY_LENGTH, param
from trusts.models import League, Trust


@public_page(params=("trusts",))
def compare(request: HttpRequest) -> HttpResponse:
    raw = codes_asked(request)
    example = compare_example()
    context = {"breadcrumbs": [HOME]}
    if len([code for code in re.split(r"[\s,]+", raw) if code]) < 2:
        # No codes yet, or one from a trust profile's "compare" link: a form to add others.
        form = CompareForm(initial={"trusts": f"{raw.upper()}, " if raw else ""}, example=example)
        return render(request, "league/compare.html", {**context, "form": form})
    form = CompareForm({"trusts": raw}, example=example)
    if not form.is_valid():
        return render(request, "league/compare.html", {**context, "form": form}, status=400)
    trusts = form.cleaned_data["trusts"]
    context.update(form=form, trusts=trusts, **comparison(trusts))
    return render(request, "league/compare.html", context)


def codes_asked(request: HttpRequest) -> str:
    """The codes typed in the form ("RP6, RYJ"), or ticked in a league table (one `trusts`
    value per trust)."""
    ticked = request.GET.getlist("trusts")
    if len(ticked) < 2:
        return param(request, "trusts")
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        raise BadRequest("The address is too long.")
    return ", ".join(code.strip() for code in ticked)


def comparison(trusts: list[Trust]) -> dict:
    """Head and rows for the summary table and one table per domain (a fixed number of queries)."""
    releases = pages.published_releases()
    assessments = pages.assessments_of(trusts, releases)
    found = [assessments.get(trust.pk) for trust in trusts]
    periods = {a.period_id for a in found if a}
    latest = max((a.period for a in found if a), key=lambda p: (p.year, p.quarter), default=None)
    names = [{"text": trust.name, "href": trust.profile_path} for trust in trusts]
    head = [{"text": "Measure", "visually_hidden": True}, *names]
    summary = [
        _row("Table", [League(t.league).label for t in trusts]),
        _row("Region", [t.region.name for t in trusts]),
        _row("Subtype", [t.subtype for t in trusts]),
        _row("Quarter", [a.period.label if a else "" for a in found]),
        _row("Segment", [segment_tag(a.segment) if a else "" for a in found]),
        _row("Segment before the financial override", [_seg(a) for a in found]),
        _row("In financial deficit", [_yes(a, "in_financial_deficit") for a in found]),
        _row("Recovery Support Programme", [_yes(a, "in_recovery_support") for a in found]),
        _row("Rank", [_rank(a) for a in found]),
        _row("Likely range of rank", [_range(a, "rank_low", "rank_high") for a in found]),
        _row("Average score", [_average(a) for a in found]),
        _row("Likely range of average", [_range(a, "average_low", "average_high") for a in found]),
    ]
    domains = []
    if latest is not None:
        shown = {releases[p].pk for p in periods}
        values = pages.values_of(trusts, shown)
        scores = pages.scores_of(trusts, shown)
        domains = _domain_tables(trusts, pages.framework_metrics(latest), values, scores)
    # Trusts of different tables may have their latest results in different quarters.
    caption = f": {latest.label}" if len(periods) == 1 else ": the latest quarter of each trust"
    caption = caption if latest else ""
    return {
        "head": head,
        "summary": summary,
        "domains": domains,
        "latest": latest,
        "latest_caption": caption,
    }


def _domain_tables(trusts, metrics, values, scores) -> list[dict]:
    leagues = {trust.league for trust in trusts}
    tables: dict[str, dict] = {}
    for metric in metrics:
        if not leagues.intersection(metric.leagues):
            continue
        domain = metric.domain
        table = tables.setdefault(domain.name, {"domain": domain, "rows": []})
        if not table["rows"]:
            table["rows"].append(
                _row(
                    "Domain score",
                    [_score(scores.get((t.pk, domain.score_id))) for t in trusts],
                )
            )
        cells = []
        for trust in trusts:
            value = values.get((trust.pk, metric.pk))
            score = scores.get((trust.pk, metric.score_id))
            unit = (value.units if value else "") or metric.unit
            shown = "" if value is None or value.value is None else with_unit(value.value, unit)
            cells.append(f"{shown} (score {_score(score)})" if shown and score else shown)
        label = {"text": f"{metric.description.strip()} ({metric.metric_id})"}
        href = reverse("league:metric", args=[metric.metric_id])
        table["rows"].append([{**label, "href": href}, *cells])
    return list(tables.values())


def _row(label: str, cells: list) -> list:
    return [label, *cells]


def _rank(assessment) -> str:
    if assessment is None or assessment.rank is None:
        return ""
    return f"{ordinal(assessment.rank)} of {assessment.league_size}"


def _average(assessment) -> str:
    if assessment is None or assessment.average_2dp is None:
        return ""
    return f"{assessment.average_2dp:.2f}"


def _seg(assessment) -> str:
    return f"Segment {assessment.unadjusted_segment}" if assessment else ""


def _yes(assessment, name: str) -> str:
    return "" if assessment is None else ("Yes" if getattr(assessment, name) else "No")


def _range(assessment, low: str, high: str) -> str:
    if assessment is None or getattr(assessment, low) is None:
        return ""
    return f"{getattr(assessment, low)} to {getattr(assessment, high)}"


def _score(score) -> str:
    return "" if score is None else f"{score.score_2dp:.2f}"
