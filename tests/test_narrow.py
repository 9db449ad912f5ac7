"""The main window works from 1024×768 up in every theme: no page sets a minimum width
above 1,000 px, and on a 1024×768 screen every page's controls are inside the window."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxworkshop.resources import samples_dir
from cxworkshop.ui.reflow import FlowRow, ReflowSplitter
from cxworkshop.ui.theme import Theme

THEMES = ["normal", "large", "high_contrast"]
CONTROLS = (QAbstractButton, QLineEdit, QComboBox)


@pytest.fixture
def themed(request, qapp):
    """Switch to the theme named by the test's parameter; restore the app afterwards."""
    saved = (Theme.large_text, Theme.high_contrast, qapp.styleSheet(), QFont(qapp.font()))
    theme = request.param
    Theme.large_text, Theme.high_contrast = theme == "large", theme == "high_contrast"
    Theme.apply(qapp)
    yield theme
    Theme.large_text, Theme.high_contrast, sheet, font = saved
    Theme.apply(qapp)
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


def open_sample(main_window, tmp_path, qtbot):
    path = tmp_path / "home-services.cxw"
    shutil.copy(samples_dir() / "home-services.cxw", path)
    main_window.resize(1024, 768)
    main_window.show()
    qtbot.waitExposed(main_window)
    assert main_window.open_file(path)
    list(main_window.pages)  # every page built: the window's minimum covers them all
    return main_window


def scrolling(widget: QWidget, top: QWidget) -> QAbstractScrollArea | None:
    """The scroll area (a table's, a list's, a form's) ``widget`` sits in below ``top``."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def outside(window: QWidget, page: QWidget) -> list[str]:
    """The page's visible controls that are not wholly inside the window (in a form that
    scrolls up and down: not wholly inside the window's width)."""
    inside = window.rect()
    found = []
    for w in page.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisible():
            continue
        area = scrolling(w, page)
        if isinstance(area, QAbstractItemView):
            continue  # a cell's editor or a row's button: the view scrolls to it
        rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
        if area is not None:
            rect = QRect(rect.x(), 0, rect.width(), 1)
        if not inside.contains(rect):
            text = w.text() if hasattr(w, "text") else ""
            found.append(f"{type(w).__name__} {text or w.objectName()!r} at {rect.getRect()}")
    return found


@pytest.mark.parametrize("themed", THEMES, indirect=True)
def test_window_minimum_width_at_most_1000(themed, main_window, tmp_path, qtbot):
    window = open_sample(main_window, tmp_path, qtbot)
    widest = {title: page.minimumSizeHint().width()
              for title, page in zip(window.page_titles(), window.pages, strict=True)}
    assert window.minimumSizeHint().width() <= 1000, (themed, widest)


@pytest.mark.parametrize("themed", THEMES, indirect=True)
def test_every_page_fits_1024x768(themed, main_window, tmp_path, qtbot, qapp):
    window = open_sample(main_window, tmp_path, qtbot)
    window.resize(1024, 768)
    problems = {}
    for row, title in enumerate(window.page_titles()):
        window.sidebar.setCurrentRow(row)
        qtbot.wait(30)
        assert window.width() <= 1024 and window.height() <= 768
        page = window.stack.currentWidget()
        missing = outside(window, page)
        if missing:
            problems[title] = missing
    assert not problems, f"{themed}: {problems}"


@pytest.mark.parametrize("themed", ["large"], indirect=True)
@pytest.mark.parametrize(("title", "map_width"), [("Map", 600), ("Connect the dots", 300)])
def test_side_panel_folds_into_a_toggle_when_narrow(themed, title, map_width, main_window,
                                                    tmp_path, qtbot):
    window = open_sample(main_window, tmp_path, qtbot)
    page = window.show_page(title)
    qtbot.wait(30)
    panel, button = page.side_toggle.panel, page.side_toggle.button
    assert not panel.isVisible() and button.isVisible()  # 1024 px, Large Text
    assert page.view.width() > map_width  # the map gets the width
    button.click()
    qtbot.wait(30)
    assert panel.isVisible()
    assert not outside(window, page)
    button.click()
    window.resize(1900, 1000)
    qtbot.wait(30)
    assert panel.isVisible() and not button.isVisible()  # room for both: no toggle


@pytest.mark.parametrize("themed", ["large"], indirect=True)
def test_a_multi_selection_wraps_instead_of_widening_the_panel(themed, main_window, tmp_path,
                                                               qtbot):
    window = open_sample(main_window, tmp_path, qtbot)
    page = window.show_page("Map")
    qtbot.wait(20)
    page.side_toggle.button.click()   # 1024 px, Large Text: the panel is behind Details
    page.scene.select_items(list(page.scene.item_for_process.values()))
    qtbot.wait(20)
    assert page.panels.currentWidget() is page.multi and page.multi.isVisible()
    assert window.minimumSizeHint().width() <= 1000
    rect = QRect(page.multi.mapTo(window, QPoint(0, 0)), page.multi.size())
    assert window.rect().contains(rect)
    assert page.multi.height() > page.multi.fontMetrics().height() * 2  # wrapped lines


def test_presenter_window_fits_a_single_screen(main_window, tmp_path, qtbot):
    window = open_sample(main_window, tmp_path, qtbot)
    presenter = window.room_menu.show_presenter()
    qtbot.wait(10)
    free = presenter.screen().availableGeometry()
    assert presenter.width() <= free.width() and presenter.height() <= free.height()
    presenter.close()


def test_flow_row_wraps_buttons_onto_more_lines(qtbot):
    host = QWidget()
    row = FlowRow(host)
    label = QLabel("3 things")
    buttons = [QPushButton(f"A rather long button {i}") for i in range(4)]
    row.addWidget(label, 1)
    for b in buttons:
        row.addWidget(b)
    qtbot.addWidget(host)
    wide = sum(b.sizeHint().width() for b in buttons) + label.sizeHint().width() + 100
    host.resize(wide, 100)
    host.show()
    qtbot.waitExposed(host)
    assert len({b.y() for b in buttons}) == 1  # one line when there is room
    assert abs(label.geometry().center().y() - buttons[0].geometry().center().y()) <= 1
    assert label.width() > label.sizeHint().width()  # the stretch takes the extra width
    host.resize(buttons[0].sizeHint().width() * 2 + 20, 200)
    qtbot.wait(10)
    assert len({b.y() for b in buttons}) >= 2
    assert all(b.geometry().right() < host.width() for b in buttons)
    rects = [b.geometry() for b in buttons]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    margins = row.contentsMargins().left() + row.contentsMargins().right()
    assert row.minimumSize().width() == margins + max(w.minimumSizeHint().width()
                                                      for w in (label, *buttons))
    assert host.minimumSizeHint().width() < wide // 2


def test_reflow_splitter_stacks_when_narrow(qtbot):
    host = QWidget()
    splitter = ReflowSplitter(Qt.Horizontal)
    QVBoxLayout(host).addWidget(splitter)
    left, right = QWidget(), QWidget()
    left.setMinimumWidth(400)
    right.setMinimumWidth(300)
    splitter.addWidget(left)
    splitter.addWidget(right)
    qtbot.addWidget(host)
    assert splitter.minimumSizeHint().width() == 400  # the widest panel, not the sum
    host.resize(900, 400)
    host.show()
    qtbot.waitExposed(host)
    assert splitter.orientation() == Qt.Horizontal
    assert left.x() < right.x()
    host.resize(600, 400)
    qtbot.wait(10)
    assert splitter.orientation() == Qt.Vertical
    assert left.y() < right.y() and right.width() == splitter.width()
    host.resize(900, 400)
    qtbot.wait(10)
    assert splitter.orientation() == Qt.Horizontal
