"""What the room is doing now, as stored data (no Qt).

:class:`RoomState` is the room's live state — the current agenda step, the
step's stopwatch, the answers revealed, what the presenter shows — kept in
:class:`~cxworkshop.model.entities.SessionInfo` (field ``room``) and so
written to the session file like every edit: a reopen, or a restart after a
crash, puts the room back where it was.

The functions here are the rules of moving through a workshop (next step,
reveal next, the clicker's "next"); each takes a state and returns a new one.
The Qt side (``ui/presenter/controller.py``) keeps the running clock and
writes each new state through the document, once per change.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any

from ..i18n import tr
from .record import record

# What the presenter can show (one room view each).
AGENDA, PROMPT, ANSWERS, STATS, MAP = "agenda", "prompt", "answers", "stats", "map"
CONNECT, HOWS, CHAMPIONS, ACTIONS, SUMMARY = "connect", "hows", "champions", "actions", "summary"
VIEWS = (AGENDA, PROMPT, ANSWERS, STATS, MAP, CONNECT, HOWS, CHAMPIONS, ACTIONS, SUMMARY)
VIEW_TITLES = {AGENDA: "Agenda", PROMPT: "The question", ANSWERS: "Answer wall",
               STATS: "Statistics", MAP: "Process map", CONNECT: "Connect the dots",
               HOWS: "5 Hows", CHAMPIONS: "Customer Champions", ACTIONS: "Actions",
               SUMMARY: "Summary"}

#: A running timer found on reopen keeps counting the time the app was away
#: (a crash mid-workshop) unless the gap is longer than this; then it resumes paused.
MAX_RESUME_GAP = 2 * 3600.0

#: Words in an agenda step's title that name the room view of that step.
STEP_VIEWS = (("last customer", PROMPT), ("welcome", AGENDA), ("journey", MAP),
              ("process map", MAP), ("map", MAP), ("connect", CONNECT), ("5 hows", HOWS),
              ("five hows", HOWS), ("champion", CHAMPIONS), ("action", ACTIONS),
              ("close", SUMMARY), ("summary", SUMMARY))


@record
class RoomState:
    """The room's state as stored.

    Attributes:
        step: id of the current agenda step (None: the first one).
        running: the step's stopwatch is running.
        elapsed: seconds on the stopwatch at ``since`` (or now, when paused).
        since: wall-clock time (seconds since the epoch) of the last write while
            running; None while paused.
        revealed: participant ids whose answers the room has seen, in order.
        view: what the presenter shows (one of :data:`VIEWS`).
        prompt: the "last customer" question being asked (-1: all four).
        blank: the presenter shows a black screen (clicker's B / period).
        story: participant id of the answer shown full screen (None: the wall).
        person: participant whose chain the Connect view lights (None: nobody picked).
        follow: the room follows the facilitator's pages and map (False: frozen).
    """

    step: str | None = None
    running: bool = False
    elapsed: float = 0.0
    since: float | None = None
    revealed: tuple[str, ...] = ()
    view: str = AGENDA
    prompt: int = -1
    blank: bool = False
    story: str | None = None
    person: str | None = None
    follow: bool = True

    def replace(self, **changes: Any) -> RoomState:
        if isinstance(changes.get("revealed"), list):
            changes["revealed"] = tuple(changes["revealed"])
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["revealed"] = list(self.revealed)
        d["elapsed"] = float(self.elapsed) + 0.0
        return d

    @classmethod
    def from_dict(cls, raw: Any) -> RoomState:
        """A state from plain data; raises ValueError naming the first wrong key."""
        if not isinstance(raw, dict):
            raise ValueError(tr("must be an object"))
        names = {f.name for f in dataclasses.fields(cls)}
        for key in raw:
            if key not in names:
                raise ValueError(tr("{where}: unknown key").format(where=key))
        values = dict(raw)
        if isinstance(values.get("revealed"), list):
            values["revealed"] = tuple(values["revealed"])
        state = cls(**values)
        problems = state.problems()
        if problems:
            raise ValueError(f"{problems[0][0]}: {problems[0][1]}")
        return state

    def problems(self) -> list[tuple[str, str]]:
        out = []

        def optional_text(name: str) -> None:
            v = getattr(self, name)
            if v is not None and (not isinstance(v, str) or not v):
                out.append((name, tr("must be an id or null")))

        optional_text("step")
        optional_text("story")
        optional_text("person")
        for name in ("running", "blank", "follow"):
            if not isinstance(getattr(self, name), bool):
                out.append((name, tr("must be true or false")))
        for name, optional in (("elapsed", False), ("since", True)):
            v = getattr(self, name)
            if v is None and optional:
                continue
            if (isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v)
                    or v < 0):
                out.append((name, tr("must be a number of seconds, not negative")))
        if not isinstance(self.revealed, tuple) or not all(
                isinstance(p, str) and p for p in self.revealed):
            out.append(("revealed", tr("must be a list of participant ids")))
        if self.view not in VIEWS:
            out.append(("view", tr("must be one of {choices}, not {value}").format(
                choices=", ".join(VIEWS), value=repr(self.view))))
        if isinstance(self.prompt, bool) or not isinstance(self.prompt, int) \
                or not -1 <= self.prompt <= 3:
            out.append(("prompt", tr("must be a whole number from {low} to {high}").format(
                low=-1, high=3)))
        return out


DEFAULT_ROOM = RoomState()


# -- rules of moving through the room -------------------------------------------------

def step_index(state: RoomState, step_ids: list[str]) -> int:
    """Index of the current step in ``step_ids`` (0 when unknown or gone)."""
    try:
        return step_ids.index(state.step) if state.step is not None else 0
    except ValueError:
        return 0


def resume_elapsed(state: RoomState, now: float) -> tuple[float, bool]:
    """``(elapsed, running)`` of the stopwatch when a stored state is opened at
    wall-clock ``now``: a running timer counts the time since its last write,
    unless that gap is negative or longer than :data:`MAX_RESUME_GAP` (then it
    resumes paused at the stored time)."""
    if not state.running or state.since is None:
        return state.elapsed, False
    gap = now - state.since
    if 0 <= gap <= MAX_RESUME_GAP:
        return state.elapsed + gap, True
    return state.elapsed, False


def view_for_step(title: str) -> str | None:
    """The room view an agenda step's title names ("Connect the dots" → CONNECT)."""
    low = title.lower()
    for word, view in STEP_VIEWS:
        if word in low:
            return view
    return None


def hidden_answers(state: RoomState, answer_order: list[str]) -> list[str]:
    shown = set(state.revealed)
    return [p for p in answer_order if p not in shown]


def reveal(state: RoomState, participant: str, answer_order: list[str]) -> RoomState:
    if participant in state.revealed or participant not in answer_order:
        return state
    return state.replace(revealed=(*state.revealed, participant))


def reveal_next(state: RoomState, answer_order: list[str]) -> RoomState:
    hidden = hidden_answers(state, answer_order)
    return state.replace(revealed=(*state.revealed, hidden[0])) if hidden else state


def reveal_all(state: RoomState, answer_order: list[str]) -> RoomState:
    hidden = hidden_answers(state, answer_order)
    return state.replace(revealed=(*state.revealed, *hidden)) if hidden else state


def keep_alive(state: RoomState, participants: set[str], steps: set[str]) -> RoomState:
    """``state`` without references to participants or steps that are gone."""
    changes: dict[str, Any] = {}
    kept = tuple(p for p in state.revealed if p in participants)
    if kept != state.revealed:
        changes["revealed"] = kept
    for name in ("story", "person"):
        if getattr(state, name) is not None and getattr(state, name) not in participants:
            changes[name] = None
    if state.step is not None and state.step not in steps:
        changes["step"] = None
    return state.replace(**changes) if changes else state
