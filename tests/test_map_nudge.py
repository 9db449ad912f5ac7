"""Arrow-key nudges: a run of nudges of the same selection is one undo step."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt


@pytest.fixture
def page(map_page):
    return map_page


def pos(page, pid: str) -> QPointF:
    return page.scene.item_for_process[pid].pos()


def press(qtbot, page, key, times: int = 1, mods=Qt.NoModifier) -> None:
    """A nudge: Shift+arrow (plain arrows step the selection); ``mods`` Shift asks
    for a fine nudge (Shift+Alt+arrow)."""
    mods = Qt.ShiftModifier | (Qt.AltModifier if mods & Qt.ShiftModifier else Qt.NoModifier)
    for _ in range(times):
        qtbot.keyClick(page.view, key, mods)


def in_cell(page, pid: str) -> tuple[float, float]:
    """Where the box is inside its cell (what the document stores)."""
    p = page.document.get("processes", pid)
    x, y, _, _ = page.scene.layout.cell_rect(p.department, p.stage)
    return pos(page, pid).x() - x, pos(page, pid).y() - y


def test_nudges_of_one_selection_are_one_undo_step(qtbot, page, document):
    """Two boxes nudged right and down: one step; undo puts each back in its own place."""
    document.update("processes", "p3", x=50.0, y=24.0)
    page.scene.select_ids("processes", ["p2", "p3"])
    start = {pid: in_cell(page, pid) for pid in ("p2", "p3")}
    stored = {pid: (document.get("processes", pid).x, document.get("processes", pid).y)
              for pid in ("p2", "p3")}
    shown = {pid: pos(page, pid) for pid in ("p2", "p3")}
    stack = document.undo_stack
    press(qtbot, page, Qt.Key_Right, 3)
    press(qtbot, page, Qt.Key_Down, 2)
    press(qtbot, page, Qt.Key_Left, 1, Qt.ShiftModifier)
    assert stack.count() == 2   # placing p3, then the nudges
    assert stack.undoText() == "Move 2 items"
    for pid in ("p2", "p3"):
        x, y = start[pid]
        assert in_cell(page, pid) == (x + 28, y + 20)
        p = document.get("processes", pid)
        assert (p.x, p.y) == (x + 28, y + 20)
    stack.undo()
    for pid in ("p2", "p3"):
        assert pos(page, pid) == shown[pid]
        p = document.get("processes", pid)
        assert (p.x, p.y) == stored[pid]
    stack.redo()
    for pid in ("p2", "p3"):
        assert in_cell(page, pid) == (start[pid][0] + 28, start[pid][1] + 20)


def test_one_undo_restores_what_only_later_nudges_changed(qtbot, page, document):
    """Right (x only), then down (y too): the one undo step restores both."""
    document.update("processes", "p2", x=40.0, y=30.0)
    page.scene.select_ids("processes", ["p2"])
    shown = pos(page, "p2")
    press(qtbot, page, Qt.Key_Right, 2)
    press(qtbot, page, Qt.Key_Down)
    p = document.get("processes", "p2")
    assert (p.x, p.y) == (60.0, 40.0)
    assert document.undo_stack.count() == 2   # the placing, the nudges
    document.undo_stack.undo()
    p = document.get("processes", "p2")
    assert (p.x, p.y) == (40.0, 30.0)
    assert pos(page, "p2") == shown


def test_another_change_or_selection_starts_a_new_step(qtbot, page, document):
    stack = document.undo_stack
    page.scene.select_ids("processes", ["p2"])
    press(qtbot, page, Qt.Key_Right)
    document.update("processes", "p2", name="Quote by phone")
    press(qtbot, page, Qt.Key_Right)
    assert stack.count() == 3          # nudge, rename, nudge
    page.scene.select_ids("processes", ["p3"])
    press(qtbot, page, Qt.Key_Down, 2)
    assert stack.count() == 4          # another selection: its own step
    page.scene.select_ids("processes", ["p2", "p3"])
    press(qtbot, page, Qt.Key_Up)
    assert stack.count() == 5
    stack.undo()
    stack.undo()
    assert stack.undoText() == "Move process"
    assert document.get("processes", "p2").name == "Quote by phone"


def test_a_drag_after_nudges_is_its_own_step(qtbot, page, document):
    scene, viewport = page.scene, page.view.viewport()
    scene.select_ids("processes", ["p2"])
    press(qtbot, page, Qt.Key_Down)
    start = scene.item_for_process["p2"].box_rect().center()
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, page.view.mapFromScene(start))
    for i in range(1, 4):
        qtbot.mouseMove(viewport, page.view.mapFromScene(start + QPointF(10 * i, 0)))
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier,
                       page.view.mapFromScene(start + QPointF(30, 0)))
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert pos(page, "p2") == start - QPointF(84, 32)
