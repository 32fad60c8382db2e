"""Uploaded NOF files kept between the import preview and its confirmation.

Each upload gets a random token and a private folder, MEDIA_ROOT/nof-staging/<token>/, holding
the files as `1.upload`, `2.upload`… and a manifest with their (sanitised) names and the options
chosen. Paths are built only from the token and counters, never from anything the browser sent,
and a token is accepted only in its own hexadecimal form. Folders older than a day are removed
whenever something new is staged, so an abandoned preview does not keep NHS data for long.
"""

import json
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from league.nof_files import NofFile

FOLDER = "nof-staging"
MANIFEST = "manifest.json"
MAX_AGE_SECONDS = 24 * 60 * 60
TOKEN = re.compile(r"^[0-9a-f]{32}$")
CLAIMED = "-confirming"
STAGING_FOLDER = re.compile(rf"^[0-9a-f]{{32}}({CLAIMED})?$")
UNSAFE_NAME_CHARACTERS = re.compile(r"[^\w .()\-]+")
MAX_NAME_CHARS = 120


@dataclass(frozen=True)
class StagedUpload:
    token: str
    files: list[NofFile]
    period: str | None
    add_metrics: bool


def staging_root() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def stage(
    *, uploads: Iterable[UploadedFile], period: str | None, add_metrics: bool
) -> StagedUpload:
    """Copy the uploads into a new private folder and return what was staged."""
    discard_old()
    token = secrets.token_hex(16)
    folder = staging_root() / token
    folder.mkdir(mode=0o700, parents=True)
    try:
        names = [_copy(upload, folder, number) for number, upload in enumerate(uploads, start=1)]
        manifest = {"names": names, "period": period, "add_metrics": add_metrics}
        (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    except BaseException:
        discard(token)
        raise
    return _staged(token, folder, manifest)


def claim(token: str) -> StagedUpload | None:
    """Take the upload for confirming: a second confirmation of the same token finds nothing.

    The folder is renamed (atomic on one file system), so two clicks on Confirm cannot both
    import. Call `discard` with the same token afterwards.
    """
    folder = _folder(token)
    if folder is None or _is_old(folder):
        return None
    claimed = folder.with_name(folder.name + CLAIMED)
    try:
        folder.rename(claimed)
        manifest = json.loads((claimed / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return _staged(token, claimed, manifest)


def allow_new_metrics(token: str) -> StagedUpload | None:
    """The same staged files, now to be imported with their unknown metrics added."""
    folder = _folder(token)
    if folder is None or _is_old(folder):
        return None
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        manifest["add_metrics"] = True
        (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    except (OSError, ValueError):
        return None
    return _staged(token, folder, manifest)


def discard(token: str) -> None:
    """Remove the upload staged under `token`, claimed or not."""
    if isinstance(token, str) and TOKEN.match(token):
        for name in (token, token + CLAIMED):
            shutil.rmtree(staging_root() / name, ignore_errors=True)


def discard_old(max_age_seconds: int = MAX_AGE_SECONDS) -> int:
    """Remove staging folders older than `max_age_seconds`; return how many went."""
    root = staging_root()
    if not root.is_dir():
        return 0
    removed = 0
    for folder in root.iterdir():
        if (
            STAGING_FOLDER.match(folder.name)
            and folder.is_dir()
            and _is_old(folder, max_age_seconds)
        ):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def display_name(name: str | None, number: int) -> str:
    """The file's own name without any folder part or unusual characters, for display only."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = unicodedata.normalize("NFKC", base)
    base = UNSAFE_NAME_CHARACTERS.sub("_", base).strip(" .")
    return base[-MAX_NAME_CHARS:] or f"file-{number}"


def _copy(upload: UploadedFile, folder: Path, number: int) -> str:
    with (folder / f"{number}.upload").open("xb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return display_name(upload.name, number)


def _staged(token: str, folder: Path, manifest: dict) -> StagedUpload:
    files = [
        NofFile(folder / f"{number}.upload", str(name))
        for number, name in enumerate(manifest["names"], start=1)
    ]
    return StagedUpload(
        token=token,
        files=files,
        period=manifest.get("period") or None,
        add_metrics=bool(manifest.get("add_metrics")),
    )


def _folder(token: str) -> Path | None:
    if not isinstance(token, str) or not TOKEN.match(token):
        return None
    folder = staging_root() / token
    return folder if folder.is_dir() else None


def _is_old(folder: Path, max_age_seconds: int = MAX_AGE_SECONDS) -> bool:
    try:
        return time.time() - folder.stat().st_mtime > max_age_seconds
    except OSError:
        return True
