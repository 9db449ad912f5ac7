"""Grid geometry of the map: lanes, stage columns, boxes, notes, cells."""
from __future__ import annotations

import pytest

from cxworkshop.model import Add, Department, Link, Note, Process, Workshop
from cxworkshop.model.layout import (
    BOX_H,
    BOX_W,
    HEADER_H,
    HEADER_W,
    MIN_COL_W,
    MIN_LANE_H,
    NOTE_H,
    PAD,
    UNASSIGNED,
    cell_at,
    compute_layout,
    place_in_cell,
)


def small_workshop() -> Workshop:
    """Sales (p1 → p2) and Billing (p3 → p4), as in conftest."""
    w = Workshop()
    w.apply([Add(e) for e in (
        Department("d1", "Sales", "#1f77b4"), Department("d2", "Billing", "#ff7f0e"),
        Process("p1", "Take enquiry", "d1", 0, moment_of_truth=True),
        Process("p2", "Quote", "d1", 1), Process("p3", "Invoice", "d2", 3),
        Process("p4", "Collect payment", "d2", 4),
        Link("l1", "p1", "p2"), Link("l2", "p2", "p3"), Link("l3", "p3", "p4"))])
    return w


def test_lanes_follow_department_order_with_unassigned_last():
    layout = compute_layout(small_workshop())
    assert [ln.name for ln in layout.lanes] == ["Sales", "Billing", UNASSIGNED]
    assert [ln.department for ln in layout.lanes] == ["d1", "d2", None]
    assert layout.lanes[0].color == "#1f77b4"
    assert layout.lanes[0].y == HEADER_H
    assert layout.lanes[1].y == layout.lanes[0].y + layout.lanes[0].height
    assert [c.name for c in layout.stages][0] == "Need"
    assert layout.stages[0].x == HEADER_W and len(layout.stages) == 5


def test_empty_workshop_still_has_unassigned_lane_and_stages():
    layout = compute_layout(Workshop())
    assert [ln.name for ln in layout.lanes] == [UNASSIGNED]
    assert layout.width == HEADER_W + 5 * MIN_COL_W
    assert layout.height == HEADER_H + MIN_LANE_H
    assert layout.boxes == {} and layout.notes == {}


def test_stored_position_is_inside_the_cell():
    w = small_workshop()
    w.apply([Add(Process("p9", "Ship", "d2", 2, x=40, y=30))])
    layout = compute_layout(w)
    lane = layout.lane("d2")
    col = layout.stages[2]
    assert layout.boxes["p9"] == (col.x + 40, lane.y + 30, BOX_W, BOX_H)
    assert "p9" not in layout.auto_placed


def test_unplaced_boxes_stack_without_overlap():
    w = Workshop()
    w.apply([Add(Process(f"p{i}", f"P{i}", None, 1)) for i in range(3)])
    layout = compute_layout(w)
    ys = sorted(layout.boxes[f"p{i}"][1] for i in range(3))
    assert ys[1] - ys[0] >= BOX_H and ys[2] - ys[1] >= BOX_H
    assert layout.auto_placed == {"p0", "p1", "p2"}
    # the lane grew to hold all three
    lane = layout.lanes[-1]
    assert lane.height >= 3 * BOX_H + 2 * PAD
    assert all(lane.y <= r[1] and r[1] + r[3] <= lane.y + lane.height
               for r in layout.boxes.values())


def test_cells_grow_to_fit_far_boxes_and_shift_later_cells():
    w = small_workshop()
    base = compute_layout(w)
    w.apply([Add(Process("far", "Far", "d1", 0, x=600, y=400))])
    layout = compute_layout(w)
    assert layout.stages[0].width == 600 + BOX_W + PAD
    assert layout.lanes[0].height == 400 + BOX_H + PAD
    assert layout.stages[1].x == HEADER_W + layout.stages[0].width
    assert layout.lanes[1].y > base.lanes[1].y
    # p3 (Billing, stage 3) moved with its cell
    assert layout.boxes["p3"][1] - layout.lanes[1].y == base.boxes["p3"][1] - base.lanes[1].y


def test_unknown_department_goes_to_unassigned_and_auto_slot_avoids_placed_box():
    w = Workshop()
    w.apply([Add(Process("a", "A", None, 0, x=PAD, y=PAD)), Add(Process("b", "B", None, 0))])
    layout = compute_layout(w)
    a, b = layout.boxes["a"], layout.boxes["b"]
    assert b[1] >= a[1] + a[3]


def test_notes_on_process_and_free():
    w = small_workshop()
    w.apply([Add(Note("n1", "p1", "pain", "Slow")), Add(Note("n2", "p1", "idea", "Form")),
              Add(Note("n3", "p1", "question", "Who?")), Add(Note("f1", None, "idea", "Free")),
              Add(Note("f2", None, "pain", "Placed", x=30, y=900))])
    layout = compute_layout(w)
    bx, by, _, _ = layout.boxes["p1"]
    assert layout.notes["n1"][:2] == (bx, by + BOX_H + 4)
    assert layout.notes["n2"][1] > layout.notes["n1"][1]   # one note a row, box-wide
    assert layout.notes["n3"][1] > layout.notes["n1"][1]
    # the lane grew for the notes under the box
    lane = layout.lane("d1")
    assert layout.notes["n3"][1] + NOTE_H <= lane.y + lane.height
    grid_right = layout.stages[-1].x + layout.stages[-1].width
    assert layout.notes["f1"][0] > grid_right
    assert layout.notes["f2"][:2] == (30, 900)
    assert layout.height >= 900 + NOTE_H


@pytest.mark.parametrize("dx, dy, expected", [
    (5, 5, ("d1", 0)), (MIN_COL_W + 5, 5, ("d1", 1)), (5, MIN_LANE_H + 5, ("d2", 0))])
def test_cell_at(dx, dy, expected):
    layout = compute_layout(small_workshop())
    x0, y0 = layout.stages[0].x, layout.lanes[0].y
    assert cell_at(layout, x0 + dx, y0 + dy) == expected


def test_cell_at_outside_grid_is_none():
    layout = compute_layout(small_workshop())
    assert cell_at(layout, 10, 10) is None            # header corner
    assert cell_at(layout, layout.width + 5, 100) is None
    assert cell_at(layout, 200, layout.height + 5) is None


def test_place_in_cell_uses_centre_and_keeps_padding():
    layout = compute_layout(small_workshop())
    col, lane = layout.stages[2], layout.lane("d2")
    assert place_in_cell(layout, col.x + 50, lane.y + 20) == ("d2", 2, 50, 20)
    # top-left just before the cell edge: clamped to PAD
    assert place_in_cell(layout, col.x - 10, lane.y - 5) == ("d2", 2, PAD, PAD)
    assert place_in_cell(layout, -500, -500) is None


def test_departments_in_their_order_after_changes():
    w = small_workshop()
    w.apply([Add(Department("d0", "Support", "#2ca02c"))])
    layout = compute_layout(w)
    assert [ln.name for ln in layout.lanes] == ["Sales", "Billing", "Support", UNASSIGNED]


def _grid_workshop(n: int = 120) -> Workshop:
    """``n`` boxes in 3 lanes × 5 stages, some stored in rows, some never placed."""
    w = Workshop()
    w.apply([Add(Department(f"d{i}", f"Lane {i}", "#1f77b4")) for i in range(3)])
    ops = []
    for i in range(n):
        row, col = divmod(i // 15, 3)
        placed = i % 7 != 0
        ops.append(Add(Process(f"p{i}", f"P{i}", f"d{i % 3}", (i // 3) % 5,
                               x=16 + col * 200.0 if placed else 0.0,
                               y=16 + row * 90.0 if placed else 0.0)))
    w.apply(ops)
    return w


def test_a_moved_box_is_laid_out_alone_exactly_as_a_full_layout_would():
    """``moved_layout`` (a drop on a big map) answers only when it agrees with
    ``compute_layout`` to the last field, and a drop pins the shown boxes around it."""
    import random

    from cxworkshop.model import Update
    from cxworkshop.model.layout import moved_layout, settle, unpinned_in
    w = _grid_workshop()
    rnd = random.Random(3)
    layout = compute_layout(w)
    answered = 0
    for _ in range(150):
        pid = f"p{rnd.randrange(120)}"
        dept, stage = f"d{rnd.randrange(3)}", rnd.randrange(5)
        _pid, dept, stage, x, y = settle(layout, [(pid, dept, stage, rnd.uniform(0, 700),
                                                   rnd.uniform(0, 500))])[0]
        old = w.tables["processes"][pid]
        cells = {(dept, stage), (old.department, old.stage)}
        ops = [Update("processes", pid, {"department": dept, "stage": stage,
                                          "x": round(x, 1), "y": round(y, 1)})]
        pins = unpinned_in(layout, cells, {pid})
        ops += [Update("processes", q, {"x": qx, "y": qy}) for q, qx, qy in pins]
        w.apply(ops)
        quick = moved_layout(layout, w, {pid} | {q for q, _x, _y in pins})
        full = compute_layout(w)
        if (layout.lanes, layout.stages) == (full.lanes, full.stages):
            # the grid kept its size: every other box stays where it was shown
            assert {q: r for q, r in full.boxes.items() if q != pid} == \
                {q: r for q, r in layout.boxes.items() if q != pid}
        if quick is not None:
            answered += 1
            assert quick.boxes == full.boxes and quick.cell_rects == full.cell_rects
            assert (quick.lanes, quick.stages, quick.notes) == (full.lanes, full.stages,
                                                               full.notes)
            assert quick.displaced == full.displaced and quick.auto_placed == full.auto_placed
            assert (quick.width, quick.height, quick.footprints) == (full.width, full.height,
                                                                     full.footprints)
        layout = full
    assert answered > 50   # most drops need no full layout


def test_the_router_after_a_moved_box_routes_as_a_fresh_one():
    """After a drop laid out alone, links run around the boxes where they are now
    (what the router had filed about the cells involved is filed anew)."""
    import random

    from cxworkshop.model import Update
    from cxworkshop.model.layout import moved_layout, settle
    from cxworkshop.model.route import Router
    w = _grid_workshop()
    w.apply([Update("processes", f"p{i}", {"x": 16 + (i % 3) * 200.0, "y": 300.0 + i})
             for i in range(0, 120, 7)])   # every box placed
    rnd = random.Random(8)
    layout = compute_layout(w)
    router = Router(layout)
    pairs = [(f"p{rnd.randrange(120)}", f"p{rnd.randrange(120)}") for _ in range(300)]
    pairs = [(a, b) for a, b in pairs if a != b]

    def routes(r: Router, lay) -> list:
        return [r.route(f"{a}-{b}", lay.boxes[a], lay.boxes[b], (a, b)).points
                for a, b in pairs]

    routes(router, layout)   # everything filed
    checked = 0
    for _ in range(40):
        pid = f"p{rnd.randrange(120)}"
        _p, dept, stage, x, y = settle(layout, [(pid, f"d{rnd.randrange(3)}", rnd.randrange(5),
                                                  rnd.uniform(0, 600), rnd.uniform(0, 400))])[0]
        w.apply([Update("processes", pid, {"department": dept, "stage": stage,
                                            "x": round(x, 1), "y": round(y, 1)})])
        quick = moved_layout(layout, w, {pid})
        if quick is None:
            layout = compute_layout(w)
            router = Router(layout)
            continue
        router.boxes_moved(quick)
        layout = quick
        assert routes(router, layout) == routes(Router(compute_layout(w)), layout)
        checked += 1
    assert checked > 10
