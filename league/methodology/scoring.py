"""Step 1: each provider's 1.00-4.00 score for each metric, from raw values or as published.

Which rule, population and threshold apply is read from `MetricDefinition.params`; nothing
here names a metric. Published scores win unless the caller asks to recompute from raw
(`from_raw=True`), because NHS England's own scores are the truth where they exist; scores
with no raw value (rule "published", e.g. SHMI bands) always come from the published rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .derounding import restore_unrounded
from .model import MetricDefinition, PeriodInputs, Provider
from .ranking import competition_ranks, ordering_keys, round_for_ranking
from .rules import count_band, matrix_lookup, meets_threshold, rank_linear, rule_d

SOURCE_PUBLISHED = "published"
SOURCE_COMPUTED = "computed"

ScoreTable = dict[str, dict[str, tuple[float, str]]]
"""provider code -> score_id -> (unrounded score, source)."""


@dataclass(frozen=True)
class Observations:
    """One metric's raw values for the providers of a period, as parallel arrays."""

    codes: tuple[str, ...]
    leagues: np.ndarray
    values: np.ndarray
    units: np.ndarray
    hints: np.ndarray


def _groups(population: str, leagues: np.ndarray) -> list[np.ndarray]:
    """Index sets scored together: the whole pool, or each league ("type") on its own."""
    if population == "pooled":
        return [np.arange(leagues.shape[0])]
    return [np.flatnonzero(leagues == league) for league in np.unique(leagues)]


def _rank_into(
    scores: np.ndarray,
    idx: np.ndarray,
    obs: Observations,
    defn: MetricDefinition,
    low: float,
    high: float,
) -> None:
    if idx.size == 0:
        return
    primary, secondary = ordering_keys(
        obs.values[idx],
        obs.leagues[idx],
        obs.hints[idx],
        higher_is_better=bool(defn.higher_is_better),
        rank_decimals=defn.params.get("rank_decimals"),
    )
    scores[idx] = rank_linear(competition_ranks(primary, secondary), idx.size, low, high)


def score_metric(defn: MetricDefinition, obs: Observations) -> np.ndarray:
    """Unrounded scores for every observation of one metric (rules A, B, C, D)."""
    if defn.rule not in ("A", "B", "C", "D"):
        raise ValueError(f"{defn.metric_id}: rule {defn.rule!r} is not a raw-value rule")
    params = defn.params
    higher = bool(defn.higher_is_better)
    if defn.rule == "D":
        return rule_d(
            obs.values, params["band_cuts"], params["band_inclusive"], higher_is_better=higher
        )
    scores = np.full(obs.values.shape, np.nan)
    counted = np.zeros(obs.values.shape, dtype=bool)
    if "count_unit" in params:
        counted = obs.units == params["count_unit"]
        scores[counted] = count_band(obs.values[counted], params.get("count_score_cap", 4))
    compared = round_for_ranking(obs.values, params.get("rank_decimals"))
    for idx in _groups(params.get("population", "type"), obs.leagues):
        idx = idx[~counted[idx]]
        if defn.rule == "A":
            _rank_into(scores, idx, obs, defn, 1.0, 4.0)
            continue
        passed = meets_threshold(
            compared[idx],
            params["threshold"],
            higher_is_better=higher,
            inclusive=params.get("threshold_inclusive", True),
        )
        if defn.rule == "B":
            scores[idx[passed]] = 1.0
            _rank_into(scores, idx[~passed], obs, defn, 2.0, 4.0)
        else:
            scores[idx[~passed]] = 4.0
            _rank_into(scores, idx[passed], obs, defn, 1.0, 3.0)
    return scores


def _observations(inputs: PeriodInputs, providers: dict[str, Provider]) -> dict[str, Observations]:
    rows: dict[str, list] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for raw in inputs.raw_values:
        key = (raw.provider_code, raw.metric_id)
        if key in seen:
            raise ValueError(f"{inputs.period}: two raw values for {key}")
        seen.add(key)
        if raw.provider_code in providers:
            rows[raw.metric_id].append(raw)
    out = {}
    for metric_id, vals in rows.items():
        out[metric_id] = Observations(
            codes=tuple(v.provider_code for v in vals),
            leagues=np.array([providers[v.provider_code].league for v in vals]),
            values=np.array([v.value for v in vals], dtype=float),
            units=np.array([v.unit for v in vals]),
            hints=np.array([np.nan if v.order_hint is None else v.order_hint for v in vals]),
        )
    return out


def _pool_notes(defn: MetricDefinition, obs: Observations, inputs: PeriodInputs) -> list[str]:
    """Say when a recomputed pooled score cannot match NHS England's because its pool is partial."""
    if defn.params.get("population") != "pooled":
        return []
    present = set(obs.leagues.tolist())
    held = {p.league for p in inputs.providers}
    notes = []
    absent = {
        lg: n for lg, n in defn.params.get("absent_pool_members", {}).items() if lg not in present
    }
    if absent:
        notes.append(
            f"{defn.metric_id}: NHS England's pool also holds {absent} providers absent here; "
            f"scores are estimated from the rank among the {obs.values.size} present "
            "(rank scaled to the pool)."
        )
    missing = sorted(lg for lg in defn.leagues if lg not in held and lg not in absent)
    if missing:
        notes.append(f"{defn.metric_id}: pooled score computed without league(s) {missing}.")
    return notes


def score_period(inputs: PeriodInputs, *, from_raw: bool = False) -> tuple[ScoreTable, list[str]]:
    """Every provider's score for every metric of the period, with notes on estimated pools."""
    providers = {p.code: p for p in inputs.providers}
    observations = _observations(inputs, providers)
    published: dict[str, dict[str, float]] = defaultdict(dict)
    for ps in inputs.published_scores:
        if ps.provider_code in providers:
            published[ps.score_id][ps.provider_code] = ps.score
    table: ScoreTable = {code: {} for code in providers}
    notes: list[str] = []
    ordered = sorted(inputs.metrics, key=lambda d: d.rule == "matrix")
    for defn in ordered:
        pub = published.get(defn.score_id, {})
        computed: dict[str, float] = {}
        if defn.rule == "matrix":
            computed = _matrix_scores(defn, table)
        elif defn.rule != "published" and defn.metric_id in observations:
            obs = observations[defn.metric_id]
            values = score_metric(defn, obs)
            computed = {
                c: float(s) for c, s in zip(obs.codes, values, strict=True) if not np.isnan(s)
            }
            if from_raw or set(computed) - set(pub):
                notes.extend(_pool_notes(defn, obs, inputs))
        for code, score in computed.items():
            table[code][defn.score_id] = (score, SOURCE_COMPUTED)
        if not from_raw or defn.rule == "published":
            for code, score in restore_unrounded(defn, pub).items():
                table[code][defn.score_id] = (float(score), SOURCE_PUBLISHED)
    return table, notes


def _matrix_scores(defn: MetricDefinition, table: ScoreTable) -> dict[str, float]:
    row_id, col_id = defn.params["matrix_inputs"]
    codes = [c for c, s in table.items() if row_id in s and col_id in s]
    if not codes:
        return {}
    rows = np.array([table[c][row_id][0] for c in codes])
    cols = np.array([table[c][col_id][0] for c in codes])
    values = matrix_lookup(rows, cols, defn.params["matrix"])
    return {c: float(v) for c, v in zip(codes, values, strict=True)}
