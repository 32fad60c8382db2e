from pathlib import Path

from django.core.management.base import BaseCommand

from league.management.output import add_period_arguments, chosen_release, write_export
from league.selectors import release_assessments
from league.services.exports import FORMATS, league_table, render
from trusts.models import League


class Command(BaseCommand):
    help = "Write a computed league table in NHS England's league-table layout."

    def add_arguments(self, parser) -> None:
        add_period_arguments(parser)
        parser.add_argument("--league", required=True, choices=League.values)
        parser.add_argument("--format", default="csv", choices=FORMATS)
        parser.add_argument("--output", type=Path, help="File to write (default: standard output)")

    def handle(self, *args, period, league, format, output, release, **options) -> None:
        target, chosen = chosen_release(self, period, release)
        table = league_table(target, league, assessments=release_assessments(chosen, league))
        write_export(self, render(table, format), format, output)
