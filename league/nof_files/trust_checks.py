"""Checks on the trust columns: type, the register's name and league, and consistency.

A trust appears on dozens of rows, so each finding is reported once (per trust and value),
at the first row it shows up, rather than dozens of times.
"""

from __future__ import annotations

from collections.abc import Mapping

from league.nof_files.cells import period_order, same_name, shown
from league.nof_files.model import LEAGUE_OF_TRUST_TYPE, TrustInFile
from league.nof_files.problems import ProblemLog

TYPE_BY_FOLDED_NAME = {name.casefold(): name for name in LEAGUE_OF_TRUST_TYPE}
TYPES_LISTED = ", ".join(list(LEAGUE_OF_TRUST_TYPE)[:-1]) + f" or {list(LEAGUE_OF_TRUST_TYPE)[-1]}"
MAX_REMEMBERED = 10_000  # distinct findings remembered for "report once"
CONSISTENT_COLUMNS = (("Trust_name", "named"), ("Trust_type", "of type"), ("Region", "in region"))


class TrustChecks:
    """Per-file memory of the trusts seen; small, because a file names a few hundred trusts."""

    def __init__(
        self,
        log: ProblemLog,
        register: Mapping[str, tuple[str, str]],
        check_names: bool,
        max_trusts: int,
    ) -> None:
        self.log = log
        self.register = register
        self.check_names = check_names
        self.max_trusts = max_trusts
        self.first: dict[str, tuple[int, Mapping[str, str]]] = {}
        self.latest: dict[str, tuple[tuple[int, int], TrustInFile]] = {}
        self.reported: set[tuple[str, ...]] = set()
        self.orders: dict[str, tuple[int, int]] = {}  # period label -> sort key, a few entries

    def check(
        self, row: int, code: str, values: Mapping[str, str], period: str | None
    ) -> str | None:
        """Check one row's trust columns; return the row's league, if its type is known."""
        trust_type = TYPE_BY_FOLDED_NAME.get(values["Trust_type"].strip().casefold())
        if trust_type is None:
            self._once(
                ("type", values["Trust_type"]),
                row,
                "Trust_type",
                f"{shown(values['Trust_type'])} is not a NOF trust type: it must be "
                f"{TYPES_LISTED}.",
            )
        league = LEAGUE_OF_TRUST_TYPE.get(trust_type or "")
        self._against_register(row, code, values, league)
        if code in self.first or self._room_for_another(row):
            self._against_file(row, code, values)
            self._remember(code, values, period)
        return league

    def _room_for_another(self, row: int) -> bool:
        """A hostile file could name millions of trusts; memory is kept for a sane number."""
        if len(self.first) < self.max_trusts:
            return True
        self._once(
            ("too many trusts",),
            row,
            "Trust_code",
            f"The file names more than {self.max_trusts:,} trusts; NHS England's files name a "
            "few hundred. Later trusts are not listed or compared.",
        )
        return False

    def trusts(self) -> dict[str, TrustInFile]:
        return {code: trust for code, (_, trust) in sorted(self.latest.items())}

    def _against_register(
        self, row: int, code: str, values: Mapping[str, str], league: str | None
    ) -> None:
        if code not in self.register:
            return
        register_name, register_league = self.register[code]
        name = values["Trust_name"]
        if self.check_names and not same_name(name, register_name):
            self._once(
                ("name", code, name),
                row,
                "Trust_name",
                f"The name {shown(name)} does not match the trust register's name for {code}, "
                f"{shown(register_name)}. Check the trust code, or update the register if the "
                "trust has been renamed.",
            )
        if league is not None and league != register_league:
            self._once(
                ("league", code, league),
                row,
                "Trust_type",
                f"{shown(values['Trust_type'].strip())} puts {code} in the {league} league, "
                f"but the trust register has it in the {register_league} league.",
            )

    def _against_file(self, row: int, code: str, values: Mapping[str, str]) -> None:
        if code not in self.first:
            self.first[code] = (row, {column: values[column] for column, _ in CONSISTENT_COLUMNS})
            return
        first_row, first_values = self.first[code]
        for column, wording in CONSISTENT_COLUMNS:
            text = values[column]
            if text != first_values[column] and not same_name(text, first_values[column]):
                self._once(
                    ("file", code, column, values[column]),
                    row,
                    column,
                    f"Trust {code} is {wording} {shown(values[column].strip())} here but "
                    f"{shown(first_values[column].strip())} in row {first_row}.",
                )

    def _remember(self, code: str, values: Mapping[str, str], period: str | None) -> None:
        order = self.orders.get(period or "")
        if order is None:
            order = self.orders.setdefault(period or "", period_order(period or ""))
        known = self.latest.get(code)
        if known is None or order > known[0] or (order == known[0] and _differs(known[1], values)):
            trust = TrustInFile(
                name=values["Trust_name"].strip(),
                region=values["Region"].strip(),
                trust_type=_canonical_type(values["Trust_type"]),
                subtype=values["Trust_subtype"].strip(),
            )
            self.latest[code] = (order, trust)

    def _once(self, finding: tuple[str, ...], row: int, column: str, message: str) -> None:
        if finding in self.reported:
            return
        if len(self.reported) < MAX_REMEMBERED:
            self.reported.add(finding)
        self.log.add(row, column, message)


def _canonical_type(text: str) -> str:
    """NHS England's spelling of a trust type written in other capitals ("ICB", "acute trust")."""
    return TYPE_BY_FOLDED_NAME.get(text.strip().casefold(), text.strip())


def _differs(trust: TrustInFile, values: Mapping[str, str]) -> bool:
    return (trust.name, trust.region, trust.trust_type, trust.subtype) != (
        values["Trust_name"].strip(),
        values["Region"].strip(),
        _canonical_type(values["Trust_type"]),
        values["Trust_subtype"].strip(),
    )
