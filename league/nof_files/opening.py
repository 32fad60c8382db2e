"""First look at an upload: size, checksum, CSV or XLSX by content, and text encoding.

This reads the bytes once, before any parsing, so that every later step may assume a file of
sensible size, in a known format and (for CSV) valid UTF-8. The file's name is never trusted
for the format: only its content is (except that names staff cannot mean, like .xlsm, are
refused outright).
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from league.nof_files.model import MB, FileFormat, Limits, Source
from league.nof_files.zipcheck import SAVE_AS_XLSX, xlsx_refusal

CHUNK = 1024 * 1024
SAVE_AS_UTF8 = (
    "In Excel, use File > Save As and choose 'CSV UTF-8 (Comma delimited) (*.csv)'; "
    "other programs call it 'UTF-8' encoding."
)
REFUSED_EXTENSIONS = (".xlsm", ".xls", ".xlsb", ".xltm", ".ods", ".numbers")


@dataclass(frozen=True)
class Inspection:
    """What the first look found. `refusal` says why the file cannot be read at all."""

    size: int
    sha256: str
    format: FileFormat | None
    refusal: str | None


class UnreadableSource(Exception):
    """The source itself could not be opened or rewound (not a problem with its content)."""


@contextmanager
def byte_stream(source: Source) -> Iterator[BinaryIO]:
    """Yield the source as a binary stream at offset 0; close it only if we opened it."""
    if isinstance(source, str | os.PathLike):
        try:
            stream = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise UnreadableSource(f"The file could not be opened ({error.strerror}).") from error
        with stream:
            yield stream
        return
    try:
        if not source.seekable():
            raise UnreadableSource("The upload cannot be read twice (it is not seekable).")
        source.seek(0)
    except (OSError, ValueError) as error:
        raise UnreadableSource("The upload could not be read from the start.") from error
    yield source


def inspect(source: Source, name: str, limits: Limits) -> Inspection:
    """Measure, hash and classify the bytes of one upload."""
    try:
        with byte_stream(source) as stream:
            size = _size(stream)
            if size > limits.max_file_bytes:
                return Inspection(size, "", None, _too_big(size, limits))
            return _read_all(stream, size, name, limits)
    except UnreadableSource as error:
        return Inspection(0, "", None, str(error))
    except OSError as error:
        return Inspection(0, "", None, f"The file could not be read ({error}).")


def _size(stream: BinaryIO) -> int:
    size = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    return size


def _too_big(size: int, limits: Limits) -> str:
    return (
        f"The file is {size / MB:,.1f} MB; the largest file accepted is "
        f"{limits.max_file_bytes / MB:,.0f} MB."
    )


def _read_all(stream: BinaryIO, size: int, name: str, limits: Limits) -> Inspection:
    digest = hashlib.sha256()
    first = stream.read(CHUNK)
    fmt, refusal = _classify(first, name)
    text_check = _Utf8Check() if fmt is FileFormat.CSV and refusal is None else None
    chunk = first
    while chunk:
        digest.update(chunk)
        if text_check is not None and refusal is None:
            refusal = text_check.feed(chunk)
        chunk = stream.read(CHUNK)
    if text_check is not None and refusal is None:
        refusal = text_check.finish()
    if fmt is FileFormat.XLSX and refusal is None:
        stream.seek(0)
        refusal = xlsx_refusal(stream, limits)
    return Inspection(size, digest.hexdigest(), fmt if refusal is None else None, refusal)


def _classify(first: bytes, name: str) -> tuple[FileFormat | None, str | None]:
    if name.lower().endswith(REFUSED_EXTENSIONS):
        return None, f"Only .csv and .xlsx files are accepted. {SAVE_AS_XLSX}"
    if not first:
        return None, "The file is empty."
    if first.startswith(b"PK\x03\x04") or first.startswith(b"PK\x05\x06"):
        return FileFormat.XLSX, None
    if first.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            None,
            f"This is an old-style Excel file (.xls), which is not accepted. {SAVE_AS_XLSX}",
        )
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, f"The file is saved as UTF-16 ('Unicode text'), not UTF-8. {SAVE_AS_UTF8}"
    return FileFormat.CSV, None


class _Utf8Check:
    """Checks a byte stream is UTF-8 text without decoding it all into memory at once."""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self.lines_before = 0

    def feed(self, chunk: bytes) -> str | None:
        if b"\x00" in chunk:
            line = self.lines_before + chunk[: chunk.index(b"\x00")].count(b"\n") + 1
            return (
                f"The file contains binary data (a zero byte on line {line:,}), so it is not a "
                f"CSV text file. {SAVE_AS_UTF8}"
            )
        try:
            self.decoder.decode(chunk)
        except UnicodeDecodeError as error:
            line = self.lines_before + chunk[: max(error.start, 0)].count(b"\n") + 1
            return self._not_utf8(line)
        self.lines_before += chunk.count(b"\n")
        return None

    def finish(self) -> str | None:
        try:
            self.decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return self._not_utf8(self.lines_before + 1)
        return None

    @staticmethod
    def _not_utf8(line: int) -> str:
        return (
            f"The file is not saved as UTF-8 text (the first character that is not UTF-8 is on "
            f"line {line:,}; it may be Windows-1252 or another encoding). Nothing was guessed "
            f"or replaced. {SAVE_AS_UTF8}"
        )
