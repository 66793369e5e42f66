"""Photos of a catalogue import: the pictures in the zip uploaded beside the sheet, and each planned
row's photo, from the zip or fetched from its address (shops.photo_fetch), prepared before any write.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from django.utils.translation import gettext as _

from shops import photos
from shops.import_planning import RowPlan
from shops.import_sheet import ImportFileError

ZIP_MAX_BYTES = 100 * 1024 * 1024
ZIP_MAX_FILES = 1000

PhotoFetcher = Callable[[str], bytes]


def zip_photo_names(content: bytes) -> set[str]:
    """The picture file names in a zip of photos (folders ignored), or ImportFileError."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(_("The photos file is not a readable zip.")) from error
    if len(infos) > ZIP_MAX_FILES:
        raise ImportFileError(_("The zip holds more than %(max)s files.") % {"max": ZIP_MAX_FILES})
    return {info.filename.rsplit("/", 1)[-1] for info in infos if info.file_size <= photos.MAX_BYTES}


def zip_photo_read(content: bytes, name: str) -> bytes | None:
    """One picture of the zip by its file name (wherever it sits in the zip), at most photos.MAX_BYTES."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for info in archive.infolist():
            if info.filename.rsplit("/", 1)[-1] == name and not info.is_dir():
                if info.file_size > photos.MAX_BYTES:  # said by the zip; read() below is bounded too
                    return None
                with archive.open(info) as file:
                    return file.read(photos.MAX_BYTES + 1)
    return None


def photos_gather(
    *, plans: list[RowPlan], zip_content: bytes | None, fetch: PhotoFetcher
) -> tuple[dict[int, bytes], list[int]]:
    """Each planned row's photo, fetched and prepared before any write; the rows whose photo failed."""
    ready, failed = {}, []
    for plan in plans:
        if plan.action not in ("create", "update"):
            continue
        raw = None
        try:
            if "photo_url" in plan.values:
                raw = fetch(plan.values["photo_url"])
            elif "photo_zip" in plan.values and zip_content is not None:
                raw = zip_photo_read(zip_content, plan.values["photo_zip"])
            else:
                continue
            if raw is None:
                raise photos.PhotoError("missing")
            ready[plan.row] = photos.photo_prepare(raw)
        except photos.PhotoError:
            failed.append(plan.row)
    return ready, failed
