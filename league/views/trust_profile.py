"""The profiles `/trusts/<ods_code>/` and `/icbs/<ods_code>/`: segment, rank and why, history,
every metric, and, for a trust, its improvement plan (rendered by the improvement app's template
tag) and a link to its ICB's page; for an ICB, the trusts in it. One view serves both, as an
ICB is assessed like a trust (docs/adr/0009-icbs-as-assessed-organisations.md)."""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from league.forms_public import ODS_CODE
from league.models import Assessment, SegmentRule
from league.page_cache import public_page
from league.presenters import explain
from league.presenters.components import link, segment_tag
from league.presenters.words import ordinal
from league.selectors import assessment_in, assessments_by_trust, pages
from league.views.common import HOME, Edition, edition_from_request, icb_pages
from trusts.models import League, Trust


@public_page(params=("period", "release"))
def trust_profile(request: HttpRequest, ods_code: str) -> HttpResponse:
    return _profile(request, ods_code, icb=False)


@public_page(params=("period", "release"))
def icb_profile(request: HttpRequest, ods_code: str) -> HttpResponse:
    return _profile(request, ods_code, icb=True)


def _profile(request: HttpRequest, ods_code: str, *, icb: bool) -> HttpResponse:
    noun = "ICB" if icb else "trust"
    if not ODS_CODE.match(ods_code.upper()):
        raise Http404(f"There is no {noun} with that ODS code.")
    trust = Trust.objects.select_related("region", "icb").filter(ods_code=ods_code.upper()).first()
    if trust is None:
        raise Http404(f"There is no {noun} with that ODS code.")
    if ods_code != trust.ods_code or trust.is_icb != icb:
        return redirect(_with_query(trust.profile_path, request), permanent=True)
    league = League(trust.league)
    context = {
        "trust": trust,
        "league": league,
        "breadcrumbs": [HOME, (league.label, reverse("league:league_table", args=[league.value]))],
    }
    history = pages.trust_history(trust)
    assessed = {a.period_id for a in history}
    # Without ?period=, the latest quarter with the trust's results.
    edition = edition_from_request(request, lambda period: period.pk in assessed)
    if edition is None:
        history = []
    assessment = _shown(edition, history, trust)
    context.update(
        edition=edition,
        history=history,
        # The quarters with the trust's results, for the quarter selector.
        period_options=[(p.slug, p.label) for p in edition.periods if p.pk in assessed]
        if edition
        else [],
        facts=facts(trust, league, assessment, edition.period.framework if edition else None),
        members=icb_members(trust, edition) if trust.is_icb and edition else None,
    )
    if assessment is None:
        return render(request, "league/trust_profile.html", context)
    framework = edition.period.framework
    earlier = [a for a in history if _before(a, assessment)]
    groups = pages.domain_rows(trust, edition.period, edition.release)
    metrics = {row.metric.score_id: row.metric for group in groups for row in group.rows}
    cut_points = pages.cut_points(edition.release)
    context.update(
        assessment=assessment,
        framework=framework,
        summary=explain.summary(assessment, earlier[-1] if earlier else None),
        reasons=explain.segment_reasons(assessment, cut_points, framework, noun=league.noun),
        next_steps=explain.next_steps(assessment, metrics),
        blocked_text=f"While the {league.noun} is in financial deficit, the financial override "
        f"keeps it in segment {framework.financial_cap} or below, whatever its scores.",
        cut_points=cut_points,
        cut_word="threshold" if framework.segment_rule == SegmentRule.THRESHOLDS else "cut-point",
        history_points=[_point(a) for a in history],
        domains=groups,
    )
    return render(request, "league/trust_profile.html", context)


def icb_members(icb: Trust, edition: Edition) -> list[Assessment | Trust]:
    """The trusts in the ICB, with their assessment in the release shown (ranked ones first,
    by table and rank); a trust not assessed in it is listed as itself."""
    trusts = Trust.objects.trusts().filter(icb=icb.icb_id).select_related("region")
    assessed = assessments_by_trust(edition.release, trusts)
    order = {league: n for n, league in enumerate(League)}
    return sorted(
        (assessed.get(trust.pk) or trust for trust in trusts),
        key=lambda row: (
            isinstance(row, Trust),
            order[League(row.league)],
            getattr(row, "rank", None) or 0,
            row.name if isinstance(row, Trust) else row.trust.name,
        ),
    )


def _with_query(path: str, request: HttpRequest) -> str:
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


def facts(
    trust: Trust, league: League, assessment: Assessment | None, framework=None
) -> list[tuple]:
    rows = [("League table", league.label), ("Region", trust.region.name)]
    if not trust.is_icb:
        rows.insert(1, ("Trust subtype", trust.subtype))
        rows.append(("Integrated care board", _icb_link(trust)))
    if assessment is None:
        return rows
    a = assessment
    recovery = (
        [("In the Recovery Support Programme", "Yes" if a.in_recovery_support else "No")]
        if framework is None or framework.segment_5 or a.in_recovery_support
        else []
    )
    return [
        *rows,
        ("Segment", segment_tag(a.segment)),
        ("Segment before the financial override", _segment(a.unadjusted_segment)),
        ("In financial deficit", "Yes" if a.in_financial_deficit else "No"),
        *recovery,
        ("Rank", f"{ordinal(a.rank)} of {a.league_size}" if a.rank else ""),
        ("Likely range of rank", _range(a.rank_low, a.rank_high)),
        *_like_for_like(a, league),
        ("Average score", "" if a.average_2dp is None else f"{a.average_2dp:.2f}"),
        ("Likely range of average score", _range(a.average_low, a.average_high)),
    ]


def _like_for_like(a: Assessment, league: League) -> list[tuple]:
    """The rank among trusts of the same subtype, linked to the table filtered to them."""
    if not a.peer_rank or not a.peer_group or a.peer_size == a.league_size:
        return []
    query = urlencode({"subtype": a.peer_group})
    rank = link(
        reverse("league:league_table", args=[league.value]) + f"?{query}",
        f"{a.peer_group} trusts",
        before=f"{ordinal(a.peer_rank)} of {a.peer_size}",
    )
    return [
        ("Like-for-like rank", rank),
        ("Likely range of like-for-like rank", _range(a.peer_rank_low, a.peer_rank_high)),
    ]


def _icb_link(trust: Trust) -> str:
    """The trust's ICB, linked to the ICB's own page when it is assessed."""
    if trust.icb is None:
        return ""
    if trust.icb.code not in icb_pages():
        return trust.icb.name
    return link(reverse("league:icb", args=[trust.icb.code]), trust.icb.name)


def _range(low, high) -> str:
    return "" if low is None or high is None else f"{low} to {high}"


def _shown(edition, history: list[Assessment], trust: Trust) -> Assessment | None:
    """The assessment in the release shown: from the history when it is the current one."""
    if edition is None:
        return None
    if edition.is_current:
        return next((a for a in history if a.release_id == edition.release.pk), None)
    return assessment_in(edition.release, trust)


def _before(one: Assessment, other: Assessment) -> bool:
    return (one.period.year, one.period.quarter) < (other.period.year, other.period.quarter)


def _point(assessment: Assessment) -> dict:
    computation = getattr(assessment.release, "computation", None)
    return {
        "label": assessment.period.label,
        "average": assessment.average_2dp,
        "low": assessment.average_low,
        "high": assessment.average_high,
        "segment": assessment.segment,
        # Each quarter is drawn against its own cut-points (or thresholds).
        "cut_points": computation.cut_points if computation else None,
    }


def _segment(segment: int | None) -> str:
    return "" if segment is None else f"Segment {segment}"
