"""The process map as vectors, from the shared map geometry (``model.layout``).

:func:`map_pages` draws the whole map on one landscape page when it is
readable there, else an overview with numbered parts followed by one page per
part (lane and stage headers repeated on each). :class:`NeighbourhoodMap` draws
a participant's process with what comes upstream and downstream of it, down to
the moments of truth, for the handouts. Same marks as the app: department
colours, red border and star for moments of truth, green vote dots, sticky notes.
"""
from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import FILL_NON_ZERO, PATH_OPS, Canvas
from reportlab.platypus import Flowable

from ..i18n import ngettext, tr
from ..model.entities import Department, Link, Note, Process
from ..model.graph import Numbered, ProcessGraph, moments_of_truth
from ..model.layout import BOX_W, MapLayout, compute_layout
from ..model.route import LOOP_ROOM, Route, label_point, loop_mark_point, route_all
from .pdf_fonts import simple
from .pdf_style import (
    ACCENT,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    RULE,
    PlainText,
    clean,
    color,
    fast_text_ok,
    fill_op,
    plain_text_ops,
    short,
    stroke_op,
    text_width,
    tint,
)

if TYPE_CHECKING:
    from ..model.workshop import Workshop

# Marks shared with the app's canvas (ui/canvas/style.py), tuned for print.
MOMENT_RED = colors.HexColor("#d93025")
VOTE_GREEN = colors.HexColor("#188038")
LINK_GREY = colors.HexColor("#5f6368")
NOTE_FILL = {"pain": colors.HexColor("#ff8a80"), "idea": colors.HexColor("#ffe57f"),
             "question": colors.HexColor("#80d8ff")}
NOTE_BORDER = colors.HexColor("#8d6e63")
HEADER_BG = colors.HexColor("#eef1f4")
GRID = colors.HexColor("#d0d4d9")
NO_DEPT = colors.HexColor("#9e9e9e")   # a box whose department is unknown
MAX_DOTS = 8

NAME_SIZE = 11.0      # map units
SMALL_SIZE = 8.0
READABLE_SCALE = 0.5   # below this the map is split into parts (text is floored at 6 pt)
PART_SCALE = 0.6
MIN_PT = 6.0          # no text on a map page is smaller than this
MARK_PT = 7.0         # the "continues on p. N" markers
BAND = MARK_PT + 8    # the strip a part page keeps along an edge for its marker (pt)
ARROW_SIZE = 11.0     # arrowhead length (map units), as on the canvas
LOOP_MARK = "↺"       # marks a loop-back (a later stage feeding an earlier one)

Rect = tuple[float, float, float, float]
Point = tuple[float, float]


def wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap of ``text`` into at most ``max_lines`` lines of ``width``.

    Words longer than a line are cut; the last line ends with "…" when text is left.
    """
    words = " ".join(clean(text).split()).split(" ")
    lines: list[str] = []
    line = ""
    line_w = 0.0
    space = text_width(" ", font, size)
    plain = all(simple(w, font) for w in words)  # widths add up word by word
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{line} {word}" if line else word
        if plain:
            cand_w = (line_w + space if line else 0.0) + text_width(word, font, size)
        else:
            cand_w = text_width(candidate, font, size)
        if cand_w <= width:
            line, line_w = candidate, cand_w
            i += 1
            continue
        if not line:  # a single word too long for the line: cut it
            cut = max(1, _fit_chars(word, font, size, width))
            line, words[i] = word[:cut], word[cut:]
        lines.append(line)
        line, line_w = "", 0.0
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


def _inside(point: tuple[float, float], region: Rect) -> bool:
    return region[0] <= point[0] <= region[2] and region[1] <= point[1] <= region[3]


Piece = tuple[tuple[float, float], tuple[float, float]]


def _clipped(points: Sequence[tuple[float, float]], region: Rect) -> list[Piece]:
    """The pieces of the path ``points`` inside ``region`` (x0, y0, x1, y1)."""
    out: list[Piece] = []
    for (x1, y1), (x2, y2) in pairwise(points):
        t0, t1 = 0.0, 1.0
        dx, dy = x2 - x1, y2 - y1
        for p, q in ((-dx, x1 - region[0]), (dx, region[2] - x1), (-dy, y1 - region[1]),
                     (dy, region[3] - y1)):
            if p == 0:
                if q < 0:
                    t0, t1 = 1.0, 0.0
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
        if t1 > t0:
            out.append(((x1 + dx * t0, y1 + dy * t0), (x1 + dx * t1, y1 + dy * t1)))
    return out


def _middle_of_longest(pieces: list[Piece]) -> tuple[float, float] | None:
    if not pieces:
        return None
    p, q = max(pieces, key=lambda pq: abs(pq[1][0] - pq[0][0]) + abs(pq[1][1] - pq[0][1]))
    if abs(q[0] - p[0]) + abs(q[1] - p[1]) < 20:
        return None   # too short a piece to hold a label
    return (p[0] + q[0]) / 2, (p[1] + q[1]) / 2


def _arrow(canv: Canvas, x1: float, y1: float, x2: float, y2: float, size: float) -> None:
    """A line from (x1, y1) to (x2, y2) with a filled head at the end (PDF units)."""
    canv.line(x1, y1, x2, y2)
    a = math.atan2(y2 - y1, x2 - x1)
    p = canv.beginPath()
    p.moveTo(x2, y2)
    p.lineTo(x2 - size * math.cos(a - 0.4), y2 - size * math.sin(a - 0.4))
    p.lineTo(x2 - size * math.cos(a + 0.4), y2 - size * math.sin(a + 0.4))
    p.close()
    canv.drawPath(p, stroke=0, fill=1)


_KAPPA = 0.5523  # Bézier handle length for a quarter circle


def _map_num(v: float) -> str:
    """A map coordinate as a PDF number (most are whole)."""
    return str(int(v)) if v == int(v) else f"{v:.2f}"


def _draw_ops(canv: Canvas, ops: list[str], stroke: int, fill: int,
              fill_mode: int | None = None) -> None:
    """Draw a path given as its PDF operators: what ``beginPath``, ``moveTo``/``lineTo``/
    ``curveTo``/``close`` and ``drawPath`` write, to the byte, without a call per point
    (a 20,000-process map has some 700,000 of them)."""
    canv._code.append(" ".join(["n", *ops]) if ops else "")
    canv._code.append(PATH_OPS[stroke, fill,
                               canv._fillMode if fill_mode is None else fill_mode])


def _nums(*values: float) -> str:
    """``values`` as PDF numbers to 1/100 pt (what the map's paths need)."""
    return " ".join([f"{v:.2f}" for v in values])


def _round_rect_ops(x: float, y: float, w: float, h: float, r: float) -> str:
    """The path of a rectangle with rounded corners, as PDF operators."""
    r = min(r, w / 2, h / 2)
    k = r * _KAPPA
    return " ".join([
        f"n {_nums(x + r, y)} m",
        f"{_nums(x + w - r, y)} l",
        f"{_nums(x + w - r + k, y, x + w, y + r - k, x + w, y + r)} c",
        f"{_nums(x + w, y + h - r)} l",
        f"{_nums(x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h)} c",
        f"{_nums(x + r, y + h)} l",
        f"{_nums(x + r - k, y + h, x, y + h - r + k, x, y + h - r)} c",
        f"{_nums(x, y + r)} l",
        f"{_nums(x, y + r - k, x + r - k, y, x + r, y)} c",
        "h"])


def _circle(ops: list[str], cx: float, cy: float, r: float) -> None:
    """Add a circle (four Bézier quarters) to the path operators ``ops``."""
    k = r * _KAPPA
    ops += [f"{_nums(cx + r, cy)} m",
            f"{_nums(cx + r, cy + k, cx + k, cy + r, cx, cy + r)} c",
            f"{_nums(cx - k, cy + r, cx - r, cy + k, cx - r, cy)} c",
            f"{_nums(cx - r, cy - k, cx - k, cy - r, cx, cy - r)} c",
            f"{_nums(cx + k, cy - r, cx + r, cy - k, cx + r, cy)} c",
            "h"]


def _star_ops(cx: float, cy: float, r1: float, r2: float) -> str:
    """The path of a five-pointed star, as PDF operators."""
    ops = ["n"]
    for i in range(10):
        r = r1 if i % 2 == 0 else r2
        a = math.pi / 2 + i * math.pi / 5
        ops.append(f"{_nums(cx + r * math.cos(a), cy + r * math.sin(a))} "
                   + ("m" if i == 0 else "l"))
    ops.append("h")
    return " ".join(ops)


MOMENT_RED_OP = fill_op(MOMENT_RED)
VOTE_GREEN_OP = fill_op(VOTE_GREEN)


class _ColourOps:
    """PDF operators for a canvas, setting the fill and stroke colour and the line width
    only when they change; a colour that is not plain RGB goes through the canvas."""

    def __init__(self, canv: Canvas):
        self.canv = canv
        self.ops: list[str] = []
        self._fill: Color | None = None
        self._stroke: Color | None = None
        self._width: float | None = None

    def fill(self, c: Color) -> None:
        if c is not self._fill:
            self._fill = c
            op = fill_op(c)
            if op is None:
                self.flush()
                self.canv.setFillColor(c)
            else:
                self.ops.append(op)

    def stroke(self, c: Color) -> None:
        if c is not self._stroke:
            self._stroke = c
            op = stroke_op(c)
            if op is None:
                self.flush()
                self.canv.setStrokeColor(c)
            else:
                self.ops.append(op)

    def width(self, w: float) -> None:
        if w != self._width:
            self._width = w
            self.ops.append(f"{fp_str(w)} w")

    def flush(self) -> None:
        """Write the operators so far to the canvas."""
        if self.ops:
            self.canv._code.append(" ".join(self.ops))
            self.ops.clear()


class _TextBatch:
    """Strings to draw on a canvas, written in one text object (much faster than one
    ``drawString`` each); text that needs fallback fonts or shaping is drawn apart."""

    def __init__(self, canv: Canvas):
        self.canv = canv
        # font, size, fill, x, y, text, align
        self.items: list[tuple[str, float, Color, float, float, str, str]] = []

    def add(self, font: str, size: float, fill: Color, x: float, y: float, text: str,
            align: str = "left") -> None:
        self.items.append((font, size, fill, x, y, text, align))

    def flush(self) -> None:
        canv = self.canv
        plain: list[PlainText] = []
        rest = []
        # fewest state changes: grouped by colour, font and size (the texts never overlap);
        # colours in the order first met, so that the same map gives the same bytes
        first: dict[int, int] = {}
        self.items.sort(key=lambda item: (first.setdefault(id(item[2]), len(first)),
                                          item[0], item[1]))
        fast: dict[object, bool] = {}   # font or colour -> plain_text_ops can write it
        for font, size, col, x, y, text, align in self.items:
            if not text:
                continue
            ok = fast.get(font)
            if ok is None:
                ok = fast[font] = fast_text_ok(canv, font)
            plain_col = fast.get(id(col))
            if plain_col is None:
                plain_col = fast[id(col)] = fill_op(col) is not None
            if not ok or not plain_col or not simple(text, font):
                rest.append((font, size, col, x, y, text, align))
                continue
            if align != "left":
                width = text_width(text, font, size)
                x -= width if align == "right" else width / 2
            plain.append((font, size, col, x, y, text))
        if plain:
            canv._code.append(plain_text_ops(canv, plain))
        for font, size, col, x, y, text, align in rest:
            canv.setFont(font, size)
            canv.setFillColor(col)
            {"left": canv.drawString, "right": canv.drawRightString,
             "centre": canv.drawCentredString}[align](x, y, text)
        self.items = []


def _star(canv: Canvas, cx: float, cy: float, r1: float, r2: float) -> None:
    p = canv.beginPath()
    for i in range(10):
        r = r1 if i % 2 == 0 else r2
        a = math.pi / 2 + i * math.pi / 5
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        p.moveTo(x, y) if i == 0 else p.lineTo(x, y)
    p.close()
    canv.drawPath(p, stroke=0, fill=1)


def box_fill(dept_color: Color) -> Color:
    """The box fill for a department colour (light, like the app's)."""
    c = dept_color
    light = 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue
    return c if light > 0.85 else tint(c, 0.6)


@dataclass
class MapData:
    """What drawing the map needs, computed once per export."""

    workshop: Workshop
    layout: MapLayout
    dept_colors: dict[str, Color]
    wrapped: dict[str, list[str]]  # process id -> name lines
    routes: dict[str, Route]   # link id -> Route (model.route): the path the canvas draws

    @classmethod
    def of(cls, workshop: Workshop, layout: MapLayout | None = None) -> MapData:
        layout = layout or compute_layout(workshop)
        depts = workshop.table(Department)
        dept_colors = {d.id: color(d.color) for d in depts.values()}
        wrapped = {}
        for p in workshop.table(Process).values():
            font = FONT_BOLD if p.moment_of_truth else FONT
            wrapped[p.id] = wrap(p.name or tr("(unnamed)"), font, NAME_SIZE, BOX_W - 20, 3)
        return cls(workshop, layout, dept_colors, wrapped, route_all(workshop, layout))

    def fill_of(self, department: str | None) -> Color:
        """The fill of a box of ``department`` (worked out once per department)."""
        fills: dict[str | None, Color] = self.__dict__.setdefault("_fills", {})
        fill = fills.get(department)
        if fill is None:
            fill = fills[department] = box_fill(self.dept_colors.get(department or "", NO_DEPT))
        return fill

    def route_ops(self, lid: str, route: Route) -> tuple[str, str]:
        """The path operators of a link's line and of its arrowhead, in map units (y
        down), worked out once per export: a link is drawn on every page it touches."""
        cache: dict[str, tuple[str, str]] = self.__dict__.setdefault("_route_ops", {})
        ops = cache.get(lid)
        if ops is None:
            pts = route.points
            line = " ".join([f"{_map_num(pts[0][0])} {_map_num(pts[0][1])} m",
                             *[f"{_map_num(x)} {_map_num(y)} l" for x, y in pts[1:]]])
            (ax, ay), (bx, by) = pts[-2], pts[-1]
            a = math.atan2(by - ay, bx - ax)
            # every head wound the same way: overlapping heads add up instead of
            # cancelling out (the non-zero fill rule) into a hole
            left = (bx - ARROW_SIZE * math.cos(a - 0.45), by - ARROW_SIZE * math.sin(a - 0.45))
            right = (bx - ARROW_SIZE * math.cos(a + 0.45), by - ARROW_SIZE * math.sin(a + 0.45))
            if (left[0] - bx) * (right[1] - by) - (left[1] - by) * (right[0] - bx) > 0:
                left, right = right, left
            head = (f"{_map_num(bx)} {_map_num(by)} m {left[0]:.2f} {left[1]:.2f} l "
                    f"{right[0]:.2f} {right[1]:.2f} l h")
            ops = cache[lid] = (line, head)
        return ops

    def loop_mark(self, lid: str, route: Route) -> tuple[Point | None, list[Piece]]:
        """Where a loop-back's ↺ goes on the whole map, and the level runs of its path at
        that height (where a part showing another piece puts it); once per export."""
        cache: dict[str, tuple[Point | None, list[Piece]]] = \
            self.__dict__.setdefault("_loop_marks", {})
        found = cache.get(lid)
        if found is None:
            spot = loop_mark_point(route.points)
            runs = [] if spot is None else [(p, q) for p, q in pairwise(route.points)
                                            if p[1] == q[1] == spot[1]]
            found = cache[lid] = (spot, runs)
        return found

    def routes_ending_in(self, region: Rect) -> list[tuple[str, Route]]:
        """``(link id, route)`` of the links that start or end inside ``region``, in
        drawing order."""
        cell = 400.0
        buckets = self.__dict__.get("_index_ends")
        if buckets is None:
            buckets = {}
            for i, route in enumerate(self.routes.values()):
                for x, y in (route.points[0], route.points[-1]):
                    buckets.setdefault((int(x // cell), int(y // cell)), []).append((i, x, y))
            self.__dict__["_index_ends"] = buckets
            self.__dict__["_route_list"] = list(self.routes.items())
        x0, y0, x1, y1 = region
        found = set()
        for bx in range(int(x0 // cell), int(x1 // cell) + 1):
            for by in range(int(y0 // cell), int(y1 // cell) + 1):
                found.update([i for i, x, y in buckets.get((bx, by), ())
                              if x0 <= x <= x1 and y0 <= y <= y1])
        listed = self.__dict__["_route_list"]
        return [listed[i] for i in sorted(found)]

    def rects_in(self, kind: str, region: Rect) -> list[tuple[str, Rect]]:
        """``(id, rect)`` of the boxes (``kind="boxes"``) or notes that meet ``region``."""
        cell = 400.0
        buckets = self.__dict__.get(f"_index_{kind}")
        if buckets is None:
            buckets = {}
            for n, (key, r) in enumerate(getattr(self.layout, kind).items()):
                for bx in range(int(r[0] // cell), int((r[0] + r[2]) // cell) + 1):
                    for by in range(int(r[1] // cell), int((r[1] + r[3]) // cell) + 1):
                        buckets.setdefault((bx, by), []).append((n, key, r))
            self.__dict__[f"_index_{kind}"] = buckets
        x0, y0, x1, y1 = region
        found = {}
        for bx in range(int(x0 // cell), int(x1 // cell) + 1):
            for by in range(int(y0 // cell), int(y1 // cell) + 1):
                for n, key, r in buckets.get((bx, by), ()):
                    if r[0] + r[2] > x0 and r[0] < x1 and r[1] + r[3] > y0 and r[1] < y1:
                        found[n] = (key, r)
        return [found[n] for n in sorted(found)]

    @property
    def body(self) -> Rect:
        """The map's body (everything right of the lane headers, below the stage headers)."""
        lay = self.layout
        bottom = max(lay.height, lay.header_h + 1)
        if any(r.loop_back for r in self.routes.values()):   # loop-backs run below the grid
            gx, gy, gw, gh = lay.grid_rect
            bottom = max(bottom, gy + gh + LOOP_ROOM)
        return (lay.header_w, lay.header_h, max(lay.width, lay.header_w + 1), bottom)


def bands(neighbours: dict[str, str] | Sequence[str]) -> tuple[float, float, float, float]:
    """The strips (left, right, down, up; pt) a part page keeps free beside its map for
    the "continues on p. N" markers: one along each edge that has a neighbour."""
    return tuple(BAND if side in neighbours else 0.0   # type: ignore[return-value]
                 for side in ("left", "right", "down", "up"))


def view_scale(data: MapData, region: Rect, width: float, height: float,
               neighbours: dict[str, str] | Sequence[str] = ()) -> float:
    """The largest scale (at most 1) at which ``region`` with its headers and marker
    bands fits ``width`` × ``height``."""
    lay = data.layout
    left, right, down, up = bands(neighbours)
    return min(1.0, (width - left - right) / (lay.header_w + region[2] - region[0]),
               (height - down - up) / (lay.header_h + region[3] - region[1]))


class MapView(Flowable):
    """One view of the map: ``region`` (x0, y0, x1, y1 of the body, map units) at ``scale``,
    with the lane and stage headers drawn along its left and top edges.

    ``parts`` (optional) outlines numbered regions, for the overview page.
    """

    def __init__(self, data: MapData, region: Rect, scale: float,
                 parts: list[tuple[str, Rect]] | None = None,
                 neighbours: dict[str, str] | None = None):
        super().__init__()
        self.hAlign = "CENTER"
        self.data = data
        self.region = region
        self.scale = scale
        self.parts = parts or []
        self.neighbours = neighbours or {}  # "left"/"right"/"up"/"down" -> part bookmark
        self.through = not neighbours  # draw links that only pass through this view
        # what the last draw() drew, in points from the map's lower left corner (inside
        # the bands; the tests check links against boxes, markers against everything)
        self._link_origin = (0.0, 0.0, 1.0)   # page x = (ox + x) * s, y = oy - y * s
        self.drawn_boxes: dict[str, Rect] = {}
        self.drawn: dict[str, list[Rect]] = {}   # "dots", "notes", "headers", "markers"
        self._routes: list[tuple[str, Route]] = []
        lay = data.layout
        # the map (headers and body) sits inside a band kept free along each edge that
        # continues in another part: the markers go there, never over the map
        self.bands = bands(self.neighbours)
        left, right, down, up = self.bands
        self.map_w = (lay.header_w + region[2] - region[0]) * scale
        self.map_h = (lay.header_h + region[3] - region[1]) * scale
        self.width = left + self.map_w + right
        self.height = down + self.map_h + up

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    # map -> page coordinates (y up), body region only
    def _x(self, x: float) -> float:
        return (self.data.layout.header_w + x - self.region[0]) * self.scale

    def _y(self, y: float) -> float:
        return self.map_h - (self.data.layout.header_h + y - self.region[1]) * self.scale

    def draw(self) -> None:
        canv = self.canv
        s = self.scale
        lay = self.data.layout
        hw, hh = lay.header_w * s, lay.header_h * s
        body_w, body_h = self.map_w - hw, self.map_h - hh
        canv.saveState()
        canv.translate(self.bands[0], self.bands[2])   # the map, inside the bands
        # body, clipped
        canv.saveState()
        clip = canv.beginPath()
        clip.rect(hw, 0, body_w, body_h)
        canv.clipPath(clip, stroke=0, fill=0)
        canv.setFillColor(colors.white)
        canv.rect(hw, 0, body_w, body_h, stroke=0, fill=1)
        self._routes = self._shown_routes()
        self.drawn = {"dots": [], "notes": [], "headers": [], "markers": []}
        self._draw_lanes(canv, s)
        self._draw_links(canv, s)
        self._draw_boxes(canv, s)
        self._draw_link_marks(canv, s)
        self._draw_notes(canv, s)
        self._draw_parts(canv, s)
        canv.restoreState()
        self._draw_headers(canv, s, hw, hh)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.rect(0, 0, self.map_w, self.map_h, stroke=1, fill=0)
        canv.restoreState()
        self._draw_continues(canv)

    def _draw_continues(self, canv: Canvas) -> None:
        """"continues on p. N" in the band along each edge where the map goes on in
        another part (beside the map, never over it); a click goes to that part."""
        size = MARK_PT
        more = tr("continues on p. {page}").replace("{page}", "{}")
        left, right, down, up = self.bands
        # the side markers run along their edge (turned a quarter): their ▲ points out
        templates = {"up": "▲ " + more, "down": "▼ " + more,
                     "left": "▲ " + more, "right": "▲ " + more}
        mid_x = left + self.map_w / 2
        mid_y = down + self.map_h / 2
        for side, key in self.neighbours.items():
            template = templates[side]
            tw = text_width(template.format("000"), FONT, size)
            # the text's baseline: centred along the edge, in the middle of the band
            angle = {"up": 0, "down": 0, "left": 90, "right": -90}[side]
            if side == "up":
                x, y = mid_x - tw / 2, self.height - up / 2 - size * 0.35
            elif side == "down":
                x, y = mid_x - tw / 2, down / 2 - size * 0.35
            elif side == "left":
                x, y = left / 2 + size * 0.35, mid_y - tw / 2
            else:
                x, y = self.width - right / 2 - size * 0.35, mid_y + tw / 2
            canv.saveState()
            canv.translate(x, y)
            canv.rotate(angle)
            canv.setFillColor(colors.white)
            canv.setStrokeColor(ACCENT)
            canv.setLineWidth(0.6)
            canv.roundRect(-3, -2.5, tw + 6, size + 4, 2, stroke=1, fill=1)
            canv.linkRect("", key, (-3, -2.5, tw + 3, size + 1.5), relative=1, thickness=0)
            ax, ay = canv.absolutePosition(tw, 0)
            canv.page_number_at(key, ax, ay, size=size, template=template, angle=angle)
            canv.restoreState()
            if angle == 0:
                rect = (x - 3, y - 2.5, tw + 6, size + 4)
            elif angle == 90:
                rect = (x - size - 1.5, y - 3, size + 4, tw + 6)
            else:
                rect = (x - 2.5, y - tw - 3, size + 4, tw + 6)
            # recorded like the rest: from the map's corner
            self.drawn["markers"].append((rect[0] - left, rect[1] - down, rect[2], rect[3]))

    def _visible_x(self, x: float, w: float) -> bool:
        return x + w > self.region[0] and x < self.region[2]

    def _visible_y(self, y: float, h: float) -> bool:
        return y + h > self.region[1] and y < self.region[3]

    def _draw_lanes(self, canv: Canvas, s: float) -> None:
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

    def _shown_routes(self) -> list[tuple[str, Route]]:
        """The links this view draws: all that pass through it on a whole-map view; on a
        part page those that start or end on it (the others belong to other parts)."""
        x0, y0, x1, y1 = self.region
        inside = (x0 - 12, y0 - 12, x1 + 12, y1 + 12)
        if not self.through:
            return self.data.routes_ending_in(inside)
        out = []
        for lid, r in self.data.routes.items():
            xs = [x for x, _y in r.points]
            ys = [y for _x, y in r.points]
            if max(xs) >= inside[0] and min(xs) <= inside[2] and max(ys) >= inside[1] \
                    and min(ys) <= inside[3]:
                out.append((lid, r))
        return out

    @property
    def drawn_links(self) -> list[tuple[str, list[Point]]]:
        """``(link id, points)`` of the links the last draw() drew, in points from the
        map's lower left corner (the tests check them against the boxes)."""
        ox, oy, s = self._link_origin
        return [(lid, [((ox + x) * s, oy - y * s) for x, y in route.points])
                for lid, route in self._routes]

    def _draw_links(self, canv: Canvas, s: float) -> None:
        """The links along their routes (around boxes, loop-backs below the grid), each
        with its arrowhead on the target's border; labels and ↺ follow the boxes. The
        paths are written in map units (see :meth:`MapData.route_ops`) under one
        transformation to the page."""
        width = max(0.4, 1.6 * s)
        canv.setLineWidth(width)
        canv.setStrokeColor(LINK_GREY)
        canv.setFillColor(LINK_GREY)
        # page = map shifted by the headers and the region, scaled; y grows upward
        ox = self.data.layout.header_w - self.region[0]
        oy = self.map_h - (self.data.layout.header_h - self.region[1]) * s
        self._link_origin = (ox, oy, s)
        if not self._routes:
            return
        route_ops = self.data.route_ops
        ops = [route_ops(lid, route) for lid, route in self._routes]
        canv._code.append(" ".join([
            f"q {s:.6f} 0 0 {-s:.6f} {ox * s:.4f} {oy:.4f} cm {width / s:.4f} w n",
            *[line for line, _head in ops], PATH_OPS[1, 0, canv._fillMode], "n",
            *[head for _line, head in ops], PATH_OPS[0, 1, FILL_NON_ZERO], "Q"]))

    def _draw_link_marks(self, canv: Canvas, s: float) -> None:
        """Each link's label on its path (on a small plate, like the canvas) and a
        loop-back's ↺ in the middle of its run below the grid. A link cut by a part's
        edge shows them on the longest piece this page draws. Written as PDF operators,
        plate then text, link by link (text that needs fallback fonts through the
        canvas)."""
        links = self.data.workshop.table(Link)
        size = max(MIN_PT, SMALL_SIZE * s)
        mark = max(MIN_PT, 13 * s)
        region = self.region
        paint = PATH_OPS[0, 1, canv._fillMode]
        white = fill_op(colors.white)
        ops = ["q"]   # the colours set here end with it

        def centred(font: str, size: float, col: Color, x: float, y: float,
                    text: str) -> None:
            if fast_text_ok(canv, font) and simple(text, font):
                ops.append(plain_text_ops(
                    canv, [(font, size, col, x - text_width(text, font, size) / 2, y, text)]))
                return
            canv._code.append(" ".join(ops))
            ops.clear()
            canv.setFillColor(col)
            canv.setFont(font, size)
            canv.drawCentredString(x, y, text)

        for lid, route in self._routes:
            link = links.get(lid)
            mark_at = self._loop_mark_spot(lid, route)
            if link is not None and link.label:
                spot: tuple[float, float] | None = label_point(route.points)
                if spot is not None and not _inside(spot, region):
                    spot = _middle_of_longest(_clipped(route.points, region))
                if spot is not None:
                    text = short(link.label, 40)
                    tw = text_width(text, FONT, size)
                    x, y = self._x(spot[0]), self._y(spot[1])
                    if mark_at is not None and abs(mark_at[1] - spot[1]) < 1 \
                            and abs(mark_at[0] - spot[0]) * s < tw / 2 + mark:
                        x -= tw / 2 + mark + 2   # beside the ↺ on the same run
                    # whole on the page: a label on a corridor at the part's edge moves in
                    lo, hi = self._x(region[0]) + tw / 2 + 3, self._x(region[2]) - tw / 2 - 3
                    x = min(max(x, lo), hi) if lo <= hi else x
                    plate = _round_rect_ops(x - tw / 2 - 2.5, y - size * 0.65, tw + 5,
                                            size * 1.3, 1.5)
                    ops.append(f"{white} {plate} {paint}")
                    centred(FONT, size, MUTED, x, y - size * 0.33, text)
            if mark_at is not None:
                x, y = self._x(mark_at[0]), self._y(mark_at[1])
                circle = ["n"]
                _circle(circle, x, y, mark * 0.8)
                ops.append(f"{white} {' '.join(circle)} {paint}")
                centred(FONT_BOLD, mark, LINK_GREY, x, y - mark * 0.35, LOOP_MARK)
        ops.append("Q")
        canv._code.append(" ".join(ops))

    def _loop_mark_spot(self, lid: str, route: Route) -> tuple[float, float] | None:
        """Where this view shows a loop-back's ↺ (map units), None for other links."""
        if not route.loop_back:
            return None
        spot, runs = self.data.loop_mark(lid, route)
        if spot is not None and not _inside(spot, self.region):
            # the pieces of the path's lowest runs on this page (a run stays level)
            spot = _middle_of_longest([piece for run in runs
                                       for piece in _clipped(run, self.region)])
        return spot

    def _draw_boxes(self, canv: Canvas, s: float) -> None:
        """The boxes with their marks, written as PDF operators: all boxes of a size have
        the same outline (and star, vote dots) moved into place, so each path is worked
        out once per page and each box costs one ``cm``; a colour or line width is set
        when it changes. Names and "backstage" go through one text batch."""
        data = self.data
        procs = data.workshop.table(Process)
        texts = _TextBatch(canv)
        backstage = tr("backstage")
        self.drawn_boxes = {}   # process id -> rect as drawn (page units; the tests read it)
        dots_drawn = self.drawn["dots"]
        fill_mode = canv._fillMode
        outline_paint, paint = PATH_OPS[1, 1, fill_mode], PATH_OPS[0, 1, fill_mode]
        colour_ops = _ColourOps(canv)
        outlines: dict[tuple[float, float], str] = {}   # (w, h) -> outline, from the corner
        stars: dict[float, str] = {}                     # box height -> star, from the corner
        votes: dict[int, str] = {}                       # votes -> dots or block
        blocks = NAME_SIZE * s < MIN_PT * 0.7   # names would need more than the box: blocks
        ops = colour_ops.ops
        ops.append("q")
        for pid, rect in data.rects_in("boxes", self.region):
            p = procs.get(pid)
            if p is None:
                continue
            x, y, w, h = rect
            left, top = self._x(x), self._y(y)
            bw, bh = w * s, h * s
            bottom = top - bh
            if p.moment_of_truth:
                stroke, width = MOMENT_RED, 3.5 * s
            elif p.frontstage:
                stroke, width = INK, 2.0 * s
            else:
                stroke, width = LINK_GREY, 1.2 * s
            colour_ops.fill(data.fill_of(p.department))
            colour_ops.stroke(stroke)
            colour_ops.width(width)
            outline = outlines.get((bw, bh))
            if outline is None:
                outline = outlines[(bw, bh)] = \
                    f"{_round_rect_ops(0, 0, bw, bh, 7 * s)} {outline_paint}"
            ops.append(f"q 1 0 0 1 {left:.2f} {bottom:.2f} cm {outline}")
            self.drawn_boxes[pid] = (left, bottom, bw, bh)
            if p.moment_of_truth:   # colours set inside q … Q end with it
                star = stars.get(bh)
                if star is None:
                    star = stars[bh] = (f"{MOMENT_RED_OP} "
                                        f"{_star_ops(4 * s, bh - 2 * s, 11 * s, 4.5 * s)} {paint}")
                ops.append(star)
            n = min(p.votes, MAX_DOTS)
            if n > 0:
                mark = votes.get(n)
                if mark is None:
                    if blocks:
                        path = f"n {_nums(6 * s, 5 * s, n * 12 * s, 10 * s)} re"
                    else:
                        circles: list[str] = ["n"]
                        for i in range(n):
                            _circle(circles, (12 + i * 12) * s, 10 * s, 5 * s)
                        path = " ".join(circles)
                    mark = votes[n] = f"{VOTE_GREEN_OP} {path} {paint}"
                ops.append(mark)
                if blocks:
                    dots_drawn.append((left + 6 * s, bottom + 5 * s, n * 12 * s, 10 * s))
                else:
                    dots_drawn += [(left + (7 + i * 12) * s, bottom + 5 * s, 10 * s, 10 * s)
                                   for i in range(n)]
            ops.append("Q")
            if blocks:
                continue
            font = FONT_BOLD if p.moment_of_truth else FONT
            size = NAME_SIZE * s
            lines = data.wrapped.get(pid, [])
            if size < MIN_PT:  # floored: wrap again for the bigger letters
                size = MIN_PT
                room = max(1, int((h * s - 12 * s) // (size * 1.2)))
                lines = wrap(p.name or tr("(unnamed)"), font, size / s, BOX_W - 20,
                             min(3, room))
            line_h = size * 1.2
            block = line_h * len(lines)
            first = top - (h * s - 12 * s - block) / 2 - size
            for i, line in enumerate(lines):
                texts.add(font, size, INK, left + w * s / 2, first - i * line_h, line, "centre")
            if not p.frontstage:
                texts.add(FONT_BOLD, max(MIN_PT, SMALL_SIZE * 0.85 * s), MUTED,
                          left + (w - 6) * s, bottom + 5 * s, backstage, "right")
            if p.votes > MAX_DOTS:
                texts.add(FONT_BOLD, max(MIN_PT, SMALL_SIZE * s), INK,
                          left + (9 + n * 12) * s, bottom + 7 * s, f"+{p.votes - n}")
        colour_ops.flush()
        texts.flush()
        canv._code.append("Q")

    def _draw_notes(self, canv: Canvas, s: float) -> None:
        notes = self.data.workshop.table(Note)
        canv.setLineWidth(max(0.3, 1.0 * s))
        canv.setStrokeColor(NOTE_BORDER)
        for nid, rect in self.data.rects_in("notes", self.region):
            note = notes.get(nid)
            if note is None:
                continue
            x, y, w, h = rect
            left, top = self._x(x), self._y(y)
            canv.setFillColor(NOTE_FILL.get(note.kind, NOTE_FILL["idea"]))
            canv.rect(left, top - h * s, w * s, h * s, stroke=1, fill=1)
            self.drawn["notes"].append((left, top - h * s, w * s, h * s))
            size = max(MIN_PT, 7.5 * s)
            fit = int((h * s - 8 * s) // (size * 1.15))
            if fit < 1:
                continue
            lines = wrap(note.text, FONT, size, (w - 8) * s, min(4, fit))
            canv.setFillColor(INK)
            canv.setFont(FONT, size)
            for i, line in enumerate(lines):
                canv.drawString(left + 4 * s, top - 4 * s - size - i * size * 1.15, line)

    def _draw_parts(self, canv: Canvas, s: float) -> None:
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

    def _draw_headers(self, canv: Canvas, s: float, hw: float, hh: float) -> None:
        lay = self.data.layout
        x0, y0, x1, y1 = self.region
        # stage header strip
        canv.saveState()
        clip = canv.beginPath()
        clip.rect(hw, self.map_h - hh, self.map_w - hw, hh)
        canv.clipPath(clip, stroke=0, fill=0)
        self.drawn["headers"] += [(hw, self.map_h - hh, self.map_w - hw, hh),
                                  (0, 0, hw, self.map_h)]
        canv.setFillColor(HEADER_BG)
        canv.rect(hw, self.map_h - hh, self.map_w - hw, hh, stroke=0, fill=1)
        canv.setStrokeColor(colors.HexColor("#b0b6bd"))
        canv.setLineWidth(max(0.3, 0.8 * s))
        size = 12 * s
        for col in lay.stages:
            if not self._visible_x(col.x, col.width):
                continue
            left = self._x(max(col.x, x0))
            right = self._x(min(col.x + col.width, x1))
            canv.line(self._x(col.x), self.map_h - hh, self._x(col.x), self.map_h)
            label = f"{col.index + 1}. {short(col.name, 60) or tr('Stage')}"
            size = max(MIN_PT, 12 * s)
            lines = wrap(label, FONT_BOLD, size / s, (right - left) / s - 12, 2)
            canv.setFont(FONT_BOLD, size)
            canv.setFillColor(INK)
            base = self.map_h - hh / 2 + (len(lines) - 1) * size * 0.6 - size * 0.35
            for i, line in enumerate(lines):
                canv.drawCentredString((left + right) / 2, base - i * size * 1.2, line)
        canv.restoreState()
        # lane header strip
        canv.saveState()
        clip = canv.beginPath()
        clip.rect(0, 0, hw, self.map_h - hh)
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
            size = max(MIN_PT, 11 * s)
            lines = wrap(lane.name or tr("(unnamed)"), FONT_BOLD, size / s,
                         lay.header_w - 22, 4)
            canv.setFont(FONT_BOLD, size)
            canv.setFillColor(INK)
            first = top - 10 * s - size
            for i, line in enumerate(lines):
                canv.drawString(14 * s, first - i * size * 1.2, line)
        canv.restoreState()
        # corner
        canv.setFillColor(colors.white)
        canv.rect(0, self.map_h - hh, hw, hh, stroke=0, fill=1)
        canv.setFillColor(MUTED)
        if 9 * s >= MIN_PT:
            canv.setFont(FONT_BOLD, 9 * s)
            canv.drawString(10 * s, self.map_h - hh / 2 - 3 * s, tr("Department ╲ Stage"))


class Legend(Flowable):
    """The map's key: moment of truth, frontstage/backstage, votes, links, loop-backs,
    notes; wraps onto a second row when one is not wide enough."""

    ROW = 16
    HEIGHT = 2 * ROW   # what a map page keeps free for it
    SIZE = 7.5

    @staticmethod
    def _items() -> list[tuple[str, float, str]]:
        """(symbol, symbol width, label) in reading order."""
        return [("moment", 28, tr("Moment of truth")),
                ("frontstage", 28, tr("Frontstage (customer sees it)")),
                ("backstage", 28, tr("Backstage")),
                ("votes", 24, tr("Votes")),
                ("link", 28, tr("Feeds into")),
                ("loop", 14, tr("Loop-back (a later stage feeds an earlier one)")),
                ("pain", 16, tr("Pain point")),
                ("idea", 16, tr("Idea")),
                ("question", 16, tr("Question"))]

    def _placed(self, width: float) -> list[tuple[str, str, float, int]]:
        """(symbol, label, x, row) of each item, wrapped at ``width``."""
        out = []
        x, row = 0.0, 0
        for symbol, sw, text in self._items():
            need = sw + text_width(text, FONT, self.SIZE)
            if x > 0 and x + need > width:
                x, row = 0.0, row + 1
            out.append((symbol, text, x, row))
            x += need + 16
        return out

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        rows = 1 + max(row for *_rest, row in self._placed(avail_w))
        self.height = rows * self.ROW
        return avail_w, self.height

    def draw(self) -> None:
        canv = self.canv
        # the same on every map page of a document: drawn once, its operators repeated
        # (drawOn puts each legend in place; its own state is saved around it)
        drawn: dict[float, str] = canv.__dict__.setdefault("_legend_ops", {})
        ops = drawn.get(self.width)
        if ops is not None:
            canv._code.append(ops)
            return
        start = len(canv._code)
        placed = self._placed(self.width)
        rows = 1 + max(row for *_rest, row in placed)
        for symbol, text, x, row in placed:
            y = 5.0 + (rows - 1 - row) * self.ROW
            sw = self._symbol(canv, symbol, x, y)
            canv.setFont(FONT, self.SIZE)
            canv.setFillColor(INK)
            canv.drawString(x + sw, y - 2.5, text)
        ops = "\n".join(canv._code[start:])
        if " gs" not in ops:   # a transparency state belongs to its page's resources
            drawn[self.width] = ops

    @staticmethod
    def _symbol(canv: Canvas, symbol: str, x: float, y: float) -> float:
        """Draw the mark of ``symbol`` at ``x, y``; its width with the gap after it."""
        if symbol in ("moment", "frontstage", "backstage"):
            canv.setFillColor(colors.white)
            line = {"moment": (MOMENT_RED, 1.8), "frontstage": (INK, 1.2),
                    "backstage": (LINK_GREY, 0.6)}[symbol]
            canv.setStrokeColor(line[0])
            canv.setLineWidth(line[1])
            canv.roundRect(x, y - 5, 22, 11, 3, stroke=1, fill=1)
            if symbol == "moment":
                canv.setFillColor(MOMENT_RED)
                _star(canv, x + 2, y + 6, 5, 2)
            return 28
        if symbol == "votes":
            canv.setFillColor(VOTE_GREEN)
            for i in range(3):
                canv.circle(x + 3 + i * 7, y, 2.8, stroke=0, fill=1)
            return 24
        if symbol == "link":
            canv.setStrokeColor(LINK_GREY)
            canv.setFillColor(LINK_GREY)
            canv.setLineWidth(0.9)
            _arrow(canv, x, y, x + 22, y, 5)
            return 28
        if symbol == "loop":
            canv.setFillColor(LINK_GREY)
            canv.setFont(FONT_BOLD, 10)
            canv.drawString(x, y - 3.5, LOOP_MARK)
            return 14
        canv.setStrokeColor(NOTE_BORDER)
        canv.setLineWidth(0.5)
        canv.setFillColor(NOTE_FILL[symbol])
        canv.rect(x, y - 5, 11, 11, stroke=1, fill=1)
        return 16


@dataclass
class Part:
    """One page of a map too large for one page."""

    key: str        # bookmark of its page ("continues on p. N" and the index point here)
    title: str      # "Part 3 of 12: Deliver – Repair · Dispatch, part 2 of 3"
    region: Rect    # x0, y0, x1, y1 in map units
    row: int
    col: int


def _merge(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _cuts(start: float, end: float, limit: float, preferred: list[float],
          spans: list[tuple[float, float]]) -> list[float]:
    """Boundaries ``[start, …, end]`` of spans no longer than ``limit`` that never cut
    through an occupied interval (a box) when a free place exists; lane or stage
    boundaries are preferred when they leave at least half a span. ``spans`` are the
    boxes' (start, end) along the axis."""
    occupied = _merge(spans)
    starts = [a for a, _b in occupied]

    def free(x: float) -> bool:
        i = bisect.bisect_right(starts, x) - 1
        return i < 0 or not (occupied[i][0] < x < occupied[i][1])

    def last_free(x: float) -> float:
        i = bisect.bisect_right(starts, x) - 1
        if i >= 0 and occupied[i][0] < x < occupied[i][1]:
            return occupied[i][0]
        return x

    out = [start]
    pos = start
    while end - pos > limit:
        target = pos + limit
        nice = [b for b in preferred if pos + limit / 2 <= b <= target and free(b)]
        cut = max(nice) if nice else last_free(target)
        if cut <= pos + limit / 4:  # no free line: cut where the fewest boxes are crossed
            options = [b for _a, b in occupied if pos + limit / 2 <= b <= target] + [target]
            cut = min(options, key=lambda x: (sum(1 for a, b in spans if a < x < b), -x))
        out.append(cut)
        pos = cut
    out.append(end)
    return out


def _names_between(spans: list[tuple[float, float, str]], a: float, b: float) -> str:
    names = [name for x, w, name in spans if x < b - 1 and x + w > a + 1]
    if not names:
        return "—"
    first, last = short(names[0], 28) or "—", short(names[-1], 28) or "—"
    return first if first == last else f"{first} – {last}"


def plan_parts(data: MapData, frame_w: float, frame_h: float
               ) -> tuple[float, list[Part]]:
    """The whole-map scale and, when the map is too large to read on one page, its parts.

    Parts are cut between boxes (never through one, unless a box is wider than a
    page), preferably on lane and stage boundaries; each has a distinct title.
    """
    lay = data.layout
    bx0, by0, bx1, by1 = data.body
    fit = min(frame_w / (lay.header_w + bx1 - bx0), frame_h / (lay.header_h + by1 - by0))
    if fit >= READABLE_SCALE:
        return min(fit, 1.0), []
    # a part keeps a band for its "continues" markers along every edge it may need
    limit_w = (frame_w - 2 * BAND) / PART_SCALE - lay.header_w
    limit_h = (frame_h - 2 * BAND) / PART_SCALE - lay.header_h
    rects = list(lay.boxes.values()) + list(lay.notes.values())
    stage_edges = [c.x for c in lay.stages] + [c.x + c.width for c in lay.stages]
    lane_edges = [ln.y for ln in lay.lanes] + [ln.y + ln.height for ln in lay.lanes]
    xs = _cuts(bx0, bx1, limit_w, stage_edges, [(r[0] - 3, r[0] + r[2] + 3) for r in rects])
    cols = [(c.x, c.width, c.name or tr("Stage {number}").format(number=c.index + 1))
            for c in lay.stages]
    rows = [(ln.y, ln.height, ln.name or tr("(unnamed)")) for ln in lay.lanes]
    regions = []
    for c, (xa, xb) in enumerate(pairwise(xs)):
        # each band of stages is cut on its own, between its own boxes
        band = [r for r in rects if r[0] < xb and r[0] + r[2] > xa]
        ys = _cuts(by0, by1, limit_h, lane_edges, [(r[1] - 3, r[1] + r[3] + 3) for r in band])
        r = 0
        for ya, yb in pairwise(ys):
            if data.rects_in("boxes", (xa, ya, xb, yb)) or \
                    data.rects_in("notes", (xa, ya, xb, yb)):
                desc = f"{_names_between(cols, xa, xb)} · {_names_between(rows, ya, yb)}"
                regions.append((desc, (xa, ya, xb, yb), r, c))
                r += 1
    total: dict[str, int] = {}
    for desc, *_rest in regions:
        total[desc] = total.get(desc, 0) + 1
    seen: dict[str, int] = {}
    parts = []
    for i, (desc, region, r, c) in enumerate(regions, 1):
        if total[desc] > 1:
            seen[desc] = seen.get(desc, 0) + 1
            desc = tr("{place}, part {n} of {total}").format(place=desc, n=seen[desc],
                                                              total=total[desc])
        parts.append(Part(f"mappart{i}", tr("Part {n} of {total}: {place}").format(
            n=i, total=len(regions), place=desc), region, r, c))
    return fit, parts


def part_neighbours(parts: list[Part]) -> dict[str, dict[str, str]]:
    """For each part's key: the bookmark of the part above, below, left and right of it."""
    by_col: dict[int, list[Part]] = {}
    for part in parts:
        by_col.setdefault(part.col, []).append(part)
    out: dict[str, dict[str, str]] = {}
    for part in parts:
        near: dict[str, str] = {}
        column = by_col[part.col]
        i = column.index(part)
        if i > 0:
            near["up"] = column[i - 1].key
        if i + 1 < len(column):
            near["down"] = column[i + 1].key
        mid = (part.region[1] + part.region[3]) / 2
        for side, dc in (("left", -1), ("right", 1)):
            beside = by_col.get(part.col + dc, [])
            if beside:
                best = min(beside, key=lambda p: 0 if p.region[1] <= mid <= p.region[3]
                           else min(abs(p.region[1] - mid), abs(p.region[3] - mid)))
                near[side] = best.key
        out[part.key] = near
    return out


def part_of_boxes(data: MapData, parts: list[Part]) -> dict[str, Part]:
    """The part showing each process's box (the one holding its centre)."""
    columns: dict[tuple[float, float], list[Part]] = {}
    for part in parts:
        columns.setdefault((part.region[0], part.region[2]), []).append(part)
    bands = sorted(columns)
    starts = [a for a, _b in bands]
    tops = {band: [p.region[1] for p in columns[band]] for band in bands}
    out = {}
    for pid, (x, y, w, h) in data.layout.boxes.items():
        cx, cy = x + w / 2, y + h / 2
        i = bisect.bisect_right(starts, cx) - 1
        if i < 0:
            continue
        band = bands[i]
        j = bisect.bisect_right(tops[band], cy) - 1
        if j >= 0:
            part = columns[band][j]
            if part.region[0] <= cx <= part.region[2] and part.region[1] <= cy <= part.region[3]:
                out[pid] = part
    return out


class MapSchematic(Flowable):
    """The overview of a large map: departments × stages with the number of processes in
    each cell and the moments of truth named, and which parts show the cell."""

    def __init__(self, data: MapData, width: float, max_height: float):
        super().__init__()
        self.data = data
        w = data.workshop
        lay = data.layout
        self.lanes = lay.lanes
        self.stages = lay.stages
        self.cells: dict[tuple[int, int], list[Process]] = {}
        lane_of = {ln.department: i for i, ln in enumerate(lay.lanes)}
        for p in w.table(Process).values():
            r = lane_of.get(p.department, len(lay.lanes) - 1)
            c = max(0, min(p.stage, len(lay.stages) - 1))
            self.cells.setdefault((r, c), []).append(p)
        self.width = width
        self.label_w = min(130.0, width * 0.18)
        self.row_h = max(22.0, min(48.0, (max_height - 24) / max(1, len(self.lanes))))
        self.height = 24 + self.row_h * len(self.lanes)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canv = self.canv
        cw = (self.width - self.label_w) / max(1, len(self.stages))
        top = self.height - 24
        canv.saveState()
        canv.setFillColor(HEADER_BG)
        canv.rect(self.label_w, top, self.width - self.label_w, 24, stroke=0, fill=1)
        canv.setFont(FONT_BOLD, 7.5)
        canv.setFillColor(INK)
        for c, col in enumerate(self.stages):
            name = wrap(f"{col.index + 1}. {col.name or tr('Stage')}", FONT_BOLD, 7.5, cw - 6,
                        1)
            canv.drawCentredString(self.label_w + (c + 0.5) * cw, top + 9, name[0] if name
                                   else "")
        for r, lane in enumerate(self.lanes):
            y = top - (r + 1) * self.row_h
            c0 = color(lane.color)
            canv.setFillColor(tint(c0, 0.75))
            canv.rect(0, y, self.label_w, self.row_h, stroke=0, fill=1)
            canv.setFillColor(c0)
            canv.rect(0, y, 4, self.row_h, stroke=0, fill=1)
            canv.setFillColor(INK)
            canv.setFont(FONT_BOLD, 7.5)
            for i, line in enumerate(wrap(lane.name or tr("(unnamed)"), FONT_BOLD, 7.5,
                                          self.label_w - 12, max(1, int(self.row_h // 9)))):
                canv.drawString(8, y + self.row_h - 10 - i * 9, line)
            for c in range(len(self.stages)):
                procs = self.cells.get((r, c), [])
                x = self.label_w + c * cw
                canv.setFillColor(colors.white if not procs else tint(ACCENT, 0.93))
                canv.setStrokeColor(GRID)
                canv.setLineWidth(0.5)
                canv.rect(x, y, cw, self.row_h, stroke=1, fill=1)
                if not procs:
                    continue
                canv.setFillColor(INK)
                canv.setFont(FONT_BOLD, 9)
                canv.drawString(x + 4, y + self.row_h - 11, ngettext(
                    "{n} process", "{n} processes", len(procs)).format(n=len(procs)))
                moments = [p for p in procs if p.moment_of_truth]
                room = max(0, int((self.row_h - 14) // 7.5))
                if moments and room:
                    canv.setFont(FONT, MIN_PT)
                    canv.setFillColor(MOMENT_RED)
                    shown = moments[:room]
                    for i, p in enumerate(shown):
                        text = ("★ " + (p.name or tr("(unnamed)"))) if i < room - 1 or \
                            len(moments) == len(shown) else \
                            "★ " + tr("and {n} more").format(n=len(moments) - i)
                        cut = wrap(text, FONT, MIN_PT, cw - 8, 1)
                        canv.drawString(x + 4, y + self.row_h - 19 - i * 7.5,
                                        cut[0] if cut else "")
        canv.setStrokeColor(RULE)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.restoreState()


class ProcessIndex(Flowable):
    """Every process with the page of the map part that shows it, in columns; splits
    across pages."""

    LINE = 9.0
    SIZE = 7.0

    def __init__(self, entries: list[tuple[str, str]], cols: int = 3):
        super().__init__()
        self.entries = entries  # (name, bookmark key of its page)
        self.cols = cols

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        rows = math.ceil(len(self.entries) / self.cols)
        self.height = rows * self.LINE
        return avail_w, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        rows = int(avail_h // self.LINE)
        if rows < 3:
            return []
        n = rows * self.cols
        if n >= len(self.entries):
            return [self]
        return [ProcessIndex(self.entries[:n], self.cols),
                ProcessIndex(self.entries[n:], self.cols)]

    def draw(self) -> None:
        canv = self.canv
        rows = math.ceil(len(self.entries) / self.cols)
        col_w = self.width / self.cols
        canv.setFont(FONT, self.SIZE)
        canv.setFillColor(INK)
        names = _TextBatch(canv)   # thousands of names: one text object
        for i, (name, key) in enumerate(self.entries):
            c, r = divmod(i, rows)
            x, y = c * col_w, self.height - (r + 1) * self.LINE + 2
            if text_width(name, FONT, self.SIZE) > col_w - 34:
                name = (wrap(name, FONT, self.SIZE, col_w - 34, 1) or [""])[0]
            names.add(FONT, self.SIZE, INK, x, y, name)
            ax, ay = canv.absolutePosition(x + col_w - 10, y)
            canv.page_number_at(key, ax, ay, size=self.SIZE)
        names.flush()


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
    upstream: list[list[str]]       # ids by distance 1, 2, … (all, for the text);
    downstream: list[list[str]]     # empty at a distance whose ids lie nearer on the other side
    moments: list[tuple[str, int]]  # nearest moments of truth: (id, signed steps)


def neighbourhood(workshop: Workshop, pid: str, graph: ProcessGraph | None = None,
                  moments: set[str] | None = None) -> Neighbourhood:
    """What feeds ``pid`` and what it feeds, by steps, and the way to the moments of truth."""
    graph = graph or ProcessGraph.of(workshop)
    moments = moments_of_truth(workshop) if moments is None else moments

    procs = list(workshop.table(Process))
    nums = graph.numbered()
    me = nums.number.get(pid)
    if me is None:   # not in the graph: nothing feeds it, it feeds nothing
        nums, me = Numbered([pid], {pid: 0}, [[]], [[]]), 0
    # a process's place in map order (its number when the graph lists the processes so)
    order = nums.number if nums.ids == procs else {p: i for i, p in enumerate(procs)}
    down, down_found = nums.steps(me, nums.down)   # steps by number, -1: not reached
    up, up_found = nums.steps(me, nums.up)
    # Around a loop a process is both upstream and downstream: it counts once, on the
    # side of the shortest path (downstream on a tie), everywhere in the handout.
    for found in down_found:
        for i in found:
            if up[i] > 0:
                if down[i] <= up[i]:
                    up[i] = -1
                else:
                    down[i] = -1
    named, number = nums.ids, nums.number

    def by_distance(dist: list[int], found: list[list[int]]) -> list[list[str]]:
        """Ids ``d`` steps away at index ``d - 1``; a distance whose processes all lie
        nearer on the other side keeps its place, empty (the text says "3 steps away"
        of a process 3 steps away)."""
        out: list[list[str]] = []
        for d, level in enumerate(found, 1):
            kept = [i for i in level if dist[i] == d]
            if order is number:   # numbers are map order
                out.append([named[i] for i in sorted(kept)])
            else:
                out.append(sorted((named[i] for i in kept), key=lambda n: order.get(n, 0)))
        while out and not out[-1]:
            out.pop()
        return out

    def steps(dist: list[int], node: str) -> int:
        """Steps from ``pid`` to ``node`` (-1: not on this side)."""
        i = number.get(node)
        return -1 if i is None else dist[i]

    chain = graph.chain_to_moments(pid, moments)
    wanted = {pid} | set(graph.down.get(pid, ())) | set(graph.up.get(pid, ())) | chain
    step: dict[str, int] = {}
    direct_down, direct_up = set(graph.down.get(pid, ())), set(graph.up.get(pid, ()))
    for node in wanted:
        d, u = steps(down, node), steps(up, node)
        if node in direct_down and d >= 0:
            step[node] = 1
        elif node in direct_up and u >= 0:
            step[node] = -1
        elif d >= 0:
            step[node] = d
        elif u >= 0:
            step[node] = -u
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
            d = steps(down, m)
            near.append((m, d if d >= 0 else -max(steps(up, m), 0)))
    near.sort(key=lambda t: (abs(t[1]), order.get(t[0], 0)))
    return Neighbourhood(pid, columns, hidden, beyond_up, beyond_down,
                         by_distance(up, up_found), by_distance(down, down_found), near)


class NeighbourhoodMap(Flowable):
    """A small map: the participant's process in the middle, upstream on the left,
    downstream on the right, arrows between them; moments of truth marked."""

    def __init__(self, workshop: Workshop, nb: Neighbourhood, max_width: float,
                 dept_colors: dict[str, Color] | None = None):
        super().__init__()
        self.workshop = workshop
        self.nb = nb
        self.dept_colors = dept_colors or {
            d.id: color(d.color) for d in workshop.table(Department).values()}
        steps = sorted(nb.columns)
        self.steps = steps
        natural = len(steps) * NB_BOX_W + (len(steps) - 1) * NB_GAP_X + 40
        self.scale = k = min(1.0, max_width / natural)
        # text never prints under 6 pt: a drawing scaled down gets bigger letters (in its
        # own units), and its boxes grow taller to hold the name's lines
        self.name_size = max(8.0, MIN_PT / k)
        self.small_size = max(6.0, MIN_PT / k)     # department, "+ N more", "…"
        self.caption_size = max(7.0, MIN_PT / k)
        procs = workshop.table(Process)
        self.lines: dict[str, list[str]] = {}
        for ids in nb.columns.values():
            for node in ids:
                p = procs[node]
                font = FONT_BOLD if (p.moment_of_truth or node == nb.pid) else FONT
                self.lines[node] = wrap(p.name or tr("(unnamed)"), font, self.name_size,
                                        NB_BOX_W - 14, 3)
        most = max((len(lines) for lines in self.lines.values()), default=1)
        self.box_h = max(NB_BOX_H, most * self.name_size * 1.2 + self.small_size + 14)
        # the column captions above the boxes, on two lines when one is too narrow
        self.captions = [wrap(self._caption(s), FONT_BOLD, self.caption_size,
                              NB_BOX_W + NB_GAP_X - 6, 2) for s in steps]
        caption_lines = max((len(c) for c in self.captions), default=1)
        self.top_room = caption_lines * self.caption_size * 1.15 + 8
        rows = max(len(ids) + (1 if s in nb.hidden else 0) for s, ids in nb.columns.items())
        self.width = natural * k
        self.height = (rows * self.box_h + (rows - 1) * NB_GAP_Y + self.top_room + 18) * k

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def _positions(self) -> dict[str, tuple[float, float]]:
        """Centre of each shown box, in unscaled units (y up)."""
        pos = {}
        total_h = self.height / self.scale - self.top_room - 18
        bh = self.box_h
        for ci, s in enumerate(self.steps):
            ids = self.nb.columns[s]
            n = len(ids) + (1 if s in self.nb.hidden else 0)
            col_h = n * bh + (n - 1) * NB_GAP_Y
            top = 18 + total_h - (total_h - col_h) / 2
            x = 20 + ci * (NB_BOX_W + NB_GAP_X) + NB_BOX_W / 2
            for ri, node in enumerate(ids):
                pos[node] = (x, top - ri * (bh + NB_GAP_Y) - bh / 2)
        return pos

    def _column_x(self, ci: int) -> float:
        """Left edge of column ``ci`` (unscaled units)."""
        return 20 + ci * (NB_BOX_W + NB_GAP_X)

    def _more_slots(self, pos: dict[str, tuple[float, float]]) -> dict[int, Rect]:
        """Column index -> the slot (x, y, w, h) of its "+ N more" line, under its boxes."""
        out = {}
        for ci, s in enumerate(self.steps):
            if s in self.nb.hidden:
                ids = self.nb.columns[s]
                last_y = pos[ids[-1]][1] if ids else self.height / self.scale / 2
                out[ci] = (self._column_x(ci), last_y - self.box_h * 1.5 - NB_GAP_Y, NB_BOX_W,
                           self.box_h)
        return out

    def routes(self, pos: dict[str, tuple[float, float]]) -> list[tuple[str, list[Point]]]:
        """``(link id, points)`` of the arrows between shown boxes (unscaled units).

        An arrow leaves its box's side and enters the other box's side; it crosses the
        columns between them level, through a gap between their boxes (or above or below
        them), and changes height only in the gaps between columns, where no box is: so
        it never passes through a box it does not connect.
        """
        column = {node: ci for ci, s in enumerate(self.steps) for node in self.nb.columns[s]}
        more = self._more_slots(pos)
        top_room = self.height / self.scale - self.top_room + 4   # under the captions
        free: dict[int, list[tuple[float, float]]] = {}
        half_h = self.box_h / 2
        for ci, s in enumerate(self.steps):
            taken = sorted([(pos[n][1] - half_h - 2, pos[n][1] + half_h + 2)
                            for n in self.nb.columns[s]] +
                           ([(more[ci][1] - 2, more[ci][1] + more[ci][3] + 2)]
                            if ci in more else []))
            gaps, low = [], 3.0
            for start, end in taken:
                if start > low:
                    gaps.append((low, start))
                low = max(low, end)
            if top_room > low:
                gaps.append((low, top_room))
            free[ci] = gaps

        used: dict[tuple[int, float], int] = {}   # (column, height) -> arrows along it

        def level(ci: int, want: float, now: float) -> float:
            """The free height across column ``ci`` nearest ``want`` (then ``now``): the
            middle of a narrow gap, else clear of the boxes around it; an arrow that
            would run along one already there takes a track beside it when there is
            room."""
            spots = [((lo + hi) / 2 if hi - lo < 12 else min(max(want, lo + 4), hi - 4),
                      lo, hi) for lo, hi in free[ci]] or [(want, want, want)]
            y, lo, hi = min(spots, key=lambda t: (abs(t[0] - want), abs(t[0] - now)))
            n = used.get((ci, y), 0)
            used[(ci, y)] = n + 1
            shift = (n + 1) // 2 * 3.0 * (1 if n % 2 else -1)   # 0, +3, -3, +6, -6…
            return y + shift if lo + 2.5 <= y + shift <= hi - 2.5 else y

        out = []
        half = NB_BOX_W / 2
        for lid, link in self.workshop.table(Link).items():
            a, b = pos.get(link.upstream), pos.get(link.downstream)
            if a is None or b is None:
                continue
            ca, cb = column[link.upstream], column[link.downstream]
            if ca == cb:   # within a column: out to the right, down or up, back in
                edge = a[0] + half
                pts = [(edge + 1, a[1]), (edge + 10, a[1]), (edge + 10, b[1]),
                       (edge + 2, b[1])]
            else:
                way = 1 if cb > ca else -1
                pts = [(a[0] + way * (half + 1), a[1])]
                y = a[1]
                for ci in range(ca + way, cb, way):
                    y = level(ci, b[1], y)
                    near, far = self._column_x(ci), self._column_x(ci) + NB_BOX_W
                    pts += [(near, y), (far, y)] if way > 0 else [(far, y), (near, y)]
                pts.append((b[0] - way * (half + 2), b[1]))
            out.append((lid, pts))
        return out

    def draw(self) -> None:
        canv = self.canv
        k = self.scale
        canv.saveState()
        canv.scale(k, k)
        pos = self._positions()
        procs = self.workshop.table(Process)
        # what this draw drew (unscaled units; the tests check arrows against boxes)
        bh = self.box_h
        self.drawn_boxes: dict[str, Rect] = {
            node: (cx - NB_BOX_W / 2, cy - bh / 2, NB_BOX_W, bh)
            for node, (cx, cy) in pos.items()}
        self.drawn_more = list(self._more_slots(pos).values())
        self.drawn_links = self.routes(pos)
        # column captions
        canv.setFont(FONT_BOLD, self.caption_size)
        canv.setFillColor(MUTED)
        top = self.height / k - self.caption_size - 1
        for ci, lines in enumerate(self.captions):
            x = 20 + ci * (NB_BOX_W + NB_GAP_X) + NB_BOX_W / 2
            for i, line in enumerate(lines):
                canv.drawCentredString(x, top - i * self.caption_size * 1.15, line)
        # arrows
        canv.setLineWidth(0.9)
        canv.setStrokeColor(LINK_GREY)
        canv.setFillColor(LINK_GREY)
        for _lid, pts in self.drawn_links:
            path = canv.beginPath()
            path.moveTo(*pts[0])
            for pt in pts[1:-1]:
                path.lineTo(*pt)
            canv.drawPath(path, stroke=1, fill=0)
            _arrow(canv, *pts[-2], *pts[-1], 6)
        # boxes
        name_size, small = self.name_size, self.small_size
        for node, (cx, cy) in pos.items():
            p = procs[node]
            left, bottom = cx - NB_BOX_W / 2, cy - bh / 2
            dept = self.dept_colors.get(p.department or "", colors.HexColor("#9e9e9e"))
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
            canv.roundRect(left, bottom, NB_BOX_W, bh, 5, stroke=1, fill=1)
            if p.moment_of_truth:
                canv.setFillColor(MOMENT_RED)
                _star(canv, left + 3, bottom + bh - 2, 7.5, 3)
            font = FONT_BOLD if (p.moment_of_truth or node == self.nb.pid) else FONT
            lines = self.lines[node]
            canv.setFillColor(INK)
            canv.setFont(font, name_size)
            # the name's lines centred in the box above the department line
            line_h = name_size * 1.2
            mid = cy + (small + 4) / 2
            first = mid + (len(lines) - 1) * line_h / 2 - name_size * 0.35
            for i, line in enumerate(lines):
                canv.drawCentredString(cx, first - i * line_h, line)
            canv.setFont(FONT, small)
            canv.setFillColor(MUTED)
            dept_line = wrap(self._dept_name(p.department), FONT, small, NB_BOX_W - 8, 1)
            canv.drawCentredString(cx, bottom + 4, dept_line[0] if dept_line else "")
        # "N more" markers and chains that continue beyond the drawing
        canv.setFont(FONT, max(7.0, small))
        canv.setFillColor(MUTED)
        for ci, s in enumerate(self.steps):
            if s in self.nb.hidden:
                ids = self.nb.columns[s]
                x = 20 + ci * (NB_BOX_W + NB_GAP_X) + NB_BOX_W / 2
                last_y = pos[ids[-1]][1] if ids else self.height / k / 2
                canv.drawCentredString(x, last_y - bh / 2 - NB_GAP_Y - 12,
                                       tr("+ {n} more").format(n=self.nb.hidden[s]))
        h = self.height / k
        if self.nb.beyond_up:
            canv.drawString(0, h / 2 - 3, "…")
        if self.nb.beyond_down:
            canv.drawRightString(self.width / k, h / 2 - 3, "…")
        canv.restoreState()

    @staticmethod
    def _caption(step: int) -> str:
        if step == 0:
            return tr("YOUR PROCESS")
        if step < 0:
            return ngettext("{n} STEP UPSTREAM", "{n} STEPS UPSTREAM", -step).format(n=-step)
        return ngettext("{n} STEP DOWNSTREAM", "{n} STEPS DOWNSTREAM", step).format(n=step)

    def _dept_name(self, dept_id: str | None) -> str:
        d = self.workshop.table(Department).get(dept_id) if dept_id else None
        return d.name if d is not None else tr("Unassigned")
