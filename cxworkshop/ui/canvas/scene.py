"""MapScene: the process map as a graphics scene that mirrors the document.

It follows the document's ``entity_*`` signals and keeps ``item_for_*`` maps;
its gestures (move, link, vote, add, delete, paste) only push commands. Other
pages reuse it read-only and call :meth:`focus_process` & co.

Boxes, links and notes are painted by :meth:`MapScene.drawBackground` as one
picture that each view caches (see :mod:`.items`); only what is being dragged
is painted by Qt on every frame.
"""
from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPen, QTransform
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsRectItem, QGraphicsScene,
                               QGraphicsSimpleTextItem)

from ...commands import ChangeCommand
from ...model import Note, Process, Update, new_id
from ...model.graph import ProcessGraph, moments_of_truth
from ...model.layout import (BOX_H, BOX_W, NOTE_H, NOTE_W, MapLayout, cell_at,
                             compute_layout, place_in_cell, settle)
from ...model.voting import votes_left
from .gesture import NewLinkGesture
from .items import ARROW, LinkItem, MapItem, NoteItem, ProcessItem, segment_rects
from .render import DROP_CELL, paint_picture
from .style import STYLE

NEW_PROCESS_NAME = "New process"
HINT_MS = 3500
REPAINT_RECTS = 48       # picture changes in one go beyond which their bounding box is repainted
REPAINT_ALL_AFTER = 400  # … and beyond which all of it is


class HintItem(QGraphicsSimpleTextItem):
    """A short message near the mouse, readable at any zoom; hides itself."""

    def __init__(self):
        super().__init__()
        self.setFlag(QGraphicsItem.ItemIgnoresTransformations)
        self.setZValue(100)
        self.hide()

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-8, -6, 8, 6)

    def paint(self, painter, option, widget=None) -> None:
        painter.setPen(Qt.NoPen)
        painter.setBrush(STYLE.hint_bg)
        painter.drawRoundedRect(self.boundingRect(), 6, 6)
        self.setBrush(STYLE.hint_text)
        super().paint(painter, option, widget)


class DropCellItem(QGraphicsRectItem):
    """The cell a dragged box would land in, tinted over the picture while dragging
    (painted by Qt: changing cells repaints no part of the picture)."""

    def __init__(self):
        super().__init__()
        self.setPen(QPen(Qt.NoPen))
        self.setBrush(DROP_CELL)
        self.setZValue(0.5)   # over the picture, under what is dragged
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.hide()


class SnapItem(QGraphicsRectItem):
    """Where a dragged box will land: the nearest free spot of the drop cell."""

    def __init__(self):
        super().__init__()
        pen = QPen(STYLE.selected_pen)
        pen.setStyle(Qt.DashLine)
        self.setPen(pen)
        self.setBrush(Qt.NoBrush)
        self.setZValue(0.6)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.hide()


class MapScene(QGraphicsScene):
    """The map of ``document``: lanes, stage columns, process boxes, links, notes.

    Signals:
        hint(str): a gesture was refused or needs explaining (also shown on the map).
        edit_requested(kind, id): a view should open the inline editor on that item.
        focus_changed(object): the focused process ids (a set), or None when cleared.
        layout_changed(): lanes or columns may have moved or resized.
    """

    hint = Signal(str)
    edit_requested = Signal(str, str)
    focus_changed = Signal(object)
    layout_changed = Signal()

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.read_only = document.read_only
        self.item_for_process: dict[str, ProcessItem] = {}
        self.item_for_link: dict[str, LinkItem] = {}
        self.item_for_note: dict[str, NoteItem] = {}
        self.layout: MapLayout = compute_layout(document.workshop)
        self.vote_mode = False
        self.auto_focus = True
        self.gesture: NewLinkGesture | None = None
        self.focused: set[str] | None = None
        self.focus_sets: dict[str, set[str]] = {}
        self.drop_cell: tuple[str | None, int] | None = None
        self._focus_from_selection = False
        self._press: dict[QGraphicsItem, QPointF] | None = None
        self._links_dirty = True
        self._layout_dirty = False
        self._focus_dirty = False   # the focus sets may have changed (graph, items)
        self._strays: set[QGraphicsItem] = set()   # moved by hand: placed on relayout
        self._changed: list[QRectF] | None = None   # picture changes being collected…
        self._changed_box: QRectF | None = None     # …the bounding box of many more…
        self._changed_count = 0
        self._changed_all = False                   # …or the whole picture changed
        self._changed_lines: set[tuple] = set()     # arrows changed (each line once)
        self._collecting = 0                        # depth of repainting() blocks
        self._in_batch = False                      # a document batch is being mirrored
        self._live: set[MapItem] = set()  # items Qt paints while they are dragged
        self._selected: set[QGraphicsItem] = set()
        self._hint_item = HintItem()
        self.addItem(self._hint_item)
        self._drop_item = DropCellItem()
        self.addItem(self._drop_item)
        self._snap_item = SnapItem()
        self.addItem(self._snap_item)
        self._snap_key: tuple | None = None
        self._hint_timer = QTimer(self)
        self._hint_timer.setSingleShot(True)
        self._hint_timer.timeout.connect(self._hint_item.hide)
        # Long links have huge bounding boxes: a deep BSP tree files each of them in
        # hundreds of leaves and every lookup wades through the copies. A linear
        # scan of C++ bounding rects is faster at these sizes.
        self.setItemIndexMethod(QGraphicsScene.NoIndex)
        self.setBackgroundBrush(STYLE.background)
        self._build()
        document.entity_added.connect(self._on_added)
        document.entity_removed.connect(self._on_removed)
        document.entity_changed.connect(self._on_changed)
        document.info_changed.connect(self._on_info_changed)
        document.changed.connect(self._on_batch_done)
        self.selectionChanged.connect(self._on_selection_changed)

    # -- building and mirroring ----------------------------------------------------
    def _color_of(self, department: str | None) -> str:
        lane = self.layout.lane(department)
        return lane.color if lane else "#9e9e9e"

    def _build(self) -> None:
        w = self.document.workshop
        layout = self.layout
        with self.repainting():
            self.repaint_picture()
            for p in w.tables["processes"].values():
                item = ProcessItem(p, self._color_of(p.department))
                x, y, _, _ = layout.boxes[p.id]
                item.setPos(x, y)
                self.item_for_process[p.id] = item
                self.addItem(item)
            for link in w.tables["links"].values():
                self._add_link_item(link)
            for note in w.tables["notes"].values():
                self._add_note_item(note)
            self._recount_badges()
            self._mark_cycles()
            self.set_read_only(self.read_only)
        self._update_scene_rect()

    def _add_process_item(self, p: Process) -> None:
        item = ProcessItem(p, self._color_of(p.department))
        item.set_editable(not self.read_only)
        self.item_for_process[p.id] = item
        self._strays.add(item)   # placed by the relayout that follows
        self.addItem(item)
        item.picture_changed()

    def _add_link_item(self, link) -> None:
        up = self.item_for_process.get(link.upstream)
        down = self.item_for_process.get(link.downstream)
        if up is None or down is None:
            return
        item = LinkItem(link, up, down)
        if link.label:
            item.setToolTip(link.label)
        self.item_for_link[link.id] = item
        self.addItem(item)
        item.picture_changed()

    def _add_note_item(self, note) -> None:
        item = NoteItem(note)
        item.set_editable(not self.read_only)
        self.item_for_note[note.id] = item
        self._place_note(item)
        if item.scene() is None:
            self.addItem(item)
        item.picture_changed()

    def _place_note(self, item: NoteItem) -> None:
        rect = self.layout.notes.get(item.nid)
        if rect is None:
            return
        parent = self.item_for_process.get(item.note.process) if item.note.process else None
        if parent is not None:
            pos = QPointF(rect[0] - parent.pos().x(), rect[1] - parent.pos().y())
        else:
            pos = QPointF(rect[0], rect[1])
        if item.parentItem() is not parent or item.pos() != pos:
            item.move_to(pos, parent)
        if item.scene() is None:
            self.addItem(item)

    def _begin_batch(self) -> None:
        """Collect picture changes until the document's batch is done."""
        if not self._in_batch:
            self._in_batch = True
            self._collecting += 1
            if self._changed is None:
                self._changed = []
            QTimer.singleShot(0, self, self._end_batch)   # in case no changed() follows

    def _end_batch(self) -> None:
        if self._in_batch:
            self._in_batch = False
            self._collecting -= 1
            if not self._collecting:
                self._flush_changes()

    def _on_added(self, kind: str, id: str) -> None:
        self._begin_batch()
        self._focus_dirty = True
        entity = self.document.get(kind, id)
        if kind == "processes":
            self._add_process_item(entity)
        elif kind == "links":
            self._add_link_item(entity)
            self._links_dirty = True
        elif kind == "notes":
            self._add_note_item(entity)
        elif kind == "changes":
            self._recount_badges()
        if kind in ("processes", "notes", "departments"):
            self._layout_dirty = True

    def _on_removed(self, kind: str, id: str) -> None:
        self._begin_batch()
        self._focus_dirty = True
        if kind == "processes":
            item = self.item_for_process.pop(id, None)
            if item is not None:
                item.picture_changed()
                for child in item.childItems():
                    if isinstance(child, NoteItem):
                        child.move_to(child.scenePos(), None)
                self.removeItem(item)
            self._links_dirty = self._layout_dirty = True
        elif kind == "links":
            item = self.item_for_link.pop(id, None)
            if item is not None:
                item.picture_changed()
                item.detach()
                self.removeItem(item)
            self._links_dirty = True
        elif kind == "notes":
            item = self.item_for_note.pop(id, None)
            if item is not None:
                item.picture_changed()
                if item.scene() is not None:
                    self.removeItem(item)
            self._layout_dirty = True
        elif kind == "changes":
            self._recount_badges()
        elif kind == "departments":
            self._layout_dirty = True

    def _on_changed(self, kind: str, id: str, fields) -> None:
        self._begin_batch()
        entity = self.document.get(kind, id)
        if kind == "processes":
            item = self.item_for_process.get(id)
            if item is not None:
                item.set_process(entity, self._color_of(entity.department))
            if set(fields) & {"department", "stage", "x", "y"}:
                self._layout_dirty = True
            if "moment_of_truth" in fields:
                self._focus_dirty = True
        elif kind == "links":
            self._focus_dirty = True
            item = self.item_for_link.get(id)
            if item is not None:
                item.set_link(entity)
        elif kind == "notes":
            self._focus_dirty = True
            item = self.item_for_note.get(id)
            if item is not None:
                item.set_note(entity)
            self._layout_dirty = True
        elif kind == "departments":
            self._layout_dirty = True
        elif kind == "changes" and "process" in fields:
            self._recount_badges()

    def _on_info_changed(self, fields) -> None:
        self._begin_batch()
        if "stages" in fields:
            self._layout_dirty = True

    def _on_batch_done(self) -> None:
        with self.repainting():
            if self._layout_dirty:
                self._layout_dirty = False
                self.relayout()
            if self._links_dirty:
                self._mark_cycles()
            if self.focused is not None and self._focus_dirty:
                self._apply_focus(self.focused)
            self._focus_dirty = False
        self._end_batch()

    def relayout(self) -> None:
        """Recompute the grid and put every box and note where the document says."""
        old = self.layout
        self.layout = layout = compute_layout(self.document.workshop)
        with self.repainting():
            same_grid = _grid(old) == _grid(layout)
            if not same_grid:
                self.repaint_picture()
            self._place_items(layout, old.boxes if same_grid else None)
        self._update_scene_rect()
        self.layout_changed.emit()

    def _place_items(self, layout: MapLayout, old_boxes: dict | None = None) -> None:
        """Put the boxes where ``layout`` says: those whose place changed since
        ``old_boxes`` (all when None) and those moved by hand; notes follow."""
        strays, self._strays = self._strays, set()
        for pid, item in self.item_for_process.items():
            box = layout.boxes[pid]
            if old_boxes is not None and old_boxes.get(pid) == box and item not in strays:
                continue
            x, y, _, _ = box
            pos = item.pos()
            if pos.x() != x or pos.y() != y:
                item.move_to(QPointF(x, y))
            if old_boxes is None:   # lanes may have new colours
                color = self._color_of(item.process.department)
                if color != item._color:
                    item.set_process(item.process, color)
        for item in self.item_for_note.values():
            self._place_note(item)

    def _update_scene_rect(self) -> None:
        lay = self.layout
        rect = QRectF(0, 0, lay.width + 40, lay.height + 40)
        if rect != self.sceneRect():
            self.setSceneRect(rect)

    def _recount_badges(self) -> None:
        counts: dict[str, int] = {}
        for change in self.document.workshop.tables["changes"].values():
            if change.process:
                counts[change.process] = counts.get(change.process, 0) + 1
        for pid, item in self.item_for_process.items():
            n = counts.get(pid, 0)
            if item.badge != n:
                item.badge = n
                item.update()

    def _mark_cycles(self) -> None:
        self._links_dirty = False
        w = self.document.workshop
        cyclic = ProcessGraph.of(w).cyclic_links(w.tables["links"].values())
        for lid, item in self.item_for_link.items():
            flag = lid in cyclic
            if item.cyclic != flag:
                item.cyclic = flag
                item.update()

    def cyclic_link_ids(self) -> set[str]:
        return {lid for lid, item in self.item_for_link.items() if item.cyclic}

    # -- read-only and theme ---------------------------------------------------------
    def set_read_only(self, read_only: bool) -> None:
        """Show the map without editing gestures (for other pages and presenters)."""
        self.read_only = read_only
        with self.repainting():
            for item in self.item_for_process.values():
                item.set_editable(not read_only)
            for item in self.item_for_note.values():
                item.set_editable(not read_only)

    @property
    def editable(self) -> bool:
        return not self.read_only and not self.document.read_only

    def apply_theme(self) -> None:
        """Rebuild pens and fonts after a theme change (large text, high contrast)."""
        STYLE.reload()
        self.setBackgroundBrush(STYLE.background)
        with self.repainting():
            self.repaint_picture()
            for item in self.item_for_process.values():
                item.restyle()
            for item in self.item_for_note.values():
                item.restyle()

    # -- the picture: grid, boxes, links and notes ------------------------------------------
    def picture_changed(self, rect: QRectF) -> None:
        """Something pictured changed inside ``rect``: repaint the views' pictures there."""
        if self._changed is not None:   # collecting: repaint at the end
            self._changed_count += 1
            if self._changed_count <= REPAINT_RECTS:
                self._changed.append(rect)
            elif self._changed_count <= REPAINT_ALL_AFTER:
                box = self._changed_box
                self._changed_box = rect if box is None else box.united(rect)
            else:
                self._changed_all = True
            return
        views = self.views()
        if views:   # a pixel of slack for rounding and antialiasing at any zoom
            m = 2.0 / min(v.transform().m11() for v in views)
            rect = rect.adjusted(-m, -m, m, m)
        self.invalidate(rect, QGraphicsScene.BackgroundLayer)

    def line_changed(self, line: QLineF) -> None:
        """A pictured arrow along ``line`` changed: repaint the picture along it."""
        if self._changed is not None:
            self._changed_lines.add((line.x1(), line.y1(), line.x2(), line.y2()))
            return
        for part in segment_rects(line, ARROW + 6):
            self.picture_changed(part)

    @property
    def repainting_everything(self) -> bool:
        """True while collected changes already call for repainting the whole picture."""
        return self._changed_all

    def repaint_picture(self) -> None:
        """Repaint the whole picture (the grid or the theme changed, or most items)."""
        if self._changed is not None:
            self._changed_all = True
            return
        for view in self.views():
            view.resetCachedContent()
        self.update()

    @contextmanager
    def repainting(self):
        """Collect the picture changes made inside and repaint them at the end:
        their bounding box when there are many, the whole picture beyond that."""
        self._collecting += 1
        if self._changed is None:
            self._changed = []
        try:
            yield
        finally:
            self._collecting -= 1
            if not self._collecting:
                self._flush_changes()

    def _flush_changes(self) -> None:
        lines, self._changed_lines = self._changed_lines, set()
        for x1, y1, x2, y2 in lines:
            if self._changed_all:
                break
            for part in segment_rects(QLineF(x1, y1, x2, y2), ARROW + 6):
                self.picture_changed(part)
        changed, self._changed = self._changed, None
        box, self._changed_box = self._changed_box, None
        everything, self._changed_all = self._changed_all, False
        self._changed_count = 0
        if everything:
            self.repaint_picture()
            return
        if box is not None:   # many changes: their bounding box at once
            for rect in changed:
                box = box.united(rect)
            changed = [box]
        for rect in changed or ():
            self.picture_changed(rect)

    def drawBackground(self, painter, rect: QRectF) -> None:
        """Paint the grid and every pictured item inside ``rect`` (see :mod:`.render`)."""
        paint_picture(self, painter, rect)

    def _set_live(self, items) -> None:
        """Let Qt paint ``items`` (the dragged boxes and notes, their notes and
        links) while the rest stays in the cached picture."""
        live = set()
        for item in items:
            live.add(item)
            if isinstance(item, ProcessItem):
                live.update(c for c in item.childItems() if isinstance(c, MapItem))
                live.update(item.links)
        for item in live - self._live:
            item.set_live(True)
        self._live |= live

    def _end_live(self) -> None:
        live, self._live = self._live, set()
        for item in live:
            if item.scene() is self:
                item.set_live(False)

    # -- lookups ---------------------------------------------------------------------------------
    def process_item_at(self, pos: QPointF) -> ProcessItem | None:
        for item in self.items(pos, Qt.IntersectsItemShape, Qt.DescendingOrder, QTransform()):
            if isinstance(item, ProcessItem):
                return item
        return None

    def top_item_at(self, pos: QPointF):
        for item in self.items(pos, Qt.IntersectsItemShape, Qt.DescendingOrder, QTransform()):
            if isinstance(item, (ProcessItem, NoteItem, LinkItem)):
                return item
        return None

    def selected_ids(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"processes": [], "links": [], "notes": []}
        for item in self.selectedItems():
            if isinstance(item, ProcessItem):
                out["processes"].append(item.pid)
            elif isinstance(item, LinkItem):
                out["links"].append(item.lid)
            elif isinstance(item, NoteItem):
                out["notes"].append(item.nid)
        return out

    def select_ids(self, kind: str, ids) -> None:
        items = {"processes": self.item_for_process, "links": self.item_for_link,
                 "notes": self.item_for_note}[kind]
        self.select_items([items[i] for i in ids if i in items])

    def select_items(self, items, add: bool = False) -> None:
        """Select ``items`` (besides the current selection when ``add``), telling
        ``selectionChanged`` once rather than once per item."""
        before = set(self.selectedItems())
        blocked = self.blockSignals(True)
        try:
            if not add:
                self.clearSelection()
            for item in items:
                item.setSelected(True)
        finally:
            self.blockSignals(blocked)
        if not blocked and set(self.selectedItems()) != before:
            self.selectionChanged.emit()

    # -- hints ----------------------------------------------------------------------------------
    def show_hint(self, text: str, pos: QPointF | None = None) -> None:
        """Tell the user why a gesture did nothing, next to where it happened."""
        item = self._hint_item
        item.setFont(STYLE.font_bold)
        item.setText(text)
        if pos is not None:
            item.setPos(pos + QPointF(12, 12))
        item.show()
        self._hint_timer.start(HINT_MS)
        self.hint.emit(text)

    @property
    def hint_text(self) -> str:
        return self._hint_item.text() if self._hint_item.isVisible() else ""

    # -- focus -------------------------------------------------------------------------------------
    def focus_process(self, pid: str) -> None:
        """Light up everything upstream and downstream of ``pid``; dim the rest."""
        self.focus_processes([pid])

    def focus_processes(self, pids) -> None:
        """Focus several processes at once (e.g. a participant's placements)."""
        pids = {p for p in pids if p in self.item_for_process}
        self._focus_from_selection = False
        if not pids:
            self.clear_focus()
            return
        self._apply_focus(pids)
        self.focus_changed.emit(set(pids))

    def clear_focus(self) -> None:
        """Back to the normal map (Esc)."""
        with self.repainting():
            self._clear_focus()

    def _clear_focus(self) -> None:
        was = self.focused is not None
        self.focused = None
        self.focus_sets = {}
        self._focus_from_selection = False
        for item in self.item_for_process.values():
            _set_box_role(item, None, False, 1.0)
        for item in self.item_for_link.values():
            _set_link_role(item, None, False)
        for item in self.item_for_note.values():
            if item.parentItem() is None:
                item.set_dim(1.0)
        if was:
            self.focus_changed.emit(None)

    def _apply_focus(self, pids: set[str]) -> None:
        with self.repainting():
            self._focus(pids)

    def _focus(self, pids: set[str]) -> None:
        w = self.document.workshop
        pids = {p for p in pids if p in self.item_for_process}
        if not pids:
            self._clear_focus()
            return
        graph = ProcessGraph.of(w)
        anc = graph.ancestors(pids)
        desc = graph.descendants(pids)
        moments = moments_of_truth(w)
        chain: set[str] = set()
        for pid in pids:
            chain |= graph.chain_to_moments(pid, moments)
        self.focused = set(pids)
        self.focus_sets = {"focus": set(pids), "ancestors": anc, "descendants": desc,
                           "chain": chain}
        dim = STYLE.dim_opacity
        for pid, item in self.item_for_process.items():
            if pid in pids:
                role = "focus"
            elif pid in anc and pid in desc:
                role = "both"
            elif pid in anc:
                role = "ancestor"
            elif pid in desc:
                role = "descendant"
            else:
                role = None
            _set_box_role(item, role, pid in chain and pid not in pids, 1.0 if role else dim)
        up_side = anc | pids
        down_side = desc | pids
        for item in self.item_for_link.values():
            u, d = item.link.upstream, item.link.downstream
            if u in chain and d in chain:
                role = "chain"
            elif u in anc and d in up_side:
                role = "ancestor"
            elif u in down_side and d in desc:
                role = "descendant"
            else:
                role = None
            _set_link_role(item, role, role is None)
        for item in self.item_for_note.values():
            if item.parentItem() is None:
                item.set_dim(dim)

    def _on_selection_changed(self) -> None:
        selected = set(self.selectedItems())
        with self.repainting():
            for item in selected ^ self._selected:   # outlines on or off
                if isinstance(item, MapItem) and item.scene() is self:
                    item.picture_changed()
        self._selected = selected
        if not self.auto_focus:
            return
        sel = self.selected_ids()
        if len(sel["processes"]) == 1 and not sel["links"] and not sel["notes"]:
            self._apply_focus({sel["processes"][0]})
            self._focus_from_selection = True
            self.focus_changed.emit(set(sel["processes"]))
        elif self._focus_from_selection:
            self.clear_focus()

    # -- mouse gestures ------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        pos = event.scenePos()
        item = self.top_item_at(pos)
        if self.vote_mode and isinstance(item, ProcessItem) and self.editable:
            remove = event.button() == Qt.RightButton or event.modifiers() & Qt.ShiftModifier
            self.vote(item.pid, -1 if remove else 1, pos)
            event.accept()
            return
        if (self.editable and event.button() == Qt.LeftButton and isinstance(item, ProcessItem)
                and item.handle_rect().contains(item.mapFromScene(pos))):
            self.gesture = NewLinkGesture(self, item, pos)
            event.accept()
            return
        super().mousePressEvent(event)
        if self.editable and event.button() == Qt.LeftButton:
            self._press = {it: it.pos() for it in self.selectedItems()
                           if isinstance(it, (ProcessItem, NoteItem))
                           and it.flags() & QGraphicsItem.ItemIsMovable}
            self._strays.update(self._press)
            self._snap_key = None

    def mouseMoveEvent(self, event) -> None:
        if self.gesture is not None:
            self.gesture.move(event.scenePos())
            event.accept()
            return
        dragging = bool(self._press) and bool(event.buttons() & Qt.LeftButton)
        if dragging and not self._live and self.mouseGrabberItem() in self._press:
            self._set_live(self._press)   # before Qt moves them off their picture
        super().mouseMoveEvent(event)
        if dragging:
            for item in self._press:
                item.moved()              # links follow
            grabbed = self.mouseGrabberItem()
            if isinstance(grabbed, ProcessItem):
                pointer = event.scenePos()
                cell = cell_at(self.layout, pointer.x(), pointer.y())
                if cell != self.drop_cell:
                    self._show_drop_cell(cell)
                self._show_snap(grabbed, cell)

    def mouseReleaseEvent(self, event) -> None:
        if self.gesture is not None:
            gesture, self.gesture = self.gesture, None
            gesture.finish(event.scenePos())
            event.accept()
            return
        grabbed = self.mouseGrabberItem()
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if self.drop_cell is not None:
            self._show_drop_cell(None)
        self._snap_item.hide()
        if press:
            pointer = event.scenePos()
            cell = cell_at(self.layout, pointer.x(), pointer.y())
            self.commit_moves(press, cells={grabbed: cell} if cell is not None else None)
        self._end_live()

    def _show_snap(self, item: ProcessItem, cell) -> None:
        """Outline where the dragged box will land (the nearest free spot)."""
        if cell is None:
            self._snap_item.hide()
            return
        dept, stage, x, y = place_in_cell(self.layout, item.pos().x(), item.pos().y(), cell)
        key = (cell, round(x / 4), round(y / 4))
        if key != self._snap_key:
            self._snap_key = key
            _pid, _d, _s, fx, fy = settle(self.layout, [(item.pid, dept, stage, x, y)])[0]
            cx, cy, _w, _h = self.layout.cell_rect(dept, stage)
            self._snap_item.setRect(QRectF(cx + fx, cy + fy, BOX_W, BOX_H))
        self._snap_item.show()

    def _show_drop_cell(self, cell: tuple[str | None, int] | None) -> None:
        self.drop_cell = cell
        if cell is None:
            self._drop_item.hide()
        else:
            self._drop_item.setRect(QRectF(*self.layout.cell_rect(*cell)))
            self._drop_item.show()

    def mouseDoubleClickEvent(self, event) -> None:
        if not self.editable or event.button() != Qt.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        pos = event.scenePos()
        item = self.top_item_at(pos)
        if isinstance(item, ProcessItem):
            self.edit_requested.emit("processes", item.pid)
        elif isinstance(item, NoteItem):
            self.edit_requested.emit("notes", item.nid)
        elif isinstance(item, LinkItem):
            self.edit_requested.emit("links", item.lid)
        elif item is None:
            self.add_process_at(pos, edit=True)
        event.accept()

    # -- commands -----------------------------------------------------------------------------------------
    def commit_moves(self, old_positions: dict, merge_key=None, cells: dict | None = None
                     ) -> bool:
        """Push one command for items moved since ``old_positions``; snap back the rest.
        Boxes land on the nearest free spot of their cell (the one under the pointer
        for the item in ``cells``, else under the box's centre), never on another box.
        Commands with the same ``merge_key`` pushed in a row are one undo step."""
        self._strays.update(old_positions)
        ops = []
        moved = 0
        boxes = []
        for item, old in old_positions.items():
            if item.scene() is not self or item.pos() == old:
                continue
            moved += 1
            if isinstance(item, ProcessItem):
                placed = place_in_cell(self.layout, item.pos().x(), item.pos().y(),
                                       (cells or {}).get(item))
                if placed is not None:
                    boxes.append((item.pid, *placed))
            elif isinstance(item, NoteItem):
                ops.extend(self._note_move_ops(item))
        ops[:0] = self._process_move_ops(boxes)
        pushed = False
        if ops:
            n = len(ops)
            text = "Move process" if n == 1 and ops[0].kind == "processes" else f"Move {n} items"
            pushed = self.document.push(ChangeCommand(self.document, text, ops,
                                                      merge_key=merge_key))
        if moved and not pushed:
            self.relayout()   # dropped outside the grid or nothing changed: snap back
        if moved and len(ops) < moved:
            self.show_hint("Drop processes on a cell of the grid.",
                           next(iter(old_positions)).scenePos())
        return pushed

    def _process_move_ops(self, boxes: list) -> list:
        """Updates putting each ``(id, department, stage, x, y)`` on a free spot."""
        ops = []
        for pid, dept, stage, x, y in settle(self.layout, boxes):
            p = self.document.get("processes", pid)
            fields = {k: v for k, v in (("department", dept), ("stage", stage),
                                        ("x", round(x, 1)), ("y", round(y, 1)))
                      if getattr(p, k) != v}
            if fields:
                ops.append(Update("processes", pid, fields))
        return ops

    def _note_move_ops(self, item: NoteItem) -> list:
        note = self.document.get("notes", item.nid)
        x, y = round(item.pos().x(), 1), round(item.pos().y(), 1)
        if x == 0 and y == 0:
            x = 0.1   # (0, 0) means "not placed yet"
        if (x, y) == (note.x, note.y):
            return []
        return [Update("notes", item.nid, {"x": x, "y": y})]

    def update_fields(self, kind: str, id: str, label: str, fields: dict) -> bool:
        """One undo step changing ``fields`` of a row (works for a field named ``text``,
        which ``document.update`` takes as the undo label)."""
        current = self.document.get(kind, id)
        if current is None:
            return False
        fields = {k: v for k, v in fields.items() if getattr(current, k) != v}
        if not fields:
            return True
        return self.document.push(ChangeCommand(self.document, label,
                                                [Update(kind, id, fields)]))

    def nudge(self, dx: float, dy: float) -> bool:
        """Move the selected boxes and notes by ``dx``, ``dy`` map units (arrow keys).
        Nudges of the same selection in a row are one undo step."""
        if not self.editable:
            return False
        old = {}
        for item in self.selectedItems():
            if isinstance(item, (ProcessItem, NoteItem)):
                if isinstance(item, NoteItem) and item.parentItem() is not None \
                        and item.parentItem().isSelected():
                    continue
                old[item] = item.pos()
                item.move_to(item.pos() + QPointF(dx, dy))
        if not old:
            return False
        key = ("nudge", frozenset(getattr(item, "pid", None) or item.nid for item in old))
        return self.commit_moves(old, merge_key=key)

    def add_process_at(self, pos: QPointF, edit: bool = True,
                       name: str = NEW_PROCESS_NAME) -> str | None:
        """Add a process centred on ``pos``, in the cell there; None outside the grid."""
        if not self.editable:
            return None
        cell = cell_at(self.layout, pos.x(), pos.y())
        if cell is None:
            self.show_hint("Drop a process on a cell of the grid: a department and a stage.",
                           pos)
            return None
        dept, stage, x, y = place_in_cell(self.layout, pos.x() - BOX_W / 2,
                                          pos.y() - BOX_H / 2, cell)
        pid = new_id()
        _pid, dept, stage, x, y = settle(self.layout, [(pid, dept, stage, x, y)])[0]
        process = Process(pid, name, dept, stage, x=round(x, 1), y=round(y, 1))
        if not self.document.add(process, text="Add process"):
            return None
        self.select_ids("processes", [process.id])
        if edit:
            self.edit_requested.emit("processes", process.id)
        return process.id

    def add_note_at(self, pos: QPointF, kind: str, text: str = "",
                    edit: bool = True) -> str | None:
        """Add a sticky note: on the process under ``pos``, or free on the map."""
        if not self.editable:
            return None
        target = self.process_item_at(pos)
        if target is not None:
            note = Note(new_id(), target.pid, kind, text)
        else:
            x, y = round(pos.x() - NOTE_W / 2, 1), round(pos.y() - NOTE_H / 2, 1)
            note = Note(new_id(), None, kind, text, x=x or 0.1, y=y)
        if not self.document.add(note, text="Add note"):
            return None
        if edit:
            self.edit_requested.emit("notes", note.id)
        return note.id

    def delete_selection(self) -> bool:
        """Delete the selected processes, links and notes (one undo step)."""
        if not self.editable:
            return False
        sel = self.selected_ids()
        items = ([("processes", i) for i in sel["processes"]] + [("links", i) for i in sel["links"]]
                 + [("notes", i) for i in sel["notes"]])
        if not items:
            return False
        return self.document.remove(items)

    def vote(self, pid: str, delta: int, pos: QPointF | None = None) -> bool:
        """Add (``+1``) or take back (``-1``) a dot vote on a process, within the budget."""
        p = self.document.get("processes", pid)
        if p is None or not self.editable:
            return False
        if delta > 0 and votes_left(self.document.workshop) <= 0:
            self.show_hint("No votes left: the room has used its whole budget.", pos)
            return False
        votes = p.votes + delta
        if votes < 0:
            self.show_hint("This process has no votes to take back.", pos)
            return False
        return self.document.update("processes", pid, votes=votes,
                                    text="Add vote" if delta > 0 else "Remove vote")

    def arrange(self) -> bool:
        """Order boxes inside each cell to reduce crossing links (one undo step);
        never to more crossings than before ("already tidy" then)."""
        from ...model.arrange import arrange_ops
        if not self.editable:
            return False
        ops = arrange_ops(self.document.workshop)
        if not ops:
            self.show_hint("Already tidy: no ordering has fewer crossing links.")
            return True
        return self.document.push(ChangeCommand(self.document, "Auto-arrange", ops))


def _grid(layout: MapLayout) -> tuple:
    """What the grid drawn under the boxes depends on."""
    return ([(ln.name, ln.color, ln.y, ln.height) for ln in layout.lanes],
            [(c.name, c.x, c.width) for c in layout.stages])


def _set_box_role(item: ProcessItem, role: str | None, on_chain: bool, opacity: float) -> None:
    if (item.role, item.on_chain) != (role, on_chain):
        item.role, item.on_chain = role, on_chain
        item.update()
    item.set_dim(opacity)


def _set_link_role(item: LinkItem, role: str | None, dimmed: bool) -> None:
    if (item.role, item.dimmed) != (role, dimmed):
        item.role, item.dimmed = role, dimmed
        item.update()
