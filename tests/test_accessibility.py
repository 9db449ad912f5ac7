"""A screen reader's view: every control named, a logical tab order, visible focus."""
from __future__ import annotations

import shutil
from itertools import pairwise

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QFont
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cxworkshop.resources import samples_dir
from cxworkshop.ui.theme import Theme

R = QAccessible.Role
# focusable only to scroll or switch what they hold; what they hold is checked
CONTAINERS = (QScrollArea, QTabWidget)
# Roles a user acts on: each needs a name a screen reader can say.
INTERACTIVE = {R.PushButton, R.CheckBox, R.RadioButton, R.ComboBox, R.EditableText,
               R.SpinBox, R.Slider, R.List, R.Table, R.Tree, R.PageTab, R.ButtonMenu,
               R.ButtonDropDown, R.Link, R.Canvas, R.Chart, R.Graphic, R.ToolBar}


@pytest.fixture
def open_window(main_window, tmp_path):
    path = tmp_path / "home-services.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", path)
    main_window.resize(1280, 800)
    main_window.show()
    main_window.open_file(path)
    return main_window


def unnamed(iface, path: str = "") -> list[str]:
    """Every visible interactive element under ``iface`` without a name (or role)."""
    found: list[str] = []
    if iface is None or not iface.isValid() or iface.state().invisible:
        return found
    role, name, obj = iface.role(), iface.text(QAccessible.Name), iface.object()
    focusable = isinstance(obj, QWidget) and obj.focusPolicy() != Qt.NoFocus and \
        role == R.Client and obj.isEnabled() and not isinstance(obj, CONTAINERS)
    if (role in INTERACTIVE or focusable) and not name.strip():
        found.append(f"{path}/{role.name} {type(obj).__name__} {obj.objectName()!r}")
    if role in (R.List, R.Table, R.Tree):  # items are named by their text
        return found
    for i in range(iface.childCount()):
        found += unnamed(iface.child(i), f"{path}/{name or role.name}"[-80:])
    return found


def test_every_control_on_every_page_has_a_name_and_a_role(open_window, qapp):
    window = open_window
    problems = {}
    for row in range(window.sidebar.count()):
        window.sidebar.setCurrentRow(row)
        qapp.processEvents()
        page = window.sidebar.item(row).text()
        root = QAccessible.queryAccessibleInterface(window)
        assert root.role() == R.Window and "cxworkshop" in root.text(QAccessible.Name)
        missing = unnamed(root)
        if missing:
            problems[page] = missing
    assert not problems


def test_the_sidebar_and_the_map_say_what_they_are(open_window, qapp):
    window = open_window
    side = QAccessible.queryAccessibleInterface(window.sidebar)
    assert side.text(QAccessible.Name) == "Workshop steps" and side.role() == R.List
    assert "Ctrl+1" in side.text(QAccessible.Description)
    window.show_page("Map")
    qapp.processEvents()
    view = window.findChild(QWidget, "mapView")
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface.text(QAccessible.Name) == "Process map"
    assert "arrows" in iface.text(QAccessible.Description)


def test_help_and_crash_dialogs_are_named(open_window, qapp):
    from cxworkshop.ui.crash import CrashDialog
    open_window.act_shortcuts.trigger()
    dialogs = [open_window._help_dialog]
    dialogs.append(CrashDialog("ValueError: x", "details", None, open_window))
    dialogs[-1].show()
    for d in dialogs:
        qapp.processEvents()
        assert unnamed(QAccessible.queryAccessibleInterface(d)) == []
        d.close()


def _focus_chain(page: QWidget) -> list[QWidget]:
    """The widgets Tab visits inside ``page``, in order (its part of the window's chain)."""
    seen: list[QWidget] = []
    w = page.nextInFocusChain()
    for _ in range(1000):
        if not page.isAncestorOf(w):
            break  # the page's widgets form one run of the window's focus chain
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.TabFocus and w not in seen:
            seen.append(w)
        w = w.nextInFocusChain()
    return seen


def test_tab_order_on_every_page_runs_top_to_bottom_left_to_right(qapp, settings, tmp_path):
    """Tab reaches every input of a page, in reading order: down a column, then on to the
    column to its right; never back up the same column or to one on the left."""
    # a window of its own, not handed to qtbot: walking the focus chain leaves the
    # window's menus unusable for pytest-qt's closing of it (a PySide quirk)
    from cxworkshop.ui.main_window import MainWindow
    window = MainWindow(settings)
    path = tmp_path / "home-services.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", path)
    window.resize(1280, 800)
    window.show()
    window.open_file(path)
    problems = {}
    for row in range(window.sidebar.count()):
        window.sidebar.setCurrentRow(row)
        qapp.processEvents()
        page = window.stack.currentWidget()
        chain = _focus_chain(page)
        tops = [(w.mapTo(page, w.rect().topLeft()), w) for w in chain]
        backwards = []
        for (p1, w1), (p2, w2) in pairwise(tops):
            # a clear jump back up the page (more than one row height) is disorienting
            if p2.y() + w2.height() < p1.y() - 4 and not w1.isAncestorOf(w2) \
                    and p2.x() <= p1.x():
                backwards.append(f"{type(w1).__name__} {w1.objectName()!r} @{p1.y()} -> "
                                 f"{type(w2).__name__} {w2.objectName()!r} @{p2.y()}")
        reachable = [w for w in page.findChildren(QWidget) if w.isVisible() and w.isEnabled()
                     and w.focusPolicy() & Qt.TabFocus and not w.isWindow()]
        skipped = [f"{type(w).__name__} {w.objectName()!r}" for w in reachable
                   if w not in chain]
        if backwards or skipped:
            problems[window.sidebar.item(row).text()] = backwards + skipped
    window.set_document(None)
    window.hide()
    window.deleteLater()
    assert not problems


@pytest.mark.parametrize("theme", ["normal", "large", "high_contrast"])
def test_keyboard_focus_is_visible_in_every_theme(theme, qtbot, qapp):
    """Tabbing onto a field, button, combo box or check box changes how it looks."""
    import warnings
    saved = (Theme.large_text, Theme.high_contrast, qapp.styleSheet(), QFont(qapp.font()))
    Theme.large_text, Theme.high_contrast = theme == "large", theme == "high_contrast"
    Theme.apply(qapp)
    try:
        host = QWidget()
        lay = QVBoxLayout(host)
        start = QLineEdit("start")
        widgets = [QLineEdit("text"), QPushButton("Button"), QComboBox(), QCheckBox("Tick")]
        widgets[2].addItems(["one", "two"])
        for w in (start, *widgets):
            lay.addWidget(w)
        qtbot.addWidget(host)
        host.show()
        qtbot.waitExposed(host)
        with warnings.catch_warnings():  # offscreen windows are not activated by themselves
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(host)
        start.setFocus(Qt.OtherFocusReason)
        qapp.processEvents()
        unchanged = []
        for w in widgets:
            before = w.grab().toImage()
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)  # as a keyboard user
            qapp.processEvents()
            assert QApplication.focusWidget() is w
            if w.grab().toImage() == before:
                unchanged.append(type(w).__name__)
        assert not unchanged, f"no visible focus on {unchanged} in the {theme} theme"
    finally:
        Theme.large_text, Theme.high_contrast, sheet, font = saved
        from PySide6.QtGui import QPalette
        qapp.setPalette(QPalette())
        Theme._palette_set = False
        qapp.setStyleSheet(sheet)
        qapp.setFont(font)


def test_boxes_and_links_are_accessible_children_of_the_map(qtbot, document):
    """Walking the map view's accessible children finds each box, link and note with
    a name a screen reader says, a role, its place on screen and its state."""
    from cxworkshop.model import Note
    from cxworkshop.ui.pages.map import MapPage
    page = MapPage(document)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    document.update("processes", "p1", votes=5)
    document.add(Note("n1", "p2", "pain", "Quotes take a week"))
    view = page.view
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface.text(QAccessible.Name) == "Process map"
    names = {}
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and child.object() is None:   # a map item, not a widget
            assert child.parent() is iface and iface.indexOfChild(child) == i
            names[child.text(QAccessible.Name)] = child
    box = names["Process Take enquiry, Sales, Need, moment of truth, backstage, 5 votes"]
    assert box.role() == R.ListItem and box.state().selectable
    assert "Link from Take enquiry to Quote" in names
    assert "Pain note: Quotes take a week" in names
    assert len(names) == 4 + 3 + 1
    item = page.scene.item_for_process["p1"]
    centre = view.viewport().mapToGlobal(view.mapFromScene(item.box_rect().center()))
    assert box.rect().contains(centre)
    assert iface.childAt(centre.x(), centre.y()).text(QAccessible.Name) == box.text(
        QAccessible.Name)
    assert not box.state().selected
    page.scene.select_ids("processes", ["p1"])
    assert box.state().selected
    assert iface.focusChild().text(QAccessible.Name) == box.text(QAccessible.Name)
    document.remove([("processes", "p1")])   # gone from the map: gone for the reader
    assert not box.isValid()
    assert all("Take enquiry, Sales" not in iface.child(i).text(QAccessible.Name)
               for i in range(iface.childCount()) if iface.child(i) is not None)
