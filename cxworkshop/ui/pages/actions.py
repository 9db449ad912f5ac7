"""Actions: who does what by when, on which process; overdue ones stand out.

A table of actions (inline edits go through the document), an entry row for
new ones, and filters by owner and by state.
"""
from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
)

from ...i18n import N_, ngettext, tr
from ...model import Action, ops
from ...model.actions import days_overdue, owners
from ..dates import DateLineEdit, format_date, format_hint, parse_date_text
from ..editing import ComboDelegate, DeleteKey, EntityTableModel, MessageLine, delete_rows, say
from ..reflow import FlowRow
from . import Page
from .changes import process_label

COLUMNS = (("status", N_("Done")), ("text", N_("Action")), ("owner", N_("Owner")),
           ("due", N_("Due")), ("process", N_("Process")), ("state", N_("Status")))
FIELDS = tuple(f for f, _ in COLUMNS)
OVERDUE_FG = "#c62828"
OVERDUE_BG = QColor(198, 40, 40, 38)
NO_OWNER = "\x00none"


class ActionsModel(EntityTableModel):
    """The document's actions as rows; ``today`` decides what is overdue."""

    KIND = "actions"
    COLUMNS = COLUMNS
    DEPENDS = frozenset({"processes", "departments"})  # the process column's label

    def __init__(self, document, parent=None):
        super().__init__(document, parent)
        self.today = dt.date.today  # replaceable in tests
        self._day: tuple[object, float, dt.date] | None = None
        self._late: dict[str, tuple[Action, dt.date, int]] = {}

    def day(self) -> dt.date:
        """``today()``, asked at most once a second (not once per cell painted)."""
        now = time.monotonic()
        cached = self._day
        if cached is None or cached[0] is not self.today or now - cached[1] > 1.0:
            cached = self._day = (self.today, now, self.today())
        return cached[2]

    def action(self, row: int) -> Action | None:
        return self.entity(row)

    def rows_showing(self, kind: str, id: str):
        if kind == "processes":
            return [a.id for a in self.document.workshop.table("actions").values()
                    if a.process == id]
        return None

    def late(self, a: Action) -> int:
        """Days ``a`` is overdue, worked out once per action and day."""
        day = self.day()
        hit = self._late.get(a.id)
        if hit is None or hit[0] is not a or hit[1] != day:
            hit = self._late[a.id] = (a, day, days_overdue(a, day))
        return hit[2]

    def state_text(self, a: Action) -> str:
        if a.status == "done":
            return tr("Done")
        late = self.late(a)
        if late:
            return ngettext("Overdue by {n} day", "Overdue by {n} days", late).format(n=late)
        if a.due and a.due == self.day().isoformat():
            return tr("Due today")
        return tr("Open")

    def data(self, index, role=Qt.DisplayRole):
        a = self.action(index.row()) if index.isValid() else None
        if a is None:
            return None
        field = FIELDS[index.column()]
        late = self.late(a) > 0
        if role == Qt.UserRole:
            return a.id
        if role == Qt.BackgroundRole and late:
            return QBrush(OVERDUE_BG)
        if role == Qt.ForegroundRole and late and field in ("due", "state"):
            return QBrush(QColor(OVERDUE_FG))
        if role == Qt.FontRole and late and field in ("due", "state"):
            font = QFont()
            font.setBold(True)
            return font
        if field == "status":
            if role == Qt.CheckStateRole:
                return Qt.Checked if a.status == "done" else Qt.Unchecked
            if role == Qt.ToolTipRole:
                return tr("Tick when the action is done")
            return None
        if role == Qt.DisplayRole:
            if field == "process":
                return process_label(self.document.workshop, a.process)
            if field == "state":
                return self.state_text(a)
            if field == "due":
                return format_date(a.due)  # the user's format; stored YYYY-MM-DD
            if field == "text" and a.kind == "go_and_see" and \
                    not a.text.casefold().startswith("go and see"):
                # a ride-along or shadowing (Follow-up page)
                return tr("Go and see: {text}").format(text=a.text)
            return getattr(a, field)
        if role == Qt.EditRole and field == "due":
            return format_date(a.due)
        if role == Qt.EditRole and field != "state":
            return getattr(a, field) or ("" if field != "process" else None)
        if role == Qt.ToolTipRole and field == "text":
            return a.text
        return None

    def sort_key(self, row: int, column: int):
        a = self.action(row)
        if a is None:
            return (2, "")
        field = FIELDS[column]
        if field in ("status", "state"):
            return (a.status != "open", -self.late(a), a.due or "9999")
        if field == "due":
            return (0, a.due) if a.due else (1, "")
        text = (process_label(self.document.workshop, a.process) if field == "process"
                else getattr(a, field))
        return (0, text.casefold()) if text else (1, "")

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        field = FIELDS[index.column()]
        if self.document.read_only or field == "state":
            return base
        if field == "status":
            return base | Qt.ItemIsUserCheckable
        return base | Qt.ItemIsEditable

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        a = self.action(index.row()) if index.isValid() else None
        if a is None:
            return False
        field = FIELDS[index.column()]
        doc = self.document
        name = a.text if len(a.text) <= 30 else a.text[:29] + "…"
        if field == "status":
            if role != Qt.CheckStateRole:
                return False
            done = Qt.CheckState(value) == Qt.Checked if not isinstance(value, bool) else value
            return doc.update("actions", a.id, status="done" if done else "open",
                              text=(tr("Mark “{name}” done") if done
                                    else tr("Mark “{name}” open")).format(name=name))
        if role != Qt.EditRole:
            return False
        if field == "process":
            if value is not None and value not in doc.workshop.table("processes"):
                return False
            return doc.update("actions", a.id, process=value,
                              text=tr("Link “{name}” to a process").format(name=name))
        text = str(value or "").strip()
        if field == "text":
            try:
                return doc.update("actions", a.id, {"text": text}, text=tr("Edit action"))
            except ops.Refused as e:
                self.problem.emit(str(e).rstrip(".") + tr("; to remove one, select it and "
                                                          "press Delete."))
                return False
        if field == "due":
            try:
                due = parse_date_text(text, tr("due date"))
            except ValueError as e:
                self.problem.emit(tr("“{name}”: {problem}; nothing was changed.").format(
                    name=name, problem=f"{str(e)[0].upper()}{str(e)[1:]}"))
                return False
            return doc.update("actions", a.id, due=due,
                              text=tr("Change due date of “{name}”").format(name=name))
        return doc.update("actions", a.id, owner=" ".join(text.split()),
                          text=tr("Change owner of “{name}”").format(name=name))


class ActionsProxy(QSortFilterProxyModel):
    """Filters by owner (None: everyone) and by state; sorts by real values."""

    STATES = ((N_("All actions"), "all"), (N_("Open"), "open"), (N_("Overdue"), "overdue"),
              (N_("Done"), "done"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.owner: str | None = None
        self.state = "all"

    def set_filter(self, owner: str | None = ..., state: str | None = None) -> None:
        self.beginFilterChange()
        if owner is not ...:
            self.owner = owner
        if state is not None:
            self.state = state
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent) -> bool:
        model: ActionsModel = self.sourceModel()
        a = model.action(row)
        if a is None:
            return False
        if self.owner == NO_OWNER and a.owner.strip():
            return False
        if self.owner not in (None, NO_OWNER) and \
                " ".join(a.owner.split()).casefold() != self.owner.casefold():
            return False
        if self.state == "open":
            return a.status == "open"
        if self.state == "done":
            return a.status == "done"
        if self.state == "overdue":
            return model.late(a) > 0
        return True

    def lessThan(self, left, right) -> bool:
        model: ActionsModel = self.sourceModel()
        return model.sort_key(left.row(), left.column()) < model.sort_key(right.row(),
                                                                         right.column())


class ActionsPage(Page):
    title = "Actions"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        outer = self.page_layout(
            tr("Actions"),
            tr("What happens after the workshop: each action with an owner, a due date "
               "and, where it fits, the process on the map. Overdue actions are red."))

        entry = FlowRow()  # rows wrap in a narrow window
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("action_text")
        self.text_edit.setPlaceholderText(tr("What will be done"))
        self.owner_combo = QComboBox()
        self.owner_combo.setObjectName("action_owner")
        self.owner_combo.setEditable(True)
        self.owner_combo.setInsertPolicy(QComboBox.NoInsert)
        self.owner_combo.lineEdit().setPlaceholderText(tr("Owner"))
        self.owner_combo.setMinimumWidth(140)
        self.due_edit = DateLineEdit(what=tr("due date"))
        self.due_edit.setObjectName("action_due")
        self.due_edit.setPlaceholderText(tr("Due {format}").format(format=format_hint()))
        self.due_edit.setMinimumWidth(self.due_edit.fontMetrics().horizontalAdvance(
            self.due_edit.placeholderText()) + 40)
        self.due_edit.setMaximumWidth(170)
        self.process_combo = QComboBox()
        self.process_combo.setObjectName("action_process")
        self.process_combo.setMinimumWidth(160)
        self.add_button = QPushButton(tr("Add action"))
        self.add_button.clicked.connect(self.add_action)
        for w, stretch in ((self.text_edit, 4), (self.owner_combo, 2), (self.due_edit, 1),
                           (self.process_combo, 2), (self.add_button, 0)):
            entry.addWidget(w, stretch)
        for edit in (self.text_edit, self.due_edit, self.owner_combo.lineEdit()):
            edit.returnPressed.connect(self.add_action)
        outer.addLayout(entry)
        self.message = MessageLine(undo_stack=document.undo_stack)
        self.message.setObjectName("actions_message")
        outer.addWidget(self.message)

        filters = FlowRow()
        filters.addWidget(QLabel(tr("Owner")))
        self.owner_filter = QComboBox()
        self.owner_filter.setObjectName("owner_filter")
        self.owner_filter.setMinimumWidth(160)
        self.owner_filter.currentIndexChanged.connect(self._filter_changed)
        filters.addWidget(self.owner_filter)
        filters.addWidget(QLabel(tr("Show")))
        self.state_filter = QComboBox()
        for text, state in ActionsProxy.STATES:
            self.state_filter.addItem(tr(text), state)
        self.state_filter.currentIndexChanged.connect(self._filter_changed)
        filters.addWidget(self.state_filter)
        filters.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("actions_count")
        filters.addWidget(self.count_label)
        outer.addLayout(filters)

        self.model = ActionsModel(document, self)
        self.model.problem.connect(lambda text: say(self.message, text, error=True))
        self.proxy = ActionsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked
                                   | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.AnyKeyPressed)
        header = self.table.horizontalHeader()
        # Column widths are fitted when rows come or go and when the page is shown, not
        # by the header on every edit (ResizeToContents reads every cell each time).
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(FIELDS.index("text"), QHeaderView.Stretch)
        self.process_delegate = ComboDelegate(self._process_choices, parent=self)
        self.table.setItemDelegateForColumn(FIELDS.index("process"), self.process_delegate)
        DeleteKey(self.table, document, self.delete_selected)
        outer.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.delete_button = QPushButton(tr("Delete selected"))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons.addWidget(self.delete_button)
        outer.addLayout(buttons)

        self.follow(self._fill_owners, {"actions", "participants", "members"}, info=False)
        self.follow(self._fill_processes, {"processes", "departments"})
        self.follow(self._refresh_counts, {"actions"}, info=False)
        self.model.dataChanged.connect(self._rows_changed)
        self.model.modelReset.connect(self._fit_rows_later)
        self._fit_pending = False
        self.refresh()

    @property
    def today(self):
        return self.model.today

    @today.setter
    def today(self, fn) -> None:
        self.model.today = fn
        self.refresh()

    def _process_choices(self):
        w = self.document.workshop
        return [(tr("(no process)"), None)] + [
            (process_label(w, p.id), p.id)
            for p in sorted(w.processes, key=lambda p: (p.stage, (p.name or "").casefold()))]

    # -- document → widgets ------------------------------------------------------------
    def refresh(self) -> None:
        self._fill_owners()
        self._fill_processes()
        self._refresh_counts()
        self._fit_table()

    def _rows_changed(self, top, bottom, _roles=()) -> None:
        """Fit the height of the rows whose text changed (not every row of the table);
        on a hidden page, all rows once it is shown."""
        if not self.is_shown() or bottom.row() - top.row() > 50:
            self._fit_rows_later()
            return
        for row in range(top.row(), bottom.row() + 1):
            shown = self.proxy.mapFromSource(self.model.index(row, 0))
            if shown.isValid():
                self.table.resizeRowToContents(shown.row())

    def _fit_rows_later(self) -> None:
        if self.is_shown():
            self._fit_table()
        else:
            self._fit_pending = True

    def _fit_table(self) -> None:
        """Fit the columns (but the stretched text) and then the rows to their contents."""
        for column, field in enumerate(FIELDS):
            if field != "text":
                self.table.resizeColumnToContents(column)
        self.table.resizeRowsToContents()

    def ensure_fresh(self) -> None:
        super().ensure_fresh()
        if self._fit_pending:
            self._fit_pending = False
            self._fit_table()

    def _fill_owners(self) -> None:
        w = self.document.workshop
        names = owners(w.actions)
        people = {n.casefold(): n for n in names}
        for person in (*w.participants, *w.members):
            name = " ".join(person.name.split())
            if name:
                people.setdefault(name.casefold(), name)
        text = self.owner_combo.currentText()
        self.owner_combo.clear()
        self.owner_combo.addItems(sorted(people.values(), key=str.casefold))
        self.owner_combo.setEditText(text)

        chosen = self.owner_filter.currentData()
        self.owner_filter.blockSignals(True)
        self.owner_filter.clear()
        self.owner_filter.addItem(tr("Everyone"), None)
        for name in names:
            self.owner_filter.addItem(name, name)
        if any(not a.owner.strip() for a in w.actions):
            self.owner_filter.addItem(tr("(no owner)"), NO_OWNER)
        at = self.owner_filter.findData(chosen) if chosen is not None else 0
        self.owner_filter.setCurrentIndex(max(at, 0))
        self.owner_filter.blockSignals(False)
        if self.owner_filter.currentData() != self.proxy.owner:
            self.proxy.set_filter(owner=self.owner_filter.currentData())

    def _fill_processes(self) -> None:
        """The process picker of the entry row: refilled only when processes change."""
        current = self.process_combo.currentData()
        self.process_combo.clear()
        for label, pid in self._process_choices():
            self.process_combo.addItem(label, pid)
        self.process_combo.setCurrentIndex(max(self.process_combo.findData(current), 0))

    def _refresh_counts(self) -> None:
        actions = self.document.workshop.actions
        today = self.model.day()
        open_ = sum(1 for a in actions if a.status == "open")
        late = sum(1 for a in actions if days_overdue(a, today))
        shown = self.proxy.rowCount()
        parts = [ngettext("{n} action", "{n} actions", len(actions)).format(n=len(actions)),
                 tr("{n} open").format(n=open_)]
        if late:
            parts.append(f"<b style='color:{OVERDUE_FG}'>"
                         + tr("{n} overdue").format(n=late) + "</b>")
        self.count_label.setText(", ".join(parts)
                                 + (" · " + tr("{n} shown").format(n=shown)
                                    if shown != len(actions) else ""))
        read_only = self.document.read_only
        for wdg in (self.text_edit, self.owner_combo, self.due_edit, self.process_combo,
                    self.add_button, self.delete_button):
            wdg.setEnabled(not read_only)

    def _filter_changed(self) -> None:
        self.proxy.set_filter(owner=self.owner_filter.currentData(),
                              state=self.state_filter.currentData())
        self.refresh()

    # -- widgets → document ------------------------------------------------------------
    def add_action(self) -> bool:
        text = self.text_edit.text().strip()
        if not text:
            say(self.message, tr("Type what will be done first."), error=True)
            self.text_edit.setFocus()
            return False
        try:
            due = self.due_edit.iso()
        except ValueError as e:
            say(self.message, f"{str(e)[0].upper()}{str(e)[1:]}.", error=True)
            self.due_edit.setFocus()
            self.due_edit.selectAll()
            return False
        change = ops.add_action(self.document.workshop, text, self.owner_combo.currentText(),
                                due, self.process_combo.currentData())
        if not self.document.do(change):
            return False
        note = ""
        if due and due < self.model.today().isoformat():
            note = " " + tr("Its due date is already past, so it shows as overdue.")
        say(self.message, tr("Added “{text}”.").format(text=text) + note)
        # Everything in the entry row belonged to this action: the next one starts empty,
        # so it is never filed under the last one's owner or process by accident.
        self.text_edit.clear()
        self.due_edit.clear()
        self.owner_combo.setEditText("")
        self.process_combo.setCurrentIndex(0)
        self.text_edit.setFocus()
        return True

    def selected_ids(self) -> list[str]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.action(r).id for r in sorted(rows) if self.model.action(r)]

    def delete_selected(self) -> bool:
        return delete_rows(self.document, self.message, "actions", self.selected_ids(),
                           (tr("action"), tr("actions")))

    def select_entity(self, kind: str, id: str) -> None:
        """Select and show the action ``id`` (e.g. from the status bar's "Show")."""
        row = self.model.row_of(id) if kind == "actions" else -1
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def activated(self) -> None:
        self.refresh()
        self.text_edit.setFocus()
