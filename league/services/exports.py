"""NHS England's file layouts for our computed figures: the league table and the long data file.

The same rows feed the `export_league` / `export_scores` commands and the public downloads, so a
download always equals the command's output.
"""

from decimal import Decimal

import tablib

from league.models import Assessment, ComputedScore, Period, Release
from league.nof_files.summary_ids import SUMMARY_IDS
from league.selectors import latest_release, release_assessments
from trusts.models import TRUST_TYPE_BY_LEAGUE

LEAGUE_COLUMNS = (
    "Quarter",
    "Region",
    "Trust_type",
    "Trust_subtype",
    "Trust_code",
    "Trust_name",
    "Average_score",
    "Likely_range_of_average_score",
    "Segment",
    "Trust_in_financial_deficit",
    "Rank",
    "Likely_range_of_rank",
)
EXTRA_LEAGUE_COLUMNS = ("Segment_before_financial_override", "Recovery_support_programme")
SCORE_COLUMNS = ("Quarter", "Trust_code", "Trust_name", "Metric_ID", "Value")
FORMATS = ("csv", "xlsx", "json")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def nhs_number(value) -> str:
    """A number as NHS England's files write it: 1.2, 1.89, 2.0 (shortest float form)."""
    return "" if value is None else repr(float(value))


def league_table(period: Period, league: str, assessments=None) -> tablib.Dataset:
    """The league table of one league, ordered by rank then trust name, as NHS England does.

    Without `assessments`, the period's newest release (what staff are working on).
    """
    if assessments is None:
        release = latest_release(period)
        assessments = [] if release is None else release_assessments(release, league)
    rows = sorted(assessments, key=lambda a: (a.rank is None, a.rank or 0, a.trust.name))
    data = tablib.Dataset(headers=[*LEAGUE_COLUMNS, *EXTRA_LEAGUE_COLUMNS])
    for assessment in rows:
        trust = assessment.trust
        data.append(
            [
                period.label,
                trust.region.name,
                trust.trust_type or TRUST_TYPE_BY_LEAGUE[league],
                trust.subtype,
                trust.ods_code,
                trust.name,
                nhs_number(assessment.average_2dp),
                _range(nhs_number(assessment.average_low), nhs_number(assessment.average_high)),
                nhs_number(assessment.adjusted_segment),
                "Yes" if assessment.in_financial_deficit else "No",
                nhs_number(assessment.rank),
                _range(assessment.rank_low, assessment.rank_high),
                nhs_number(assessment.unadjusted_segment),
                "Yes" if assessment.in_recovery_support else "No",
            ]
        )
    return data


def score_table(period: Period, release: Release | None = None) -> tablib.Dataset:
    """Computed figures of a release (default: the period's newest) in the long layout of NHS
    England's data file."""
    data = tablib.Dataset(headers=list(SCORE_COLUMNS))
    release = release or latest_release(period)
    scores = ComputedScore.objects.filter(release=release).select_related("trust")
    for score in sorted(scores, key=lambda s: (s.trust.ods_code, s.score_id)):
        data.append(
            [
                period.label,
                score.trust.ods_code,
                score.trust.name,
                score.score_id,
                nhs_number(score.score_2dp),
            ]
        )
    assessments = Assessment.objects.filter(release=release).select_related("trust")
    for assessment in sorted(assessments, key=lambda a: a.trust.ods_code):
        for figure_id, value in (
            (SUMMARY_IDS["adjusted_segment"], assessment.adjusted_segment),
            (SUMMARY_IDS["average_score"], assessment.average_2dp),
            (SUMMARY_IDS["unadjusted_segment"], assessment.unadjusted_segment),
            (SUMMARY_IDS["financial_override"], int(assessment.in_financial_deficit)),
            (SUMMARY_IDS["recovery_support"], int(assessment.in_recovery_support)),
        ):
            data.append(
                [
                    period.label,
                    assessment.trust.ods_code,
                    assessment.trust.name,
                    figure_id,
                    nhs_number(value),
                ]
            )
    return data


def render(data: tablib.Dataset, file_format: str) -> bytes:
    """CSV (UTF-8 with a byte-order mark, as NHS England publishes), XLSX or JSON.

    Text that a spreadsheet would run as a formula is prefixed with an apostrophe.
    """
    if file_format not in FORMATS:
        raise ValueError(f"Unknown format {file_format!r}: use one of {', '.join(FORMATS)}")
    safe = tablib.Dataset(headers=data.headers)
    for row in data:
        safe.append([_neutralise(cell) for cell in row])
    if file_format == "csv":
        return b"\xef\xbb\xbf" + safe.export("csv").encode()
    if file_format == "xlsx":
        return safe.export("xlsx")
    return safe.export("json").encode()


def _neutralise(cell):
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS) and not _is_number(cell):
        return "'" + cell
    return cell


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def _range(low, high) -> str:
    if low in (None, "") or high in (None, ""):
        return ""
    return f"{low} to {high}"
