"""compute_period: sources of scores, cut-points, notes, flags and unscored providers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from league.methodology import PeriodInputs, Provider, PublishedScore, RawValue, compute_period
from tests.league.methodology.nof_2025_26 import DOMAINS, METRICS

from .synthetic import period


def _inputs(**changes: object) -> PeriodInputs:
    providers = (
        Provider("AAA", "acute", in_financial_deficit=True),
        Provider("BBB", "acute", in_recovery_support=True),
        Provider("CCC", "non-acute"),
        Provider("DDD", "non-acute"),
    )
    raw = (
        RawValue("AAA", "OF0013", 80.0, "%"), RawValue("BBB", "OF0013", 70.0, "%"),
        RawValue("AAA", "OF0082", 4.0, "%"), RawValue("BBB", "OF0082", 5.0, "%"),
        RawValue("CCC", "OF0082", 6.0, "%"), RawValue("DDD", "OF0082", 7.0, "%"),
        RawValue("CCC", "OF0079", -1.5, "%"), RawValue("CCC", "OF0081", 0.0, "%"),
    )  # fmt: skip
    published = (PublishedScore("AAA", "OF1046", 3.0), PublishedScore("BBB", "OF1013", 1.5))
    base = PeriodInputs("Q1 2025/26", providers, METRICS, raw, published, DOMAINS)
    return replace(base, **changes)


def test_published_scores_win_unless_recomputing_from_raw() -> None:
    result = compute_period(_inputs(), replicates=0).by_code()
    assert result["BBB"].scores["OF1013"] == 1.5
    assert result["BBB"].score_sources["OF1013"] == "published"
    assert result["AAA"].score_sources["OF1013"] == "computed"
    raw = compute_period(_inputs(), from_raw=True, replicates=0).by_code()
    assert raw["BBB"].scores["OF1013"] == 2.0  # misses the 78% target, the only one failing


def test_score_only_metrics_always_come_from_published_scores() -> None:
    result = compute_period(_inputs(), from_raw=True, replicates=0).by_code()
    assert result["AAA"].scores["OF1046"] == 3.0
    assert result["AAA"].score_sources["OF1046"] == "published"


def test_matrix_and_bands_from_raw_finance() -> None:
    result = compute_period(_inputs(), replicates=0).by_code()
    assert (result["CCC"].scores["OF1079"], result["CCC"].scores["OF1081"]) == (3.0, 1.0)
    assert result["CCC"].scores["OF1080"] == 2.0
    assert result["CCC"].item_count == 2  # sickness + combined finance


def test_pooled_sickness_ranks_all_leagues_together() -> None:
    result = compute_period(_inputs(), replicates=0).by_code()
    assert [result[c].scores["OF1082"] for c in ("AAA", "BBB", "CCC", "DDD")] == [1, 2, 3, 4]
    assert any("OF0082" in note for note in compute_period(_inputs(), replicates=0).notes)


def test_cut_points_computed_or_supplied() -> None:
    computed = compute_period(_inputs(), replicates=0)
    assert computed.cut_points_source == "computed"
    supplied = compute_period(_inputs(), cut_points=(1.5, 2.5, 3.5), replicates=0)
    assert supplied.cut_points_source == "supplied"
    assert supplied.cut_points == (1.5, 2.5, 3.5)


def test_incomplete_population_is_noted() -> None:
    notes = compute_period(_inputs(), replicates=0).notes
    assert any("ambulance" in n and "incomplete" in n.lower() for n in notes)
    full = _inputs(expected_leagues=("acute", "non-acute"))
    assert not any("Population incomplete" in n for n in compute_period(full, replicates=0).notes)


def test_flags_cap_and_segment_5() -> None:
    result = compute_period(_inputs(), cut_points=(1.7, 2.5, 3.5), replicates=0).by_code()
    assert result["AAA"].unadjusted_segment == 1 and result["AAA"].adjusted_segment == 3
    assert result["AAA"].in_financial_deficit
    assert result["BBB"].segment_5 and not result["AAA"].segment_5
    assert result["AAA"].rank == 2 and result["BBB"].rank == 1
    assert result["AAA"].league_size == 2


def test_provider_without_items_is_listed_but_not_ranked() -> None:
    extra = (*_inputs().providers, Provider("EEE", "acute"))
    result = compute_period(_inputs(providers=extra), replicates=50).by_code()
    assert result["EEE"].average is None and result["EEE"].rank is None
    assert result["EEE"].item_count == 0 and result["EEE"].average_lo is None
    assert result["EEE"].league_size == 2  # the ranked acute trusts
    assert result["AAA"].rank_lo is not None


def test_replicates_zero_skips_likely_ranges() -> None:
    result = compute_period(_inputs(), replicates=0)
    assert result.replicates == 0
    assert all(p.rank_lo is None for p in result.providers)


def test_duplicates_are_rejected() -> None:
    inputs = _inputs()
    with pytest.raises(ValueError, match="twice"):
        compute_period(replace(inputs, providers=inputs.providers * 2), replicates=0)
    with pytest.raises(ValueError, match="two raw values"):
        compute_period(replace(inputs, raw_values=inputs.raw_values * 2), replicates=0)


def test_fixed_thresholds_use_the_same_boundaries() -> None:
    """2026/27 style: thresholds are data; an average on a threshold stays in the better one."""
    result = compute_period(_inputs(), cut_points=(1.67, 1.75, 3.0), replicates=0).by_code()
    assert str(result["AAA"].average_2dp) == "1.67" and result["AAA"].unadjusted_segment == 1
    assert str(result["BBB"].average_2dp) == "1.75" and result["BBB"].unadjusted_segment == 3


def test_same_seed_same_result_and_result_records_seed() -> None:
    inputs = period(40, 8, seed=3)
    a = compute_period(inputs, replicates=100, seed=9)
    b = compute_period(inputs, replicates=100, seed=9)
    assert a == b and a.seed == 9 and a.replicates == 100


def test_next_segment_is_reported_below_segment_one() -> None:
    result = compute_period(period(60, 10, seed=4), replicates=0)
    for p in result.providers:
        if p.unadjusted_segment == 1:
            assert p.next_segment is None
        elif p.unadjusted_segment is not None:
            assert p.next_segment is not None
            assert p.next_segment.target_segment == p.unadjusted_segment - 1
            assert p.next_segment.average_gap > 0
