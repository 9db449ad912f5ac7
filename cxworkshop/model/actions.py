"""Actions after the workshop: due dates typed by people, and which actions are overdue."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .entities import Action
from .fields import is_valid_date


def parse_date(text: str, what: str = "date") -> str | None:
    """A typed date as ``YYYY-MM-DD`` (None when blank).

    Raises:
        ValueError: with a sentence naming ``what`` and the text, e.g.
            ``the due date “31/06” is not a date: write it as YYYY-MM-DD, e.g. 2026-06-15``.
    """
    t = (text or "").strip()
    if not t:
        return None
    if is_valid_date(t):
        return t
    example = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    raise ValueError(f"the {what} “{t}” is not a date: write it as YYYY-MM-DD, "
                     f"e.g. {example}")


def days_overdue(action: Action, today: dt.date) -> int:
    """Days past the due date of an open action (0 when not overdue)."""
    if action.status != "open" or not action.due or not is_valid_date(action.due):
        return 0
    return max(0, (today - dt.date.fromisoformat(action.due)).days)


def is_overdue(action: Action, today: dt.date) -> bool:
    """An open action whose due date is before ``today``."""
    return days_overdue(action, today) > 0


def owners(actions: Iterable[Action]) -> list[str]:
    """The owners named on ``actions``, once each (case ignored), alphabetically."""
    seen: dict[str, str] = {}
    for a in actions:
        name = " ".join((a.owner or "").split())
        if name:
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)
