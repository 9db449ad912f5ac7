"""No overlap, ever: import, open, drop, paste, group move, undo, arrange; check/--repair."""
from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPointF, Qt

from cxworkshop.cli import main as cli_main
from cxworkshop.io.json_io import loads
from cxworkshop.model import Add, Process, Workshop
from cxworkshop.model.arrange import arrange_ops
from cxworkshop.model.layout import (
    BOX_H,
    BOX_W,
    MIN_SPACE,
    compute_layout,
    count_overlaps,
    position_fixes,
)
from cxworkshop.store import SessionStore, write_session_file
from tests.map_fixtures import STACKED, stacked_workshop

from .test_map_canvas import center, drag, vp


def _apart(a, b) -> bool:
    return (a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1]
            or b[1] + b[3] <= a[1])


def test_stacked_import_shows_every_box_apart():
    w = stacked_workshop()
    layout = compute_layout(w)
    assert count_overlaps(layout) == 0
    assert len(layout.boxes) == 16
    for (p, a), (q, b) in itertools.combinations(layout.boxes.items(), 2):
        assert _apart(a, b), (p, q)
    # the stacked ones stay in their cell, next to the box they were stored on
    for top, under in STACKED.items():
        cell = layout.cell_rect(w.get("processes", under).department,
                                w.get("processes", under).stage)
        x, y, _, _ = layout.boxes[top]
        assert cell[0] <= x and x + BOX_W <= cell[0] + cell[2]
        assert cell[1] <= y and y + BOX_H <= cell[1] + cell[3]
    # the note stored over its box's name goes under the box
    nx, ny, _, _ = layout.notes["n1"]
    bx, by, _, bh = layout.boxes["p01"]
    assert ny >= by + bh


@pytest.mark.parametrize("sample", ["home-services", "service-desk"])
def test_a_clean_map_is_laid_out_exactly_as_stored(sample):
    w = SessionStore.read(f"sample_sessions/{sample}.cxw")
    layout = compute_layout(w)
    assert layout.displaced == {} and count_overlaps(layout) == 0
    for p in w.tables["processes"].values():
        x, y, _, _ = layout.boxes[p.id]
        cx, cy, _, _ = layout.cell_rect(p.department, p.stage)
        assert (x - cx, y - cy) == (p.x, p.y)


def test_json_import_of_stacked_positions_is_apart():
    from cxworkshop.io.json_io import dumps
    w = loads(dumps(stacked_workshop()))
    assert count_overlaps(compute_layout(w)) == 0


def test_crowded_cell_wraps_into_columns_with_a_screen_like_grid():
    w = Workshop()
    w.apply([Add(Process(f"p{i}", f"P{i}", None, 2)) for i in range(60)])
    layout = compute_layout(w)
    xs = {r[0] for r in layout.boxes.values()}
    assert len(xs) >= 3
    assert count_overlaps(layout) == 0
    assert 0.5 < layout.width / layout.height < 6


def test_auto_arrange_never_stacks_and_is_never_worse():
    from cxworkshop.model.arrange import crossings
    w = stacked_workshop()
    before = crossings(w)
    w.apply(arrange_ops(w))
    assert crossings(w) <= before
    assert count_overlaps(compute_layout(w)) == 0
    assert position_fixes(w) == []


def test_check_reports_overlaps_and_repair_resolves_them(tmp_path, capsys):
    path = tmp_path / "stacked.cxw"
    write_session_file(path, stacked_workshop())
    assert cli_main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.count("on top of another box") == 6
    assert "outside its cell" in out
    assert cli_main(["check", str(path), "--repair"]) == 0
    repaired = tmp_path / "stacked.repaired.cxw"
    w = SessionStore.read(repaired)
    assert position_fixes(w) == []
    assert count_overlaps(compute_layout(w)) == 0
    assert cli_main(["check", str(repaired)]) == 0


@pytest.fixture
def page(map_page):
    return map_page


def _stored_rects(page, document):
    """Where the stored positions put the boxes (unplaced ones: where the map puts them)."""
    out = {}
    for p in document.all("processes"):
        if p.x == 0 and p.y == 0:
            out[p.id] = page.scene.layout.boxes[p.id]
            continue
        cx, cy, _, _ = page.scene.layout.cell_rect(p.department, p.stage)
        out[p.id] = (cx + p.x, cy + p.y, BOX_W, BOX_H)
    return out


def _none_touch(rects) -> bool:
    return all(_apart(a, b) for a, b in itertools.combinations(rects.values(), 2))


def test_drop_on_a_box_takes_the_nearest_free_spot_with_a_preview(qtbot, page, document):
    scene = page.scene
    start, target = center(page, "p3"), center(page, "p4")
    viewport = page.view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, start))
    for i in range(1, 7):
        qtbot.mouseMove(viewport, vp(page, start + (target - start) * (i / 6)))
    snap = scene._snap_item
    assert snap.isVisible()
    preview = snap.rect()
    assert not preview.intersects(scene.item_for_process["p4"].box_rect())
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, target))
    p3 = document.get("processes", "p3")
    assert (p3.department, p3.stage) == ("d2", 4)
    rects = _stored_rects(page, document)
    assert _none_touch(rects)
    assert QPointF(*rects["p3"][:2]) == preview.topLeft()
    assert scene.item_for_process["p3"].pos() == preview.topLeft()
    assert not snap.isVisible()
    # undo puts it back where it was, redo where it landed: still apart
    document.undo_stack.undo()
    document.undo_stack.redo()
    assert count_overlaps(scene.layout) == 0


def test_drop_cell_follows_the_pointer_not_the_box_centre(qtbot, page, document):
    """Grabbing a box near its top and dropping just inside the lane below: the box
    goes to the lane under the pointer."""
    scene = page.scene
    box = scene.item_for_process["p1"].box_rect()
    grab = QPointF(box.center().x(), box.top() + 4)
    lane2 = scene.layout.lane("d2")
    target = QPointF(grab.x() + 300, lane2.y + 6)
    drag(qtbot, page, grab, target)
    p1 = document.get("processes", "p1")
    assert (p1.department, p1.stage) == ("d2", scene.layout.stages[1].index)


def test_group_move_onto_other_boxes_never_stacks(qtbot, page, document):
    scene = page.scene
    document.add(Process("q1", "Q1", "d2", 3), Process("q2", "Q2", "d2", 3))
    scene.select_ids("processes", ["p3", "q1", "q2"])
    old = {scene.item_for_process[p]: scene.item_for_process[p].pos() for p in ("p3", "q1", "q2")}
    dest = scene.item_for_process["p4"].pos() - scene.item_for_process["p3"].pos()
    for item in old:
        item.move_to(item.pos() + dest)
    assert scene.commit_moves(old)
    assert _none_touch(_stored_rects(page, document))
    assert count_overlaps(scene.layout) == 0


def test_paste_and_duplicate_land_beside_the_originals(qtbot, page, document):
    page.scene.select_ids("processes", ["p1", "p2"])
    qtbot.keyClick(page.view, Qt.Key_D, Qt.ControlModifier)
    qtbot.keyClick(page.view, Qt.Key_D, Qt.ControlModifier)
    assert len(document.all("processes")) == 8
    assert _none_touch(_stored_rects(page, document))
    assert position_fixes(document.workshop) == []


def test_min_space_keeps_room_between_boxes():
    w = Workshop()
    w.apply([Add(Process("a", "A", None, 0, x=16, y=16)),
             Add(Process("b", "B", None, 0, x=16, y=16 + BOX_H + MIN_SPACE / 2))])
    layout = compute_layout(w)
    a, b = layout.boxes["a"], layout.boxes["b"]
    assert b[1] - (a[1] + a[3]) >= MIN_SPACE


def test_cli_import_of_a_stacked_json_stores_the_boxes_apart(tmp_path, capsys):
    from cxworkshop.io.json_io import dumps
    src, out = tmp_path / "stacked.json", tmp_path / "stacked.cxw"
    src.write_bytes(dumps(stacked_workshop()).encode() if isinstance(
        dumps(stacked_workshop()), str) else dumps(stacked_workshop()))
    assert cli_main(["import", str(src), str(out)]) == 0
    w = SessionStore.read(out)
    assert position_fixes(w) == [] and count_overlaps(compute_layout(w)) == 0
    assert cli_main(["check", str(out)]) == 0


def test_a_drop_moves_the_dropped_box_and_nothing_else(qtbot, page, document, monkeypatch):
    """Boxes never placed in the target cell stay where they are shown (stored with
    the drop, one undo step); a second drop lays out only the box that moved."""
    scene = page.scene
    document.add(Process("q1", "Q1", "d2", 3), Process("q2", "Q2", "d2", 3),
                 Process("q3", "Q3", "d2", 3))
    shown = {pid: item.pos() for pid, item in scene.item_for_process.items()}
    steps = document.undo_stack.count()
    cell = scene.layout.cell_rect("d2", 3)
    start = center(page, "p1")
    target = QPointF(cell[0] + cell[2] - BOX_W / 2 - 20, cell[1] + cell[3] - BOX_H / 2 - 20)
    drag(qtbot, page, start, target)
    assert document.undo_stack.count() == steps + 1
    assert document.undo_stack.undoText() == "Move process"
    p1 = document.get("processes", "p1")
    assert (p1.department, p1.stage) == ("d2", 3)
    for pid in ("q1", "q2", "q3", "p2", "p3", "p4"):
        assert scene.item_for_process[pid].pos() == shown[pid], pid
    stored = {q: (document.get("processes", q).x, document.get("processes", q).y)
              for q in ("q1", "q2", "q3")}
    assert all(xy != (0, 0) for xy in stored.values())   # pinned where shown
    assert _none_touch(_stored_rects(page, document))

    import cxworkshop.ui.canvas.scene as scene_module
    full = []
    monkeypatch.setattr(scene_module, "compute_layout",
                        lambda w: full.append(1) or compute_layout(w))
    start = center(page, "q2")
    drag(qtbot, page, start, start + QPointF(0, -30))
    assert full == []   # the moved box alone was laid out again
    from cxworkshop.model.route import Router
    fresh = Router(compute_layout(document.workshop))   # links run as on a fresh map
    for link in document.all("links"):
        a = scene.layout.boxes[link.upstream]
        b = scene.layout.boxes[link.downstream]
        ends = (link.upstream, link.downstream)
        assert scene.router.route(link.id, a, b, ends).points == \
            fresh.route(link.id, a, b, ends).points
    assert scene.item_for_process["q1"].pos() == shown["q1"]
    assert count_overlaps(scene.layout) == 0
    assert scene.layout.boxes == compute_layout(document.workshop).boxes
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.get("processes", "q1").x == 0   # the pins go with the drop
    assert scene.item_for_process["q1"].pos() == shown["q1"]
