from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from league.management.output import write_export
from league.models import Period
from league.services.exports import FORMATS, league_table, render
from trusts.models import League


class Command(BaseCommand):
    help = "Write a computed league table in NHS England's league-table layout."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help='e.g. "Q4 2025/26"')
        parser.add_argument("--league", required=True, choices=League.values)
        parser.add_argument("--format", default="csv", choices=FORMATS)
        parser.add_argument("--output", type=Path, help="File to write (default: standard output)")

    def handle(self, *args, period, league, format, output, **options) -> None:
        target = Period.objects.filter(label=period).first()
        if target is None:
            raise CommandError(f"There is no period “{period}”.")
        write_export(self, render(league_table(target, league), format), format, output)
