"""Touch on the map: pinch zooms, two fingers pan, one finger taps, drags (one undo
step) and long-presses (the context menu); boxes are 9 mm targets under a finger."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtTest import QTest

from cxworkshop.ui.canvas.touch import HIT_MM, LONG_PRESS_MS, mm_to_px


@pytest.fixture
def touch(map_page):
    """``touch(("press", 0, point), ("press", 1, point))``: one touch event of the map's
    viewport, points in its coordinates."""
    device = QTest.createTouchDevice()
    viewport = map_page.view.viewport()

    def send(*points: tuple[str, int, QPoint]) -> None:
        sequence = QTest.touchEvent(viewport, device)
        for kind, finger, at in points:
            getattr(sequence, kind)(finger, at, viewport)
        sequence.commit()
    return send


def vp(page, point: QPointF) -> QPoint:
    return page.view.mapFromScene(point)


def center(page, pid: str) -> QPointF:
    return page.scene.item_for_process[pid].box_rect().center()


def cell_center(page, dept, stage) -> QPointF:
    x, y, w, h = page.scene.layout.cell_rect(dept, stage)
    return QPointF(x + w / 2, y + h / 2)


def tap(qtbot, touch, at: QPoint) -> None:
    touch(("press", 0, at))
    touch(("release", 0, at))
    qtbot.wait(5)


def test_pinch_zooms_about_the_fingers(qtbot, map_page, touch):
    view = map_page.view
    map_page.resize(760, 560)   # the map overflows the view both ways once zoomed
    qtbot.wait(10)
    view.set_scale(1.0)
    qtbot.wait(20)
    middle = vp(map_page, center(map_page, "p2"))  # on the offscreen screen (800×600)
    under = view.mapToScene(middle)
    a, b = middle - QPoint(60, 0), middle + QPoint(60, 0)
    touch(("press", 0, a), ("press", 1, b))
    for step in range(1, 7):   # fingers spread from 120 px to 240 px apart
        d = QPoint(10 * step, 0)
        touch(("move", 0, a - d), ("move", 1, b + d))
    touch(("release", 0, a - d), ("release", 1, b + d))
    assert view.scale_factor() == pytest.approx(2.0, rel=0.03)
    now = view.mapFromScene(under)   # the map point between the fingers stayed there
    assert abs(now.x() - middle.x()) <= 6 and abs(now.y() - middle.y()) <= 6
    assert not map_page.scene.selectedItems()   # a pinch selects nothing


def test_two_fingers_pan_the_map(qtbot, map_page, touch):
    view = map_page.view
    view.set_scale(3.0)
    h, v = view.horizontalScrollBar(), view.verticalScrollBar()
    h.setValue(h.minimum())
    v.setValue(v.minimum())
    assert h.maximum() - h.minimum() > 120 and v.maximum() - v.minimum() > 80
    a, b = QPoint(300, 400), QPoint(400, 420)
    held = view.mapToScene((a + b) / 2)   # the map point between the fingers
    touch(("press", 0, a), ("press", 1, b))
    for step in range(1, 5):
        d = QPoint(-30 * step, -20 * step)
        touch(("move", 0, a + d), ("move", 1, b + d))
    touch(("release", 0, a + d), ("release", 1, b + d))
    assert view.mapFromScene(held) == (a + b) / 2 + d   # moved with the fingers
    assert (h.value() - h.minimum(), v.value() - v.minimum()) == (120, 80)
    assert view.scale_factor() == pytest.approx(3.0)


def test_tap_selects_a_box_and_a_tap_beside_a_small_box_still_takes_it(
        qtbot, map_page, touch):
    view = map_page.view
    tap(qtbot, touch, vp(map_page, center(map_page, "p2")))
    assert map_page.scene.selected_ids()["processes"] == ["p2"]
    view.set_scale(0.5)   # small boxes: a finger beside one takes it
    box = map_page.scene.item_for_process["p3"].box_rect()
    below = view.mapFromScene(QPointF(box.center().x(), box.bottom()))
    near = below + QPoint(0, round(mm_to_px(view, HIT_MM / 2)) - 3)
    assert map_page.scene.top_item_at(view.mapToScene(near)) is None
    tap(qtbot, touch, near)
    assert map_page.scene.selected_ids()["processes"] == ["p3"]
    far = below + QPoint(0, round(mm_to_px(view, HIT_MM)) + 6)
    assert map_page.scene.top_item_at(view.mapToScene(far)) is None
    tap(qtbot, touch, far)
    assert map_page.scene.selected_ids()["processes"] == []


def test_one_finger_drags_a_box_as_one_undo_step(qtbot, map_page, touch, document):
    start = vp(map_page, center(map_page, "p2"))
    target = vp(map_page, cell_center(map_page, "d2", 1))
    touch(("press", 0, start))
    for i in range(1, 7):
        touch(("move", 0, start + (target - start) * (i / 6)))
    touch(("release", 0, target))
    p = document.get("processes", "p2")
    assert (p.department, p.stage) == ("d2", 1)
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    p = document.get("processes", "p2")
    assert (p.department, p.stage) == ("d1", 1)


def test_long_press_opens_the_context_menu(qtbot, map_page, touch):
    view = map_page.view
    at = vp(map_page, center(map_page, "p1"))
    touch(("press", 0, at))
    qtbot.wait(LONG_PRESS_MS + 200)
    menu = getattr(view, "_context_menu", None)
    assert menu is not None and menu.isVisible()
    assert "★ Moment of truth" in [a.text() for a in menu.actions()]
    assert map_page.scene.selected_ids()["processes"] == ["p1"]
    touch(("release", 0, at))
    menu.close()


def test_a_short_touch_opens_no_menu(qtbot, map_page, touch):
    view = map_page.view
    view._context_menu = None
    tap(qtbot, touch, vp(map_page, center(map_page, "p1")))
    qtbot.wait(LONG_PRESS_MS + 100)
    assert view._context_menu is None
    assert map_page.scene.selected_ids()["processes"] == ["p1"]
