"""Benchmark the pure ranking engine (league.methodology): prints timings, asserts nothing.

    .venv/bin/python bench/engine_pure.py [--replicates 1000] [--seed 1]

Cases: one quarter of 205 trusts on the 2025/26 catalogue (134 acute, 61 MH&C, 10 ambulance,
scores recomputed from raw values, 1,000 bootstrap replicates; goal < 0.5 s), NHS England's own
Q1 2025/26 files when ../shared/data/nof-official is present, and synthetic 1,000 and 10,000
trusts x 40 metrics (goal < 30 s), with the growth factor between the last two.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from league.frameworks import shipped_catalogue  # noqa: E402
from league.methodology import (  # noqa: E402
    DomainDefinition,
    MetricDefinition,
    PeriodInputs,
    Provider,
    RawValue,
    compute_period,
)

CATALOGUE = shipped_catalogue("2025/26")
DOMAINS, METRICS = CATALOGUE.domains, CATALOGUE.metrics

LEAGUE_SIZES = {"acute": 134, "non-acute": 61, "ambulance": 10}


def _providers(count: int, rng: np.random.Generator) -> tuple[Provider, ...]:
    leagues = np.repeat(list(LEAGUE_SIZES), list(LEAGUE_SIZES.values()))
    return tuple(
        Provider(f"T{i:05d}", str(leagues[i % leagues.size]), bool(rng.random() < 0.5),
                 bool(rng.random() < 0.05))
        for i in range(count)
    )  # fmt: skip


def _raw(
    providers: tuple[Provider, ...], metrics: tuple[MetricDefinition, ...],
    rng: np.random.Generator, coverage: float,
) -> tuple[RawValue, ...]:  # fmt: skip
    """2-dp values in each metric's plausible range, so thresholds and ties both occur."""
    out = []
    for m in metrics:
        if m.rule == "published" or m.rule == "matrix":
            continue
        spread = {"D": (-3.0, 1.0)}.get(m.rule, (0.0, 100.0))
        for p in providers:
            if rng.random() < coverage:
                value = round(float(rng.uniform(*spread)), 2)
                out.append(RawValue(p.code, m.metric_id, value, "%"))
    return tuple(out)


def catalogue_quarter(count: int, rng: np.random.Generator) -> PeriodInputs:
    providers = _providers(count, rng)
    return PeriodInputs("bench", providers, METRICS, _raw(providers, METRICS, rng, 0.6), (),
                        DOMAINS)  # fmt: skip


def synthetic_metrics(count: int) -> tuple[MetricDefinition, ...]:
    """A 40-metric catalogue mixing every raw-value rule, pools and one averaged group."""
    domains = [d.name for d in DOMAINS]
    out = []
    for i in range(count):
        rule = "ABCD"[i % 4]
        params: dict = {"population": "pooled" if i % 2 else "type"}
        if rule in "BC":
            params |= {"threshold": 50.0, "threshold_inclusive": True}
        if rule == "D":
            params = {"band_cuts": [0.0, -1.0, -2.0], "band_inclusive": [True, False, False]}
        out.append(MetricDefinition(
            f"OF0{i:03d}", f"OF1{i:03d}", f"metric {i}", domains[i % 5], "", "%", True, rule,
            params, ("acute", "non-acute", "ambulance"),
            average_group="group" if i < 3 else None,
        ))  # fmt: skip
    return tuple(out)


def synthetic_quarter(count: int, metrics: int, rng: np.random.Generator) -> PeriodInputs:
    providers = _providers(count, rng)
    defs = synthetic_metrics(metrics)
    domains = tuple(DomainDefinition(d.name, d.score_id, d.segment_id) for d in DOMAINS)
    return PeriodInputs("bench", providers, defs, _raw(providers, defs, rng, 0.85), (), domains)


def official_q1() -> PeriodInputs | None:
    data = ROOT / ".." / "shared" / "data" / "nof-official"
    if not data.is_dir():
        return None
    sys.path.insert(0, str(ROOT / "tests" / "league" / "methodology"))
    from official_data import OfficialData  # type: ignore[import-not-found]

    return OfficialData().inputs("Q1 2025/26", published="score_only")


def timed(
    label: str, inputs: PeriodInputs, replicates: int, seed: int, goal: float, repeat: int = 1
) -> float:
    """Run the case `repeat` times; report the median (and the best) wall-clock time."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = compute_period(inputs, from_raw=True, replicates=replicates, seed=seed)
        times.append(time.perf_counter() - start)
    elapsed = float(np.median(times))
    ranked = sum(p.rank is not None for p in result.providers)
    verdict = "ok" if elapsed < goal else "OVER GOAL"
    print(f"{label:<40} {len(inputs.providers):>6} trusts {len(inputs.raw_values):>7} values "
          f"{replicates:>5} reps  median {elapsed:7.3f} s (best {min(times):.3f} of {repeat})  "
          f"goal < {goal:g} s: {verdict}; {ranked} ranked")  # fmt: skip
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    reps, seed = args.replicates, args.seed
    compute_period(catalogue_quarter(50, rng), from_raw=True, replicates=10)  # warm-up
    timed("2025/26 catalogue, one quarter", catalogue_quarter(205, rng), reps, seed, 0.5, 5)
    official = official_q1()
    if official is not None:
        timed("NHS England Q1 2025/26 files (from raw)", official, reps, seed, 0.5, 5)
    small = timed("synthetic x 40 metrics", synthetic_quarter(1_000, 40, rng), reps, seed, 30)
    large = timed("synthetic x 40 metrics", synthetic_quarter(10_000, 40, rng), reps, seed, 30)
    print(f"growth factor 1,000 -> 10,000 trusts: {large / small:.1f}x (10x more trusts)")


if __name__ == "__main__":
    main()
