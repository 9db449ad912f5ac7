"""Drawing a new link: a modal gesture with start / move / finish / cancel.

The scene hands it mouse events first while it runs; on finish it pushes one
command (adding the link) or shows why the link was refused.
"""
from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsPathItem

from ...model.layout import BOX_H, BOX_W
from .items import arrow_head
from .style import STYLE

SELF_LINK = "A process cannot feed into itself: drop the arrow on another process."
DUPLICATE = "These processes are linked already."
NO_TARGET = "Drop the arrow on the process it feeds into."


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
        self.move(pos)

    def move(self, pos: QPointF) -> None:
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
            self.scene.show_hint(NO_TARGET, pos)
            return False
        if target is self.source:
            self.scene.show_hint(SELF_LINK, pos)
            return False
        return self.scene.link(self.source.pid, target.pid, pos)

    def cancel(self) -> None:
        if self.temp.scene() is not None:
            self.scene.removeItem(self.temp)
