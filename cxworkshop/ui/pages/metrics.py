"""Metrics: outside-in and inside-out numbers, what moves what, and NPS for everyone.

The *Metrics* tab lists the workshop's metrics; the form on the right edits the
selected one (each field saved when the cursor leaves it, one undo step each),
links it to processes of the map, and shows its chain: for an outside-in metric
the inside-out metrics upstream of it ("what moves this score"), for an
inside-out metric the customer metrics it reaches downstream, or a warning that
it reaches none. The *NPS* tab holds Net Promoter results (typed as counts or
imported from a CSV of 0–10 scores) and what each department can point to.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, ngettext, tr
from ...model import Metric, Nps, Process, ops
from ...model import metrics as M
from ...model.entities import METRIC_KIND_LABELS
from ...model.graph import ProcessGraph
from ..editing import TextEdit, say
from ..reflow import FlowRow, ReflowSplitter
from ..theme import role
from . import Page
from .changes import process_label

KIND_SHORT = {"outside_in": N_("Outside-in"), "inside_out": N_("Inside-out")}
# the model's METRIC_KIND_LABELS, for the catalogue (translated where shown)
KIND_WORDS = (N_("Outside-in (the customer feels it)"), N_("Inside-out (a department measures it)"))
FIELD_WORDS = {"current": N_("current"), "previous": N_("previous"), "target": N_("target")}
KIND_MARK = {"outside_in": "◉", "inside_out": "◌"}
GOOD, BAD, MUTED = "#2e7d32", "#c62828", "#6b7785"
NUMBER_FIELDS = ("target", "current", "previous")


def parse_number(text: str, what: str) -> float | None:
    """A typed number (``87.5``, ``87,5``, ``87.5 %``); blank is None.

    Raises:
        ValueError: with a sentence naming ``what`` and the text.
    """
    t = text.strip().rstrip("%").strip()
    if not t:
        return None
    try:
        value = float(t.replace(" ", "").replace(",", "."))
    except ValueError:
        raise ValueError(tr("{what} “{text}” is not a number").format(
            what=what, text=text.strip())) from None
    if value != value or abs(value) > 1e12:
        raise ValueError(tr("{what} “{text}” is out of range").format(what=what,
                                                                     text=text.strip()))
    return value


def nps_scope_label(workshop, row: Nps) -> str:
    if row.scope == "department":
        d = workshop.get("departments", row.department)
        return tr("Department: {name}").format(name=d.name if d else "?")
    if row.scope == "process":
        return tr("Process: {name}").format(name=process_label(workshop, row.process))
    return tr("Whole session")


class MetricsPage(Page):
    title = "Metrics"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self.current_id: str | None = None
        self._filling = False
        outer = self.page_layout(
            tr("Metrics: what the customer feels, and what moves it"),
            tr("Outside-in metrics are what the customer experiences (was it fixed, would they "
               "recommend you); inside-out metrics are what a department measures of its own "
               "work. Link each to the processes it measures; the map's arrows then show "
               "which department's number moves which customer number."))
        self.message = QLabel()
        self.message.setObjectName("metrics_message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() + 4)
        outer.addWidget(self.message)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_metrics_tab(), tr("Metrics"))
        self.tabs.addTab(self._build_pairing_tab(), tr("Pairing"))
        self.tabs.addTab(self._build_nps_tab(), tr("NPS for everyone"))
        self.follow(self.refresh, kinds=("metrics", "metric_links", "nps", "processes",
                                         "departments", "links"), info=False)
        self.refresh()

    # -- building ---------------------------------------------------------------------
    def _build_metrics_tab(self) -> QWidget:
        splitter = ReflowSplitter(Qt.Horizontal)  # stacks in a narrow window
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 6, 0, 0)
        entry = QHBoxLayout()
        self.new_edit = QLineEdit()
        self.new_edit.setObjectName("new_metric_name")
        self.new_edit.setPlaceholderText(tr("New metric: its name, then Enter"))
        self.new_edit.returnPressed.connect(self.add_metric)
        self.new_kind = QComboBox()
        self.new_kind.setObjectName("new_metric_kind")
        for kind in ("outside_in", "inside_out"):
            self.new_kind.addItem(tr(KIND_SHORT[kind]), kind)
        self.add_button = QPushButton(tr("Add"))
        self.add_button.clicked.connect(self.add_metric)
        entry.addWidget(self.new_edit, 1)
        entry.addWidget(self.new_kind)
        entry.addWidget(self.add_button)
        lay.addLayout(entry)
        self.list = QListWidget()
        self.list.setObjectName("metrics_list")
        self.list.setTextElideMode(Qt.ElideRight)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._current_changed)
        lay.addWidget(self.list, 1)
        self.unreached_label = QLabel()
        self.unreached_label.setObjectName("unreached_summary")
        self.unreached_label.setWordWrap(True)
        lay.addWidget(self.unreached_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.delete_button = QPushButton(tr("Delete metric"))
        self.delete_button.clicked.connect(self.delete_current)
        row.addWidget(self.delete_button)
        lay.addLayout(row)
        splitter.addWidget(left)

        self.stack = QStackedWidget()
        empty = QLabel(tr("No metric yet.\n\nType a metric's name on the left and press Enter:\n"
                          "first the customer's numbers (outside-in),\nthen each department's "
                          "own numbers (inside-out)."))
        empty.setAlignment(Qt.AlignCenter)
        role(empty, "hint")
        self.stack.addWidget(empty)
        form_host = QWidget()
        form_lay = QVBoxLayout(form_host)
        form_lay.setContentsMargins(12, 6, 0, 0)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("metric_name")
        self.name_edit.editingFinished.connect(self.commit)
        form.addRow(tr("Metric"), self.name_edit)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("metric_kind")
        for kind in ("outside_in", "inside_out"):
            self.kind_combo.addItem(tr(METRIC_KIND_LABELS[kind]), kind)
        self.kind_combo.activated.connect(lambda _i: self.commit())
        form.addRow(tr("Kind"), self.kind_combo)
        self.dept_combo = QComboBox()
        self.dept_combo.setObjectName("metric_department")
        self.dept_combo.activated.connect(lambda _i: self.commit())
        form.addRow(tr("Owner department"), self.dept_combo)
        numbers = QHBoxLayout()
        self.number_edits: dict[str, QLineEdit] = {}
        for field, label in (("current", tr("Current")), ("previous", tr("Previous")),
                             ("target", tr("Target"))):
            edit = QLineEdit()
            edit.setObjectName(f"metric_{field}")
            edit.setPlaceholderText("–")
            edit.setMaximumWidth(90)
            edit.editingFinished.connect(self.commit)
            self.number_edits[field] = edit
            numbers.addWidget(QLabel(label))
            numbers.addWidget(edit)
        self.unit_edit = QLineEdit()
        self.unit_edit.setObjectName("metric_unit")
        self.unit_edit.setPlaceholderText(tr("%, min, days…"))
        self.unit_edit.setMaximumWidth(90)
        self.unit_edit.editingFinished.connect(self.commit)
        numbers.addStretch(1)
        form.addRow(tr("Values"), numbers)
        self.better_combo = QComboBox()
        self.better_combo.setObjectName("metric_better")
        self.better_combo.addItem(tr("Higher is better"), "higher")
        self.better_combo.addItem(tr("Lower is better"), "lower")
        self.better_combo.activated.connect(lambda _i: self.commit())
        self.status_label = QLabel()
        self.status_label.setObjectName("metric_status")
        better_row = QHBoxLayout()
        better_row.addWidget(self.unit_edit)
        better_row.addWidget(self.better_combo)
        better_row.addWidget(self.status_label, 1)
        form.addRow(tr("Unit"), better_row)
        self.notes_edit = TextEdit(rows=2)
        self.notes_edit.setObjectName("metric_notes")
        self.notes_edit.editingFinished.connect(self.commit)
        form.addRow(tr("Notes"), self.notes_edit)
        form_lay.addLayout(form)

        links_box = QGroupBox(tr("Processes it measures or is moved by"))
        links_lay = QVBoxLayout(links_box)
        self.links_list = QListWidget()
        self.links_list.setObjectName("metric_processes")
        self.links_list.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.links_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        links_lay.addWidget(self.links_list)
        link_row = QHBoxLayout()
        self.link_combo = QComboBox()
        self.link_combo.setObjectName("metric_link_process")
        self.link_button = QPushButton(tr("Link"))
        self.link_button.clicked.connect(self.link_process)
        self.unlink_button = QPushButton(tr("Unlink selected"))
        self.unlink_button.clicked.connect(self.unlink_selected)
        link_row.addWidget(self.link_combo, 1)
        link_row.addWidget(self.link_button)
        link_row.addWidget(self.unlink_button)
        links_lay.addLayout(link_row)
        form_lay.addWidget(links_box)

        self.chain_box = QGroupBox(tr("What moves this score"))
        chain_lay = QVBoxLayout(self.chain_box)
        self.chain_label = QLabel()
        self.chain_label.setObjectName("metric_chain")
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextFormat(Qt.RichText)
        self.chain_label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        chain_lay.addWidget(self.chain_label)
        self.map_button = QPushButton(tr("Show on the map"))
        self.map_button.setObjectName("metric_show_on_map")
        self.map_button.setToolTip(tr("Open the map with this metric's processes in focus: what "
                                      "feeds them lights up blue, what they feed orange"))
        self.map_button.clicked.connect(self.show_on_map)
        map_row = QHBoxLayout()
        map_row.addStretch(1)
        map_row.addWidget(self.map_button)
        chain_lay.addLayout(map_row)
        form_lay.addWidget(self.chain_box)
        form_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setWidget(form_host)
        self.stack.addWidget(scroll)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 600])
        return splitter

    def _build_pairing_tab(self) -> QWidget:
        host = QWidget()
        lay = QVBoxLayout(host)
        lay.setContentsMargins(0, 6, 0, 0)
        hint = QLabel(tr("Each customer number (outside-in) with the departments' own numbers "
                         "(inside-out) upstream of it on the map: the numbers to watch so the "
                         "customer's score does not surprise you."))
        role(hint, "hint")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.pairing_table = QTableWidget(0, 3)
        self.pairing_table.setObjectName("pairing_table")
        self.pairing_table.setHorizontalHeaderLabels(
            [tr("Outside-in metric"), tr("Now"), tr("Inside-out metrics that move it")])
        self.pairing_table.verticalHeader().setVisible(False)
        self.pairing_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.pairing_table.setWordWrap(True)
        ph = self.pairing_table.horizontalHeader()
        ph.setSectionResizeMode(QHeaderView.ResizeToContents)
        ph.setSectionResizeMode(2, QHeaderView.Stretch)
        self.pairing_table.cellDoubleClicked.connect(self._pairing_clicked)
        lay.addWidget(self.pairing_table, 1)
        return host

    def _fill_pairing(self, unreached: set[str]) -> None:
        w = self.document.workshop
        rows = M.pairing(w, self._graph)
        lonely = [k for k in w.table(Metric) if k in unreached]
        self.pairing_table.setRowCount(len(rows) + (1 if lonely else 0))
        for r, (mid, related) in enumerate(rows):
            m = w.get("metrics", mid)
            moved = "\n".join(f"{w.get('metrics', k).name} ({M.gauge_text(w.get('metrics', k))})"
                               for k in related) or tr("none upstream yet")
            for c, text in enumerate((m.name, M.gauge_text(m), moved)):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, mid)
                if c == 2 and not related:
                    item.setForeground(QBrush(QColor(BAD)))
                self.pairing_table.setItem(r, c, item)
        if lonely:
            names = "\n".join(w.get("metrics", k).name for k in lonely)
            for c, text in enumerate((tr("⚠ No path to the customer"), "", names)):
                item = QTableWidgetItem(text)
                item.setForeground(QBrush(QColor(BAD)))
                self.pairing_table.setItem(len(rows), c, item)
        self.pairing_table.resizeRowsToContents()

    def _pairing_clicked(self, row: int, _column: int) -> None:
        item = self.pairing_table.item(row, 0)
        mid = item.data(Qt.UserRole) if item else None
        if mid:
            self.tabs.setCurrentIndex(0)
            self.select_metric(mid)

    def _build_nps_tab(self) -> QWidget:
        host = QWidget()
        lay = QVBoxLayout(host)
        lay.setContentsMargins(0, 6, 0, 0)
        hint = QLabel(tr(
            "NPS = % promoters (9–10) − % detractors (0–6), from −100 to +100. Type the counts "
            "of a survey, or import a CSV of raw 0–10 answers: one column for the whole "
            "session, or one column per department or process (its name in the header)."))
        role(hint, "hint")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        entry = FlowRow()  # wraps in a narrow window
        self.nps_scope = QComboBox()
        self.nps_scope.setObjectName("nps_scope")
        self.nps_scope.setMinimumWidth(200)
        self.nps_survey = QLineEdit()
        self.nps_survey.setObjectName("nps_survey")
        self.nps_survey.setPlaceholderText(tr("Survey (e.g. Q3 post-visit)"))
        self.nps_survey.setMinimumWidth(140)
        self.nps_counts: dict[str, QSpinBox] = {}
        entry.addWidget(self.nps_scope, 3)
        entry.addWidget(self.nps_survey, 2)
        for field, label in (("promoters", tr("Promoters")), ("passives", tr("Passives")),
                             ("detractors", tr("Detractors"))):
            spin = QSpinBox()
            spin.setObjectName(f"nps_{field}")
            spin.setRange(0, 10_000_000)
            spin.setToolTip(label)
            spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0000000") + 30)
            self.nps_counts[field] = spin
            entry.addWidget(QLabel(label))
            entry.addWidget(spin)
        self.nps_add = QPushButton(tr("Add result"))
        self.nps_add.clicked.connect(self.add_nps)
        entry.addWidget(self.nps_add)
        lay.addLayout(entry)
        buttons = QHBoxLayout()
        self.nps_import = QPushButton(tr("Import scores CSV…"))
        self.nps_import.clicked.connect(self.import_scores_dialog)
        self.nps_delete = QPushButton(tr("Delete selected"))
        self.nps_delete.clicked.connect(self.delete_nps)
        buttons.addWidget(self.nps_import)
        buttons.addStretch(1)
        buttons.addWidget(self.nps_delete)
        self.nps_table = QTableWidget(0, 7)
        self.nps_table.setObjectName("nps_table")
        self.nps_table.setHorizontalHeaderLabels(
            [tr("For"), tr("Survey"), tr("Promoters"), tr("Passives"), tr("Detractors"), "n",
             tr("NPS")])
        self.nps_table.verticalHeader().setVisible(False)
        self.nps_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.nps_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        header = self.nps_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        lay.addWidget(self.nps_table, 2)
        lay.addLayout(buttons)
        everyone = QLabel(tr("<b>Every department's customer score</b> — a department that "
                             "owns no moment of truth sees the NPS of the moments its work feeds."))
        everyone.setWordWrap(True)
        lay.addWidget(everyone)
        self.dept_table = QTableWidget(0, 3)
        self.dept_table.setObjectName("nps_departments")
        self.dept_table.setHorizontalHeaderLabels(
            [tr("Department"), tr("Its own score"), tr("The moments of truth its work feeds")])
        self.dept_table.verticalHeader().setVisible(False)
        self.dept_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.dept_table.setWordWrap(True)
        dh = self.dept_table.horizontalHeader()
        dh.setSectionResizeMode(QHeaderView.ResizeToContents)
        dh.setSectionResizeMode(2, QHeaderView.Stretch)
        lay.addWidget(self.dept_table, 3)
        return host

    # -- document → widgets -------------------------------------------------------------
    def refresh(self) -> None:
        w = self.document.workshop
        self._graph = ProcessGraph.of(w)
        self._index = M.MetricIndex.of(w)
        unreached = set(M.unreached_metrics(w, self._graph))
        if self.current_id not in w.table(Metric):
            self.current_id = next(iter(w.table(Metric)), None)
        self._filling = True
        self.list.clear()
        for m in w.metrics:
            item = QListWidgetItem(self._list_text(m, m.id in unreached))
            item.setData(Qt.UserRole, m.id)
            item.setToolTip(tr(METRIC_KIND_LABELS[m.kind]))
            if m.id in unreached:
                item.setForeground(QBrush(QColor(BAD)))
            self.list.addItem(item)
            if m.id == self.current_id:
                self.list.setCurrentItem(item)
        self._filling = False
        n = len(unreached)
        self.unreached_label.setText(
            f"<span style='color:{BAD}'>"
            + ngettext("⚠ {n} inside-out metric with no path to the customer",
                       "⚠ {n} inside-out metrics with no path to the customer", n).format(n=n)
            + "</span>" if n else "")
        self._fill_choices()
        self._fill_form()
        self._fill_pairing(unreached)
        self._fill_nps()
        read_only = self.document.read_only
        for wdg in (self.new_edit, self.new_kind, self.add_button, self.delete_button,
                    self.name_edit, self.kind_combo, self.dept_combo, self.unit_edit,
                    self.better_combo, self.notes_edit, self.link_combo, self.link_button,
                    self.unlink_button, self.nps_add, self.nps_import, self.nps_delete,
                    *self.number_edits.values()):
            wdg.setEnabled(not read_only)

    def _list_text(self, m: Metric, unreached: bool) -> str:
        dept = self.document.get("departments", m.department) if m.department else None
        where = f" · {dept.name}" if dept and dept.name else ""
        warn = " · " + tr("⚠ no path to the customer") if unreached else ""
        return (f"{KIND_MARK[m.kind]} {m.name or tr('(unnamed metric)')}\n"
                f"   {tr(KIND_SHORT[m.kind])} · {M.gauge_text(m)}{where}{warn}")

    def _fill_choices(self) -> None:
        w = self.document.workshop
        self.dept_combo.clear()
        self.dept_combo.addItem(tr("(no department)"), None)
        for d in w.departments:
            self.dept_combo.addItem(d.name or tr("(unnamed)"), d.id)
        self.link_combo.clear()
        linked = set(self._index.processes_of.get(self.current_id, ()))
        for p in sorted(w.processes, key=lambda p: (p.stage, (p.name or "").casefold())):
            if p.id not in linked:
                mark = "★ " if p.moment_of_truth else ""
                self.link_combo.addItem(mark + process_label(w, p.id), p.id)
        scope = self.nps_scope.currentData()
        self.nps_scope.clear()
        self.nps_scope.addItem(tr("Whole session"), "session:")
        for d in w.departments:
            self.nps_scope.addItem(tr("Department: {name}").format(name=d.name),
                                   f"department:{d.id}")
        for p in sorted(w.processes, key=lambda p: (p.stage, (p.name or "").casefold())):
            self.nps_scope.addItem(tr("Process: {name}").format(name=process_label(w, p.id)),
                                   f"process:{p.id}")
        at = self.nps_scope.findData(scope) if scope else 0
        self.nps_scope.setCurrentIndex(max(at, 0))

    def current(self) -> Metric | None:
        return self.document.get("metrics", self.current_id) if self.current_id else None

    def _fill_form(self) -> None:
        m = self.current()
        self.stack.setCurrentIndex(1 if m else 0)
        if m is None:
            return
        w = self.document.workshop
        if self.name_edit.text() != m.name:
            self.name_edit.setText(m.name)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(m.kind))
        self.dept_combo.setCurrentIndex(max(self.dept_combo.findData(m.department), 0))
        for field, edit in self.number_edits.items():
            value = getattr(m, field)
            edit.setText("" if value is None else f"{value:g}")
        self.unit_edit.setText(m.unit)
        self.better_combo.setCurrentIndex(self.better_combo.findData(m.better))
        self.notes_edit.set_text(m.notes)
        hit = M.on_target(m)
        trend = M.trend(m)
        bits = []
        if hit is not None:
            bits.append(f"<span style='color:{GOOD if hit else BAD}'>"
                        + (tr("on target") if hit else tr("below target")) + "</span>")
        if trend:
            bits.append({"better": f"<span style='color:{GOOD}'>" + tr("better than before")
                         + "</span>",
                         "worse": f"<span style='color:{BAD}'>" + tr("worse than before")
                         + "</span>",
                         "same": tr("same as before")}[trend])
        self.status_label.setText(" · ".join(bits))
        self.links_list.clear()
        for pid in self._index.processes_of.get(m.id, ()):
            p = w.get("processes", pid)
            item = QListWidgetItem(("★ " if p and p.moment_of_truth else "")
                                   + process_label(w, pid))
            item.setData(Qt.UserRole, pid)
            self.links_list.addItem(item)
        self._fill_chain(m)

    def _fill_chain(self, m: Metric) -> None:
        w = self.document.workshop
        chain = M.metric_chain(w, m.id, self._graph, self._index)
        names = [self._metric_line(w.get("metrics", k)) for k in chain.related]
        upstream = [pid for pid in w.table(Process) if pid in chain.processes
                    and pid not in chain.own_processes]
        if m.kind == "outside_in":
            self.chain_box.setTitle(tr("What moves this score"))
            if not chain.own_processes:
                text = tr("Link this metric to the processes where the customer feels it; "
                          "then the departments' own numbers upstream of them show here.")
            else:
                procs = ", ".join(process_label(w, p) for p in upstream[:12])
                more = (" " + tr("and {n} more").format(n=len(upstream) - 12)
                        if len(upstream) > 12 else "")
                text = (ngettext("<b>{n} inside-out metric</b> upstream moves it:",
                                 "<b>{n} inside-out metrics</b> upstream move it:",
                                 len(names)).format(n=len(names))
                        + "<ul>" + "".join(f"<li>{n}</li>" for n in names) + "</ul>"
                        if names else tr("<b>No inside-out metric upstream yet</b>: which of "
                                         "your own numbers would warn you before this score "
                                         "drops?") + "<br>")
                text += (f"<br><span style='color:{MUTED}'>"
                         + ngettext("{n} process upstream: {names}",
                                    "{n} processes upstream: {names}", len(upstream)).format(
                             n=len(upstream), names=procs + more) + "</span>"
                         if upstream else "")
        else:
            self.chain_box.setTitle(tr("Which customer number this moves"))
            if names:
                text = (ngettext("It reaches <b>{n} customer metric</b> downstream:",
                                 "It reaches <b>{n} customer metrics</b> downstream:",
                                 len(names)).format(n=len(names))
                        + "<ul>" + "".join(f"<li>{n}</li>" for n in names) + "</ul>")
            else:
                why = (tr("it is linked to no process") if not chain.own_processes
                       else tr("no outside-in metric lies downstream of its processes"))
                text = (f"<span style='color:{BAD}'><b>"
                        + tr("⚠ Measured, but no path to the customer") + "</b></span>: "
                        + tr("{why}. Link it to the process whose work it measures, or ask "
                             "whether it is worth measuring.").format(why=why))
        self.chain_label.setText(text)

    @staticmethod
    def _metric_line(m: Metric) -> str:
        from html import escape
        return f"{escape(m.name or tr('(unnamed)'))} <span style='color:{MUTED}'>" \
               f"({escape(M.gauge_text(m))})</span>"

    def _fill_nps(self) -> None:
        w = self.document.workshop
        rows = w.nps
        self.nps_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            result = M.of_row(row)
            cells = [nps_scope_label(w, row), row.survey, str(row.promoters),
                     str(row.passives), str(row.detractors), str(result.n),
                     M.format_nps(result.score)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, row.id)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if c == 6 and result.score is not None:
                    item.setForeground(QBrush(QColor(GOOD if result.score >= 0 else BAD)))
                self.nps_table.setItem(r, c, item)
        depts = w.departments
        self.dept_table.setRowCount(len(depts))
        for r, d in enumerate(depts):
            info = M.department_nps(w, d.id, self._graph)
            own_parts = []
            if info.own is not None:
                own_parts.append(info.own.text())
            for pid, result in info.processes:
                own_parts.append(f"{w.get('processes', pid).name}: {result.text()}")
            own = "; ".join(own_parts) or ("–" if info.touches_moment
                                           else tr("owns no moment of truth"))
            fed = [f"{w.get('processes', pid).name}: {r_.text()}"
                   for pid, r_ in info.fed_moments if r_ is not None]
            if not fed:
                fed_text = (tr("no moment of truth downstream") if not info.fed_moments
                            else ngettext(
                                "{n} moment of truth downstream, none with a score yet",
                                "{n} moments of truth downstream, none with a score yet",
                                len(info.fed_moments)).format(n=len(info.fed_moments)))
            else:
                fed_text = "; ".join(fed)
                if info.fed_total and len(fed) > 1:
                    fed_text = f"{info.fed_total.text()} — " + fed_text
            for c, text in enumerate((d.name, own, fed_text)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.dept_table.setItem(r, c, item)
        self.dept_table.resizeRowsToContents()

    # -- widgets → document ----------------------------------------------------------------
    def _current_changed(self, item, _previous) -> None:
        if self._filling:
            return
        chosen = item.data(Qt.UserRole) if item else None
        self.commit()
        self.current_id = chosen
        self.refresh()

    def select_metric(self, metric_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.UserRole) == metric_id:
                self.list.setCurrentRow(row)
                return

    def show_on_map(self) -> bool:
        """Go to the Map page with the metric chips on and its processes in focus."""
        m = self.current()
        window = self.window_
        if m is None or window is None or not hasattr(window, "show_page"):
            return False
        own = self._index.processes_of.get(m.id, [])
        if not own:
            say(self.message, tr("“{name}” is linked to no process yet.").format(name=m.name),
                error=True)
            return False
        page = window.show_page("Map")
        if page is None:
            return False
        if hasattr(page, "act_gauges"):
            page.act_gauges.setChecked(True)
        page.scene.focus_processes(own)
        item = page.scene.item_for_process.get(own[0])
        if item is not None:
            page.view.ensureVisible(item)
        return True

    def add_metric(self) -> bool:
        name = " ".join(self.new_edit.text().split())
        if not name:
            say(self.message, tr("Type the metric's name first."), error=True)
            self.new_edit.setFocus()
            return False
        try:
            change = ops.add_metric(self.document.workshop, name, self.new_kind.currentData())
        except ops.Refused as e:
            say(self.message, str(e), error=True)
            return False
        if not self.document.do(change):
            return False
        self.current_id = change[0].entity.id
        self.new_edit.clear()
        say(self.message, tr("Added “{name}”. Give it its values and link it to its "
                             "processes.").format(name=name))
        self.refresh()
        return True

    def form_values(self) -> dict:
        values = {"name": " ".join(self.name_edit.text().split()),
                  "kind": self.kind_combo.currentData(),
                  "department": self.dept_combo.currentData(),
                  "unit": self.unit_edit.text().strip(),
                  "better": self.better_combo.currentData(),
                  "notes": self.notes_edit.toPlainText().strip()}
        for field, edit in self.number_edits.items():
            values[field] = parse_number(edit.text(), tr(FIELD_WORDS[field]))
        return values

    def commit(self) -> bool:
        """Save the form into the selected metric (one undo step for what changed)."""
        m = self.current()
        if m is None or self._filling or self.document.read_only:
            return True
        try:
            values = self.form_values()
        except ValueError as e:
            say(self.message, tr("{problem}; nothing was changed.").format(
                problem=f"{str(e)[0].upper()}{str(e)[1:]}"), error=True)
            return False
        if not values["name"]:
            values["name"] = m.name
        ok = self.document.update("metrics", m.id, values,
                                  text=tr("Edit metric “{name}”").format(name=m.name))
        return ok

    def link_process(self) -> bool:
        pid = self.link_combo.currentData()
        m = self.current()
        if m is None or pid is None:
            return False
        try:
            ok = self.document.do(ops.link_metric(self.document.workshop, m.id, pid))
        except ops.Refused as e:
            say(self.message, str(e), error=True)
            return False
        if ok:
            say(self.message, tr("“{name}” is linked to {process}.").format(
                name=m.name, process=process_label(self.document.workshop, pid)))
        return ok

    def unlink_selected(self) -> bool:
        m = self.current()
        if m is None:
            return False
        pids = {i.data(Qt.UserRole) for i in self.links_list.selectedItems()}
        ids = [ml.id for ml in self.document.workshop.metric_links
               if ml.metric == m.id and ml.process in pids]
        if not ids:
            say(self.message, tr("Select the processes to unlink first."), error=True)
            return False
        return self.document.remove([("metric_links", i) for i in ids],
                                    text=tr("Unlink “{name}”").format(name=m.name))

    def delete_current(self) -> bool:
        m = self.current()
        if m is None:
            return False
        if self.document.remove([("metrics", m.id)],
                                text=tr("Delete metric “{name}”").format(name=m.name)):
            say(self.message, tr("Deleted “{name}”. Edit ▸ Undo brings it back.").format(
                name=m.name))
            return True
        return False

    def add_nps(self) -> bool:
        scope, _, target = (self.nps_scope.currentData() or "session:").partition(":")
        counts = {f: s.value() for f, s in self.nps_counts.items()}
        try:
            change = ops.add_nps(self.document.workshop, scope, target or None,
                                 survey=self.nps_survey.text(), **counts)
        except ops.Refused as e:
            say(self.message, str(e), error=True)
            return False
        if not self.document.do(change):
            return False
        row = change[0].entity
        for spin in self.nps_counts.values():
            spin.setValue(0)
        say(self.message, tr("Added {result} for {scope}.").format(
            result=M.of_row(row).text(),
            scope=nps_scope_label(self.document.workshop, row).lower()))
        return True

    def delete_nps(self) -> bool:
        ids = sorted({self.nps_table.item(i.row(), 0).data(Qt.UserRole)
                      for i in self.nps_table.selectionModel().selectedRows()})
        if not ids:
            say(self.message, tr("Select the NPS results to delete first."), error=True)
            return False
        n = len(ids)
        ok = self.document.remove([("nps", i) for i in ids],
                                  text=ngettext("Delete NPS result", "Delete {n} NPS results",
                                                n).format(n=n))
        if ok:
            say(self.message, ngettext("Deleted {n} NPS result.", "Deleted {n} NPS results.",
                                       n).format(n=n) + " "
                + ngettext("Edit ▸ Undo brings it back.", "Edit ▸ Undo brings them back.", n))
        return ok

    def import_scores_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import 0–10 scores"), "",
                                              tr("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.import_scores(Path(path))

    def import_scores(self, path: Path, confirm=None) -> bool:
        """Read ``path``, show the preview, add the results when confirmed.

        ``confirm`` (for tests) replaces the preview dialog: it gets the
        :class:`~cxworkshop.io.nps_csv.ScoresImport` and returns True to import.
        """
        from ...io.nps_csv import import_ops, parse_scores_csv
        try:
            data = path.read_bytes()
        except OSError as e:
            say(self.message, tr("{file} cannot be read: {reason}").format(
                file=path.name, reason=e.strerror or e), error=True)
            return False
        result = parse_scores_csv(data, self.document.workshop)
        if result.fatal:
            say(self.message, tr("{file} was not imported: {problems}").format(
                file=path.name, problems="; ".join(result.fatal)), error=True)
            return False
        if confirm is None:
            confirm = lambda r: ScoresPreview(r, path.name, self).exec() == QDialog.Accepted  # noqa: E731
        if not confirm(result):
            return False
        ops = import_ops(result, survey=path.stem)
        if not ops:
            say(self.message, tr("{file} holds no valid scores.").format(file=path.name),
                error=True)
            return False
        from ...commands import ChangeCommand
        if not self.document.push(ChangeCommand(self.document, tr("Import NPS scores"), ops)):
            return False
        skipped = len(result.bad_lines)
        say(self.message, ngettext("Imported {n} NPS result from {file}",
                                   "Imported {n} NPS results from {file}", len(ops)).format(
            n=len(ops), file=path.name) + (
                "; " + ngettext("{n} bad line left out.", "{n} bad lines left out.",
                                skipped).format(n=skipped) if skipped else "."))
        return True


class ScoresPreview(QDialog):
    """What a scores file would add, with every bad line, before anything is added."""

    def __init__(self, result, name: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Import scores — {file}").format(file=name))
        lay = QVBoxLayout(self)
        table = QTableWidget(len(result.columns), 3)
        table.setObjectName("scores_preview")
        table.setHorizontalHeaderLabels([tr("Column"), tr("Counted for"), tr("Result")])
        table.verticalHeader().setVisible(False)
        for r, column in enumerate(result.columns):
            for c, text in enumerate((column.header or tr("(no header)"), column.label,
                                      column.result.text())):
                table.setItem(r, c, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(table)
        if result.bad_lines:
            bad = QLabel(f"<b style='color:{BAD}'>" + ngettext(
                "{n} bad line will be left out:", "{n} bad lines will be left out:",
                len(result.bad_lines)).format(n=len(result.bad_lines)) + "</b><br>"
                + "<br>".join(result.problems[:15])
                         + ("<br>…" if len(result.problems) > 15 else ""))
            bad.setWordWrap(True)
            lay.addWidget(bad)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.button(QDialogButtonBox.Ok).setText(tr("Import"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(560, 320)
