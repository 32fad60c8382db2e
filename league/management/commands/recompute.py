import time
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from league.models import Period, ReleaseState, RunState, RunTrigger
from league.services.recompute import RecomputeError, period_recompute
from league.services.runs import recompute_request


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
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand the recompute to the background workers (as an import does) instead of "
            "running it here, and wait for it to finish.",
        )
        parser.add_argument(
            "--wait", type=float, default=300, help="With --queue: seconds to wait (default 300)."
        )

    def handle(self, *args, period, all, from_raw, cut_points, replicates, **options) -> None:
        points = _cut_points(cut_points) if cut_points else None
        if options["queue"]:
            if all or from_raw or points or replicates:
                raise CommandError(
                    "--queue runs the period's standard recompute: give --period only."
                )
            self._queue(period, options["wait"])
            return
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

    def _queue(self, label: str, wait: float) -> None:
        target = Period.objects.filter(label=label).first()
        if target is None:
            raise CommandError(f"There is no period “{label}”.")
        run = recompute_request(period=target, trigger=RunTrigger.COMMAND)
        self.stdout.write(f"Recompute run {run.pk} of {target} queued.")
        deadline = time.monotonic() + wait
        while run.state in (RunState.QUEUED, RunState.RUNNING):
            if time.monotonic() > deadline:
                raise CommandError(f"Run {run.pk} is still {run.state} after {wait:.0f} s.")
            time.sleep(0.5)
            run.refresh_from_db()
        self.stdout.write(
            f"Run {run.pk}: {run.get_state_display().lower()}"
            + (f", {run.trusts_written} trusts written." if run.trusts_written else ".")
        )
        if run.state == RunState.FAILED:
            raise CommandError(run.error)


def _cut_points(text: str) -> tuple[Decimal, Decimal, Decimal]:
    try:
        points = tuple(Decimal(part.strip()) for part in text.split(","))
    except InvalidOperation:
        raise CommandError(f"“{text}” is not three numbers separated by commas.") from None
    if len(points) != 3 or not points[0] < points[1] < points[2]:
        raise CommandError("Give three increasing cut-points, e.g. 2.06,2.30,2.58.")
    return points
