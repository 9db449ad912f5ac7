"""Large Text makes the room map's text bigger, not only the chrome: names grow by at
least a quarter (and to 24 px), the lanes paged with PageDown when they do not all fit."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

from cxworkshop.document import SessionDocument
from cxworkshop.model.room import MAP
from cxworkshop.resources import samples_dir
from cxworkshop.store import SessionStore
from cxworkshop.ui.presenter.controller import RoomController
from cxworkshop.ui.presenter.views.map import LARGE_NAME_PX, LARGE_TEXT_GAIN
from cxworkshop.ui.presenter.window import PresenterWindow
from cxworkshop.ui.theme import Theme


@pytest.fixture
def large_text():
    before = Theme.large_text
    Theme.large_text = True
    yield
    Theme.large_text = before


def room_map(qtbot, sample: str, size=(1024, 768)):
    doc = SessionDocument(workshop=SessionStore.read(samples_dir() / sample))
    room = RoomController(doc, clock=lambda: 0.0, wall=lambda: 0.0)
    win = PresenterWindow(room)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    room.show(MAP)
    qtbot.wait(20)
    return doc, room, win


def ink_height(image: QImage, rect: QRect) -> int:
    """Rows of dark (name) pixels inside a box: the drawn text's height in pixels."""
    rows = 0
    for y in range(rect.top() + 3, rect.bottom() - 3):
        if any(image.pixelColor(x, y).lightness() < 60
               for x in range(rect.left() + 4, rect.right() - 4, 2)):
            rows += 1
    return rows


def pages_of_names(qtbot, room, win) -> list[tuple[float, set[str], int]]:
    """Per page of lanes: the names' size, the processes shown, the tallest name's ink."""
    canvas = win.map_body.canvas
    seen = []
    for _ in range(room.pages):
        qtbot.wait(10)
        image = canvas.grab().toImage()
        inks = [ink_height(image, b.rect.toRect()) for b in canvas.boxes]
        seen.append((canvas.name_px_drawn(), {b.pid for b in canvas.boxes}, max(inks)))
        room.advance()
    return seen


@pytest.mark.parametrize("sample", ["home-services.cxw", "service-desk.cxw"])
def test_large_text_names_are_bigger_on_pages_of_lanes(qtbot, sample):
    doc, room, win = room_map(qtbot, sample)
    assert room.pages == 1   # the normal theme: the whole map on one screen
    normal = pages_of_names(qtbot, room, win)
    win.close()
    before = Theme.large_text
    Theme.large_text = True
    try:
        doc, room, win = room_map(qtbot, sample)
        assert room.pages > 1
        step = room.step_index
        large = pages_of_names(qtbot, room, win)
        assert room.step_index == step + 1   # PageDown went through the lanes, then on
    finally:
        Theme.large_text = before
    every = set(doc.workshop.table("processes"))
    assert set().union(*(shown for _, shown, _ in large)) == every
    normal_px, _, normal_ink = normal[0]
    for px, _, ink in large:
        assert px >= LARGE_NAME_PX
        assert px >= normal_px * min(LARGE_TEXT_GAIN, 1.2)
        assert ink >= normal_ink * 1.2   # what is drawn grew, not only the font asked for


def test_large_text_on_a_big_screen_still_grows_the_names(qtbot, large_text):
    Theme.large_text = False
    doc, room, win = room_map(qtbot, "home-services.cxw", (1920, 1080))
    normal = win.map_body.canvas.name_px_drawn()
    win.close()
    Theme.large_text = True
    doc, room, win = room_map(qtbot, "home-services.cxw", (1920, 1080))
    assert min(px for px, _, _ in pages_of_names(qtbot, room, win)) >= normal * 1.25
