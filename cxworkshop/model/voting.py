"""Dot-voting on processes: the session's budget, votes cast and left, the top list."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .entities import Participant, Process

if TYPE_CHECKING:
    from .workshop import Workshop


def total_budget(workshop: Workshop) -> int:
    """Votes the room may place: ``vote_budget`` per participant (or once if none)."""
    people = len(workshop.table(Participant))
    return workshop.info.vote_budget * max(people, 1)


def votes_cast(workshop: Workshop) -> int:
    return sum(p.votes for p in workshop.table(Process).values())


def votes_left(workshop: Workshop) -> int:
    return max(total_budget(workshop) - votes_cast(workshop), 0)


def top_voted(workshop: Workshop, limit: int = 10) -> list[Process]:
    """Processes with votes, most first (ties keep map order)."""
    voted = [p for p in workshop.table(Process).values() if p.votes > 0]
    voted.sort(key=lambda p: -p.votes)
    return voted[:limit]
