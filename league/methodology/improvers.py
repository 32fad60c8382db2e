"""Most improved: trusts ordered by how far their average metric score fell between two
quarters (lower is better, so a fall is an improvement).

Whether a change is "likely real" is this service's own rule, not NHS England's: a change is
likely real only when the two quarters' likely ranges of the average do not overlap (the later
range lies wholly below the earlier one for an improvement, wholly above it for a decline).
Where the ranges overlap, or either is missing, the change could be chance. The rule is
deliberately cautious: two ranges can overlap even when the difference itself is unlikely to be
chance, so "could be chance" means "not shown to be real", not "shown to be chance".
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Standing:
    """A trust in one quarter: its average (2 d.p.), the likely range of it, its segment."""

    average: Decimal
    low: Decimal | None
    high: Decimal | None
    segment: int | None


@dataclass(frozen=True)
class TrustQuarters:
    code: str
    name: str
    before: Standing
    after: Standing


@dataclass(frozen=True)
class Improvement:
    rank: int  # tied improvements share a rank (1, 2, 2, 4)
    code: str
    name: str
    before: Standing
    after: Standing
    change: Decimal  # after - before: negative is an improvement
    likely_real: bool

    @property
    def segments_moved(self) -> int | None:
        """Segments climbed (positive) or fallen (negative); None when either is missing."""
        if self.before.segment is None or self.after.segment is None:
            return None
        return self.before.segment - self.after.segment


def beyond_chance(before: Standing, after: Standing) -> bool:
    """The two likely ranges of the average do not overlap (this service's rule)."""
    if None in (before.low, before.high, after.low, after.high):
        return False
    return after.high < before.low or after.low > before.high


def most_improved(trusts: list[TrustQuarters]) -> list[Improvement]:
    """The trusts ordered by improvement of their average (largest fall first), ties by name."""
    ordered = sorted(trusts, key=lambda t: (t.after.average - t.before.average, t.name, t.code))
    ranked: list[Improvement] = []
    for position, trust in enumerate(ordered, start=1):
        change = trust.after.average - trust.before.average
        tied = ranked and ranked[-1].change == change
        ranked.append(
            Improvement(
                rank=ranked[-1].rank if tied else position,
                code=trust.code,
                name=trust.name,
                before=trust.before,
                after=trust.after,
                change=change,
                likely_real=beyond_chance(trust.before, trust.after),
            )
        )
    return ranked
