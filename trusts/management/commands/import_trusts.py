from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trusts.services import RegisterImportError, trust_register_import


class Command(BaseCommand):
    help = "Load a trust register CSV (the layout of nhs_trusts_england_2025_26.csv)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            with file.open("rb") as stream:
                result = trust_register_import(stream=stream)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except RegisterImportError as error:
            for problem in error.problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError(
                f"{file.name} was not imported: {len(error.problems)} problem(s); "
                "nothing was changed."
            ) from None
        self.stdout.write(
            f"{file.name}: {len(result.created)} trusts added, {len(result.updated)} updated, "
            f"{result.unchanged} unchanged."
        )
