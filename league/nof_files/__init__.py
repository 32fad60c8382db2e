"""Reading and validating NHS England's published NOF files (CSV or XLSX), without Django.

Two phases, as the import needs them:

    context = ValidationContext(known_metric_ids=..., known_trusts=..., period="Q1 2025/26")
    report = validate_file(upload, "acute.csv", context)          # step 1: preview, writes nothing
    if report.ok:
        for record in iter_records(upload, report):              # step 2: typed rows for writing
            ...

`validate_files` does step 1 for several files at once and also finds the same
(trust, metric, period) in two different files.
"""

from league.nof_files.model import (
    LEAGUE_OF_TRUST_TYPE,
    FileFormat,
    FileKind,
    FileReport,
    LeagueRowRecord,
    Limits,
    MetricValueRecord,
    NewMetric,
    NofFile,
    Source,
    TrustInFile,
    ValidationContext,
)
from league.nof_files.problems import Problem
from league.nof_files.records import NofFileError, iter_records
from league.nof_files.validate import validate_file, validate_files

__all__ = [
    "LEAGUE_OF_TRUST_TYPE",
    "FileFormat",
    "FileKind",
    "FileReport",
    "LeagueRowRecord",
    "Limits",
    "MetricValueRecord",
    "NewMetric",
    "NofFile",
    "NofFileError",
    "Problem",
    "Source",
    "TrustInFile",
    "ValidationContext",
    "iter_records",
    "validate_file",
    "validate_files",
]
