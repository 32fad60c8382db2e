from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from league.models import FrameworkVersion
from league.services.frameworks import framework_export


class Command(BaseCommand):
    help = (
        "Write a framework year's metric catalogue as CSV, one row per metric "
        "(the layout import_framework reads; docs/framework-catalogue.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", required=True, help="The framework year, e.g. 2025/26.")
        parser.add_argument(
            "--output", type=Path, help="File to write; without it, the CSV goes to stdout."
        )

    def handle(self, *args, year: str, output: Path | None, **options) -> None:
        framework = FrameworkVersion.objects.filter(code=year).first()
        if framework is None:
            known = ", ".join(FrameworkVersion.objects.values_list("code", flat=True)) or "none"
            raise CommandError(f"No framework year {year}. Known: {known}.")
        text = framework_export(framework=framework)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        rows = text.count("\n") - 1
        self.stderr.write(f"{year}: {rows} metrics written to {output}.")
