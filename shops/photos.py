"""Product photos from merchants' phones: checked, turned upright, stripped and resized once.

`photo_prepare` is the one door every product photo goes through (the quick-add form, the import's
zip and URLs): a phone's 12-megapixel picture with its GPS position becomes a clean JPEG of at most
1600 px, or `PhotoError` says in the merchant's words what is wrong. A photo kept across a form
error waits in the storage under `products/pending/`, named by a random token that only the session
which uploaded it may claim (`pending_*`).
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
import warnings

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024  # a phone's photo is 3–8 MB
MIN_SIDE = 200
MAX_PIXELS = 50_000_000  # beyond this, a "photo" is a decompression bomb, not a product
RESIZED_SIDE = 1600
FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}  # MPO: some phones' JPEG with a depth map
PENDING_DIR = "products/pending"
SESSION_KEY = "pending_product_photos"
SESSION_MAX = 20


class PhotoError(Exception):
    """The file is not a photo we can put on the storefront; the message says why, for the merchant."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def photo_prepare(content: bytes) -> bytes:
    """A JPEG ready for the storefront from the bytes of an uploaded picture, or PhotoError.

    Checked: size, that it is a picture of an accepted type, its dimensions. Turned by its EXIF
    orientation (phones store portrait shots sideways with a flag), then saved without any metadata
    (EXIF holds the merchant's GPS position) and at most RESIZED_SIDE wide or high.
    """
    if len(content) > MAX_BYTES:
        raise PhotoError(_("The photo is too big: at most 15 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.format not in FORMATS:
                raise PhotoError(_("Please choose a photo (JPEG, PNG or WebP)."))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoError(_("The photo is too large: at most 50 megapixels."))
            if min(width, height) < MIN_SIDE:
                raise PhotoError(
                    _("The photo is too small: at least %(min)s pixels wide and high.") % {"min": MIN_SIDE}
                )
            image.load()
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as error:  # fmt: skip
        raise PhotoError(_("This file is not a photo we can read.")) from error

    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        # Transparent PNGs on white, as on a shop's shelf, rather than black.
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((RESIZED_SIDE, RESIZED_SIDE), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    # A fresh image object carries no EXIF, ICC or XMP; nothing is passed to save() but the pixels.
    Image.frombytes("RGB", image.size, image.tobytes()).save(output, "JPEG", quality=85, optimize=True)
    return output.getvalue()


def pending_save(*, session: dict, photo: bytes) -> str:
    """Keep a prepared photo while the merchant fixes the form; returns its token."""
    token = secrets.token_hex(16)
    default_storage.save(f"{PENDING_DIR}/{token}.jpg", ContentFile(photo))
    tokens = [*session.get(SESSION_KEY, []), token][-SESSION_MAX:]
    session[SESSION_KEY] = tokens
    return token


def pending_owned(*, session: dict, token: str) -> bool:
    """Whether this session uploaded the photo of `token` (a token typed by hand claims nothing)."""
    return (
        bool(token) and token in session.get(SESSION_KEY, []) and default_storage.exists(pending_path(token))
    )


def pending_path(token: str) -> str:
    return f"{PENDING_DIR}/{token}.jpg"


def pending_url(token: str) -> str:
    return default_storage.url(pending_path(token))


def pending_take(*, session: dict, token: str) -> bytes | None:
    """The waiting photo's bytes, removed from the storage and the session; None if not this session's."""
    if not pending_owned(session=session, token=token):
        return None
    with default_storage.open(pending_path(token), "rb") as file:
        content = file.read()
    default_storage.delete(pending_path(token))
    session[SESSION_KEY] = [t for t in session.get(SESSION_KEY, []) if t != token]
    return content


# A photo kept across a form error is claimed within minutes; a day later, its form was given up.
PENDING_MAX_AGE = dt.timedelta(hours=24)


def pending_sweep(*, now: dt.datetime | None = None, max_age: dt.timedelta = PENDING_MAX_AGE) -> int:
    """Remove the kept photos older than `max_age` (forms given up); returns how many went."""
    now = now or timezone.now()
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:  # nothing was ever kept
        return 0
    removed = 0
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            stale = default_storage.get_modified_time(path) < now - max_age
        except FileNotFoundError:  # claimed by its form meanwhile
            continue
        if stale:
            default_storage.delete(path)
            removed += 1
    return removed
