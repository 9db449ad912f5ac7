"""The process map as a picture for files (PNG and SVG): what to draw, in map units.

No Qt. :func:`paint_map` draws the workshop's title, a legend, the grid, the
routed links (labels on them, loop-backs below the grid with ↺), the boxes and
the notes onto a :class:`Painter`; ``png.py`` and ``svg.py`` implement one each.
Geometry comes from :mod:`cxworkshop.model.layout` and :mod:`cxworkshop.model.route`,
like the canvas and the PDF.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING

from ..model.entities import Link, Note, Process
from ..model.layout import MapLayout, compute_layout
from ..model.route import LOOP_ROOM, Route, label_point, route_all

if TYPE_CHECKING:
    from ..model.workshop import Workshop

NOTE_COLORS = {"pain": "#ff8a80", "idea": "#ffe57f", "question": "#80d8ff"}
NOTE_NAMES = {"pain": "Pain point", "idea": "Idea", "question": "Question"}
MOMENT = "#d93025"
INK = "#202124"
MUTED = "#5f6368"
LINK = "#5f6368"
GRID = "#c8ccd1"
BACKGROUND = "#fafafa"
HEADER_BG = "#eef1f4"
TOP = 74.0        # title and legend above the map (map units)
LOOP_MARK = "↺"

Rect = tuple[float, float, float, float]


class Painter:
    """What :func:`paint_map` needs from a picture (coordinates in map units)."""

    def rect(self, r: Rect, fill: str | None, outline: str | None = None, width: float = 1.0,
             radius: float = 0.0, dashed: bool = False) -> None:
        raise NotImplementedError

    def polyline(self, points: list[tuple[float, float]], color: str, width: float) -> None:
        raise NotImplementedError

    def polygon(self, points: list[tuple[float, float]], fill: str) -> None:
        raise NotImplementedError

    def ellipse(self, r: Rect, fill: str) -> None:
        raise NotImplementedError

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False,
             color: str = INK) -> None:
        """``text`` with its top-left at ``x, y``."""
        raise NotImplementedError

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        raise NotImplementedError

    def visible(self, top: float, bottom: float) -> bool:
        """False when nothing between map ``top`` and ``bottom`` shows (a tile elsewhere)."""
        return True


@dataclass
class MapPicture:
    """What a picture of the map shows: layout, routes, and its size in map units."""

    workshop: Workshop
    layout: MapLayout
    routes: dict[str, Route]
    width: float
    height: float

    @classmethod
    def of(cls, workshop: Workshop) -> MapPicture:
        layout = compute_layout(workshop)
        routes = route_all(workshop, layout)
        gx, gy, gw, gh = layout.grid_rect
        bottom = gy + gh
        if any(r.loop_back for r in routes.values()):
            bottom += LOOP_ROOM
        height = max(layout.height, bottom) + TOP + 12
        width = max(layout.width, 760.0) + 12
        return cls(workshop, layout, routes, width, height)


def wrap(p: Painter, text: str, size: float, width: float, max_lines: int,
         bold: bool = False) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines of ``width``, "…" where cut."""
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if not current or p.text_width(candidate, size, bold) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    cut = len(lines) > max_lines
    lines = lines[:max_lines]
    out = []
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        if (cut and last) or p.text_width(line, size, bold) > width:
            while line and p.text_width(line + "…", size, bold) > width:
                line = line[:-1]
            line = line.rstrip() + "…"
        out.append(line)
    return out


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.43
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def _arrow(p1: tuple[float, float], p2: tuple[float, float], size: float = 11.0
           ) -> list[tuple[float, float]]:
    ang = math.atan2(p2[1] - p1[1], p2[0] - p1[0])
    return [p2, (p2[0] - size * math.cos(ang - 0.45), p2[1] - size * math.sin(ang - 0.45)),
            (p2[0] - size * math.cos(ang + 0.45), p2[1] - size * math.sin(ang + 0.45))]


def blend(color: str, weight: float, to: str = "#ffffff") -> str:
    """``color`` moved ``weight`` of the way toward ``to`` (hex colours)."""
    def rgb(c: str) -> tuple[int, ...]:
        c = (c or "").lstrip("#")
        try:
            return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4)) if len(c) == 6 else (158,) * 3
        except ValueError:
            return (158, 158, 158)
    a, b = rgb(color), rgb(to)
    return "#" + "".join(f"{int(x + (y - x) * weight):02x}" for x, y in zip(a, b, strict=True))


def paint_map(p: Painter, pic: MapPicture) -> None:
    """Draw the whole picture of ``pic`` (map units, the map itself shifted down by TOP)."""
    w, lay = pic.workshop, pic.layout
    p.rect((0, 0, pic.width, pic.height), BACKGROUND)
    _title_and_legend(p, w, pic)
    oy = TOP
    gx, gy, gw, gh = lay.grid_rect
    right, bottom = gx + gw, gy + gh
    for lane in lay.lanes:
        if not p.visible(oy + lane.y, oy + lane.y + lane.height):
            continue
        p.rect((0, oy + lane.y, right, lane.height), blend(lane.color, 0.89))
        p.rect((0, oy + lane.y, 6, lane.height), lane.color)
        p.polyline([(0, oy + lane.y), (right, oy + lane.y)], GRID, 1.2)
        lines = wrap(p, lane.name, 14, lay.header_w - 20, 3, True)
        top = oy + lane.y + lane.height / 2 - 17 * len(lines) / 2
        for i, text in enumerate(lines):
            p.text(12, top + i * 17, text, 14, True)
    p.rect((0, oy, right, lay.header_h), HEADER_BG)
    for col in lay.stages:
        p.polyline([(col.x, oy), (col.x, oy + bottom)], GRID, 1.2)
        lines = wrap(p, col.name, 15, col.width - 12, 2, True)
        top = oy + lay.header_h / 2 - 18 * len(lines) / 2
        for i, text in enumerate(lines):
            tw = p.text_width(text, 15, True)
            p.text(col.x + (col.width - tw) / 2, top + i * 18, text, 15, True)
    p.polyline([(right, oy), (right, oy + bottom)], GRID, 1.2)
    p.polyline([(0, oy + bottom), (right, oy + bottom)], GRID, 1.2)

    # links under the boxes, then their labels and loop marks
    links = w.table(Link)
    marks = []
    for lid, route in pic.routes.items():
        pts = [(x, y + oy) for x, y in route.points]
        ys = [y for _, y in pts]
        if not p.visible(min(ys) - 12, max(ys) + 12):
            continue
        p.polyline(pts, LINK, 1.6)
        p.polygon(_arrow(pts[-2], pts[-1]), LINK)
        label = links[lid].label
        if label or route.loop_back:
            marks.append((route, label, pts))
    for route, label, pts in marks:
        if label:
            x, y = label_point(pts)
            text = wrap(p, label, 10, 200, 1)[0]
            tw = p.text_width(text, 10)
            p.rect((x - tw / 2 - 4, y - 8, tw + 8, 16), BACKGROUND, radius=3)
            p.text(x - tw / 2, y - 7, text, 10, False, MUTED)
        if route.loop_back:
            low = max(pairwise(pts), key=lambda s: (s[0][1] == s[1][1], s[0][1]))
            x, y = (low[0][0] + low[1][0]) / 2, low[0][1]
            p.ellipse((x - 10, y - 10, 20, 20), BACKGROUND)
            tw = p.text_width(LOOP_MARK, 14, True)
            p.text(x - tw / 2, y - 9, LOOP_MARK, 14, True, LINK)

    colors = {lane.department: lane.color for lane in lay.lanes}
    for proc in w.table(Process).values():
        x, y, bw, bh = lay.boxes[proc.id]
        y += oy
        if not p.visible(y - 12, y + bh + 4):
            continue
        fill = blend(colors.get(proc.department, "#9e9e9e"), 0.62)
        if proc.moment_of_truth:
            outline, width = MOMENT, 3.5
        else:
            outline, width = (INK, 2.0) if proc.frontstage else (MUTED, 1.3)
        p.rect((x, y, bw, bh), fill, outline, width, 7, dashed=not proc.frontstage
               and not proc.moment_of_truth)
        lines = wrap(p, proc.name or "(unnamed)", 12, bw - 20, 2, proc.moment_of_truth)
        top = y + (bh - 10) / 2 - 15 * len(lines) / 2
        for i, text in enumerate(lines):
            tw = p.text_width(text, 12, proc.moment_of_truth)
            p.text(x + (bw - tw) / 2, top + i * 15, text, 12, proc.moment_of_truth)
        if proc.moment_of_truth:
            p.polygon(_star(x + 5, y + 3, 14), MOMENT)
        for i in range(min(proc.votes, 8)):
            cx = x + 12 + i * 12
            p.ellipse((cx - 5, y + bh - 15, 10, 10), "#188038")
        if proc.votes > 8:
            p.text(x + 9 + 8 * 12, y + bh - 17, f"+{proc.votes - 8}", 9, True)
    for note in w.table(Note).values():
        rect = lay.notes.get(note.id)
        if rect is None:
            continue
        x, y, nw, nh = rect
        y += oy
        if not p.visible(y, y + nh):
            continue
        p.rect((x, y, nw, nh), NOTE_COLORS.get(note.kind, "#ffe57f"), "#8d6e63", 1.0)
        for i, text in enumerate(wrap(p, note.text or NOTE_NAMES.get(note.kind, ""), 12,
                                      nw - 8, max(1, int((nh - 6) // 15)))):
            p.text(x + 4, y + 3 + i * 15, text, 12, False, "#000000")


def _title_and_legend(p: Painter, w: Workshop, pic: MapPicture) -> None:
    if not p.visible(0, TOP):
        return
    title = w.info.title or "Process map"
    p.text(12, 8, wrap(p, title, 20, pic.width - 24, 1, True)[0], 20, True)
    x, y = 12.0, 44.0

    def item(draw: Callable[[float, float], object], label: str) -> None:
        nonlocal x
        draw(x, y)
        p.text(x + 30, y + 2, label, 11, False, MUTED)
        x += 30 + p.text_width(label, 11) + 22

    def moment(x: float, y: float) -> None:
        p.rect((x, y, 24, 16), "#ffffff", MOMENT, 2.5, 3)
        p.polygon(_star(x + 2, y + 2, 7), MOMENT)

    def feeds(x: float, y: float) -> None:
        p.polyline([(x, y + 8), (x + 20, y + 8)], LINK, 1.6)
        p.polygon(_arrow((x, y + 8), (x + 24, y + 8), 9), LINK)

    item(moment, "Moment of truth")
    item(lambda x, y: p.rect((x, y, 24, 16), "#ffffff", INK, 2.0, 3), "Frontstage")
    item(lambda x, y: p.rect((x, y, 24, 16), "#ffffff", MUTED, 1.3, 3, dashed=True),
         "Backstage")
    item(feeds, "Feeds into")
    item(lambda x, y: p.text(x + 4, y - 1, LOOP_MARK, 14, True, LINK),
         "Loop-back (later stage feeds an earlier one)")
    def note(x: float, y: float, kind: str) -> None:
        p.rect((x, y, 24, 16), NOTE_COLORS[kind], "#8d6e63", 1.0)

    for kind in ("pain", "idea", "question"):
        item(partial(note, kind=kind), NOTE_NAMES[kind])
