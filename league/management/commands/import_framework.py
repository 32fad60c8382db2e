from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from league.models import SegmentRule
from league.services.frameworks import (
    LEAGUES,
    FrameworkImportRefused,
    FrameworkPreview,
    FrameworkRules,
    framework_import,
    framework_preview,
    parse_thresholds,
)


class Command(BaseCommand):
    help = (
        "Import a framework year's metric catalogue (CSV, one row per metric) and its segment "
        "rule. Everything is checked first; on any problem nothing is written. Importing into a "
        "year that is not published replaces its catalogue and recomputes its periods."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", required=True, help="The framework year, e.g. 2026/27.")
        parser.add_argument("--metrics", required=True, type=Path, help="The catalogue CSV.")
        parser.add_argument("--name", default="", help="Default: NHS Oversight Framework YEAR.")
        parser.add_argument(
            "--segment-rule", choices=SegmentRule.values, default=SegmentRule.QUARTILES
        )
        parser.add_argument(
            "--thresholds",
            help="Fixed thresholds t1,t2,t3: segment k holds averages up to and including t_k.",
        )
        parser.add_argument(
            "--financial-cap",
            default="3",
            help="The best segment a trust in deficit can be placed in (1-4), or “none”.",
        )
        parser.add_argument(
            "--segment-5", choices=("yes", "no"), default="yes", help="Segment 5 is used."
        )
        parser.add_argument(
            "--leagues",
            default="acute,non-acute,ambulance",
            help=f"The league tables of the year, from {', '.join(LEAGUES)}.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def handle(self, *args, year, metrics: Path, dry_run, **options) -> None:
        rules = self._rules(options)
        try:
            text = metrics.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"Cannot read {metrics}: {error.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{metrics} is not UTF-8 text.") from None
        if dry_run:
            preview = framework_preview(code=year, text=text, rules=rules)
            if not preview.ok:
                self._refuse(preview)
            self._summary(preview)
            self.stdout.write("Dry run: the catalogue is valid; nothing was written.")
            return
        try:
            preview = framework_import(code=year, text=text, rules=rules, name=options["name"])
        except FrameworkImportRefused as refused:
            self._refuse(refused.preview)
        self._summary(preview)

    def _rules(self, options) -> FrameworkRules:
        thresholds = None
        if options["thresholds"]:
            try:
                thresholds = parse_thresholds(options["thresholds"])
            except ValueError as error:
                raise CommandError(f"--thresholds: {error}") from None
        cap = options["financial_cap"].strip().lower()
        if cap == "none":
            financial_cap = None
        elif cap.isdigit():
            financial_cap = int(cap)
        else:
            raise CommandError(f"--financial-cap: “{cap}” is not a segment (1-4) or “none”.")
        leagues = tuple(part.strip() for part in options["leagues"].split(",") if part.strip())
        return FrameworkRules(
            segment_rule=options["segment_rule"],
            thresholds=thresholds,
            financial_cap=financial_cap,
            segment_5=options["segment_5"] == "yes",
            leagues=leagues,
        )

    def _summary(self, preview: FrameworkPreview) -> None:
        catalogue = preview.catalogue
        rules = preview.rules
        if rules.segment_rule == "quartiles":
            how = "pooled quartiles"
        elif rules.thresholds:
            how = "thresholds " + ", ".join(str(t) for t in rules.thresholds)
        else:
            how = (
                "thresholds not set yet (its quarters show NHS England's published segments "
                "until they are)"
            )
        cap = f"cap at segment {rules.financial_cap}" if rules.financial_cap else "no cap"
        self.stdout.write(
            f"{preview.code}: {len(catalogue.metrics)} metrics in {len(catalogue.domains)} "
            f"domains; segments from {how}, {cap}; leagues {', '.join(rules.leagues)}."
        )
        if preview.existing is not None:
            self.stdout.write(
                f"Added {len(preview.added)}, changed {len(preview.changed)}, "
                f"removed {len(preview.removed)}."
            )

    def _refuse(self, preview: FrameworkPreview) -> None:
        for problem in preview.problems:
            self.stderr.write(str(problem))
        raise CommandError(f"{len(preview.problems)} problem(s); nothing was written.")
