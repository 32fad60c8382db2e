from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


def write_export(command: BaseCommand, content: bytes, file_format: str, output: Path | None):
    """Write an export to a file, or print it (text formats only) to standard output."""
    if output:
        output.write_bytes(content)
        command.stdout.write(f"Wrote {output}")
    elif file_format == "xlsx":
        raise CommandError("XLSX is binary: give --output FILE.")
    else:
        command.stdout.write(content.decode("utf-8-sig"), ending="")
