"""Half-up rounding as NHS England publishes it (2.005 -> 2.01), never Python's banker's round().

Floats carry representation noise (1.505 is stored as 1.50499999...), so values are first
snapped to 9 decimals, far below any published precision, and then rounded half-up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import numpy as np

_SNAP = Decimal("1e-9")
_NUDGE = 5e-8  # hundredths; matches the 1e-9 snap above


def round_half_up(value: float, places: int = 2) -> Decimal:
    """Round a float half-up to `places` decimals, returning an exact Decimal."""
    snapped = Decimal(repr(float(value))).quantize(_SNAP, rounding=ROUND_HALF_EVEN)
    return snapped.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def hundredths(values: np.ndarray) -> np.ndarray:
    """Vectorised half-up rounding to 2 dp, as integer hundredths (for the bootstrap).

    Agrees with `round_half_up` for values on the 1-4 score scale; integers make segment
    and rank comparisons exact.
    """
    return np.floor(np.asarray(values, dtype=float) * 100.0 + 0.5 + _NUDGE).astype(np.int64)
