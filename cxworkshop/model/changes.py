"""The 5 Hows of a change: the five questions, their guidance, and how many are answered."""
from __future__ import annotations

from ..i18n import N_
from .entities import Change

FIVE_HOWS: list[tuple[str, str, str]] = [
    ("impact", N_("How will this change impact my customer?"),
     N_("Name what gets better or worse for them: time, effort, cost, certainty. "
        "Think of the customer at the end of the chain, not only the next department.")),
    ("look", N_("How will it look from my customer's standpoint?"),
     N_("Describe what they will see, hear or receive that is different. "
        "Use their words, not our process names.")),
    ("response", N_("How will my customer respond?"),
     N_("Expect more than one reaction: relief, confusion, calls to the help line. "
        "Who is most likely to be unhappy, and why?")),
    ("find_out", N_("How will my customer find out?"),
     N_("Which message, letter, screen or person tells them, and when: "
        "before, at or after the moment it affects them?")),
    ("feedback", N_("How will my customer give feedback?"),
     N_("Name the channel and who reads it, and how the group will hear what "
        "customers say in the first weeks.")),
]
"""``(field of Change, question, guidance)`` in the order they are asked."""

RISK_LABELS = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High"),
               None: N_("Not judged yet")}


def completeness(change: Change) -> int:
    """How many of the five questions have an answer (0–5); blank text does not count."""
    return sum(1 for field, _q, _g in FIVE_HOWS if (getattr(change, field) or "").strip())


def unanswered(change: Change) -> list[str]:
    """The questions of ``change`` still without an answer, in order."""
    return [q for field, q, _g in FIVE_HOWS if not (getattr(change, field) or "").strip()]
