"""Framework years as data: import a year's catalogue and segment rule, export it again.

Two phases, like the NOF import: `framework_preview` checks everything (the catalogue file row
by row, the segment rule, the year's state) and writes nothing; `framework_import` writes only
a preview without problems, in one transaction, and queues recomputes of the year's working
periods. A year with a published quarter is frozen. Every change is kept in the history of the
framework and metric rows (django-simple-history).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count

from league.methodology import DomainDefinition, MetricDefinition
from league.methodology.catalogue_file import (
    Catalogue,
    CatalogueFileError,
    CatalogueProblem,
    read_catalogue,
    write_catalogue,
)
from league.models import (
    LEAGUE_CHOICES,
    Domain,
    FrameworkVersion,
    Metric,
    MetricValue,
    RunTrigger,
    SegmentRule,
)
from league.services.engine_inputs import domain_definitions, metric_definitions
from league.services.runs import WORKING_STATUSES, period_inputs_changed

YEAR = re.compile(r"^(?P<first>\d{4})/(?P<next>\d{2})$")
LEAGUES = tuple(code for code, _ in LEAGUE_CHOICES)
LOWEST_AVERAGE, HIGHEST_AVERAGE = Decimal("1.00"), Decimal("4.00")


@dataclass(frozen=True)
class FrameworkRules:
    """A year's segment rule, as staff give it."""

    segment_rule: str = SegmentRule.QUARTILES
    thresholds: tuple[Decimal, Decimal, Decimal] | None = None
    financial_cap: int | None = 3
    segment_5: bool = True
    leagues: tuple[str, ...] = ("acute", "non-acute", "ambulance")

    @classmethod
    def of(cls, framework: FrameworkVersion) -> FrameworkRules:
        return cls(
            segment_rule=framework.segment_rule,
            thresholds=framework.thresholds,
            financial_cap=framework.financial_cap,
            segment_5=framework.segment_5,
            leagues=tuple(framework.leagues),
        )


@dataclass
class FrameworkPreview:
    code: str
    rules: FrameworkRules
    catalogue: Catalogue | None = None
    problems: list[CatalogueProblem] = field(default_factory=list)
    existing: FrameworkVersion | None = None
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class FrameworkImportRefused(Exception):
    def __init__(self, preview: FrameworkPreview) -> None:
        super().__init__(f"{len(preview.problems)} problem(s); nothing was changed")
        self.preview = preview


def parse_thresholds(text: str) -> tuple[Decimal, Decimal, Decimal]:
    """'1.80,2.40,3.00' as three decimals; ValueError says what is wrong."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 3:
        raise ValueError(f"“{text}” is not three thresholds separated by commas.")
    try:
        values = tuple(Decimal(part) for part in parts)
    except InvalidOperation:
        raise ValueError(f"“{text}” is not three numbers.") from None
    return values  # type: ignore[return-value]


def rules_problems(rules: FrameworkRules) -> list[CatalogueProblem]:
    """What is wrong with a segment rule, each problem naming the setting."""
    problems = []

    def problem(setting: str, message: str) -> None:
        problems.append(CatalogueProblem(None, setting, message))

    if rules.segment_rule not in SegmentRule.values:
        problem("segment rule", f"“{rules.segment_rule}” is not “quartiles” or “thresholds”.")
    if rules.segment_rule == SegmentRule.QUARTILES and rules.thresholds is not None:
        problem("thresholds", "Thresholds are only used with the “thresholds” segment rule.")
    if rules.thresholds is not None:
        t1, t2, t3 = rules.thresholds
        if not all(value.is_finite() for value in rules.thresholds):
            problem("thresholds", "Every threshold must be a number.")
        elif not t1 < t2 < t3:
            problem("thresholds", f"{t1}, {t2}, {t3}: each threshold must be above the last.")
        elif t1 < LOWEST_AVERAGE or t3 > HIGHEST_AVERAGE:
            problem("thresholds", "Thresholds lie between 1.00 and 4.00, as averages do.")
        elif any(value != value.quantize(Decimal("0.01")) for value in rules.thresholds):
            problem("thresholds", "Averages are compared at 2 decimals: give thresholds so.")
    if rules.financial_cap is not None and rules.financial_cap not in (1, 2, 3, 4):
        problem("financial cap", f"“{rules.financial_cap}” is not a segment from 1 to 4.")
    unknown = [league for league in rules.leagues if league not in LEAGUES]
    if unknown:
        problem("leagues", f"{', '.join(unknown)}: use {', '.join(LEAGUES)}.")
    if not rules.leagues:
        problem("leagues", "List at least one league.")
    if len(set(rules.leagues)) != len(rules.leagues):
        problem("leagues", "A league is listed twice.")
    return problems


def framework_preview(*, code: str, text: str, rules: FrameworkRules) -> FrameworkPreview:
    """Check a catalogue file and segment rule for a framework year; write nothing."""
    preview = FrameworkPreview(code=code, rules=rules)
    match = YEAR.match(code)
    if not match or (int(match["first"]) + 1) % 100 != int(match["next"]):
        preview.problems.append(
            CatalogueProblem(None, "year", f"“{code}” is not a framework year such as 2026/27.")
        )
        return preview
    preview.existing = FrameworkVersion.objects.filter(code=code).first()
    if preview.existing is not None and preview.existing.is_published:
        preview.problems.append(
            CatalogueProblem(
                None,
                "year",
                f"{code} has published quarters, so its rules are frozen: a new framework "
                "year gets a new catalogue.",
            )
        )
    preview.problems.extend(rules_problems(rules))
    try:
        preview.catalogue = read_catalogue(text)
    except CatalogueFileError as error:
        preview.problems.extend(error.problems)
        return preview
    if all(league in LEAGUES for league in rules.leagues):
        preview.problems.extend(_league_problems(preview.catalogue, rules))
    if preview.existing is not None:
        _compare(preview)
    return preview


def framework_import(
    *,
    code: str,
    text: str,
    rules: FrameworkRules,
    name: str = "",
    notes: str | None = None,
    user=None,
) -> FrameworkPreview:
    """Write a framework year's catalogue and rules whole, or nothing (FrameworkImportRefused).

    The catalogue replaces the year's: metrics not in the file are removed (refused if a period
    holds values for them), and the year's working periods are recomputed.
    """
    with transaction.atomic():
        # Held to the end: a quarter of the year cannot be published while its rules change.
        FrameworkVersion.objects.select_for_update().filter(code=code).first()
        preview = framework_preview(code=code, text=text, rules=rules)
        if not preview.ok:
            raise FrameworkImportRefused(preview)
        framework = _write_framework(preview, name, notes)
        _write_catalogue(framework, preview.catalogue)
        periods = framework.periods.filter(status__in=WORKING_STATUSES)
        period_inputs_changed(periods=periods, trigger=RunTrigger.PARAMETERS, user=user)
    return preview


def framework_export(*, framework: FrameworkVersion) -> str:
    """The year's catalogue in the file layout: importing it again changes nothing."""
    catalogue = Catalogue(metric_definitions(framework), domain_definitions(framework))
    return write_catalogue(catalogue)


def framework_rules_set(
    *,
    framework: FrameworkVersion,
    rules: FrameworkRules,
    user=None,
    name: str | None = None,
    notes: str | None = None,
) -> list:
    """Change a draft year's segment rule (admin), with its name and notes if given; queues
    recomputes of its working periods. Recorded in the year's history with `user`."""
    with transaction.atomic():
        framework = FrameworkVersion.objects.select_for_update().get(pk=framework.pk)
        _describe(framework, name, notes)
        framework._history_user = user
        return _rules_set(framework, rules, user)


def framework_described(
    *, framework: FrameworkVersion, name: str, notes: str, user=None
) -> FrameworkVersion:
    """Change a year's name and notes only (published years too: they are not rules)."""
    with transaction.atomic():
        framework = FrameworkVersion.objects.select_for_update().get(pk=framework.pk)
        _describe(framework, name, notes)
        framework._history_user = user
        framework.save(update_fields=["name", "notes"])
    return framework


def _describe(framework: FrameworkVersion, name: str | None, notes: str | None) -> None:
    if name is not None:
        framework.name = name
    if notes is not None:
        framework.notes = notes


def _rules_set(framework: FrameworkVersion, rules: FrameworkRules, user) -> list:
    problems = rules_problems(rules)
    if framework.is_published:
        problems.insert(
            0,
            CatalogueProblem(
                None, "year", f"{framework.code} has published quarters: its rules are frozen."
            ),
        )
    if problems:
        raise FrameworkImportRefused(
            FrameworkPreview(code=framework.code, rules=rules, problems=problems)
        )
    _apply_rules(framework, rules)
    framework.save()
    periods = framework.periods.filter(status__in=WORKING_STATUSES)
    return period_inputs_changed(periods=periods, trigger=RunTrigger.PARAMETERS, user=user)


def _league_problems(catalogue: Catalogue, rules: FrameworkRules) -> list[CatalogueProblem]:
    problems = []
    for metric in catalogue.metrics:
        line = catalogue.lines.get(metric.metric_id)
        outside = [league for league in metric.leagues if league not in rules.leagues]
        if outside:
            problems.append(
                CatalogueProblem(
                    line,
                    "leagues",
                    f"{metric.metric_id} is scored in {', '.join(outside)}, which the year's "
                    f"leagues ({', '.join(rules.leagues)}) do not include.",
                )
            )
    return problems


def _compare(preview: FrameworkPreview) -> None:
    current = {m.metric_id: m for m in metric_definitions(preview.existing)}
    incoming = {m.metric_id: m for m in preview.catalogue.metrics}
    preview.added = sorted(incoming.keys() - current.keys())
    preview.removed = sorted(current.keys() - incoming.keys())
    preview.changed = sorted(
        metric_id
        for metric_id in incoming.keys() & current.keys()
        if _comparable(incoming[metric_id]) != _comparable(current[metric_id])
    )
    held = (
        MetricValue.objects.filter(
            metric__framework=preview.existing, metric__metric_id__in=preview.removed
        )
        .values("metric__metric_id")
        .annotate(n=Count("pk"))
        .order_by("metric__metric_id")
    )
    for row in held:
        preview.problems.append(
            CatalogueProblem(
                None,
                "metric_id",
                f"{row['metric__metric_id']} is not in the file, but {row['n']} imported "
                f"values of {preview.code} belong to it: keep it in the catalogue.",
            )
        )


def _comparable(metric: MetricDefinition) -> MetricDefinition:
    # Stored descriptions are trimmed; a file's may keep NHS England's trailing spaces.
    return replace(metric, description=metric.description.strip())


def _apply_rules(framework: FrameworkVersion, rules: FrameworkRules) -> None:
    framework.segment_rule = rules.segment_rule
    framework.threshold_1, framework.threshold_2, framework.threshold_3 = rules.thresholds or (
        None,
        None,
        None,
    )
    framework.financial_cap = rules.financial_cap
    framework.segment_5 = rules.segment_5
    framework.leagues = list(rules.leagues)


def _write_framework(preview: FrameworkPreview, name: str, notes: str | None) -> FrameworkVersion:
    framework = preview.existing or FrameworkVersion(code=preview.code)
    framework.name = name or framework.name or f"NHS Oversight Framework {preview.code}"
    if notes is not None:
        framework.notes = notes
    _apply_rules(framework, preview.rules)
    framework.save()
    return framework


def _write_catalogue(framework: FrameworkVersion, catalogue: Catalogue) -> None:
    domains = _write_domains(framework, catalogue.domains)
    keep = []
    for metric in catalogue.metrics:
        row, _ = Metric.objects.update_or_create(
            framework=framework,
            metric_id=metric.metric_id,
            defaults={
                "score_id": metric.score_id,
                "description": metric.description.strip(),
                "domain": domains[metric.domain],
                "sub_domain": metric.sub_domain,
                "unit": metric.unit,
                "higher_is_better": metric.higher_is_better,
                "rule": metric.rule,
                "params": metric.params,
                "leagues": list(metric.leagues),
                "counts_in_average": metric.counts_in_average,
                "average_group": metric.average_group or "",
            },
        )
        keep.append(row.pk)
    for removed in framework.metrics.exclude(pk__in=keep):
        removed.delete()  # one by one, so each deletion is in the history
    Domain.objects.filter(framework=framework).exclude(
        pk__in=[d.pk for d in domains.values()]
    ).delete()


def _write_domains(
    framework: FrameworkVersion, definitions: tuple[DomainDefinition, ...]
) -> dict[str, Domain]:
    existing = {d.name: d for d in Domain.objects.filter(framework=framework)}
    # Free every id first, so domains may swap ids or take those of dropped ones.
    for domain in existing.values():
        placeholder = f"#{domain.pk}"[:6]
        Domain.objects.filter(pk=domain.pk).update(score_id=placeholder, segment_id=placeholder)
    domains = {}
    for order, definition in enumerate(definitions):
        domain = existing.get(definition.name) or Domain(framework=framework)
        domain.name = definition.name
        domain.score_id = definition.score_id
        domain.segment_id = definition.segment_id
        domain.order = order
        domain.save()
        domains[definition.name] = domain
    return domains
