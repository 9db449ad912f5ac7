"""What the map's picture painter shows, and how much of it a change repaints."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from cxworkshop.model.layout import BOX_H, BOX_W
from cxworkshop.ui.canvas import scene as scene_module


@pytest.fixture
def page(map_page):
    QApplication.processEvents()
    return map_page


@pytest.fixture
def repaints(monkeypatch):
    """Device rectangles of the picture repaints (what a change costs)."""
    seen: list[QRectF] = []
    paint = scene_module.paint_picture

    def recording(scene, painter, rect):
        seen.append(painter.worldTransform().mapRect(rect))
        paint(scene, painter, rect)
    monkeypatch.setattr(scene_module, "paint_picture", recording)
    return seen


def shown(page):
    QApplication.processEvents()
    return page.view.viewport().grab().toImage()


def test_moving_a_box_repaints_only_around_it(page, document, repaints):
    """Storing a move (as a drop does) repaints the box's old and new place and its
    arrows, not the whole map."""
    repaints.clear()
    document.update("processes", "p2", x=30.0, y=16.0)
    QApplication.processEvents()
    assert repaints, "the move was not repainted"
    view_area = page.view.viewport().width() * page.view.viewport().height()
    area = sum(r.width() * r.height() for r in repaints)
    assert area < view_area / 3, f"repainted {area / view_area:.0%} of the view"


def test_the_drop_cell_is_tinted_while_dragging(qtbot, page, document):
    view, viewport, scene = page.view, page.view.viewport(), page.scene
    x, y, w, h = scene.layout.cell_rect("d2", 1)
    empty = view.mapFromScene(QPointF(x + w - 6, y + h - 6))   # a corner no box covers
    plain = shown(page).pixelColor(empty)
    start = scene.item_for_process["p2"].box_rect().center()
    end = QPointF(x + w / 2, y + h / 2)
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, view.mapFromScene(start))
    for i in range(1, 5):
        qtbot.mouseMove(viewport, view.mapFromScene(start + (end - start) * (i / 4)))
    tinted = shown(page).pixelColor(empty)
    assert scene.drop_cell == ("d2", 1)
    assert tinted.blue() > plain.blue() and tinted != plain
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, view.mapFromScene(end))
    assert scene.drop_cell is None
    assert document.get("processes", "p2").department == "d2"
    assert shown(page).pixelColor(empty) == plain


@pytest.mark.parametrize("scale", [1.0, 0.5])
def test_backstage_is_a_quiet_style_not_a_word(page, scale):
    """No 'backstage' printed on the box (its border is dashed); the name shows."""
    page.view.set_scale(scale)
    page.view.horizontalScrollBar().setValue(page.view.horizontalScrollBar().minimum())
    page.view.verticalScrollBar().setValue(page.view.verticalScrollBar().minimum())
    box = page.scene.item_for_process["p2"].box_rect()   # a backstage process
    label = QRectF(box.right() - 70, box.bottom() - 17, 64, 14)
    image = shown(page)
    area = page.view.mapFromScene(label).boundingRect()
    dark = sum(1 for px in range(area.left(), area.right())
               for py in range(area.top(), area.bottom())
               if QColor(image.pixelColor(px, py)).lightness() < 110)
    assert dark <= 10, dark
    name = page.view.mapFromScene(QRectF(box.left() + 20, box.top() + 8, BOX_W - 40, BOX_H / 2))
    name_area = name.boundingRect()
    assert any(QColor(image.pixelColor(px, name_area.center().y())).lightness() < 110
               for px in range(name_area.left(), name_area.right())), "the name is not shown"
