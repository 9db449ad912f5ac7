"""Grid geometry of the process map, shared by the canvas, the PNG and the PDF export.

Pure Python (no Qt). The map is a grid of department lanes (rows, in department
order, "Unassigned" last and always shown) by journey stages (columns). A
process's stored ``x``, ``y`` are the top-left of its box *inside its cell*;
a process still at ``(0, 0)`` (never placed, e.g. imported without a position)
is put in the first free slot of its cell. Cells grow to fit what they hold.

Notes on a process keep ``x``, ``y`` relative to their process's box (``(0, 0)``
= the next free place under the box); free notes keep absolute map
coordinates (``(0, 0)`` = stacked right of the grid).
"""
from __future__ import annotations

from dataclasses import dataclass, field

Rect = tuple[float, float, float, float]

BOX_W = 168.0
BOX_H = 64.0
PAD = 16.0            # margin inside a cell; a dropped box never goes nearer the edge
GAP = 14.0            # space between auto-placed boxes
HEADER_W = 150.0      # lane header column
HEADER_H = 40.0       # stage header row
NOTE_W = 80.0
NOTE_H = 46.0
NOTE_GAP = 4.0
MIN_COL_W = BOX_W + 2 * PAD + 40.0
MIN_LANE_H = BOX_H + 2 * PAD
NOTES_PER_ROW = 2
UNASSIGNED = "Unassigned"
UNASSIGNED_COLOR = "#9e9e9e"
FREE_NOTES_MARGIN = 24.0


@dataclass
class Lane:
    department: str | None
    name: str
    color: str
    y: float
    height: float


@dataclass
class StageColumn:
    index: int
    name: str
    x: float
    width: float


@dataclass
class MapLayout:
    lanes: list[Lane]
    stages: list[StageColumn]
    boxes: dict[str, Rect]    # process id -> x, y, w, h (absolute map units)
    notes: dict[str, Rect]    # note id -> rect (on its process, or free)
    width: float
    height: float
    header_w: float = HEADER_W
    header_h: float = HEADER_H
    auto_placed: set[str] = field(default_factory=set)  # process ids not stored yet

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


def lane_keys(workshop) -> list[str | None]:
    """Department ids in lane order, ``None`` (Unassigned) last."""
    return [*workshop.tables["departments"].keys(), None]


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _note_offsets(count: int) -> list[tuple[float, float]]:
    """Auto offsets (from the box's top-left) of ``count`` notes under a box."""
    out = []
    for i in range(count):
        row, col = divmod(i, NOTES_PER_ROW)
        out.append((col * (NOTE_W + NOTE_GAP), BOX_H + NOTE_GAP + row * (NOTE_H + NOTE_GAP)))
    return out


def notes_height(count: int) -> float:
    """Extra height under a box taken by ``count`` auto-placed notes."""
    if count <= 0:
        return 0.0
    rows = (count + NOTES_PER_ROW - 1) // NOTES_PER_ROW
    return NOTE_GAP + rows * (NOTE_H + NOTE_GAP)


def compute_layout(workshop) -> MapLayout:
    """Place lanes, stage columns, boxes and notes of ``workshop`` in map units."""
    info = workshop.info
    stage_names = list(info.stages)
    n_stages = len(stage_names)
    keys = lane_keys(workshop)
    key_index = {k: i for i, k in enumerate(keys)}
    processes = workshop.tables["processes"]

    # notes attached to each process, in order (auto-placed ones)
    attached: dict[str, list] = {}
    free_notes = []
    for note in workshop.tables["notes"].values():
        if note.process is not None and note.process in processes:
            attached.setdefault(note.process, []).append(note)
        else:
            free_notes.append(note)

    def footprint_h(pid: str) -> float:
        auto = [n for n in attached.get(pid, ()) if n.x == 0 and n.y == 0]
        return BOX_H + notes_height(len(auto))

    # 1. positions inside cells (relative), auto-placing unplaced boxes
    cells: dict[tuple[int, int], list[tuple[str, Rect]]] = {}
    unplaced: list[tuple[tuple[int, int], str]] = []
    for p in processes.values():
        cell = (key_index.get(p.department, len(keys) - 1), min(max(p.stage, 0), n_stages - 1))
        if p.x == 0 and p.y == 0:
            unplaced.append((cell, p.id))
        else:
            cells.setdefault(cell, []).append((p.id, (max(p.x, 0.0), max(p.y, 0.0), BOX_W,
                                                      footprint_h(p.id))))
    auto_placed = set()
    next_slot: dict[tuple[int, int], float] = {}
    for cell, pid in unplaced:
        taken = cells.setdefault(cell, [])
        y = next_slot.get(cell, PAD)
        h = footprint_h(pid)
        while True:
            rect = (PAD, y, BOX_W, h)
            hit = [r for _, r in taken if _overlaps(rect, r)]
            if not hit:
                break
            y = max(r[1] + r[3] for r in hit) + GAP
        taken.append((pid, rect))
        next_slot[cell] = y + h + GAP
        auto_placed.add(pid)

    rel_of = {pid: r for items in cells.values() for pid, r in items}

    # 2. sizes of lanes and columns
    lane_h = [MIN_LANE_H] * len(keys)
    col_w = [MIN_COL_W] * n_stages
    for (li, si), items in cells.items():
        for _, (x, y, w, h) in items:
            lane_h[li] = max(lane_h[li], y + h + PAD)
            col_w[si] = max(col_w[si], x + w + PAD)
    for pid, notes in attached.items():
        p = processes[pid]
        cell = (key_index.get(p.department, len(keys) - 1), min(max(p.stage, 0), n_stages - 1))
        rel = rel_of[pid]
        for note in notes:
            if note.x or note.y:
                lane_h[cell[0]] = max(lane_h[cell[0]], rel[1] + note.y + NOTE_H + PAD)
                col_w[cell[1]] = max(col_w[cell[1]], rel[0] + note.x + NOTE_W + PAD)

    departments = workshop.tables["departments"]
    lanes = []
    y = HEADER_H
    for i, key in enumerate(keys):
        if key is None:
            lanes.append(Lane(None, UNASSIGNED, UNASSIGNED_COLOR, y, lane_h[i]))
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
    for (li, si), items in cells.items():
        ox, oy = stages[si].x, lanes[li].y
        for pid, (rx, ry, w, _h) in items:
            boxes[pid] = (ox + rx, oy + ry, BOX_W, BOX_H)
    notes: dict[str, Rect] = {}
    width, height = grid_right, grid_bottom
    for pid, items in attached.items():
        bx, by = boxes[pid][0], boxes[pid][1]
        autos = iter(_note_offsets(sum(1 for n in items if n.x == 0 and n.y == 0)))
        for note in items:
            dx, dy = (note.x, note.y) if (note.x or note.y) else next(autos)
            notes[note.id] = (bx + dx, by + dy, NOTE_W, NOTE_H)
    free_y = HEADER_H
    for note in free_notes:
        if note.x or note.y:
            rect = (note.x, note.y, NOTE_W, NOTE_H)
        else:
            rect = (grid_right + FREE_NOTES_MARGIN, free_y, NOTE_W, NOTE_H)
            free_y += NOTE_H + NOTE_GAP * 2
        notes[note.id] = rect
    for rx, ry, rw, rh in notes.values():
        width = max(width, rx + rw + FREE_NOTES_MARGIN * (rx >= grid_right))
        height = max(height, ry + rh)
    return MapLayout(lanes, stages, boxes, notes, width, height, HEADER_W, HEADER_H,
                     auto_placed)


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
