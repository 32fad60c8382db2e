"""Loader for NHS England's published NOF files, read in place beside the project.

The files are NHS England's; they are never copied into the repository. Tests that need them
use the `official` fixture (conftest.py), which skips with a clear reason when the folder is
absent.
Derived rows (OF4xxx domain scores and segments, OF5000/5002/5003/5005) and the league-table
file are kept apart as the expected answers; only raw values, published OF1xxx scores and the
OF5004/OF5007 flags are engine inputs.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cached_property
from pathlib import Path

from league.methodology import PeriodInputs, Provider, PublishedScore, RawValue
from tests.league.methodology.nof_2025_26 import DOMAINS, METRICS

DATA_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "nof-official"
ACUTE_FILE = "acute-trust-data-q1-2025-26.csv"
MH_FILE = "mh-community-trust-data-q1-q4-2025-26.csv"
LEAGUE_TABLE_FILE = "mh-community-trust-league-table-q4-2025-26.csv"
Q1, Q2, Q3, Q4 = (f"Q{n} 2025/26" for n in range(1, 5))
LEAGUE_OF_TYPE = {"Acute trust": "acute", "Mental health and community trust": "non-acute"}
DERIVED_SUMMARY = {"OF5000", "OF5002", "OF5003", "OF5005"}


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


class OfficialData:
    """The published rows, split into engine inputs and expected answers."""

    @cached_property
    def rows(self) -> list[dict[str, str]]:
        acute = _read(ACUTE_FILE)
        for row in acute:
            row["Quarter"] = Q1  # the acute file has no Quarter column; it is Q1 2025/26
        return acute + _read(MH_FILE)

    @cached_property
    def league_table(self) -> list[dict[str, str]]:
        return _read(LEAGUE_TABLE_FILE)

    def quarter_rows(self, quarter: str, leagues: set[str] | None = None) -> list[dict]:
        return [
            r
            for r in self.rows
            if r["Quarter"] == quarter
            and (leagues is None or LEAGUE_OF_TYPE[r["Trust_type"]] in leagues)
        ]

    @staticmethod
    def _score_only(published: bool | str | frozenset[str]) -> set[str]:
        if published is False:
            return set()
        kept = set(published) if isinstance(published, frozenset) else set()
        return kept | {m.score_id for m in METRICS if m.rule == "published"}

    def summary(self, quarter: str) -> dict[str, dict[str, float]]:
        """code -> {OF5000, OF5002, OF5003, OF4xxx, ...}: the published answers."""
        out: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self.quarter_rows(quarter):
            mid = r["Metric_ID"]
            if mid.startswith("OF4") or mid.startswith("OF5"):
                out[r["Trust_code"]][mid] = float(r["Value"])
        return dict(out)

    def published_scores(self, quarter: str) -> dict[tuple[str, str], float]:
        return {
            (r["Trust_code"], r["Metric_ID"]): float(r["Value"])
            for r in self.quarter_rows(quarter)
            if r["Metric_ID"].startswith("OF1")
        }

    def inputs(
        self,
        quarter: str,
        *,
        published: bool | str | frozenset[str] = True,
        leagues: set[str] | None = None,
    ) -> PeriodInputs:
        """PeriodInputs for a quarter.

        published: True keeps every OF1xxx score, False none, "score_only" only the scores
        that have no raw value (OF1035, OF1046, OF1067, OF1069), which no rule can recompute,
        and a set of score ids keeps those plus the score-only ones.
        """
        rows = self.quarter_rows(quarter, leagues)
        flags: dict[str, dict[str, bool]] = defaultdict(dict)
        league_of: dict[str, str] = {}
        subtype_of: dict[str, str] = {}
        raw, scores = [], []
        for r in rows:
            code, mid = r["Trust_code"], r["Metric_ID"]
            league_of.setdefault(code, LEAGUE_OF_TYPE[r["Trust_type"]])
            subtype_of.setdefault(code, r["Trust_subtype"])
            if mid in ("OF5004", "OF5007"):
                flags[code][mid] = float(r["Value"]) == 1.0
            elif mid.startswith("OF0"):
                hint = float(r["Rank"]) if r["Rank"].strip() else None
                raw.append(RawValue(code, mid, float(r["Value"]), r["Units"], hint))
            elif mid.startswith("OF1") and (
                published is True or mid in self._score_only(published)
            ):
                scores.append(PublishedScore(code, mid, float(r["Value"])))
        providers = tuple(
            Provider(
                code,
                league,
                in_financial_deficit=flags[code].get("OF5004", False),
                in_recovery_support=flags[code].get("OF5007", False),
                peer_group=subtype_of[code],
            )
            for code, league in league_of.items()
        )
        return PeriodInputs(
            period=quarter,
            providers=providers,
            metrics=METRICS,
            raw_values=tuple(raw),
            published_scores=tuple(scores),
            domains=DOMAINS,
        )
