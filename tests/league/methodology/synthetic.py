"""Small synthetic periods for engine and property tests (no NHS England data needed)."""

from __future__ import annotations

import numpy as np

from league.methodology import (
    DomainDefinition,
    MetricDefinition,
    PeriodInputs,
    Provider,
    PublishedScore,
    RawValue,
)

DOMAINS = (
    DomainDefinition("Access to services", "OF4000", "OF4100"),
    DomainDefinition("Patient safety", "OF4002", "OF4102"),
)


def metrics(count: int) -> tuple[MetricDefinition, ...]:
    """Alternating rule A (pooled / within league) and rule B metrics over two domains."""
    out = []
    for i in range(count):
        number = f"{i + 1:03d}"
        rule = "B" if i % 3 == 2 else "A"
        params: dict = {"population": "pooled" if i % 2 else "type"}
        if rule == "B":
            params.update(threshold=50.0, threshold_inclusive=True)
        out.append(
            MetricDefinition(
                metric_id=f"OF0{number}",
                score_id=f"OF1{number}",
                description=f"synthetic metric {number}",
                domain=DOMAINS[i % 2].name,
                sub_domain="",
                unit="%",
                higher_is_better=bool(i % 2),
                rule=rule,
                params=params,
                leagues=("acute", "non-acute"),
            )
        )
    return tuple(out)


def period(
    providers: int, metric_count: int, *, seed: int = 1, missing: float = 0.1,
    published: bool = False,
) -> PeriodInputs:  # fmt: skip
    """Random raw values (2 dp, so ties happen), some missing, flags at random."""
    rng = np.random.default_rng(seed)
    defs = metrics(metric_count)
    provs = tuple(
        Provider(
            code=f"T{i:05d}",
            league="acute" if i % 3 else "non-acute",
            in_financial_deficit=bool(rng.random() < 0.4),
            in_recovery_support=bool(rng.random() < 0.05),
        )
        for i in range(providers)
    )
    raw, scores = [], []
    for p in provs:
        for d in defs:
            if rng.random() < missing:
                continue
            raw.append(RawValue(p.code, d.metric_id, round(float(rng.random() * 100), 2), "%"))
            if published:
                scores.append(PublishedScore(p.code, d.score_id, round(1 + 3 * rng.random(), 2)))
    return PeriodInputs("Q1 2099/00", provs, defs, tuple(raw), tuple(scores), DOMAINS)
