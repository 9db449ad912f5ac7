"""The room's live state for one open document, stored through the document.

:class:`RoomController` (one per document, see :func:`room_for`) is what pages,
the Room menu and the presenter window talk to. The state itself is a
:class:`~cxworkshop.model.room.RoomState` in the session (``info.room``): every
change (a step, start/pause, a reveal, a view, blank, follow) is one durable
write through :meth:`SessionDocument.apply`, not on the undo stack — the room
is not "edited". The stopwatch runs on an injectable monotonic clock; the
wall clock (also injectable) stamps a running timer so that a reopen after a
crash counts the time the app was away.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ...i18n import tr
from ...model import SESSION, Update
from ...model.agenda import StepTimer, countdown_state, remaining_text
from ...model.room import (
    ANSWERS,
    DEFAULT_ROOM,
    VIEWS,
    RoomState,
    hidden_answers,
    keep_alive,
    resume_elapsed,
)
from ...model.room import reveal as reveal_rule
from ...model.room import reveal_all as reveal_all_rule
from ...model.room import reveal_next as reveal_next_rule
from ...model.room import step_index as step_index_of
from ...model.stats import answers as story_answers
from ...store import CommitFailed


class RoomController(QObject):
    """The room's live state for one document.

    Signals:
        step_changed(index): the current agenda step changed.
        timer_changed(): started, paused or reset.
        tick(): about four times a second while the timer runs.
        reveal_changed(): answers were revealed or hidden.
        view_changed(): what the presenter shows changed (also blank, a story, a page).
        focus_changed(): the processes lit up (connect the dots) changed.
        follow_changed(): the room started following the facilitator or froze.
        map_followed(): the facilitator's map selection, zoom or pan changed (follow me).
    """

    step_changed = Signal(int)
    timer_changed = Signal()
    tick = Signal()
    reveal_changed = Signal()
    view_changed = Signal()
    focus_changed = Signal()
    follow_changed = Signal()
    map_followed = Signal()

    def __init__(self, document, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time):
        super().__init__(document)
        self.document = document
        self.timer = StepTimer(clock)
        self.wall = wall
        self.show_names = False
        self.focus: set[str] = set()   # lit on the Connect view (a picked person's chain)
        self.focus_label = ""
        #: what the facilitator's map shows: {"selected": ids, "focus": ids, "rect": (x,y,w,h)}
        self.map_view: dict[str, Any] = {}
        self.change: str | None = None  # the change the 5 Hows view shows (None: latest)
        self.page = 0  # page of a view whose text does not fit on one screen
        self._state: RoomState = document.info.room if isinstance(
            getattr(document.info, "room", None), RoomState) else DEFAULT_ROOM
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self.tick)
        self._resume()
        document.entity_removed.connect(self._entity_removed)
        document.entity_added.connect(self._entity_added)

    # -- the stored state ------------------------------------------------------------
    @property
    def state(self) -> RoomState:
        return self._state

    def _write(self, **changes: Any) -> None:
        """Make ``changes`` (with the stopwatch as it is now) the stored room state."""
        running = self.timer.running
        new = self._state.replace(running=running, elapsed=round(self.timer.elapsed(), 3),
                                  since=self.wall() if running else None, **changes)
        if new == self._state:
            return
        self._state = new
        if self.document.read_only:
            return
        # a failed commit: the document said so (commit_failed); the room goes on in memory
        with contextlib.suppress(CommitFailed):
            self.document.apply([Update(SESSION, None, {"room": new})])

    def _resume(self) -> None:
        state = self._state
        step = self.current_step()
        if step is not None and state.step == step.id:
            elapsed, running = resume_elapsed(state, self.wall())
        else:
            elapsed, running = float(step.actual_seconds or 0) if step else 0.0, False
        self.timer.reset(elapsed)
        if running:
            self.timer.start()
            self._ticker.start()

    # -- agenda -------------------------------------------------------------------
    def steps(self) -> list:
        return self.document.all("agenda")

    @property
    def step_index(self) -> int:
        return step_index_of(self._state, [s.id for s in self.steps()])

    @step_index.setter
    def step_index(self, index: int) -> None:
        steps = self.steps()
        if 0 <= index < len(steps):
            self._write(step=steps[index].id)

    def current_step(self):
        steps = self.steps()
        i = self.step_index
        return steps[i] if 0 <= i < len(steps) else None

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
        new = steps[index]
        self.timer.reset(new.actual_seconds or 0)
        if running:
            self.timer.start()
        self.page = 0
        self._write(step=new.id, story=None)
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
        self._write()
        self.timer_changed.emit()

    def pause(self) -> None:
        if not self.timer.running:
            return
        self.timer.pause()
        self._ticker.stop()
        self.record()
        self._write()
        self.timer_changed.emit()

    def toggle_timer(self) -> None:
        self.pause() if self.timer.running else self.start()

    def reset_timer(self) -> None:
        """Stop and set the current step's time back to zero (one undo step)."""
        self.timer.reset(0)
        self._ticker.stop()
        step = self.current_step()
        if step is not None and step.actual_seconds is not None and not self.document.read_only:
            self.document.update("agenda", step.id,
                                 text=tr("Reset time of “{title}”").format(title=step.title),
                                 actual_seconds=None)
        self._write()
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
        self.document.update("agenda", step.id,
                             text=tr("Record time of “{title}”").format(title=step.title),
                             merge=True, actual_seconds=seconds)

    def _entity_removed(self, kind: str, id: str) -> None:
        if kind == "agenda":
            if self._state.step == id and self.document.get("agenda", id) is None:
                step = self.current_step()  # the first one, now (not a move: it is gone)
                self.timer.reset(step.actual_seconds or 0 if step else 0)
                self._ticker.stop()
                self._write(step=step.id if step else None)
                self.timer_changed.emit()
            self.step_changed.emit(self.step_index)
        elif kind in ("stories", "participants", "processes", "placements"):
            w = self.document.workshop
            state = keep_alive(self._state, set(w.table("participants")),
                               {s.id for s in self.steps()})
            answered = set(story_answers(w))
            kept = tuple(p for p in state.revealed if p in answered)
            story = state.story if state.story in kept else None
            if (kept, story, state.person) != (self._state.revealed, self._state.story,
                                               self._state.person):
                self._write(revealed=kept, story=story, person=state.person)
                self.reveal_changed.emit()
            if self.focus and kind in ("processes", "placements"):
                self.focus &= set(w.table("processes"))
                self.focus_changed.emit()

    def _entity_added(self, kind: str, id: str) -> None:
        if kind == "agenda":
            self.step_changed.emit(self.step_index)
        elif kind == "stories":
            self.reveal_changed.emit()  # one more hidden answer

    # -- reveal ------------------------------------------------------------------------
    @property
    def revealed(self) -> list[str]:
        return list(self._state.revealed)

    def answer_order(self) -> list[str]:
        """Participant ids that have an answer, in participant order."""
        have = story_answers(self.document.workshop)
        return [p for p in self.document.workshop.table("participants") if p in have]

    def hidden(self) -> list[str]:
        return hidden_answers(self._state, self.answer_order())

    def is_revealed(self, participant_id: str) -> bool:
        return participant_id in self._state.revealed

    def _set_reveal(self, state: RoomState) -> None:
        if state.revealed != self._state.revealed:
            self._write(revealed=state.revealed)
            self.reveal_changed.emit()

    def reveal(self, participant_id: str) -> None:
        self._set_reveal(reveal_rule(self._state, participant_id, self.answer_order()))

    def reveal_next(self) -> str | None:
        """Reveal the next hidden answer; returns its participant id (None if none left)."""
        hidden = self.hidden()
        if not hidden:
            return None
        self._set_reveal(reveal_next_rule(self._state, self.answer_order()))
        return hidden[0]

    def reveal_all(self) -> None:
        self._set_reveal(reveal_all_rule(self._state, self.answer_order()))

    def hide_all(self) -> None:
        if self._state.revealed:
            self._write(revealed=(), story=None)
            self.reveal_changed.emit()

    # -- one story full screen ----------------------------------------------------------
    @property
    def story(self) -> str | None:
        return self._state.story

    def show_story(self, participant_id: str | None) -> None:
        """Show one revealed answer full screen (None: back to the wall)."""
        if participant_id is not None and not self.is_revealed(participant_id):
            return
        if participant_id != self._state.story:
            self._write(story=participant_id)
            self.view_changed.emit()

    def toggle_story(self) -> None:
        """Enter on the answer wall: the last revealed story full screen, or back."""
        if self._state.story is not None:
            self.show_story(None)
        elif self._state.revealed:
            self.show_story(self._state.revealed[-1])

    # -- the clicker's keys ----------------------------------------------------------
    def advance(self) -> None:
        """Next, as a clicker means it: unblank, reveal the next answer while the
        presenter shows answers and some are hidden, the next page of a long
        view, otherwise the next step."""
        if self._state.blank:
            self.set_blank(False)
        elif self.view == ANSWERS and self._state.story is not None:
            self.show_story(None)
        elif self.view == ANSWERS and self.hidden():
            self.reveal_next()
        elif self.page + 1 < self.pages:
            self.page += 1
            self.view_changed.emit()
        else:
            self.next_step()

    def back(self) -> None:
        """Previous, as a clicker means it: the previous page, else the previous step."""
        if self._state.blank:
            self.set_blank(False)
        elif self.page > 0:
            self.page -= 1
            self.view_changed.emit()
        else:
            self.previous_step()

    #: how many pages the presenter needs for the current view (the window sets it)
    pages = 1

    @property
    def blank(self) -> bool:
        return self._state.blank

    def set_blank(self, blank: bool) -> None:
        if blank != self._state.blank:
            self._write(blank=blank)
            self.view_changed.emit()

    def toggle_blank(self) -> None:
        self.set_blank(not self._state.blank)

    # -- presenter view ---------------------------------------------------------------------
    @property
    def view(self) -> str:
        return self._state.view

    @property
    def prompt_index(self) -> int:
        return self._state.prompt

    @property
    def follow_pages(self) -> bool:
        return self._state.follow

    @follow_pages.setter
    def follow_pages(self, follow: bool) -> None:
        if follow != self._state.follow:
            self._write(follow=bool(follow))
            self.follow_changed.emit()

    def show(self, view: str, prompt_index: int | None = None) -> None:
        """Make the presenter show ``view`` (one of ``VIEWS``)."""
        if view not in VIEWS:
            raise ValueError(view)
        changes: dict[str, Any] = {}
        if view != self._state.view:
            changes["view"] = view
            self.page = 0
        if prompt_index is not None and prompt_index != self._state.prompt:
            changes["prompt"] = prompt_index
        if changes:
            self._write(**changes)
            self.view_changed.emit()

    def follow(self, view: str, prompt_index: int | None = None) -> None:
        """Like :meth:`show`, but only while the room follows the facilitator."""
        if self._state.follow:
            self.show(view, prompt_index)

    def set_focus(self, pids: set[str], label: str = "", person: str | None = None) -> None:
        """Light up ``pids`` on the Connect view — only once the facilitator has
        picked a person (``person``); without one, nothing is lit for the room."""
        pids = set(pids) if person is not None or not label else set()
        label = label if pids else ""
        if pids != self.focus or label != self.focus_label or person != self._state.person:
            if not self._state.follow:
                return
            self.focus = pids
            self.focus_label = label
            if person != self._state.person:
                self._write(person=person)
            self.focus_changed.emit()

    def follow_map(self, selected: set[str], focus: set[str], rect: tuple | None) -> None:
        """The facilitator's map: what is selected, lit and in view (follow me)."""
        if not self._state.follow:
            return
        new = {"selected": set(selected), "focus": set(focus), "rect": rect}
        if new != self.map_view:
            self.map_view = new
            self.map_followed.emit()


def room_for(document, clock: Callable[[], float] | None = None,
             wall: Callable[[], float] | None = None) -> RoomController:
    """The document's room controller, made on first use (with ``clock`` if given)."""
    room = document.findChild(RoomController)
    if room is None:
        room = RoomController(document, clock or time.monotonic, wall or time.time)
    return room

