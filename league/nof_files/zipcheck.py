"""Checks an XLSX upload as a zip archive before openpyxl is allowed near it.

openpyxl trusts the archive; a few hundred bytes can inflate to gigabytes (a zip bomb), so the
declared sizes are checked first (ASVS 5.2.3). zipfile never inflates a member past its
declared size, so the declared sizes are a real bound.
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO

from league.nof_files.model import MB, Limits

SAVE_AS_XLSX = "In Excel, use File > Save As and choose 'Excel Workbook (*.xlsx)' or 'CSV UTF-8'."


def xlsx_refusal(stream: BinaryIO, limits: Limits) -> str | None:
    """Return why this zip cannot be read as a workbook, or None if it is a safe XLSX."""
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    # A damaged header can also claim a zip version Python does not read (NotImplementedError).
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ):
        return "The file looks like a zip or Excel file but is damaged and cannot be opened."
    if len(members) > limits.max_zip_members:
        return (
            f"The workbook holds {len(members):,} parts; at most {limits.max_zip_members:,} are "
            "accepted, so it was not opened."
        )
    return _size_refusal(members, limits) or _structure_refusal(members)


def _size_refusal(members: list[zipfile.ZipInfo], limits: Limits) -> str | None:
    total = sum(member.file_size for member in members)
    if total > limits.max_unzipped_bytes:
        return (
            f"The workbook would unpack to {total / MB:,.0f} MB; at most "
            f"{limits.max_unzipped_bytes / MB:,.0f} MB is accepted, so it was not opened."
        )
    for member in members:
        if member.file_size < limits.ratio_check_min_bytes:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            return (
                f"The workbook part {member.filename!r} is compressed {ratio:,.0f} times, "
                "which is typical of a 'zip bomb', so the file was not opened."
            )
    return None


def _structure_refusal(members: list[zipfile.ZipInfo]) -> str | None:
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return (
            "The file is a zip archive but not an Excel workbook. Upload the CSV or XLSX file "
            "exactly as NHS England publishes it."
        )
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return f"The workbook contains macros (.xlsm), which are not accepted. {SAVE_AS_XLSX}"
    return None
