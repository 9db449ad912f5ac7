"""Interaction on the map: mouse gestures (move, link, vote, double-click), keyboard
steps, and the commands they make — every change built by a named operation of
:mod:`cxworkshop.model.ops` and handed to the document.

A mixin of :class:`~.scene.MapScene`, which mirrors the document (items, layout,
picture); nothing here touches an item's state except to show a drag in progress.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsItem

from ...i18n import N_, ngettext, tr
from ...model import Process
from ...model import ops as domain
from ...model.layout import (
    BOX_H,
    BOX_W,
    NOTE_H,
    NOTE_W,
    cell_at,
    cell_occupancy,
    free_spot,
    place_in_cell,
    settle,
    unpinned_in,
)
from .gesture import NewLinkGesture, NoteResizeGesture, ReattachGesture
from .items import LinkItem, NoteItem, ProcessItem

#: what a screen reader says for a note, per kind
NOTE_SPOKEN = {"pain": N_("Pain note: {text}"), "idea": N_("Idea note: {text}"),
               "question": N_("Question note: {text}")}
NEW_PROCESS_NAME = N_("New process")  # in the current language when a box is added


class MapInteraction:
    """Gestures and commands of the map scene."""

    # -- mouse gestures ----------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        pos = event.scenePos()
        item = self.top_item_at(pos)
        if self.vote_mode and isinstance(item, ProcessItem) and self.editable:
            remove = event.button() == Qt.RightButton or event.modifiers() & Qt.ShiftModifier
            self.vote(item.pid, -1 if remove else 1, pos)
            event.accept()
            return
        end = self._link_end_at(pos) if self.editable and event.button() == Qt.LeftButton \
            else None
        if end is not None:   # an end of a selected link: drag it to another box
            self.gesture = ReattachGesture(self, end[0], end[1], pos)
            event.accept()
            return
        if (self.editable and event.button() == Qt.LeftButton and isinstance(item, ProcessItem)
                and item.handle_rect().contains(item.mapFromScene(pos))):
            self.gesture = NewLinkGesture(self, item, pos)
            event.accept()
            return
        if (self.editable and event.button() == Qt.LeftButton and isinstance(item, NoteItem)
                and item.isSelected()
                and item.handle_rect().contains(item.mapFromScene(pos))):
            self.gesture = NoteResizeGesture(self, item, pos)   # the corner: resize
            event.accept()
            return
        super().mousePressEvent(event)
        if self.editable and event.button() == Qt.LeftButton:
            self._press = {it: it.pos() for it in self.selectedItems()
                           if isinstance(it, (ProcessItem, NoteItem))
                           and it.flags() & QGraphicsItem.ItemIsMovable}
            self._strays.update(self._press)
            self._snap_key = None
            self._snap_probes = {}

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
            probe = self._snap_probes.get(cell)
            if probe is None:   # the cell's boxes but the dragged ones, once per drag
                probe = self._snap_probes[cell] = cell_occupancy(
                    self.layout, dept, stage, {i.pid for i in self._press or ()
                                               if isinstance(i, ProcessItem)})
            fx, fy = free_spot(probe, x, y, self.layout.footprints.get(item.pid, BOX_H))
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

    def _link_end_at(self, pos: QPointF, reach: float = 12.0):
        """(link item, "upstream" or "downstream") when ``pos`` is on an end of a
        selected link, else None."""
        for item in self.selectedItems():
            if isinstance(item, LinkItem):
                lines = item.lines()
                for end, point in (("downstream", lines[-1].p2()), ("upstream", lines[0].p1())):
                    if abs(point.x() - pos.x()) <= reach and abs(point.y() - pos.y()) <= reach:
                        return item, end
        return None

    def relink(self, lid: str, up: str, down: str, pos: QPointF | None = None) -> bool:
        """Make link ``lid`` run from ``up`` to ``down`` (one undo step), or say why not."""
        from .gesture import DUPLICATE, SELF_LINK
        if up == down:
            self.show_hint(tr(SELF_LINK), pos)
            return False
        if self.document.workshop.find_link(up, down) is not None:
            self.show_hint(tr(DUPLICATE), pos)
            return False
        try:
            change = domain.edit(self.document.workshop, "links", lid,
                                 {"upstream": up, "downstream": down}, text=tr("Re-attach link"))
        except domain.Refused as e:
            self.show_hint(str(e), pos)
            return False
        return self.document.do(change)

    # -- keyboard ----------------------------------------------------------------------------------
    def step_selection(self, dx: int, dy: int) -> str | None:
        """Select the nearest box from the selected one in direction ``dx, dy``
        (arrow keys); the top-left box when none is selected. Returns its id."""
        sel = self.selected_ids()["processes"]
        boxes = {pid: item.box_rect().center() for pid, item in self.item_for_process.items()}
        if not boxes:
            return None
        if not sel:
            pid = min(boxes, key=lambda p: (boxes[p].y() + boxes[p].x() * 0.5))
        else:
            here = boxes[sel[0]]
            best, pid = None, None
            for other, c in boxes.items():
                along = (c.x() - here.x()) * dx + (c.y() - here.y()) * dy
                if other == sel[0] or along <= 1:
                    continue
                across = abs((c.x() - here.x()) * dy) + abs((c.y() - here.y()) * dx)
                score = along + 2 * across
                if best is None or score < best:
                    best, pid = score, other
            if pid is None:
                return None
        self.select_ids("processes", [pid])
        return pid

    def describe_target(self, p) -> str:
        """A process as a link dialog lists it: name, lane and stage."""
        lane = self.layout.lane(p.department)
        stages = self.document.info.stages
        stage = stages[p.stage] if 0 <= p.stage < len(stages) else ""
        return f"{p.name} — {lane.name if lane else ''}, {stage}"

    def find_process(self, text: str) -> str | None:
        """The process whose name best matches ``text`` (case and accents ignored)."""
        from .find import find
        hits = [h for h in find(self.document.workshop, text) if h.kind == "processes"]
        return hits[0].id if hits else None

    def link(self, up: str, down: str, pos: QPointF | None = None) -> bool:
        """Add the link ``up`` → ``down`` (one undo step), or say why not."""
        from .gesture import DUPLICATE, SELF_LINK
        if up == down:
            self.show_hint(tr(SELF_LINK), pos)
            return False
        if self.document.workshop.find_link(up, down) is not None:
            self.show_hint(tr(DUPLICATE), pos)
            return False
        try:
            change = domain.add_link(self.document.workshop, up, down)
        except domain.Refused as e:
            self.show_hint(str(e), pos)
            return False
        return self.document.do(change)

    def accessible_text(self, item) -> str:
        """What a screen reader says for a box, link or note."""
        w = self.document.workshop
        stages = w.info.stages
        if isinstance(item, ProcessItem):
            p = item.process
            lane = self.layout.lane(p.department)
            bits = [tr("Process {name}").format(name=p.name), lane.name if lane else "",
                    stages[p.stage] if 0 <= p.stage < len(stages) else ""]
            if p.moment_of_truth:
                bits.append(tr("moment of truth"))
            bits.append(tr("frontstage") if p.frontstage else tr("backstage"))
            if p.votes:
                bits.append(ngettext("{n} vote", "{n} votes", p.votes).format(n=p.votes))
            return ", ".join(b for b in bits if b)
        if isinstance(item, LinkItem):
            text = tr("Link from {up} to {down}").format(up=item.up.process.name,
                                                          down=item.down.process.name)
            if item.link.label:
                text += f", {item.link.label}"
            if item.loop_back:
                text += ", " + tr("loop-back")
            return text
        if isinstance(item, NoteItem):
            return tr(NOTE_SPOKEN.get(item.note.kind, N_("Note: {text}"))).format(
                text=item.note.text)
        return ""

    # -- commands ----------------------------------------------------------------------------------
    def commit_moves(self, old_positions: dict, merge_key=None, cells: dict | None = None
                     ) -> bool:
        """Push one command for items moved since ``old_positions``; snap back the rest.
        Boxes land on the nearest free spot of their cell (the one under the pointer
        for the item in ``cells``, else under the box's centre), never on another box.
        Commands with the same ``merge_key`` pushed in a row are one undo step."""
        self._strays.update(old_positions)
        positions = []
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
                positions.append(("notes", item.nid, self._note_place(item)))
        placed = len(boxes) + len(positions)
        settled = settle(self.layout, boxes)
        positions[:0] = [("processes", pid, {"department": dept, "stage": stage,
                                             "x": round(x, 1), "y": round(y, 1)})
                         for pid, dept, stage, x, y in settled]
        if settled:   # the boxes around stay where they are shown (stored with the drop)
            procs = self.document.workshop.table(Process)
            cells = {(d, s) for _pid, d, s, _x, _y in settled}
            cells |= {(procs[pid].department, procs[pid].stage) for pid, *_ in settled}
            positions += [("processes", pid, {"x": x, "y": y}) for pid, x, y
                          in unpinned_in(self.layout, cells, {m[0] for m in settled})]
        change = domain.move(self.document.workshop, positions, "", merge_key)
        pushed = False
        if change:
            ids = {pid for pid, *_ in settled}
            n = len([op for op in change if op.kind != "processes" or op.id in ids])
            change.text = (tr("Move process") if n <= 1 and change[0].kind == "processes"
                           else tr("Move {n} items").format(n=n))
            pushed = self.document.do(change)
        if moved and not pushed:
            self.relayout()   # dropped outside the grid or nothing changed: snap back
        if moved and placed < moved:
            self.show_hint(tr("Drop processes on a cell of the grid."),
                           next(iter(old_positions)).scenePos())
        return pushed

    def _note_place(self, item: NoteItem) -> dict:
        """The stored place of a note where it was dragged to."""
        x, y = round(item.pos().x(), 1), round(item.pos().y(), 1)
        if x == 0 and y == 0:
            x = 0.1   # (0, 0) means "not placed yet"
        return {"x": x, "y": y}

    def update_fields(self, kind: str, id: str, label: str, fields: dict) -> bool:
        """One undo step changing ``fields`` of a row (named operation ``edit``)."""
        if self.document.get(kind, id) is None:
            return False
        try:
            change = domain.edit(self.document.workshop, kind, id, fields, text=label)
        except domain.Refused as e:
            self.show_hint(str(e))
            return False
        return self.document.do(change)

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
                       name: str | None = None) -> str | None:
        """Add a process centred on ``pos``, in the cell there; None outside the grid."""
        if not self.editable:
            return None
        cell = cell_at(self.layout, pos.x(), pos.y())
        if cell is None:
            self.show_hint(tr("Drop a process on a cell of the grid: a department and a "
                              "stage."), pos)
            return None
        dept, stage, x, y = place_in_cell(self.layout, pos.x() - BOX_W / 2,
                                          pos.y() - BOX_H / 2, cell)
        _pid, dept, stage, x, y = settle(self.layout, [("", dept, stage, x, y)])[0]
        if name is None:
            name = tr(NEW_PROCESS_NAME)
        change = domain.add_process(self.document.workshop, name, dept, stage,
                                    x=round(x, 1), y=round(y, 1))
        if not self.document.do(change):
            return None
        pid = change[0].entity.id
        self.select_quietly("processes", [pid])
        if edit:
            self.edit_requested.emit("processes", pid)
        return pid

    def add_note_at(self, pos: QPointF, kind: str, text: str = "",
                    edit: bool = True) -> str | None:
        """Add a sticky note: on the process under ``pos``, or free on the map."""
        if not self.editable:
            return None
        target = self.process_item_at(pos)
        w = self.document.workshop
        if target is not None:
            change = domain.add_note(w, text, kind, target.pid)
        else:
            x, y = round(pos.x() - NOTE_W / 2, 1), round(pos.y() - NOTE_H / 2, 1)
            change = domain.add_note(w, text, kind, None, x or 0.1, y)
        if not self.document.do(change):
            return None
        nid = change[0].entity.id
        if edit:
            self.edit_requested.emit("notes", nid)
        return nid

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
        if self.document.get("processes", pid) is None or not self.editable:
            return False
        operation = domain.vote if delta > 0 else domain.unvote
        try:
            change = operation(self.document.workshop, pid)
        except domain.Refused as e:
            self.show_hint(str(e), pos)
            return False
        return self.document.do(change)

    def arrange(self) -> bool:
        """Order boxes inside each cell to reduce crossing links (one undo step);
        never to more crossings than before ("already tidy" then)."""
        from ...model.arrange import arrange_ops
        if not self.editable:
            return False
        ops = arrange_ops(self.document.workshop)
        if not ops:
            self.show_hint(tr("Already tidy: no ordering has fewer crossing links."))
            return True
        return self.document.do(domain.Change(ops, tr("Auto-arrange")))
