"""The process map for the room: fills the screen, refits on resize, follows the
facilitator's Map page (selection, focus, zoom and pan, animated) and, on the
Connect the dots step, lights the chain of the person the facilitator picked."""
from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QTimer, QVariantAnimation
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..common import MIN_TEXT_PT, label

FOLLOW_MS = 250  # the pan/zoom animation when the facilitator's view moves


class MapRoomView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.caption = label("", MIN_TEXT_PT, color="#ffd600")
        self.caption.hide()
        lay.addWidget(self.caption)
        self.scene = self.view = None
        self.document = None
        self.target: QRectF | None = None  # the facilitator's visible map rect, if following
        self._anim = QVariantAnimation(self)
        self._anim.setDuration(FOLLOW_MS)
        self._anim.setEasingCurve(QEasingCurve.InOutCubic)
        self._anim.valueChanged.connect(self._fit_rect)

    def set_document(self, document) -> None:
        if self.view is not None:
            self.view.setParent(None)
            self.view.deleteLater()
            self.scene.deleteLater()
            self.scene = self.view = None
        self.document = document

    def _ensure(self) -> bool:
        if self.view is not None or self.document is None:
            return self.view is not None
        from ...canvas.scene import MapScene
        from ...canvas.view import MapView
        self.scene = MapScene(self.document, self)
        self.scene.set_read_only(True)
        self.view = MapView(self.scene)
        self.view.setObjectName("presenter_map")
        self.view.setFocusPolicy(Qt.NoFocus)  # clicker keys stay with the presenter
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.view.setFrameShape(self.view.Shape.NoFrame)
        self.layout().addWidget(self.view, 1)
        return True

    def fill(self, room, connect: bool) -> str:
        if not self._ensure():
            return "The process map"
        scene = self.scene
        if connect:
            self.target = None
            show = room.state.person is not None and room.focus
            self.caption.setText(room.focus_label if show else "")
            self.caption.setVisible(bool(show and room.focus_label))
            scene.select_ids("processes", [])
            if show:
                scene.focus_processes(room.focus)
            else:
                scene.clear_focus()
        else:
            self.caption.hide()
            followed = room.map_view if room.follow_pages else {}
            scene.select_ids("processes", sorted(followed.get("selected", ())))
            if followed.get("focus"):
                scene.focus_processes(followed["focus"])
            else:
                scene.clear_focus()
            rect = followed.get("rect")
            self.target = QRectF(*rect) if rect else None
        QTimer.singleShot(0, self, self.refit)
        return "Connect the dots" if connect else "The process map"

    def follow(self, room) -> None:
        """The facilitator's map moved: animate to it."""
        if self.view is None:
            return
        followed = room.map_view
        self.scene.select_ids("processes", sorted(followed.get("selected", ())))
        if followed.get("focus"):
            self.scene.focus_processes(followed["focus"])
        else:
            self.scene.clear_focus()
        rect = followed.get("rect")
        target = QRectF(*rect) if rect else None
        if target is not None and self.target is not None and self.isVisible():
            self._anim.stop()
            self._anim.setStartValue(self.view.mapToScene(self.view.viewport().rect())
                                     .boundingRect())
            self._anim.setEndValue(target)
            self.target = target
            self._anim.start()
        else:
            self.target = target
            self.refit()

    def refit(self) -> None:
        if self.view is None:
            return
        if self.target is None:
            self.view.zoom_fit()
        else:
            self._fit_rect(self.target)

    def _fit_rect(self, rect) -> None:
        if self.view is not None and isinstance(rect, QRectF) and rect.isValid():
            self.view.fitInView(rect, Qt.KeepAspectRatio)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.refit()
