from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from league.management.output import write_export
from league.models import Period
from league.selectors import release_assessments
from league.services.exports import FORMATS, league_table, render
from trusts.models import League


class Command(BaseCommand):
    help = "Write a computed league table in NHS England's league-table layout."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help='e.g. "Q4 2025/26"')
        parser.add_argument("--league", required=True, choices=League.values)
        parser.add_argument("--format", default="csv", choices=FORMATS)
        parser.add_argument("--output", type=Path, help="File to write (default: standard output)")
        parser.add_argument(
            "--release",
            type=int,
            help="Release number (default: the newest, a draft correction if one is in progress)",
        )

    def handle(self, *args, period, league, format, output, release, **options) -> None:
        target = Period.objects.filter(label=period).first()
        if target is None:
            raise CommandError(f"There is no period “{period}”.")
        assessments = None
        if release is not None:
            chosen = target.releases.filter(number=release).first()
            if chosen is None:
                raise CommandError(f"{target} has no release {release}.")
            assessments = release_assessments(chosen, league)
        table = league_table(target, league, assessments=assessments)
        write_export(self, render(table, format), format, output)
