"""Dot-voting on processes: who votes, the session's budget, votes cast and left,
the top list (ties ranked equal)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import ngettext, tr
from .entities import Member, Participant, Process

if TYPE_CHECKING:
    from .workshop import Workshop


def voters(workshop: Workshop) -> int:
    """The people in the room who vote: every participant, plus the advisory group
    members marked present when the session lets them vote (``vote_members``)."""
    people = len(workshop.table(Participant))
    if workshop.info.vote_members:
        people += sum(1 for m in workshop.table(Member).values() if m.present)
    return people


def total_budget(workshop: Workshop) -> int:
    """Votes the room may place: ``vote_budget`` for each of :func:`voters`
    (none while nobody is counted in the room)."""
    return workshop.info.vote_budget * voters(workshop)


def votes_cast(workshop: Workshop) -> int:
    return sum(p.votes for p in workshop.table(Process).values())


def votes_left(workshop: Workshop) -> int:
    return max(total_budget(workshop) - votes_cast(workshop), 0)


def budget_sentence(workshop: Workshop) -> str:
    """Who the budget counts, for the map's side panel."""
    info = workshop.info
    people = len(workshop.table(Participant))
    present = sum(1 for m in workshop.table(Member).values() if m.present)
    parts = ngettext("{n} participant", "{n} participants", people).format(n=people)
    if not (info.vote_members and present):
        return tr("{budget} per person × {people}").format(budget=info.vote_budget,
                                                          people=parts)
    total = people + present
    return tr("{budget} per person × {people}: {parts} + {members} present").format(
        budget=info.vote_budget,
        people=ngettext("{n} person", "{n} people", total).format(n=total), parts=parts,
        members=ngettext("{n} advisory member", "{n} advisory members", present).format(
            n=present))


def top_voted(workshop: Workshop, limit: int = 10) -> list[Process]:
    """Processes with votes, most first (ties keep map order)."""
    voted = [p for p in workshop.table(Process).values() if p.votes > 0]
    voted.sort(key=lambda p: -p.votes)
    return voted[:limit]


@dataclass(frozen=True)
class Ranked:
    """One row of the top list: its rank (equal for equal votes), whether it shares
    that rank, and the process."""
    rank: int
    tied: bool
    process: Process


def ranked(workshop: Workshop, limit: int = 10, most: int = 25) -> tuple[list[Ranked], int]:
    """The top list: processes ranked by votes, equal votes sharing a rank ("1, 1, 3"),
    every process ranked ``limit`` or better (so a tie is never cut in two), at most
    ``most`` rows; also how many more share the last rank shown."""
    voted = top_voted(workshop, limit=len(workshop.table(Process)))
    count: dict[int, int] = {}
    for p in voted:
        count[p.votes] = count.get(p.votes, 0) + 1
    rows: list[Ranked] = []
    rank = 0
    for i, p in enumerate(voted):
        if i == 0 or p.votes != voted[i - 1].votes:
            rank = i + 1
        if rank > limit:
            break
        rows.append(Ranked(rank, count[p.votes] > 1, p))
    shown = rows[:most]
    return shown, len(rows) - len(shown)
