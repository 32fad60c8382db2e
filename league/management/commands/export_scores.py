from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from league.management.output import write_export
from league.models import Period
from league.services.exports import FORMATS, render, score_table


class Command(BaseCommand):
    help = "Write a period's computed scores and segments in NHS England's long data layout."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("--format", default="csv", choices=FORMATS)
        parser.add_argument("--output", type=Path)

    def handle(self, *args, period, format, output, **options) -> None:
        target = Period.objects.filter(label=period).first()
        if target is None:
            raise CommandError(f"There is no period “{period}”.")
        write_export(self, render(score_table(target), format), format, output)
