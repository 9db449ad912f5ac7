"""The facilitator's status bar: the running clock and a live preview of the room.

On every page, so the facilitator never needs to look back at the wall. The
preview is drawn from the presenter window while it is open (otherwise it
says so: nothing extra runs behind every edit); it is redrawn shortly after
the room changes (and once a second while the clock runs), not on every keystroke.
"""
from __future__ import annotations

import contextlib

from PySide6.QtCore import QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ...i18n import tr
from ...model.agenda import OVER, WARNING

PREVIEW = QSize(64, 48)  # small: the status bar stays one line tall at 1024x768
STATE_STYLE = {"ok": "", WARNING: "background: #ffb300; color: #000000;",
               OVER: "background: #c62828; color: #ffffff;"}


class RoomStatus(QWidget):
    """Clock and preview in the main window's status bar (``menu.status``)."""

    def __init__(self, menu, parent=None):
        super().__init__(parent)
        self.menu = menu
        self.setObjectName("room_status")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 0)
        self.clock = QLabel()
        self.clock.setObjectName("room_clock")
        self.clock.setAccessibleName(tr("Room clock"))
        self.preview = QLabel()
        self.preview.setObjectName("room_preview")
        self.preview.setAccessibleName(tr("What the room sees"))
        self.preview.setToolTip(tr("What the room sees — click to open the presenter window (F5)"))
        self.preview.setFixedSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setStyleSheet("background: #000000; color: #bdbdbd;")
        self.preview.setCursor(Qt.PointingHandCursor)
        self.preview.mousePressEvent = lambda _e: menu.show_presenter()
        lay.addWidget(self.clock)
        lay.addWidget(self.preview)
        self._room = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.update_preview)
        self._seconds = -1

    def set_room(self, room) -> None:
        if self._room is not None:
            for sig, slot in self._connections(self._room):
                with contextlib.suppress(RuntimeError, TypeError):
                    sig.disconnect(slot)
        self._room = room
        if room is not None:
            for sig, slot in self._connections(room):
                sig.connect(slot)
        self.setVisible(room is not None)
        self.update_clock()
        self.schedule()

    def _connections(self, room):
        return ((room.tick, self.update_clock), (room.timer_changed, self.update_clock),
                (room.step_changed, self.update_clock), (room.view_changed, self.schedule),
                (room.reveal_changed, self.schedule), (room.focus_changed, self.schedule),
                (room.map_followed, self.schedule), (room.timer_changed, self.schedule),
                (room.step_changed, self.schedule), (room.document.changed, self.schedule))

    def update_clock(self, *_) -> None:
        room = self._room
        step = room.current_step() if room else None
        if step is None:
            self.clock.setText("")
            return
        text, state = room.countdown()
        self.clock.setText((tr("Step {n}/{count} · {clock}") if room.timer.running else
                            tr("Step {n}/{count} · {clock} (paused)")).format(
            n=room.step_index + 1, count=len(room.steps()), clock=text))
        self.clock.setStyleSheet("font-weight: 700; padding: 0 6px; border-radius: 3px; "
                                 + STATE_STYLE.get(state, ""))
        seconds = int(room.elapsed())
        if seconds != self._seconds:  # the preview's clock too, once a second
            self._seconds = seconds
            self.schedule()

    def schedule(self, *_) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def update_preview(self) -> None:
        if self._room is None:
            return
        presenter = self.menu.presenter
        if presenter is None or not presenter.isVisible():
            self.preview.setPixmap(QPixmap())
            self.preview.setText("F5")  # the room screen is closed
            return
        self.preview.setPixmap(small_picture(presenter, PREVIEW,
                                             self.preview.devicePixelRatioF()))


def small_picture(widget: QWidget, size: QSize, dpr: float = 1.0) -> QPixmap:
    """``widget`` drawn straight into a ``size`` picture (its aspect kept, centred).

    Cheaper than grabbing it at full size and scaling down: the room's map paints
    its cached picture scaled, not the map again (2,000 boxes stay a few ms).
    """
    pixmap = QPixmap(round(size.width() * dpr), round(size.height() * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(QColor("#000000"))
    w, h = max(1, widget.width()), max(1, widget.height())
    scale = min(size.width() / w, size.height() / h)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.SmoothPixmapTransform)
        painter.translate((size.width() - w * scale) / 2, (size.height() - h * scale) / 2)
        painter.scale(scale, scale)
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    return pixmap
