"""Grid geometry of the process map, shared by the canvas, the PNG and the PDF export.

Pure Python (no Qt). The map is a grid of department lanes (rows, in department
order, "Unassigned" last and always shown) by journey stages (columns). A
process's stored ``x``, ``y`` are the top-left of its box *inside its cell*;
a process still at ``(0, 0)`` (never placed, e.g. imported without a position)
is put in the first free slot of its cell. Cells grow to fit what they hold.

No two boxes ever overlap: a stored position that is taken (or outside its
cell) is replaced by the nearest free spot when laid out, and a crowded cell
wraps its boxes into columns so the grid keeps a screen-like shape.

Notes on a process keep ``x``, ``y`` relative to their process's box (``(0, 0)``
= the next free place under the box); free notes keep absolute map
coordinates (``(0, 0)`` = stacked right of the grid). A note never covers a box.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..i18n import N_, tr
from .entities import Department, Note, Process

if TYPE_CHECKING:
    from .workshop import Workshop


Rect = tuple[float, float, float, float]

BOX_W = 168.0
BOX_H = 64.0
PAD = 16.0            # margin inside a cell; a dropped box never goes nearer the edge
GAP = 14.0            # space between auto-placed boxes
HEADER_W = 150.0      # lane header column
HEADER_H = 40.0       # stage header row
NOTE_W = BOX_W        # a note is as wide as a box: its text reads at the names' size
NOTE_H = 46.0
NOTE_GAP = 4.0
MIN_COL_W = BOX_W + 2 * PAD + 40.0
MIN_LANE_H = BOX_H + 2 * PAD
NOTES_PER_ROW = 1
UNASSIGNED = N_("Unassigned")  # translated where shown
UNASSIGNED_COLOR = "#9e9e9e"
FREE_NOTES_MARGIN = 24.0
MIN_SPACE = 8.0       # boxes closer than this count as touching (room for a link between)
COL_GAP = 28.0        # between columns of a wrapped cell: a lane for links
SLOT_W = BOX_W + COL_GAP
SLOT_H = BOX_H + GAP
SINGLE_COLUMN_MAX = 4  # a cell with more boxes than this wraps them into columns
SCREEN_ASPECT = 1.6   # the shape (width / height) a crowded grid should keep
MAX_OFFSET = 20000.0  # an in-cell position beyond this is out of the cell
BUCKET = 256.0        # size of the squares Occupancy files rectangles in


@dataclass
class Lane:
    """One department's swimlane as laid out: its name, colour and band."""

    department: str | None
    name: str
    color: str
    y: float
    height: float


@dataclass
class StageColumn:
    """One journey stage's column as laid out."""

    index: int
    name: str
    x: float
    width: float


@dataclass
class MapLayout:
    """Where the map draws everything: lanes, stage columns and boxes."""

    lanes: list[Lane]
    stages: list[StageColumn]
    boxes: dict[str, Rect]    # process id -> x, y, w, h (absolute map units)
    notes: dict[str, Rect]    # note id -> rect (on its process, or free)
    width: float
    height: float
    header_w: float = HEADER_W
    header_h: float = HEADER_H
    auto_placed: set[str] = field(default_factory=set)  # process ids not stored yet
    # stored spot taken or outside the cell: process id -> in-cell x, y it got instead
    displaced: dict[str, tuple[float, float]] = field(default_factory=dict)
    notes_moved: set[str] = field(default_factory=set)  # notes that would cover a box
    cell_rects: dict[tuple[int, int], dict[str, Rect]] = field(default_factory=dict)
    footprints: dict[str, float] = field(default_factory=dict)  # box + notes under it
    keys: list[str | None] = field(default_factory=list)        # lane keys in order

    def lane(self, department: str | None) -> Lane | None:
        for lane in self.lanes:
            if lane.department == department:
                return lane
        return None

    def cell_rect(self, department: str | None, stage: int) -> Rect:
        lane = self.lane(department)
        if lane is None:
            lane = self.lanes[-1]
        col = self.stages[max(0, min(stage, len(self.stages) - 1))]
        return (col.x, lane.y, col.width, lane.height)

    @property
    def grid_rect(self) -> Rect:
        right = self.stages[-1].x + self.stages[-1].width if self.stages else self.header_w
        bottom = self.lanes[-1].y + self.lanes[-1].height if self.lanes else self.header_h
        return (self.header_w, self.header_h, right - self.header_w, bottom - self.header_h)


def lane_keys(workshop: Workshop) -> list[str | None]:
    """Department ids in lane order, ``None`` (Unassigned) last; when the session
    hides empty lanes (``hide_empty_lanes``), only those holding a process (a map
    with no process at all keeps the Unassigned lane)."""
    departments = workshop.table(Department)
    if not workshop.info.hide_empty_lanes:
        return [*departments.keys(), None]
    used = {p.department if p.department in departments else None
            for p in workshop.table(Process).values()}
    keys: list[str | None] = [d for d in departments if d in used]
    if None in used or not keys:
        keys.append(None)
    return keys


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


class Occupancy:
    """Rectangles taken inside one cell (or the whole map), bucketed for quick
    "is this spot free?" questions: a lookup costs the few rects around it,
    not every rect of the cell."""

    __slots__ = ("_buckets", "rects")

    def __init__(self) -> None:
        self._buckets: dict[tuple[int, int], list[tuple[str, Rect]]] = {}
        self.rects: dict[str, Rect] = {}

    @staticmethod
    def _keys(r: Rect) -> Iterator[tuple[int, int]]:
        x0, y0 = int(r[0] // BUCKET), int(r[1] // BUCKET)
        x1, y1 = int((r[0] + r[2]) // BUCKET), int((r[1] + r[3]) // BUCKET)
        for bx in range(x0, x1 + 1):
            for by in range(y0, y1 + 1):
                yield bx, by

    def add(self, key: str, rect: Rect) -> None:
        self.rects[key] = rect
        for k in self._keys(rect):
            self._buckets.setdefault(k, []).append((key, rect))

    def remove(self, key: str) -> None:
        rect = self.rects.pop(key, None)
        if rect is None:
            return
        for k in self._keys(rect):
            bucket = self._buckets.get(k)
            if bucket:
                bucket[:] = [e for e in bucket if e[0] != key]

    def hits(self, rect: Rect, ignore: frozenset[str] | set[str] = frozenset(),
             margin: float = 0.0) -> list[tuple[str, Rect]]:
        """What ``rect`` (grown by ``margin`` on each side) overlaps."""
        if margin:
            rect = (rect[0] - margin, rect[1] - margin, rect[2] + 2 * margin,
                    rect[3] + 2 * margin)
        out: dict[str, Rect] = {}
        for k in self._keys(rect):
            for key, r in self._buckets.get(k, ()):
                if key not in ignore and key not in out and _overlaps(rect, r):
                    out[key] = r
        return list(out.items())

    def free(self, rect: Rect, ignore: frozenset[str] | set[str] = frozenset()) -> bool:
        """True when ``rect`` keeps :data:`MIN_SPACE` from every taken rect."""
        return not self.hits(rect, ignore, MIN_SPACE - 0.01)


def wrap_columns(count: int, n_lanes: int, n_stages: int) -> int:
    """How many columns a cell of ``count`` boxes fills: one for a few boxes;
    for a crowded cell enough that the whole grid keeps a screen-like shape."""
    if count <= SINGLE_COLUMN_MAX:
        return 1
    aspect = SCREEN_ASPECT * max(1, n_lanes) / max(1, n_stages)   # wanted cell width/height
    cols = math.ceil(math.sqrt(count * SLOT_H / SLOT_W * aspect))
    return max(1, min(count, cols))


def slot_position(index: int, cols: int) -> tuple[float, float]:
    """In-cell top-left of the ``index``-th slot of a cell filled ``cols`` wide."""
    row, col = divmod(index, cols)
    return PAD + col * SLOT_W, PAD + row * SLOT_H


def free_spot(occupied: Occupancy, x: float, y: float, h: float = BOX_H,
              ignore: frozenset[str] | set[str] = frozenset()) -> tuple[float, float]:
    """The free in-cell spot for a box (``BOX_W`` × ``h``) nearest to ``x, y``:
    the spot itself when free, else beside a box around it (in line with the spot
    or with that box), or a slot of the cell's lattice — whichever is nearest."""
    x, y = max(PAD, x), max(PAD, y)
    if occupied.free((x, y, BOX_W, h), ignore):
        return x, y
    candidates: set[tuple[float, float]] = set()
    for _key, (bx, by, bw, bh) in occupied.hits((x, y, BOX_W, h), ignore, SLOT_W):
        for cx, cy in ((bx - BOX_W - MIN_SPACE, y), (bx + bw + MIN_SPACE, y),
                       (x, by - h - MIN_SPACE), (x, by + bh + MIN_SPACE),
                       (bx - BOX_W - MIN_SPACE, by), (bx + bw + MIN_SPACE, by),
                       (bx, by - h - MIN_SPACE), (bx, by + bh + MIN_SPACE)):
            if cx >= PAD and cy >= PAD:
                candidates.add((cx, cy))
    c0 = max(0, round((x - PAD) / SLOT_W))
    r0 = max(0, round((y - PAD) / SLOT_H))
    radius = 2
    while True:
        for r in range(max(0, r0 - radius), r0 + radius + 1):
            for c in range(max(0, c0 - radius), c0 + radius + 1):
                candidates.add((PAD + c * SLOT_W, PAD + r * SLOT_H))
        # nearest first: the first free one is the answer
        for cx, cy in sorted(candidates, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2):
            if occupied.free((cx, cy, BOX_W, h), ignore):
                return round(cx, 1), round(cy, 1)
        candidates.clear()
        radius *= 2


NOTE_MIN_W = 80.0      # the smallest a note can be resized to
NOTE_MIN_H = 30.0
NOTE_MAX_W = 640.0     # … and the largest
NOTE_MAX_H = 480.0


def note_size(note: Note, under_box: bool = False) -> tuple[float, float]:
    """The size of ``note`` on the map: its stored ``w``, ``h`` (0: the standard
    size); a note stacked under its box is never wider than the box."""
    w = note.w or NOTE_W
    h = note.h or NOTE_H
    if under_box:
        w = min(w, BOX_W)
    return w, h


def _note_offsets(heights: list[float]) -> list[tuple[float, float]]:
    """Auto offsets (from the box's top-left) of notes of ``heights`` stacked under a box."""
    out = []
    y = BOX_H + NOTE_GAP
    for h in heights:
        out.append((0.0, y))
        y += h + NOTE_GAP
    return out


def notes_height(count: int | list[float]) -> float:
    """Extra height under a box taken by auto-placed notes: ``count`` standard
    ones, or ones of the given heights."""
    heights = [NOTE_H] * count if isinstance(count, int) else count
    if not heights:
        return 0.0
    return NOTE_GAP + sum(h + NOTE_GAP for h in heights)


def _stored_ok(x: float, y: float) -> bool:
    """A stored in-cell position that can be used (negative ones count as 0), not far out."""
    return x <= MAX_OFFSET and y <= MAX_OFFSET


def compute_layout(workshop: Workshop) -> MapLayout:
    """Place lanes, stage columns, boxes and notes of ``workshop`` in map units.

    No two boxes overlap: a box whose stored spot is taken (by a box earlier in
    the document) or lies outside its cell goes to the nearest free spot of its
    cell (see ``MapLayout.displaced``); a clean map is laid out exactly as stored.
    A note that would cover a box goes under its own box, or (free) right of the grid.
    """
    layout = _compute(workshop, set())
    if layout.notes_moved:
        # notes on a box that covered a box are placed under their box (which grows)
        moved = layout.notes_moved
        layout = _compute(workshop, moved)
        layout.notes_moved = moved
    return layout


def _compute(workshop: Workshop, auto_notes: set[str]) -> MapLayout:
    info = workshop.info
    stage_names = list(info.stages)
    n_stages = len(stage_names)
    keys = lane_keys(workshop)
    key_index = {k: i for i, k in enumerate(keys)}
    processes = workshop.table(Process)

    def is_auto(note: Note) -> bool:
        return (note.x == 0 and note.y == 0) or note.id in auto_notes

    # notes attached to each process, in order (auto-placed ones)
    attached: dict[str, list[Note]] = {}
    free_notes = []
    for note in workshop.table(Note).values():
        if note.process is not None and note.process in processes:
            attached.setdefault(note.process, []).append(note)
        else:
            free_notes.append(note)

    def footprint_h(pid: str) -> float:
        notes = attached.get(pid)
        if not notes:
            return BOX_H
        return BOX_H + notes_height([note_size(n)[1] for n in notes if is_auto(n)])

    # 1. positions inside cells (relative): stored ones first, in document order,
    # each moved to the nearest free spot if taken; then the unplaced ones in slots
    cell_of: dict[str, tuple[int, int]] = {}
    members: dict[tuple[int, int], list[str]] = {}
    for p in processes.values():
        cell = (key_index.get(p.department, len(keys) - 1), min(max(p.stage, 0), n_stages - 1))
        cell_of[p.id] = cell
        members.setdefault(cell, []).append(p.id)
    cell_rects: dict[tuple[int, int], dict[str, Rect]] = {}
    rel_of: dict[str, Rect] = {}
    auto_placed: set[str] = set()
    displaced: dict[str, tuple[float, float]] = {}
    for cell, pids in members.items():
        rects = cell_rects[cell] = {}
        stored = []
        unplaced = []
        for pid in pids:
            p = processes[pid]
            x, y = p.x, p.y
            if x == 0 and y == 0:
                unplaced.append(pid)
            else:
                h = footprint_h(pid) if pid in attached else BOX_H
                stored.append((pid, (x if x > 0 else 0.0, y if y > 0 else 0.0, BOX_W, h),
                               x <= MAX_OFFSET and y <= MAX_OFFSET))
        if not unplaced and all(ok for _, _, ok in stored) and not _any_touching(stored):
            for pid, rect, _ok in stored:   # the usual case: used as stored
                rects[pid] = rel_of[pid] = rect
            continue
        occ = Occupancy()
        cols = wrap_columns(len(pids), len(keys), n_stages)
        later: list[tuple[str, Rect, bool]] = []
        for pid, rect, ok in stored:   # in document order: the first keeps its spot
            if ok and occ.free(rect):
                occ.add(pid, rect)
                rects[pid] = rel_of[pid] = rect
            else:
                later.append((pid, rect, ok))
        for pid, rect, ok in later:   # stacked or out of the cell: the nearest free spot
            h = rect[3]
            x, y = free_spot(occ, rect[0], rect[1], h) if ok else _next_slot(occ, cols, h, [0])
            occ.add(pid, (x, y, BOX_W, h))
            rects[pid] = rel_of[pid] = (x, y, BOX_W, h)
            displaced[pid] = (x, y)
        cursor = [0]
        for pid in unplaced:
            h = footprint_h(pid)
            x, y = _next_slot(occ, cols, h, cursor)
            occ.add(pid, (x, y, BOX_W, h))
            rects[pid] = rel_of[pid] = (x, y, BOX_W, h)
            auto_placed.add(pid)

    # 2. sizes of lanes and columns
    lane_h = [MIN_LANE_H] * len(keys)
    col_w = [MIN_COL_W] * n_stages
    for pid, (x, y, w, h) in rel_of.items():
        li, si = cell_of[pid]
        lane_h[li] = max(lane_h[li], y + h + PAD)
        col_w[si] = max(col_w[si], x + w + PAD)
    for pid, own_notes in attached.items():
        li, si = cell_of[pid]
        rel = rel_of[pid]
        for note in own_notes:
            if not is_auto(note):
                nw, nh = note_size(note)
                lane_h[li] = max(lane_h[li], rel[1] + note.y + nh + PAD)
                col_w[si] = max(col_w[si], rel[0] + note.x + nw + PAD)

    departments = workshop.table(Department)
    lanes = []
    y = HEADER_H
    for i, key in enumerate(keys):
        if key is None:
            lanes.append(Lane(None, tr(UNASSIGNED), UNASSIGNED_COLOR, y, lane_h[i]))
        else:
            d = departments[key]
            lanes.append(Lane(key, d.name, d.color, y, lane_h[i]))
        y += lane_h[i]
    stages = []
    x = HEADER_W
    for i, name in enumerate(stage_names):
        stages.append(StageColumn(i, name, x, col_w[i]))
        x += col_w[i]
    grid_right, grid_bottom = x, y

    # 3. absolute boxes and notes
    boxes: dict[str, Rect] = {}
    for pid, (rx, ry, _w, _h) in rel_of.items():
        li, si = cell_of[pid]
        boxes[pid] = (stages[si].x + rx, lanes[li].y + ry, BOX_W, BOX_H)
    all_boxes: Occupancy | None = None   # built only when a placed note needs it

    def covers_box(rect: Rect) -> bool:
        nonlocal all_boxes
        if all_boxes is None:
            all_boxes = Occupancy()
            for pid, box in boxes.items():
                all_boxes.add(pid, box)
        return bool(all_boxes.hits(rect))
    notes: dict[str, Rect] = {}
    notes_moved: set[str] = set()
    width, height = grid_right, grid_bottom
    for pid, items in attached.items():
        bx, by = boxes[pid][0], boxes[pid][1]
        autos = iter(_note_offsets([note_size(n)[1] for n in items if is_auto(n)]))
        for note in items:
            if is_auto(note):
                dx, dy = next(autos)
                nw, nh = note_size(note, under_box=True)
            else:
                dx, dy = note.x, note.y
                nw, nh = note_size(note)
            rect = (bx + dx, by + dy, nw, nh)
            if not is_auto(note) and covers_box(rect):
                notes_moved.add(note.id)   # covers a box: under its box next time
            notes[note.id] = rect
    free_y = HEADER_H
    for note in free_notes:
        nw, nh = note_size(note)
        rect = (note.x, note.y, nw, nh)
        if (note.x == 0 and note.y == 0) or covers_box(rect):
            rect = (grid_right + FREE_NOTES_MARGIN, free_y, nw, nh)
            free_y += nh + NOTE_GAP * 2
        notes[note.id] = rect
    for rx, ry, rw, rh in notes.values():
        width = max(width, rx + rw + FREE_NOTES_MARGIN * (rx >= grid_right))
        height = max(height, ry + rh)
    return MapLayout(lanes, stages, boxes, notes, width, height, HEADER_W, HEADER_H,
                     auto_placed, displaced, notes_moved, cell_rects,
                     {pid: r[3] for pid, r in rel_of.items()}, keys)


def moved_layout(layout: MapLayout, workshop: Workshop, moved: set[str] | frozenset[str]
                 ) -> MapLayout | None:
    """``layout`` updated for boxes ``moved`` to their stored spots (the same
    department, stage, ``x``, ``y`` as ``workshop`` holds now), touching nothing else;
    None when only :func:`compute_layout` can say (a cell that was resolved or is
    crowded now, a lane or column that changes size, notes involved).

    The answer equals ``compute_layout(workshop)``: it is only given when every
    box of the cells involved sits where it is stored, so those cells are laid out
    exactly as stored and the grid keeps its size.
    """
    processes = workshop.table(Process)
    if layout.notes_moved or not moved or len(layout.boxes) != len(processes):
        return None
    keys = layout.keys
    key_index = {k: i for i, k in enumerate(keys)}
    n_stages = len(layout.stages)
    if [ln.department for ln in layout.lanes] != keys or n_stages != len(workshop.info.stages):
        return None
    if workshop.info.hide_empty_lanes and lane_keys(workshop) != keys:
        return None   # a lane empties or fills: lanes come or go
    note_procs = set()
    for n in workshop.table(Note).values():
        note_procs.add(n.process)
        if n.process is None and (n.x or n.y) and layout.notes.get(n.id, ())[:2] != (n.x, n.y):
            return None   # a free note kept off a box: it may go back now
    displaced = layout.displaced
    old_cell = {}
    for pid in moved:
        p = processes.get(pid)
        if p is None or pid not in layout.boxes or pid in note_procs:
            return None
        if p.x == 0 and p.y == 0 or not _stored_ok(p.x, p.y):
            return None
        for cell, rects in layout.cell_rects.items():
            if pid in rects:
                old_cell[pid] = cell
                break
        else:
            return None
    cell_rects = dict(layout.cell_rects)
    touched: set[tuple[int, int]] = set()
    for pid in moved:   # out of the cells they leave
        cell = old_cell[pid]
        if cell not in touched:
            cell_rects[cell] = dict(cell_rects[cell])
            touched.add(cell)
        del cell_rects[cell][pid]
    new_cell = {}
    for pid in moved:   # into the cells they enter
        p = processes[pid]
        if p.department not in key_index:
            return None
        cell = (key_index[p.department], min(max(p.stage, 0), n_stages - 1))
        new_cell[pid] = cell
        if cell not in touched:
            cell_rects[cell] = dict(cell_rects.get(cell, {}))
            touched.add(cell)
        cell_rects[cell][pid] = (max(p.x, 0.0), max(p.y, 0.0), BOX_W, BOX_H)
    for cell in touched:   # each laid out as stored: nothing resolved in it, no touching
        rects = cell_rects[cell]
        for pid, rect in rects.items():
            shown_elsewhere = pid in displaced or pid in layout.auto_placed
            if shown_elsewhere and (pid not in moved
                                    or layout.cell_rects.get(cell, {}).get(pid) != rect):
                return None   # shown elsewhere than stored: only a full layout says

        if _any_touching([(pid, r, True) for pid, r in rects.items()]):
            return None
    # the grid keeps its size: what the boxes of each lane and column involved
    # reach is the same as before (notes, which may reach further, stay put)
    for li in {c[0] for c in touched}:
        if _reach(layout.cell_rects, li, 0) != _reach(cell_rects, li, 0):
            return None
    for si in {c[1] for c in touched}:
        if _reach(layout.cell_rects, si, 1) != _reach(cell_rects, si, 1):
            return None
    boxes = dict(layout.boxes)
    for pid in moved:
        li, si = new_cell[pid]
        rx, ry, _w, _h = cell_rects[(li, si)][pid]
        rect = (layout.stages[si].x + rx, layout.lanes[li].y + ry, BOX_W, BOX_H)
        if any(_overlaps(rect, n) for n in layout.notes.values()):
            return None   # a note there would move: only a full layout says where
        boxes[pid] = rect
    for cell in [c for c in touched if not cell_rects[c]]:
        del cell_rects[cell]
    pinned = set(moved)   # stored now where they were shown
    return MapLayout(layout.lanes, layout.stages, boxes, layout.notes, layout.width,
                     layout.height, layout.header_w, layout.header_h,
                     layout.auto_placed - pinned,
                     {k: v for k, v in displaced.items() if k not in pinned},
                     set(layout.notes_moved), cell_rects,
                     dict(layout.footprints), keys)


def _reach(cell_rects: dict[tuple[int, int], dict[str, Rect]], index: int, axis: int
           ) -> float:
    """How far the boxes of lane (``axis`` 0: bottom) or column (1: right) ``index`` reach."""
    out = 0.0
    for cell, rects in cell_rects.items():
        if cell[axis] == index:
            for r in rects.values():
                out = max(out, r[1] + r[3] if axis == 0 else r[0] + r[2])
    return out


def _any_touching(stored: list[tuple[str, Rect, bool]]) -> bool:
    """True when two of the rects come nearer than MIN_SPACE (a sweep across the cell)."""
    n = len(stored)
    if n < 2:
        return False
    rects = sorted(r for _, r, _ in stored)   # by x
    m = MIN_SPACE
    for i in range(n):
        x, y, w, h = rects[i]
        reach, top, bottom = x + w + m, y - m, y + h + m
        for j in range(i + 1, n):
            r = rects[j]
            if r[0] >= reach:
                break
            if r[1] < bottom and top < r[1] + r[3]:
                return True
    return False


def _next_slot(occ: Occupancy, cols: int, h: float, cursor: list[int]) -> tuple[float, float]:
    """The next free lattice slot from ``cursor[0]`` on (advances the cursor)."""
    i = cursor[0]
    while True:
        x, y = slot_position(i, cols)
        if occ.free((x, y, BOX_W, h)):
            cursor[0] = i + 1
            return x, y
        i += 1


def cell_at(layout: MapLayout, x: float, y: float) -> tuple[str | None, int] | None:
    """The ``(department id, stage)`` of the grid cell at map point ``x, y``, or None."""
    lane = next((ln for ln in layout.lanes if ln.y <= y < ln.y + ln.height), None)
    col = next((c for c in layout.stages if c.x <= x < c.x + c.width), None)
    if lane is None or col is None:
        return None
    return lane.department, col.index


def place_in_cell(layout: MapLayout, x: float, y: float,
                  cell: tuple[str | None, int] | None = None
                  ) -> tuple[str | None, int, float, float] | None:
    """Where a box whose top-left is at map ``x, y`` lands: department, stage, cell x, y.

    The cell is the one under the box's centre unless ``cell`` is given; the
    in-cell position keeps at least :data:`PAD` from the cell's top-left (so a
    placed box is never mistaken for an unplaced one at ``(0, 0)``).
    Returns None when the centre is outside the grid.
    """
    if cell is None:
        cell = cell_at(layout, x + BOX_W / 2, y + BOX_H / 2)
        if cell is None:
            return None
    dept, stage = cell
    cx, cy, _cw, _ch = layout.cell_rect(dept, stage)
    return dept, stage, round(max(PAD, x - cx), 1), round(max(PAD, y - cy), 1)


def cell_occupancy(layout: MapLayout, department: str | None, stage: int,
                   leaving: set[str] | frozenset[str] = frozenset()) -> Occupancy:
    """What is taken in a cell (in-cell rects), but the boxes ``leaving`` it."""
    keys = layout.keys or [ln.department for ln in layout.lanes]
    li = keys.index(department) if department in keys else len(keys) - 1
    occ = Occupancy()
    for key, rect in layout.cell_rects.get((li, stage), {}).items():
        if key not in leaving:
            occ.add(key, rect)
    return occ


def settle(layout: MapLayout, moves: list[tuple[str, str | None, int, float, float]],
           heights: dict[str, float] | None = None
           ) -> list[tuple[str, str | None, int, float, float]]:
    """Where boxes being moved, pasted or added land: each ``(id, department, stage,
    x, y)`` gets the free in-cell spot nearest to its ``x, y`` (the spot itself
    when free), in order, around the boxes that stay and those settled before it.
    ``heights`` gives the footprint of new boxes (default: their current one, or a box).
    """
    keys = layout.keys or [ln.department for ln in layout.lanes]
    moving = {m[0] for m in moves}
    probes: dict[tuple[int, int], Occupancy] = {}
    out = []
    for pid, dept, stage, x, y in moves:
        li = keys.index(dept) if dept in keys else len(keys) - 1
        cell = (li, stage)
        probe = probes.get(cell)
        if probe is None:
            probe = probes[cell] = Occupancy()
            for key, rect in layout.cell_rects.get(cell, {}).items():
                if key not in moving:
                    probe.add(key, rect)
        h = (heights or {}).get(pid) or layout.footprints.get(pid, BOX_H)
        fx, fy = free_spot(probe, x, y, h)
        probe.add(pid, (fx, fy, BOX_W, h))
        out.append((pid, dept, stage, fx, fy))
    return out


def unpinned_in(layout: MapLayout, cells: set[tuple[str | None, int]],
                skip: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, float, float]]:
    """(process id, in-cell x, y) of the boxes in ``cells`` (department id, stage)
    that sit where the layout put them rather than where they are stored (never
    placed, or stacked): storing these with a drop keeps them where they are shown,
    so a drop moves the dropped box and nothing else."""
    keys = layout.keys or [ln.department for ln in layout.lanes]
    out = []
    for dept, stage in cells:
        li = keys.index(dept) if dept in keys else len(keys) - 1
        for pid, rect in layout.cell_rects.get((li, stage), {}).items():
            if pid not in skip and (pid in layout.auto_placed or pid in layout.displaced):
                out.append((pid, rect[0], rect[1]))
    return out


def drop_spot(layout: MapLayout, department: str | None, stage: int, x: float, y: float,
              pid: str | None = None) -> tuple[float, float]:
    """The free in-cell spot nearest to ``x, y`` for box ``pid`` (or a new box)."""
    return settle(layout, [(pid or "", department, stage, x, y)])[0][3:]


def count_overlaps(layout: MapLayout) -> int:
    """Pairs of boxes that overlap plus notes that cover a box (0 on a sound map)."""
    occ = Occupancy()
    count = 0
    for pid, rect in layout.boxes.items():
        count += len(occ.hits(rect))
        occ.add(pid, rect)
    for rect in layout.notes.values():
        count += bool(occ.hits(rect))
    return count


def position_fixes(workshop: Workshop) -> list[tuple[str, float, float]]:
    """(process id, x, y) for every box whose stored spot is taken or outside its
    cell: where the map shows it instead (``cxworkshop check --repair`` stores these)."""
    layout = compute_layout(workshop)
    return [(pid, x, y) for pid, (x, y) in layout.displaced.items()]


def unstack(workshop: Workshop) -> int:
    """Store every stacked or out-of-cell box of ``workshop`` where the map shows it
    (on import); returns how many moved."""
    from .workshop import Update
    fixes = position_fixes(workshop)
    if fixes:
        workshop.apply([Update("processes", pid, {"x": x, "y": y}) for pid, x, y in fixes])
    return len(fixes)


def overlap_problems(workshop: Workshop) -> list[str]:
    """One line per box stacked on another or outside its cell (for ``cxworkshop check``)."""
    layout = compute_layout(workshop)
    procs = workshop.table(Process)
    out = []
    for pid in layout.displaced:
        p = procs[pid]
        where = "outside its cell" if not _stored_ok(p.x, p.y) else "on top of another box"
        out.append(f'processes "{p.name or pid}": stored at ({p.x:g}, {p.y:g}), {where}; '
                   f"shown at the nearest free spot")
    return out
