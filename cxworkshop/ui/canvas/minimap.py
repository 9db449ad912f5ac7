"""The minimap: the whole map in a corner of the view, with the part in view
outlined; click or drag on it to go there. Shown when the map is bigger than the view."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView

from ...i18n import tr

SIZE = (220, 150)
MARGIN = 10
CATCH_UP_MS = 300   # the minimap repaints what changed this long after it changed


class MiniMap(QGraphicsView):
    """A small, non-interactive second view of ``view``'s scene."""

    is_minimap = True   # the scene's repaint margins ignore this view

    def __init__(self, view):
        super().__init__(view.scene(), view)
        self.main = view
        self.setObjectName("mapMinimap")
        self.setAccessibleName(tr("Minimap: click to go to that part of the map"))
        self.setToolTip(tr("The whole map: click or drag to go there"))
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setCacheMode(QGraphicsView.CacheBackground)
        self.setFrameShape(QFrame.Box)
        self.setFocusPolicy(Qt.NoFocus)
        self.setRenderHints(QPainter.Antialiasing)
        self.resize(*SIZE)
        view.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        view.verticalScrollBar().valueChanged.connect(self.viewport().update)
        view.zoom_changed.connect(lambda _s: self.refresh())
        view.scene().layout_changed.connect(self.refresh)
        self._fitted_to = QRectF()
        self._fitted_in = QSize()
        self._dirty: QRectF | None = None
        self._catch_up = QTimer(self)
        self._catch_up.setSingleShot(True)
        self._catch_up.timeout.connect(self._repaint_dirty)

    def picture_changed(self, rect: QRectF) -> None:
        """Part of the map's picture changed: repaint it here a moment later (an edit's
        own frame is the main view's; the minimap follows without slowing it)."""
        self._dirty = QRectF(rect) if self._dirty is None else self._dirty.united(rect)
        if not self._catch_up.isActive():
            self._catch_up.start(CATCH_UP_MS)

    def _repaint_dirty(self) -> None:
        rect, self._dirty = self._dirty, None
        if rect is not None:
            m = 2.0 / max(self.transform().m11(), 1e-6)
            self.invalidateScene(rect.adjusted(-m, -m, m, m), QGraphicsScene.BackgroundLayer)

    def refresh(self) -> None:
        """Place it in the view's corner, fit the map (when its size changed), show
        it only when useful."""
        vp = self.main.viewport()
        self.move(vp.x() + vp.width() - self.width() - MARGIN,
                  vp.y() + vp.height() - self.height() - MARGIN)
        rect = self.scene().sceneRect()
        size = self.viewport().size()  # known for sure only once the frame is styled
        if rect != self._fitted_to or size != self._fitted_in:
            self._fitted_to, self._fitted_in = QRectF(rect), size
            self.fitInView(rect, Qt.KeepAspectRatio)
            self.resetCachedContent()
        shown = self.main.mapToScene(vp.rect()).boundingRect()
        self.setVisible(not shown.contains(rect.adjusted(2, 2, -2, -2))
                        and vp.width() > 3 * SIZE[0] and vp.height() > 2 * SIZE[1])
        self.viewport().update()

    def visible_part(self) -> QRectF:
        return self.main.mapToScene(self.main.viewport().rect()).boundingRect()

    def drawForeground(self, painter, rect: QRectF) -> None:
        pen = QPen(QColor("#1a73e8"), 2.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QColor(26, 115, 232, 30))
        painter.drawRect(self.visible_part())

    def mousePressEvent(self, event) -> None:
        self.main.centerOn(self.mapToScene(event.position().toPoint()))
        self.viewport().update()
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.LeftButton:
            self.mousePressEvent(event)
        else:
            event.accept()

    def wheelEvent(self, event) -> None:
        event.accept()
