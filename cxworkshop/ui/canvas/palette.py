"""The map palette: buttons to drag a process or a sticky note onto the grid."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QToolButton

from ...i18n import N_
from .style import NOTE_COLORS
from .view import PALETTE_MIME

ENTRIES = (
    ("process", N_("+ Process"), "#1a73e8",
     N_("Drag onto a cell to add a process there (or double-click an empty spot).")),
    ("note:pain", N_("Pain point"), NOTE_COLORS["pain"],
     N_("Drag onto a process (or an empty spot) to add a pain-point note.")),
    ("note:idea", N_("Idea"), NOTE_COLORS["idea"],
     N_("Drag onto a process or the map to add an idea.")),
    ("note:question", N_("Question"), NOTE_COLORS["question"],
     N_("Drag onto a process or the map to add a question.")),
)


class PaletteButton(QToolButton):
    """Starts a drag carrying :data:`PALETTE_MIME`; a plain click emits ``placed``."""

    placed = Signal(str)

    def __init__(self, what: str, text: str, color: str, tip: str, parent=None):
        super().__init__(parent)
        self.what = what
        self.color = color
        self.setText(text)
        self.setToolTip(tip)
        self.setObjectName(f"palette_{what.replace(':', '_')}")
        self.setCursor(Qt.OpenHandCursor)
        self.setMinimumHeight(34)
        dark = QColor(color).lightness() < 140
        self.setStyleSheet(f"QToolButton {{ background: {color}; color: "
                           f"{'white' if dark else 'black'}; border-radius: 6px; "
                           f"padding: 4px 12px; font-weight: 600; }}")
        self._press: QPoint | None = None
        self.clicked.connect(lambda: self.placed.emit(self.what))

    def mime_data(self) -> QMimeData:
        data = QMimeData()
        data.setData(PALETTE_MIME, self.what.encode())
        return data

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if (self._press is not None and event.buttons() & Qt.LeftButton
                and (event.position().toPoint() - self._press).manhattanLength()
                >= QApplication.startDragDistance()):
            self._press = None
            self.setDown(False)
            drag = QDrag(self)
            drag.setMimeData(self.mime_data())
            pix = QPixmap(self.size())
            pix.fill(Qt.transparent)
            painter = QPainter(pix)
            painter.setOpacity(0.8)
            self.render(painter, QPoint())
            painter.end()
            drag.setPixmap(pix)
            drag.exec(Qt.CopyAction)
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        self._press = None
        super().mouseReleaseEvent(event)
