"""The engine on the database reproduces NHS England's published figures.

NHS England's summary rows (OF4xxx, OF5000, OF5002, OF5003, OF5005) and its league-table file are
left out of the import; only the metric values, metric scores and the two flags it sets
(financial override OF5004, Recovery Support Programme OF5007) go in. The computed figures are
then compared with the published ones read straight from the files.
"""

import csv
import html
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command

from league.models import Assessment, ComputedScore, Period
from league.nof_files import NofFile
from league.services.exports import league_table, render
from league.services.imports import nof_import
from league.services.recompute import period_recompute
from tests.league.methodology.nof_2025_26 import QUARTER_CUT_POINTS
from tests.league.official import ACUTE, MH_DATA, MH_LEAGUE, edited_copy, official

pytestmark = pytest.mark.django_db
LEFT_OUT = ("OF40", "OF41", "OF5000", "OF5002", "OF5003", "OF5005")


def _published(shared_data) -> dict[tuple[str, str], dict[str, float]]:
    """(period, trust) -> {figure id: value} from NHS England's two data files."""
    figures: dict = defaultdict(dict)
    for name in (ACUTE, MH_DATA):
        for row in csv.DictReader(official(shared_data, name).open(encoding="utf-8-sig")):
            key = (row.get("Quarter") or "Q1 2025/26", row["Trust_code"])
            figures[key][row["Metric_ID"]] = float(row["Value"])
    return figures


def _import_inputs_only(shared_data, tmp_path, *, scores: bool = True) -> None:
    def keep(row, header):
        metric_id = row[header.index("Metric_ID")]
        if metric_id.startswith(LEFT_OUT):
            return False
        return (
            scores
            or not metric_id.startswith("OF1")
            or metric_id in ("OF1035", "OF1046", "OF1067", "OF1069")
        )

    def strip(rows):
        header = rows[0]
        rows[1:] = [row for row in rows[1:] if keep(row, header)]

    files = [
        NofFile(
            edited_copy(official(shared_data, ACUTE), tmp_path / ACUTE, strip), ACUTE, "Q1 2025/26"
        ),
        NofFile(edited_copy(official(shared_data, MH_DATA), tmp_path / MH_DATA, strip), MH_DATA),
    ]
    nof_import(files=files)


def _recompute_all(from_raw: bool = False) -> None:
    for period in Period.objects.all():
        if period.label != "Q1 2025/26":  # Q2-Q4 hold MH&C trusts only: set their cut-points
            period.cut_point_1, period.cut_point_2, period.cut_point_3 = (
                Decimal(str(c)) for c in QUARTER_CUT_POINTS[period.label]
            )
            period.save()
        period_recompute(period=period, from_raw=from_raw)


@pytest.fixture
def computed(shared_data, tmp_path):
    _import_inputs_only(shared_data, tmp_path)
    _recompute_all()
    return _published(shared_data)


def _assessments():
    return {
        (a.period.label, a.trust.ods_code): a
        for a in Assessment.objects.select_related("period", "trust")
    }


def test_every_average_is_within_001_of_nhs_englands(computed):
    assessments = _assessments()
    assert len(assessments) == 134 + 244
    for key, assessment in assessments.items():
        assert abs(float(assessment.average_2dp) - computed[key]["OF5002"]) <= 0.01 + 1e-9, key
    exact = sum(float(a.average_2dp) == computed[k]["OF5002"] for k, a in assessments.items())
    print(f"averages equal to OF5002 at 2 dp: {exact}/{len(assessments)}")
    assert exact >= 377


def test_q1_segments_from_cut_points_computed_over_195_trusts(computed):
    q1 = {k: a for k, a in _assessments().items() if k[0] == "Q1 2025/26"}
    computation = Period.objects.get(label="Q1 2025/26").releases.get().computation
    assert computation.cut_points_source == "computed"
    assert computation.cut_points == (Decimal("2.05"), Decimal("2.33"), Decimal("2.60"))
    adjusted = sum(a.adjusted_segment == computed[k]["OF5000"] for k, a in q1.items())
    unadjusted = sum(a.unadjusted_segment == computed[k]["OF5003"] for k, a in q1.items())
    assert len(q1) == 195
    assert adjusted >= 0.99 * 195 and unadjusted >= 0.99 * 195


def test_q2_to_q4_segments_with_the_periods_cut_points(computed):
    later = {k: a for k, a in _assessments().items() if k[0] != "Q1 2025/26"}
    adjusted = sum(a.adjusted_segment == computed[k]["OF5000"] for k, a in later.items())
    assert len(later) == 183
    assert adjusted >= 0.99 * 183


def test_q4_league_table_equals_nhs_englands_row_for_row(computed, shared_data):
    period = Period.objects.get(label="Q4 2025/26")
    ours = list(
        csv.DictReader(
            io.StringIO(render(league_table(period, "non-acute"), "csv").decode("utf-8-sig"))
        )
    )
    theirs = list(csv.DictReader(official(shared_data, MH_LEAGUE).open(encoding="utf-8-sig")))
    columns = ("Trust_code", "Rank", "Segment", "Average_score", "Trust_in_financial_deficit")
    assert [[row[c] for c in columns] for row in ours] == [
        [row[c] for c in columns] for row in theirs
    ]


def test_q4_likely_ranges_are_close_to_nhs_englands(computed, shared_data):
    assessments = _assessments()
    close = 0
    rows = list(csv.DictReader(official(shared_data, MH_LEAGUE).open(encoding="utf-8-sig")))
    for row in rows:
        a = assessments["Q4 2025/26", row["Trust_code"]]
        low, high = (float(x) for x in row["Likely_range_of_average_score"].split(" to "))
        rank_low, rank_high = (int(x) for x in row["Likely_range_of_rank"].split(" to "))
        close += (
            abs(float(a.average_low) - low) <= 0.05
            and abs(float(a.average_high) - high) <= 0.05
            and abs(a.rank_low - rank_low) <= 3
            and abs(a.rank_high - rank_high) <= 3
        )
    print(f"Q4 likely ranges within ±0.05 / ±3 places: {close}/{len(rows)}")
    assert close >= 0.9 * len(rows)


def test_export_league_command_writes_the_same_table(computed, tmp_path, capsys):
    call_command("export_league", "--period", "Q4 2025/26", "--league", "non-acute")
    printed = capsys.readouterr().out
    period = Period.objects.get(label="Q4 2025/26")
    assert printed == render(league_table(period, "non-acute"), "csv").decode("utf-8-sig")
    call_command(
        "export_league",
        "--period",
        "Q4 2025/26",
        "--league",
        "non-acute",
        "--format",
        "xlsx",
        "--output",
        str(tmp_path / "q4.xlsx"),
    )
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "q4.xlsx", read_only=True).active
    header, first = list(sheet.iter_rows(max_row=2, values_only=True))
    assert header[:6] == (
        "Quarter",
        "Region",
        "Trust_type",
        "Trust_subtype",
        "Trust_code",
        "Trust_name",
    )
    assert first[4] == "RYY"


def test_recompute_replaces_the_results_whole(computed):
    period = Period.objects.get(label="Q4 2025/26")
    before = list(
        Assessment.objects.filter(period=period)
        .order_by("trust__ods_code")
        .values_list("trust__ods_code", "rank", "adjusted_segment", "average_2dp")
    )
    period_recompute(period=period)
    after = list(
        Assessment.objects.filter(period=period)
        .order_by("trust__ods_code")
        .values_list("trust__ods_code", "rank", "adjusted_segment", "average_2dp")
    )
    assert after == before
    assert Assessment.objects.filter(period=period).count() == 61


def test_scores_from_raw_values_match_nhs_englands(shared_data, tmp_path):
    _import_inputs_only(shared_data, tmp_path, scores=False)
    period = Period.objects.get(label="Q1 2025/26")
    period_recompute(period=period, from_raw=True)
    published = _published(shared_data)
    pooled_with_absent_trusts = {"OF1082", "OF1086", "OF1017", "OF1028"}
    matched = compared = 0
    for score in ComputedScore.objects.filter(period=period, source="computed").select_related(
        "trust"
    ):
        expected = published["Q1 2025/26", score.trust.ods_code].get(score.score_id)
        if expected is None or score.score_id in pooled_with_absent_trusts:
            continue
        compared += 1
        matched += abs(float(score.score_2dp) - expected) <= 0.01 + 1e-9
    print(f"Q1 scores computed from raw values equal to NHS England's: {matched}/{compared}")
    assert compared > 2500
    assert matched >= 0.95 * compared


@pytest.fixture
def everything_published(shared_data):
    """NHS England's three files as published, summary rows and league table included."""
    nof_import(
        files=[
            NofFile(official(shared_data, ACUTE), ACUTE, "Q1 2025/26"),
            NofFile(official(shared_data, MH_DATA), MH_DATA),
            NofFile(official(shared_data, MH_LEAGUE), MH_LEAGUE),
        ]
    )
    _recompute_all()


def test_admin_recomputes_and_shows_the_reconciliation(
    everything_published, superuser_client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from league.models import RecomputeRun

    period = Period.objects.get(label="Q4 2025/26")
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse("admin:league_period_changelist"),
            {"action": "recompute", "_selected_action": [period.pk]},
            follow=True,
        )
    assert "Q4 2025/26: recompute queued." in response.text
    run = RecomputeRun.objects.filter(period=period).latest("queued_at")
    assert (run.state, run.trusts_written) == ("succeeded", 61)

    page = superuser_client.get(reverse("admin:league_period_reconcile", args=[period.pk]))

    assert page.status_code == 200
    assert "League-table rank" in page.text and "61" in page.text
    assert "0 difference(s)" in page.text


def test_reconcile_command_prints_the_match_rates(everything_published, capsys):
    call_command("reconcile", "--period", "Q1 2025/26")
    out = capsys.readouterr().out
    assert "Segment (OF5000): 195/195" in out
    assert "Population incomplete" in out


def test_export_league_chooses_a_release(everything_published, capsys):
    from django.core.management.base import CommandError

    from league.services.releases import release_publish

    period = Period.objects.get(label="Q4 2025/26")
    release_publish(release=period.releases.get())
    call_command(
        "export_league", "--period", "Q4 2025/26", "--league", "non-acute", "--release", "1"
    )
    first = capsys.readouterr().out
    assert first.count("\n") == 62 and "RYY" in first
    with pytest.raises(CommandError, match="has no release 7"):
        call_command(
            "export_league", "--period", "Q4 2025/26", "--league", "non-acute", "--release", "7"
        )


def test_staff_set_the_cut_points_read_from_nhs_englands_segments(shared_data, superuser_client):
    """Q2 2025/26's files hold only MH&C trusts, too few for the pooled quartiles: the
    reconciliation reads cut-points from NHS England's published segments, staff set them in
    one step, and the recompute then gives back every published segment."""
    from django.urls import reverse

    nof_import(files=[NofFile(official(shared_data, MH_DATA), MH_DATA)])
    period = Period.objects.get(label="Q2 2025/26")
    period_recompute(period=period, replicates=0)
    url = reverse("admin:league_period_reconcile", args=[period.pk])
    page = html.unescape(superuser_client.get(url).text)
    assert (
        "Cut-points 2.06, 2.35, 2.64 read from NHS England's published unadjusted "
        "segments of 61 trusts" in page
    )
    assert "Set these cut-points for Q2 2025/26" in page

    done = superuser_client.post(url, follow=True)
    assert "A recompute is queued." in done.text
    period.refresh_from_db()
    assert [str(c) for c in (period.cut_point_1, period.cut_point_2, period.cut_point_3)] == [
        "2.06", "2.35", "2.64"]  # fmt: skip
    assert period.cut_points_note.startswith("Cut-points 2.06, 2.35, 2.64 read from")
    period_recompute(period=period, replicates=0)
    report = superuser_client.get(url)
    assert "Unadjusted segment (OF5003)</td><td>61</td><td>61</td>" in report.text
    assert "Segment (OF5000)</td><td>61</td><td>61</td>" in report.text
    assert "These are the values in use." in report.text
    assert "Set these cut-points" not in report.text
