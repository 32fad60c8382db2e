"""The 2025/26 catalogue file is complete, JSON-friendly, and the only place metric ids live."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

import league.methodology as methodology
from league.methodology.model import RULES
from tests.league.methodology.nof_2025_26 import DOMAINS, METRICS, metric_by_id

from .official_data import OfficialData


def test_ids_are_unique_and_paired() -> None:
    assert len({m.metric_id for m in METRICS}) == len(METRICS) == 30
    for m in METRICS:
        assert m.rule in RULES
        assert m.score_id == "OF1" + m.metric_id[3:]
        assert m.domain in {d.name for d in DOMAINS}
        assert (m.higher_is_better is None) == (m.rule in ("published", "matrix"))


def test_only_the_combined_finance_score_counts_among_finance_scores() -> None:
    by_id = metric_by_id()
    assert not by_id["OF1079"].counts_in_average and not by_id["OF1081"].counts_in_average
    assert by_id["OF1080"].counts_in_average
    assert {m.score_id for m in METRICS if m.average_group == "infection"} == {
        "OF1020", "OF1048", "OF1088"}  # fmt: skip


def test_params_survive_a_json_round_trip() -> None:
    for m in METRICS:
        params = json.loads(json.dumps(m.params))
        assert replace(m, params=params) == m


def test_domains_have_score_and_segment_ids() -> None:
    assert [(d.score_id, d.segment_id) for d in DOMAINS] == [
        ("OF4000", "OF4100"), ("OF4002", "OF4102"), ("OF4003", "OF4103"),
        ("OF4004", "OF4104"), ("OF4005", "OF4105"),
    ]  # fmt: skip


def test_scoring_code_names_no_metric() -> None:
    """Rules are data: no engine module mentions a metric id."""
    package = Path(methodology.__file__).parent
    for path in package.glob("*.py"):
        assert not re.search(r"OF[0-9]{4}", path.read_text()), path.name


def _file_id(m: methodology.MetricDefinition) -> str:
    """The id a metric's rows carry: the raw value's, or the score's when there is no raw value."""
    return m.metric_id if m.rule in ("A", "B", "C", "D") else m.score_id


def test_catalogue_covers_every_metric_in_the_files(official: OfficialData) -> None:
    by_file_id = {_file_id(m): m for m in METRICS}
    seen = {
        row["Metric_ID"]: row
        for row in official.rows
        if row["Metric_ID"].startswith("OF0") or row["Metric_ID"] in by_file_id
    }
    assert set(seen) == set(by_file_id)
    for file_id, row in seen.items():
        m = by_file_id[file_id]
        assert m.description == row["Metric_description"], file_id
        assert (m.domain, m.sub_domain) == (row["Domain"], row["Sub-domain"]), file_id


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.metric_id)
def test_definitions_are_hashable_records(metric: methodology.MetricDefinition) -> None:
    assert hash(metric) == hash(replace(metric))
