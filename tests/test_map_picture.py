"""The map's cached picture: whatever changes, the view shows what a fresh paint shows.

The view keeps a picture of the boxes, links and notes and repaints only the
parts the scene reports as changed; a part it forgot would show stale boxes.
Each test changes the map like a user would and compares what the view shows
with a paint from scratch, at normal zoom and zoomed out far (where boxes are
blocks and the picture is painted in batches).
"""
from __future__ import annotations

import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from cxworkshop.model import Link, Note, Process
from cxworkshop.ui.canvas.style import STYLE
from cxworkshop.ui.canvas.view import MapView
from cxworkshop.ui.pages.map import MapPage

ZOOMS = [1.0, 0.5, 0.3, 0.12]   # all text; names only; boxes without text; blocks


@pytest.fixture(params=ZOOMS, ids=["normal", "half", "far", "blocks"])
def page(request, qtbot, document):
    p = MapPage(document)
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    qtbot.waitExposed(p)
    p.view.set_scale(request.param)
    p.view.horizontalScrollBar().setValue(p.view.horizontalScrollBar().minimum())
    p.view.verticalScrollBar().setValue(p.view.verticalScrollBar().minimum())
    return p


def shown(view: MapView) -> QImage:
    QApplication.processEvents()
    return view.viewport().grab().toImage()


def _pil(image: QImage) -> Image.Image:
    image = image.convertToFormat(QImage.Format_RGB32)
    return Image.frombuffer("RGBA", (image.width(), image.height()), bytes(image.constBits()),
                            "raw", "BGRA", image.bytesPerLine(), 1).convert("RGB")


def assert_up_to_date(view: MapView) -> QImage:
    """What the view shows equals a paint from scratch (up to rounding of
    antialiased edges, invisible to the eye); returns it."""
    cached = shown(view)
    view.resetCachedContent()
    fresh = shown(view)
    diff = ImageChops.difference(_pil(cached), _pil(fresh)).convert("L")
    stale = diff.point(lambda v: 255 if v > 12 else 0).getbbox()
    if stale:
        cached.save("/tmp/map_picture_cached.png")
        fresh.save("/tmp/map_picture_fresh.png")
    assert stale is None, f"the view shows a stale picture at {stale} (see /tmp/map_picture_*.png)"
    return cached


def vp(page, point: QPointF) -> QPoint:
    return page.view.mapFromScene(point)


def center(page, pid: str) -> QPointF:
    return page.scene.item_for_process[pid].box_rect().center()


def color_at(image: QImage, point: QPoint) -> str:
    return image.pixelColor(point).name()


def test_rename_vote_and_moment_show_up(page, document):
    assert_up_to_date(page.view)
    document.update("processes", "p2", name="Send a written quote")
    document.update("processes", "p3", votes=3, moment_of_truth=True)
    assert_up_to_date(page.view)


def test_moving_a_box_by_undo_and_redo_repaints_both_places(page, document):
    """A box moved to another cell shows there and no longer where it was."""
    view, scene = page.view, page.scene
    inside = QPointF(-70, -20)   # a plain part of the box, away from text and marks
    old = vp(page, center(page, "p2") + inside)
    before = assert_up_to_date(view)
    fill = STYLE.department_fill(scene.layout.lane("d1").color).color().name()
    assert color_at(before, old) == fill
    document.update("processes", "p2", department="d2", stage=3, x=16.0, y=16.0)
    after = assert_up_to_date(view)
    fill2 = STYLE.department_fill(scene.layout.lane("d2").color).color().name()
    assert color_at(after, vp(page, center(page, "p2") + inside)) == fill2
    assert color_at(after, old) != fill
    document.undo_stack.undo()
    assert_up_to_date(view)
    document.undo_stack.redo()
    assert_up_to_date(view)


def test_dragging_with_the_mouse_keeps_the_picture_right(qtbot, page, document):
    view, viewport = page.view, page.view.viewport()
    start = center(page, "p2")
    end = page.scene.layout.cell_rect("d2", 1)
    end = QPointF(end[0] + end[2] / 2, end[1] + end[3] / 2)
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, start))
    for i in range(1, 5):
        qtbot.mouseMove(viewport, vp(page, start + (end - start) * (i / 4)))
        assert_up_to_date(view)   # mid-drag: the box and its arrows are painted live
    assert page.scene.item_for_process["p2"].live
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, end))
    assert not page.scene.item_for_process["p2"].live
    assert document.get("processes", "p2").department == "d2"
    assert_up_to_date(view)


def test_focus_selection_and_hover(qtbot, page, document):
    view, viewport = page.view, page.view.viewport()
    qtbot.mouseClick(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, center(page, "p3")))
    assert page.scene.focused == {"p3"}
    assert_up_to_date(view)
    qtbot.mouseMove(viewport, vp(page, center(page, "p1")))   # hover shows the link handle
    assert_up_to_date(view)
    qtbot.mouseMove(viewport, vp(page, center(page, "p1") + QPointF(0, 200)))
    assert_up_to_date(view)
    qtbot.keyClick(view, Qt.Key_Escape)
    assert page.scene.focused is None
    assert_up_to_date(view)
    page.scene.focus_processes(["p1", "p4"])
    assert_up_to_date(view)
    qtbot.keyClick(view, Qt.Key_A, Qt.ControlModifier)   # every box gets its outline
    assert len(page.scene.selected_ids()["processes"]) == 4
    assert_up_to_date(view)


def test_delete_undo_links_notes_and_cycles(qtbot, page, document):
    view, scene = page.view, page.scene
    document.add(Note("n1", "p2", "pain", "Slow quotes"),
                 Note("n2", None, "idea", "Free", x=400, y=60))
    assert_up_to_date(view)
    document.add(Link("l4", "p4", "p2"))          # a loop-back: below the grid, with ↺
    assert scene.item_for_link["l4"].loop_back
    assert_up_to_date(view)
    scene.select_ids("processes", ["p2"])
    scene.delete_selection()
    assert "p2" not in scene.item_for_process
    assert_up_to_date(view)
    document.undo_stack.undo()
    assert_up_to_date(view)
    document.update("notes", "n2", x=520.0, y=90.0)
    assert_up_to_date(view)


def test_nudge_paste_arrange_and_new_processes(qtbot, page, document):
    view, scene = page.view, page.scene
    scene.select_ids("processes", ["p3"])
    qtbot.keyClick(view, Qt.Key_Right)
    assert_up_to_date(view)
    document.add(*[Process(f"q{i}", f"Step {i}", "d1", 2) for i in range(6)])   # the lane grows
    assert_up_to_date(view)
    scene.select_ids("processes", ["p1", "p2"])
    qtbot.keyClick(view, Qt.Key_D, Qt.ControlModifier)
    assert_up_to_date(view)
    scene.arrange()
    assert_up_to_date(view)


def test_theme_read_only_and_scrolling(qtbot, page, monkeypatch):
    from cxworkshop.ui.theme import Theme
    view = page.view
    monkeypatch.setattr(Theme, "high_contrast", True)
    monkeypatch.setattr(Theme, "large_text", True)
    view.sync_theme()
    image = assert_up_to_date(view)
    e = vp(page, QPointF(page.scene.layout.stages[1].x + 8, page.scene.layout.lane("d2").y + 8))
    assert QColor(image.pixelColor(e)).lightness() < 80   # the dark background is shown
    page.scene.set_read_only(True)
    assert_up_to_date(view)
    view.set_scale(view.scale_factor() * 3)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 57)
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 31)
    assert_up_to_date(view)
    monkeypatch.setattr(Theme, "high_contrast", False)
    monkeypatch.setattr(Theme, "large_text", False)
    view.sync_theme()
    assert_up_to_date(view)


def test_drawing_a_new_link_with_the_handle(qtbot, page, document):
    if page.view.scale_factor() < 1:
        pytest.skip("from far away the handle is a pixel or two wide")
    view, viewport, scene = page.view, page.view.viewport(), page.scene
    p4 = scene.item_for_process["p4"]
    scene.select_ids("processes", ["p4"])
    start = p4.mapToScene(p4.handle_rect().center())
    end = center(page, "p1")
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, start))
    qtbot.mouseMove(viewport, vp(page, (start + end) / 2))
    assert_up_to_date(view)   # the rubber arrow is drawn over the picture
    qtbot.mouseMove(viewport, vp(page, end))
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, end))
    assert [ln for ln in document.all("links") if (ln.upstream, ln.downstream) == ("p4", "p1")]
    assert [i.lid for i in scene.item_for_link.values() if i.loop_back] == [
        ln.id for ln in document.all("links") if ln.upstream == "p4"]
    assert_up_to_date(view)


def test_two_maps_of_one_session_both_follow(qtbot, page, document):
    """The Connect page and the presenter show their own map of the same session."""
    from cxworkshop.ui.canvas.scene import MapScene
    scene = MapScene(document)
    other = MapView(scene)
    qtbot.addWidget(other)
    other.resize(900, 600)
    other.show()
    qtbot.waitExposed(other)
    other.zoom_fit()
    assert_up_to_date(other)
    document.add(*[Process(f"q{i}", f"Step {i}", "d2", i % 5) for i in range(60)])  # a big batch
    document.update("processes", "p1", name="Take the enquiry by phone")
    assert_up_to_date(page.view)
    assert_up_to_date(other)
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert_up_to_date(page.view)
    assert_up_to_date(other)


def test_drops_on_a_busy_map_repaint_only_what_changed_and_all_of_it(qtbot, tmp_path):
    """Dropping boxes whose links cross the view (labels, loop-backs): the view
    repaints what meets the thin strips that changed, and shows what a fresh paint
    shows (a label reaching off its link's path included)."""
    import random

    from cxworkshop.document import SessionDocument
    from cxworkshop.model import Add, Department, Workshop
    from cxworkshop.model.layout import BOX_H, BOX_W
    from cxworkshop.store import write_session_file
    rnd = random.Random(5)
    w = Workshop()
    w.apply([Add(Department(f"d{i}", f"Lane {i}", "#1f77b4")) for i in range(5)])
    ents: list = []
    counts: dict = {}
    for i in range(120):
        cell = (i % 5, (i // 5) % 5)
        k = counts[cell] = counts.get(cell, -1) + 1
        ents.append(Process(f"p{i}", f"Process {i}", f"d{cell[0]}", cell[1],
                            x=16 + (k % 2) * (BOX_W + 24), y=16 + (k // 2) * (BOX_H + 24)))
    pairs = {(rnd.randrange(120), rnd.randrange(120)) for _ in range(200)}
    ents += [Link(f"l{n}", f"p{a}", f"p{b}", "hand-over" if n % 7 == 0 else "")
             for n, (a, b) in enumerate(sorted(pairs)) if a != b]
    w.apply([Add(e) for e in ents])
    path = tmp_path / "busy.cxw"
    write_session_file(path, w)
    doc = SessionDocument.open(path)
    page = MapPage(doc)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    from cxworkshop.ui.canvas import render
    sorted_out: list[bool] = []
    original = render._parts

    def spy(region, rect):
        parts = original(region, rect)
        sorted_out.append(parts is not None)
        return parts

    render._parts = spy
    try:
        for zoom in (1.0, 0.5):
            page.view.set_scale(zoom)
            page.view.horizontalScrollBar().setValue(0)
            page.view.verticalScrollBar().setValue(0)
            assert_up_to_date(page.view)
            shown_rect = page.view.mapToScene(page.view.viewport().rect()).boundingRect()
            boxes = [pid for pid, item in page.scene.item_for_process.items()
                     if shown_rect.adjusted(60, 60, -120, -120).contains(item.box_rect())]
            for pid in boxes[:: max(1, len(boxes) // 4)][:4]:
                start = center(page, pid)
                viewport = page.view.viewport()
                qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, start))
                for i in range(1, 5):
                    qtbot.mouseMove(viewport, vp(page, start + QPointF(9 * i, 7 * i)))
                qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier,
                                   vp(page, start + QPointF(36, 28)))
                assert_up_to_date(page.view)
    finally:
        render._parts = original
        doc.close()
    assert any(sorted_out)   # some repaints painted only what meets their thin strips
