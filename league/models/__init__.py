from league.models.catalogue import Domain, FrameworkVersion, Metric, SegmentRule
from league.models.imports import ImportBatch, ImportOutcome
from league.models.periods import Period, PeriodStatus
from league.models.published import FigureKind, PublishedFigure, PublishedLeagueRow
from league.models.values import MetricValue

__all__ = [
    "Domain",
    "FigureKind",
    "FrameworkVersion",
    "ImportBatch",
    "ImportOutcome",
    "Metric",
    "MetricValue",
    "Period",
    "PeriodStatus",
    "PublishedFigure",
    "PublishedLeagueRow",
    "SegmentRule",
]
