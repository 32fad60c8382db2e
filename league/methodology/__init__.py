"""NHS Oversight Framework ranking engine: plain Python + numpy, no Django.

Build `PeriodInputs` from rows, call `compute_period`, store the `PeriodResult`.
A framework year's metric catalogue is data: a CSV file in the layout `catalogue_file` reads
and writes, stored as rows by the service and handed to the engine as `MetricDefinition`s.
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
    SegmentRule,
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
    "SegmentRule",
    "compute_period",
]
