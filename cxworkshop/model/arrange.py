"""Auto-arrange: order the boxes inside each map cell to reduce crossing links.

A layered (Sugiyama-style) barycentre ordering: stages are the layers; boxes in
a cell are sorted by the mean vertical rank of the processes they link to,
sweeping left to right and back a few times, then stacked in columns.
"""
from __future__ import annotations

from .layout import BOX_H, BOX_W, GAP, PAD, lane_keys, notes_height
from .workshop import Update

SWEEPS = 4
MAX_PER_COLUMN = 6


def arrange_positions(workshop) -> dict[str, tuple[float, float]]:
    """New in-cell ``(x, y)`` of every process, ordered to reduce crossings."""
    procs = workshop.tables["processes"]
    if not procs:
        return {}
    keys = lane_keys(workshop)
    lane_index = {k: i for i, k in enumerate(keys)}
    n_stages = len(workshop.info.stages)
    cells: dict[tuple[int, int], list[str]] = {}
    # start from the current visual order (y, then x) inside each cell
    for p in sorted(procs.values(), key=lambda p: (p.y, p.x)):
        cell = (lane_index.get(p.department, len(keys) - 1), min(p.stage, n_stages - 1))
        cells.setdefault(cell, []).append(p.id)
    neighbours: dict[str, list[str]] = {pid: [] for pid in procs}
    for link in workshop.tables["links"].values():
        if link.upstream in neighbours and link.downstream in neighbours:
            neighbours[link.upstream].append(link.downstream)
            neighbours[link.downstream].append(link.upstream)

    def ranks() -> dict[str, float]:
        out = {}
        for (lane, _stage), ids in cells.items():
            for i, pid in enumerate(ids):
                out[pid] = lane * 1000 + i
        return out

    order = sorted(cells)
    for sweep in range(SWEEPS):
        stages = range(n_stages) if sweep % 2 == 0 else range(n_stages - 1, -1, -1)
        for stage in stages:
            rank = ranks()
            for cell in (c for c in order if c[1] == stage):
                ids = cells[cell]
                def bary(item):
                    i, pid = item
                    ns = [rank[n] for n in neighbours[pid] if n in rank and n != pid]
                    return (sum(ns) / len(ns) - cell[0] * 1000) if ns else i
                cells[cell] = [pid for _, pid in sorted(enumerate(ids), key=bary)]

    auto_notes: dict[str, int] = {}
    for note in workshop.tables["notes"].values():
        if note.process in procs and note.x == 0 and note.y == 0:
            auto_notes[note.process] = auto_notes.get(note.process, 0) + 1
    out: dict[str, tuple[float, float]] = {}
    for ids in cells.values():
        x, y = PAD, PAD
        for i, pid in enumerate(ids):
            if i and i % MAX_PER_COLUMN == 0:
                x += BOX_W + GAP * 2
                y = PAD
            out[pid] = (x, y)
            y += BOX_H + notes_height(auto_notes.get(pid, 0)) + GAP
    return out


def arrange_ops(workshop) -> list[Update]:
    """The updates that apply :func:`arrange_positions` (empty if nothing moves)."""
    ops = []
    for pid, (x, y) in arrange_positions(workshop).items():
        p = workshop.tables["processes"][pid]
        if (p.x, p.y) != (x, y):
            ops.append(Update("processes", pid, {"x": x, "y": y}))
    return ops


def crossings(workshop, positions: dict[str, tuple[float, float]] | None = None) -> int:
    """Number of pairs of links between the same two stages that cross (for tests)."""
    from .layout import compute_layout
    layout = compute_layout(workshop)
    if positions is not None:
        import copy
        w = copy.copy(workshop)
        w.tables = dict(workshop.tables)
        w.tables["processes"] = {pid: p.replace(x=positions[pid][0], y=positions[pid][1])
                                 if pid in positions else p
                                 for pid, p in workshop.tables["processes"].items()}
        layout = compute_layout(w)
    segs = []
    for link in workshop.tables["links"].values():
        a, b = layout.boxes.get(link.upstream), layout.boxes.get(link.downstream)
        if a and b:
            segs.append(((a[0] + a[2] / 2, a[1] + a[3] / 2), (b[0] + b[2] / 2, b[1] + b[3] / 2)))

    def ccw(p, q, r):
        return (r[1] - p[1]) * (q[0] - p[0]) - (q[1] - p[1]) * (r[0] - p[0])

    count = 0
    for i in range(len(segs)):
        for j in range(i + 1, len(segs)):
            (p1, p2), (p3, p4) = segs[i], segs[j]
            if len({p1, p2, p3, p4}) < 4:
                continue
            d1, d2 = ccw(p3, p4, p1), ccw(p3, p4, p2)
            d3, d4 = ccw(p1, p2, p3), ccw(p1, p2, p4)
            if d1 * d2 < 0 and d3 * d4 < 0:
                count += 1
    return count
