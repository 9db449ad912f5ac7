"""Departments editor: the map's swimlanes — names, colours and order."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from ..model import Department, new_id, ops, rules
from ..model.entities import next_department_color
from .theme import role


def swatch(color: str, size: int = 16) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(color) if QColor.isValidColorName(color) else QColor("#7f7f7f"))
    return QIcon(pix)


class DepartmentsEditor(QWidget):
    """List of departments in lane order; every edit goes through the document."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("departments")
        self.list.itemChanged.connect(self._renamed)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(self.list.editItem)
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("Add"))
        self.color_button = QPushButton(tr("Colour…"))
        self.up_button = QPushButton(tr("Move up"))
        self.down_button = QPushButton(tr("Move down"))
        self.delete_button = QPushButton(tr("Delete"))
        for button, slot in ((self.add_button, self.add_department),
                             (self.color_button, self.choose_color),
                             (self.up_button, lambda: self.move(-1)),
                             (self.down_button, lambda: self.move(+1)),
                             (self.delete_button, self.delete)):
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        self.status = QLabel()
        role(self.status, "hint")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self._dirty = self._saw = False
        for signal in (document.entity_added, document.entity_removed, document.entity_changed):
            signal.connect(self._noted)
        document.info_changed.connect(lambda _fields: setattr(self, "_saw", True))
        document.changed.connect(self._changed)
        self.refresh()

    def _noted(self, kind: str, *_args) -> None:
        self._saw = True
        self._dirty = self._dirty or kind == "departments"

    def _changed(self) -> None:
        """Refresh after a change to the departments (or a change that was not saved)."""
        dirty, saw = self._dirty, self._saw
        self._dirty = self._saw = False
        if dirty or not saw:
            self.refresh()

    # -- document → list ----------------------------------------------------------
    def refresh(self) -> None:
        current = self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        editable = not self.document.read_only
        for d in self.document.all("departments"):
            item = QListWidgetItem(swatch(d.color), d.name or tr("(no name)"))
            item.setData(Qt.UserRole, d.id)
            if editable:
                item.setFlags(item.flags() | Qt.ItemIsEditable)
            self.list.addItem(item)
            if d.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._update_buttons()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item else None

    def _update_buttons(self, *_) -> None:
        row = self.list.currentRow()
        n = self.list.count()
        editable = not self.document.read_only
        self.add_button.setEnabled(editable)
        for button in (self.color_button, self.delete_button):
            button.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < n - 1)

    # -- list → commands -------------------------------------------------------------
    def add_department(self, name: str | None = None) -> str | None:
        used = {d.color for d in self.document.all("departments")}
        existing = {d.name for d in self.document.all("departments")}
        made = not name
        if not name:
            n = len(existing) + 1
            name = tr("Department {n}").format(n=n)
            while name in existing:
                n += 1
                name = tr("Department {n}").format(n=n)
        dept = Department(new_id(), name, next_department_color(used))
        if not self.document.add(dept, text=tr("Add department")):
            return None
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.UserRole) == dept.id:
                self.list.setCurrentRow(row)
                if made:  # a made-up name: type the real one at once
                    self.list.editItem(self.list.item(row))
        return dept.id

    def _renamed(self, item: QListWidgetItem) -> None:
        did = item.data(Qt.UserRole)
        name = " ".join(item.text().split())
        dept = self.document.get("departments", did)
        if dept is None:
            return
        if not name:
            self.status.setText(rules.required_message("departments", "name")[:-1]
                                + tr("; the old name was kept."))
            self.refresh()
            return
        if rules.find_department(self.document.workshop, name) not in (None, did):
            self.status.setText(tr("There is already a department called “{name}”.").format(
                name=name))
            self.refresh()
            return
        self.status.clear()
        self.document.update("departments", did, text=tr("Rename department"), name=name)

    def choose_color(self) -> None:
        did = self.current_id()
        dept = self.document.get("departments", did) if did else None
        if dept is None:
            return
        color = QColorDialog.getColor(QColor(dept.color), self,
                                      tr("Colour of {name}").format(name=dept.name))
        if color.isValid():
            self.set_color(did, color.name())

    def set_color(self, did: str, color: str) -> None:
        self.document.update("departments", did, text=tr("Change department colour"),
                             color=color)

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        ids = [self.list.item(r).data(Qt.UserRole) for r in range(self.list.count())]
        target = row + step
        if row < 0 or not 0 <= target < len(ids):
            return
        did = ids[row]
        # in front of the row that will follow it
        before = ids[target] if step < 0 else (ids[target + 1] if target + 1 < len(ids) else None)
        self.document.do(ops.reorder(self.document.workshop, "departments", did, before,
                                     tr("Reorder departments")))

    def delete(self) -> None:
        did = self.current_id()
        dept = self.document.get("departments", did) if did else None
        if dept is None:
            return
        used = self.document.workshop.referrers("departments", did)
        self.document.remove([("departments", did)],
                             text=tr("Delete department {name}").format(name=dept.name))
        if used:
            self.status.setText(tr("Deleted “{name}”: its {n} processes, people and members "
                                   "are now Unassigned. Ctrl+Z brings it back.").format(
                                       name=dept.name, n=len(used)))
        else:
            self.status.setText(tr("Deleted “{name}”. Ctrl+Z brings it back.").format(
                name=dept.name))
