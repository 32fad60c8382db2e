"""NHS England's file layouts: the league table and the long trust data file.

The same rows feed the `export_league` / `export_scores` / `export_trust_data` commands and the
public downloads, so a download always equals the command's output. Rows hold numbers as
numbers (None when not known): the CSV writes them as NHS England does ("1.0", "2.19"), the XLSX
and JSON keep them numeric so a spreadsheet can sort and sum them. Rows of demonstration trusts
say so in a last column.
"""

import io
from decimal import Decimal

import tablib
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from league.models import (
    Assessment,
    ComputedScore,
    Domain,
    Metric,
    MetricValue,
    Period,
    PublishedFigure,
    Release,
)
from league.nof_files.columns import DATA_COLUMNS
from league.nof_files.summary_ids import SUMMARY_DESCRIPTIONS, SUMMARY_IDS
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
EXTRA_LEAGUE_COLUMNS = (
    "Segment_before_financial_override",
    "Recovery_support_programme",
    "Like_for_like_group",
    "Like_for_like_rank",
    "Likely_range_of_like_for_like_rank",
)
DEMO_COLUMN = "Demonstration_data"
SCORE_COLUMNS = ("Quarter", "Trust_code", "Trust_name", "Metric_ID", "Value")
TRUST_DATA_COLUMNS = ("Quarter", *DATA_COLUMNS)
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
    demo = any(a.trust.is_demo for a in rows)
    headers = [*LEAGUE_COLUMNS, *EXTRA_LEAGUE_COLUMNS, *([DEMO_COLUMN] if demo else [])]
    data = tablib.Dataset(headers=headers, title="League table")
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
                _number(assessment.average_2dp),
                _range(nhs_number(assessment.average_low), nhs_number(assessment.average_high)),
                assessment.adjusted_segment,
                "Yes" if assessment.in_financial_deficit else "No",
                assessment.rank,
                _range(assessment.rank_low, assessment.rank_high),
                assessment.unadjusted_segment,
                "Yes" if assessment.in_recovery_support else "No",
                assessment.peer_group,
                assessment.peer_rank,
                _range(assessment.peer_rank_low, assessment.peer_rank_high),
                *(["Yes" if trust.is_demo else "No"] if demo else []),
            ]
        )
    return data


IMPROVERS_COLUMNS = (
    "Rank",
    "Trust_code",
    "Trust_name",
    "Quarter_from",
    "Average_score_from",
    "Likely_range_from",
    "Segment_from",
    "Quarter_to",
    "Average_score_to",
    "Likely_range_to",
    "Segment_to",
    "Change",
    "Likely_real",
)


def improvers(rows, before: Period, after: Period) -> tablib.Dataset:
    """The most improved list (`league.methodology.improvers.Improvement`s) as a table."""
    data = tablib.Dataset(headers=list(IMPROVERS_COLUMNS), title="Most improved")
    for row in rows:
        data.append(
            [
                row.rank,
                row.code,
                row.name,
                before.label,
                _number(row.before.average),
                _range(nhs_number(row.before.low), nhs_number(row.before.high)),
                row.before.segment,
                after.label,
                _number(row.after.average),
                _range(nhs_number(row.after.low), nhs_number(row.after.high)),
                row.after.segment,
                _number(row.change),
                "Yes" if row.likely_real else "No",
            ]
        )
    return data


def score_table(period: Period, release: Release | None = None) -> tablib.Dataset:
    """Computed figures of a release (default: the period's newest) in the long layout of NHS
    England's data file."""
    data = tablib.Dataset(headers=list(SCORE_COLUMNS), title="Scores")
    release = release or latest_release(period)
    scores = ComputedScore.objects.filter(release=release).select_related("trust")
    for score in sorted(scores, key=lambda s: (s.trust.ods_code, s.score_id)):
        data.append(
            [
                period.label,
                score.trust.ods_code,
                score.trust.name,
                score.score_id,
                _number(score.score_2dp),
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
                    _number(value),
                ]
            )
    return data


def trust_data(release: Release, trust_ids=None) -> tablib.Dataset:
    """The inputs of a release as NHS England published them, in its long trust data layout:
    each raw value, then its published scores, domain scores and segments, and summary rows,
    ordered by metric ID then trust code as NHS England orders its file. Our own importer reads
    it back to the same inputs.

    `trust_ids`: only these trusts (a filtered league table); default every trust.
    """
    period = release.period
    values = MetricValue.objects.filter(release=release).select_related(
        "metric__domain", "trust__region"
    )
    figures = PublishedFigure.objects.filter(release=release).select_related("trust__region")
    if trust_ids is not None:
        values = values.filter(trust__in=trust_ids)
        figures = figures.filter(trust__in=trust_ids)
    described = _descriptions(period.framework_id)
    rows = [
        (value.metric.metric_id, value.trust, value, _described(value.metric)) for value in values
    ]
    rows += [
        (figure.figure_id, figure.trust, figure, described.get(figure.figure_id, ("", "", "")))
        for figure in figures
    ]
    rows.sort(key=lambda row: (row[0], row[1].ods_code))
    demo = any(trust.is_demo for _, trust, _, _ in rows)
    headers = [*TRUST_DATA_COLUMNS, *([DEMO_COLUMN] if demo else [])]
    data = tablib.Dataset(headers=headers, title="Trust data")
    for figure_id, trust, row, (domain, sub_domain, description) in rows:
        data.append(
            [
                period.label,
                trust.region.name,
                trust.trust_type or TRUST_TYPE_BY_LEAGUE.get(trust.league, ""),
                trust.subtype,
                trust.ods_code,
                trust.name,
                domain,
                sub_domain,
                figure_id,
                description,
                row.reporting_date,
                row.units,
                row.value,
                row.median,
                row.lower_quartile,
                row.upper_quartile,
                row.rank,
                *(["Yes" if trust.is_demo else "No"] if demo else []),
            ]
        )
    return data


def _described(metric: Metric) -> tuple[str, str, str]:
    return metric.domain.name, metric.sub_domain, metric.description


def _descriptions(framework_id) -> dict[str, tuple[str, str, str]]:
    """Domain, sub-domain and description of every score, segment and summary row, worded as
    NHS England's files word them."""
    described = {
        metric.score_id: _described(metric)
        for metric in Metric.objects.filter(framework_id=framework_id).select_related("domain")
    }
    for domain in Domain.objects.filter(framework_id=framework_id):
        for figure_id, what in ((domain.score_id, "score"), (domain.segment_id, "segment")):
            text = f"{domain.name} domain {what}"
            described[figure_id] = (domain.name, text, text)
    for figure_id, text in SUMMARY_DESCRIPTIONS.items():
        described[figure_id] = ("Summary", "Summary", text)
    return described


def render(data: tablib.Dataset, file_format: str) -> bytes:
    """CSV (UTF-8 with a byte-order mark, numbers written as NHS England writes them), XLSX (a
    named sheet, bold frozen header, fitted columns, numeric cells) or JSON (numbers as numbers,
    null when not known).

    Text that a spreadsheet would run as a formula is prefixed with an apostrophe.
    """
    if file_format not in FORMATS:
        raise ValueError(f"Unknown format {file_format!r}: use one of {', '.join(FORMATS)}")
    safe = tablib.Dataset(headers=data.headers, title=data.title)
    for row in data:
        safe.append([_neutralise(cell) for cell in row])
    if file_format == "csv":
        text = tablib.Dataset(headers=safe.headers)
        for row in safe:
            text.append([_csv_cell(cell) for cell in row])
        return b"\xef\xbb\xbf" + text.export("csv").encode()
    if file_format == "xlsx":
        return _workbook(safe)
    return safe.export("json").encode()


def _workbook(data: tablib.Dataset) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = (data.title or "Data")[:31]
    sheet.append(list(data.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for index, header in enumerate(data.headers, start=1):
        longest = max([len(str(header))] + [len(str(v)) for v in data.get_col(index - 1) if v])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, longest + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(value) -> int | float | None:
    """A figure as a number for the file (whole numbers stay whole)."""
    if value is None:
        return None
    return int(value) if isinstance(value, int) else float(value)


def _csv_cell(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return nhs_number(cell)
    return cell


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
