"""NHS Oversight Framework ranking engine: plain Python + numpy, no Django.

Build `PeriodInputs` from rows, call `compute_period`, store the `PeriodResult`.
The metric catalogue for 2025/26 is data in `catalogue_2025_26`.
"""

from .engine import DEFAULT_SEED, compute_period
from .model import (
    LEAGUES,
    DomainDefinition,
    ItemStep,
    MetricDefinition,
    NextSegment,
    PeriodInputs,
    PeriodResult,
    Provider,
    ProviderResult,
    PublishedScore,
    RawValue,
)

__all__ = [
    "DEFAULT_SEED",
    "LEAGUES",
    "DomainDefinition",
    "ItemStep",
    "MetricDefinition",
    "NextSegment",
    "PeriodInputs",
    "PeriodResult",
    "Provider",
    "ProviderResult",
    "PublishedScore",
    "RawValue",
    "compute_period",
]
