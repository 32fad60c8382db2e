from pathlib import Path

from django.core.management.base import BaseCommand

from league.management.output import add_period_arguments, chosen_release, write_export
from league.services.exports import FORMATS, render, score_table


class Command(BaseCommand):
    help = "Write a release's computed scores and segments in NHS England's long data layout."

    def add_arguments(self, parser) -> None:
        add_period_arguments(parser)
        parser.add_argument("--format", default="csv", choices=FORMATS)
        parser.add_argument("--output", type=Path, help="File to write (default: standard output)")

    def handle(self, *args, period, format, output, release, **options) -> None:
        target, chosen = chosen_release(self, period, release)
        write_export(self, render(score_table(target, chosen), format), format, output)
