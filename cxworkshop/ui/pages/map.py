"""The Map page: palette, the process map, and a side panel with the selected
item's properties, the dot-vote count, top-voted processes and moments of truth."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, ngettext, tr
from ...model import NOTE_KINDS, SESSION
from ...model.entities import Process
from ...model.graph import flagged_cycles
from ...model.voting import budget_sentence, ranked, total_budget, voters, votes_cast, votes_left
from ..canvas.palette import ENTRIES, PaletteButton
from ..canvas.scene import MapScene
from ..canvas.style import NOTE_LABELS
from ..canvas.view import MapView
from ..reflow import SidePanelToggle
from ..theme import role
from . import Page

HINT_SECONDS = 12
KEYS_HELP = N_("<b>Keys</b>: double-click empty spot = new process · F2 or Enter rename · "
               "Del delete · Ctrl+C/V/D copy, paste, duplicate · arrows go from box to box, "
               "Shift+arrows nudge · L or Ctrl+L link to a box you type · Ctrl+F find · "
               "right-click for more · Esc clear focus · "
               "Ctrl+wheel, Ctrl+= / - zoom, Ctrl+0 fit · middle button or Space+drag pan · "
               "drag from a box's blue handle to another box to link them. "
               "↺ marks a loop-back (a later stage feeding an earlier one).")



class _PlainEdit(QPlainTextEdit):
    """Multi-line field that commits when it loses focus."""

    def __init__(self, on_finished, parent=None):
        super().__init__(parent)
        self._on_finished = on_finished
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._on_finished()


class ProcessPanel(QWidget):
    """Properties of one process; every edit is one undo step."""

    def __init__(self, page):
        super().__init__()
        self.page = page
        self.pid: str | None = None
        form = QFormLayout(self)
        self.name = QLineEdit(objectName="map_prop_name")
        self.name.editingFinished.connect(lambda: self._commit("name", self.name.text().strip()))
        self.department = QComboBox(objectName="map_prop_department")
        self.department.activated.connect(
            lambda _i: self._commit("department", self.department.currentData()))
        self.stage = QComboBox(objectName="map_prop_stage")
        self.stage.activated.connect(lambda i: self._commit("stage", i))
        self.owner = QLineEdit(objectName="map_prop_owner")
        self.owner.editingFinished.connect(lambda: self._commit("owner", self.owner.text().strip()))
        self.description = _PlainEdit(
            lambda: self._commit("description", self.description.toPlainText()))
        self.description.setObjectName("map_prop_description")
        self.description.setFixedHeight(80)
        self.moment = QCheckBox(tr("★ Moment of truth"),
                                objectName="map_prop_moment")
        self.moment.toggled.connect(lambda v: self._commit("moment_of_truth", v))
        self.frontstage = QCheckBox(tr("Frontstage (customer sees it)"),
                                    objectName="map_prop_frontstage")
        self.frontstage.toggled.connect(lambda v: self._commit("frontstage", v))
        votes = QHBoxLayout()
        self.votes = QLabel(objectName="map_prop_votes")
        self.vote_add = QPushButton(tr("+ vote"), objectName="map_vote_add")
        self.vote_remove = QPushButton(tr("− vote"), objectName="map_vote_remove")
        self.vote_add.clicked.connect(lambda: self.pid and page.scene.vote(self.pid, 1))
        self.vote_remove.clicked.connect(lambda: self.pid and page.scene.vote(self.pid, -1))
        votes.addWidget(self.votes, 1)
        votes.addWidget(self.vote_add)
        votes.addWidget(self.vote_remove)
        self.error = role(QLabel(), "error")
        self.error.hide()
        form.addRow(tr("&Name"), self.name)
        form.addRow("", self.error)
        form.addRow(tr("&Department"), self.department)
        form.addRow(tr("&Stage"), self.stage)
        form.addRow(tr("&Owner"), self.owner)
        form.addRow(tr("Des&cription"), self.description)
        form.addRow("", self.moment)
        form.addRow("", self.frontstage)
        form.addRow(tr("Votes"), votes)

    def show_process(self, pid: str) -> None:
        doc = self.page.document
        p = doc.get("processes", pid)
        if p is None:
            return
        self.pid = None  # no commits while filling
        self.name.setText(p.name)
        self.error.hide()
        self.department.clear()
        for d in doc.all("departments"):
            self.department.addItem(d.name, d.id)
        self.department.addItem(tr("Unassigned"), None)
        self.department.setCurrentIndex(max(self.department.findData(p.department), 0)
                                        if p.department else self.department.count() - 1)
        self.stage.clear()
        self.stage.addItems(list(doc.info.stages))
        self.stage.setCurrentIndex(p.stage)
        self.owner.setText(p.owner)
        if self.description.toPlainText() != p.description:
            self.description.setPlainText(p.description)
        self.moment.setChecked(p.moment_of_truth)
        self.frontstage.setChecked(p.frontstage)
        self.votes.setText(ngettext("{n} dot", "{n} dots", p.votes).format(n=p.votes))
        for w in (self.name, self.department, self.stage, self.owner, self.description,
                  self.moment, self.frontstage, self.vote_add, self.vote_remove):
            w.setEnabled(self.page.scene.editable)
        self.pid = pid

    def _commit(self, field: str, value) -> None:
        if self.pid is None:
            return
        if field == "name" and not value:
            self.error.setText(tr("A process needs a name."))
            self.error.show()
            return
        self.error.hide()
        self.page.document.update("processes", self.pid, **{field: value})


class NotePanel(QWidget):
    def __init__(self, page):
        super().__init__()
        self.page = page
        self.nid: str | None = None
        form = QFormLayout(self)
        self.kind = QComboBox(objectName="map_note_kind")
        for k in NOTE_KINDS:
            self.kind.addItem(tr(NOTE_LABELS[k]), k)
        self.kind.activated.connect(lambda _i: self._commit("kind", self.kind.currentData()))
        self.text = _PlainEdit(lambda: self._commit("text", self.text.toPlainText().strip()))
        self.text.setObjectName("map_note_text")
        self.text.setFixedHeight(90)
        self.where = QLabel()
        self.where.setWordWrap(True)
        form.addRow(tr("&Kind"), self.kind)
        form.addRow(tr("&Text"), self.text)
        form.addRow(tr("On"), self.where)

    def show_note(self, nid: str) -> None:
        doc = self.page.document
        n = doc.get("notes", nid)
        if n is None:
            return
        self.nid = None
        self.kind.setCurrentIndex(NOTE_KINDS.index(n.kind))
        if self.text.toPlainText() != n.text:
            self.text.setPlainText(n.text)
        p = doc.get("processes", n.process) if n.process else None
        self.where.setText(p.name if p else tr("the map (free note)"))
        self.nid = nid

    def _commit(self, field: str, value) -> None:
        if self.nid is not None:
            self.page.scene.update_fields("notes", self.nid, "Edit note", {field: value})


class LinkPanel(QWidget):
    def __init__(self, page):
        super().__init__()
        self.page = page
        self.lid: str | None = None
        form = QFormLayout(self)
        self.ends = QLabel()
        self.ends.setWordWrap(True)
        self.label = QLineEdit(objectName="map_link_label")
        self.label.editingFinished.connect(self._commit)
        self.cycle = QLabel(tr("⟲ On a cycle within one stage: see “Cycles to look at”."))
        self.cycle.setWordWrap(True)
        self.loop = QLabel(tr("↺ Loop-back: a later stage feeds an earlier one (the journey "
                              "goes round, e.g. a renewal). Drawn below the grid."))
        self.loop.setWordWrap(True)
        form.addRow(tr("Link"), self.ends)
        form.addRow(tr("&Label"), self.label)
        form.addRow("", self.cycle)
        form.addRow("", self.loop)

    def show_link(self, lid: str) -> None:
        doc = self.page.document
        link = doc.get("links", lid)
        if link is None:
            return
        self.lid = None
        up, down = doc.get("processes", link.upstream), doc.get("processes", link.downstream)
        self.ends.setText(f"{up.name} → {down.name}")
        self.label.setText(link.label)
        self.cycle.setVisible(lid in self.page.scene.cyclic_link_ids())
        self.loop.setVisible(up.stage > down.stage)
        self.lid = lid

    def _commit(self) -> None:
        if self.lid is not None:
            self.page.document.update("links", self.lid, label=self.label.text().strip())


class MapPage(Page):
    title = "Map"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self.scene = MapScene(document, self)
        self.view = MapView(self.scene)
        self.view.setObjectName("mapView")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        tools = QToolBar(tr("Map"))
        tools.setObjectName("mapToolbar")
        self.palette_buttons: dict[str, PaletteButton] = {}
        for what, text, color, tip in ENTRIES:
            button = PaletteButton(what, tr(text), color, tr(tip))  # ENTRIES: N_() texts
            button.placed.connect(self._place_from_palette)
            button.setEnabled(self.scene.editable)
            self.palette_buttons[what] = button
            tools.addWidget(button)
        tools.addSeparator()
        self.act_vote = tools.addAction(tr("● Dot-vote"), self._toggle_vote)
        self.act_vote.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.act_vote.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.act_vote.setCheckable(True)
        self.act_vote.setToolTip(tr("Click a box to give it a vote; right-click or Shift+click "
                                    "takes one back."))
        self.act_vote.setEnabled(self.scene.editable)
        self.act_focus = tools.addAction(tr("Focus on selection"), self._toggle_focus)
        self.act_focus.setCheckable(True)
        self.act_focus.setChecked(True)
        self.act_focus.setToolTip(tr("Selecting a process lights up what feeds it (blue) and "
                                     "what it feeds (orange). Esc clears."))
        self.act_arrange = tools.addAction(tr("Auto-arrange"), self.scene.arrange)
        self.act_arrange.setToolTip(
            tr("Order boxes in each cell to untangle links (one undo step)."))
        self.act_arrange.setEnabled(self.scene.editable)
        from ..canvas.gauges import GaugeLayer
        self.gauges = GaugeLayer(self.scene, document)  # metric chips on the boxes
        self.act_gauges = tools.addAction(tr("Metrics"))
        self.act_gauges.setCheckable(True)
        self.act_gauges.toggled.connect(self.gauges.set_visible)
        self.act_gauges.setToolTip(tr("Show each process's metrics as a chip under its box "
                                      "(green: on target, red: not)"))
        self.act_empty_lanes = tools.addAction(tr("Hide empty lanes"), self._toggle_empty_lanes)
        self.act_empty_lanes.setObjectName("map_hide_empty_lanes")
        self.act_empty_lanes.setCheckable(True)
        self.act_empty_lanes.setToolTip(
            tr("Leave out the departments that have no process yet, here, in the PDF map and "
               "in the PNG and SVG pictures (stored with the workshop)"))
        document.info_changed.connect(lambda _f: self._show_empty_lanes())
        self._show_empty_lanes()
        tools.addAction(tr("Fit"), self.view.zoom_fit).setToolTip(tr("Show the whole map"))
        tools.addAction(tr("Export PNG…"), self.export_png_dialog).setToolTip(
            tr("Save the map as a PNG picture with its title and a legend (up to 16,000 pixels)"))
        tools.addAction(tr("Export SVG…"), self.export_svg_dialog).setToolTip(
            tr("Save the map as an SVG picture (scales to any size)"))
        tools.addSeparator()
        self.find_box = QLineEdit(objectName="map_find")
        self.find_box.setPlaceholderText(tr("Find (Ctrl+F)"))
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(220)
        self.find_box.setAccessibleName(tr("Find a process, note or person on the map"))
        self.find_box.setToolTip(tr("Find a process, note or person by typing (case and accents "
                                    "do not matter); Enter goes to the next one (Ctrl+F)"))
        self.find_box.textEdited.connect(lambda _t: self.find_next(restart=True))
        self.find_box.returnPressed.connect(self.find_next)
        tools.addWidget(self.find_box)
        self.act_find = QAction(tr("&Find…"), self)
        self.act_find.setShortcut(QKeySequence.Find)
        self.act_find.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.act_find.triggered.connect(self._focus_find)
        self.addAction(self.act_find)
        self._find_hits: list = []
        self._find_index = -1
        self._make_toolbar_keyboard_friendly(tools)
        outer.addWidget(tools)

        # hints: one line under the toolbar, readable, closed with × or after a while
        hint_row = QHBoxLayout()
        hint_row.setContentsMargins(8, 0, 4, 0)
        self.hint_label = QLabel(objectName="hint")
        self.hint_label.setWordWrap(True)
        self.hint_close = QToolButton(text="×", objectName="map_hint_close")
        self.hint_close.setAutoRaise(True)
        self.hint_close.setToolTip(tr("Close the hint"))
        self.hint_close.setAccessibleName(tr("Close the hint"))
        self.hint_close.clicked.connect(self.clear_hint)
        hint_row.addWidget(self.hint_label, 1)
        hint_row.addWidget(self.hint_close)
        self._hint_timer = QTimer(self)
        self._hint_timer.setSingleShot(True)
        self._hint_timer.timeout.connect(self.clear_hint)
        self.scene.hint.connect(self.show_hint)
        outer.addLayout(hint_row)
        self.clear_hint()
        esc = QShortcut(QKeySequence(Qt.Key_Escape), self, self._escape)
        esc.setContext(Qt.WidgetWithChildrenShortcut)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self._side_panel())
        split.setStretchFactor(0, 1)
        split.setSizes([900, 340])
        outer.addWidget(split, 1)
        self.side_toggle = SidePanelToggle(split, split.widget(1), tools, tr("Details"),
                                           main_min=640)

        self.scene.selectionChanged.connect(self._selection_changed)
        menu = getattr(window, "edit_menu", None)
        if menu is not None:   # the actions go with the page (and so leave the menu)
            separator = QAction(self)
            separator.setSeparator(True)
            menu.addActions([separator, *self.edit_menu_actions()])
        for act in self.edit_menu_actions():
            act.setEnabled(False)   # until the page shows
        self._cycles_dirty = True
        document.entity_changed.connect(self._stages_changed)
        document.entity_added.connect(lambda kind, _id: self._stages_changed(kind, _id, ()))
        document.entity_removed.connect(lambda kind, _id: self._stages_changed(kind, _id, ()))
        self._lists_stale = True   # votes, top list, moments: only moves since they were made
        document.entity_changed.connect(self._lists_changed)
        document.entity_added.connect(lambda kind, _id: self._lists_changed(kind, _id, None))
        document.entity_removed.connect(lambda kind, _id: self._lists_changed(kind, _id, None))
        document.info_changed.connect(lambda _fields: self._lists_changed("", "", None))
        self.follow(self._refresh, {"processes", "participants", "departments", "links",
                                    "members"})
        self._refresh()
        self._selection_changed()
        self._fitted = False

    # -- keyboard: toolbar, Edit menu, find ------------------------------------------------------
    def _make_toolbar_keyboard_friendly(self, tools: QToolBar) -> None:
        """Every toolbar button reachable by Tab, with a visible focus ring and its
        shortcut in the tooltip."""
        for act in tools.actions():
            button = tools.widgetForAction(act)
            if isinstance(button, QToolButton):
                button.setFocusPolicy(Qt.StrongFocus)
                button.setAccessibleName(act.text().lstrip("● "))
                tip = act.toolTip() or act.text()
                keys = act.shortcut().toString(QKeySequence.NativeText)
                if keys and keys not in tip:
                    act.setToolTip(f"{tip} ({keys})")  # tip: a translated text
        for button in self.palette_buttons.values():
            button.setFocusPolicy(Qt.StrongFocus)
            button.setAccessibleName(button.text())
        tools.setStyleSheet("QToolButton:focus { border: 2px solid #1a73e8; border-radius: 4px; }")

    def edit_menu_actions(self) -> list[QAction]:
        """What the window's Edit menu offers on this page (standard keys)."""
        acts = self.view.edit_actions
        return [acts[k] for k in ("cut", "copy", "paste", "duplicate", "delete", "select_all")] \
            + [self.act_find, acts["rename"], acts["link"]]

    def _focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self, restart: bool = False) -> bool:
        """Go to the next process, note or person matching the find box: zoom to it
        and select it. False (and a hint) when nothing matches."""
        from ..canvas.find import find
        text = self.find_box.text()
        if restart or not self._find_hits:
            self._find_hits = find(self.document.workshop, text)
            self._find_index = -1
        if not self._find_hits:
            if text.strip():
                self.show_hint(tr("Nothing on the map matches “{text}”.").format(text=text))
            return False
        self._find_index = (self._find_index + 1) % len(self._find_hits)
        hit = self._find_hits[self._find_index]
        items = {"processes": self.scene.item_for_process, "notes": self.scene.item_for_note}
        item = items[hit.kind].get(hit.id)
        if item is None:
            return False
        if self.view.scale_factor() < 0.8:
            self.view.set_scale(1.0)
        self.scene.select_ids(hit.kind, [hit.id])
        self.view.centerOn(item.sceneBoundingRect().center())
        self.show_hint(tr("{label} ({i} of {n}; Enter for the next)").format(
            label=hit.label, i=self._find_index + 1, n=len(self._find_hits)))
        return True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        for act in self.edit_menu_actions():
            act.setEnabled(True)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        for act in self.edit_menu_actions():   # the Edit menu acts on the visible page
            act.setEnabled(False)

    # -- hints and Esc -------------------------------------------------------------------------
    def show_hint(self, text: str) -> None:
        """Show ``text`` in the hint line until closed or for HINT_SECONDS."""
        self.hint_label.setText(text)
        self.hint_close.setVisible(bool(text))
        if text:
            self._hint_timer.start(HINT_SECONDS * 1000)

    def clear_hint(self) -> None:
        self.hint_label.setText("")
        self.hint_close.setVisible(False)

    def _escape(self) -> None:
        """Esc anywhere on the page (the map, the side panel): clear the selection
        and the focus; an open inline editor is cancelled instead."""
        from ..canvas.view import InlineEditor
        editor = QApplication.focusWidget()
        if isinstance(editor, InlineEditor):
            editor.cancel()
            return
        self.view.escape()
        self.view.setFocus()

    # -- side panel -------------------------------------------------------------------------
    def _side_panel(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(330)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        body = QWidget()
        lay = QVBoxLayout(body)
        sel_box = QGroupBox(tr("Selected"))
        sel_lay = QVBoxLayout(sel_box)
        self.panels = QStackedWidget()
        self.nothing = QLabel(tr("Select a process, link or note to edit it.\n\n"
                                 "Drag a process from the palette onto a cell, or double-click "
                                 "an empty spot."))
        self.nothing.setWordWrap(True)
        self.nothing.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.multi = QLabel()
        self.multi.setWordWrap(True)   # "22 items selected…" never widens the panel
        self.multi.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.process_panel = ProcessPanel(self)
        self.note_panel = NotePanel(self)
        self.link_panel = LinkPanel(self)
        for w in (self.nothing, self.multi, self.process_panel, self.note_panel, self.link_panel):
            self.panels.addWidget(w)
        sel_lay.addWidget(self.panels)
        lay.addWidget(sel_box)

        vote_box = QGroupBox(tr("Dot-voting"))
        vote_lay = QVBoxLayout(vote_box)
        self.votes_label = QLabel(objectName="map_votes_left")
        self.votes_label.setWordWrap(True)
        vote_lay.addWidget(self.votes_label)
        vote_lay.addWidget(QLabel(tr("Top voted:")))
        self.top_list = QListWidget(objectName="map_top_voted")
        self.top_list.setMaximumHeight(170)
        self.top_list.setWordWrap(True)
        self.top_list.itemActivated.connect(self._go_to)
        self.top_list.itemClicked.connect(self._go_to)
        vote_lay.addWidget(self.top_list)
        lay.addWidget(vote_box)

        mot_box = QGroupBox(tr("★ Moments of truth"))
        mot_lay = QVBoxLayout(mot_box)
        self.moments_list = QListWidget(objectName="map_moments")
        self.moments_list.setMaximumHeight(170)
        self.moments_list.setWordWrap(True)
        self.moments_list.itemActivated.connect(self._go_to)
        self.moments_list.itemClicked.connect(self._go_to)
        mot_lay.addWidget(self.moments_list)
        lay.addWidget(mot_box)

        self.cycles_box = QGroupBox(tr("⟲ Cycles to look at"))
        cyc_lay = QVBoxLayout(self.cycles_box)
        note = QLabel(tr("Processes that feed back into themselves within one stage. "
                         "(A later stage feeding an earlier one is a loop-back: fine.)"))
        note.setWordWrap(True)
        cyc_lay.addWidget(note)
        self.cycles_list = QListWidget(objectName="map_cycles")
        self.cycles_list.setMaximumHeight(120)
        self.cycles_list.setWordWrap(True)
        self.cycles_list.itemActivated.connect(self._go_to)
        self.cycles_list.itemClicked.connect(self._go_to)
        cyc_lay.addWidget(self.cycles_list)
        self.cycles_box.hide()
        lay.addWidget(self.cycles_box)

        keys = QLabel(tr(KEYS_HELP))
        role(keys, "hint")
        keys.setWordWrap(True)
        lay.addWidget(keys)
        lay.addStretch(1)
        scroll.setWidget(body)
        self.side_scroll, self.side_body = scroll, body
        self._fit_side_panel()
        return scroll

    def _fit_side_panel(self) -> None:
        """Keep the side panel as wide as its content needs (large text grows it)."""
        bar = self.side_scroll.verticalScrollBar().sizeHint().width()
        self.side_scroll.setMinimumWidth(
            max(330, self.side_body.minimumSizeHint().width() + bar + 4))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange) and hasattr(self, "side_body"):
            self._fit_side_panel()

    def _lists_changed(self, kind: str, _id: str, fields) -> None:
        """A box only moved inside its cell changes none of the side panel's lists."""
        if not (kind == "processes" and fields is not None and set(fields) <= {"x", "y"}):
            self._lists_stale = True

    def _refresh(self) -> None:
        if not self._lists_stale:   # a drop on a big map: nothing to list anew
            return
        self._lists_stale = False
        w = self.document.workshop
        left, total = votes_left(w), total_budget(w)
        if voters(w):
            self.votes_label.setText(tr("<b>{left}</b> of {total} votes left ({budget}); "
                                        "{cast} placed.").format(
                left=left, total=total, budget=budget_sentence(w), cast=votes_cast(w)))
        else:
            self.votes_label.setText(tr("No votes yet: nobody is counted in the room. Add "
                                        "participants, or mark advisory group members present."))
        self.top_list.clear()
        rows, more = ranked(w)
        for row in rows:   # equal votes, equal rank: "1=" (the order among them means nothing)
            p = row.process
            item = QListWidgetItem(f"{row.rank}{'=' if row.tied else '.'} {p.votes} ● {p.name}")
            item.setData(Qt.UserRole, p.id)
            if row.tied:
                item.setToolTip(ngettext("Tied at rank {rank} with every process of {n} vote",
                                         "Tied at rank {rank} with every process of {n} votes",
                                         p.votes).format(rank=row.rank, n=p.votes))
            self.top_list.addItem(item)
        if more:
            item = QListWidgetItem(tr("…and {n} more tied at rank {rank}").format(
                n=more, rank=rows[-1].rank))
            item.setFlags(Qt.NoItemFlags)
            self.top_list.addItem(item)
        self.moments_list.clear()
        for p in w.table("processes").values():
            if p.moment_of_truth:
                lane = self.scene.layout.lane(p.department)
                item = QListWidgetItem(f"★ {p.name} — {lane.name if lane else ''}, "
                                       f"{w.info.stages[p.stage]}")
                item.setData(Qt.UserRole, p.id)
                self.moments_list.addItem(item)
        if self._cycles_dirty:
            self._refresh_cycles()
        self._selection_changed()

    def _stages_changed(self, kind: str, _id: str, fields) -> None:
        if kind == "links" or (kind == "processes" and "stage" in fields):
            self._cycles_dirty = True

    def _refresh_cycles(self) -> None:
        """The cycles within one stage (only when links or stages changed)."""
        self._cycles_dirty = False
        w = self.document.workshop
        self.cycles_list.clear()
        procs = w.table(Process)
        for group in flagged_cycles(w):
            names = " → ".join(procs[pid].name for pid in group[:4])
            more = f" (+{len(group) - 4})" if len(group) > 4 else ""
            item = QListWidgetItem(f"⟲ {names}{more} — {w.info.stages[procs[group[0]].stage]}")
            item.setData(Qt.UserRole, group[0])
            self.cycles_list.addItem(item)
        self.cycles_box.setVisible(self.cycles_list.count() > 0)

    def _go_to(self, item: QListWidgetItem) -> None:
        pid = item.data(Qt.UserRole)
        box = self.scene.item_for_process.get(pid)
        if box is None:
            return
        self.scene.select_ids("processes", [pid])
        self.view.centerOn(box)

    def _selection_changed(self) -> None:
        if self.scene is None:
            return
        sel = self.scene.selected_ids()
        total = sum(len(v) for v in sel.values())
        if total == 0:
            self.panels.setCurrentWidget(self.nothing)
        elif total > 1:
            self.multi.setText(tr("{n} items selected.\nDrag to move them together, arrows to "
                                  "nudge, Del to delete, Ctrl+D to duplicate.").format(n=total))
            self.panels.setCurrentWidget(self.multi)
        elif sel["processes"]:
            self.process_panel.show_process(sel["processes"][0])
            self.panels.setCurrentWidget(self.process_panel)
        elif sel["notes"]:
            self.note_panel.show_note(sel["notes"][0])
            self.panels.setCurrentWidget(self.note_panel)
        else:
            self.link_panel.show_link(sel["links"][0])
            self.panels.setCurrentWidget(self.link_panel)

    # -- toolbar actions -----------------------------------------------------------------------
    def _place_from_palette(self, what: str) -> None:
        """A plain click on a palette button: add at the centre of the visible map."""
        center = self.view.mapToScene(self.view.viewport().rect().center())
        if self.scene.process_item_at(center) is None and what == "process":
            from ...model.layout import cell_at
            if cell_at(self.scene.layout, center.x(), center.y()) is None:
                lay = self.scene.layout
                center = QPointF(lay.stages[0].x + lay.stages[0].width / 2,
                                 lay.lanes[-1].y + lay.lanes[-1].height / 2)
        self.view.drop(what, center)

    def _toggle_vote(self) -> None:
        self.scene.vote_mode = self.act_vote.isChecked()
        if self.scene.vote_mode:
            self.show_hint(tr("Dot-voting: click a box to add a vote; right-click or "
                              "Shift+click to take one back."))
        else:
            self.clear_hint()

    def _toggle_focus(self) -> None:
        self.scene.auto_focus = self.act_focus.isChecked()
        if not self.scene.auto_focus:
            self.scene.clear_focus()

    def _show_empty_lanes(self) -> None:
        act = self.act_empty_lanes
        blocked = act.blockSignals(True)
        act.setChecked(self.document.info.hide_empty_lanes)
        act.setEnabled(not self.document.read_only)
        act.blockSignals(blocked)

    def _toggle_empty_lanes(self) -> None:
        hide = self.act_empty_lanes.isChecked()
        if hide != self.document.info.hide_empty_lanes:
            self.document.update(SESSION, None, hide_empty_lanes=hide,
                                 text=tr("Hide empty lanes") if hide else tr("Show empty lanes"))

    def export_png_dialog(self) -> None:
        """Ask for a width (up to 16,000 pixels on the longer side) and a file name."""
        from ...export.map_image import MapPicture
        from ...export.png import DEFAULT_WIDTH, MAX_SIDE, MIN_SIDE, render_map_png
        pic = MapPicture.of(self.document.workshop)
        widest = max(MIN_SIDE, min(MAX_SIDE, int(MAX_SIDE * pic.width / pic.height)))
        width, ok = QInputDialog.getInt(
            self, tr("Export map as PNG"),
            tr("Image width in pixels ({low}–{high}; the height follows the map):").format(
                low=MIN_SIDE, high=widest),
            min(DEFAULT_WIDTH, widest), MIN_SIDE, widest, 100)
        if not ok:
            return
        path = self._ask_path(tr("Export map as PNG"), ".png", tr("PNG images") + " (*.png)")
        if not path:
            return
        from ..outputs import may_write
        if not may_write(self, path, "png", self.document, tr("Export map as PNG")):
            return
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            size = render_map_png(self.document.workshop, path, width=width)
        except (OSError, ValueError) as e:
            QApplication.restoreOverrideCursor()
            QMessageBox.critical(self, tr("Export failed"), tr(
                "The map could not be saved as {path}: {reason}").format(path=path, reason=e))
            return
        QApplication.restoreOverrideCursor()
        self.show_hint(tr("Saved the map as {path} ({size} pixels).").format(
            path=path, size=f"{size[0]}×{size[1]}"))

    def export_svg_dialog(self) -> None:
        from ...export.svg import render_map_svg
        path = self._ask_path(tr("Export map as SVG"), ".svg", tr("SVG pictures") + " (*.svg)")
        if not path:
            return
        from ..outputs import may_write
        if not may_write(self, path, "svg", self.document, tr("Export map as SVG")):
            return
        try:
            render_map_svg(self.document.workshop, path)
        except OSError as e:
            QMessageBox.critical(self, tr("Export failed"), tr(
                "The map could not be saved as {path}: {reason}").format(
                    path=path, reason=e.strerror or e))
            return
        self.show_hint(tr("Saved the map as {path}.").format(path=path))

    def _ask_path(self, title: str, suffix: str, filter: str) -> str:
        start = (self.document.path.with_suffix(suffix) if self.document.path
                 else Path("map" + suffix))
        path, _ = QFileDialog.getSaveFileName(self, title, str(start), filter)
        if path and not path.lower().endswith(suffix):
            path += suffix
        return path

    def select_entity(self, kind: str, id: str) -> None:
        """Select the box, link or note ``id`` and bring it into view."""
        if kind in ("processes", "links", "notes"):
            self.scene.select_ids(kind, [id])
            for item in self.scene.selectedItems():
                self.view.ensureVisible(item)

    def activated(self) -> None:
        self.view.setFocus()
        if not self._fitted:
            self._fitted = True
            self.view.zoom_fit()
            if self.view.scale_factor() > 1.0:
                self.view.set_scale(1.0)
