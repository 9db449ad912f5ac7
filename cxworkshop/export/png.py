"""The process map as a PNG picture (Pillow), drawn from the model's layout and routes.

No Qt: the CLI and tests render without a QApplication. Big pictures (up to
:data:`MAX_SIDE` pixels on a side) are drawn in horizontal tiles and written
row by row, so memory stays at one tile whatever the size.
"""
from __future__ import annotations

import math
import os
import struct
import zlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, BinaryIO

from PIL import Image, ImageDraw, ImageFont

from ..fileutil import write_atomic
from ..i18n import tr
from ..resources import resource_path
from .map_image import MapPicture, Painter, Rect, paint_map

if TYPE_CHECKING:
    from ..model.workshop import Workshop

DEFAULT_WIDTH = 2400
MAX_SIDE = 16000
MIN_SIDE = 100
TILE_ROWS = 1024      # pixel rows drawn at a time


def _rgb(color: str) -> tuple[int, int, int]:
    c = (color or "").lstrip("#")
    try:
        if len(c) != 6:
            return (158, 158, 158)
        return (int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16))
    except ValueError:
        return (158, 158, 158)


_FONTS: dict[tuple[str, int], ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}


def _font(px: float, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    size = max(1, int(round(px)))
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    key = (name, size)
    if key not in _FONTS:
        try:
            _FONTS[key] = ImageFont.truetype(str(resource_path("fonts", name)), size)
        except OSError:
            _FONTS[key] = ImageFont.load_default()
    return _FONTS[key]


class PillowPainter(Painter):
    """Paints map units onto a tile of pixel rows ``top`` … ``top + rows``."""

    def __init__(self, image: Image.Image, scale: float, top: int):
        self.img = image
        self.draw = ImageDraw.Draw(image)
        self.s = scale
        self.top = top
        self.rows = image.size[1]
        self._measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return x * self.s, y * self.s - self.top

    def visible(self, top: float, bottom: float) -> bool:
        return bottom * self.s >= self.top - 2 and top * self.s <= self.top + self.rows + 2

    def rect(self, r: Rect, fill: str | None, outline: str | None = None, width: float = 1.0,
             radius: float = 0.0, dashed: bool = False) -> None:
        x0, y0 = self._xy(r[0], r[1])
        x1, y1 = self._xy(r[0] + r[2], r[1] + r[3])
        if y1 < -4 or y0 > self.rows + 4:
            return
        w = max(1, int(round(width * self.s))) if outline else 0
        box = [x0, y0, max(x0, x1), max(y0, y1)]
        solid = outline if outline and not dashed else None
        if radius:
            self.draw.rounded_rectangle(box, radius=radius * self.s,
                                        fill=_rgb(fill) if fill else None,
                                        outline=_rgb(solid) if solid else None, width=w)
        else:
            self.draw.rectangle(box, fill=_rgb(fill) if fill else None,
                                outline=_rgb(solid) if solid else None, width=w)
        if outline and dashed:
            self._dashed(box, _rgb(outline), w)

    def _dashed(self, box: Sequence[float], color: tuple[int, int, int],
                width: int) -> None:
        x0, y0, x1, y1 = box
        dash, gap = 6 * self.s, 4 * self.s
        for (ax, ay, bx, by) in ((x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1),
                                 (x0, y1, x0, y0)):
            length = math.hypot(bx - ax, by - ay)
            t = 0.0
            while t < length:
                t1 = min(length, t + dash)
                self.draw.line([ax + (bx - ax) * t / length, ay + (by - ay) * t / length,
                                ax + (bx - ax) * t1 / length, ay + (by - ay) * t1 / length],
                               fill=color, width=width)
                t = t1 + gap

    def polyline(self, points: list[tuple[float, float]], color: str, width: float) -> None:
        pts = [self._xy(x, y) for x, y in points]
        self.draw.line(pts, fill=_rgb(color), width=max(1, int(round(width * self.s))),
                       joint="curve")

    def polygon(self, points: list[tuple[float, float]], fill: str) -> None:
        self.draw.polygon([self._xy(x, y) for x, y in points], fill=_rgb(fill))

    def ellipse(self, r: Rect, fill: str) -> None:
        x0, y0 = self._xy(r[0], r[1])
        x1, y1 = self._xy(r[0] + r[2], r[1] + r[3])
        self.draw.ellipse([x0, y0, x1, y1], fill=_rgb(fill))

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False,
             color: str = "#202124") -> None:
        px, py = self._xy(x, y)
        if py > self.rows + 2 or py + size * self.s * 1.5 < -2:
            return
        self.draw.text((px, py), text, font=_font(size * self.s, bold), fill=_rgb(color))

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        # measured at a fixed size so that wrapping is the same at every picture size
        return self._measure.textlength(text, font=_font(size * 4, bold)) / 4


def picture_size(workshop: Workshop, width: int) -> tuple[MapPicture, int]:
    """The picture of ``workshop`` and its height at ``width`` pixels.

    Raises:
        ValueError: the width (or the height it gives) is out of range, with a
            message saying what would fit.
    """
    if not isinstance(width, int) or isinstance(width, bool) or not MIN_SIDE <= width <= MAX_SIDE:
        raise ValueError(tr("width must be a whole number of pixels from {low} to {high}, "
                            "not {width}").format(low=MIN_SIDE, high=MAX_SIDE,
                                                  width=repr(width)))
    pic = MapPicture.of(workshop)
    height = max(1, int(math.ceil(pic.height * width / pic.width)))
    if height > MAX_SIDE:
        widest = int(MAX_SIDE * pic.width / pic.height)
        raise ValueError(tr("the picture would be {height} pixels high (at most {high}); "
                            "the widest that fits is {widest} pixels").format(
            height=height, high=MAX_SIDE, widest=widest))
    return pic, height


def _tiles(pic: MapPicture, width: int, height: int) -> Iterator[tuple[int, Image.Image]]:
    """(top row, tile image) for each tile of the picture, top to bottom."""
    s = width / pic.width
    for top in range(0, height, TILE_ROWS):
        rows = min(TILE_ROWS, height - top)
        tile = Image.new("RGB", (width, rows), _rgb("#fafafa"))
        paint_map(PillowPainter(tile, s, top), pic)
        yield top, tile


def render_map_image(workshop: Workshop, width: int = DEFAULT_WIDTH) -> Image.Image:
    """The whole map as one image ``width`` pixels wide (for moderate sizes)."""
    pic, height = picture_size(workshop, width)
    img = Image.new("RGB", (width, height))
    for top, tile in _tiles(pic, width, height):
        img.paste(tile, (0, top))
    return img


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def render_map_png(workshop: Workshop, path: str | os.PathLike[str], width: int = DEFAULT_WIDTH
                   ) -> tuple[int, int]:
    """Write the map to ``path`` as PNG (atomically, tile by tile); returns its size.

    Raises:
        ValueError: the size is out of range.
        OSError: the file cannot be written.
    """
    pic, height = picture_size(workshop, width)

    def write(f: BinaryIO) -> None:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        comp = zlib.compressobj(6)
        for _top, tile in _tiles(pic, width, height):
            raw = tile.tobytes()
            stride = width * 3
            rows = b"".join(b"\x00" + raw[i:i + stride] for i in range(0, len(raw), stride))
            data = comp.compress(rows)
            if data:
                f.write(_chunk(b"IDAT", data))
        f.write(_chunk(b"IDAT", comp.flush()))
        f.write(_chunk(b"IEND", b""))

    write_atomic(path, write)
    return width, height
