"""Running the room: the live state of a workshop and the projector window.

:class:`RoomController` (one per open document, see :func:`room_for`) holds what
the room is doing now — the agenda step and its countdown, which answers are
revealed, what the projector shows, which processes are lit up — and records
the time spent per step through the document. :class:`PresenterWindow` is the
projector's top-level window; it only follows the controller. :func:`install`
adds the Room menu and the View ▸ Presenter Window entry to the main window.
"""
from __future__ import annotations

import math
import time
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (QAction, QColor, QFont, QFontMetricsF, QGuiApplication,
                           QKeySequence, QPainter)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout,
                               QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from ..model import OUTCOME_LABELS, RECENCY_LABELS
from ..model.agenda import OVER, WARNING, StepTimer, countdown_state, remaining_text
from ..model.stats import answers as story_answers
from ..model.stats import story_stats
from .charts import fill_story_charts, story_charts

# What the projector can show.
AGENDA, PROMPT, ANSWERS, STATS, MAP = "agenda", "prompt", "answers", "stats", "map"
VIEWS = (AGENDA, PROMPT, ANSWERS, STATS, MAP)

#: Smallest point sizes on the projector (readable from about 8 metres).
MIN_TEXT_PT = 24
MIN_TITLE_PT = 40
TIMER_PT = 64

STATE_COLORS = {"ok": "#ffffff", WARNING: "#ffb300", OVER: "#ff5252"}

#: Words in an agenda step's title that name a page of the main window.
PAGE_HINTS = (("last customer", "Last customer"), ("participant", "Participants"),
              ("journey", "Map"), ("process map", "Map"), ("connect", "Connect the dots"),
              ("5 hows", "5 Hows"), ("five hows", "5 Hows"), ("advisory", "Advisory group"),
              ("champion", "Champions"), ("action", "Actions"), ("welcome", "Overview"))


class RoomController(QObject):
    """The room's live state for one document (not saved, except time per step).

    Signals:
        step_changed(index): the current agenda step changed.
        timer_changed(): started, paused or reset.
        tick(): about four times a second while the timer runs.
        reveal_changed(): answers were revealed or hidden.
        view_changed(): what the projector shows changed.
        focus_changed(): the processes lit up (connect the dots) changed.
    """

    step_changed = Signal(int)
    timer_changed = Signal()
    tick = Signal()
    reveal_changed = Signal()
    view_changed = Signal()
    focus_changed = Signal()

    def __init__(self, document, clock: Callable[[], float] = time.monotonic):
        super().__init__(document)
        self.document = document
        self.timer = StepTimer(clock)
        self.step_index = 0
        self.revealed: list[str] = []  # participant ids, in the order revealed
        self.view = AGENDA
        self.prompt_index = -1  # the question being asked; -1 = all four
        self.follow_pages = True
        self.show_names = False
        self.focus: set[str] = set()
        self.focus_label = ""
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self.tick)
        self._load_step()
        document.entity_removed.connect(self._entity_removed)
        document.entity_added.connect(self._entity_added)

    # -- agenda -------------------------------------------------------------------
    def steps(self) -> list:
        return self.document.all("agenda")

    def current_step(self):
        steps = self.steps()
        return steps[self.step_index] if 0 <= self.step_index < len(steps) else None

    def elapsed(self) -> float:
        return self.timer.elapsed()

    def countdown(self) -> tuple[str, str]:
        """``(text, state)`` of the current step's countdown; state ok/warning/over."""
        step = self.current_step()
        if step is None:
            return "", "ok"
        elapsed = self.elapsed()
        return (remaining_text(elapsed, step.planned_minutes),
                countdown_state(elapsed, step.planned_minutes))

    def _load_step(self) -> None:
        step = self.current_step()
        self.timer.reset(step.actual_seconds or 0 if step else 0)

    def go_to(self, index: int) -> bool:
        """Make step ``index`` current: records the time of the step left, keeps
        the timer running if it was, and continues from the new step's recorded time."""
        steps = self.steps()
        if not steps:
            return False
        index = max(0, min(index, len(steps) - 1))
        if index == self.step_index:
            return False
        running = self.timer.running
        self.record()
        self.step_index = index
        self._load_step()
        if running:
            self.timer.start()
        self.step_changed.emit(index)
        self.timer_changed.emit()
        return True

    def next_step(self) -> bool:
        return self.go_to(self.step_index + 1)

    def previous_step(self) -> bool:
        return self.go_to(self.step_index - 1)

    def start(self) -> None:
        if self.current_step() is None or self.timer.running:
            return
        self.timer.start()
        self._ticker.start()
        self.timer_changed.emit()

    def pause(self) -> None:
        if not self.timer.running:
            return
        self.timer.pause()
        self._ticker.stop()
        self.record()
        self.timer_changed.emit()

    def toggle_timer(self) -> None:
        self.pause() if self.timer.running else self.start()

    def reset_timer(self) -> None:
        """Stop and set the current step's time back to zero (one undo step)."""
        self.timer.reset(0)
        self._ticker.stop()
        step = self.current_step()
        if step is not None and step.actual_seconds is not None and not self.document.read_only:
            self.document.update("agenda", step.id, text=f"Reset time of “{step.title}”",
                                 actual_seconds=None)
        self.timer_changed.emit()

    def record(self) -> None:
        """Store the current step's elapsed whole seconds in ``actual_seconds``.

        Repeated recordings of the same step merge into one undo step.
        """
        step = self.current_step()
        if step is None or self.document.read_only:
            return
        seconds = int(round(self.timer.elapsed()))
        if seconds == (step.actual_seconds or 0):
            return
        self.document.update("agenda", step.id, text=f"Record time of “{step.title}”",
                             merge=True, actual_seconds=seconds)

    def _entity_removed(self, kind: str, id: str) -> None:
        if kind == "agenda":
            steps = self.steps()
            if self.step_index >= len(steps):
                self.step_index = max(0, len(steps) - 1)
                self._load_step()
                self.timer_changed.emit()
            self.step_changed.emit(self.step_index)
        elif kind in ("stories", "participants"):
            alive = story_answers(self.document.workshop)
            kept = [pid for pid in self.revealed if pid in alive]
            if kept != self.revealed:
                self.revealed = kept
                self.reveal_changed.emit()
        elif kind in ("processes", "placements") and self.focus:
            self.focus &= set(self.document.workshop.tables["processes"])
            self.focus_changed.emit()

    def _entity_added(self, kind: str, id: str) -> None:
        if kind == "agenda":
            if len(self.steps()) == 1:
                self.step_index = 0
                self._load_step()
                self.timer_changed.emit()
            self.step_changed.emit(self.step_index)
        elif kind == "stories":
            self.reveal_changed.emit()  # one more hidden answer

    # -- reveal ------------------------------------------------------------------------
    def answer_order(self) -> list[str]:
        """Participant ids that have an answer, in participant order."""
        have = story_answers(self.document.workshop)
        return [p for p in self.document.workshop.tables["participants"] if p in have]

    def hidden(self) -> list[str]:
        shown = set(self.revealed)
        return [p for p in self.answer_order() if p not in shown]

    def is_revealed(self, participant_id: str) -> bool:
        return participant_id in self.revealed

    def reveal(self, participant_id: str) -> None:
        if participant_id not in self.revealed and participant_id in self.answer_order():
            self.revealed.append(participant_id)
            self.reveal_changed.emit()

    def reveal_next(self) -> str | None:
        """Reveal the next hidden answer; returns its participant id (None if none left)."""
        hidden = self.hidden()
        if not hidden:
            return None
        self.revealed.append(hidden[0])
        self.reveal_changed.emit()
        return hidden[0]

    def reveal_all(self) -> None:
        hidden = self.hidden()
        if hidden:
            self.revealed.extend(hidden)
            self.reveal_changed.emit()

    def hide_all(self) -> None:
        if self.revealed:
            self.revealed = []
            self.reveal_changed.emit()

    # -- the clicker's "next" ----------------------------------------------------------
    def advance(self) -> None:
        """Next, as a clicker means it: reveal the next answer while the projector
        shows answers and some are hidden, otherwise go to the next step."""
        if self.view == ANSWERS and self.hidden():
            self.reveal_next()
        else:
            self.next_step()

    # -- projector view ---------------------------------------------------------------------
    def show(self, view: str, prompt_index: int | None = None) -> None:
        """Make the projector show ``view`` (one of ``VIEWS``)."""
        if view not in VIEWS:
            raise ValueError(view)
        changed = view != self.view
        self.view = view
        if prompt_index is not None and prompt_index != self.prompt_index:
            self.prompt_index = prompt_index
            changed = True
        if changed:
            self.view_changed.emit()

    def follow(self, view: str, prompt_index: int | None = None) -> None:
        """Like :meth:`show`, but only while the projector follows the facilitator."""
        if self.follow_pages:
            self.show(view, prompt_index)

    def set_focus(self, pids: set[str], label: str = "") -> None:
        """Light up ``pids`` on the map (empty: nothing lit)."""
        pids = set(pids)
        if pids != self.focus or label != self.focus_label:
            self.focus = pids
            self.focus_label = label
            self.focus_changed.emit()


def room_for(document, clock: Callable[[], float] | None = None) -> RoomController:
    """The document's room controller, made on first use (with ``clock`` if given)."""
    room = document.findChild(RoomController)
    if room is None:
        room = RoomController(document, clock or time.monotonic)
    return room


# ---------------------------------------------------------------------------------
# The projector window
# ---------------------------------------------------------------------------------

def _font(pt: float, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont()
    f.setPointSizeF(pt)
    f.setBold(bold)
    f.setItalic(italic)
    return f


def _label(text: str = "", pt: float = MIN_TEXT_PT, bold: bool = False,
           color: str = "#ffffff", wrap: bool = True) -> QLabel:
    lbl = QLabel(text)
    lbl.setFont(_font(pt, bold))
    lbl.setWordWrap(wrap)
    lbl.setStyleSheet(f"color: {color}; background: transparent;")
    return lbl


class AnswerWall(QWidget):
    """The answers as cards; hidden ones show only their number."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cards: list[dict | None] = []  # None = hidden
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_cards(self, cards: list[dict | None]) -> None:
        self.cards = cards
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        n = len(self.cards)
        if not n:
            p.setPen(QColor("#ffffff"))
            p.setFont(_font(MIN_TEXT_PT))
            p.drawText(self.rect(), Qt.AlignCenter, "No answers yet")
            p.end()
            return
        w, h = self.width(), self.height()
        cols = max(1, min(n, round(math.sqrt(n * w / max(h, 1) / 1.6)) or 1))
        rows = math.ceil(n / cols)
        gap = 16
        cw = (w - gap * (cols - 1)) / cols
        ch = (h - gap * (rows - 1)) / rows
        px = QFontMetricsF(_font(MIN_TEXT_PT)).height()
        for i, card in enumerate(self.cards):
            r = QRectF((i % cols) * (cw + gap), (i // cols) * (ch + gap), cw, ch)
            p.setPen(Qt.NoPen)
            if card is None:
                p.setBrush(QColor("#2b2b2b"))
                p.drawRoundedRect(r, 12, 12)
                p.setPen(QColor("#9e9e9e"))
                p.setFont(_font(MIN_TITLE_PT, bold=True))
                p.drawText(r, Qt.AlignCenter, f"{i + 1}")
                continue
            p.setBrush(QColor("#f5f5f5"))
            p.drawRoundedRect(r, 12, 12)
            p.setBrush(QColor(card["color"]))
            head = QRectF(r.x(), r.y(), r.width(), px * 1.5)
            p.drawRoundedRect(head, 12, 12)
            p.drawRect(QRectF(head.x(), head.y() + head.height() / 2, head.width(),
                              head.height() / 2))
            p.setPen(QColor("#ffffff"))
            bold = _font(MIN_TEXT_PT, bold=True)
            p.setFont(bold)
            head_text = head.adjusted(12, 0, -12, 0)
            p.drawText(head_text, Qt.AlignLeft | Qt.AlignVCenter,
                       QFontMetricsF(bold).elidedText(card["when"], Qt.ElideRight,
                                                      head_text.width()))
            body = r.adjusted(12, head.height() + 6, -12, -8)
            p.setPen(QColor("#111111"))
            line = QFontMetricsF(bold).height()
            y = body.y()
            for text, font in ((card["outcome"], bold), (card["who"], _font(MIN_TEXT_PT))):
                if y + line > r.bottom() - 4:
                    break
                p.setFont(font)
                p.drawText(QRectF(body.x(), y, body.width(), line),
                           Qt.AlignLeft | Qt.AlignVCenter,
                           QFontMetricsF(font).elidedText(text, Qt.ElideRight, body.width()))
                y += line
            who = QRectF(body.x(), y - line, body.width(), line)
            lines = int((body.bottom() - who.bottom() - 4) // line)
            if card["quote"] and lines > 0:
                italic = _font(MIN_TEXT_PT, italic=True)
                p.setFont(italic)
                metrics = QFontMetricsF(italic)
                top = who.bottom() + 4
                for k, text in enumerate(wrap_lines(card["quote"], metrics, body.width(),
                                                    lines)):
                    p.drawText(QRectF(body.x(), top + k * line, body.width(), line),
                               Qt.AlignLeft | Qt.AlignVCenter, text)
        p.end()


def wrap_lines(text: str, metrics: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines; a cut last line ends in "…"."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if metrics.horizontalAdvance(trial) <= width or not current:
            current = trial
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            break
    else:
        if current:
            lines.append(current)
        return [metrics.elidedText(t, Qt.ElideRight, width) for t in lines[:max_lines]]
    # out of lines: the last one takes the rest of the text and ends in "…"
    lines[-1] = metrics.elidedText(" ".join([lines[-1], *words[i:]]), Qt.ElideRight, width)
    return lines


class PresenterWindow(QWidget):
    """The projector's window: the current step in large type, high contrast.

    It follows a :class:`RoomController`; it has no controls of its own except
    the clicker keys (PageDown/PageUp, B or Space, N) and Escape to leave full screen.
    """

    def __init__(self, room: RoomController | None = None, parent=None):
        super().__init__(parent, Qt.Window)
        self.setWindowTitle("cxworkshop — Presenter")
        self.setObjectName("presenter")
        self.setStyleSheet("QWidget#presenter { background: #000000; }")
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.room: RoomController | None = None
        self.resize(1280, 720)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 24)
        top = QHBoxLayout()
        self.step_label = _label("", MIN_TEXT_PT, color="#bdbdbd", wrap=False)
        self.timer_label = _label("", TIMER_PT, bold=True, wrap=False)
        self.timer_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.timer_state = _label("", MIN_TEXT_PT, color="#bdbdbd", wrap=False)
        self.timer_state.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        top.addWidget(self.step_label, 1)
        top.addWidget(self.timer_state)
        top.addWidget(self.timer_label)
        outer.addLayout(top)
        self.title_label = _label("", MIN_TITLE_PT, bold=True)
        outer.addWidget(self.title_label)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        # agenda
        self.agenda_body = QWidget()
        lay = QVBoxLayout(self.agenda_body)
        self.agenda_big = _label("", MIN_TITLE_PT * 1.6, bold=True)
        self.agenda_big.setAlignment(Qt.AlignCenter)
        self.agenda_next = _label("", MIN_TEXT_PT, color="#bdbdbd")
        self.agenda_next.setAlignment(Qt.AlignCenter)
        lay.addStretch(1)
        lay.addWidget(self.agenda_big)
        lay.addWidget(self.agenda_next)
        lay.addStretch(1)
        # prompt
        self.prompt_body = QWidget()
        lay = QVBoxLayout(self.prompt_body)
        lay.setSpacing(18)
        self.prompt_labels = [_label("", MIN_TEXT_PT * 1.4) for _ in range(4)]
        self.prompt_when = _label("", MIN_TEXT_PT, color="#bdbdbd")
        lay.addStretch(1)
        for lbl in self.prompt_labels:
            lay.addWidget(lbl)
        lay.addWidget(self.prompt_when)
        lay.addStretch(1)
        # answers
        self.answers_body = QWidget()
        lay = QVBoxLayout(self.answers_body)
        lay.setContentsMargins(0, 0, 0, 0)
        self.wall = AnswerWall()
        lay.addWidget(self.wall, 1)
        # statistics
        self.stats_body = QWidget()
        lay = QVBoxLayout(self.stats_body)
        lay.setContentsMargins(0, 0, 0, 0)
        self.sentences = _label("", MIN_TEXT_PT, bold=True)
        charts = QHBoxLayout()
        self.charts = story_charts(scale=1.0)
        for chart in self.charts[:2]:  # the group chart stays on the facilitator's screen
            chart.dark = True
            chart.setFont(_font(MIN_TEXT_PT))
            charts.addWidget(chart, 1)
        self.charts[2].hide()
        lay.addWidget(self.sentences)
        lay.addLayout(charts, 1)
        # map
        self.map_body = QWidget()
        lay = QVBoxLayout(self.map_body)
        lay.setContentsMargins(0, 0, 0, 0)
        self.map_caption = _label("", MIN_TEXT_PT, color="#ffd600")
        lay.addWidget(self.map_caption)
        self.map_view = self.map_scene = None
        self.map_list = _label("", MIN_TEXT_PT)
        self.map_list.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        lay.addWidget(self.map_list, 1)
        self.bodies = {AGENDA: self.agenda_body, PROMPT: self.prompt_body,
                       ANSWERS: self.answers_body, STATS: self.stats_body,
                       MAP: self.map_body}
        for body in self.bodies.values():
            self.stack.addWidget(body)
        self.set_room(room)

    # -- following the room -----------------------------------------------------------
    def set_room(self, room: RoomController | None) -> None:
        """Follow ``room`` (None: show that no workshop is open)."""
        if self.room is not None:
            for sig, slot in self._connections():
                try:
                    sig.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
        if self.map_view is not None:
            self.map_view.setParent(None)
            self.map_view.deleteLater()
            self.map_scene.deleteLater()
            self.map_view = self.map_scene = None
            self.map_list.show()
        self.room = room
        if room is not None:
            for sig, slot in self._connections():
                sig.connect(slot)
        self.refresh()

    def _connections(self):
        r = self.room
        d = r.document
        return ((r.step_changed, self._step), (r.timer_changed, self._timer),
                (r.tick, self._timer), (r.reveal_changed, self._body),
                (r.view_changed, self.refresh), (r.focus_changed, self._body),
                (d.changed, self._document_changed))

    def refresh(self, *_) -> None:
        self._step()
        self._timer()
        self._body()

    def _document_changed(self) -> None:
        self._step()
        self._body()

    def _step(self, *_) -> None:
        room = self.room
        step = room.current_step() if room else None
        if step is None:
            self.step_label.setText("No workshop open" if room is None else "")
        else:
            self.step_label.setText(f"Step {room.step_index + 1} of {len(room.steps())}"
                                    f" · {step.title}")
        if room is not None and room.view == AGENDA:
            self._fill_agenda()

    def _timer(self, *_) -> None:
        room = self.room
        text, state = room.countdown() if room else ("", "ok")
        self.timer_label.setText(text)
        words = ""
        if room is not None and room.current_step() is not None:
            words = {WARNING: "last minute", OVER: "over time"}.get(state, "left")
            if room.current_step().planned_minutes <= 0:
                words = "elapsed"
            if not room.timer.running:
                words += " · paused"
        self.timer_state.setText(words)
        self.timer_label.setProperty("state", state)
        color = STATE_COLORS.get(state, "#ffffff")
        back = {WARNING: "#3d2a00", OVER: "#4a0000"}.get(state, "transparent")
        self.timer_label.setStyleSheet(f"color: {color}; background: {back}; "
                                       "padding: 0 12px; border-radius: 8px;")

    def _body(self, *_) -> None:
        room = self.room
        view = room.view if room else AGENDA
        self.stack.setCurrentWidget(self.bodies[view])
        if room is None:
            self.title_label.setText("")
            self.agenda_big.setText("cxworkshop")
            self.agenda_next.setText("Open a workshop in the facilitator's window.")
            return
        info = room.document.info
        if view == AGENDA:
            self._fill_agenda()
        elif view == PROMPT:
            self.title_label.setText("The last customer you served")
            for i, (lbl, text) in enumerate(zip(self.prompt_labels, info.prompts)):
                lbl.setText(f"{i + 1}.  {text}")
                asked = room.prompt_index in (-1, i)
                lbl.setStyleSheet("color: %s; background: transparent;"
                                  % ("#ffffff" if asked else "#8a8a8a"))
                lbl.setFont(_font(MIN_TEXT_PT * (1.6 if room.prompt_index == i else 1.4),
                                  bold=room.prompt_index == i))
            self.prompt_when.setText("When was it?  Today · This week · This month · "
                                     "This quarter · This year · Over a year ago · "
                                     "Can't remember")
        elif view == ANSWERS:
            self._fill_answers()
        elif view == STATS:
            self.title_label.setText("What the room told us")
            stats = story_stats(room.document.workshop)
            fill_story_charts(stats, *self.charts)
            self.sentences.setText("\n".join(stats.sentences()[:3]) or "No answers yet.")
        elif view == MAP:
            self.title_label.setText("The process map")
            self._fill_map()

    def _fill_agenda(self) -> None:
        room = self.room
        step = room.current_step()
        self.title_label.setText(room.document.info.title)
        steps = room.steps()
        self.agenda_big.setText(step.title if step else "No agenda yet")
        nxt = steps[room.step_index + 1] if step and room.step_index + 1 < len(steps) else None
        self.agenda_next.setText(f"Next: {nxt.title}" if nxt else "")

    def _fill_answers(self) -> None:
        room = self.room
        w = room.document.workshop
        by_person = story_answers(w)
        order = room.answer_order()
        cards: list[dict | None] = []
        colors = {"resolved": "#2a7d4f", "partly": "#b7791f", "unresolved": "#b23a48",
                  "unknown": "#555555"}
        for pid in order:
            if not room.is_revealed(pid):
                cards.append(None)
                continue
            s = by_person[pid]
            person = w.get("participants", pid)
            who = s.customer or "(no name given)"
            if room.show_names and person is not None and person.name:
                who = f"{person.name}: {who}"
            contact = "" if s.contact == "direct" else " · indirect"
            cards.append({"when": f"{RECENCY_LABELS[s.recency]}{contact}",
                          "outcome": OUTCOME_LABELS[s.outcome], "who": who,
                          "quote": f"“{s.quote}”" if s.quote else s.challenge,
                          "color": colors[s.outcome]})
        shown = sum(c is not None for c in cards)
        self.title_label.setText(f"{shown} of {len(cards)} answers revealed")
        self.wall.set_cards(cards)

    def _ensure_map(self) -> bool:
        if self.map_view is not None:
            return True
        try:
            from .canvas.scene import MapScene  # the map editor's scene and view
            from .canvas.view import MapView
        except ImportError:
            return False
        scene = MapScene(self.room.document, self)
        self.map_scene = scene
        if hasattr(scene, "set_read_only"):
            scene.set_read_only(True)
        self.map_view = MapView(scene)
        self.map_view.setFocusPolicy(Qt.NoFocus)  # clicker keys stay with the presenter
        self.map_list.hide()
        self.map_body.layout().addWidget(self.map_view, 1)
        return True

    def _fill_map(self) -> None:
        room = self.room
        w = room.document.workshop
        self.map_caption.setText(room.focus_label)
        self.map_caption.setVisible(bool(room.focus_label))  # no empty row: the map fills
        if self._ensure_map():
            if hasattr(self.map_view, "zoom_fit"):  # once laid out at the projector's size
                QTimer.singleShot(0, self.map_view, self.map_view.zoom_fit)
            scene = self.map_view.scene()
            if room.focus and hasattr(scene, "focus_processes"):
                scene.focus_processes(room.focus)
            elif hasattr(scene, "clear_focus"):
                scene.clear_focus()
            return
        procs = [p for p in w.processes if not room.focus or p.id in room.focus]
        lines = [("★ " if p.moment_of_truth else "• ") + p.name for p in procs[:14]]
        if len(procs) > 14:
            lines.append(f"… and {len(procs) - 14} more")
        self.map_list.setText("\n".join(lines) or "No processes on the map yet.")

    # -- keys --------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        room = self.room
        key = event.key()
        if key == Qt.Key_Escape and self.isFullScreen():
            self.showNormal()
        elif room is None:
            super().keyPressEvent(event)
        elif key in (Qt.Key_PageDown, Qt.Key_Right, Qt.Key_Down):
            room.advance()
        elif key in (Qt.Key_PageUp, Qt.Key_Left, Qt.Key_Up):
            room.previous_step()
        elif key in (Qt.Key_B, Qt.Key_Space, Qt.Key_Period):
            room.toggle_timer()
        elif key == Qt.Key_N:
            room.reveal_next()
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
            self.showNormal()
        self.raise_()


# ---------------------------------------------------------------------------------
# Main-window integration
# ---------------------------------------------------------------------------------

class RoomMenu(QObject):
    """The Room menu and View ▸ Presenter Window of one main window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.presenter: PresenterWindow | None = None
        self._step_id: str | None = None  # the current agenda step, to tell moves from edits
        menu = window.menuBar().addMenu("&Room")
        self.menu = menu

        def act(text, slot, keys=(), checkable=False):
            a = QAction(text, window)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ApplicationShortcut)
            a.setCheckable(checkable)
            a.triggered.connect(slot)
            menu.addAction(a)
            return a

        self.act_presenter = QAction("&Presenter Window", window)
        self.act_presenter.setShortcut(QKeySequence("F5"))
        self.act_presenter.setShortcutContext(Qt.ApplicationShortcut)
        self.act_presenter.triggered.connect(self.show_presenter)
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.act_presenter)
        menu.addAction(self.act_presenter)
        menu.addSeparator()
        self.act_next = act("&Next (reveal or next step)", lambda: self._room("advance"),
                            ("PgDown",))
        self.act_prev = act("&Previous Step", lambda: self._room("previous_step"), ("PgUp",))
        self.act_timer = act("&Start/Pause Timer", lambda: self._room("toggle_timer"),
                             ("B",))
        self.act_reveal = act("&Reveal Next Answer", lambda: self._room("reveal_next"),
                              ("N",))
        self.act_reveal_all = act("Reveal &All Answers", lambda: self._room("reveal_all"))
        self.act_hide_all = act("&Hide All Answers", lambda: self._room("hide_all"))
        menu.addSeparator()
        self.act_follow = act("Projector &Follows My Page", self._set_follow, checkable=True)
        self.act_follow.setChecked(True)
        self.act_names = act("Show &Names on Answers", self._set_names, checkable=True)
        self.act_pages = act("Agenda Steps &Open Their Page", lambda: None, checkable=True)
        self.act_pages.setChecked(True)
        window.document_changed.connect(self._document_changed)
        window.sidebar.currentRowChanged.connect(self._page_shown)
        self._document_changed(window.document)
        QApplication.instance().focusChanged.connect(self._focus_changed)  # B, N stay typeable

    def _focus_changed(self, old, new) -> None:
        """Watch the focused combo box or item view (only it) for the letters it types."""
        for widget, watch in ((old, False), (new, True)):
            if isinstance(widget, (QComboBox, QAbstractItemView)):
                try:
                    (widget.installEventFilter if watch else widget.removeEventFilter)(self)
                except RuntimeError:  # already deleted
                    pass

    def eventFilter(self, obj, event) -> bool:
        """Let a widget that types a letter have it before the B / N room shortcuts."""
        if event.type() == QEvent.ShortcutOverride and types_letter(obj, event):
            event.accept()
        return False

    @property
    def room(self) -> RoomController | None:
        doc = self.window.document
        return room_for(doc) if doc is not None else None

    def _room(self, method: str) -> None:
        room = self.room
        if room is not None:
            getattr(room, method)()

    def _set_follow(self) -> None:
        if self.room is not None:
            self.room.follow_pages = self.act_follow.isChecked()
            if self.room.follow_pages:
                self._page_shown(self.window.sidebar.currentRow())

    def _set_names(self) -> None:
        if self.room is not None:
            self.room.show_names = self.act_names.isChecked()
            self.room.reveal_changed.emit()

    def _document_changed(self, doc) -> None:
        enabled = doc is not None
        for a in (self.act_next, self.act_prev, self.act_timer, self.act_reveal,
                  self.act_reveal_all, self.act_hide_all):
            a.setEnabled(enabled)
        room = self.room
        step = room.current_step() if room else None
        self._step_id = step.id if step else None
        if room is not None:
            room.follow_pages = self.act_follow.isChecked()
            room.show_names = self.act_names.isChecked()
            room.step_changed.connect(self._step_changed)
            self._page_shown(self.window.sidebar.currentRow())
        if self.presenter is not None:
            self.presenter.set_room(room)

    def _page_shown(self, row: int) -> None:
        room = self.room
        pages = self.window.pages
        if room is None or not 0 <= row < len(pages):
            return
        page = pages[row]
        view = page.presenter_view() if hasattr(page, "presenter_view") else (
            MAP if page.title == "Map" else AGENDA)
        room.follow(*view) if isinstance(view, tuple) else room.follow(view)

    def _step_changed(self, index: int) -> None:
        """The room went to another agenda step: open the page its title names.

        Not when the agenda is only being edited (its first step added, the
        current one removed): the facilitator stays on the page they are on.
        """
        room = self.room
        step = room.current_step() if room else None
        before, self._step_id = self._step_id, step.id if step else None
        if (step is None or not self.act_pages.isChecked() or before in (None, step.id)
                or before not in room.document.workshop.tables["agenda"]):
            return
        page = page_for_step(step.title, [p.title for p in self.window.pages])
        if page is not None and self.window.page(page) is not None:
            self.window.show_page(page)

    def show_presenter(self) -> PresenterWindow:
        if self.presenter is None:
            self.presenter = PresenterWindow(self.room, self.window)
        self.presenter.present()
        return self.presenter


def types_letter(widget, event) -> bool:
    """True when a plain letter pressed in ``widget`` is typing, not a shortcut.

    Line edits claim their letters themselves; a combo box uses them to jump to
    an entry ("Bo…" → "Book the appointment") and an editable table cell
    starts editing with them.
    """
    text = event.text()
    if (event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier)
            or not text or not text.isprintable() or text.isspace()):
        return False
    if isinstance(widget, QComboBox):
        return True
    if isinstance(widget, QAbstractItemView):
        index = widget.currentIndex()
        return bool(widget.editTriggers() & QAbstractItemView.AnyKeyPressed
                    and index.isValid() and index.flags() & Qt.ItemIsEditable)
    return False


def page_for_step(step_title: str, page_titles: list[str]) -> str | None:
    """The page title an agenda step's title names, if any."""
    low = step_title.lower()
    for title in page_titles:
        if title and title.lower() in low and title != "Agenda":
            return title
    for word, title in PAGE_HINTS:
        if word in low and title in page_titles:
            return title
    return None


def install(window) -> RoomMenu:
    """Add the Room menu and View ▸ Presenter Window to ``window`` (once)."""
    existing = window.findChild(RoomMenu)
    return existing if existing is not None else RoomMenu(window)
