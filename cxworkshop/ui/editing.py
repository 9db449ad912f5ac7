"""Small editing widgets shared by the roster, 5 Hows, Champions and Actions pages."""
from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
)

from ..i18n import ngettext, tr
from .theme import Theme

ERROR_STYLE = "color: #c62828; font-weight: 600;"


def delete_rows(document, message: QLabel, kind: str, ids: list[str],
                noun: str | tuple[str, str]) -> bool:
    """Delete rows of ``kind`` in one undo step and say so in ``message``.

    ``noun`` is what a row is called, singular and plural, translated
    (``(tr("action"), tr("actions"))``); a lone English singular gets an "s".
    """
    one, many = noun if isinstance(noun, tuple) else (noun, noun + "s")
    if not ids:
        say(message, tr("Select the {things} to delete first.").format(things=many),
            error=True)
        return False
    n = len(ids)
    done = document.remove([(kind, i) for i in ids],
                           text=ngettext("Delete {thing}", "Delete {n} {things}", n).format(
                               thing=one, things=many, n=n))
    if done:
        back = (" <a href='undo'>" + tr("Undo") + "</a>"
                if isinstance(message, MessageLine) and message.undo_stack is not None
                else " " + ngettext("Edit ▸ Undo brings it back.",
                                    "Edit ▸ Undo brings them back.", n))
        say(message, ngettext("Deleted {n} {thing}.", "Deleted {n} {things}.", n).format(
            n=n, thing=one, things=many) + back)
    return done


def department_combo(min_width: int = 150) -> QComboBox:
    """An editable department picker: choose one, or type a name (new ones are created)."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.NoInsert)
    combo.lineEdit().setPlaceholderText(tr("Department"))
    combo.setMinimumWidth(min_width)
    return combo


class ChoiceButton(QPushButton):
    """A checkable answer button whose chosen state is unmistakable: a check mark in
    front of its text and the theme's accent colour (``choice`` style property)."""

    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self._text = text
        self.setCheckable(True)
        self.setProperty("choice", True)
        Theme.style(self)  # the accent colours of a chosen answer
        self.toggled.connect(self._show_state)
        self._show_state(False)

    def _show_state(self, checked: bool) -> None:
        self.setText(("✓ " if checked else "") + self._text)
        self.setAccessibleName(self._text + (", chosen" if checked else ""))


class DeleteKey(QObject):
    """Delete or Backspace in ``view`` (not while a cell is being edited) calls ``delete``."""

    def __init__(self, view: QAbstractItemView, document, delete):
        super().__init__(view)
        self.view, self.document, self.delete = view, document, delete
        view.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if (event.type() == QEvent.KeyPress
                and event.key() in (Qt.Key_Delete, Qt.Key_Backspace)
                and self.view.state() != QAbstractItemView.EditingState
                and not self.document.read_only):
            self.delete()
            return True
        return False


class MessageLine(QLabel):
    """A page's message line that always takes the same height (``lines`` lines of text).

    Showing or clearing a message never moves the controls around it, so a button
    never slides under the pointer after an action. Longer text is cut at the
    reserved height; the tooltip holds all of it. Links in a message (``<a href=…>``)
    are reported by ``linkActivated`` (e.g. "Undo").
    """

    def __init__(self, lines: int = 2, parent=None, undo_stack=None):
        super().__init__(parent)
        self.lines = lines
        self.undo_stack = undo_stack   # given: an "undo" link in a message undoes the last step
        self.linkActivated.connect(self._link)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self.setTextFormat(Qt.AutoText)

    def _height(self) -> int:
        margins = self.contentsMargins()
        return self.lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()

    def hasHeightForWidth(self) -> bool:
        return False

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self._height())

    def _link(self, link: str) -> None:
        if link == "undo" and self.undo_stack is not None and self.undo_stack.canUndo():
            self.undo_stack.undo()
            say(self, "")

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(re.sub(r"<[^>]+>", "", text))


def say(label: QLabel, text: str, error: bool = False) -> None:
    """Show ``text`` in a page's message line; errors in red.

    A :class:`MessageLine` keeps its room when empty; another label is hidden then.
    """
    label.setText(text)
    label.setStyleSheet(ERROR_STYLE if error else "")
    label.setProperty("error", error)
    if not isinstance(label, MessageLine):
        label.setVisible(bool(text))


class TextEdit(QPlainTextEdit):
    """A multi-line text box that reports ``editingFinished`` when it loses focus."""

    editingFinished = Signal()

    def __init__(self, parent=None, rows: int = 3):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * rows + 14)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()

    def set_text(self, text: str) -> None:
        """Show ``text`` unless it is already there (keeps the cursor while typing)."""
        if self.toPlainText() != text:
            self.setPlainText(text)


class ComboDelegate(QStyledItemDelegate):
    """Edits a cell with a combo box of ``choices()`` (optionally free text)."""

    def __init__(self, choices, editable: bool = False, parent=None):
        super().__init__(parent)
        self.choices = choices
        self.editable = editable

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.setEditable(self.editable)
        if self.editable:
            combo.setInsertPolicy(QComboBox.NoInsert)
        for text, data in self.choices():
            combo.addItem(text, data)
        return combo

    def setEditorData(self, editor: QComboBox, index) -> None:
        value = index.data(Qt.EditRole)
        at = editor.findData(value)
        if at < 0:
            at = editor.findText(str(value or ""))
        if at >= 0:
            editor.setCurrentIndex(at)
        elif self.editable:
            editor.setEditText(str(value or ""))

    def setModelData(self, editor: QComboBox, model, index) -> None:
        if self.editable and editor.currentText() != editor.itemText(editor.currentIndex()):
            model.setData(index, editor.currentText(), Qt.EditRole)
        else:
            model.setData(index, editor.currentData(), Qt.EditRole)




class EntityTableModel(QAbstractTableModel):
    """Rows of one entity list of the document, in list order; follows ``changed``.

    Subclasses set ``KIND`` and ``COLUMNS`` (``(field, header)`` pairs) and
    implement ``data``/``setData``/``flags``; edits go through the document.
    """

    KIND = ""
    COLUMNS: tuple[tuple[str, str], ...] = ()
    #: Other entity lists whose changes can alter what a row shows (a process name…).
    DEPENDS: frozenset[str] = frozenset()
    problem = Signal(str)  # a sentence when an edit is refused

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self._ids: list[str] = list(document.workshop.table(self.KIND))
        self._changed_ids: set[str] = set()
        self._depends: set[tuple[str, str]] = set()  # (kind, id) of DEPENDS rows changed
        self._all = self._reset = self._saw = False
        document.applied.connect(self._applied)  # one call per batch, not one per row
        document.changed.connect(self.sync)

    def _applied(self, events: tuple) -> None:
        for what, kind, id, fields in events:
            if what == "info":
                self._info_changed(fields)
            elif what == "changed":
                self._entity_changed(kind, id, fields)
            else:
                self._entity_came_or_went(kind, id)

    def _entity_came_or_went(self, kind: str, _id: str) -> None:
        self._saw = True
        if kind == self.KIND:
            self._reset = True
        elif kind in self.DEPENDS:
            self._all = True

    def _entity_changed(self, kind: str, id: str, fields) -> None:
        self._saw = True
        if kind == self.KIND:
            if "position" in fields:
                self._reset = True
            self._changed_ids.add(id)
        elif kind in self.DEPENDS:
            self._depends.add((kind, id))

    def rows_showing(self, kind: str, id: str) -> Iterable[str] | None:
        """Ids of the rows that show something of ``kind``/``id`` (a DEPENDS row
        that changed); None: any row may."""
        return None

    def _info_changed(self, _fields) -> None:
        self._saw = True
        self._all = self._all or bool(self.DEPENDS)

    def sync(self) -> None:
        """Follow the document: only the rows that changed, unless rows came or went."""
        changed, self._changed_ids = self._changed_ids, set()
        depends, self._depends = self._depends, set()
        for kind, id in depends:
            rows = self.rows_showing(kind, id)
            if rows is None:
                self._all = True
                break
            changed.update(rows)
        everything = self._all or not self._saw  # a bare changed(): show what is stored
        reset, self._reset, self._all, self._saw = self._reset, False, False, False
        ids = self._ids
        if reset or everything:
            ids = list(self.document.workshop.table(self.KIND))
        if ids != self._ids:
            self.beginResetModel()
            self._ids = ids
            self.endResetModel()
            return
        last = len(self.COLUMNS) - 1
        if everything:
            if ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, last))
            return
        for id in changed:
            row = self.row_of(id)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def entity(self, row: int):
        if 0 <= row < len(self._ids):
            return self.document.get(self.KIND, self._ids[row])
        return None

    def row_of(self, entity_id: str) -> int:
        return self._ids.index(entity_id) if entity_id in self._ids else -1

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return tr(self.COLUMNS[section][1])
        return None
