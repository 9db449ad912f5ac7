"""Customer Champions: anyone calls out a colleague's customer-focused behaviour; a leaderboard.

The postcards themselves are printed by the PDF export; here the facilitator
types the call-outs as the room makes them and corrects them afterwards.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, ngettext, tr
from ...model import ops, rules
from ...model.actions import parse_date
from ...model.champions import leaderboard
from .. import plain_tip
from ..editing import DeleteKey, MessageLine, TextEdit, delete_rows, say
from . import Page

CALLOUT_COLUMNS = (("date", N_("Date")), ("nominee", N_("Champion")),
                   ("nominator", N_("Called out by")),
                   ("behaviour", N_("What they did for a customer")))


def known_names(workshop) -> list[str]:
    """Everyone the session knows by name: participants, members, earlier call-outs."""
    names: dict[str, str] = {}
    for name in (*(p.name for p in workshop.participants), *(m.name for m in workshop.members),
                 *(r.nominee for r in workshop.recognitions),
                 *(r.nominator for r in workshop.recognitions)):
        name = " ".join((name or "").split())
        if name:
            names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


class ChampionsPage(Page):
    title = "Champions"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self.today = dt.date.today  # replaceable in tests
        self._filling = False
        outer = self.page_layout(
            tr("Customer Champions"),
            tr("Anyone can call out a colleague for something they did for a customer. "
               "Each call-out becomes a postcard in the PDF export."))
        self.message = MessageLine(undo_stack=document.undo_stack)
        outer.addWidget(self.message)

        splitter = QSplitter(Qt.Horizontal)
        outer.addWidget(splitter, 1)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        form_box = QGroupBox(tr("Call out a colleague"))
        form = QFormLayout(form_box)
        self.nominee_combo = self._name_combo(tr("Who did it?"))
        self.nominee_combo.setObjectName("callout_nominee")
        self.nominator_combo = self._name_combo(tr("Who saw it? (optional)"))
        self.nominator_combo.setObjectName("callout_nominator")
        self.behaviour_edit = TextEdit(rows=3)
        self.behaviour_edit.setObjectName("callout_behaviour")
        self.behaviour_edit.setPlaceholderText(tr("What they did, for which customer, and why it "
                                               "mattered"))
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("callout_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.add_button = QPushButton(tr("Call out"))
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_callout)
        form.addRow(tr("Champion"), self.nominee_combo)
        form.addRow(tr("Called out by"), self.nominator_combo)
        form.addRow(tr("Behaviour"), self.behaviour_edit)
        row = QHBoxLayout()
        row.addWidget(self.date_edit)
        row.addStretch(1)
        row.addWidget(self.add_button)
        form.addRow(tr("Date"), row)
        lay.addWidget(form_box)

        board_box = QGroupBox(tr("Leaderboard"))
        board_lay = QVBoxLayout(board_box)
        self.board = QTableWidget(0, 4)
        self.board.setObjectName("leaderboard")
        self.board.setHorizontalHeaderLabels(("#", tr("Champion"), tr("Call-outs"),
                                              tr("Latest")))
        self.board.verticalHeader().setVisible(False)
        self.board.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.board.setSelectionMode(QAbstractItemView.NoSelection)
        header = self.board.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        board_lay.addWidget(self.board)
        lay.addWidget(board_box, 1)
        splitter.addWidget(left)

        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("font-weight: 600;")
        rlay.addWidget(self.count_label)
        self.table = QTableWidget(0, len(CALLOUT_COLUMNS))
        self.table.setObjectName("callouts")
        self.table.setHorizontalHeaderLabels([tr(h) for _f, h in CALLOUT_COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked
                                   | QAbstractItemView.EditKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.itemChanged.connect(self._cell_edited)
        DeleteKey(self.table, document, self.delete_selected)
        rlay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.delete_button = QPushButton(tr("Delete selected"))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons.addWidget(self.delete_button)
        rlay.addLayout(buttons)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 640])

        self.reset_date()
        self.follow(self.refresh, {"recognitions", "participants", "members"}, info=False)
        self.refresh()

    def _name_combo(self, placeholder: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.NoInsert)
        combo.lineEdit().setPlaceholderText(placeholder)
        combo.completer().setCaseSensitivity(Qt.CaseInsensitive)
        combo.completer().setFilterMode(Qt.MatchContains)
        return combo

    def reset_date(self) -> None:
        today = self.today()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))

    # -- document → widgets --------------------------------------------------------------
    def refresh(self) -> None:
        w = self.document.workshop
        self._filling = True
        names = known_names(w)
        for combo in (self.nominee_combo, self.nominator_combo):
            text = combo.currentText()
            combo.clear()
            combo.addItems(names)
            combo.setEditText(text)

        board = leaderboard(w.recognitions)
        self.board.setRowCount(len(board))
        rank = 0
        previous = None
        for i, row in enumerate(board):
            if (row.count, row.latest) != previous:
                rank = i + 1  # ties on count and date share a place
            previous = (row.count, row.latest)
            for col, text in enumerate((str(rank), row.nominee, str(row.count),
                                        row.latest or "—")):
                item = QTableWidgetItem(text)
                if col in (0, 2):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if i == 0:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.board.setItem(i, col, item)

        recs = sorted(w.recognitions, key=lambda r: r.date or "", reverse=True)
        self.table.setRowCount(len(recs))
        for row, r in enumerate(recs):
            for col, (field, _h) in enumerate(CALLOUT_COLUMNS):
                item = QTableWidgetItem(getattr(r, field) or "")
                item.setData(Qt.UserRole, r.id)
                item.setToolTip(plain_tip(r.behaviour))
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        people = len(board)
        self.count_label.setText(
            tr("{callouts} for {colleagues}").format(
                callouts=ngettext("{n} call-out", "{n} call-outs", len(recs)).format(
                    n=len(recs)),
                colleagues=ngettext("{n} colleague", "{n} colleagues", people).format(n=people))
            if recs else tr("No call-outs yet: the first one is often the hardest."))
        read_only = self.document.read_only
        for wdg in (self.nominee_combo, self.nominator_combo, self.behaviour_edit,
                    self.date_edit, self.add_button, self.delete_button):
            wdg.setEnabled(not read_only)
        if read_only:
            self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self._filling = False

    # -- widgets → document --------------------------------------------------------------
    def add_callout(self) -> bool:
        nominee = " ".join(self.nominee_combo.currentText().split())
        behaviour = self.behaviour_edit.toPlainText().strip()
        if not nominee:
            say(self.message, tr("Who is being called out? Type the champion's name."),
                error=True)
            self.nominee_combo.setFocus()
            return False
        if not behaviour:
            say(self.message, tr("What did {name} do for a customer? A call-out needs the "
                                 "behaviour, in a sentence or two.").format(name=nominee),
                error=True)
            self.behaviour_edit.setFocus()
            return False
        date = self.date_edit.date().toString("yyyy-MM-dd")
        try:
            change = ops.call_out(self.document.workshop, nominee, behaviour,
                                  self.nominator_combo.currentText(), date)
        except ops.Refused as e:   # e.g. a name longer than a name can be
            say(self.message, str(e), error=True)
            return False
        if not self.document.do(change):
            return False
        say(self.message, tr("{name} called out. Thank you!").format(name=nominee))
        self.nominee_combo.setEditText("")
        self.nominator_combo.setEditText("")
        self.behaviour_edit.clear()
        self.reset_date()
        self.nominee_combo.setFocus()
        return True

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        rid = item.data(Qt.UserRole)
        rec = self.document.get("recognitions", rid)
        if rec is None:
            return
        field = CALLOUT_COLUMNS[item.column()][0]
        text = item.text().strip()
        value: str | None = " ".join(text.split()) if field != "behaviour" else text
        error = None
        if field == "date":
            try:
                value = parse_date(text, "date")
            except ValueError as e:
                error = tr("{name}: {problem}; the date was not changed.").format(
                    name=rec.nominee, problem=e)
        elif (problem := rules.field_problem("recognitions", field, value)):
            error = tr("{problem}; to remove it, select it and press Delete.").format(
                problem=problem.rstrip("."))
        if error:
            say(self.message, error, error=True)
            self.refresh()
            return
        say(self.message, "")
        self.document.update("recognitions", rid, {field: value},
                             text=tr("Edit call-out of {name}").format(name=rec.nominee))
        self.refresh()

    def delete_selected(self) -> bool:
        ids = sorted({self.table.item(i.row(), 0).data(Qt.UserRole)
                      for i in self.table.selectedIndexes()})
        return delete_rows(self.document, self.message, "recognitions", ids,
                           (tr("call-out"), tr("call-outs")))

    def activated(self) -> None:
        if self.date_edit.date() < QDate.currentDate() and not self.behaviour_edit.toPlainText():
            self.reset_date()
        self.nominee_combo.setFocus()
