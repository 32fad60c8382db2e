from datetime import date

from django.core.management.base import BaseCommand, CommandError

from league.models import Period, ReleaseState
from league.services.releases import ReleaseError, release_publish


class Command(BaseCommand):
    help = (
        "Publish a period's draft release (its first publication, or an open correction), "
        "through the same service as admin."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help='e.g. "Q4 2025/26"')
        parser.add_argument(
            "--note", default="", help="Public note saying what a correction changed and why."
        )
        parser.add_argument(
            "--published-on",
            type=_day,
            help="NHS England's publication date, YYYY-MM-DD (default: today's date here).",
        )

    def handle(self, *args, period, note, published_on, **options) -> None:
        target = Period.objects.filter(label=period).first()
        if target is None:
            raise CommandError(f"There is no period “{period}”.")
        draft = target.releases.filter(state=ReleaseState.DRAFT).first()
        if draft is None:
            raise CommandError(f"{target} has no draft release to publish.")
        try:
            release = release_publish(
                release=draft, correction_note=note, published_on=published_on
            )
        except ReleaseError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{release} is published.")
        for change in release.changes:
            self.stdout.write(
                f"  {change['name']} ({change['trust']}): segment {change['segment_before']} → "
                f"{change['segment_after']}, rank {change['rank_before']} → {change['rank_after']}"
            )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"“{text}” is not a date of the form 2026-06-11.") from None
