"""Touch and pen on the map (an interactive display): one finger taps, drags and
long-presses as the mouse does; two fingers pinch to zoom and pan.

One finger is handed to the map as mouse presses, moves and releases, so a tap
selects, a drag moves a box through the same undo step as the mouse (and a drag from
a box's handle draws a link); a finger held still opens the context menu. Under a
finger every box is a target of at least :data:`HIT_MM` millimetres: a touch beside
a small box still takes it. Two fingers zoom about their centre and pan with it.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QEventPoint, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QGraphicsView

HIT_MM = 9.0           # the smallest target under a finger
LONG_PRESS_MS = 600    # a finger held this long (and still) opens the context menu
SLOP_MM = 2.0          # a finger moving less than this is still a tap or a long press
TOUCH_EVENTS = (QEvent.TouchBegin, QEvent.TouchUpdate, QEvent.TouchEnd, QEvent.TouchCancel)


def mm_to_px(widget, mm: float) -> float:
    """``mm`` millimetres in the widget's pixels (its screen's logical DPI)."""
    dpi = widget.logicalDpiX() or 96
    return mm * dpi / 25.4


class MapTouch(QObject):
    """Touch gestures on a :class:`~cxworkshop.ui.canvas.view.MapView` (installed on
    its viewport; the view keeps it as ``touch``)."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.view = view
        viewport = view.viewport()
        viewport.setAttribute(Qt.WA_AcceptTouchEvents, True)
        viewport.installEventFilter(self)
        self._long = QTimer(self)
        self._long.setSingleShot(True)
        self._long.setInterval(LONG_PRESS_MS)
        self._long.timeout.connect(self._long_press)
        self._start: QPointF | None = None   # where the finger went down (viewport)
        self._offset = QPointF()             # from the finger to the box it took
        self._last: QPointF | None = None    # the mouse position handed on last
        self._down = False                   # a press is handed on and not released
        self._moved = False
        # a pinch: the fingers' distance and the zoom when it began, the map point held
        self._pinch: tuple[float, float, QPointF] | None = None
        self._done = False                   # the sequence ended early (menu, pinch)

    # -- events --------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() not in TOUCH_EVENTS or not isinstance(event, QTouchEvent):
            return False
        if event.type() == QEvent.TouchCancel:
            self._cancel()
        else:
            self._touch(event)
        event.accept()
        return True

    def _touch(self, event: QTouchEvent) -> None:
        points = [p for p in event.points() if p.state() != QEventPoint.Released]
        if event.type() == QEvent.TouchBegin:
            self._done, self._pinch = False, None
        if len(points) >= 2:
            self._two_fingers(points[0].position(), points[1].position())
            return
        if self._pinch is not None or self._done:   # the rest of a pinch or a menu
            if event.type() == QEvent.TouchEnd:
                self._pinch, self._done = None, False
            return
        point = (points or list(event.points()))[0]
        pos = point.position()
        if event.type() == QEvent.TouchBegin:
            self._press(pos)
        elif event.type() == QEvent.TouchUpdate:
            self._move(pos)
        else:
            self._release(pos)

    # -- one finger: the mouse's gestures ---------------------------------------------------
    def _press(self, pos: QPointF) -> None:
        target = self.target(pos)
        self._offset = target - pos
        self._start, self._moved = QPointF(pos), False
        self._mouse(QEvent.MouseButtonPress, target)
        self._down = True
        self._long.start()

    def _move(self, pos: QPointF) -> None:
        if not self._down or self._start is None:
            return
        if not self._moved and _distance(pos, self._start) < mm_to_px(self.view, SLOP_MM):
            return
        self._moved = True
        self._long.stop()
        self._mouse(QEvent.MouseMove, pos + self._offset)

    def _release(self, pos: QPointF) -> None:
        self._long.stop()
        if self._down:
            at = pos + self._offset if self._moved else self._last or pos
            self._mouse(QEvent.MouseButtonRelease, at)
        self._down = False

    def _long_press(self) -> None:
        """The finger stayed put: end the press (it selected what is there) and open
        the context menu of that box, link, note or cell."""
        if not self._down or self._last is None:
            return
        at = self._last
        self._mouse(QEvent.MouseButtonRelease, at)
        self._down, self._done = False, True
        viewport = self.view.viewport()
        local = at.toPoint()
        menu = QContextMenuEvent(QContextMenuEvent.Other, local, viewport.mapToGlobal(local))
        QApplication.sendEvent(viewport, menu)

    def _cancel(self) -> None:
        """The system took the touch: put back what a half-done drag moved."""
        self._long.stop()
        if self._down and self._start is not None:
            self._mouse(QEvent.MouseButtonRelease, self._start + self._offset)
        self._down, self._pinch, self._done = False, None, False

    def _mouse(self, kind: QEvent.Type, pos: QPointF) -> None:
        viewport = self.view.viewport()
        buttons = Qt.NoButton if kind == QEvent.MouseButtonRelease else Qt.LeftButton
        event = QMouseEvent(kind, pos, viewport.mapToGlobal(pos), Qt.LeftButton, buttons,
                            Qt.NoModifier)
        self._last = QPointF(pos)
        QApplication.sendEvent(viewport, event)

    # -- two fingers: pinch to zoom, move to pan --------------------------------------------
    def _two_fingers(self, a: QPointF, b: QPointF) -> None:
        self._long.stop()
        if self._down:   # a second finger: the first one's press is taken back
            self._mouse(QEvent.MouseButtonRelease, (self._start or a) + self._offset)
            self._down = False
        view = self.view
        centre = (a + b) / 2
        distance = max(_distance(a, b), 1.0)
        if self._pinch is None:   # the map point between the fingers stays between them
            self._pinch = (distance, view.scale_factor(), view.mapToScene(centre.toPoint()))
            return
        start_distance, start_scale, anchor = self._pinch
        scale = start_scale * distance / start_distance
        if abs(scale - view.scale_factor()) > 1e-3 * scale:
            before = view.transformationAnchor()
            view.setTransformationAnchor(QGraphicsView.NoAnchor)
            try:
                view.set_scale(scale)
            finally:
                view.setTransformationAnchor(before)
        self.keep_under(anchor, centre)

    def keep_under(self, anchor: QPointF, centre: QPointF) -> None:
        """Scroll so that the map point ``anchor`` is under ``centre`` (viewport)."""
        now = self.view.mapFromScene(anchor)
        self.pan_by(QPointF(centre.x() - now.x(), centre.y() - now.y()))

    def zoom_about(self, centre: QPointF, factor: float) -> None:
        """Zoom by ``factor`` keeping the map point under ``centre`` where it is."""
        view = self.view
        anchor = view.mapToScene(centre.toPoint())
        before = view.transformationAnchor()
        view.setTransformationAnchor(QGraphicsView.NoAnchor)
        try:
            view.zoom_by(factor)
        finally:
            view.setTransformationAnchor(before)
        self.keep_under(anchor, centre)

    def pan_by(self, delta: QPointF) -> None:
        """Move the map with the fingers by ``delta`` pixels."""
        view = self.view
        h, v = view.horizontalScrollBar(), view.verticalScrollBar()
        h.setValue(h.value() - round(delta.x()))
        v.setValue(v.value() - round(delta.y()))

    # -- hit targets ----------------------------------------------------------------------
    def target(self, pos: QPointF) -> QPointF:
        """Where a finger at ``pos`` presses: there, or, beside a box that is smaller
        than a finger, the nearest point of that box (within half of :data:`HIT_MM`)."""
        view = self.view
        scene = view.scene()
        at = view.mapToScene(pos.toPoint())
        if scene.top_item_at(at) is not None:
            return QPointF(pos)
        reach = mm_to_px(view, HIT_MM / 2) / max(view.transform().m11(), 1e-6)
        area = QRectF(at.x() - reach, at.y() - reach, 2 * reach, 2 * reach)
        best, best_d = None, reach
        for item in scene.items(area):
            box = getattr(item, "box_rect", None)
            if box is None or not hasattr(item, "pid"):
                continue
            rect = box()   # in map coordinates
            near = QPointF(min(max(at.x(), rect.left() + 1), rect.right() - 1),
                           min(max(at.y(), rect.top() + 1), rect.bottom() - 1))
            d = _distance(near, at)
            if d <= best_d:
                best, best_d = near, d
        if best is None:
            return QPointF(pos)
        return QPointF(view.mapFromScene(best))


def _distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())


def install(view: QGraphicsView) -> MapTouch:
    """Give ``view`` touch gestures (the view's one hook: ``self.touch = install(self)``)."""
    return MapTouch(view)


__all__ = ["HIT_MM", "LONG_PRESS_MS", "MapTouch", "install", "mm_to_px"]
