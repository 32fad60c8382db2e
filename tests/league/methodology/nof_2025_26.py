"""The 2025/26 framework as the engine tests use it: the catalogue read from the service's
data file, and the period facts NHS England's published files give (methodology.md §1.4)."""

from __future__ import annotations

from league.frameworks import shipped_catalogue
from league.methodology import MetricDefinition

CATALOGUE = shipped_catalogue("2025/26")
METRICS = CATALOGUE.metrics
DOMAINS = CATALOGUE.domains

Q1_ROUNDED_ITEMS: frozenset[str] = frozenset(
    {"OF1003", "OF1005", "OF1013", "OF1014", "OF1016", "OF1023", "OF1025", "OF1061"}
    | {"OF1063", "OF1106"}
)
"""Items that entered NHS England's Q1 2025/26 averages already rounded to 2 dp (fitted)."""

QUARTER_CUT_POINTS: dict[str, tuple[float, float, float]] = {
    "Q1 2025/26": (2.05, 2.33, 2.60),
    "Q2 2025/26": (2.06, 2.35, 2.66),
    "Q3 2025/26": (2.07, 2.36, 2.70),
    "Q4 2025/26": (2.06, 2.30, 2.58),
}
"""Cut-points reproducing NHS England's published segments (methodology.md §1.4): Q1 the
quartiles of the 195 acute and MH&C averages; Q2-Q4 inside the published gaps."""


def metric_by_id() -> dict[str, MetricDefinition]:
    """Lookup by metric id and by score id (both are unique)."""
    out = {m.metric_id: m for m in METRICS}
    out.update({m.score_id: m for m in METRICS})
    return out
