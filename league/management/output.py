from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from league.models import Period, Release
from league.selectors import latest_release, public_release


def add_period_arguments(parser) -> None:
    parser.add_argument("--period", required=True, help='e.g. "Q4 2025/26"')
    parser.add_argument(
        "--release",
        type=int,
        help="Release number (default: the current public release; for a period never "
        "published, its draft)",
    )


def chosen_release(command: BaseCommand, label: str, number: int | None) -> tuple[Period, Release]:
    """The period named on the command line and the release to export."""
    period = Period.objects.filter(label=label).first()
    if period is None:
        raise CommandError(f"There is no period “{label}”.")
    if number is not None:
        release = period.releases.filter(number=number).first()
        if release is None:
            raise CommandError(f"{period} has no release {number}.")
        return period, release
    release = public_release(period)
    if release is None:
        release = latest_release(period)
        if release is None:
            raise CommandError(f"{period} has no results yet: import and recompute it first.")
        command.stderr.write(f"{period} is not published: exporting its draft release.")
    return period, release


def write_export(command: BaseCommand, content: bytes, file_format: str, output: Path | None):
    """Write an export to a file, or print it (text formats only) to standard output."""
    if output:
        output.write_bytes(content)
        command.stdout.write(f"Wrote {output}")
    elif file_format == "xlsx":
        raise CommandError("XLSX is binary: give --output FILE.")
    else:
        command.stdout.write(content.decode("utf-8-sig"), ending="")
