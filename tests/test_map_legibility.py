"""What a walkthrough of the map found: the inner half of the link handle, names
at the fitted zoom of a small map, and the pinned headers of a narrow map."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from cxworkshop.ui.canvas.items import ProcessItem
from cxworkshop.ui.pages.map import MapPage


@pytest.fixture
def page(qtbot, document):
    p = MapPage(document)
    qtbot.addWidget(p)
    p.resize(1500, 950)
    p.show()
    qtbot.waitExposed(p)
    p.view.set_scale(1.0)
    p.view.horizontalScrollBar().setValue(p.view.horizontalScrollBar().minimum())
    p.view.verticalScrollBar().setValue(p.view.verticalScrollBar().minimum())
    return p


def _drag(qtbot, page, start: QPointF, end: QPointF, steps: int = 6) -> None:
    viewport = page.view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, page.view.mapFromScene(start))
    for i in range(1, steps + 1):
        qtbot.mouseMove(viewport, page.view.mapFromScene(start + (end - start) * (i / steps)))
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, page.view.mapFromScene(end))


def test_handle_drag_from_its_inner_half_over_the_box_starts_a_link(qtbot, page, document):
    p4 = page.scene.item_for_process["p4"]
    page.scene.select_ids("processes", ["p4"])
    handle = p4.handle_rect()
    inner = QPointF(handle.left() + handle.width() * 0.2, handle.center().y())
    assert p4.box_rect().contains(p4.mapToScene(inner))     # over the box itself
    assert p4.shape().contains(inner)
    home = p4.pos()
    target = page.scene.item_for_process["p2"].box_rect().center()
    _drag(qtbot, page, p4.mapToScene(inner), target)
    links = [ln for ln in document.all("links") if ln.upstream == "p4"]
    assert [ln.downstream for ln in links] == ["p2"]
    assert p4.pos() == home                                   # the box did not move
