"""Connect the dots: each person picks their process and says how it reaches the customer.

Selecting a person lights up their process chain on the map (and on the
projector); the lists on the right are the conversation starters.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...i18n import tr
from ...model import Placement, ops
from ...model.connect import (
    placed_processes,
    placements_by_person,
    reached_moments,
    reaching_processes,
    unconnected_people,
    unplaced_people,
    untouched_moments,
)
from ...model.graph import ProcessGraph
from ...model.room import CONNECT
from ..canvas.scene import MapScene
from ..canvas.view import MapView
from ..editing import MessageLine, say
from ..presenter.controller import room_for
from ..reflow import SidePanelToggle
from ..theme import role
from . import Page


class ConnectPage(Page):
    title = "Connect the dots"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self.room = room_for(document)
        self._filling = False
        self._picked = False  # has the facilitator picked a person (the room sees a chain)?
        self._lit: tuple | None = None  # what is lit now (not lit again when unchanged)
        self._renamed: set[str] | None = set()  # processes whose picker text is stale
        document.entity_changed.connect(self._process_changed)
        document.entity_added.connect(self._process_came_or_went)
        document.entity_removed.connect(self._process_came_or_went)
        document.info_changed.connect(self._stages_changed)
        self._fit_scale: float | None = None   # the scale of the last fit, while nobody zooms
        outer = self.page_layout(
            tr("Connect the dots"),
            tr("Pick a person, then their process (in the list or by clicking a box on "
               "the map), and write one line on how their daily work reaches the "
               "customer. The selected person's chain lights up."))

        splitter = QSplitter(Qt.Horizontal)
        outer.addWidget(splitter, 1)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        self.people = QListWidget()
        self.people.setWordWrap(True)   # "● Name — process, process" is never cut off
        self.people.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.people.currentRowChanged.connect(self._person_changed)
        self.people.itemPressed.connect(self._person_picked)
        lay.addWidget(self.people, 1)
        form_box = QGroupBox(tr("Where this person's work sits"))
        form = QFormLayout(form_box)
        form.setRowWrapPolicy(QFormLayout.WrapAllRows)
        self.process_combo = QComboBox()
        # long "name — department, stage" entries must not widen the column (the popup shows them)
        self.process_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.process_combo.setMinimumContentsLength(16)
        self.process_combo.activated.connect(self._process_picked)
        self.statement = QLineEdit()
        self.statement.setPlaceholderText(
            tr("e.g. I decide how fast a worried customer gets help"))
        self.statement.editingFinished.connect(self._commit_statement)
        form.addRow(tr("Process"), self.process_combo)
        form.addRow(tr("How it reaches the customer"), self.statement)
        lay.addWidget(form_box)
        # Both lines below keep their height whatever they say, so nothing under the
        # pointer moves after a pick; the destructive button sits apart from the fields.
        self.chain_label = MessageLine(lines=3)
        role(self.chain_label, "hint")
        lay.addWidget(self.chain_label)
        self.message = MessageLine(lines=2, undo_stack=document.undo_stack)
        lay.addWidget(self.message)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        self.remove_button = QPushButton(tr("Remove from the map…"))
        self.remove_button.setToolTip(
            tr("Takes this person off the map; Undo brings them back"))
        self.remove_button.clicked.connect(self.unplace)
        remove_row.addWidget(self.remove_button)
        lay.addSpacing(12)
        lay.addLayout(remove_row)
        left.setMaximumWidth(440)  # at least what its labels need (large text grows it)
        splitter.addWidget(left)

        middle = QWidget()
        mlay = QVBoxLayout(middle)
        mlay.setContentsMargins(0, 0, 0, 0)
        self.scene = MapScene(document, self)
        self.scene.set_read_only(True)
        self.view = MapView(self.scene)
        self.scene.selectionChanged.connect(self._map_clicked)
        # a click on the box that is already selected still places the current person
        self.view.viewport().installEventFilter(self)
        tools = QHBoxLayout()
        tools.addStretch(1)
        self.fit_button = QPushButton(tr("Fit"))
        self.fit_button.setToolTip(tr("Show the whole map (Ctrl+0)"))
        self.fit_button.clicked.connect(self.fit)
        tools.addWidget(self.fit_button)
        mlay.addLayout(tools)
        mlay.addWidget(self.view, 1)
        splitter.addWidget(middle)

        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        self.unconnected = self._list(rlay, tr("No path to a moment of truth"))
        self.untouched = self._list(rlay, tr("Moments of truth nobody here touches"))
        self.unplaced = self._list(rlay, tr("Not on the map yet"))
        right.setMaximumWidth(340)
        splitter.addWidget(right)
        for index, stretch in enumerate((0, 1, 0)):
            splitter.setStretchFactor(index, stretch)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([270, 900, 240])  # the map gets what is left
        # in a narrow window the three lists fold away behind a toggle: the map keeps room
        self.side_toggle = SidePanelToggle(splitter, right, tools, tr("Lists"), main_min=700)

        self.follow(self._fill_processes, {"processes", "departments"})
        self.follow(self._refresh_people, {"participants", "processes", "links", "placements"},
                    info=False)
        self.refresh()

    def _list(self, layout, title: str) -> QListWidget:
        box = QGroupBox()
        lay = QVBoxLayout(box)
        heading = QLabel(title)  # wraps in a narrow column, where a box title is cut off
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: 600;")
        lay.addWidget(heading)
        lst = QListWidget()
        lst.setWordWrap(True)
        lst.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        lst.itemActivated.connect(self._list_item_activated)
        lay.addWidget(lst)
        layout.addWidget(box)
        box.setObjectName(title)
        return lst

    # -- document → widgets -----------------------------------------------------------------
    def refresh(self) -> None:
        self._renamed = None
        self._fill_processes()
        self._refresh_people()

    def _process_changed(self, kind: str, id: str, fields) -> None:
        if kind == "processes" and self._renamed is not None and "position" not in fields:
            self._renamed.add(id)
        elif kind in ("processes", "departments"):
            self._renamed = None

    def _stages_changed(self, _fields) -> None:
        self._renamed = None

    def _process_came_or_went(self, kind: str, _id: str) -> None:
        if kind in ("processes", "departments"):
            self._renamed = None

    def _fill_processes(self) -> None:
        """The process picker: texts of changed processes, or all when some came or went."""
        renamed, self._renamed = self._renamed, set()
        if renamed is not None and self.process_combo.count() == len(
                self.document.workshop.table("processes")) + 1:
            for pid in renamed:
                at = self.process_combo.findData(pid)
                if at > 0:
                    self.process_combo.setItemText(at, self._process_text(pid))
            return
        w = self.document.workshop
        filling, self._filling = self._filling, True
        current = self.process_combo.currentData()
        self.process_combo.clear()
        self.process_combo.addItem(tr("(choose a process)"), None)
        for pid in w.table("processes"):
            self.process_combo.addItem(self._process_text(pid), pid)
        self.process_combo.setCurrentIndex(max(self.process_combo.findData(current), 0))
        self._filling = filling

    def _process_text(self, pid: str) -> str:
        w = self.document.workshop
        proc = w.table("processes")[pid]
        stages = w.info.stages
        dept = w.table("departments").get(proc.department) if proc.department else None
        star = "★ " if proc.moment_of_truth else ""
        return (f"{star}{proc.name} — {dept.name if dept else 'Unassigned'}, "
                f"{stages[proc.stage] if proc.stage < len(stages) else ''}")

    def _refresh_people(self) -> None:
        w = self.document.workshop
        graph = ProcessGraph.of(w)
        current = self.current_participant()
        self._filling = True
        self.people.clear()
        unconnected_list = unconnected_people(w, graph)
        unconnected = {p.id for p in unconnected_list}
        placed = placements_by_person(w)
        processes = w.table("processes")
        for p in w.participants:
            pids = placed.get(p.id, [])
            where = ", ".join(processes[pid].name for pid in pids) or tr("not placed")
            mark = "⚠ " if p.id in unconnected else ("● " if pids else "○ ")
            item = QListWidgetItem(f"{mark}{p.name} — {where}")
            item.setData(Qt.UserRole, p.id)
            self.people.addItem(item)
            if p.id == current:
                self.people.setCurrentItem(item)
        self._fill(self.unconnected, [(p.name, ("participants", p.id))
                                      for p in unconnected_list],
                   tr("Everyone placed reaches a moment of truth."))
        self._fill(self.untouched, [("★ " + p.name, ("processes", p.id))
                                    for p in untouched_moments(w, graph)],
                   tr("No moments of truth marked on the map.") if not any(
                       p.moment_of_truth for p in w.processes)
                   else tr("Every moment of truth is touched by someone here."))
        self._fill(self.unplaced, [(p.name, ("participants", p.id))
                                   for p in unplaced_people(w)], tr("Everyone is on the map."))
        self._filling = False
        if self.people.currentRow() < 0 and self.people.count():
            self._picked = False  # chosen for the facilitator, not by them
            self.people.setCurrentRow(0)
        else:
            self._person_changed(self.people.currentRow())

    @staticmethod
    def _fill(lst: QListWidget, rows, empty: str) -> None:
        lst.clear()
        for text, data in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, data)
            lst.addItem(item)
        if not rows:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.NoItemFlags)
            lst.addItem(item)

    def current_participant(self) -> str | None:
        item = self.people.currentItem()
        return item.data(Qt.UserRole) if item else None

    def current_placement(self) -> Placement | None:
        pid = self.current_participant()
        for pl in self.document.workshop.table("placements").values():
            if pl.participant == pid:
                return pl
        return None

    def _person_picked(self, *_) -> None:
        self._picked = True
        self._lit = None  # light up again: now the room sees it too
        self._person_changed(self.people.currentRow())

    def _person_changed(self, row: int) -> None:
        if self._filling:
            return
        w = self.document.workshop
        pid = self.current_participant()
        placement = self.current_placement()
        self._filling = True
        index = self.process_combo.findData(placement.process) if placement else 0
        self.process_combo.setCurrentIndex(max(index, 0))
        self.statement.setText(placement.statement if placement else "")
        self._filling = False
        enabled = pid is not None and not self.document.read_only
        self.process_combo.setEnabled(enabled)
        self.statement.setEnabled(enabled and placement is not None)
        self.remove_button.setEnabled(enabled and placement is not None)
        pids = set(placed_processes(w, pid)) if pid else set()
        person = w.get("participants", pid) if pid else None
        # the map shows this person's box selected, or none: never the previous person's
        self._filling = True
        if pids:
            self.scene.select_ids("processes", sorted(pids))
        else:
            self.scene.clearSelection()
        self._filling = False
        if not pids:
            self.chain_label.setText("")
        else:
            moments = reached_moments(w, pid)
            self.chain_label.setText(
                tr("Reaches the customer at: {moments}").format(
                    moments=", ".join("★ " + m.name for m in moments))
                if moments else tr("⚠ No path from this process to any moment of truth."))
        label = tr("{name}'s work").format(name=person.name) if person and pids else ""
        graph = w.graph()
        lit = (frozenset(pids), label, graph, reaching_processes(w, graph))
        if self._lit != lit or (self.scene.focused or set()) != pids:
            self.light_up(pids, label)
        self._lit = lit

    def light_up(self, pids: set[str], label: str = "") -> None:
        """Light up ``pids`` and their chains, here and on the projector."""
        self._lit = None
        if pids:
            self.scene.focus_processes(pids)
        else:
            self.scene.clear_focus()
        # the room sees a person's chain only once the facilitator picked that person
        self.room.set_focus(pids, label, person=self.current_participant()
                            if pids and self._picked else None)

    # -- widgets → document ------------------------------------------------------------------
    def place(self, process_id: str) -> bool:
        """Put the current person on ``process_id`` (moving their placement if any)."""
        pid = self.current_participant()
        if pid is None or self.document.get("processes", process_id) is None:
            return False
        statement = None if self.current_placement() else self.statement.text()
        return self.document.do(ops.place_person(self.document.workshop, pid, process_id,
                                                 statement))

    def unplace(self) -> bool:
        """Take the current person off the map, undoably, and say so with an Undo link."""
        placement = self.current_placement()
        if placement is None:
            return False
        person = self.document.get("participants", placement.participant)
        process = self.document.get("processes", placement.process)
        name = person.name if person else tr("This person")
        change = ops.unplace_person(self.document.workshop, placement.participant)
        change.text = tr("Remove {name} from the map").format(name=name)
        if not self.document.do(change):
            return False
        where = html.escape(process.name if process else "?")
        say(self.message, tr("{name} is no longer on “{process}”.").format(
            name=html.escape(name), process=where) + " <a href='undo'>" + tr("Undo") + "</a>")
        return True

    def _process_picked(self, index: int) -> None:
        if self._filling:
            return
        process_id = self.process_combo.itemData(index)
        if process_id:
            self.place(process_id)
        else:
            self.unplace()

    def _commit_statement(self) -> None:
        placement = self.current_placement()
        if self._filling or placement is None:
            return
        self.document.update("placements", placement.id,
                             statement=self.statement.text().strip())

    def _map_clicked(self) -> None:
        if self._filling:
            return
        procs = self.scene.selected_ids().get("processes", [])
        if len(procs) == 1 and self.current_participant():
            placement = self.current_placement()
            if placement is None or placement.process != procs[0]:
                self.place(procs[0])

    def _list_item_activated(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.UserRole)
        if not data:
            return
        kind, id = data
        if kind == "participants":
            for row in range(self.people.count()):
                if self.people.item(row).data(Qt.UserRole) == id:
                    self.people.setCurrentRow(row)
        else:
            self.light_up({id}, "")

    def eventFilter(self, obj, event) -> bool:
        if (obj is self.view.viewport() and event.type() == QEvent.MouseButtonRelease
                and event.button() == Qt.LeftButton):
            # selection does not change on a click on the already selected box:
            # place the current person there all the same (two people in a row)
            QTimer.singleShot(0, self, self._map_clicked)
        elif obj is self.view.viewport() and event.type() == QEvent.Resize and (
                self._fit_scale is None or self.view.scale_factor() == self._fit_scale):
            QTimer.singleShot(0, self, self.fit)
        return False

    def fit(self) -> None:
        """Fit the whole map into the view; it refits on resize until someone zooms."""
        self.view.zoom_fit()
        self._fit_scale = self.view.scale_factor()

    def presenter_view(self) -> tuple:
        return (CONNECT,)

    def activated(self) -> None:
        say(self.message, "")
        QTimer.singleShot(0, self, self.fit)  # once the view has its size
