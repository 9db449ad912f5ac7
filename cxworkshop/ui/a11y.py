"""Accessible names for screen readers, from what a sighted user reads next to a control.

Qt names a control after its buddy label. Many of ours are labelled otherwise —
by a placeholder ("Name"), a tooltip, a heading just above, a group box or the
page — so :class:`AccessibleNamer` (one event filter on the application) gives
every input, button, list and table that has no accessible name the text a
sighted user reads for it, when it is shown. Custom widgets set their own
names and descriptions (see :data:`NAMED`). ``tests/test_accessibility.py`` walks
the QAccessible tree and fails on any interactive element without a name.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabWidget,
    QTextEdit,
    QWidget,
)

# objectName -> (name, description) for custom widgets whose name no label gives
NAMED: dict[str, tuple[str, str]] = {
    "sidebar": ("Workshop steps", "The steps of the workshop; choose one to open its page "
                                  "(Ctrl+1 to Ctrl+9)"),
    "mapView": ("Process map", "Departments by journey stages; boxes are processes, arrows "
                               "say what feeds what. Arrow keys move the selected box."),
    "departments": ("Departments", "The map's swimlanes, top to bottom"),
}

_INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit,
           QAbstractItemView, QAbstractButton, QSlider, QGraphicsView)


def _clean(text: str, sentence: bool = True) -> str:
    """Plain text without markup or "&" accelerators; with ``sentence``, its first sentence."""
    text = re.sub(r"<[^>]+>", " ", text or "")  # rich text labels
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")
    text = " ".join(text.split()).rstrip(":").strip()
    if not re.search(r"\w\w", text):
        return ""  # "→", "…": no name
    first = re.split(r"(?<=\w\w[.!?])\s", text, maxsplit=1)[0] if sentence else text
    return first if len(first) <= 80 else first[:79] + "…"


def _placeholder(w: QWidget) -> str:
    if isinstance(w, QComboBox):
        edit = w.lineEdit()
        return (edit.placeholderText() if edit else "") or w.placeholderText()
    if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
        return w.placeholderText()
    return ""


def _label_before(w: QWidget) -> str:
    """The text of a short QLabel just before ``w`` in its parent's layout."""
    parent = w.parentWidget()
    layout = parent.layout() if parent else None
    if layout is None:
        return ""
    items = [layout.itemAt(i) for i in range(layout.count())]
    widgets = [it.widget() for it in items]
    if w not in widgets:
        return ""
    i = widgets.index(w)
    before = widgets[i - 1] if i > 0 else None
    if isinstance(before, QLabel) and before.buddy() in (None, w) and before.text():
        text = _clean(before.text())
        return text if len(text) <= 60 else ""
    return ""


def _container_title(w: QWidget) -> str:
    """The title of the group box, tab or page holding ``w``."""
    child, parent = w, w.parentWidget()
    while parent is not None:
        if isinstance(parent, QGroupBox) and parent.title():
            return _clean(parent.title())
        if isinstance(parent, QTabWidget):
            i = parent.indexOf(child)
            if i >= 0:
                return _clean(parent.tabText(i))
        title = getattr(parent, "title", None)
        if isinstance(title, str) and title:  # a workshop page
            return title
        child, parent = parent, parent.parentWidget()
    return ""


def _buddy_label(w: QWidget) -> str:
    """The text of a QLabel whose buddy is ``w`` (a form's label)."""
    parent = w.parentWidget()
    for label in (parent.findChildren(QLabel) if parent else []):
        if label.buddy() is w and label.text():
            return label.text()
    return ""


def _example(text: str) -> bool:
    return text.lower().startswith(("e.g.", "z. b.", "z.b.", "“", '"', "…"))


def _position_in_group(w: QWidget) -> str:
    """"Journey stages, 2 of 5" for one of several unnamed inputs of the same kind in a box."""
    title = _container_title(w)
    parent = w.parentWidget()
    if not title or parent is None:
        return ""
    peers = [c for c in parent.findChildren(type(w)) if c.parentWidget() is parent]
    if len(peers) > 1 and w in peers:
        return f"{title}, {peers.index(w) + 1}/{len(peers)}"
    return title


def suggested_name(w: QWidget) -> str:
    """What a sighted user reads as the name of ``w`` ("" when nothing)."""
    if isinstance(w, QAbstractButton) and w.text():
        return ""  # Qt reads the button's own text
    placeholder = _placeholder(w)
    for source in (_buddy_label(w), "" if _example(placeholder) else placeholder,
                   _label_before(w)):
        text = _clean(source, sentence=False)
        if text:
            return text
    tip = _clean(w.toolTip())
    if tip:
        return tip
    if isinstance(w, (QAbstractItemView, QGraphicsView)):
        return _container_title(w)
    return _position_in_group(w)


def name_widget(w: QWidget) -> None:
    """Give ``w`` an accessible name (and description) if it is interactive and has none."""
    parent = w.parentWidget()
    inner = (isinstance(parent, QAbstractScrollArea) and parent.viewport() is w) or \
        (isinstance(parent, QComboBox) and parent.lineEdit() is w)
    if inner:  # a view's viewport, a combo box's editor: the same control as its owner
        if not w.accessibleName():
            name_widget(parent)
            if parent.accessibleName():
                w.setAccessibleName(parent.accessibleName())
        return
    known = NAMED.get(w.objectName())
    if known:
        if not w.accessibleName():
            w.setAccessibleName(known[0])
        if not w.accessibleDescription():
            w.setAccessibleDescription(known[1])
        return
    if w.accessibleName() or not isinstance(w, _INPUTS):
        return
    name = suggested_name(w)
    if name:
        w.setAccessibleName(name)
        tip = _clean(w.toolTip())
        if tip and tip != name and not w.accessibleDescription():
            w.setAccessibleDescription(w.toolTip())


class AccessibleNamer(QObject):
    """Names each widget when it is shown (fully built by then), everywhere in the app.

    Widgets inside pop-ups (a combo box's list) are part of their owner and skipped.
    """

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # every event of the app passes here: leave at once unless a widget is shown
        if event.type() == _SHOW and isinstance(obj, QWidget):
            _name_if_unnamed(obj)
        return False


_SHOW = QEvent.Type.Show


def _name_if_unnamed(w: QWidget) -> None:
    if (isinstance(w, _INPUTS) or w.focusPolicy() != Qt.NoFocus) \
            and not w.accessibleName() and w.window().windowType() != Qt.Popup \
            or w.objectName() in NAMED and not w.accessibleDescription():
        name_widget(w)


def install(app: QApplication | None = None, shown: Sequence[QWidget] = ()) -> None:
    """Install the namer once on the application, and name the widgets of the windows
    in ``shown`` that are on screen already (the namer sees the rest as they are shown).

    The main window calls this once its first frame is painted: an application-wide
    filter is a Python call for every event of the app, ~1,700 of them while the first
    window is built, about a tenth of the start-up time.
    """
    app = app or QApplication.instance()
    if app is None:
        return
    if getattr(app, "_accessible_namer", None) is None:
        app._accessible_namer = AccessibleNamer(app)
        app.installEventFilter(app._accessible_namer)
    for window in shown:
        for w in (window, *window.findChildren(QWidget)):
            if w.isVisible():
                _name_if_unnamed(w)
