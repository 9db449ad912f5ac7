"""Drawing a link: modal gestures with start / move / finish / cancel.

The scene hands them mouse events first while they run; on finish they hand
the document one change (adding a link, or moving one end of a link to another
box) or show why not. The box under the pointer is outlined while drawing.
"""
from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsRectItem

from ...i18n import N_, tr
from ...model.layout import BOX_H, BOX_W
from .items import arrow_head
from .style import STYLE

SELF_LINK = N_("A process cannot feed into itself: drop the arrow on another process.")
DUPLICATE = N_("These processes are linked already.")
NO_TARGET = N_("Drop the arrow on the process it feeds into.")


class _Target(QGraphicsRectItem):
    """The outline of the box a link being drawn would end on."""

    def __init__(self, scene):
        super().__init__()
        pen = QPen(STYLE.handle_brush.color(), 4.0)
        self.setPen(pen)
        self.setBrush(Qt.NoBrush)
        self.setZValue(9)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.hide()
        scene.addItem(self)

    def show_on(self, box) -> None:
        if box is None:
            self.hide()
        else:
            self.setRect(box.box_rect().adjusted(-6, -6, 6, 6))
            self.show()


class NewLinkGesture:
    """Rubber arrow from ``source`` (a ProcessItem) to the mouse; links on release."""

    def __init__(self, scene, source, pos: QPointF):
        self.scene = scene
        self.source = source
        self.temp = QGraphicsPathItem()
        self.temp.setPen(STYLE.link_selected_pen)
        self.temp.setBrush(STYLE.handle_brush)
        self.temp.setZValue(10)
        scene.addItem(self.temp)
        self.target = _Target(scene)
        self.move(pos)

    def hovered(self, pos: QPointF):
        """The box under the pointer that could take the link (not the source)."""
        box = self.scene.process_item_at(pos)
        return None if box is self.source else box

    def move(self, pos: QPointF) -> None:
        self.target.show_on(self.hovered(pos))
        start = self.source.pos() + QPointF(BOX_W, BOX_H / 2)
        path = QPainterPath(start)
        path.lineTo(pos)
        if QLineF(start, pos).length() > 4:
            path.addPolygon(arrow_head(start, pos, 14))
            path.closeSubpath()
        self.temp.setPath(path)

    def finish(self, pos: QPointF) -> bool:
        """End the gesture at ``pos``; True when a link was added."""
        self.cancel()
        target = self.scene.process_item_at(pos)
        if target is None:
            self.scene.show_hint(tr(NO_TARGET), pos)
            return False
        if target is self.source:
            self.scene.show_hint(tr(SELF_LINK), pos)
            return False
        return self.scene.link(self.source.pid, target.pid, pos)

    def cancel(self) -> None:
        for item in (self.temp, self.target):
            if item.scene() is not None:
                self.scene.removeItem(item)


class ReattachGesture(NewLinkGesture):
    """Drag one end of a selected link to another box: one undo step."""

    def __init__(self, scene, link_item, end: str, pos: QPointF):
        self.link_item = link_item
        self.end = end   # "upstream" or "downstream": the end being moved
        fixed = link_item.down if end == "upstream" else link_item.up
        super().__init__(scene, fixed, pos)
        link_item.setOpacity(0.3)

    def hovered(self, pos: QPointF):
        box = self.scene.process_item_at(pos)
        return None if box is self.source else box

    def move(self, pos: QPointF) -> None:
        if self.end == "downstream":
            super().move(pos)
            return
        self.target.show_on(self.hovered(pos))
        end = self.source.pos() + QPointF(0, BOX_H / 2)
        path = QPainterPath(pos)
        path.lineTo(end)
        if QLineF(pos, end).length() > 4:
            path.addPolygon(arrow_head(pos, end, 14))
            path.closeSubpath()
        self.temp.setPath(path)

    def finish(self, pos: QPointF) -> bool:
        self.cancel()
        target = self.scene.process_item_at(pos)
        if target is None:
            self.scene.show_hint(tr("Drop the end of the link on a process."), pos)
            return False
        link = self.link_item.link
        if self.end == "upstream":
            up, down = target.pid, link.downstream
        else:
            up, down = link.upstream, target.pid
        if (up, down) == (link.upstream, link.downstream):
            return False
        return self.scene.relink(link.id, up, down, pos)

    def cancel(self) -> None:
        super().cancel()
        self.link_item.setOpacity(1.0)


class NoteResizeGesture:
    """Drag the corner handle of a selected note: the note follows the pointer
    (Qt paints it meanwhile); on release one undo step stores its size."""

    def __init__(self, scene, note, pos: QPointF):
        from ...model.layout import BOX_W, NOTE_MAX_H, NOTE_MAX_W, NOTE_MIN_H, NOTE_MIN_W
        self.scene = scene
        self.note = note
        self.start_size = note.size
        self.grab = pos - note.mapToScene(QPointF(*note.size))   # pointer vs. corner
        n = note.note
        under_box = n.process is not None and n.x == 0 and n.y == 0   # stacked under its box
        self.limits = (NOTE_MIN_W, BOX_W if under_box else NOTE_MAX_W, NOTE_MIN_H, NOTE_MAX_H)
        scene._set_live([note])

    def size_at(self, pos: QPointF) -> tuple[float, float]:
        corner = self.note.mapFromScene(pos - self.grab)
        lo_w, hi_w, lo_h, hi_h = self.limits
        return (round(min(hi_w, max(lo_w, corner.x())), 1),
                round(min(hi_h, max(lo_h, corner.y())), 1))

    def move(self, pos: QPointF) -> None:
        self.note.set_size(*self.size_at(pos))

    def finish(self, pos: QPointF) -> None:
        w, h = self.size_at(pos)
        self.scene._end_live()
        if (w, h) == self.start_size:
            return
        if not self.scene.update_fields("notes", self.note.nid, tr("Resize note"),
                                        {"w": w, "h": h}):
            self.note.set_size(*self.start_size)

    def cancel(self) -> None:
        self.scene._end_live()
        self.note.set_size(*self.start_size)
