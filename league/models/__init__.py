from league.models.assessments import Assessment, ComputedScore, PeriodComputation
from league.models.catalogue import (
    LEAGUE_CHOICES,
    Domain,
    FrameworkVersion,
    Metric,
    SegmentRule,
)
from league.models.imports import ImportBatch, ImportOutcome
from league.models.periods import Period, PeriodStatus
from league.models.published import FigureKind, PublishedFigure, PublishedLeagueRow
from league.models.releases import DataVersion, Release, ReleaseState
from league.models.runs import RecomputeRun, RunState, RunTrigger
from league.models.values import MetricValue

__all__ = [
    "LEAGUE_CHOICES",
    "Assessment",
    "ComputedScore",
    "DataVersion",
    "Domain",
    "FigureKind",
    "FrameworkVersion",
    "ImportBatch",
    "ImportOutcome",
    "Metric",
    "MetricValue",
    "Period",
    "PeriodComputation",
    "PeriodStatus",
    "PublishedFigure",
    "PublishedLeagueRow",
    "RecomputeRun",
    "Release",
    "ReleaseState",
    "RunState",
    "RunTrigger",
    "SegmentRule",
]
