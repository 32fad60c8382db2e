import itertools

import pytest

from league.models import (
    ImportOutcome,
    Period,
    PublishedFigure,
    PublishedLeagueRow,
)
from league.services.imports import NofImportRefused, nof_import
from tests.league.official import (
    ACUTE,
    MH_DATA,
    MH_LEAGUE,
    database_state,
    file_counts,
    nof_files,
    official,
    stored_counts,
    wipe_imported,
)
from trusts.models import Trust

pytestmark = pytest.mark.django_db


def test_the_three_official_files_are_stored_exactly(shared_data):
    batch = nof_import(files=nof_files(shared_data, ACUTE, MH_DATA, MH_LEAGUE))

    assert batch.outcome == ImportOutcome.IMPORTED
    assert Trust.objects.filter(league="acute").count() == 134
    assert Trust.objects.filter(league="non-acute").count() == 61
    assert list(Period.objects.values_list("label", flat=True)) == [
        "Q1 2025/26",
        "Q2 2025/26",
        "Q3 2025/26",
        "Q4 2025/26",
    ]
    expected = file_counts(official(shared_data, ACUTE), "Q1 2025/26") + file_counts(
        official(shared_data, MH_DATA)
    )
    assert stored_counts() == expected
    q4 = PublishedLeagueRow.objects.filter(release__period__label="Q4 2025/26")
    assert q4.count() == 61
    kent = q4.get(trust__ods_code="RYY")
    assert (kent.rank, kent.segment, kent.average_score, kent.rank_low, kent.rank_high) == (
        1,
        1,
        1.53,
        1,
        11,
    )
    assert batch.counts["added"] == 7265 + 8771 + 61
    assert {f["sha256"] for f in batch.files} and len(batch.files) == 3


def test_flags_the_engine_needs_are_kept(shared_data):
    nof_import(files=nof_files(shared_data, ACUTE))
    flags = PublishedFigure.objects.filter(release__period__label="Q1 2025/26")
    assert flags.filter(figure_id="OF5004", value=1).count() == 99
    assert flags.filter(figure_id="OF5007", value=1).count() == 14


def test_importing_again_changes_nothing(shared_data):
    nof_import(files=nof_files(shared_data, ACUTE, MH_DATA, MH_LEAGUE))
    before = database_state()

    again = nof_import(files=nof_files(shared_data, ACUTE, MH_DATA, MH_LEAGUE))

    assert again.outcome == ImportOutcome.UNCHANGED
    assert again.counts["added"] == again.counts["changed"] == 0
    assert database_state() == before


@pytest.mark.parametrize("order", list(itertools.permutations([ACUTE, MH_DATA, MH_LEAGUE]))[1::2])
def test_any_order_gives_the_same_database(shared_data, order):
    for name in order:
        nof_import(files=nof_files(shared_data, name))
    one_by_one = database_state()
    # Compare with all three imported together in the canonical order (fresh tables).
    wipe_imported()
    nof_import(files=nof_files(shared_data, ACUTE, MH_DATA, MH_LEAGUE))
    assert database_state() == one_by_one


def test_a_file_without_a_quarter_column_needs_a_period(shared_data):
    from league.nof_files import NofFile

    with pytest.raises(NofImportRefused) as refused:
        nof_import(files=[NofFile(official(shared_data, ACUTE), ACUTE)])
    assert any("Quarter" in problem.message for problem in refused.value.preview.problems)
    assert not Trust.objects.exists()
    assert refused.value.batch.outcome == ImportOutcome.REFUSED


def test_a_published_period_is_frozen(shared_data):
    nof_import(files=nof_files(shared_data, MH_LEAGUE))
    Period.objects.filter(label="Q4 2025/26").update(status="published")
    before = database_state()

    with pytest.raises(NofImportRefused) as refused:
        nof_import(files=nof_files(shared_data, MH_DATA))

    assert any("Q4 2025/26 is published" in p.message for p in refused.value.preview.problems)
    assert database_state() == before
