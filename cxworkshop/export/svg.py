"""The process map as an SVG picture (plain text, no Qt), like the PNG: title,
legend, grid, routed links with labels and loop marks, boxes and notes."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from ..fileutil import write_atomic
from .map_image import MapPicture, Painter, Rect, paint_map
from .png import _font

if TYPE_CHECKING:
    from ..model.workshop import Workshop

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


class SvgPainter(Painter):
    def __init__(self) -> None:
        self.parts: list[str] = []
        from PIL import Image, ImageDraw
        self._measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    def rect(self, r: Rect, fill: str | None, outline: str | None = None, width: float = 1.0,
             radius: float = 0.0, dashed: bool = False) -> None:
        attrs = [f'x="{_n(r[0])}" y="{_n(r[1])}" width="{_n(r[2])}" height="{_n(r[3])}"',
                 f'fill="{fill}"' if fill else 'fill="none"']
        if radius:
            attrs.append(f'rx="{_n(radius)}"')
        if outline:
            attrs.append(f'stroke="{outline}" stroke-width="{_n(width)}"')
            if dashed:
                attrs.append('stroke-dasharray="6 4"')
        self.parts.append(f"<rect {' '.join(attrs)}/>")

    def polyline(self, points: list[tuple[float, float]], color: str, width: float) -> None:
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" '
                          f'stroke-width="{_n(width)}" stroke-linejoin="round"/>')

    def polygon(self, points: list[tuple[float, float]], fill: str) -> None:
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self.parts.append(f'<polygon points="{pts}" fill="{fill}"/>')

    def ellipse(self, r: Rect, fill: str) -> None:
        self.parts.append(f'<ellipse cx="{_n(r[0] + r[2] / 2)}" cy="{_n(r[1] + r[3] / 2)}" '
                          f'rx="{_n(r[2] / 2)}" ry="{_n(r[3] / 2)}" fill="{fill}"/>')

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False,
             color: str = "#202124") -> None:
        weight = ' font-weight="bold"' if bold else ""
        # y is the top of the text: the baseline sits about 0.8 of the size lower
        self.parts.append(f'<text x="{_n(x)}" y="{_n(y + size * 0.95)}" font-size="{_n(size)}"'
                          f'{weight} fill="{color}">{escape(_clean(text))}</text>')

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        return self._measure.textlength(text, font=_font(size * 4, bold)) / 4


def _clean(text: str) -> str:
    """Text XML can hold (control characters dropped)."""
    return "".join(ch for ch in text if ch in "\t\n" or (ord(ch) >= 32 and not
                                                          0xD800 <= ord(ch) <= 0xDFFF
                                                          and ch not in "\ufffe\uffff"))


def map_svg(workshop: Workshop) -> str:
    """The map as an SVG document (map units as SVG user units)."""
    pic = MapPicture.of(workshop)
    p = SvgPainter()
    paint_map(p, pic)
    return _document(workshop, pic, p)


def _document(workshop: Workshop, pic: MapPicture, p: SvgPainter) -> str:
    w, h = _n(pic.width), _n(pic.height)
    title = escape(_clean(workshop.info.title or "Process map"))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}">\n'
            f"<title>{title}</title>\n" + "\n".join(p.parts) + "\n</svg>\n")


def render_map_svg(workshop: Workshop, path: str | os.PathLike[str]) -> tuple[float, float]:
    """Write the map to ``path`` as SVG (atomically); returns its size in units.

    Raises:
        OSError: the file cannot be written.
    """
    pic = MapPicture.of(workshop)
    p = SvgPainter()
    paint_map(p, pic)
    write_atomic(path, _document(workshop, pic, p).encode("utf-8"))
    return pic.width, pic.height
