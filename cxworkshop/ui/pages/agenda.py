"""Agenda: the workshop's steps with planned minutes, a countdown per step, time spent.

PageDown/PageUp (a presentation clicker) go to the next/previous step, Ctrl+T
starts and pauses the timer; the time spent is stored per step. The room's
buttons take no keyboard focus, so no typed key presses them.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from ...i18n import ngettext, tr
from ...model import AgendaItem, new_id, ops, rules
from ...model.agenda import OVER, WARNING, default_agenda, format_clock
from ...model.room import AGENDA
from ..presenter.controller import room_for
from ..reflow import FlowRow
from ..theme import role
from . import Page

CURRENT_ROW_BG = QColor(255, 179, 0, 70)   # amber tint: the step the room is on
STATE_STYLE = {"ok": "", WARNING: "background: #ffb300; color: #000000;",
               OVER: "background: #c62828; color: #ffffff;"}


class AgendaPage(Page):
    title = "Agenda"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self.room = room_for(document)
        self._filling = False
        self._shown_step = -1
        layout = self.page_layout(
            tr("Agenda and timer"),
            tr("PageDown / PageUp: next / previous step (a presentation clicker works). "
               "Ctrl+T: start / pause. The time spent is saved per step."))

        # the countdown
        clock = FlowRow()  # rows wrap in a narrow window
        self.step_label = QLabel()
        self.step_label.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.step_label.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        self.countdown.setAlignment(Qt.AlignCenter)
        self.countdown.setMinimumWidth(220)
        self.state_label = QLabel()
        clock.addWidget(self.step_label, 1)
        clock.addWidget(self.state_label)
        clock.addWidget(self.countdown)
        layout.addLayout(clock)
        controls = FlowRow()
        self.prev_button = QPushButton(tr("◀ Previous (PgUp)"))
        self.prev_button.clicked.connect(self.room.previous_step)
        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.room.toggle_timer)
        self.next_button = QPushButton(tr("Next (PgDn) ▶"))
        self.next_button.clicked.connect(self.room.next_step)
        self.reset_button = QPushButton(tr("Reset this step's time"))
        self.reset_button.clicked.connect(self.room.reset_timer)
        self.reset_button.setFocusPolicy(Qt.NoFocus)
        for b in (self.prev_button, self.start_button, self.next_button):
            b.setFocusPolicy(Qt.NoFocus)
            controls.addWidget(b)
        controls.addStretch(1)
        controls.addWidget(self.reset_button)
        layout.addLayout(controls)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels((tr("Step"), tr("Planned minutes"),
                                              tr("Time spent")))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        # F2 or a double-click edits (letters do not start editing)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked
                                   | QAbstractItemView.EditKeyPressed)
        self.table.itemChanged.connect(self._cell_edited)
        self.table.cellDoubleClicked.connect(lambda row, col: col == 2 and self.room.go_to(row))
        layout.addWidget(self.table, 1)

        edit = FlowRow()
        self.default_button = QPushButton(tr("Use the default agenda"))
        self.default_button.clicked.connect(self.use_default)
        add = QPushButton(tr("Add step"))
        add.clicked.connect(self.add_step)
        self.go_button = QPushButton(tr("Make selected step current"))
        self.go_button.clicked.connect(self._go_selected)
        self.go_button.setFocusPolicy(Qt.NoFocus)  # a room action: no typed key presses it
        up = QPushButton(tr("Move up"))
        up.clicked.connect(lambda: self.move_selected(-1))
        down = QPushButton(tr("Move down"))
        down.clicked.connect(lambda: self.move_selected(1))
        remove = QPushButton(tr("Remove step"))
        remove.clicked.connect(self.remove_selected)
        self.total_label = QLabel()
        role(self.total_label, "hint")
        edit.addWidget(self.total_label, 1)
        for b in (self.default_button, add, self.go_button, up, down, remove):
            edit.addWidget(b)
        layout.addLayout(edit)

        self.follow(self.refresh, {"agenda"}, info=False)
        self.room.step_changed.connect(self.refresh)
        self.room.timer_changed.connect(self._tick)
        self.room.tick.connect(self._tick)
        self.refresh()

    # -- document → widgets -----------------------------------------------------------------
    def refresh(self, *_) -> None:
        steps = self.document.all("agenda")
        self._filling = True
        self.table.setRowCount(len(steps))
        for row, step in enumerate(steps):
            title = QTableWidgetItem(step.title)
            planned = QTableWidgetItem(str(step.planned_minutes))
            planned.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            spent = QTableWidgetItem(format_clock(step.actual_seconds)
                                     if step.actual_seconds is not None else "—")
            spent.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            spent.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            for col, item in enumerate((title, planned, spent)):
                item.setData(Qt.UserRole, step.id)
                if row == self.room.step_index:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                    item.setBackground(CURRENT_ROW_BG)
                self.table.setItem(row, col, item)
        self._filling = False
        # the current step is the highlighted row (when it changes; a row the facilitator
        # picked to edit or move stays picked until the room moves on)
        current = self.room.step_index if 0 <= self.room.step_index < len(steps) else -1
        if current != self._shown_step or not self.table.selectionModel().hasSelection():
            self._shown_step = current
            if current >= 0:
                self.table.selectRow(current)
        self.default_button.setVisible(not steps)
        planned = sum(s.planned_minutes for s in steps)
        spent = sum(s.actual_seconds or 0 for s in steps)
        self.total_label.setText(tr("{steps} · planned {minutes} min · spent {clock}").format(
            steps=ngettext("{n} step", "{n} steps", len(steps)).format(n=len(steps)),
            minutes=planned, clock=format_clock(spent)))
        self._tick()

    def _tick(self) -> None:
        step = self.room.current_step()
        steps = self.document.all("agenda")
        if step is None:
            self.step_label.setText(tr("No agenda yet — use the default agenda or add steps."))
            self.countdown.setText("")
            self.state_label.setText("")
        else:
            self.step_label.setText(tr("Step {i} of {n}: {title}").format(
                i=self.room.step_index + 1, n=len(steps), title=step.title))
            text, state = self.room.countdown()
            self.countdown.setText(text)
            self.countdown.setProperty("state", state)
            self.countdown.setStyleSheet("font-size: 32pt; font-weight: 700; padding: 4px 16px;"
                                         " border-radius: 6px; " + STATE_STYLE[state])
            self.state_label.setText({WARNING: tr("Last minute"),
                                      OVER: tr("Time is up")}.get(state, ""))
        running = self.room.timer.running
        self.start_button.setText(tr("Pause (Ctrl+T)") if running else tr("Start (Ctrl+T)"))
        for b in (self.prev_button, self.start_button, self.next_button, self.reset_button):
            b.setEnabled(step is not None)

    # -- widgets → document ----------------------------------------------------------------------
    def use_default(self) -> bool:
        """Fill an empty agenda with the default steps from resources/ (one undo step)."""
        if self.document.all("agenda"):
            return False
        return self.document.add(*default_agenda(), text=tr("Use the default agenda"))

    def add_step(self) -> None:
        self.document.add(AgendaItem(new_id(), tr("New step"), 10), text=tr("Add agenda step"))
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 0))

    def _selected_row(self) -> int:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return min(rows) if rows else -1

    def _go_selected(self) -> None:
        row = self._selected_row()
        if row >= 0:
            self.room.go_to(row)

    def remove_selected(self) -> None:
        row = self._selected_row()
        if row >= 0:
            step = self.document.all("agenda")[row]
            self.document.remove([("agenda", step.id)], text=tr("Remove step {title}").format(
                title=step.title))

    def move_selected(self, delta: int) -> None:
        """Move the selected step up or down (one undo step)."""
        steps = self.document.all("agenda")
        row = self._selected_row()
        new = row + delta
        if row < 0 or not 0 <= new < len(steps):
            return
        order = list(steps)
        order.insert(new, order.pop(row))
        before = order[new + 1].id if new + 1 < len(order) else None
        current = self.room.current_step()
        self.document.do(ops.reorder(self.document.workshop, "agenda", steps[row].id, before,
                                     tr("Move agenda step")))
        if current is not None:
            self.room.step_index = [s.id for s in order].index(current.id)
            self.refresh()
        self.table.selectRow(new)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        sid = item.data(Qt.UserRole)
        if item.column() == 0:
            text = rules.clean(item.text())
            if text:
                self.document.update("agenda", sid, title=text)
            elif self.window_:
                self.window_.statusBar().showMessage(
                    rules.required_message("agenda", "title"), 6000)
        elif item.column() == 1:
            try:
                minutes = int(item.text().strip())
                if not 0 <= minutes <= 24 * 60:
                    raise ValueError
            except ValueError:
                self.window_ and self.window_.statusBar().showMessage(
                    tr("“{text}” is not a number of minutes (0–1440).").format(
                        text=item.text()), 6000)
            else:
                self.document.update("agenda", sid, planned_minutes=minutes)
        self.refresh()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key_PageDown and self.window_ is None:
            self.room.next_step()
        elif key == Qt.Key_PageUp and self.window_ is None:
            self.room.previous_step()
        else:
            super().keyPressEvent(event)

    def presenter_view(self) -> tuple:
        return (AGENDA,)
