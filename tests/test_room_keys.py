"""Keys safe in front of a room: typing anywhere in the facilitator's window never
changes what the room sees; only the clicker's keys do, and not while typing."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QWidget,
)

from cxworkshop.model.room import ANSWERS
from cxworkshop.resources import samples_dir
from cxworkshop.ui.presenter.controller import room_for

PRINTABLE = "".join(chr(c) for c in range(32, 127))
ACCENTED = ((Qt.Key_Eacute, "é"), (Qt.Key_ssharp, "ß"), (Qt.Key_unknown, "€"))


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


@pytest.fixture
def no_dialogs(monkeypatch):
    """Buttons pressed by a typed space must not block the test on a dialog."""
    monkeypatch.setattr(QDialog, "exec", lambda self, *a: 0)
    monkeypatch.setattr(QDialog, "open", lambda self, *a: None)
    monkeypatch.setattr(QMenu, "exec", lambda self, *a, **k: None)
    monkeypatch.setattr(QMenu, "popup", lambda self, *a, **k: None)
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name,
                            staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel))
    for name in ("getSaveFileName", "getOpenFileName", "getOpenFileNames"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor()))
    closer = QTimer()  # menus Qt opens itself (a tool button's ▾) close again at once
    closer.timeout.connect(_close_popups)
    closer.start(30)
    yield
    closer.stop()


def _close_popups() -> None:
    for widget in (QApplication.activePopupWidget(), QApplication.activeModalWidget()):
        if widget is not None:
            widget.close()


def room_snapshot(room, alive_of=None) -> tuple:
    """What the room sees; ``alive_of``: a room whose live answers and steps filter it
    (a typed space may press "Clear this answer": its reveal goes with the story)."""
    answers = set((alive_of or room).answer_order())
    steps = {s.id for s in (alive_of or room).steps()}
    step = room.current_step()
    return (tuple(p for p in room.revealed if p in answers), room.timer.running,
            room.elapsed(), step.id if step and step.id in steps else None,
            room.blank, room.story)


def focusable(page: QWidget) -> list[QWidget]:
    return [w for w in page.findChildren(QWidget)
            if w.focusPolicy() & Qt.TabFocus and w.isVisibleTo(page) and w.isEnabled()
            and not isinstance(w.window(), QMenu)]


def open_window(main_window, qtbot, tmp_path):
    path = tmp_path / "room.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", path)
    win = main_window
    win.resize(1280, 800)   # as wide as the window used to be forced by its widest page
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.waitUntil(lambda: win.room_menu._listening)  # just after the first frame
    assert win.open_file(path)
    room = room_for(win.document)
    room.timer.clock = Clock()
    room.go_to(1)
    room.show(ANSWERS)
    room.reveal_next()
    room.follow_pages = False  # pages shown by the test do not move the room's view
    return win, room


def test_typing_every_printable_character_anywhere_leaves_the_room_alone(
        main_window, qtbot, tmp_path, no_dialogs):
    win, room = open_window(main_window, qtbot, tmp_path)
    before = room_snapshot(room)
    revealed, running, elapsed, step, blank, story = before
    typed_into = 0
    for page in list(win.pages):
        win.show_page(page.title)
        for widget in focusable(page) + [win.sidebar]:
            if not widget.isVisible() or not widget.isEnabled():
                continue  # the page changed under the typing (a list refilled)
            widget.setFocus(Qt.OtherFocusReason)
            if QApplication.focusWidget() is None:
                continue
            typed_into += 1
            for ch in PRINTABLE:
                QTest.keyClick(QApplication.focusWidget() or widget, ch)
            for key, text in ACCENTED:
                QTest.sendKeyEvent(QTest.KeyAction.Click, QApplication.focusWidget() or widget,
                                   key, text, Qt.NoModifier)
            if win.stack.currentWidget() is not page:
                win.show_page(page.title)
            now = room_snapshot(room)
            alive = set(room.answer_order())
            expected = (tuple(p for p in revealed if p in alive), running, elapsed,
                        step if step in {s.id for s in room.steps()} else now[3], blank, story)
            assert now == expected, (page.title, type(widget).__name__, widget.objectName(),
                                     getattr(widget, "text", str)())
            # a pressed "Clear this answer" takes its reveal along: go on from what is left
            revealed, step = now[0], now[3]
    assert typed_into > 40


def test_clicker_keys_act_but_not_while_typing(main_window, qtbot, tmp_path):
    win, room = open_window(main_window, qtbot, tmp_path)
    overview = win.show_page("Overview")
    edit = overview.findChild(QLineEdit)
    edit.setFocus()
    step = room.step_index
    qtbot.keyClick(edit, Qt.Key_PageDown)   # in a text field: the field's, not the room's
    qtbot.keyClick(edit, Qt.Key_Right)
    assert room.step_index == step and len(room.revealed) == 1
    win.sidebar.setFocus()
    qtbot.keyClick(win.sidebar, Qt.Key_Right)  # a list: arrows are the list's
    assert len(room.revealed) == 1
    qtbot.keyClick(win.sidebar, Qt.Key_PageDown)  # the clicker: reveal the next answer
    assert len(room.revealed) == 2
    qtbot.keyClick(win.sidebar, Qt.Key_PageUp)
    qtbot.keyClick(win.sidebar, Qt.Key_PageUp)
    assert room.step_index == step - 1 or step == 0
