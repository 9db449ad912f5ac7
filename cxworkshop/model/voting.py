"""Dot-voting on processes: the session's budget, votes cast and left, the top list."""
from __future__ import annotations


def total_budget(workshop) -> int:
    """Votes the room may place: ``vote_budget`` per participant (or once if none)."""
    people = len(workshop.tables["participants"])
    return workshop.info.vote_budget * max(people, 1)


def votes_cast(workshop) -> int:
    return sum(p.votes for p in workshop.tables["processes"].values())


def votes_left(workshop) -> int:
    return max(total_budget(workshop) - votes_cast(workshop), 0)


def top_voted(workshop, limit: int = 10) -> list:
    """Processes with votes, most first (ties keep map order)."""
    voted = [p for p in workshop.tables["processes"].values() if p.votes > 0]
    voted.sort(key=lambda p: -p.votes)
    return voted[:limit]
