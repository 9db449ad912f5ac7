"""Follow-up: the parking lot, and "go and see" visits for people who never meet a customer.

*Parking lot*: questions and ideas that belong to no process, each with an owner
and a status (open, answered, moved on); a room view shows the open ones in
large type. *Go and see*: who has not met a customer (behind the scenes, and a
story that is missing, indirect or long ago), and their ride-alongs or
shadowing at a frontstage process with a customer-facing colleague on a date.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, ngettext, tr
from ...model import ops
from ...model.actions import parse_date
from ...model.entities import PARKING_STATUS_LABELS
from ...model.followup import go_and_sees, never_met_customer
from ..editing import ComboDelegate, DeleteKey, EntityTableModel, delete_rows, say
from ..reflow import ReflowSplitter, ScrollingBody
from . import Page
from .changes import process_label

PARKING_COLUMNS = (("text", N_("Question or idea")), ("kind", N_("Kind")),
                   ("owner", N_("Owner")), ("status", N_("Status")))
KIND_LABELS = {"question": N_("Question"), "idea": N_("Idea")}
# the model's PARKING_STATUS_LABELS, for the catalogue (translated where shown)
STATUS_WORDS = (N_("Open"), N_("Answered"), N_("Moved on"))
BAD = "#c62828"


class ParkingModel(EntityTableModel):
    KIND = "parking_lot"
    COLUMNS = PARKING_COLUMNS

    def data(self, index, role=Qt.DisplayRole):
        item = self.entity(index.row()) if index.isValid() else None
        if item is None:
            return None
        field = PARKING_COLUMNS[index.column()][0]
        if role == Qt.UserRole:
            return item.id
        if role == Qt.DisplayRole:
            if field == "kind":
                return tr(KIND_LABELS.get(item.kind, item.kind))
            if field == "status":
                return tr(PARKING_STATUS_LABELS.get(item.status, item.status))
            return getattr(item, field)
        if role == Qt.EditRole:
            return getattr(item, field)
        if role == Qt.ForegroundRole and item.status != "open":
            return QBrush(QColor("#7b8794"))
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        return base if self.document.read_only else base | Qt.ItemIsEditable

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        item = self.entity(index.row()) if index.isValid() else None
        if item is None or role != Qt.EditRole:
            return False
        field = PARKING_COLUMNS[index.column()][0]
        text = " ".join(str(value or "").split())
        if field == "text" and not text:
            self.problem.emit(tr("A parking-lot item needs a text; to remove one, select "
                                 "it and press Delete."))
            return False
        if field in ("kind", "status") and value not in (
                KIND_LABELS if field == "kind" else PARKING_STATUS_LABELS):
            return False
        return self.document.update("parking_lot", item.id, {field: value if field in (
            "kind", "status") else text}, text=tr("Edit parking-lot {field}").format(
                field=tr(dict(PARKING_COLUMNS)[field]).lower()))


class FollowUpPage(Page):
    title = "Follow-up"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self.room_view = None
        outer = self.page_layout(
            tr("Follow-up: parking lot and go and see"),
            tr("Park questions and ideas that belong to no process, with who answers them. "
               "Plan a “go and see” for each person whose work never meets a customer: a "
               "ride-along or an hour of shadowing at a frontstage process."))
        self.message = QLabel()
        self.message.setObjectName("followup_message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() + 4)
        outer.addWidget(self.message)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_parking(), tr("Parking lot"))
        self.tabs.addTab(self._build_go_and_see(), tr("Go and see"))
        outer.addWidget(self.tabs, 1)
        self.follow(self.refresh, kinds=("parking_lot", "actions", "participants", "stories",
                                         "processes", "departments"), info=False)
        self.refresh()

    # -- building ------------------------------------------------------------------------
    def _build_parking(self) -> QWidget:
        host = QWidget()
        lay = QVBoxLayout(host)
        lay.setContentsMargins(0, 6, 0, 0)
        entry = QHBoxLayout()
        self.park_text = QLineEdit()
        self.park_text.setObjectName("parking_text")
        self.park_text.setPlaceholderText(tr("A question or idea that belongs to no process"))
        self.park_text.returnPressed.connect(self.add_parking)
        self.park_kind = QComboBox()
        self.park_kind.setObjectName("parking_kind")
        for kind, label in KIND_LABELS.items():
            self.park_kind.addItem(tr(label), kind)
        self.park_owner = QLineEdit()
        self.park_owner.setObjectName("parking_owner")
        self.park_owner.setPlaceholderText(tr("Who answers it"))
        self.park_owner.returnPressed.connect(self.add_parking)
        self.park_add = QPushButton(tr("Park it"))
        self.park_add.clicked.connect(self.add_parking)
        entry.addWidget(self.park_text, 4)
        entry.addWidget(self.park_kind)
        entry.addWidget(self.park_owner, 2)
        entry.addWidget(self.park_add)
        lay.addLayout(entry)
        self.park_model = ParkingModel(self.document, self)
        self.park_model.problem.connect(lambda t: say(self.message, t, error=True))
        self.park_table = QTableView()
        self.park_table.setObjectName("parking_table")
        self.park_table.setModel(self.park_model)
        self.park_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.park_table.verticalHeader().setVisible(False)
        self.park_table.setWordWrap(True)
        header = self.park_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.park_table.setItemDelegateForColumn(1, ComboDelegate(
            lambda: [(tr(v), k) for k, v in KIND_LABELS.items()], parent=self))
        self.park_table.setItemDelegateForColumn(3, ComboDelegate(
            lambda: [(tr(v), k) for k, v in PARKING_STATUS_LABELS.items()], parent=self))
        DeleteKey(self.park_table, self.document, self.delete_parking)
        lay.addWidget(self.park_table, 1)
        buttons = QHBoxLayout()
        self.park_room = QPushButton(tr("Show to the room"))
        self.park_room.setObjectName("parking_room")
        self.park_room.setToolTip(tr("The open questions and ideas in large type, in their own "
                                     "window (F11: full screen, Esc: close)"))
        self.park_room.clicked.connect(self.show_room_view)
        self.park_answered = QPushButton(tr("Mark answered"))
        self.park_answered.clicked.connect(lambda: self.set_status("answered"))
        self.park_delete = QPushButton(tr("Delete selected"))
        self.park_delete.clicked.connect(self.delete_parking)
        buttons.addWidget(self.park_room)
        buttons.addStretch(1)
        buttons.addWidget(self.park_answered)
        buttons.addWidget(self.park_delete)
        lay.addLayout(buttons)
        return host

    def _build_go_and_see(self) -> QWidget:
        splitter = ReflowSplitter(Qt.Horizontal)  # stacks in a narrow window
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addWidget(QLabel(tr("<b>Who has not met a customer</b>")))
        self.unmet_table = QTableWidget(0, 3)
        self.unmet_table.setObjectName("unmet_table")
        self.unmet_table.setHorizontalHeaderLabels([tr("Person"), tr("Why"), tr("Planned")])
        self.unmet_table.verticalHeader().setVisible(False)
        self.unmet_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.unmet_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.unmet_table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.unmet_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.unmet_table.horizontalHeader().setStretchLastSection(True)
        self.unmet_table.itemSelectionChanged.connect(self._unmet_picked)
        lay.addWidget(self.unmet_table, 1)
        box = QGroupBox(tr("Plan a go-and-see"))
        form = QFormLayout(box)
        self.gs_person = QComboBox()
        self.gs_person.setObjectName("gs_person")
        self.gs_host = QComboBox()
        self.gs_host.setObjectName("gs_host")
        self.gs_process = QComboBox()
        self.gs_process.setObjectName("gs_process")
        self.gs_date = QLineEdit()
        self.gs_date.setObjectName("gs_date")
        self.gs_date.setPlaceholderText("YYYY-MM-DD")
        self.gs_text = QLineEdit()
        self.gs_text.setObjectName("gs_text")
        self.gs_text.setPlaceholderText(tr("Ride along for a morning / shadow for an hour"))
        self.gs_add = QPushButton(tr("Plan it"))
        self.gs_add.clicked.connect(self.add_go_and_see)
        form.addRow(tr("Who goes"), self.gs_person)
        form.addRow(tr("With"), self.gs_host)
        form.addRow(tr("Where"), self.gs_process)
        form.addRow(tr("When"), self.gs_date)
        form.addRow(tr("What"), self.gs_text)
        form.addRow("", self.gs_add)
        lay.addWidget(box)
        splitter.addWidget(left)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(8, 6, 0, 0)
        rlay.addWidget(QLabel(tr("<b>Go-and-see visits</b> (also listed under Actions)")))
        self.gs_table = QTableWidget(0, 5)
        self.gs_table.setObjectName("gs_table")
        self.gs_table.setHorizontalHeaderLabels([tr("Who goes"), tr("Where"), tr("With"),
                                                 tr("When"), tr("Status")])
        self.gs_table.verticalHeader().setVisible(False)
        self.gs_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.gs_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.gs_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.gs_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.gs_table.setWordWrap(True)
        rlay.addWidget(self.gs_table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.gs_done = QPushButton(tr("Mark done"))
        self.gs_done.clicked.connect(self.mark_visits_done)
        self.gs_delete = QPushButton(tr("Delete selected"))
        self.gs_delete.clicked.connect(self.delete_visits)
        row.addWidget(self.gs_done)
        row.addWidget(self.gs_delete)
        rlay.addLayout(row)
        splitter.addWidget(right)
        splitter.setSizes([420, 480])
        return ScrollingBody(splitter)  # stacked panels scroll on a short screen

    # -- document → widgets ------------------------------------------------------------------
    def refresh(self) -> None:
        w = self.document.workshop
        self.park_table.resizeRowsToContents()
        unmet = never_met_customer(w)
        self.unmet_table.blockSignals(True)
        self.unmet_table.setRowCount(len(unmet))
        for r, u in enumerate(unmet):
            planned = ", ".join(a.due or tr("no date") for a in u.visits)
            cells = (u.person.name or tr("(unnamed)"), tr(u.reason), planned or tr("none yet"))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, u.person.id)
                if c == 2 and not u.visits:
                    item.setForeground(QBrush(QColor(BAD)))
                self.unmet_table.setItem(r, c, item)
        self.unmet_table.blockSignals(False)
        had_person = self.gs_person.currentData() is not None
        self._fill_combo(self.gs_person, [(p.name or tr("(unnamed)"), p.id)
                                          for p in w.participants],
                         None)
        if not had_person and unmet:  # start with the first person who needs a visit
            self.gs_person.setCurrentIndex(max(self.gs_person.findData(unmet[0].person.id), 0))
        self._fill_combo(self.gs_host, [(tr("(nobody in particular)"), None)] + [
            (p.name or tr("(unnamed)"), p.id) for p in w.participants if p.customer_facing],
            None)
        procs = sorted(w.processes, key=lambda p: (not p.frontstage, not p.moment_of_truth,
                                                   p.stage, (p.name or "").casefold()))
        self._fill_combo(self.gs_process, [(tr("(no process)"), None)] + [
            (("★ " if p.moment_of_truth else "") + process_label(w, p.id), p.id)
            for p in procs], None)
        visits = go_and_sees(w)
        names = {p.id: p.name for p in w.participants}
        self.gs_table.setRowCount(len(visits))
        for r, a in enumerate(visits):
            cells = (names.get(a.person) or a.owner or "—", process_label(w, a.process) or "—",
                     names.get(a.host) or "—", a.due or "—",
                     tr("Done") if a.status == "done" else tr("Open"))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, a.id)
                item.setToolTip(a.text)
                self.gs_table.setItem(r, c, item)
        self.gs_table.resizeRowsToContents()
        read_only = self.document.read_only
        for wdg in (self.park_text, self.park_kind, self.park_owner, self.park_add,
                    self.park_answered, self.park_delete, self.gs_person, self.gs_host,
                    self.gs_process, self.gs_date, self.gs_text, self.gs_add, self.gs_done,
                    self.gs_delete):
            wdg.setEnabled(not read_only)

    @staticmethod
    def _fill_combo(combo: QComboBox, entries, _default) -> None:
        current = combo.currentData()
        combo.clear()
        for text, data in entries:
            combo.addItem(text, data)
        at = combo.findData(current) if current is not None else -1
        combo.setCurrentIndex(max(at, 0))

    def _unmet_picked(self) -> None:
        rows = self.unmet_table.selectionModel().selectedRows()
        if rows:
            uid = self.unmet_table.item(rows[0].row(), 0).data(Qt.UserRole)
            self.gs_person.setCurrentIndex(max(self.gs_person.findData(uid), 0))

    # -- widgets → document ------------------------------------------------------------------
    def add_parking(self) -> bool:
        text = " ".join(self.park_text.text().split())
        if not text:
            say(self.message, tr("Type the question or idea first."), error=True)
            self.park_text.setFocus()
            return False
        try:
            change = ops.park(self.document.workshop, text, self.park_kind.currentData(),
                              self.park_owner.text())
        except ops.Refused as e:
            say(self.message, str(e), error=True)
            return False
        if not self.document.do(change):
            return False
        say(self.message, tr("Parked “{text}”.").format(text=text))
        self.park_text.clear()
        self.park_owner.clear()  # the next item's owner is not this one's
        self.park_text.setFocus()
        return True

    def _selected_parking(self) -> list[str]:
        rows = sorted({i.row() for i in self.park_table.selectionModel().selectedRows()})
        return [self.park_model.entity(r).id for r in rows if self.park_model.entity(r)]

    def set_status(self, status: str) -> bool:
        ids = self._selected_parking()
        if not ids:
            say(self.message, tr("Select the items first."), error=True)
            return False
        from ...commands import ChangeCommand
        from ...model import Update
        return self.document.push(ChangeCommand(
            self.document, ngettext("Mark {n} parked item {status}",
                                    "Mark {n} parked items {status}", len(ids)).format(
                n=len(ids), status=tr(PARKING_STATUS_LABELS.get(status, status)).lower()),
            [Update("parking_lot", i, {"status": status}) for i in ids]))

    def delete_parking(self) -> bool:
        return delete_rows(self.document, self.message, "parking_lot",
                           self._selected_parking(), (tr("parked item"), tr("parked items")))

    def show_room_view(self):
        from ..parking_view import ParkingLotView
        if self.room_view is None:
            self.room_view = ParkingLotView(self.document)
            self.room_view.setAttribute(Qt.WA_DeleteOnClose, False)
            self.destroyed.connect(self.room_view.deleteLater)
            self.room_view.resize(1024, 640)
        self.room_view.show()
        self.room_view.raise_()
        return self.room_view

    def add_go_and_see(self) -> bool:
        w = self.document.workshop
        uid = self.gs_person.currentData()
        if uid is None:
            say(self.message, tr("Choose who goes first (add participants on the "
                                 "Participants page)."), error=True)
            return False
        try:
            due = parse_date(self.gs_date.text(), tr("date"))
        except ValueError as e:
            say(self.message, f"{str(e)[0].upper()}{str(e)[1:]}.", error=True)
            self.gs_date.setFocus()
            return False
        try:
            change = ops.plan_go_and_see(w, uid, self.gs_host.currentData(),
                                         self.gs_process.currentData(), due,
                                         self.gs_text.text())
        except ops.Refused as e:
            say(self.message, str(e), error=True)
            return False
        if not self.document.do(change):
            return False
        person = w.get("participants", uid)
        text = change[0].entity.text
        say(self.message, (tr("Planned “{text}” for {name} on {date}.") if due
                           else tr("Planned “{text}” for {name}.")).format(
            text=text, name=person.name, date=due))
        self.gs_text.clear()
        self.gs_date.clear()
        return True

    def _selected_visits(self) -> list[str]:
        rows = sorted({i.row() for i in self.gs_table.selectionModel().selectedRows()})
        return [self.gs_table.item(r, 0).data(Qt.UserRole) for r in rows]

    def mark_visits_done(self) -> bool:
        ids = self._selected_visits()
        if not ids:
            say(self.message, tr("Select the visits first."), error=True)
            return False
        from ...commands import ChangeCommand
        from ...model import Update
        return self.document.push(ChangeCommand(
            self.document, tr("Mark go-and-see done"),
            [Update("actions", i, {"status": "done"}) for i in ids]))

    def delete_visits(self) -> bool:
        return delete_rows(self.document, self.message, "actions", self._selected_visits(),
                           (tr("visit"), tr("visits")))
