"""The 5 Hows of a change: the five questions, their guidance, and how many are answered."""
from __future__ import annotations

from .entities import Change

FIVE_HOWS: list[tuple[str, str, str]] = [
    ("impact", "How will this change impact my customer?",
     "Name what gets better or worse for them: time, effort, cost, certainty. "
     "Think of the customer at the end of the chain, not only the next department."),
    ("look", "How will it look from my customer's standpoint?",
     "Describe what they will see, hear or receive that is different. "
     "Use their words, not our process names."),
    ("response", "How will my customer respond?",
     "Expect more than one reaction: relief, confusion, calls to the help line. "
     "Who is most likely to be unhappy, and why?"),
    ("find_out", "How will my customer find out?",
     "Which message, letter, screen or person tells them, and when: "
     "before, at or after the moment it affects them?"),
    ("feedback", "How will my customer give feedback?",
     "Name the channel and who reads it, and how the group will hear what "
     "customers say in the first weeks."),
]
"""``(field of Change, question, guidance)`` in the order they are asked."""

RISK_LABELS = {"low": "Low", "medium": "Medium", "high": "High", None: "Not judged yet"}


def completeness(change: Change) -> int:
    """How many of the five questions have an answer (0–5); blank text does not count."""
    return sum(1 for field, _q, _g in FIVE_HOWS if (getattr(change, field) or "").strip())


def unanswered(change: Change) -> list[str]:
    """The questions of ``change`` still without an answer, in order."""
    return [q for field, q, _g in FIVE_HOWS if not (getattr(change, field) or "").strip()]
