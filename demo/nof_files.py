"""Four quarters of fictional NOF results, written as NHS England's trust-data files.

`demo_nof_files(trusts, seed)` gives one CSV per league ("demo-acute-trust-data-q1-q4-2025-26.csv"
and so on; one for ICBs when the year's catalogue scores them) in exactly the published
layout: a Quarter column first, UTF-8 with a byte order mark, CRLF line ends, numbers
such as "4.01", ranks such as "113.0" and flags "0.0"/"1.0".
The files are loaded through the real import, so the demonstration exercises the same
validation, storage and engine as NHS England's own files.

Each trust has a persistent underlying quality that drifts from quarter to quarter (so some
trusts change segment), and each metric mixes that quality with the trust's own level and
fresh noise (see `demo.metrics`). Only raw values, NHS England's inputs (the financial
override and Recovery Support Programme flags) and the scores that have no raw value are
written: metric scores, domain scores, averages and segments are the engine's job.
Deterministic: every trust draws from its own generator seeded by (seed, trust code).
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from demo.metrics import (
    DRAWS,
    INFECTION_RATES,
    MRSA_MEAN,
    QUARTERS,
    ROLLING_YEAR,
    SCORES,
    Draw,
)
from league.frameworks import shipped_catalogue
from league.methodology import MetricDefinition
from league.methodology.catalogue_file import Catalogue, read_catalogue, write_catalogue
from league.methodology.ranking import competition_ranks, round_for_ranking
from league.nof_files.summary_ids import SUMMARY_IDS

HEADER = (
    "Quarter", "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name", "Domain",
    "Sub-domain", "Metric_ID", "Metric_description", "Reporting_date", "Units", "Value",
    "Median_value", "Lower_quartile", "Upper_quartile", "Rank",
)  # fmt: skip
LEAGUES = ("acute", "non-acute", "ambulance", "icb")
TRUST_TYPES = {
    "acute": "Acute trust",
    "non-acute": "Mental health and community trust",
    "ambulance": "Ambulance trust",
    "icb": "Integrated care board",
}
FILE_NAMES = {
    "acute": "demo-acute-trust-data-q1-q4-2025-26.csv",
    "non-acute": "demo-mh-community-trust-data-q1-q4-2025-26.csv",
    "ambulance": "demo-ambulance-trust-data-q1-q4-2025-26.csv",
    "icb": "demo-icb-data-q1-q4-2025-26.csv",
}
FILE_REGIONS = {"East of England": "East"}  # NHS England's files shorten this one
FLAGS = {
    SUMMARY_IDS["financial_override"]: "Financial override",
    SUMMARY_IDS["recovery_support"]: "Is the organisation in the Recovery Support Programme?",
}
GAP = 0.01  # chance that a quarter's value is simply missing from the file
DEFICIT_PLAN = {"acute": 0.65, "non-acute": 0.27, "ambulance": 0.2, "icb": 0.4}
BREAKEVEN_PLAN = {"acute": 0.75, "non-acute": 0.65, "ambulance": 0.6, "icb": 0.7}
ICB_METRICS = ("OF0003", "OF0010", "OF0011", "OF0013", "OF0023", "OF0025")
"""Metrics the fictional 2026/27 year also scores ICBs on (waits, cancer, A&E, discharge):
NHS England's ICB metric list (Annex B) is not in our sources."""

Definitions = dict[str, MetricDefinition]


def definitions_of(catalogue: Catalogue) -> Definitions:
    """Each metric of the catalogue by its metric id and its score id."""
    return {key: m for m in catalogue.metrics for key in (m.metric_id, m.score_id)}


DEFINITIONS = definitions_of(shipped_catalogue("2025/26"))


def demo_catalogue_with_icbs(text: str) -> str:
    """A catalogue file with ICBs added to the leagues of the `ICB_METRICS` (ranked among ICBs)."""
    catalogue = read_catalogue(text)
    metrics = tuple(
        replace(m, leagues=(*m.leagues, "icb"))
        if m.metric_id in ICB_METRICS and "icb" not in m.leagues
        else m
        for m in catalogue.metrics
    )
    return write_catalogue(replace(catalogue, metrics=metrics))


@dataclass(frozen=True)
class DemoTrust:
    code: str
    name: str
    league: str  # the database's league: "acute", "non-acute", "ambulance" or "icb"
    subtype: str
    region: str

    @classmethod
    def of(cls, trust) -> DemoTrust:
        """From a Trust (or anything with ods_code, name, league, subtype and region)."""
        if isinstance(trust, DemoTrust):
            return trust
        region = getattr(trust.region, "name", trust.region)
        return cls(trust.ods_code, trust.name, trust.league, trust.subtype, str(region))

    @classmethod
    def of_icb(cls, icb) -> DemoTrust:
        """From the register's ICB (code, name and region), to be assessed as an organisation."""
        return cls(icb.code, icb.name, "icb", "", icb.region.name)


@dataclass(frozen=True)
class _Row:
    quarter: int
    trust: DemoTrust
    metric_id: str
    value: float
    date: str
    units: str


def demo_nof_files(
    trusts: Iterable,
    seed: int = 2025,
    year: int = 2025,
    quarters: int = 4,
    catalogue: Catalogue | None = None,
) -> list[tuple[str, bytes]]:
    """(file name, CSV bytes) for each league that has trusts: the first `quarters` quarters
    of the framework year starting in `year` (2025: 2025/26; a later year moves every date on
    by as many years). Which metrics each league reports, and what they are, come from
    `catalogue` (by default the 2025/26 one)."""
    definitions = DEFINITIONS if catalogue is None else definitions_of(catalogue)
    by_league: dict[str, list[_Row]] = defaultdict(list)
    for trust in sorted((DemoTrust.of(t) for t in trusts), key=lambda t: t.code):
        rng = random.Random(f"{seed}:{trust.code}")
        rows = _TrustDraw(trust, rng, definitions).rows()
        by_league[trust.league].extend(row for row in rows if row.quarter < quarters)
    shift = year - 2025
    return [
        (_file_name(league, shift, quarters), _csv(by_league[league], definitions, shift))
        for league in LEAGUES
        if by_league[league]
    ]


YEAR_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{4}|[0-9]{2})(?![0-9])")


def _file_name(league: str, shift: int, quarters: int) -> str:
    name = _shifted(FILE_NAMES[league], shift)
    if quarters == 4:
        return name
    return name.replace("q1-q4", "q1" if quarters == 1 else f"q1-q{quarters}")


def _shifted(text: str, years: int) -> str:
    """Every year in a quarter label, date or file name moved on by `years`
    ("Q1 2025/26" -> "Q1 2026/27", "Jul 24 - Jun 25" -> "Jul 25 - Jun 26")."""
    if not years:
        return text
    return YEAR_IN_TEXT.sub(lambda m: str(int(m[1]) + years).zfill(len(m[1]))[-len(m[1]) :], text)


class _TrustDraw:
    """Everything one trust reports in the year, drawn from its own generator."""

    def __init__(self, trust: DemoTrust, rng: random.Random, definitions: Definitions) -> None:
        self.trust, self.rng, self.definitions = trust, rng, definitions
        self.league = trust.league
        start, slope = rng.gauss(0, 1), rng.gauss(0, 0.15)
        walk = [0.0]
        for _ in QUARTERS[1:]:
            walk.append(walk[-1] + rng.gauss(0, 0.25))
        self.quality = [start + slope * t + walk[t] for t in range(len(QUARTERS))]
        self.out: list[_Row] = []

    def rows(self) -> list[_Row]:
        self._finance()
        if self.league == "acute":
            self._infections()
        for metric_id, draw in DRAWS.items():
            if self._reports(metric_id, draw):
                for t, value in enumerate(self._series(draw, self.definitions[metric_id])):
                    if self.rng.random() >= GAP:
                        self._add(t, metric_id, value, draw.dates[t])
        for score_id, draw in SCORES.items():
            if self._reports(score_id, draw):
                for t, value in enumerate(self._scores(draw)):
                    self._add(t, score_id, value, draw.dates[t], "score")
        recovery = self.quality[0] < -1.3 and self.rng.random() < 0.5
        leaves = recovery and self.rng.random() < 0.3
        for t, quarter in enumerate(QUARTERS):
            flag = recovery and not (leaves and t == 3)
            self._add(t, SUMMARY_IDS["recovery_support"], float(flag), quarter, "flag")
        return self.out

    def _reports(self, metric_id: str, draw: Draw) -> bool:
        if self.league not in self.definitions[metric_id].leagues:
            return False
        return self.rng.random() < draw.coverage(self.league, self.trust.subtype)

    def _series(self, draw: Draw, definition: MetricDefinition) -> list[float]:
        """The trust's value in each quarter; unchanged between the draw's refreshes."""
        centre, spread = draw.for_league(self.league)
        sign = 1 if definition.higher_is_better else -1
        values = []
        for z in self._standing(draw):
            raw = centre * math.exp(sign * spread * z) if draw.log else centre + sign * spread * z
            values.append(round(min(draw.high, max(draw.low, raw)), draw.decimals))
        return values

    def _scores(self, draw: Draw) -> list[float]:
        """Published 1-4 scores (1 best) from the trust's standing on the metric."""
        assert draw.levels is not None
        centre, spread = draw.for_league(self.league)
        low, high = draw.levels
        return [
            float(min(high, max(low, round(centre - spread * z)))) for z in self._standing(draw)
        ]

    def _standing(self, draw: Draw) -> list[float]:
        """How good the trust is on one metric each quarter, in standard deviations: its
        quality, its own level and fresh noise, redrawn only when new source data arrives."""
        own, rest = self.rng.gauss(0, 1), math.sqrt(1 - draw.quality**2)
        out: list[float] = []
        for t in range(len(QUARTERS)):
            noise = self.rng.gauss(0, 1)
            if t not in draw.refresh:
                out.append(out[-1])
                continue
            mixed = math.sqrt(1 - draw.drift**2) * own + draw.drift * noise
            out.append(draw.quality * self.quality[t] + rest * mixed)
        return out

    def _finance(self) -> None:
        """Planned surplus, YTD variance and NHS England's financial override flag.

        Flagged: every planned deficit, and a breakeven plan running behind it; a few trusts
        differ (the real trigger is NHS England's finance assessment, not the file's figures).
        """
        rng, q = self.rng, self.quality[0]
        odds = DEFICIT_PLAN[self.league] / (1 - DEFICIT_PLAN[self.league])
        in_deficit = rng.random() < 1 / (1 + math.exp(-math.log(odds) + 0.8 * q))
        if in_deficit:
            scale = 1.8 if self.league == "acute" else 0.8
            plan = -min(8.0, max(0.05, round(scale * math.exp(rng.gauss(0, 0.7)), 2)))
        elif rng.random() < BREAKEVEN_PLAN[self.league]:
            plan = 0.0
        else:
            plan = round(rng.uniform(0.01, 1.2), 2)
        exception = rng.random() < 0.03
        level = rng.gauss(0.1, 0.3) + 0.2 * q - (0.4 if plan < 0 else 0.0)
        writes = self.league in self.definitions["OF0079"].leagues
        for t, quarter in enumerate(QUARTERS):
            level += rng.gauss(0, 0.25)
            variance = round(min(1.0, max(-4.0, level)), 2)
            variance = 0.0 if abs(variance) < 0.08 else variance
            flagged = plan < 0 or (plan == 0 and variance < -0.5)
            if writes:
                self._add(t, "OF0079", plan, "2025/26" if t < 3 else "2025/26 plan")
                month = f"Month {3 * (t + 1)} 2025" if t < 3 else "Month 12 2025/26"
                self._add(t, "OF0081", variance, month)
            self._add(t, SUMMARY_IDS["financial_override"], float(flagged != exception),
                      quarter, "flag")  # fmt: skip

    def _infections(self) -> None:
        """MRSA counts; E. coli and C. difficile rates, or counts for a few small trusts."""
        rng = self.rng
        mean = MRSA_MEAN.get(self.trust.subtype, 2.5) * math.exp(-0.3 * self.quality[0])
        base = _poisson(rng, mean)
        counts_only = self.trust.subtype == "Acute - Specialist" and rng.random() < 0.35
        for t in range(len(QUARTERS)):
            mrsa = max(0, base + round(rng.gauss(0, 0.8)))
            self._add(t, "OF0020", float(mrsa), ROLLING_YEAR[t])
        for metric_id in ("OF0048", "OF0088"):
            if counts_only:
                base = _poisson(rng, 0.8)
                for t in range(len(QUARTERS)):
                    count = max(0, base + round(rng.gauss(0, 0.5)))
                    self._add(t, metric_id, float(count), ROLLING_YEAR[t], "count")
            else:
                draw = INFECTION_RATES[metric_id]
                for t, value in enumerate(self._series(draw, self.definitions[metric_id])):
                    self._add(t, metric_id, value, ROLLING_YEAR[t])

    def _add(self, t: int, metric_id: str, value: float, date: str, units: str = "") -> None:
        units = units or self.definitions[metric_id].unit
        self.out.append(_Row(t, self.trust, metric_id, value, date, units))


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _csv(rows: Sequence[_Row], definitions: Definitions, shift: int = 0) -> bytes:
    """The rows in NHS England's layout, with each metric's quartiles and ranks by quarter."""
    groups: dict[tuple[int, str], list[_Row]] = defaultdict(list)
    for row in rows:
        groups[row.quarter, row.metric_id].append(row)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for key in sorted(groups, key=lambda k: (k[0], k[1][:3] != "OF0", k[1])):
        group = sorted(groups[key], key=lambda r: r.trust.code)
        stats = _statistics(definitions.get(key[1]), key[1], group)
        for row, extra in zip(group, stats, strict=True):
            writer.writerow(_cells(row, extra, definitions, shift))
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _statistics(
    definition: MetricDefinition | None, metric_id: str, group: list[_Row]
) -> list[tuple[str, str, str, str]]:
    """(median, lower quartile, upper quartile, rank) for each row: blank unless a raw value.

    Quartiles are over the trust type's values; the rank is the competition rank best to
    worst (ties share the best place), on the values as NHS England compares them.
    """
    if definition is None or not metric_id.startswith("OF0"):
        return [("", "", "", "")] * len(group)
    values = np.array([row.value for row in group])
    median, lower, upper = (_number(q) for q in np.percentile(values, [50, 25, 75]))
    compared = round_for_ranking(values, definition.params.get("rank_decimals"))
    ranks = competition_ranks(-compared if definition.higher_is_better else compared)
    return [(median, lower, upper, _number(rank)) for rank in ranks]


def _cells(
    row: _Row, stats: tuple[str, str, str, str], definitions: Definitions, shift: int = 0
) -> list[str]:
    trust = row.trust
    if row.metric_id in FLAGS:
        domain = sub_domain = "Summary"
        description = FLAGS[row.metric_id]
    else:
        definition = definitions[row.metric_id]
        domain, sub_domain = definition.domain, definition.sub_domain
        description = definition.description
    return [
        _shifted(QUARTERS[row.quarter], shift),
        FILE_REGIONS.get(trust.region, trust.region),
        TRUST_TYPES[trust.league],
        trust.subtype,
        trust.code,
        trust.name,
        domain,
        sub_domain,
        row.metric_id,
        description,
        _shifted(row.date, shift),
        row.units,
        _number(row.value),
        *stats,
    ]


def _number(value: float) -> str:
    """As NHS England writes numbers: "4.01", "76.0", "113.0" (never "-0.0")."""
    return repr(round(float(value), 2) + 0.0)
