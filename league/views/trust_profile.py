"""The trust profile `/trusts/<ods_code>/`: segment, rank and why, history, every metric, and
the improvement plan (rendered by the improvement app's template tag)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from league.forms_public import ODS_CODE
from league.models import Assessment
from league.page_cache import public_page
from league.tables import ordinal, segment_tag
from league.views import explain, reads
from league.views.common import HOME, edition_from_request
from trusts.models import League, Trust


@public_page(params=("period", "release"))
def trust_profile(request: HttpRequest, ods_code: str) -> HttpResponse:
    if not ODS_CODE.match(ods_code.upper()):
        raise Http404("There is no trust with that ODS code.")
    if ods_code != ods_code.upper():
        return redirect(f"/trusts/{ods_code.upper()}/", permanent=True)
    trust = get_object_or_404(Trust.objects.select_related("region", "icb"), ods_code=ods_code)
    league = League(trust.league)
    context = {
        "trust": trust,
        "league": league,
        "breadcrumbs": [HOME, (league.label, f"/league/{league.value}/")],
    }
    edition = edition_from_request(request)
    history = reads.trust_history(trust) if edition is not None else []
    assessment = _shown(edition, history, trust)
    context.update(edition=edition, history=history, facts=facts(trust, league, assessment))
    if assessment is None:
        return render(request, "league/trust_profile.html", context)
    earlier = [a for a in history if _before(a, assessment)]
    groups = reads.domain_rows(trust, edition.period, edition.release)
    metrics = {row.metric.score_id: row.metric for group in groups for row in group.rows}
    cut_points = reads.cut_points(edition.release)
    context.update(
        assessment=assessment,
        summary=explain.summary(assessment, earlier[-1] if earlier else None),
        reasons=explain.segment_reasons(assessment, cut_points, edition.period.framework),
        next_steps=explain.next_steps(assessment, metrics),
        cut_points=cut_points,
        history_points=[_point(a) for a in history],
        domains=groups,
    )
    return render(request, "league/trust_profile.html", context)


def facts(trust: Trust, league: League, assessment: Assessment | None) -> list[tuple]:
    rows = [
        ("League table", league.label),
        ("Trust subtype", trust.subtype),
        ("Region", trust.region.name),
        ("Integrated care board", trust.icb.name if trust.icb else ""),
    ]
    if assessment is None:
        return rows
    a = assessment
    return [
        *rows,
        ("Segment", segment_tag(a.segment)),
        ("Segment before the financial override", _segment(a.unadjusted_segment)),
        ("In financial deficit", "Yes" if a.in_financial_deficit else "No"),
        ("In the Recovery Support Programme", "Yes" if a.in_recovery_support else "No"),
        ("Rank", f"{ordinal(a.rank)} of {a.league_size}" if a.rank else ""),
        ("Likely range of rank", _range(a.rank_low, a.rank_high)),
        ("Average score", "" if a.average_2dp is None else f"{a.average_2dp:.2f}"),
        ("Likely range of average score", _range(a.average_low, a.average_high)),
    ]


def _range(low, high) -> str:
    return "" if low is None or high is None else f"{low} to {high}"


def _shown(edition, history: list[Assessment], trust: Trust) -> Assessment | None:
    """The assessment in the release shown: from the history when it is the current one."""
    if edition is None:
        return None
    if edition.is_current:
        return next((a for a in history if a.release_id == edition.release.pk), None)
    found = Assessment.objects.filter(release=edition.release, trust=trust)
    return found.select_related("period").first()


def _before(one: Assessment, other: Assessment) -> bool:
    return (one.period.year, one.period.quarter) < (other.period.year, other.period.quarter)


def _point(assessment: Assessment) -> dict:
    return {
        "label": assessment.period.label,
        "average": assessment.average_2dp,
        "low": assessment.average_low,
        "high": assessment.average_high,
        "segment": assessment.segment,
    }


def _segment(segment: int | None) -> str:
    return "" if segment is None else f"Segment {segment}"
