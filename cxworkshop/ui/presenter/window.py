"""The presenter window: what the room sees, in large type on black.

It follows a :class:`~.controller.RoomController` and shows one room view per
step (``views/``). A painted header carries the step and the clock (the clock
is measured first, so it is never clipped; the step title is shortened
instead). Keys, as a presentation clicker sends them: PageDown / Right / Down /
Space next, PageUp / Left / Up back, B or period blank, Enter one story full
screen on the answer wall, Esc leaves full screen.
"""
from __future__ import annotations

import contextlib

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QGuiApplication, QPainter
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from ...i18n import N_, tr
from ...model.agenda import OVER, WARNING
from ...model.room import (
    ACTIONS,
    AGENDA,
    ANSWERS,
    CHAMPIONS,
    CONNECT,
    HOWS,
    MAP,
    PROMPT,
    STATS,
    SUMMARY,
)
from .cards import CardBoard
from .common import BACKGROUND, MIN_TEXT_PT, MIN_TITLE_PT, MUTED, label, px_font
from .controller import RoomController
from .views import actions, answers, champions, hows, summary
from .views.agenda import AgendaView
from .views.map import MapRoomView
from .views.prompt import PromptView
from .views.stats import StatsView

STATE_COLORS = {"ok": "#ffffff", WARNING: "#ffb300", OVER: "#ff5252"}
CARD_VIEWS = {ANSWERS: answers, HOWS: hows, CHAMPIONS: champions, ACTIONS: actions,
              SUMMARY: summary}


class Header(QWidget):
    """Step on the left, clock on the right; the clock always gets its full width."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.step = ""
        self.clock = ""
        self.words = ""
        self.state = "ok"
        self.setMinimumHeight(60)

    def set(self, step: str, clock: str, words: str, state: str) -> None:
        if (step, clock, words, state) != (self.step, self.clock, self.words, self.state):
            self.step, self.clock, self.words, self.state = step, clock, words, state
            self.update()

    def sizes(self) -> tuple[float, float]:
        h = self.height()
        return max(24.0, h * 0.8), max(24.0, h * 0.38)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        clock_px, text_px = self.sizes()
        w, h = float(self.width()), float(self.height())
        clock_font = px_font(clock_px, bold=True)
        cw = QFontMetricsF(clock_font).horizontalAdvance(self.clock) + 24 if self.clock else 0
        small = px_font(text_px)
        ww = QFontMetricsF(small).horizontalAdvance(self.words) + 12 if self.words else 0
        right = QRectF(w - cw, 0, cw, h)
        if self.clock:
            back = {WARNING: "#3d2a00", OVER: "#4a0000"}.get(self.state)
            if back:
                p.setPen(Qt.NoPen)
                p.setBrush(QColor(back))
                p.drawRoundedRect(right, 8, 8)
            p.setPen(QColor(STATE_COLORS.get(self.state, "#ffffff")))
            p.setFont(clock_font)
            p.drawText(right, Qt.AlignCenter, self.clock)
        p.setFont(small)
        p.setPen(QColor("#bdbdbd"))
        words_rect = QRectF(right.left() - ww, 0, ww, h)
        if self.words and words_rect.left() > w * 0.3:
            p.drawText(words_rect, Qt.AlignRight | Qt.AlignVCenter, self.words)
        else:
            words_rect = QRectF(right.left(), 0, 0, h)
        step_w = max(0.0, words_rect.left() - 16)
        p.drawText(QRectF(0, 0, step_w, h), Qt.AlignLeft | Qt.AlignVCenter,
                   QFontMetricsF(small).elidedText(self.step, Qt.ElideRight, step_w))
        p.end()


class PresenterWindow(QWidget):
    """The room's window: the current step in large type, high contrast.

    It has no controls of its own except the clicker keys.
    """

    def __init__(self, room: RoomController | None = None, parent=None):
        super().__init__(parent, Qt.Window)
        self.setWindowTitle(tr("cxworkshop — Presenter"))
        self.setObjectName("presenter")
        self.setStyleSheet(f"QWidget#presenter {{ background: {BACKGROUND}; }}")
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.room: RoomController | None = None
        self.resize(1280, 720)

        outer = QVBoxLayout(self)
        self.outer = outer
        self.header = Header()
        outer.addWidget(self.header)
        self.title_label = label("", MIN_TITLE_PT, bold=True)
        outer.addWidget(self.title_label)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.agenda_body = AgendaView()
        self.prompt_body = PromptView()
        self.stats_body = StatsView()
        self.map_body = MapRoomView()
        self.board = CardBoard()
        self.board.pages_changed.connect(self._board_pages_changed)
        self.map_body.canvas.pages_changed.connect(self._map_pages_changed)
        self.blank_body = QWidget()
        self.blank_body.setStyleSheet("background: #000000;")
        self.bodies = {AGENDA: self.agenda_body, PROMPT: self.prompt_body,
                       STATS: self.stats_body, MAP: self.map_body, CONNECT: self.map_body}
        for body in (self.agenda_body, self.prompt_body, self.stats_body, self.map_body,
                     self.board, self.blank_body):
            self.stack.addWidget(body)
        self.answers_body = self.board  # the answer wall is a card board
        # the room link's indicator: small, muted, bottom right, only while it is on
        self.link_label = label("", MIN_TEXT_PT, color=MUTED, wrap=False)
        self.link_label.setObjectName("presenter_link")
        self.link_label.setAccessibleName(tr("Room link"))
        self.link_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.link_label.hide()
        outer.addWidget(self.link_label)
        self.set_room(room)

    def set_link(self, text: str) -> None:
        """Show that the room link is on (``text``: its address and join code), or
        that it is off (empty): phones can only join while it is shown."""
        self.link_label.setText(text)
        self.link_label.setVisible(bool(text) and not (self.room is not None
                                                       and self.room.blank))

    # -- compatibility names used by tests and the walkthrough -----------------------------
    @property
    def wall(self) -> CardBoard:
        return self.board

    # -- following the room -----------------------------------------------------------
    def set_room(self, room: RoomController | None) -> None:
        """Follow ``room`` (None: show that no workshop is open)."""
        if self.room is not None:
            for sig, slot in self._connections():
                with contextlib.suppress(RuntimeError, TypeError):
                    sig.disconnect(slot)
        self.map_body.set_document(room.document if room is not None else None)
        self.room = room
        if room is not None:
            for sig, slot in self._connections():
                sig.connect(slot)
        self.refresh()

    def _connections(self):
        r = self.room
        d = r.document
        return ((r.step_changed, self.refresh), (r.timer_changed, self._timer),
                (r.tick, self._timer), (r.reveal_changed, self._body),
                (r.view_changed, self.refresh), (r.focus_changed, self._body),
                (r.map_followed, self._map_followed), (d.changed, self.refresh))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._scale()

    def _scale(self, map_view: bool | None = None) -> None:
        """Margins and header follow the screen: 1024×768 and 1920×1080 alike; the map
        gets all but a slim header (its names need every pixel)."""
        if map_view is None:
            map_view = self.room is not None and self.room.view in (MAP, CONNECT)
        h = max(self.height(), 300)
        m = int(h * (0.012 if map_view else 0.03))
        self.outer.setContentsMargins(m, int(m * 0.6), m, int(m * 0.6))
        self.outer.setSpacing(4 if map_view else 6)
        self.header.setFixedHeight(int(max(44, h * (0.07 if map_view else 0.085))))
        f = px_font(max(30, h * 0.055), bold=True)
        self.title_label.setFont(f)
        self.link_label.setFont(px_font(max(16, h * 0.028)))

    def refresh(self, *_) -> None:
        self._timer()
        self._body()

    def _timer(self, *_) -> None:
        room = self.room
        step = room.current_step() if room else None
        if step is None:
            self.header.set(tr("No workshop open") if room is None else "", "", "", "ok")
            return
        text, state = room.countdown()
        words = tr({WARNING: N_("last minute"), OVER: N_("over time")}.get(state, N_("left")))
        if step.planned_minutes <= 0:
            words = tr("elapsed")
        if not room.timer.running:
            words += " · " + tr("paused")
        self.header.set(tr("Step {n} of {count} · {title}").format(
            n=room.step_index + 1, count=len(room.steps()), title=step.title), text, words, state)

    @property
    def timer_text(self) -> str:
        return self.header.clock

    @property
    def step_text(self) -> str:
        return self.header.step

    def _body(self, *_) -> None:
        room = self.room
        if room is None:
            self.stack.setCurrentWidget(self.agenda_body)
            self.title_label.setText("")
            self.agenda_body.big.setText("cxworkshop")
            self.agenda_body.next.setText(tr("Open a workshop in the facilitator's window."))
            return
        if room.blank:
            self.stack.setCurrentWidget(self.blank_body)
            self.title_label.hide()
            self.header.hide()
            self.link_label.hide()
            return
        self.header.show()
        self.link_label.setVisible(bool(self.link_label.text()))
        view = room.view
        if view in CARD_VIEWS:
            self._scale()
            title, cards, empty = CARD_VIEWS[view].cards(room)
            full = view == ANSWERS and room.story is not None
            self.board.set_cards(cards, empty, start_px=self.height() / (12 if full else 20),
                                 min_chars=60 if full else 16)
            self.board.set_page(room.page)
            self.stack.setCurrentWidget(self.board)
        elif view in (MAP, CONNECT):
            self._scale(map_view=True)
            title = self.map_body.fill(room, connect=view == CONNECT)
            self.stack.setCurrentWidget(self.map_body)
            canvas = self.map_body.canvas
            canvas._ensure_layout()
            room.pages = len(canvas.lane_pages)   # Large Text may page the lanes
            room.page = min(room.page, room.pages - 1)
        else:
            room.pages = 1
            self._scale()
            body = self.bodies[view]
            title = body.fill(room)
            self.stack.setCurrentWidget(body)
        self.title_label.setText(title)
        # the map takes the whole screen below the header: its title is the header's step
        self.title_label.setVisible(bool(title) and view not in (MAP, CONNECT))

    def _pages_changed(self, count: int) -> None:
        if self.room is not None:
            self.room.pages = count
            if self.room.page >= count:
                self.room.page = count - 1

    def _board_pages_changed(self, count: int) -> None:
        if self.room is not None and self.room.view in CARD_VIEWS:  # not the map's pages
            self._pages_changed(count)

    def _map_pages_changed(self, count: int) -> None:
        if self.room is not None and self.room.view in (MAP, CONNECT):
            self._pages_changed(count)

    def _map_followed(self) -> None:
        if self.room is not None and self.room.view == MAP and not self.room.blank:
            self.map_body.follow(self.room)

    def paint_map_now(self) -> None:
        """Paint the room's map now, not after the other windows' pending paints."""
        if self.room is not None and self.room.view == MAP and not self.room.blank:
            self.map_body.canvas.repaint()

    # -- keys --------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        room = self.room
        key = event.key()
        if key == Qt.Key_Escape and self.isFullScreen():
            self.showNormal()
        elif room is None:
            super().keyPressEvent(event)
        elif key in (Qt.Key_PageDown, Qt.Key_Right, Qt.Key_Down, Qt.Key_Space):
            room.advance()
        elif key in (Qt.Key_PageUp, Qt.Key_Left, Qt.Key_Up):
            room.back()
        elif key in (Qt.Key_B, Qt.Key_Period):
            room.toggle_blank()
        elif key in (Qt.Key_Return, Qt.Key_Enter) and room.view == ANSWERS:
            room.toggle_story()
        else:
            super().keyPressEvent(event)

    def present(self) -> None:
        """Show full screen on a second screen if there is one, else as a normal window."""
        screens = QGuiApplication.screens()
        main = self.parent().screen() if isinstance(self.parent(), QWidget) else None
        others = [s for s in screens if s is not (main or QGuiApplication.primaryScreen())]
        if len(screens) > 1 and others:
            self.setScreen(others[0])
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
        else:
            if not self.isVisible():  # one screen: a window that fits on it (a 1024×768
                screen = (main or QGuiApplication.primaryScreen())  # projector as well)
                free = screen.availableGeometry() if screen is not None else None
                if free is not None and not free.isEmpty():
                    self.resize(min(self.width(), free.width()),
                                min(self.height(), free.height()))
                    self.move(free.topLeft())
            self.showNormal()
        self.raise_()
