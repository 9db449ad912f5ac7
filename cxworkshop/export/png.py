"""The process map as a PNG picture (Pillow), drawn from the model's layout.

No Qt: the CLI and tests render without a QApplication.
"""
from __future__ import annotations

import math
import os

from PIL import Image, ImageDraw, ImageFont

from ..fileutil import write_atomic
from ..model.graph import ProcessGraph
from ..model.layout import compute_layout
from ..resources import resource_path

DEFAULT_WIDTH = 2400
MAX_SIDE = 16000
NOTE_COLORS = {"pain": "#ff8a80", "idea": "#ffe57f", "question": "#80d8ff"}
MOMENT = "#d93025"


def _rgb(color: str, default=(158, 158, 158)) -> tuple[int, int, int]:
    c = (color or "").lstrip("#")
    if len(c) == 6:
        try:
            return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4))
        except ValueError:
            pass
    return default


def _blend(rgb, weight: float, to=(255, 255, 255)) -> tuple[int, int, int]:
    return tuple(int(a + (b - a) * weight) for a, b in zip(rgb, to))


_FONTS: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def _font(size: float, bold: bool = False):
    size = max(6, int(round(size)))
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    key = (name, size)
    if key not in _FONTS:
        try:
            _FONTS[key] = ImageFont.truetype(str(resource_path("fonts", name)), size)
        except OSError:
            _FONTS[key] = ImageFont.load_default()
    return _FONTS[key]


def _wrap(draw, text: str, font, width: float, max_lines: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += "…"
    out = []
    for line in lines:
        while line and draw.textlength(line, font=font) > width:
            line = line[:-2] + "…"
        out.append(line)
    return out


def _centered_text(draw, box, lines, font, fill) -> None:
    x0, y0, x1, y1 = box
    if not lines:
        return
    ascent, descent = font.getmetrics()
    line_h = ascent + descent
    top = (y0 + y1) / 2 - line_h * len(lines) / 2
    for i, line in enumerate(lines):
        w = draw.textlength(line, font=font)
        draw.text(((x0 + x1 - w) / 2, top + i * line_h), line, font=font, fill=fill)


def render_map_image(workshop, width: int = DEFAULT_WIDTH) -> Image.Image:
    """The whole map, ``width`` pixels wide (height follows the map's proportions)."""
    if not isinstance(width, int) or isinstance(width, bool) or not 100 <= width <= MAX_SIDE:
        raise ValueError(f"width must be a whole number of pixels from 100 to {MAX_SIDE}, "
                         f"not {width!r}")
    lay = compute_layout(workshop)
    s = width / lay.width
    height = max(1, int(math.ceil(lay.height * s)))
    if height > MAX_SIDE:
        raise ValueError(f"the picture would be {height} pixels high (at most {MAX_SIDE}); "
                         f"choose a smaller width")
    img = Image.new("RGB", (width, height), (250, 250, 250))
    draw = ImageDraw.Draw(img)
    line = max(1, int(round(1.2 * s)))
    gx, gy, gw, gh = lay.grid_rect
    right, bottom = (gx + gw) * s, (gy + gh) * s

    for lane in lay.lanes:
        rgb = _rgb(lane.color)
        draw.rectangle([0, lane.y * s, right, (lane.y + lane.height) * s],
                       fill=_blend(rgb, 0.89))
        draw.rectangle([0, lane.y * s, 6 * s, (lane.y + lane.height) * s], fill=rgb)
        draw.line([0, lane.y * s, right, lane.y * s], fill=(200, 204, 209), width=line)
        lines = _wrap(draw, lane.name, _font(14 * s, True), (lay.header_w - 20) * s, 3)
        f = _font(14 * s, True)
        lh = sum(f.getmetrics())
        top = (lane.y + lane.height / 2) * s - lh * len(lines) / 2
        for i, text in enumerate(lines):
            draw.text((12 * s, top + i * lh), text, font=f, fill=(32, 33, 36))
    draw.rectangle([0, 0, right, lay.header_h * s], fill=(238, 241, 244))
    for col in lay.stages:
        draw.line([col.x * s, 0, col.x * s, bottom], fill=(200, 204, 209), width=line)
        f = _font(15 * s, True)
        _centered_text(draw, (col.x * s, 0, (col.x + col.width) * s, lay.header_h * s),
                       _wrap(draw, col.name, f, (col.width - 12) * s, 2), f, (32, 33, 36))
    draw.line([right, 0, right, bottom], fill=(200, 204, 209), width=line)
    draw.line([0, bottom, right, bottom], fill=(200, 204, 209), width=line)

    # links under boxes; arrows on cycles in red
    graph = ProcessGraph.of(workshop)
    cyclic = graph.cyclic_links(workshop.tables["links"].values()) if graph.cyclic_nodes() else set()
    for link in workshop.tables["links"].values():
        a, b = lay.boxes.get(link.upstream), lay.boxes.get(link.downstream)
        if not a or not b:
            continue
        p1 = _clip(a, (b[0] + b[2] / 2, b[1] + b[3] / 2))
        p2 = _clip(b, (a[0] + a[2] / 2, a[1] + a[3] / 2))
        color = (217, 48, 37) if link.id in cyclic else (95, 99, 104)
        p1s, p2s = (p1[0] * s, p1[1] * s), (p2[0] * s, p2[1] * s)
        draw.line([p1s, p2s], fill=color, width=max(1, int(round(1.6 * s))))
        ang = math.atan2(p2s[1] - p1s[1], p2s[0] - p1s[0])
        size = 11 * s
        draw.polygon([p2s, (p2s[0] - size * math.cos(ang - 0.45), p2s[1] - size * math.sin(ang - 0.45)),
                      (p2s[0] - size * math.cos(ang + 0.45), p2s[1] - size * math.sin(ang + 0.45))],
                     fill=color)

    colors = {lane.department: lane.color for lane in lay.lanes}
    text_font, bold_font = _font(12 * s), _font(12 * s, True)
    small = _font(9 * s, True)
    for p in workshop.tables["processes"].values():
        x, y, w, h = (v * s for v in lay.boxes[p.id])
        fill = _blend(_rgb(colors.get(p.department, "#9e9e9e")), 0.62)
        outline = _rgb(MOMENT) if p.moment_of_truth else ((32, 33, 36) if p.frontstage
                                                          else (95, 99, 104))
        width_px = max(1, int(round((3.5 if p.moment_of_truth else 1.4) * s)))
        draw.rounded_rectangle([x, y, x + w, y + h], radius=7 * s, fill=fill, outline=outline,
                               width=width_px)
        font = bold_font if p.moment_of_truth else text_font
        _centered_text(draw, (x, y, x + w, y + h - 10 * s),
                       _wrap(draw, p.name or "(unnamed)", font, w - 20 * s, 2), font, (32, 33, 36))
        if p.moment_of_truth:
            _star(draw, x + 5 * s, y + 3 * s, 14 * s, MOMENT)
        for i in range(min(p.votes, 8)):
            cx = x + (12 + i * 12) * s
            draw.ellipse([cx - 5 * s, y + h - 15 * s, cx + 5 * s, y + h - 5 * s], fill=(24, 128, 56))
        if p.votes > 8:
            draw.text((x + (9 + 8 * 12) * s, y + h - 17 * s), f"+{p.votes - 8}", font=small,
                      fill=(32, 33, 36))
        if not p.frontstage:
            label = "backstage"
            tw = draw.textlength(label, font=small)
            draw.text((x + w - 6 * s - tw, y + h - 16 * s), label, font=small, fill=(32, 33, 36))
    note_font = _font(9.5 * s)
    for note in workshop.tables["notes"].values():
        rect = lay.notes.get(note.id)
        if rect is None:
            continue
        x, y, w, h = (v * s for v in rect)
        draw.rectangle([x, y, x + w, y + h], fill=_rgb(NOTE_COLORS.get(note.kind, "#ffe57f")),
                       outline=(141, 110, 99), width=max(1, int(s)))
        lh = sum(note_font.getmetrics())
        for i, text in enumerate(_wrap(draw, note.text or note.kind, note_font, w - 8 * s, 3)):
            draw.text((x + 4 * s, y + 3 * s + i * lh), text, font=note_font, fill=(0, 0, 0))
    return img


def _clip(rect, toward):
    x, y, w, h = rect
    cx, cy = x + w / 2, y + h / 2
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    t = min((w / 2) / abs(dx) if dx else math.inf, (h / 2) / abs(dy) if dy else math.inf, 1.0)
    return cx + dx * t, cy + dy * t


def _star(draw, cx, cy, r, color) -> None:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.43
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    draw.polygon(pts, fill=color)


def render_map_png(workshop, path: str | os.PathLike, width: int = DEFAULT_WIDTH
                   ) -> tuple[int, int]:
    """Write the map to ``path`` as PNG (atomically); returns the picture's size.

    Raises:
        ValueError: the size is out of range.
        OSError: the file cannot be written.
    """
    img = render_map_image(workshop, width)
    write_atomic(path, lambda f: img.save(f, format="PNG", optimize=False))
    return img.size
