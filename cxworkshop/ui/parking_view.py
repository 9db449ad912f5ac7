"""The parking lot as a room view: the open questions and ideas in large type.

A plain widget that follows the document; the Follow-up page shows it in its
own window (for the projector), and the presenter window may embed it.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ..i18n import tr

ROOM_PT = 22  # readable from the back of a room on a projector


class ParkingLotView(QWidget):
    """Open parking-lot items (then the others, fainter) for the whole room to read."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.setWindowTitle(tr("Parking lot"))
        self.setObjectName("parking_view")
        self.setStyleSheet("#parking_view { background: #10202f; } QLabel { color: #f5f7fa; }")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 32, 48, 32)
        self.heading = QLabel()
        font = QFont()
        font.setPointSizeF(ROOM_PT * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        lay.addWidget(self.heading)
        self.body = QLabel()
        self.body.setObjectName("parking_view_items")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.RichText)
        self.body.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        body_font = QFont()
        body_font.setPointSizeF(ROOM_PT)
        self.body.setFont(body_font)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setStyleSheet("background: transparent;")
        scroll.setWidget(self.body)
        lay.addWidget(scroll, 1)
        document.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        items = self.document.workshop.parking_lot
        open_ = [i for i in items if i.status == "open"]
        rest = [i for i in items if i.status != "open"]
        self.heading.setText(tr("Parking lot · {n} open").format(n=len(open_)))
        lines = []
        for i in open_:
            mark = "?" if i.kind == "question" else "💡"
            owner = (f" <span style='color:#9fb3c8'>— {escape(i.owner)}</span>"
                     if i.owner else "")
            lines.append(f"<p style='margin-bottom:14px'><b>{mark}</b>&nbsp; "
                         f"{escape(i.text)}{owner}</p>")
        for i in rest:
            state = tr("answered") if i.status == "answered" else tr("moved on")
            lines.append(f"<p style='color:#7b8794; margin-bottom:10px'>✓ {escape(i.text)} "
                         f"({state})</p>")
        self.body.setText("".join(lines) or "<p style='color:#9fb3c8'>" + escape(tr(
            "Nothing parked yet: questions and ideas that belong to no process go here."))
            + "</p>")

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.close()
            return
        if event.key() == Qt.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
            return
        super().keyPressEvent(event)
