import io
import os
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.nof_files import DemoTrust, demo_catalogue_with_icbs, demo_nof_files
from demo.plans import seed_demo_plans
from demo.register import demo_register_csv
from league.methodology.catalogue_file import read_catalogue
from league.models import (
    Assessment,
    FrameworkVersion,
    ImportBatch,
    MetricValue,
    Period,
    PublishedFigure,
    RecomputeRun,
    RunState,
    SegmentRule,
)
from league.nof_files import NofFile
from league.nof_files.folder import NofFolderError, folder_files
from league.selectors import latest_release
from league.services.catalogue import period_cut_points_set
from league.services.frameworks import FrameworkRules, framework_export, framework_import
from league.services.imports import NofImportRefused, nof_import
from league.services.recompute import working_release
from league.services.reconcile import cut_points_proposed
from league.services.releases import release_publish
from league.services.runs import recompute_run_execute
from trusts.models import ICB, TRUST_LEAGUES, League, Trust
from trusts.services import trust_register_import, trusts_mark_demonstration

DEMO_RULES_2026_27 = FrameworkRules(
    segment_rule=SegmentRule.THRESHOLDS,
    thresholds=(Decimal("1.95"), Decimal("2.35"), Decimal("2.70")),
    financial_cap=3,
    segment_5=False,
    leagues=("acute", "non-acute", "ambulance", "icb"),
)
"""Fictional: NHS England has not published the 2026/27 thresholds."""


class Command(BaseCommand):
    help = (
        "Load the demonstration data (fictional trusts and four quarters of their results) "
        "into an empty database, or NHS England's published files from the folder named by "
        "NOF_DATA_DIR. Does nothing when trusts are already loaded."
    )

    def add_arguments(self, parser) -> None:
        # The defaults come from the environment, so `NOF_DATA_DIR=... make run` reaches here.
        environ = os.environ.get
        parser.add_argument("--seed", type=int, default=2025, help="Random seed (default 2025).")
        parser.add_argument(
            "--nof-dir",
            default=environ("NOF_DATA_DIR", "").strip(),
            help="A folder of NHS England's NOF files to load instead (default $NOF_DATA_DIR).",
        )
        parser.add_argument(
            "--register",
            default=environ("NOF_REGISTER", "").strip(),
            help="The trust register for them (default $NOF_REGISTER, else an nhs_trusts_*.csv "
            "in the folder or beside it).",
        )
        parser.add_argument(
            "--published-on",
            default=environ("NOF_PUBLISHED_ON", ""),
            help='NHS England\'s publication dates, e.g. "Q1 2025/26=2025-09-09" '
            "(default $NOF_PUBLISHED_ON).",
        )

    def handle(
        self,
        *args,
        seed: int,
        nof_dir: str,
        register: str,
        published_on: str,
        verbosity: int = 1,
        **options,
    ) -> None:
        self.verbosity = verbosity
        if Trust.objects.exists():
            self._say("Trusts are already loaded: demonstration data not added.")
            return
        folder = nof_dir.strip()
        dates = _publication_dates(published_on)
        with transaction.atomic():  # all or nothing, so a failed run can simply be repeated
            if folder:
                periods = self._published(Path(folder), register.strip())
            else:
                periods = self._demonstration(seed)
            for period in periods:
                # The import queued each period's recompute; run it here rather than wait.
                run = RecomputeRun.objects.filter(period=period, state=RunState.QUEUED).first()
                run = run and recompute_run_execute(run_id=run.pk)
                if run is None or run.state != RunState.SUCCEEDED:
                    error = run.error if run else "nothing to compute"
                    self.stderr.write(f"{period}: not computed. {error}")
                    continue
                # The demonstration shows a complete service, so its quarters are published
                # (on NHS England's dates, where NOF_PUBLISHED_ON gives them). This process
                # serves no one, so it prepares no pages (league/warming.py).
                release_publish(
                    release=latest_release(period),
                    published_on=dates.get(period.label),
                    warm=False,
                )
            if not folder:
                seed_demo_plans(seed=seed, log=self._say)
        self._summary(periods)

    def _say(self, message: str) -> None:
        if self.verbosity:
            self.stdout.write(message)

    def _demonstration(self, seed: int) -> list[Period]:
        result = trust_register_import(stream=io.BytesIO(demo_register_csv(seed)), demo=True)
        self._say(f"Demonstration register: {len(result.created)} fictional trusts.")
        trusts = list(Trust.objects.filter(is_demo=True).select_related("region"))
        files = [NofFile(io.BytesIO(data), name) for name, data in demo_nof_files(trusts, seed)]
        periods = self._import(files, "demonstration")
        return periods + self._demonstration_2026_27(trusts, seed)

    def _demonstration_2026_27(self, trusts, seed: int) -> list[Period]:
        """A fictional 2026/27 year made as staff would make it: the 2025/26 catalogue
        exported, given ICBs on a few metrics and imported under the new year with fixed
        thresholds, then the first two quarters' files (trusts and ICBs) imported."""
        exported = framework_export(framework=FrameworkVersion.objects.get(code="2025/26"))
        catalogue = demo_catalogue_with_icbs(exported)
        framework_import(
            code="2026/27",
            text=catalogue,
            rules=DEMO_RULES_2026_27,
            notes="Demonstration data: this year's thresholds and results are fictional, and "
            "its catalogue is 2025/26's with ICBs scored on a few of its metrics.",
        )
        self._say(
            "Framework 2026/27 (fictional thresholds "
            + ", ".join(str(t) for t in DEMO_RULES_2026_27.thresholds)
            + ") imported from the 2025/26 catalogue, with ICBs."
        )
        icbs = ICB.objects.filter(trusts__in=trusts).distinct().select_related("region")
        assessed = [*trusts, *(DemoTrust.of_icb(icb) for icb in icbs)]
        files = demo_nof_files(
            assessed, seed + 1, year=2026, quarters=2, catalogue=read_catalogue(catalogue)
        )
        periods = self._import([NofFile(io.BytesIO(d), name) for name, d in files], "demonstration")
        trusts_mark_demonstration(codes=[icb.code for icb in icbs])
        return periods

    def _published(self, folder: Path, register: str) -> list[Period]:
        """NHS England's files from NOF_DATA_DIR, after the trust register (regions, ICBs,
        subtypes): the file NOF_REGISTER names, else an nhs_trusts_*.csv in the folder or
        beside it."""
        if not folder.is_dir():
            raise CommandError(f"NOF_DATA_DIR names {folder}, which is not a folder.")
        registers = _registers(folder, register)
        if not registers:
            self._say("No trust register found: trusts are known only by NHS England's files.")
        for register in registers:
            with register.open("rb") as stream:
                result = trust_register_import(stream=stream, demo=False)
            self._say(f"{register.name}: {len(result.created)} trusts.")
        try:
            files = folder_files(folder, leave_out=tuple(registers))
        except NofFolderError as error:
            raise CommandError(f"NOF_DATA_DIR: {error}") from None
        periods = self._import(files, "NOF_DATA_DIR")
        for period in periods:
            if _lacks_leagues(period) and period.cut_point_1 is None:
                # Too few trusts for the pooled quartiles: read the cut-points from NHS
                # England's published segments, as staff do from the reconciliation page.
                proposal = cut_points_proposed(release=working_release(period))
                if proposal.points:
                    period_cut_points_set(period=period, points=proposal.points, note=proposal.note)
                else:
                    self._say(f"{period}: no cut-points set. {proposal.reason}")
        return periods

    def _import(self, files: list[NofFile], source: str) -> list[Period]:
        try:
            batch: ImportBatch = nof_import(files=files, source=source)
        except NofImportRefused as refused:
            for problem in refused.preview.problems[:20]:
                self.stderr.write(str(problem).lstrip(": "))
            raise CommandError(f"Not loaded: {refused}.") from None
        self._say(
            f"Imported {len(files)} files: {batch.counts['rows_read']} rows, "
            f"{batch.counts['trusts_added']} trusts added, periods {batch.period_labels}."
        )
        return list(batch.periods.order_by("year", "quarter"))

    def _summary(self, periods: list[Period]) -> None:
        """Assessments made, and each league's segments in its latest assessed quarter."""
        assessments = Assessment.objects.filter(period__in=periods)
        self._say(f"Computed {assessments.count()} assessments over {len(periods)} periods.")
        for league in League:
            rows = assessments.filter(league=league.value)
            latest = rows.order_by("-period__year", "-period__quarter").first()
            if latest is None:
                continue
            segments = Counter(
                rows.filter(period=latest.period_id).values_list("adjusted_segment", flat=True)
            )
            counts = ", ".join(f"{s}: {segments[s]}" for s in (1, 2, 3, 4))
            self._say(f"{latest.period}: {league.label.lower()} by segment — {counts}.")


def _publication_dates(text: str) -> dict[str, date]:
    """ "Q1 2025/26=2025-09-09, Q2 2025/26=2025-12-11" -> {"Q1 2025/26": date(2025, 9, 9), …}"""
    dates = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        label, _, day = part.partition("=")
        try:
            dates[label.strip()] = date.fromisoformat(day.strip())
        except ValueError:
            raise CommandError(
                f"NOF_PUBLISHED_ON: “{part}” is not a quarter and a date, e.g. "
                "“Q1 2025/26=2025-09-09”."
            ) from None
    return dates


def _registers(folder: Path, named: str) -> list[Path]:
    if named:
        if not Path(named).is_file():
            raise CommandError(f"NOF_REGISTER names {named}, which is not a file.")
        return [Path(named)]
    return sorted(folder.glob("nhs_trusts_*.csv")) or sorted(folder.parent.glob("nhs_trusts_*.csv"))


def _lacks_leagues(period: Period) -> bool:
    held = set(
        MetricValue.objects.filter(release__period=period).values_list("trust__league", flat=True)
    ) | set(
        PublishedFigure.objects.filter(release__period=period).values_list(
            "trust__league", flat=True
        )
    )
    return not {league.value for league in TRUST_LEAGUES} <= held
