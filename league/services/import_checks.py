"""The checks of an import that need the database: periods, frameworks, metrics, trust names.

The file-level checks (columns, numbers, codes, duplicates) live in `league.nof_files`.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from league.models import (
    LEAGUE_CHOICES,
    Domain,
    FrameworkVersion,
    Metric,
    Period,
    PeriodStatus,
)
from league.nof_files import LEAGUE_OF_TRUST_TYPE, FileReport, NewMetric, Problem, TrustInFile
from league.nof_files.summary_ids import SUMMARY_IDS
from trusts.models import Trust
from trusts.names import same_name
from trusts.services import region_code_for

METRIC_ID_PREFIXES = ("OF0", "OF1")


@dataclass
class Catalogue:
    """The ids an NHS England file may use, and what each one is."""

    metrics: dict[tuple[str, str], Metric]  # (framework code, OF0xxx) -> metric
    scores: dict[tuple[str, str], Metric]  # (framework code, OF1xxx) -> metric
    domain_score_ids: frozenset[str]
    domain_segment_ids: frozenset[str]
    summary_ids: frozenset[str] = field(default_factory=lambda: frozenset(SUMMARY_IDS.values()))

    @classmethod
    def load(cls) -> "Catalogue":
        metrics = list(Metric.objects.select_related("framework"))
        domains = list(Domain.objects.all())
        return cls(
            metrics={(m.framework.code, m.metric_id): m for m in metrics},
            scores={(m.framework.code, m.score_id): m for m in metrics},
            domain_score_ids=frozenset(d.score_id for d in domains),
            domain_segment_ids=frozenset(d.segment_id for d in domains),
        )

    def known_ids(self) -> frozenset[str]:
        return frozenset(
            {metric_id for _, metric_id in self.metrics}
            | {score_id for _, score_id in self.scores}
            | self.domain_score_ids
            | self.domain_segment_ids
            | self.summary_ids
        )


def check_framework_metrics(
    reports: Sequence[FileReport], catalogue: "Catalogue", *, adding: bool
) -> list[Problem]:
    """Every id a file uses must be in the catalogue of each framework year its quarters are in."""
    problems = []
    shared = catalogue.domain_score_ids | catalogue.domain_segment_ids | catalogue.summary_ids
    for report in reports:
        for code in sorted({framework_code(label) for label in report.periods} - {None}):
            known = {i for (fw, i) in catalogue.metrics if fw == code}
            known |= {i for (fw, i) in catalogue.scores if fw == code} | shared
            missing = sorted(
                set(report.rows_per_metric) - known - (set(report.new_metrics) if adding else set())
            )
            for metric_id in missing:
                problems.append(
                    Problem(
                        report.file_name,
                        None,
                        "Metric_ID",
                        f"{metric_id} is not "
                        f"in the {code} metric catalogue, and this file has "
                        f"{code} quarters.",
                    )
                )
    return problems


def check_framework_leagues(reports: Sequence[FileReport]) -> list[Problem]:
    """Every trust type a file holds must be a league table of its quarters' framework year
    (ICBs are not ranked in 2025/26)."""
    listed = dict(FrameworkVersion.objects.values_list("code", "leagues"))
    names = dict(LEAGUE_CHOICES)
    problems = []
    for report in reports:
        held = sorted({league_of(trust) for trust in report.trusts.values()})
        for code in sorted({framework_code(label) for label in report.periods} - {None}):
            if code not in listed:
                continue  # check_periods says the year is not set up
            for league in (lg for lg in held if lg not in listed[code]):
                tables = ", ".join(names.get(lg, lg).lower() for lg in listed[code]) or "none"
                problems.append(
                    Problem(
                        report.file_name,
                        None,
                        "Trust_type",
                        f"The file holds {names.get(league, league).lower()}, but the {code} "
                        f"framework has no such league table (its tables: {tables}). Add the "
                        "league to the framework year in admin first.",
                    )
                )
    return problems


def framework_code(period_label: str) -> str | None:
    parsed = Period.parse_label(period_label)
    return None if parsed is None else f"{parsed[0]}/{(parsed[0] + 1) % 100:02d}"


def check_periods(labels: Sequence[str], *, revision_reason: str) -> list[Problem]:
    problems = []
    frameworks = set(FrameworkVersion.objects.values_list("code", flat=True))
    published = set(
        Period.objects.filter(label__in=labels, status=PeriodStatus.PUBLISHED).values_list(
            "label", flat=True
        )
    )
    for label in labels:
        code = framework_code(label)
        if code not in frameworks:
            problems.append(
                Problem(
                    "",
                    None,
                    "Quarter",
                    f"{label} belongs to the {code} framework, which is "
                    "not set up: add the framework version in admin first.",
                )
            )
        if label in published:
            problems.append(
                Problem(
                    "",
                    None,
                    "Quarter",
                    f"{label} is published, so its data is frozen. "
                    "Correct it by starting a revision of the period, with a reason.",
                )
            )
    return problems


def check_new_metrics(new_metrics: dict[str, NewMetric], labels: Sequence[str]) -> list[Problem]:
    """Metrics to add to the catalogue of each framework year the quarters are in: each must
    be an OF0/OF1 id in a domain that year's catalogue has."""
    codes = {framework_code(label) for label in labels} - {None}
    per_year = [
        set(Domain.objects.filter(framework__code=code).values_list("name", flat=True))
        for code in codes
    ]
    domains = set.intersection(*per_year) if per_year else set()
    problems = []
    for metric_id, metric in sorted(new_metrics.items()):
        if not metric_id.startswith(METRIC_ID_PREFIXES):
            problems.append(
                Problem(
                    "",
                    None,
                    "Metric_ID",
                    f"{metric_id} is not a metric (OF0xxx) "
                    "or metric score (OF1xxx) and cannot be added.",
                )
            )
        elif metric.domain not in domains:
            problems.append(
                Problem(
                    "",
                    None,
                    "Domain",
                    f"{metric_id} is in domain "
                    f"“{metric.domain}”, which the catalogue does not have.",
                )
            )
    return problems


def check_trusts(trusts: dict[str, TrustInFile]) -> list[Problem]:
    """A file may rename a trust (NHS England's name is the current one), but a name that the
    register gives to a different trust means the code or the name is wrong."""
    problems = []
    by_name = {
        " ".join(name.split()).casefold(): code
        for code, name in Trust.objects.values_list("ods_code", "name")
    }
    for code, trust in sorted(trusts.items()):
        owner = by_name.get(" ".join(trust.name.split()).casefold())
        if owner and owner != code:
            problems.append(
                Problem(
                    "",
                    None,
                    "Trust_name",
                    f"{code} is named “{trust.name}”, which is the register's name for {owner}.",
                )
            )
        if region_code_for(trust.region) is None:
            problems.append(
                Problem(
                    "", None, "Region", f"{code}: “{trust.region}” is not an NHS England region."
                )
            )
    return problems


def renamed_trusts(trusts: dict[str, TrustInFile]) -> list[tuple[str, str, str]]:
    current = dict(Trust.objects.filter(ods_code__in=trusts).values_list("ods_code", "name"))
    return [
        (code, current[code], trust.name)
        for code, trust in sorted(trusts.items())
        if code in current and not same_name(current[code], trust.name)
    ]


def trusts_in(reports: Sequence[FileReport]) -> dict[str, TrustInFile]:
    """Each trust as the latest period of any file describes it."""
    latest: dict[str, tuple[tuple, TrustInFile]] = {}
    for report in reports:
        order = max((Period.parse_label(p) or (0, 0) for p in report.periods), default=(0, 0))
        for code, trust in report.trusts.items():
            if code not in latest or order >= latest[code][0]:
                latest[code] = (order, trust)
    return {code: trust for code, (_, trust) in latest.items()}


def league_of(trust: TrustInFile) -> str:
    return LEAGUE_OF_TRUST_TYPE[trust.trust_type]
