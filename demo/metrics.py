"""How each metric's fictional values are drawn for the demonstration NOF files.

One `Draw` per metric: a typical value and spread for each league (engine codes "acute",
"non-acute", "ambulance"), the published range, decimals, the `Reporting_date` written for
each quarter, the quarters in which new source data arrives (a staff survey changes once a
year, a planned surplus not at all), and how often each trust subtype reports the metric.
Which leagues report a metric, its description, domain and direction come from the 2025/26
catalogue, never from here. Finance and infection counts are drawn in `demo.nof_files`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

QUARTERS = ("Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26")
MONTH_END = ("Jun-25", "Sep-25", "Dec-25", "Mar-26")
ROLLING_YEAR = ("Jul 24 - Jun 25", "Oct 24 - Sep 25", "Jan 25 - Dec 25", "Apr 25 - Mar 26")
CYP_YEARS = tuple(
    f"{a} vs {b}"
    for a, b in zip(
        ("Jun 24 - Jun 25", "Oct 24 - Sep 25", "Jan 25 - Dec 25", "Apr 25 - Mar 26"),
        ("Jun 23 - Jun 24", "Oct 23 - Sep 24", "Jan 24 - Dec 24", "Apr 24 - Mar 25"),
        strict=True,
    )
)
SURVEY = ("2024", "2024", "2024", "2025")
EVERY_QUARTER = (0, 1, 2, 3)
SPECIALIST = "Acute - Specialist"
MULTI = "Acute - Multi-Service"
MHLD, COMMUNITY, CARE = "Mental Health and Learning Disability", "Community", "Care Trust"


@dataclass(frozen=True)
class Draw:
    """centre/spread: a float for every league or a mapping by league. With `log`, values
    are centre·exp(spread·z), for skewed measures such as long waits.

    quality: how strongly the trust's underlying quality drives the value (0..1); drift: the
    share of the rest that is new noise each quarter rather than the trust's own level.
    cover: probability that a trust reports the metric, by subtype or league (default 0.99).
    levels: for published 1-4 scores, the lowest and highest score given.
    """

    centre: float | Mapping[str, float]
    spread: float | Mapping[str, float]
    low: float
    high: float
    dates: tuple[str, ...] = QUARTERS
    decimals: int = 2
    log: bool = False
    quality: float = 0.6
    drift: float = 0.4
    refresh: tuple[int, ...] = EVERY_QUARTER
    cover: Mapping[str, float] = field(default_factory=dict)
    levels: tuple[int, int] | None = None

    def for_league(self, league: str) -> tuple[float, float]:
        def pick(x):
            return x[league] if isinstance(x, Mapping) else x

        return pick(self.centre), pick(self.spread)

    def coverage(self, league: str, subtype: str) -> float:
        return self.cover.get(subtype, self.cover.get(league, 0.99))


# A data table: one record per metric reads better than one argument per line.
# fmt: off
DRAWS: dict[str, Draw] = {
    # Access to services
    "OF0003": Draw(2.4, 1.3, 0.0, 6.5, MONTH_END, cover={SPECIALIST: 0.8}),
    "OF0005": Draw(0.8, 1.9, 0.0, 30.0, MONTH_END, log=True, quality=0.4,
                   cover={SPECIALIST: 0.2, "acute": 0.6, COMMUNITY: 1.0, CARE: 0.9, MHLD: 0.55}),
    "OF0010": Draw(77.0, 4.5, 55.0, 96.0, cover={SPECIALIST: 0.3}),
    "OF0011": Draw(71.0, 7.5, 40.0, 96.0, cover={SPECIALIST: 0.3}),
    "OF0013": Draw(76.0, 5.5, 58.0, 95.0, cover={SPECIALIST: 0.0}),
    "OF0014": Draw(8.0, 0.55, 0.5, 25.0, log=True, cover={SPECIALIST: 0.0}),
    "OF0017": Draw(33.0, 7.0, 22.0, 60.0, cover={MULTI: 0.2, "acute": 0.0, "ambulance": 1.0}),
    "OF0023": Draw(60.7, 6.0, 40.0, 85.0, MONTH_END, cover={SPECIALIST: 0.8}),
    "OF0041": Draw(7.0, 10.0, -25.0, 40.0, CYP_YEARS, quality=0.3, drift=0.6,
                   cover={MULTI: 0.8, "acute": 0.12, COMMUNITY: 0.5}),
    "OF0106": Draw(1.0, 2.5, -9.0, 9.0, MONTH_END, quality=0.5, cover={SPECIALIST: 0.8}),
    # Patient safety (MRSA, E. coli and C. difficile are drawn in demo.nof_files)
    "OF0016": Draw(62.0, 14.0, 20.0, 100.0, cover={MULTI: 0.2, "acute": 0.0, COMMUNITY: 0.0}),
    "OF0061": Draw({"acute": 6.42, "non-acute": 6.8}, 0.25, 5.8, 7.2, SURVEY, quality=0.7,
                   drift=0.3, refresh=(0, 3)),
    # Effectiveness and experience
    "OF0025": Draw(0.75, 0.45, 0.1, 3.5, MONTH_END, decimals=1, log=True,
                   cover={SPECIALIST: 0.5}),
    "OF0028": Draw(52.0, 5.0, 38.0, 68.0, ("Year to date 25/26",) * 4,
                   cover={MULTI: 0.2, "acute": 0.0, "ambulance": 1.0}),
    "OF0057": Draw(84.0, 8.0, 45.0, 100.0, quality=0.5,
                   cover={MULTI: 1.0, SPECIALIST: 0.0, "acute": 0.38, COMMUNITY: 1.0, CARE: 0.9,
                          MHLD: 0.45}),
    "OF0063": Draw(24.0, 6.0, 5.0, 50.0, cover={MULTI: 0.2, "acute": 0.0, COMMUNITY: 0.15}),
    # People and workforce
    "OF0082": Draw({"acute": 5.2, "non-acute": 5.7, "ambulance": 6.0}, 0.65, 3.5, 8.5,
                   ("Q4 2024-25", "Q1 2025/26", "Q2 2025/26", "Q3 2025/26"), quality=0.65,
                   drift=0.35),
    "OF0084": Draw({"acute": 6.88, "non-acute": 7.08}, 0.22, 5.8, 7.5, SURVEY, quality=0.75,
                   drift=0.3, refresh=(0, 3)),
    # Finance and productivity (planned surplus and YTD variance are drawn in demo.nof_files)
    "OF0085": Draw(2.9, 3.5, -9.0, 15.0, ("To M12 2024/25 vs 2023/24",) * 2
                   + ("To M6 2025/26 vs 2024/25",) * 2, quality=0.45, refresh=(0, 2)),
    "OF0086": Draw({"non-acute": 105.0, "ambulance": 100.0},
                   {"non-acute": 11.0, "ambulance": 6.0}, 72.0, 140.0,
                   ("2023/24", "2024/25", "2024/25", "2024/25"), quality=0.4, drift=0.3,
                   refresh=(0, 1)),
}

# E. coli and C. difficile rates (a few small trusts report counts instead).
INFECTION_RATES: dict[str, Draw] = {
    "OF0048": Draw(1.16, 0.2, 0.5, 2.2, ROLLING_YEAR, quality=0.4, drift=0.25),
    "OF0088": Draw(1.22, 0.25, 0.5, 2.4, ROLLING_YEAR, quality=0.4, drift=0.25),
}

# Scores NHS England publishes with no raw value (rule "published"): centre is the mean score,
# spread how far quality moves it, levels the scores given (SHMI bands are 1-3).
SCORES: dict[str, Draw] = {
    "OF1035": Draw(2.4, 0.8, 1, 4, SURVEY, refresh=(0, 3), levels=(1, 4),
                   cover={MHLD: 0.95, CARE: 0.9, COMMUNITY: 0.1, MULTI: 0.3, "acute": 0.0}),
    "OF1046": Draw(2.0, 0.4, 1, 3, ("Apr 24 - Mar 25", "Jul 24 - Jun 25", "Oct 24 - Sep 25",
                   "Jan 25 - Dec 25"), levels=(1, 3), cover={SPECIALIST: 0.0, "acute": 1.0}),
    "OF1067": Draw(2.6, 0.7, 1, 4, tuple(f"Latest published if awarded post {month}" for month
                   in ("August 2023", "September 2023", "December 2023", "March 2024")),
                   refresh=(0,), levels=(1, 4), cover={"acute": 0.11, "non-acute": 0.1}),
    "OF1069": Draw(2.4, 0.85, 1, 4, ("2023", "2023", "2024", "2024"), refresh=(0, 2),
                   levels=(1, 4), cover={SPECIALIST: 0.8, "acute": 0.97}),
}
# fmt: on

MRSA_MEAN = {
    "Acute - Teaching": 4.5,
    "Acute - Large": 3.5,
    "Acute - Medium": 2.5,
    "Acute - Small": 1.6,
    SPECIALIST: 0.8,
    MULTI: 2.0,
}
"""Typical MRSA cases in a rolling year by acute subtype (larger trusts see more)."""
