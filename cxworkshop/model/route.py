"""Where a link runs on the map: a path around boxes, shared by canvas, PNG, SVG and PDF.

Pure Python (no Qt). Boxes keep :data:`~.layout.PAD` from their cell's edges,
so the grid lines are free corridors: a link that cannot go straight leaves
its box sideways into the corridor beside its stage column, follows corridors
(stage boundaries, lane boundaries) and enters the target box from the side.
A *loop-back* (a later stage feeding an earlier one: renewal, repeat business)
runs below the grid. Every path ends on the target's border (the arrowhead
goes there); :func:`label_point` is where a link's label is drawn.
"""
from __future__ import annotations

import bisect
import zlib
from collections.abc import Container, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from .entities import Link
from .graph import loop_back_links
from .layout import BOX_H, BOX_W, MapLayout, Rect

if TYPE_CHECKING:
    from .workshop import Workshop

Point = tuple[float, float]
_Entry = tuple[str, float, float, float, float]  # a box: id, left, top, right, bottom
_Lines = tuple[list[float], list[tuple[list[float], list[str]]]]  # box tops; lefts, ids each
TRACKS = 5            # parallel tracks in a corridor, so links along it stay apart
TRACK_STEP = 5.0
LOOP_MARGIN = 22.0    # loop-backs run this far below the grid, then a track each
LOOP_STEP = 6.0
LOOP_TRACKS = 6
LOOP_ROOM = LOOP_MARGIN + LOOP_TRACKS * LOOP_STEP + 14   # what loop-backs need under the grid
GAP_Y = 4.0           # how far under (over) its box a link runs out of a crowded row
ROW = 48.0            # boxes of a cell are filed in rows this tall for quick lookups
_REACH = (TRACKS // 2) * TRACK_STEP + 0.5   # how near a grid line a corridor track runs


@dataclass(frozen=True)
class Route:
    """A link's path: points from the upstream box's border to the downstream's."""

    points: tuple[Point, ...]
    loop_back: bool = False

    @property
    def tip(self) -> Point:
        return self.points[-1]


def _center(r: Rect) -> Point:
    return r[0] + r[2] / 2, r[1] + r[3] / 2


def _clip(rect: Rect, toward: Point) -> Point:
    """Where the segment from ``rect``'s centre toward ``toward`` leaves the rect."""
    cx, cy = _center(rect)
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    tx = (rect[2] / 2) / abs(dx) if dx else float("inf")
    ty = (rect[3] / 2) / abs(dy) if dy else float("inf")
    t = min(tx, ty, 1.0)
    return cx + dx * t, cy + dy * t


def segment_hits_rect(p: Point, q: Point, r: Rect) -> bool:
    """True when segment ``p``–``q`` passes through the inside of rect ``r``."""
    x0, y0 = p
    dx, dy = q[0] - x0, q[1] - y0
    t0, t1 = 0.0, 1.0
    for pp, qq in ((-dx, x0 - r[0]), (dx, r[0] + r[2] - x0), (-dy, y0 - r[1]),
                   (dy, r[1] + r[3] - y0)):
        if pp == 0:
            if qq <= 0:
                return False
            continue
        t = qq / pp
        if pp < 0:
            if t > t1:
                return False
            t0 = max(t0, t)
        else:
            if t < t0:
                return False
            t1 = min(t1, t)
    return t1 - t0 > 1e-9


class Router:
    """Routes links on one :class:`MapLayout` (boxes as obstacles, cells as index)."""

    def __init__(self, layout: MapLayout):
        self.layout = layout
        self._lane_edges = [ln.y for ln in layout.lanes] + (
            [layout.lanes[-1].y + layout.lanes[-1].height] if layout.lanes else [])
        self._col_edges = [c.x for c in layout.stages] + (
            [layout.stages[-1].x + layout.stages[-1].width] if layout.stages else [])
        self._origins = {}
        for (li, si) in layout.cell_rects:
            self._origins[(li, si)] = (layout.stages[si].x, layout.lanes[li].y)
        self._rows: dict[tuple[int, int], dict[int, list[_Entry]]] = {}
        self._lines: dict[tuple[int, int], _Lines] = {}
        # left, top, right, bottom of all the boxes of a cell (filed with its lines)
        self._extent: dict[tuple[int, int], tuple[float, float, float, float]] = {}
        # upright piece (x, top, bottom) -> the boxes it passes under (:meth:`_upright_clear`)
        self._upright_hits: dict[tuple[float, float, float], tuple[str, ...]] = {}
        gx, gy, gw, gh = layout.grid_rect
        self.grid_bottom = gy + gh

    def boxes_moved(self, layout: MapLayout) -> None:
        """Route on ``layout`` from now on: the same grid, some boxes moved (see
        :func:`~cxworkshop.model.layout.moved_layout`); cells whose boxes changed
        are filed anew."""
        old, self.layout = self.layout.cell_rects, layout
        for cell, rects in layout.cell_rects.items():
            if old.get(cell) is not rects:
                self._forget_cell(cell)
                li, si = cell
                self._origins[cell] = (layout.stages[si].x, layout.lanes[li].y)
        for cell in old.keys() - layout.cell_rects.keys():
            self._forget_cell(cell)

    def _forget_cell(self, cell: tuple[int, int]) -> None:
        """Drop what is filed about ``cell``'s boxes (filed again when next needed)."""
        self._rows.pop(cell, None)
        self._lines.pop(cell, None)
        self._extent.pop(cell, None)
        self._upright_hits.clear()   # its pieces may meet the cell

    # -- where things are ------------------------------------------------------------
    @staticmethod
    def _index(edges: list[float], v: float) -> int:
        """Index of the band of ``edges`` holding ``v`` (clamped)."""
        return max(0, min(len(edges) - 2, bisect.bisect_right(edges, v) - 1))

    def cell_of(self, rect: Rect) -> tuple[int, int]:
        # as _index for the centre's y and x (written out: every route asks twice)
        right = bisect.bisect_right
        lanes, cols = self._lane_edges, self._col_edges
        nl, nc = len(lanes) - 2, len(cols) - 2
        li = right(lanes, rect[1] + rect[3] / 2) - 1
        si = right(cols, rect[0] + rect[2] / 2) - 1
        return (0 if li < 0 or nl < 0 else (nl if li > nl else li),
                0 if si < 0 or nc < 0 else (nc if si > nc else si))

    def _cell_rows(self, cell: tuple[int, int]) -> dict[int, list[_Entry]]:
        """The boxes of ``cell`` (absolute rects, with ids) filed by rows of ROW units."""
        rows = self._rows.get(cell)
        if rows is None:
            rows = self._rows[cell] = {}
            ox, oy = self._origins[cell]
            for pid, (rx, ry, _w, _h) in self.layout.cell_rects[cell].items():
                bx, by = ox + rx, oy + ry
                entry = (pid, bx, by, bx + BOX_W, by + BOX_H)
                for row in range(int(by // ROW), int((by + BOX_H) // ROW) + 1):
                    rows.setdefault(row, []).append(entry)
        return rows

    def _boxes_near(self, x0: float, y0: float, x1: float, y1: float,
                    skip: Container[str]) -> list[Rect]:
        """Box rects (absolute) overlapping the given area, minus ``skip``."""
        l0 = self._index(self._lane_edges, y0)
        l1 = self._index(self._lane_edges, y1)
        s0 = self._index(self._col_edges, x0)
        s1 = self._index(self._col_edges, x1)
        out = {}
        cells = self.layout.cell_rects
        r0, r1 = int(y0 // ROW), int(y1 // ROW)
        for li in range(l0, l1 + 1):
            for si in range(s0, s1 + 1):
                if not cells.get((li, si)):
                    continue
                rows = self._cell_rows((li, si))
                for row in range(r0, r1 + 1):
                    for pid, bx, by, bx1, by1 in rows.get(row, ()):
                        if bx < x1 and x0 < bx1 and by < y1 and y0 < by1 and pid not in skip:
                            out[pid] = (bx, by, BOX_W, BOX_H)
        return list(out.values())

    def _on_corridor(self, p: Point, q: Point) -> bool:
        reach = _REACH
        if p[0] == q[0]:
            edges, v = self._col_edges, p[0]
        elif p[1] == q[1]:
            if p[1] >= self.grid_bottom:
                return True
            edges, v = self._lane_edges, p[1]
        else:
            return False
        i = bisect.bisect_left(edges, v - reach)
        return i < len(edges) and edges[i] <= v + reach

    def _cell_lines(self, cell: tuple[int, int]) -> _Lines:
        """The boxes of ``cell`` by their top edge: sorted tops, and for each top the
        boxes' left edges (sorted) with their ids. Boxes line up in rows, so a level or
        upright piece of a path is checked against a few rows by bisection."""
        lines = self._lines.get(cell)
        if lines is None:
            ox, oy = self._origins[cell]
            by_top: dict[float, list[tuple[float, str]]] = {}
            for pid, (rx, ry, _w, _h) in self.layout.cell_rects[cell].items():
                by_top.setdefault(oy + ry, []).append((ox + rx, pid))
            tops = sorted(by_top)
            rows: list[tuple[list[float], list[str]]] = []
            for top in tops:
                entries = sorted(by_top[top])
                rows.append(([x for x, _pid in entries], [pid for _x, pid in entries]))
            lines = self._lines[cell] = (tops, rows)
            self._extent[cell] = (min(r[0][0] for r in rows), tops[0],
                                  max(r[0][-1] for r in rows) + BOX_W, tops[-1] + BOX_H)
        return lines

    def _cells_over(self, x0: float, y0: float, x1: float, y1: float) -> list[_Lines]:
        """The (box lines of the) non-empty cells meeting x0..x1 × y0..y1."""
        lanes, cols = self._lane_edges, self._col_edges
        nl, nc = len(lanes) - 2, len(cols) - 2
        right = bisect.bisect_right
        # the band of each edge list holding the value, clamped (as :meth:`_index`)
        l0 = right(lanes, y0) - 1
        l0 = 0 if l0 < 0 or nl < 0 else (nl if l0 > nl else l0)
        if y1 == y0:
            l1 = l0
        else:
            l1 = right(lanes, y1) - 1
            l1 = 0 if l1 < 0 or nl < 0 else (nl if l1 > nl else l1)
        s0 = right(cols, x0) - 1
        s0 = 0 if s0 < 0 or nc < 0 else (nc if s0 > nc else s0)
        if x1 == x0:
            s1 = s0
        else:
            s1 = right(cols, x1) - 1
            s1 = 0 if s1 < 0 or nc < 0 else (nc if s1 > nc else s1)
        cells = self.layout.cell_rects
        if l0 == l1 and s0 == s1:   # most pieces lie in one cell
            cell = (l0, s0)
            if not cells.get(cell):
                return []
            lines = self._lines.get(cell)
            return [lines if lines is not None else self._cell_lines(cell)]
        out = []
        for li in range(l0, l1 + 1):
            for si in range(s0, s1 + 1):
                cell = (li, si)
                if not cells.get(cell):
                    continue
                lines = self._lines.get(cell) or self._cell_lines(cell)
                left, top, right_, bottom = self._extent[cell]
                if left <= x1 and x0 <= right_ and top <= y1 and y0 <= bottom:
                    out.append(lines)   # else no box of the cell comes near the piece
        return out

    def _piece_clear(self, p: Point, q: Point, skip: Container[str]) -> bool:
        """True when segment ``p``–``q`` passes under no box other than ``skip`` (the
        answer of :func:`segment_hits_rect` for every box, found by bisection in the
        rows of boxes it crosses)."""
        (px, py), (qx, qy) = p, q
        x0, x1 = (px, qx) if px <= qx else (qx, px)
        y0, y1 = (py, qy) if py <= qy else (qy, py)
        right = bisect.bisect_right
        if py == qy or px == qx:   # level or upright
            return all(pid in skip for pid in self._boxes_under(p, q))
        dx, dy = qx - px, qy - py
        for tops, rows in self._cells_over(x0, y0, x1, y1):
            j = right(tops, y0 - BOX_H)
            while j < len(tops) and tops[j] <= y1:
                top = tops[j]
                lefts, pids = rows[j]
                j += 1
                if not (top < y1 and y0 < top + BOX_H):
                    continue
                # the x range of the segment within this row
                xa = px + dx * (max(y0, top) - py) / dy
                xb = px + dx * (min(y1, top + BOX_H) - py) / dy
                lo, hi = (xa, xb) if xa <= xb else (xb, xa)
                k = right(lefts, lo - BOX_W)
                while k < len(lefts) and lefts[k] <= hi:
                    left = lefts[k]
                    k += 1
                    if pids[k - 1] in skip:
                        continue
                    if segment_hits_rect(p, q, (left, top, BOX_W, BOX_H)):
                        return False
        return True

    def clear(self, points: Sequence[Point], skip: Container[str]) -> bool:
        """True when no segment of ``points`` passes under a box (other than ``skip``)."""
        lanes, cols, below = self._lane_edges, self._col_edges, self.grid_bottom
        n_lanes, n_cols = len(lanes), len(cols)
        left = bisect.bisect_left
        p = points[0]
        for i in range(1, len(points)):
            q = points[i]
            if p != q:
                # grid lines and the space below the grid hold no boxes (:meth:`_on_corridor`)
                px, py = p
                qx, qy = q
                if px == qx:
                    k = left(cols, px - _REACH)
                    if not (k < n_cols and cols[k] <= px + _REACH) and not self._upright_clear(
                            px, py, qy, skip):
                        return False
                elif py == qy:
                    if py < below:
                        k = left(lanes, py - _REACH)
                        if not (k < n_lanes and lanes[k] <= py + _REACH) and not self._level_clear(
                                py, px, qx, skip):
                            return False
                elif not self._piece_clear(p, q, skip):
                    return False
            p = q
        return True

    def _level_clear(self, y: float, xa: float, xb: float, skip: Container[str]) -> bool:
        """:meth:`_piece_clear` for the level piece ``xa``–``xb`` at ``y``, in one go (the
        most asked: a link leaving or entering a box sideways)."""
        x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
        lanes, cols = self._lane_edges, self._col_edges
        nl, nc = len(lanes) - 2, len(cols) - 2
        right = bisect.bisect_right
        li = right(lanes, y) - 1
        li = 0 if li < 0 or nl < 0 else (nl if li > nl else li)
        s0 = right(cols, x0) - 1
        s0 = 0 if s0 < 0 or nc < 0 else (nc if s0 > nc else s0)
        s1 = right(cols, x1) - 1
        s1 = 0 if s1 < 0 or nc < 0 else (nc if s1 > nc else s1)
        filed, cells = self._lines, self.layout.cell_rects
        low, x_low = y - BOX_H, x0 - BOX_W
        for si in range(s0, s1 + 1):
            lines = filed.get((li, si))
            if lines is None:
                if not cells.get((li, si)):
                    continue
                lines = self._cell_lines((li, si))
            tops, rows = lines
            j = right(tops, low)   # the rows with top < y < top + BOX_H
            n = len(tops)
            while j < n and tops[j] < y:
                if y < tops[j] + BOX_H:   # (rounding: as the sum says)
                    lefts, pids = rows[j]
                    k = right(lefts, x_low)
                    m = len(lefts)
                    while k < m and lefts[k] < x1:
                        if x0 < lefts[k] + BOX_W and pids[k] not in skip:
                            return False
                        k += 1
                j += 1
        return True

    def _upright_clear(self, x: float, ya: float, yb: float, skip: Container[str]) -> bool:
        """:meth:`_piece_clear` for the upright piece ``ya``–``yb`` at ``x``. The boxes it
        passes under are looked up once (a box's way out under or over it is asked
        about by each of its links) and kept until boxes move."""
        key = (x, ya, yb) if ya <= yb else (x, yb, ya)
        hits = self._upright_hits.get(key)
        if hits is None:
            hits = self._upright_hits[key] = self._boxes_under((x, key[1]), (x, key[2]))
        return not hits or all(pid in skip for pid in hits)

    def _boxes_under(self, p: Point, q: Point) -> tuple[str, ...]:
        """Ids of every box the level or upright piece ``p``–``q`` passes under: in the
        rows meeting y0..y1 (top < y < top + BOX_H when level), the boxes meeting x0..x1."""
        (px, py), (qx, qy) = p, q
        x0, x1 = (px, qx) if px <= qx else (qx, px)
        y0, y1 = (py, qy) if py <= qy else (qy, py)
        right = bisect.bisect_right
        out: list[str] = []
        for tops, rows in self._cells_over(x0, y0, x1, y1):
            j = right(tops, y0 - BOX_H)
            n = len(tops)
            while j < n and tops[j] < y1:
                if y0 < tops[j] + BOX_H:
                    lefts, pids = rows[j]
                    k = right(lefts, x0 - BOX_W)
                    m = len(lefts)
                    while k < m and lefts[k] < x1:
                        if x0 < lefts[k] + BOX_W:
                            out.append(pids[k])
                        k += 1
                j += 1
        return tuple(out)

    def bounds(self, up: Rect, down: Rect, loop_back: bool = False
               ) -> tuple[float, float, float, float]:
        """Where the route of a link between ``up`` and ``down`` can run (left, top,
        right, bottom), without routing it: the two boxes' cells and the corridors
        around them (and the room below the grid for a loop-back)."""
        (la, sa), (lb, sb) = self.cell_of(up), self.cell_of(down)
        m = (TRACKS // 2) * TRACK_STEP + GAP_Y + 2
        lanes, cols = self._lane_edges, self._col_edges
        x0 = min(up[0], down[0], cols[min(sa, sb)] if cols else up[0]) - m
        x1 = max(up[0] + up[2], down[0] + down[2],
                 cols[max(sa, sb) + 1] if len(cols) > 1 else 0) + m
        y0 = min(up[1], down[1], lanes[min(la, lb)] if lanes else up[1]) - m
        y1 = max(up[1] + up[3], down[1] + down[3],
                 lanes[max(la, lb) + 1] if len(lanes) > 1 else 0) + m
        if loop_back:
            y1 = max(y1, self.grid_bottom + LOOP_ROOM)
        return x0, y0, x1, y1

    # -- routes ----------------------------------------------------------------------
    def route(self, key: str, up: Rect, down: Rect, skip: Container[str] = (),
              loop_back: bool = False
              ) -> Route:
        """The path of link ``key`` from box ``up`` to box ``down`` (absolute rects);
        ``skip`` holds the ids of its two boxes (never obstacles)."""
        if loop_back:
            return Route(tuple(self._loop_back(up, down, key, skip)), True)
        (la, sa), (lb, sb) = self.cell_of(up), self.cell_of(down)
        if abs(la - lb) <= 1 and abs(sb - sa) <= 1:
            a, b = _center(up), _center(down)
            straight = [_clip(up, b), _clip(down, a)]
            if self.clear(straight, skip):
                return Route(tuple(straight))
        return Route(tuple(self._corridors(up, down, la, sa, lb, sb, _track(key), skip)))

    def _stub(self, box: Rect, x: float, side: float, skip: Container[str],
              leaving: bool) -> list[Point]:
        """The piece between ``box`` and the corridor at ``x``: straight out of the
        box's side (``side`` its x), else through the gap under or over the box."""
        cy = box[1] + box[3] / 2
        pts = [(side, cy), (x, cy)]
        if not self.clear(pts, skip):   # the next way only when one is blocked
            cx = box[0] + box[2] / 2
            bottom, top = box[1] + box[3], box[1]
            pts = [(cx, bottom), (cx, bottom + GAP_Y), (x, bottom + GAP_Y)]
            if not self.clear(pts, skip):
                pts = [(cx, top), (cx, top - GAP_Y), (x, top - GAP_Y)]
                if not self.clear(pts, skip):
                    pts = [(side, cy), (x, cy)]
        return pts if leaving else pts[::-1]

    def _corridors(self, up: Rect, down: Rect, la: int, sa: int, lb: int, sb: int,
                   track: float, skip: Container[str]) -> list[Point]:
        if sb < sa:   # leftwards within the grid: out of the left side
            xa = self._col_edges[sa] + track
            xb = self._col_edges[sb + 1] + track
            start = self._stub(up, xa, up[0], skip, True)
            end = self._stub(down, xb, down[0] + down[2], skip, False)
        else:
            xa = self._col_edges[sa + 1] + track
            start = self._stub(up, xa, up[0] + up[2], skip, True)
            if sb == sa:   # same column: out to the right corridor and back in
                xb = xa
                end = self._stub(down, xb, down[0] + down[2], skip, False)
            else:
                xb = self._col_edges[sb] + track
                end = self._stub(down, xb, down[0], skip, False)
        ya, yb = start[-1][1], end[0][1]
        if xa == xb or (la == lb and abs(sb - sa) <= 1):
            return _simplify(start + [(xa, yb)] + end if xa != xb else start + end)
        # along a lane boundary between the two rows (nearest the straight way)
        top, bottom = min(la, lb), max(la, lb)
        choices = [self._lane_edges[i] for i in range(top, bottom + 2)]
        mid = (ya + yb) / 2
        yc = min(choices, key=lambda y: abs(y - mid)) + track
        return _simplify(start + [(xa, yc), (xb, yc)] + end)

    def _loop_back(self, up: Rect, down: Rect, key: str,
                   skip: Container[str]) -> list[Point]:
        """Out of the upstream box's right side, down its column's right corridor,
        back below the grid, up the target column's left corridor, into the box."""
        sa, sb = self.cell_of(up)[1], self.cell_of(down)[1]
        track = _track(key)
        xa = self._col_edges[sa + 1] + track
        xb = self._col_edges[sb] + track
        low = self.grid_bottom + LOOP_MARGIN + (_stable(key) % LOOP_TRACKS) * LOOP_STEP
        start = self._stub(up, xa, up[0] + up[2], skip, True)
        end = self._stub(down, xb, down[0], skip, False)
        return _simplify(start + [(xa, low), (xb, low)] + end)


def _stable(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass"))


def _track(key: str) -> float:
    """The offset of a link's track in a corridor (the same in every run and export)."""
    return (_stable(key) % TRACKS - TRACKS // 2) * TRACK_STEP


def _simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and middle points of straight runs."""
    out: list[Point] = []
    for p in points:
        if out:
            last = out[-1]
            if last == p:
                continue
            if len(out) >= 2:
                prev = out[-2]
                if (prev[0] == last[0] == p[0]) or (prev[1] == last[1] == p[1]):
                    out[-1] = p
                    continue
        out.append(p)
    return out


def label_point(points: tuple[Point, ...] | list[Point]) -> Point:
    """Where a link's label sits: the middle of its longest segment."""
    best, where = -1.0, points[0]
    for p, q in pairwise(points):
        d = abs(q[0] - p[0]) + abs(q[1] - p[1])
        if d > best:
            best, where = d, ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
    return where


def loop_mark_point(points: tuple[Point, ...] | list[Point]) -> Point | None:
    """Where a loop-back shows its ↺: the middle of its lowest level run (None when the
    path has no run below its ends)."""
    if len(points) < 4:
        return None
    level = [(p, q) for p, q in pairwise(points) if p[1] == q[1]]
    if not level:
        return None
    p, q = max(level, key=lambda s: s[0][1])
    return (p[0] + q[0]) / 2, p[1]


def route_all(workshop: Workshop, layout: MapLayout) -> dict[str, Route]:
    """The route of every link of ``workshop`` on ``layout``."""
    router = Router(layout)
    loops = loop_back_links(workshop)
    out = {}
    boxes = layout.boxes
    for link in workshop.table(Link).values():
        a, b = boxes.get(link.upstream), boxes.get(link.downstream)
        if a is None or b is None or link.upstream == link.downstream:
            continue
        out[link.id] = router.route(link.id, a, b, (link.upstream, link.downstream),
                                    link.id in loops)
    return out


def links_under_boxes(workshop: Workshop, layout: MapLayout, routes: dict[str, Route]) -> int:
    """How many routes pass under a box other than their two ends (0 on a sound map)."""
    boxes = [(pid, r) for pid, r in layout.boxes.items()]
    count = 0
    for link in workshop.table(Link).values():
        r = routes.get(link.id)
        if r is None:
            continue
        ends = (link.upstream, link.downstream)
        if any(segment_hits_rect(p, q, rect) for p, q in pairwise(r.points)
               for pid, rect in boxes if pid not in ends):
            count += 1
    return count
