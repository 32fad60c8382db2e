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
# The demonstration's trusts and ICBs have codes starting with Z, which no real NHS body uses.
DEMONSTRATION_CODE_PREFIX = "Z"
DEMONSTRATION_ADVICE = (
    "Import NHS England's files into a site without demonstration data: start from an empty "
    "database (on the built-in SQLite database, delete db.sqlite3; NOF_DATA_DIR=<folder of the "
    "files> make run then loads NHS England's files instead of the demonstration, as the README "
    "describes), then import here."
)


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


def check_framework_metrics(reports: Sequence[FileReport], catalogue: "Catalogue") -> list[Problem]:
    """Every id a file uses must be in the catalogue of each framework year its quarters are in.

    Ids in no catalogue at all are the file check's (or are to be added), so not repeated here.
    """
    problems = []
    shared = catalogue.domain_score_ids | catalogue.domain_segment_ids | catalogue.summary_ids
    for report in reports:
        for code in sorted({framework_code(label) for label in report.periods} - {None}):
            known = {i for (fw, i) in catalogue.metrics if fw == code}
            known |= {i for (fw, i) in catalogue.scores if fw == code} | shared
            missing = sorted(set(report.rows_per_metric) - known - set(report.new_metrics))
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
        # A trust type that is not NHS England's is the file check's problem.
        held = sorted(
            {LEAGUE_OF_TRUST_TYPE.get(t.trust_type) for t in report.trusts.values()} - {None}
        )
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


def check_periods(reports: Sequence[FileReport]) -> list[Problem]:
    """Each quarter must belong to a framework year that is set up, and must not be frozen by
    publication (a correction opened in admin takes imports again)."""
    labels = sorted({label for report in reports for label in report.periods})
    frameworks = set(FrameworkVersion.objects.values_list("code", flat=True))
    published = set(
        Period.objects.filter(label__in=labels, status=PeriodStatus.PUBLISHED).values_list(
            "label", flat=True
        )
    )
    problems = []
    for label in sorted(labels, key=Period.parse_label):
        files = ", ".join(r.file_name for r in reports if label in r.periods)
        code = framework_code(label)
        if code not in frameworks:
            problems.append(
                Problem(
                    files,
                    None,
                    "Quarter",
                    f"{label} belongs to the {code} framework, which is "
                    "not set up: add the framework version in admin first.",
                )
            )
        if label in published:
            problems.append(
                Problem(
                    files,
                    None,
                    "Quarter",
                    f"{label} is published, so its data is frozen. To correct it, open a "
                    "correction with a reason (“Correct (new release)” on the period's page in "
                    "admin), then import the corrected files.",
                )
            )
    return problems


def check_demonstration(reports: Sequence[FileReport]) -> list[Problem]:
    """A site showing demonstration data takes no real NHS trusts: they would appear among the
    fictional ones, under the banner saying that nothing shown is real."""
    fictional = set(Trust.objects.filter(is_demo=True).values_list("ods_code", flat=True))
    if not fictional:
        return []
    problems = []
    for report in reports:
        real = [
            code
            for code in sorted(report.trusts)
            if code not in fictional and not code.startswith(DEMONSTRATION_CODE_PREFIX)
        ]
        if real:
            shown = ", ".join(real[:3]) + (f" and {len(real) - 3} more" if len(real) > 3 else "")
            problems.append(
                Problem(
                    report.file_name,
                    None,
                    "Trust_code",
                    f"This site holds demonstration data (fictional trusts), and this file holds "
                    f"real NHS trusts ({shown}), which would be shown among them as if made up. "
                    + DEMONSTRATION_ADVICE,
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
