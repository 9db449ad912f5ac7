"""MapScene: the process map as a graphics scene that mirrors the document.

Split in three: this module mirrors the document (items, layout, picture,
lookups, hints); :mod:`.interaction` runs the gestures and builds changes with
the named operations; :mod:`.focus` lights up chains.

It follows the document's ``entity_*`` signals and keeps ``item_for_*`` maps;
its gestures (move, link, vote, add, delete, paste) only hand the document
changes made by the named operations of :mod:`cxworkshop.model.ops`. Other
pages reuse it read-only and call :meth:`focus_process` & co.

Boxes, links and notes are painted by :meth:`MapScene.drawBackground` as one
picture that each view caches (see :mod:`.items`); only what is being dragged
is painted by Qt on every frame.
"""
from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPen, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from ...model import Process
from ...model.entities import Change, Link, Note
from ...model.graph import ProcessGraph
from ...model.layout import BOX_H, BOX_W, MapLayout, compute_layout, moved_layout
from ...model.route import LOOP_ROOM, Router
from .focus import MapFocus
from .gesture import NewLinkGesture
from .interaction import NEW_PROCESS_NAME, MapInteraction  # noqa: F401 (public name)
from .items import ARROW, LinkItem, MapItem, NoteItem, ProcessItem, segment_rects
from .render import DROP_CELL, paint_picture
from .style import STYLE

HINT_MS = 3500
MOVE_FIELDS = frozenset({"department", "stage", "x", "y"})
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


class MapScene(MapFocus, MapInteraction, QGraphicsScene):
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
        self.router = Router(self.layout)
        self.links_deferred = False   # boxes are being moved in bulk: links wait
        self.quiet_selection = False  # selecting what was just added: focus stays off
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
        self._moved: set[str] | None = set()   # boxes only moved since the last layout
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
        self._snap_probes: dict = {}
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
            for p in w.table(Process).values():
                item = ProcessItem(p, self._color_of(p.department))
                x, y, _, _ = layout.boxes[p.id]
                item.setPos(x, y)
                self.item_for_process[p.id] = item
                self.addItem(item)
            for link in w.table(Link).values():
                self._add_link_item(link)
            for note in w.table(Note).values():
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
        item = LinkItem(link, up, down, self.router,
                        up.process.stage > down.process.stage)
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
        item.set_size(rect[2], rect[3])

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
            self._moved = None

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
            self._moved = None
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
            self._moved = None
        elif kind == "changes":
            self._recount_badges()
        elif kind == "departments":
            self._layout_dirty = True
            self._moved = None

    def _on_changed(self, kind: str, id: str, fields) -> None:
        self._begin_batch()
        entity = self.document.get(kind, id)
        if kind == "processes":
            item = self.item_for_process.get(id)
            if item is not None:
                item.set_process(entity, self._color_of(entity.department))
            if set(fields) & {"department", "stage", "x", "y"}:
                self._layout_dirty = True
                if self._moved is not None and set(fields) <= MOVE_FIELDS:
                    self._moved.add(id)   # laid out again only where it went
                else:
                    self._moved = None
            if "stage" in fields:
                self._links_dirty = True   # a link may loop back now
                self._focus_dirty = True
            if "moment_of_truth" in fields:
                self._focus_dirty = True
        elif kind == "links":
            self._focus_dirty = True
            item = self.item_for_link.get(id)
            if item is not None and set(fields) & {"upstream", "downstream"}:
                self._on_removed("links", id)   # re-attached: a new arrow between its boxes
                self._add_link_item(entity)
                self._links_dirty = True
            elif item is not None:
                item.set_link(entity)
        elif kind == "notes":
            self._focus_dirty = True
            item = self.item_for_note.get(id)
            if item is not None:
                item.set_note(entity)
            self._layout_dirty = True
            self._moved = None
        elif kind == "departments":
            self._layout_dirty = True
            self._moved = None
        elif kind == "changes" and "process" in fields:
            self._recount_badges()

    def _on_info_changed(self, fields) -> None:
        self._begin_batch()
        if "stages" in fields or "hide_empty_lanes" in fields:
            self._layout_dirty = True
            self._moved = None

    def _hidden(self) -> bool:
        """True when the scene is shown in views but none of them is visible (a page
        in the background): its layout waits until one shows (see catch_up)."""
        views = self.views()
        return bool(views) and not any(v.isVisible() for v in views)

    def catch_up(self) -> None:
        """A view shows: do the layout work put off while hidden."""
        if self._layout_dirty or self._links_dirty or self._focus_dirty:
            self._on_batch_done()

    def _on_batch_done(self) -> None:
        if self._hidden():   # e.g. the Connect page's map while the Map page is used
            self._end_batch()
            return
        with self.repainting():
            if self._layout_dirty:
                self._layout_dirty = False
                moved, self._moved = self._moved, set()
                self.relayout(moved)
            if self._links_dirty:
                self._mark_cycles()
            if self.focused is not None and self._focus_dirty:
                self._apply_focus(self.focused)
            self._focus_dirty = False
        self._end_batch()

    def relayout(self, moved: set[str] | None = None) -> None:
        """Recompute the grid and put every box and note where the document says
        (when only boxes ``moved``, just where they went, if nothing else changes)."""
        old = self.layout
        layout = moved_layout(old, self.document.workshop, moved) if moved else None
        quick = layout is not None   # only the moved boxes changed place
        if layout is None:
            layout = compute_layout(self.document.workshop)
            self.router = Router(layout)
        else:
            self.router.boxes_moved(layout)
        self.layout = layout
        with self.repainting():
            same_grid = _grid(old) == _grid(layout)
            if not same_grid:
                self.repaint_picture()
            self.links_deferred = not same_grid
            try:
                placed = self._place_items(layout, old.boxes if same_grid else None,
                                           moved if quick else None)
            finally:
                self.links_deferred = False
            if same_grid and self._far_views():   # cells whose count changed: the badge
                for cell in layout.cell_rects.keys() | old.cell_rects.keys():
                    if len(old.cell_rects.get(cell, ())) != len(layout.cell_rects.get(cell, ())):
                        li, si = cell
                        lane, col = layout.lanes[li], layout.stages[si]
                        self.picture_changed(QRectF(col.x, lane.y, col.width, lane.height))
            if not same_grid:   # the corridors moved: every link runs anew (once, when seen)
                for item in self.item_for_link.values():
                    item.adjust(lazy=True)
            elif placed:
                self._reroute_around(placed)
        self._update_scene_rect()
        self.layout_changed.emit()

    def _far_views(self) -> bool:
        """True when a view shows the map from far away (boxes as blocks, cell counts)."""
        from .style import LOD_DETAIL
        return any(v.transform().m11() < LOD_DETAIL for v in self.views())

    def _reroute_around(self, boxes: list[QRectF]) -> None:
        """Links whose path now passes under one of ``boxes`` (just placed) run anew.
        (Links not routed yet are routed around them when first painted.)"""
        from ...model.route import segment_hits_rect
        rects = [(r.left(), r.top(), r.width(), r.height()) for r in boxes]
        for item in self.item_for_link.values():
            rec = item.rec
            if rec is None or item._stale:
                continue
            x0, y0, x1, y1 = rec[:4]
            for r in rects:
                left, top, right, bottom = r[0], r[1], r[0] + r[2], r[1] + r[3]
                if not (left < x1 and x0 < right and top < y1 and y0 < bottom):
                    continue
                hit = False
                for ln in rec[4]:   # a line's own extent first: most pass far from the box
                    a, b, c, d = ln.x1(), ln.y1(), ln.x2(), ln.y2()
                    if ((a if a > c else c) <= left or (a if a < c else c) >= right
                            or (b if b > d else d) <= top or (b if b < d else d) >= bottom):
                        continue
                    if segment_hits_rect((a, b), (c, d), r):
                        hit = True
                        break
                if hit and item.up.box_rect() != QRectF(*r) and \
                        item.down.box_rect() != QRectF(*r):
                    item.adjust()
                    break

    def _place_items(self, layout: MapLayout, old_boxes: dict | None = None,
                     only: set[str] | None = None) -> list[QRectF]:
        """Put the boxes where ``layout`` says: those whose place changed since
        ``old_boxes`` (all when None; only those of ``only`` when given) and those
        moved by hand; notes follow. Returns the boxes placed anew."""
        strays, self._strays = self._strays, set()
        placed = []
        items = self.item_for_process.items()
        if only is not None and old_boxes is not None:   # a drop: the boxes that moved
            pids = only | {i.pid for i in strays if isinstance(i, ProcessItem)}
            items = [(pid, self.item_for_process[pid]) for pid in pids
                     if pid in self.item_for_process]
        for pid, item in items:
            box = layout.boxes[pid]
            if old_boxes is not None and old_boxes.get(pid) == box and item not in strays:
                continue
            x, y, _, _ = box
            pos = item.pos()
            if pos.x() != x or pos.y() != y:
                item.move_to(QPointF(x, y))
            if old_boxes is not None:
                placed.append(QRectF(x, y, BOX_W, BOX_H))
            if old_boxes is None:   # lanes may have new colours
                color = self._color_of(item.process.department)
                if color != item._color:
                    item.set_process(item.process, color)
        for item in self.item_for_note.values():
            self._place_note(item)
        return placed

    def _update_scene_rect(self) -> None:
        lay = self.layout
        rect = QRectF(0, 0, lay.width + 40, max(lay.height, self.router.grid_bottom
                                                 + LOOP_ROOM) + 40)
        if rect != self.sceneRect():
            self.setSceneRect(rect)

    def _recount_badges(self) -> None:
        counts: dict[str, int] = {}
        for change in self.document.workshop.table(Change).values():
            if change.process:
                counts[change.process] = counts.get(change.process, 0) + 1
        for pid, item in self.item_for_process.items():
            n = counts.get(pid, 0)
            if item.badge != n:
                item.badge = n
                item.update()

    def _mark_cycles(self) -> None:
        """Mark loop-backs (a later stage feeding an earlier one): drawn below the grid."""
        self._links_dirty = False
        for item in self.item_for_link.values():
            flag = item.up.process.stage > item.down.process.stage
            if item.loop_back != flag:
                item.loop_back = flag
                item.adjust()

    def cyclic_link_ids(self) -> set[str]:
        """Links on a cycle within one stage (shown in the side panel, never on the map)."""
        w = self.document.workshop
        return ProcessGraph.journey(w).cyclic_links(w.table(Link).values())

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
        views = []
        for v in self.views():
            if getattr(v, "is_minimap", False):
                v.picture_changed(rect)   # it catches up a moment later
            else:
                views.append(v)
        if views:   # a pixel of slack for rounding and antialiasing at any zoom
            m = 2.0 / min(v.transform().m11() for v in views)
            rect = rect.adjusted(-m, -m, m, m)
            for v in views:
                v.invalidateScene(rect, QGraphicsScene.BackgroundLayer)

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

    def select_quietly(self, kind: str, ids) -> None:
        """Select what was just added or pasted without focusing on it (the map
        does not dim every time a box is added while building)."""
        self.quiet_selection = True
        try:
            self.select_ids(kind, ids)
        finally:
            self.quiet_selection = False

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
            item.setPos(self._hint_pos(item, pos + QPointF(12, 12)))
        item.show()
        self._hint_timer.start(HINT_MS)
        self.hint.emit(text)

    def _hint_pos(self, item, pos: QPointF) -> QPointF:
        """``pos`` moved so that the hint shows whole inside the first view."""
        views = [v for v in self.views() if not getattr(v, "is_minimap", False)]
        if not views:
            return pos
        view = views[0]
        vp = view.viewport().rect()
        at = view.mapFromScene(pos)
        size = item.boundingRect().size().toSize()
        x = max(vp.left() + 4, min(at.x(), vp.right() - size.width() - 4))
        y = max(vp.top() + 4, min(at.y(), vp.bottom() - size.height() - 4))
        return view.mapToScene(x - int(item.boundingRect().left()),
                               y - int(item.boundingRect().top()))

    @property
    def hint_text(self) -> str:
        return self._hint_item.text() if self._hint_item.isVisible() else ""

    def _on_selection_changed(self) -> None:
        selected = set(self.selectedItems())
        with self.repainting():
            for item in selected ^ self._selected:   # outlines on or off
                if isinstance(item, MapItem) and item.scene() is self:
                    item.picture_changed()
        self._selected = selected
        if not self.auto_focus:
            return
        if self.quiet_selection:   # a box just added or pasted: no focus, nothing dims
            if self._focus_from_selection:
                self.clear_focus()
            return
        sel = self.selected_ids()
        if len(sel["processes"]) == 1 and not sel["links"] and not sel["notes"]:
            self._apply_focus({sel["processes"][0]})
            self._focus_from_selection = True
            self.focus_changed.emit(set(sel["processes"]))
        elif self._focus_from_selection:
            self.clear_focus()


def _grid(layout: MapLayout) -> tuple:
    """What the grid drawn under the boxes depends on."""
    return ([(ln.name, ln.color, ln.y, ln.height) for ln in layout.lanes],
            [(c.name, c.x, c.width) for c in layout.stages])
