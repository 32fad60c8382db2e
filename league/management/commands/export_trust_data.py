from pathlib import Path

from django.core.management.base import BaseCommand

from league.management.output import add_period_arguments, chosen_release, write_export
from league.services.exports import FORMATS, render, trust_data
from trusts.models import League, Trust


class Command(BaseCommand):
    help = (
        "Write a release's metric-level inputs (values, NHS England's scores and summary rows) "
        "in NHS England's long trust data layout, which import_nof reads back."
    )

    def add_arguments(self, parser) -> None:
        add_period_arguments(parser)
        parser.add_argument("--league", choices=League.values, help="Default: every table")
        parser.add_argument("--format", default="csv", choices=FORMATS)
        parser.add_argument("--output", type=Path, help="File to write (default: standard output)")

    def handle(self, *args, period, league, format, output, release, **options) -> None:
        _, chosen = chosen_release(self, period, release)
        trusts = Trust.objects.filter(league=league).values("pk") if league else None
        write_export(self, render(trust_data(chosen, trust_ids=trusts), format), format, output)
