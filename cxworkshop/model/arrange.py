"""Auto-arrange: order the boxes inside each map cell to reduce crossing links.

A layered (Sugiyama-style) ordering with lanes fixed: stages are the layers;
boxes in a cell are sorted by the mean rank of the processes they link to,
sweeping left to right and back, then neighbouring boxes are swapped where that
helps. Every ordering found is counted (:func:`crossings`) and the best one is
kept — never one with more crossings than the map had ("already tidy" then).
"""
from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from .entities import Link, Process
from .layout import compute_layout, lane_keys, slot_position, wrap_columns
from .workshop import Update

if TYPE_CHECKING:
    from .workshop import Workshop

SWEEPS = 6
SWAP_PASSES = 2
COUNT_EACH_SWEEP_MAX = 600   # maps up to this size are counted after every sweep…
SWAP_MAX = 150               # …and up to this size also tried with neighbour swaps

Point = tuple[float, float]
Segment = tuple[Point, Point]
#: the process ids of each (lane, stage) cell, in their order on the map
Cells = dict[tuple[int, int], list[str]]


def _orderings(workshop: Workshop) -> tuple[Cells, list[str | None]]:
    """Cells in their current visual order, and each process's neighbours."""
    procs = workshop.table(Process)
    keys = lane_keys(workshop)
    lane_index = {k: i for i, k in enumerate(keys)}
    n_stages = len(workshop.info.stages)
    layout = compute_layout(workshop)
    cells: dict[tuple[int, int], list[str]] = {}
    # start from what the map shows (row by row inside each cell)
    for pid in sorted(procs, key=lambda pid: (layout.boxes[pid][1], layout.boxes[pid][0])):
        p = procs[pid]
        cell = (lane_index.get(p.department, len(keys) - 1), min(max(p.stage, 0), n_stages - 1))
        cells.setdefault(cell, []).append(pid)
    return cells, keys


def _positions(cells: Cells, n_lanes: int, n_stages: int) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    for ids in cells.values():
        cols = wrap_columns(len(ids), n_lanes, n_stages)
        for i, pid in enumerate(ids):
            out[pid] = slot_position(i, cols)
    return out


def arrange_positions(workshop: Workshop) -> dict[str, tuple[float, float]]:
    """New in-cell ``(x, y)`` of every process, ordered to reduce crossings;
    the current positions when no ordering found has fewer crossings."""
    procs = workshop.table(Process)
    if not procs:
        return {}
    cells, keys = _orderings(workshop)
    n_lanes, n_stages = len(keys), len(workshop.info.stages)
    # what the map shows now: stored spots, and free ones for boxes stored on others
    shown = compute_layout(workshop).displaced
    current = {pid: shown.get(pid, (p.x, p.y)) for pid, p in procs.items()}
    neighbours: dict[str, list[str]] = {pid: [] for pid in procs}
    for link in workshop.table(Link).values():
        if link.upstream in neighbours and link.downstream in neighbours \
                and link.upstream != link.downstream:
            neighbours[link.upstream].append(link.downstream)
            neighbours[link.downstream].append(link.upstream)

    small = len(procs) <= COUNT_EACH_SWEEP_MAX
    best_count = crossings(workshop)
    best = current
    if best_count == 0:
        return current

    def try_cells() -> bool:
        nonlocal best, best_count
        pos = _positions(cells, n_lanes, n_stages)
        count = crossings(workshop, pos)
        if count < best_count:
            best, best_count = pos, count
            return True
        return False

    def ranks() -> dict[str, float]:
        out = {}
        for (lane, _stage), ids in cells.items():
            cols = wrap_columns(len(ids), n_lanes, n_stages)
            for i, pid in enumerate(ids):
                row, _col = divmod(i, cols)
                out[pid] = lane * 1000 + row + (i % cols) / (cols + 1)
        return out

    order = sorted(cells)
    for sweep in range(SWEEPS):
        stages = range(n_stages) if sweep % 2 == 0 else range(n_stages - 1, -1, -1)
        for stage in stages:
            rank = ranks()
            for cell in (c for c in order if c[1] == stage):
                ids = cells[cell]

                def bary(item: tuple[int, str], cell: tuple[int, int] = cell,
                         rank: dict[str, float] = rank) -> tuple[float, float]:
                    i, pid = item
                    ns = [rank[n] for n in neighbours[pid] if n in rank]
                    return (sum(ns) / len(ns) - cell[0] * 1000, i) if ns else (i, i)
                cells[cell] = [pid for _, pid in sorted(enumerate(ids), key=bary)]
        if small and not try_cells() and sweep >= 2:
            break
    if not small:   # a big map: one count of the result (each count is all pairs of links)
        try_cells()
        return best
    # neighbour swaps on top of the best ordering found
    cells = _cells_from(best, cells)
    if len(procs) <= SWAP_MAX:
        for _ in range(SWAP_PASSES):
            improved = False
            for cell in order:
                ids = cells[cell]
                for i in range(len(ids) - 1):
                    ids[i], ids[i + 1] = ids[i + 1], ids[i]
                    if try_cells():
                        improved = True
                    else:
                        ids[i], ids[i + 1] = ids[i + 1], ids[i]
            if not improved:
                break
    return best


def _cells_from(positions: dict[str, tuple[float, float]], cells: Cells) -> Cells:
    """``cells`` re-sorted in the visual order of ``positions``."""
    return {cell: sorted(ids, key=lambda pid: (positions[pid][1], positions[pid][0]))
            for cell, ids in cells.items()}


def arrange_ops(workshop: Workshop) -> list[Update]:
    """The updates that apply :func:`arrange_positions` (empty if nothing moves)."""
    ops = []
    for pid, (x, y) in arrange_positions(workshop).items():
        p = workshop.table(Process)[pid]
        if (p.x, p.y) != (x, y):
            ops.append(Update("processes", pid, {"x": x, "y": y}))
    return ops


def link_segments(workshop: Workshop, positions: dict[str, tuple[float, float]] | None = None
                  ) -> list[Segment]:
    """Each link as a segment between its boxes' centres, on the laid-out map
    (with ``positions`` as in-cell places of the processes given there)."""
    if positions is not None:
        w = copy.copy(workshop)
        w.tables = dict(workshop.tables)
        w.tables["processes"] = {pid: p.replace(x=positions[pid][0], y=positions[pid][1])
                                 if pid in positions else p
                                 for pid, p in workshop.table(Process).items()}
        workshop = w
    layout = compute_layout(workshop)
    segs = []
    for link in workshop.table(Link).values():
        a, b = layout.boxes.get(link.upstream), layout.boxes.get(link.downstream)
        if a and b and a is not b:
            segs.append(((a[0] + a[2] / 2, a[1] + a[3] / 2), (b[0] + b[2] / 2, b[1] + b[3] / 2)))
    return segs


def crossings(workshop: Workshop, positions: dict[str, tuple[float, float]] | None = None) -> int:
    """Number of pairs of links that cross on the map (straight, centre to centre)."""
    return count_crossings(link_segments(workshop, positions))


def count_crossings(segments: list[Segment]) -> int:
    """Pairs of ``segments`` that cross (a shared end is not a crossing).

    Segments sorted by their left end; each is tested only against those whose
    x and y ranges overlap its own.
    """
    rows = []
    for p1, p2 in segments:
        if p1 > p2:
            p1, p2 = p2, p1
        rows.append((p1[0], p2[0], min(p1[1], p2[1]), max(p1[1], p2[1]), p1, p2))
    rows.sort()
    n = len(rows)
    count = 0
    for i in range(n):
        _x0, x1, y0, y1, a, b = rows[i]
        ax, ay = a
        bx, by = b
        dx, dy = bx - ax, by - ay
        for j in range(i + 1, n):
            u0, _u1, v0, v1, c, d = rows[j]
            if u0 > x1:
                break
            if v0 > y1 or v1 < y0 or c in (a, b) or d in (a, b):
                continue
            d1 = (c[1] - ay) * dx - dy * (c[0] - ax)
            d2 = (d[1] - ay) * dx - dy * (d[0] - ax)
            if d1 * d2 >= 0:
                continue
            ex, ey = d[0] - c[0], d[1] - c[1]
            if ((ay - c[1]) * ex - ey * (ax - c[0])) * ((by - c[1]) * ex - ey * (bx - c[0])) < 0:
                count += 1
    return count
