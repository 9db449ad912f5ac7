"""Defaults from ``resources/prompts`` and the agenda's countdown, without Qt.

:func:`default_prompts` and :func:`default_agenda` read the editable files in
``resources/prompts/``; :class:`StepTimer` measures time on an injectable
clock (a callable returning monotonic seconds), so tests never wait.
"""
from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from typing import Any

from ..i18n import N_, tr
from ..resources import resource_path
from .entities import DEFAULT_PROMPTS, AgendaItem, new_id

PROMPTS_FILE = ("prompts", "default_prompts.json")
AGENDA_FILE = ("prompts", "default_agenda.json")
WARNING_SECONDS = 60

OK, WARNING, OVER = "ok", "warning", "over"


def _read_json(parts: tuple[str, ...]) -> Any:
    try:
        with open(resource_path(*parts), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def default_prompts() -> tuple[str, ...]:
    """The four default question texts from ``resources/prompts/default_prompts.json``.

    Falls back to :data:`~cxworkshop.model.entities.DEFAULT_PROMPTS` when the
    file is missing or does not hold exactly four texts.
    """
    data = _read_json(PROMPTS_FILE)
    prompts = data.get("prompts") if isinstance(data, dict) else None
    if (isinstance(prompts, list) and len(prompts) == len(DEFAULT_PROMPTS)
            and all(isinstance(p, str) and p.strip() for p in prompts)):
        return tuple(tr(p.strip()) for p in prompts)
    return tuple(tr(p) for p in DEFAULT_PROMPTS)


_FALLBACK_AGENDA = ((N_("Welcome and purpose"), 10), (N_("Last customer you served"), 25),
                    (N_("The customer journey"), 10), (N_("Process map"), 45),
                    (N_("Connect the dots"), 30), (N_("5 Hows of a change"), 25),
                    (N_("Customer Champions"), 10), (N_("Actions and close"), 15))


def default_agenda() -> list[AgendaItem]:
    """Fresh agenda steps (new ids) from ``resources/prompts/default_agenda.json``.

    Entries that are not ``{"title": text, "planned_minutes": whole number}``
    are skipped; a missing or unreadable file gives the built-in agenda.
    """
    data = _read_json(AGENDA_FILE)
    rows = data.get("agenda") if isinstance(data, dict) else None
    steps: list[tuple[str, int]] = []
    for row in rows if isinstance(rows, list) else ():
        if not isinstance(row, dict):
            continue
        title, minutes = row.get("title"), row.get("planned_minutes", 10)
        if (isinstance(title, str) and title.strip() and isinstance(minutes, int)
                and not isinstance(minutes, bool) and 0 <= minutes <= 24 * 60):
            steps.append((title.strip(), minutes))
    # the file's English titles (the same as the built-in ones) in the current language
    return [AgendaItem(new_id(), tr(t), m) for t, m in (steps or _FALLBACK_AGENDA)]


class StepTimer:
    """A stopwatch for one agenda step, on an injectable monotonic clock.

    ``elapsed()`` is the time already recorded (``base``) plus the time since
    the last :meth:`start` while running.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.base = 0.0
        self._started: float | None = None

    @property
    def running(self) -> bool:
        return self._started is not None

    def reset(self, base: float = 0.0) -> None:
        """Stop and set the recorded time to ``base`` seconds."""
        self.base = float(base)
        self._started = None

    def start(self) -> None:
        if self._started is None:
            self._started = self.clock()

    def pause(self) -> float:
        """Stop counting; return the elapsed seconds."""
        if self._started is not None:
            self.base += max(0.0, self.clock() - self._started)
            self._started = None
        return self.base

    def elapsed(self) -> float:
        if self._started is None:
            return self.base
        return self.base + max(0.0, self.clock() - self._started)


def countdown_state(elapsed: float, planned_minutes: int) -> str:
    """``"ok"``, ``"warning"`` (last minute) or ``"over"`` (at or past zero).

    A step planned for 0 minutes has no countdown and is always ``"ok"``.
    """
    if planned_minutes <= 0:
        return OK
    remaining = planned_minutes * 60 - elapsed
    if remaining <= 0:
        return OVER
    if remaining <= WARNING_SECONDS:
        return WARNING
    return OK


def format_clock(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) of whole seconds, rounded down; never negative."""
    total = max(0, int(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def remaining_text(elapsed: float, planned_minutes: int) -> str:
    """What the countdown shows: time left (rounded up, so ``0:00`` means zero),
    ``+m:ss`` over time, or the elapsed time when the step is untimed."""
    if planned_minutes <= 0:
        return format_clock(elapsed)
    remaining = planned_minutes * 60 - elapsed
    if remaining <= 0:
        return "+" + format_clock(-remaining)
    return format_clock(math.ceil(remaining))
