from django.core.management.base import BaseCommand, CommandError

from league.models import Period
from league.services.releases import ReleaseError, release_revise


class Command(BaseCommand):
    help = (
        "Open a correction of a published period: a new draft release with a copy of the "
        "published inputs, which imports and recomputes then change. The public keeps seeing "
        "the published release until the correction is published."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help='e.g. "Q4 2025/26"')
        parser.add_argument("--reason", required=True, help="Why the period is being corrected.")

    def handle(self, *args, period, reason, **options) -> None:
        target = Period.objects.filter(label=period).first()
        if target is None:
            raise CommandError(f"There is no period “{period}”.")
        try:
            release = release_revise(period=target, reason=reason)
        except ReleaseError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{release} opened as a draft: import the corrected files (or recompute), then "
            f'publish it with: manage.py publish --period "{target}" --note "…"'
        )
