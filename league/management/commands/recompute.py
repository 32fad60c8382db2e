from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from league.models import Period, ReleaseState
from league.services.recompute import RecomputeError, period_recompute


class Command(BaseCommand):
    help = "Recompute segments, ranks and likely ranges for one period or for all of them."

    def add_arguments(self, parser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--period", help='e.g. "Q4 2025/26"')
        target.add_argument(
            "--all", action="store_true", help="Every period with data in a draft release."
        )
        parser.add_argument(
            "--from-raw",
            action="store_true",
            help="Score every metric from its raw value, ignoring NHS England's published scores.",
        )
        parser.add_argument(
            "--cut-points",
            help="Segment cut-points for this run, e.g. 2.06,2.30,2.58 (default: the period's "
            "own, else quartiles of the averages).",
        )
        parser.add_argument("--replicates", type=int, help="Bootstrap replicates (default 1000).")

    def handle(self, *args, period, all, from_raw, cut_points, replicates, **options) -> None:
        points = _cut_points(cut_points) if cut_points else None
        if all:
            periods = list(
                Period.objects.filter(
                    releases__state=ReleaseState.DRAFT, releases__values__isnull=False
                ).distinct()
            )
        else:
            periods = list(Period.objects.filter(label=period))
            if not periods:
                raise CommandError(f"There is no period “{period}”.")
        for target in periods:
            try:
                computation = period_recompute(
                    period=target, from_raw=from_raw, cut_points=points, replicates=replicates
                )
            except RecomputeError as error:
                raise CommandError(str(error)) from None
            cuts = computation.cut_points
            self.stdout.write(
                f"{target}: {computation.trusts} trusts; cut-points "
                f"{', '.join(str(c) for c in cuts) if cuts else 'none'} "
                f"({computation.cut_points_source})."
            )
            for note in computation.notes:
                self.stdout.write(f"  {note}")


def _cut_points(text: str) -> tuple[Decimal, Decimal, Decimal]:
    try:
        points = tuple(Decimal(part.strip()) for part in text.split(","))
    except InvalidOperation:
        raise CommandError(f"“{text}” is not three numbers separated by commas.") from None
    if len(points) != 3 or not points[0] < points[1] < points[2]:
        raise CommandError("Give three increasing cut-points, e.g. 2.06,2.30,2.58.")
    return points
