"""The process map as vectors, from the shared map geometry (``model.layout``).

:func:`map_pages` draws the whole map on one landscape page when it is
readable there, else an overview with numbered parts followed by one page per
part (lane and stage headers repeated on each). :class:`NeighbourhoodMap` draws
a participant's process with what comes upstream and downstream of it, down to
the moments of truth, for the handouts. Same marks as the app: department
colours, red border and star for moments of truth, green vote dots, sticky notes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import Flowable

from ..model.graph import ProcessGraph, moments_of_truth
from ..model.layout import BOX_W, MapLayout, compute_layout
from .pdf_style import (text_width, ACCENT, FONT, FONT_BOLD, INK, MUTED, RULE, clean, color, short,
                        tint)

# Marks shared with the app's canvas (ui/canvas/style.py), tuned for print.
MOMENT_RED = colors.HexColor("#d93025")
VOTE_GREEN = colors.HexColor("#188038")
LINK_GREY = colors.HexColor("#5f6368")
NOTE_FILL = {"pain": colors.HexColor("#ff8a80"), "idea": colors.HexColor("#ffe57f"),
             "question": colors.HexColor("#80d8ff")}
NOTE_BORDER = colors.HexColor("#8d6e63")
HEADER_BG = colors.HexColor("#eef1f4")
GRID = colors.HexColor("#d0d4d9")
MAX_DOTS = 8

NAME_SIZE = 11.0      # map units
SMALL_SIZE = 8.0
READABLE_SCALE = 0.5   # below this, box names print under 5.5 pt: split into parts
PART_SCALE = 0.6
TEXT_SCALE = 0.23     # below this, boxes are drawn without text (unreadable anyway)

Rect = tuple[float, float, float, float]


def wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap of ``text`` into at most ``max_lines`` lines of ``width``.

    Words longer than a line are cut; the last line ends with "…" when text is left.
    """
    words = " ".join(clean(text).split()).split(" ")
    lines: list[str] = []
    line = ""
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, font, size) <= width:
            line = candidate
            i += 1
            continue
        if not line:  # a single word too long for the line: cut it
            cut = max(1, _fit_chars(word, font, size, width))
            line, words[i] = word[:cut], word[cut:]
        lines.append(line)
        line = ""
        if len(lines) == max_lines:
            break
    else:
        if line:
            lines.append(line)
        return lines
    last = lines[-1]
    while last and text_width(last + "…", font, size) > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return lines


def _fit_chars(word: str, font: str, size: float, width: float) -> int:
    lo, hi = 0, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(word[:mid], font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _clip_to_rect(cx: float, cy: float, tx: float, ty: float, w: float, h: float):
    """Where the segment from the centre of a ``w``×``h`` box toward ``tx, ty`` leaves it."""
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    t = min((w / 2) / abs(dx) if dx else math.inf, (h / 2) / abs(dy) if dy else math.inf, 1.0)
    return cx + dx * t, cy + dy * t


def _segment_meets(x1, y1, x2, y2, region: Rect, margin: float = 0.0) -> bool:
    """True when the segment comes within ``margin`` of ``region`` (x0, y0, x1, y1)."""
    rx0, ry0, rx1, ry1 = (region[0] - margin, region[1] - margin, region[2] + margin,
                          region[3] + margin)
    t0, t1 = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - rx0), (dx, rx1 - x1), (-dy, y1 - ry0), (dy, ry1 - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _arrow(canv, x1, y1, x2, y2, size: float) -> None:
    """A line from (x1, y1) to (x2, y2) with a filled head at the end (PDF units)."""
    canv.line(x1, y1, x2, y2)
    a = math.atan2(y2 - y1, x2 - x1)
    p = canv.beginPath()
    p.moveTo(x2, y2)
    p.lineTo(x2 - size * math.cos(a - 0.4), y2 - size * math.sin(a - 0.4))
    p.lineTo(x2 - size * math.cos(a + 0.4), y2 - size * math.sin(a + 0.4))
    p.close()
    canv.drawPath(p, stroke=0, fill=1)


def _star(canv, cx, cy, r1, r2) -> None:
    p = canv.beginPath()
    for i in range(10):
        r = r1 if i % 2 == 0 else r2
        a = math.pi / 2 + i * math.pi / 5
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        p.moveTo(x, y) if i == 0 else p.lineTo(x, y)
    p.close()
    canv.drawPath(p, stroke=0, fill=1)


def box_fill(dept_color):
    """The box fill for a department colour (light, like the app's)."""
    c = dept_color
    light = 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue
    return c if light > 0.85 else tint(c, 0.6)


def cyclic_link_ids(workshop, graph: ProcessGraph) -> set[str]:
    """Links that lie on a cycle (both ends in the same strongly connected group).

    Same answer as ``graph.cyclic_links`` with two searches per group instead of
    one per link, which matters on a 300-process map.
    """
    nodes = graph.cyclic_nodes()
    group: dict[str, int] = {}
    count = 0
    for node in nodes:
        if node not in group:
            count += 1
            for member in (graph.descendants(node) & graph.ancestors(node)) | {node}:
                group[member] = count
    return {link.id for link in workshop.tables["links"].values()
            if link.upstream in group and group[link.upstream] == group.get(link.downstream)}


@dataclass
class MapData:
    """What drawing the map needs, computed once per export."""

    workshop: object
    layout: MapLayout
    dept_colors: dict
    cyclic: set
    wrapped: dict  # process id -> name lines
    segments: list  # (link, x1, y1, x2, y2): each arrow from box edge to box edge

    @classmethod
    def of(cls, workshop, layout: MapLayout | None = None) -> "MapData":
        layout = layout or compute_layout(workshop)
        depts = workshop.tables["departments"]
        dept_colors = {d.id: color(d.color) for d in depts.values()}
        cyclic = cyclic_link_ids(workshop, ProcessGraph.of(workshop))
        wrapped = {}
        for p in workshop.tables["processes"].values():
            font = FONT_BOLD if p.moment_of_truth else FONT
            wrapped[p.id] = wrap(p.name or "(unnamed)", font, NAME_SIZE, BOX_W - 20, 3)
        segments = []
        boxes = layout.boxes
        for link in workshop.tables["links"].values():
            a, b = boxes.get(link.upstream), boxes.get(link.downstream)
            if a is None or b is None:
                continue
            ca = (a[0] + a[2] / 2, a[1] + a[3] / 2)
            cb = (b[0] + b[2] / 2, b[1] + b[3] / 2)
            segments.append((link, *_clip_to_rect(*ca, *cb, a[2] + 4, a[3] + 4),
                             *_clip_to_rect(*cb, *ca, b[2] + 6, b[3] + 6)))
        return cls(workshop, layout, dept_colors, cyclic, wrapped, segments)

    @property
    def body(self) -> Rect:
        """The map's body (everything right of the lane headers, below the stage headers)."""
        lay = self.layout
        return (lay.header_w, lay.header_h, max(lay.width, lay.header_w + 1),
                max(lay.height, lay.header_h + 1))


class MapView(Flowable):
    """One view of the map: ``region`` (x0, y0, x1, y1 of the body, map units) at ``scale``,
    with the lane and stage headers drawn along its left and top edges.

    ``parts`` (optional) outlines numbered regions, for the overview page.
    """

    def __init__(self, data: MapData, region: Rect, scale: float,
                 parts: list[tuple[str, Rect]] | None = None):
        super().__init__()
        self.hAlign = "CENTER"
        self.data = data
        self.region = region
        self.scale = scale
        self.parts = parts or []
        lay = data.layout
        self.width = (lay.header_w + region[2] - region[0]) * scale
        self.height = (lay.header_h + region[3] - region[1]) * scale

    def wrap(self, avail_w, avail_h):
        return self.width, self.height

    # map -> page coordinates (y up), body region only
    def _x(self, x: float) -> float:
        return (self.data.layout.header_w + x - self.region[0]) * self.scale

    def _y(self, y: float) -> float:
        return self.height - (self.data.layout.header_h + y - self.region[1]) * self.scale

    def draw(self) -> None:
        canv = self.canv
        s = self.scale
        lay = self.data.layout
        x0, y0, x1, y1 = self.region
        hw, hh = lay.header_w * s, lay.header_h * s
        body_w, body_h = self.width - hw, self.height - hh
        canv.saveState()
        # body, clipped
        canv.saveState()
        clip = canv.beginPath()
        clip.rect(hw, 0, body_w, body_h)
        canv.clipPath(clip, stroke=0, fill=0)
        canv.setFillColor(colors.white)
        canv.rect(hw, 0, body_w, body_h, stroke=0, fill=1)
        self._draw_lanes(canv, s)
        self._draw_links(canv, s)
        self._draw_boxes(canv, s)
        self._draw_notes(canv, s)
        self._draw_parts(canv, s)
        canv.restoreState()
        self._draw_headers(canv, s, hw, hh)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.restoreState()

    def _visible_x(self, x: float, w: float) -> bool:
        return x + w > self.region[0] and x < self.region[2]

    def _visible_y(self, y: float, h: float) -> bool:
        return y + h > self.region[1] and y < self.region[3]

    def _draw_lanes(self, canv, s) -> None:
        lay = self.data.layout
        right = self._x(self.region[2])
        left = self._x(self.region[0])
        for lane in lay.lanes:
            if not self._visible_y(lane.y, lane.height):
                continue
            canv.setFillColor(tint(color(lane.color), 0.9))
            top, bottom = self._y(lane.y), self._y(lane.y + lane.height)
            canv.rect(left, bottom, right - left, top - bottom, stroke=0, fill=1)
        canv.setStrokeColor(GRID)
        canv.setLineWidth(max(0.3, 1.0 * s))
        bottom = self._y(self.region[3])
        top = self._y(self.region[1])
        for col in lay.stages:
            for x in (col.x, col.x + col.width):
                if self.region[0] <= x <= self.region[2]:
                    canv.line(self._x(x), bottom, self._x(x), top)
        for lane in lay.lanes:
            for y in (lane.y, lane.y + lane.height):
                if self.region[1] <= y <= self.region[3]:
                    canv.line(left, self._y(y), right, self._y(y))

    def _box_visible(self, rect: Rect) -> bool:
        x, y, w, h = rect
        return self._visible_x(x, w) and self._visible_y(y, h)

    def _draw_links(self, canv, s) -> None:
        canv.setLineWidth(max(0.4, 1.6 * s))
        current = None
        x0, y0, x1, y1 = self.region
        for link, sx, sy, ex, ey in self.data.segments:
            if (max(sx, ex) < x0 - 12 or min(sx, ex) > x1 + 12 or max(sy, ey) < y0 - 12
                    or min(sy, ey) > y1 + 12
                    or not _segment_meets(sx, sy, ex, ey, self.region, 12)):
                continue
            cyclic = link.id in self.data.cyclic
            col = MOMENT_RED if cyclic else LINK_GREY
            if col != current:
                canv.setStrokeColor(col)
                canv.setFillColor(col)
                canv.setDash([4 * s, 3 * s] if cyclic else [])
                current = col
            _arrow(canv, self._x(sx), self._y(sy), self._x(ex), self._y(ey), 11 * s)
            if link.label:
                mx, my = self._x((sx + ex) / 2), self._y((sy + ey) / 2)
                text = short(link.label, 40)
                canv.setFont(FONT, SMALL_SIZE * s)
                tw = text_width(text, FONT, SMALL_SIZE * s)
                canv.setFillColor(colors.white)
                canv.rect(mx - tw / 2 - 2 * s, my - 3 * s, tw + 4 * s, SMALL_SIZE * s + 3 * s,
                          stroke=0, fill=1)
                canv.setFillColor(MUTED)
                canv.drawCentredString(mx, my, text)
                current = None  # the label changed the fill colour
        canv.setDash([])

    def _draw_boxes(self, canv, s) -> None:
        data = self.data
        procs = data.workshop.tables["processes"]
        for pid, rect in data.layout.boxes.items():
            p = procs.get(pid)
            if p is None or not self._box_visible(rect):
                continue
            x, y, w, h = rect
            left, top = self._x(x), self._y(y)
            bottom = top - h * s
            dept = data.dept_colors.get(p.department, colors.HexColor("#9e9e9e"))
            canv.setFillColor(box_fill(dept))
            if p.moment_of_truth:
                canv.setStrokeColor(MOMENT_RED)
                canv.setLineWidth(3.5 * s)
            elif p.frontstage:
                canv.setStrokeColor(INK)
                canv.setLineWidth(2.0 * s)
            else:
                canv.setStrokeColor(LINK_GREY)
                canv.setLineWidth(1.2 * s)
            canv.roundRect(left, bottom, w * s, h * s, 7 * s, stroke=1, fill=1)
            if p.moment_of_truth:
                canv.setFillColor(MOMENT_RED)
                _star(canv, left + 4 * s, top - 2 * s, 11 * s, 4.5 * s)
            if s < TEXT_SCALE:  # names would print under 2.5 pt: blocks only, like the app
                if p.votes:
                    canv.setFillColor(VOTE_GREEN)
                    canv.rect(left + 6 * s, bottom + 5 * s, min(p.votes, MAX_DOTS) * 12 * s,
                              10 * s, stroke=0, fill=1)
                continue
            lines = data.wrapped.get(pid, [])
            font = FONT_BOLD if p.moment_of_truth else FONT
            size = NAME_SIZE * s
            line_h = size * 1.2
            block = line_h * len(lines)
            first = top - (h * s - 12 * s - block) / 2 - size
            canv.setFillColor(INK)
            canv.setFont(font, size)
            for i, line in enumerate(lines):
                canv.drawCentredString(left + w * s / 2, first - i * line_h, line)
            if not p.frontstage:
                canv.setFont(FONT_BOLD, SMALL_SIZE * 0.85 * s)
                canv.setFillColor(MUTED)
                canv.drawRightString(left + (w - 6) * s, bottom + 5 * s, "backstage")
            if p.votes:
                canv.setFillColor(VOTE_GREEN)
                n = min(p.votes, MAX_DOTS)
                for i in range(n):
                    canv.circle(left + (12 + i * 12) * s, bottom + 10 * s, 5 * s, stroke=0,
                                fill=1)
                if p.votes > MAX_DOTS:
                    canv.setFillColor(INK)
                    canv.setFont(FONT_BOLD, SMALL_SIZE * s)
                    canv.drawString(left + (9 + n * 12) * s, bottom + 7 * s,
                                    f"+{p.votes - n}")

    def _draw_notes(self, canv, s) -> None:
        notes = self.data.workshop.tables["notes"]
        canv.setLineWidth(max(0.3, 1.0 * s))
        canv.setStrokeColor(NOTE_BORDER)
        for nid, rect in self.data.layout.notes.items():
            note = notes.get(nid)
            if note is None or not self._box_visible(rect):
                continue
            x, y, w, h = rect
            left, top = self._x(x), self._y(y)
            canv.setFillColor(NOTE_FILL.get(note.kind, NOTE_FILL["idea"]))
            canv.rect(left, top - h * s, w * s, h * s, stroke=1, fill=1)
            if s < TEXT_SCALE:
                continue
            size = 7.5 * s
            lines = wrap(note.text, FONT, 7.5, w - 8, 4)
            canv.setFillColor(INK)
            canv.setFont(FONT, size)
            for i, line in enumerate(lines):
                canv.drawString(left + 4 * s, top - (4 + 7.5) * s - i * size * 1.15, line)

    def _draw_parts(self, canv, s) -> None:
        for label, (x0, y0, x1, y1) in self.parts:
            left, top = self._x(x0), self._y(y0)
            right, bottom = self._x(x1), self._y(y1)
            canv.setStrokeColor(ACCENT)
            canv.setLineWidth(1.2)
            canv.setDash([5, 3])
            canv.rect(left + 1, bottom + 1, right - left - 2, top - bottom - 2, stroke=1, fill=0)
            canv.setDash([])
            canv.setFont(FONT_BOLD, 8)
            tw = text_width(label, FONT_BOLD, 8)
            canv.saveState()
            canv.setFillColor(ACCENT)
            canv.setFillAlpha(0.85)
            canv.roundRect(left + 3, top - 14, tw + 8, 11, 2.5, stroke=0, fill=1)
            canv.restoreState()
            canv.setFillColor(colors.white)
            canv.drawString(left + 7, top - 11, label)

    def _draw_headers(self, canv, s, hw, hh) -> None:
        lay = self.data.layout
        x0, y0, x1, y1 = self.region
        # stage header strip
        canv.saveState()
        clip = canv.beginPath()
        clip.rect(hw, self.height - hh, self.width - hw, hh)
        canv.clipPath(clip, stroke=0, fill=0)
        canv.setFillColor(HEADER_BG)
        canv.rect(hw, self.height - hh, self.width - hw, hh, stroke=0, fill=1)
        canv.setStrokeColor(colors.HexColor("#b0b6bd"))
        canv.setLineWidth(max(0.3, 0.8 * s))
        size = 12 * s
        for col in lay.stages:
            if not self._visible_x(col.x, col.width):
                continue
            left = self._x(max(col.x, x0))
            right = self._x(min(col.x + col.width, x1))
            canv.line(self._x(col.x), self.height - hh, self._x(col.x), self.height)
            label = f"{col.index + 1}. {short(col.name, 60) or 'Stage'}"
            lines = wrap(label, FONT_BOLD, 12, (right - left) / s - 12, 2)
            canv.setFont(FONT_BOLD, size)
            canv.setFillColor(INK)
            base = self.height - hh / 2 + (len(lines) - 1) * size * 0.6 - size * 0.35
            for i, line in enumerate(lines):
                canv.drawCentredString((left + right) / 2, base - i * size * 1.2, line)
        canv.restoreState()
        # lane header strip
        canv.saveState()
        clip = canv.beginPath()
        clip.rect(0, 0, hw, self.height - hh)
        canv.clipPath(clip, stroke=0, fill=0)
        for lane in lay.lanes:
            if not self._visible_y(lane.y, lane.height):
                continue
            top = self._y(max(lane.y, y0))
            bottom = self._y(min(lane.y + lane.height, y1))
            c = color(lane.color)
            canv.setFillColor(tint(c, 0.75))
            canv.rect(0, bottom, hw, top - bottom, stroke=0, fill=1)
            canv.setFillColor(c)
            canv.rect(0, bottom, 6 * s, top - bottom, stroke=0, fill=1)
            canv.setStrokeColor(colors.white)
            canv.setLineWidth(max(0.4, 1.5 * s))
            canv.line(0, self._y(lane.y), hw, self._y(lane.y))
            size = 11 * s
            lines = wrap(lane.name or "(unnamed)", FONT_BOLD, 11, lay.header_w - 22, 4)
            canv.setFont(FONT_BOLD, size)
            canv.setFillColor(INK)
            first = top - 10 * s - size
            for i, line in enumerate(lines):
                canv.drawString(14 * s, first - i * size * 1.2, line)
        canv.restoreState()
        # corner
        canv.setFillColor(colors.white)
        canv.rect(0, self.height - hh, hw, hh, stroke=0, fill=1)
        canv.setFillColor(MUTED)
        canv.setFont(FONT_BOLD, 9 * s)
        canv.drawString(10 * s, self.height - hh / 2 - 3 * s, "Department ╲ Stage")


class Legend(Flowable):
    """The map's key: moment of truth, frontstage/backstage, votes, notes, links."""

    HEIGHT = 16

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        return avail_w, self.HEIGHT

    def draw(self) -> None:
        canv = self.canv
        x, y = 0.0, 5.0
        canv.setFont(FONT, 7.5)

        def label(text):
            nonlocal x
            canv.setFillColor(INK)
            canv.drawString(x, y - 2.5, text)
            x += text_width(text, FONT, 7.5) + 16

        canv.setFillColor(colors.white)
        canv.setStrokeColor(MOMENT_RED)
        canv.setLineWidth(1.8)
        canv.roundRect(x, y - 5, 22, 11, 3, stroke=1, fill=1)
        canv.setFillColor(MOMENT_RED)
        _star(canv, x + 2, y + 6, 5, 2)
        x += 28
        label("Moment of truth")
        canv.setStrokeColor(INK)
        canv.setLineWidth(1.2)
        canv.setFillColor(colors.white)
        canv.roundRect(x, y - 5, 22, 11, 3, stroke=1, fill=1)
        x += 28
        label("Frontstage (customer sees it)")
        canv.setStrokeColor(LINK_GREY)
        canv.setLineWidth(0.6)
        canv.setFillColor(colors.white)
        canv.roundRect(x, y - 5, 22, 11, 3, stroke=1, fill=1)
        x += 28
        label("Backstage")
        canv.setFillColor(VOTE_GREEN)
        for i in range(3):
            canv.circle(x + 3 + i * 7, y, 2.8, stroke=0, fill=1)
        x += 24
        label("Votes")
        canv.setStrokeColor(LINK_GREY)
        canv.setFillColor(LINK_GREY)
        canv.setLineWidth(0.9)
        _arrow(canv, x, y, x + 22, y, 5)
        x += 28
        label("Feeds into")
        for kind, text in (("pain", "Pain point"), ("idea", "Idea"), ("question", "Question")):
            canv.setStrokeColor(NOTE_BORDER)
            canv.setLineWidth(0.5)
            canv.setFillColor(NOTE_FILL[kind])
            canv.rect(x, y - 5, 11, 11, stroke=1, fill=1)
            x += 16
            label(text)


def _greedy(segments: list[tuple[float, float, str]], limit: float
            ) -> list[tuple[float, float, str, str]]:
    out: list[tuple[float, float, str, str]] = []
    cur = None
    for start, size, name in segments:
        if size > limit:
            if cur:
                out.append(cur)
                cur = None
            pieces = math.ceil(size / limit)
            step = size / pieces
            for i in range(pieces):
                out.append((start + i * step, start + (i + 1) * step, name, name))
            continue
        if cur and start + size - cur[0] <= limit:
            cur = (cur[0], start + size, cur[2], name)
        else:
            if cur:
                out.append(cur)
            cur = (start, start + size, name, name)
    if cur:
        out.append(cur)
    return out


def _groups(segments: list[tuple[float, float, str]], limit: float
            ) -> list[tuple[float, float, str, str]]:
    """Group consecutive ``(start, size, name)`` segments into spans no longer than ``limit``,
    as few spans as possible and as even as possible.

    A segment longer than ``limit`` is cut into equal pieces. Returns
    ``(start, end, first name, last name)``.
    """
    best = _greedy(segments, limit)
    lo, hi = max([0.0] + [size for _, size, _ in segments if size <= limit]), limit
    for _ in range(30):  # the smallest limit that needs no more spans
        if hi - lo < 1:
            break
        mid = (lo + hi) / 2
        trial = _greedy(segments, mid)
        if len(trial) <= len(best):
            best, hi = trial, mid
        else:
            lo = mid
    return best


def _span_name(first: str, last: str) -> str:
    first, last = short(first, 28) or "—", short(last, 28) or "—"
    return first if first == last else f"{first} – {last}"


def plan_parts(data: MapData, frame_w: float, frame_h: float
               ) -> tuple[float, list[tuple[str, str, Rect]]]:
    """The overview scale and the parts ``(label, description, region)`` of the map.

    No parts when the whole map is readable at the scale that fits the frame.
    """
    lay = data.layout
    bx0, by0, bx1, by1 = data.body
    fit = min(frame_w / (lay.header_w + bx1 - bx0), frame_h / (lay.header_h + by1 - by0))
    if fit >= READABLE_SCALE:
        return min(fit, 1.0), []
    limit_w = frame_w / PART_SCALE - lay.header_w
    limit_h = frame_h / PART_SCALE - lay.header_h
    cols = [(c.x, c.width, c.name) for c in lay.stages]
    right = lay.stages[-1].x + lay.stages[-1].width if lay.stages else bx0
    if bx1 > right + 1:
        cols.append((right, bx1 - right, "Loose notes"))
    rows = [(ln.y, ln.height, ln.name) for ln in lay.lanes]
    bottom = lay.lanes[-1].y + lay.lanes[-1].height if lay.lanes else by0
    if by1 > bottom + 1:
        rows.append((bottom, by1 - bottom, "Below the map"))
    xs, ys = _groups(cols, limit_w), _groups(rows, limit_h)
    rects = list(lay.boxes.values()) + list(lay.notes.values())
    parts = []
    for y_start, y_end, y_first, y_last in ys:
        for x_start, x_end, x_first, x_last in xs:
            region = (x_start, y_start, x_end, y_end)
            if not any(r[0] < x_end and r[0] + r[2] > x_start and r[1] < y_end
                       and r[1] + r[3] > y_start for r in rects):
                continue
            desc = f"{_span_name(x_first, x_last)} · {_span_name(y_first, y_last)}"
            parts.append((f"Part {len(parts) + 1}", desc, region))
    return fit, parts


# -- the neighbourhood of one process (handouts) ---------------------------------------------
NB_BOX_W, NB_BOX_H = 118.0, 50.0
NB_GAP_X, NB_GAP_Y = 26.0, 10.0
NB_MAX_PER_COLUMN = 4
NB_MAX_STEPS = 3


@dataclass
class Neighbourhood:
    """A process with its upstream and downstream chains, as columns of ids by step."""

    pid: str
    columns: dict[int, list[str]]   # step (negative = upstream) -> process ids
    hidden: dict[int, int]          # step -> how many did not fit in the column
    beyond_up: int                  # chain steps further upstream than shown
    beyond_down: int
    upstream: list[list[str]]       # ids by distance 1, 2, … (all, for the text)
    downstream: list[list[str]]
    moments: list[tuple[str, int]]  # nearest moments of truth: (id, signed steps)


def neighbourhood(workshop, pid: str, graph: ProcessGraph | None = None,
                  moments: set[str] | None = None) -> Neighbourhood:
    """What feeds ``pid`` and what it feeds, by steps, and the way to the moments of truth."""
    graph = graph or ProcessGraph.of(workshop)
    moments = moments_of_truth(workshop) if moments is None else moments

    def levels(edges) -> dict[str, int]:
        dist = {pid: 0}
        frontier = [pid]
        while frontier:
            nxt = []
            for node in frontier:
                for other in edges.get(node, ()):
                    if other not in dist:
                        dist[other] = dist[node] + 1
                        nxt.append(other)
            frontier = nxt
        return dist

    down, up = levels(graph.down), levels(graph.up)
    order = {p: i for i, p in enumerate(workshop.tables["processes"])}

    def by_distance(dist) -> list[list[str]]:
        out: dict[int, list[str]] = {}
        for node, d in dist.items():
            if d > 0:
                out.setdefault(d, []).append(node)
        return [sorted(out[d], key=lambda n: order.get(n, 0)) for d in sorted(out)]

    chain = graph.chain_to_moments(pid, moments)
    wanted = {pid} | set(graph.down.get(pid, ())) | set(graph.up.get(pid, ())) | chain
    step: dict[str, int] = {}
    direct_down, direct_up = set(graph.down.get(pid, ())), set(graph.up.get(pid, ()))
    for node in wanted:
        if node in direct_down:
            step[node] = 1
        elif node in direct_up:
            step[node] = -1
        elif node in down:
            step[node] = down[node]
        elif node in up:
            step[node] = -up[node]
    step[pid] = 0
    columns: dict[int, list[str]] = {}
    for node, s in step.items():
        columns.setdefault(s, []).append(node)
    beyond_up = max(0, -min(columns) - NB_MAX_STEPS)
    beyond_down = max(0, max(columns) - NB_MAX_STEPS)
    columns = {s: ids for s, ids in columns.items() if abs(s) <= NB_MAX_STEPS}
    hidden = {}
    for s, ids in columns.items():
        # moments of truth and the chain first, then map order
        ids.sort(key=lambda n: (n not in moments, n not in chain, order.get(n, 0)))
        if len(ids) > NB_MAX_PER_COLUMN:
            hidden[s] = len(ids) - (NB_MAX_PER_COLUMN - 1)
            columns[s] = ids[:NB_MAX_PER_COLUMN - 1]
    near = []
    for m in moments:
        if m == pid:
            near.append((m, 0))
        elif m in chain:
            near.append((m, down[m] if m in down else -up.get(m, 0)))
    near.sort(key=lambda t: (abs(t[1]), order.get(t[0], 0)))
    return Neighbourhood(pid, columns, hidden, beyond_up, beyond_down, by_distance(up),
                         by_distance(down), near)


class NeighbourhoodMap(Flowable):
    """A small map: the participant's process in the middle, upstream on the left,
    downstream on the right, arrows between them; moments of truth marked."""

    def __init__(self, workshop, nb: Neighbourhood, max_width: float,
                 dept_colors: dict | None = None):
        super().__init__()
        self.workshop = workshop
        self.nb = nb
        self.dept_colors = dept_colors or {
            d.id: color(d.color) for d in workshop.tables["departments"].values()}
        steps = sorted(nb.columns)
        self.steps = steps
        natural = len(steps) * NB_BOX_W + (len(steps) - 1) * NB_GAP_X + 40
        self.scale = min(1.0, max_width / natural)
        rows = max(len(ids) + (1 if s in nb.hidden else 0) for s, ids in nb.columns.items())
        self.width = natural * self.scale
        self.height = (rows * NB_BOX_H + (rows - 1) * NB_GAP_Y + 34) * self.scale

    def wrap(self, avail_w, avail_h):
        return self.width, self.height

    def _positions(self) -> dict[str, tuple[float, float]]:
        """Centre of each shown box, in unscaled units (y up)."""
        pos = {}
        total_h = self.height / self.scale - 34
        for ci, s in enumerate(self.steps):
            ids = self.nb.columns[s]
            n = len(ids) + (1 if s in self.nb.hidden else 0)
            col_h = n * NB_BOX_H + (n - 1) * NB_GAP_Y
            top = 18 + total_h - (total_h - col_h) / 2
            x = 20 + ci * (NB_BOX_W + NB_GAP_X) + NB_BOX_W / 2
            for ri, node in enumerate(ids):
                pos[node] = (x, top - ri * (NB_BOX_H + NB_GAP_Y) - NB_BOX_H / 2)
        return pos

    def draw(self) -> None:
        canv = self.canv
        k = self.scale
        canv.saveState()
        canv.scale(k, k)
        pos = self._positions()
        procs = self.workshop.tables["processes"]
        # column captions
        canv.setFont(FONT_BOLD, 7)
        canv.setFillColor(MUTED)
        top = self.height / k - 8
        for ci, s in enumerate(self.steps):
            x = 20 + ci * (NB_BOX_W + NB_GAP_X) + NB_BOX_W / 2
            text = ("YOUR PROCESS" if s == 0 else
                    f"{abs(s)} STEP{'S' if abs(s) > 1 else ''} "
                    f"{'UPSTREAM' if s < 0 else 'DOWNSTREAM'}")
            canv.drawCentredString(x, top, text)
        # arrows
        canv.setLineWidth(0.9)
        canv.setStrokeColor(LINK_GREY)
        canv.setFillColor(LINK_GREY)
        for link in self.workshop.tables["links"].values():
            a, b = pos.get(link.upstream), pos.get(link.downstream)
            if a is None or b is None:
                continue
            sx, sy = _clip_to_rect(*a, *b, NB_BOX_W + 2, NB_BOX_H + 2)
            ex, ey = _clip_to_rect(*b, *a, NB_BOX_W + 4, NB_BOX_H + 4)
            _arrow(canv, sx, sy, ex, ey, 6)
        # boxes
        for node, (cx, cy) in pos.items():
            p = procs[node]
            left, bottom = cx - NB_BOX_W / 2, cy - NB_BOX_H / 2
            dept = self.dept_colors.get(p.department, colors.HexColor("#9e9e9e"))
            canv.setFillColor(box_fill(dept))
            if node == self.nb.pid:
                canv.setStrokeColor(ACCENT)
                canv.setLineWidth(2.6)
            elif p.moment_of_truth:
                canv.setStrokeColor(MOMENT_RED)
                canv.setLineWidth(2.2)
            else:
                canv.setStrokeColor(LINK_GREY)
                canv.setLineWidth(0.8)
            canv.roundRect(left, bottom, NB_BOX_W, NB_BOX_H, 5, stroke=1, fill=1)
            if p.moment_of_truth:
                canv.setFillColor(MOMENT_RED)
                _star(canv, left + 3, bottom + NB_BOX_H - 2, 7.5, 3)
            font = FONT_BOLD if (p.moment_of_truth or node == self.nb.pid) else FONT
            lines = wrap(p.name or "(unnamed)", font, 8, NB_BOX_W - 14, 3)
            dept_name = self._dept_name(p.department)
            canv.setFillColor(INK)
            canv.setFont(font, 8)
            first = cy + (len(lines) - 1) * 4.8 + 4
            for i, line in enumerate(lines):
                canv.drawCentredString(cx, first - i * 9.6, line)
            canv.setFont(FONT, 6)
            canv.setFillColor(MUTED)
            canv.drawCentredString(cx, bottom + 4, short(dept_name, 30))
        # "N more" markers and chains that continue beyond the drawing
        canv.setFont(FONT, 7)
        canv.setFillColor(MUTED)
        for ci, s in enumerate(self.steps):
            if s in self.nb.hidden:
                ids = self.nb.columns[s]
                x = 20 + ci * (NB_BOX_W + NB_GAP_X) + NB_BOX_W / 2
                last_y = pos[ids[-1]][1] if ids else self.height / k / 2
                canv.drawCentredString(x, last_y - NB_BOX_H / 2 - NB_GAP_Y - 12,
                                       f"+ {self.nb.hidden[s]} more")
        h = self.height / k
        if self.nb.beyond_up:
            canv.drawString(0, h / 2 - 3, "…")
        if self.nb.beyond_down:
            canv.drawRightString(self.width / k, h / 2 - 3, "…")
        canv.restoreState()

    def _dept_name(self, dept_id) -> str:
        d = self.workshop.tables["departments"].get(dept_id) if dept_id else None
        return d.name if d is not None else "Unassigned"
