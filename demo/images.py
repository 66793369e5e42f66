"""Pictures for the demo town, drawn with Pillow: product squares, shop logos and shop fronts.

Nothing is downloaded: each picture is a coloured shape with initials or a name, small JPEG bytes.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache

from PIL import Image, ImageDraw, ImageFont

PRODUCT_SIZE = 400
PHOTO_SIZE = (800, 500)
JPEG_QUALITY = 80
WHITE = (255, 255, 255)
# Words that make poor initials ("Pain de campagne" gives "PC", not "PD").
SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "au", "aux", "à", "en", "et", "l", "d", "pur"}


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def lighter(rgb: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    return tuple(round(c + (255 - c) * amount) for c in rgb)  # type: ignore[return-value]


def initials(text: str, letters: int = 2) -> str:
    """Up to `letters` capital initials of the significant words of `text`."""
    words = [w for w in text.replace("'", " ").replace("’", " ").split() if w[0].isalpha()]
    significant = [w for w in words if w.lower() not in SMALL_WORDS] or words
    return "".join(w[0].upper() for w in significant[:letters])


@cache
def font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """A font of `size`, and whether it draws accents: DejaVu when installed, else Pillow's own."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size), True
    except OSError:
        return ImageFont.load_default(size=size), False


def without_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def to_jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def centred_text(draw: ImageDraw.ImageDraw, centre: tuple[int, int], text: str, size: int) -> None:
    face, has_accents = font(size)
    draw.text(centre, text if has_accents else without_accents(text), fill=WHITE, font=face, anchor="mm")


@cache  # shops of a category sell the same items: draw each once
def product_picture(title: str, colour: str) -> bytes:
    """A square in the shop category's colour, a lighter disc, and the product's initials."""
    rgb = hex_to_rgb(colour)
    image = Image.new("RGB", (PRODUCT_SIZE, PRODUCT_SIZE), lighter(rgb, 0.75))
    draw = ImageDraw.Draw(image)
    margin = 60
    draw.ellipse((margin, margin, PRODUCT_SIZE - margin, PRODUCT_SIZE - margin), fill=rgb)
    centred_text(draw, (PRODUCT_SIZE // 2, PRODUCT_SIZE // 2), initials(title), 120)
    return to_jpeg(image)


def shop_logo(name: str, colour: str) -> bytes:
    """A round badge with the shop's initials."""
    rgb = hex_to_rgb(colour)
    image = Image.new("RGB", (PRODUCT_SIZE, PRODUCT_SIZE), WHITE)
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, PRODUCT_SIZE - 10, PRODUCT_SIZE - 10), fill=rgb)
    draw.ellipse((40, 40, PRODUCT_SIZE - 40, PRODUCT_SIZE - 40), outline=lighter(rgb, 0.6), width=6)
    centred_text(draw, (PRODUCT_SIZE // 2, PRODUCT_SIZE // 2), initials(name, 3), 110)
    return to_jpeg(image)


def shop_front(name: str, colour: str) -> bytes:
    """A shop front: sign with the name, striped awning, two windows and a door."""
    width, height = PHOTO_SIZE
    rgb = hex_to_rgb(colour)
    image = Image.new("RGB", PHOTO_SIZE, lighter(rgb, 0.85))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 110), fill=rgb)
    # Long names get a smaller sign font so they fit the width.
    centred_text(draw, (width // 2, 55), name, max(22, min(44, 1000 // max(len(name), 1))))
    stripe = width // 10
    for index in range(10):
        fill = rgb if index % 2 == 0 else WHITE
        draw.rectangle((index * stripe, 110, (index + 1) * stripe, 160), fill=fill)
        draw.pieslice((index * stripe, 135, (index + 1) * stripe, 185), 0, 180, fill=fill)
    window = lighter(rgb, 0.5)
    draw.rectangle((60, 210, 320, 430), fill=window, outline=rgb, width=8)
    draw.rectangle((480, 210, 740, 430), fill=window, outline=rgb, width=8)
    draw.rectangle((355, 220, 445, height), fill=rgb)
    return to_jpeg(image)
