"""After the workshop: "go and see" visits and the parking lot. Pure Python, no Qt.

A *go and see* is an action of kind ``go_and_see``: a person (``person``) rides
along with or shadows a customer-facing colleague (``host``) at a frontstage
process (``process``) on a date (``due``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import N_
from .entities import Action, Participant, Story

if TYPE_CHECKING:
    from .workshop import Workshop

#: recency answers that mean "no customer met in living memory"
LONG_AGO = ("over_a_year", "cant_remember")


@dataclass
class Unmet:
    """A participant who has not met a customer, with why we think so and their visits."""

    person: Participant
    reason: str
    visits: list[Action]


def go_and_sees(workshop: Workshop) -> list[Action]:
    return [a for a in workshop.table(Action).values() if a.kind == "go_and_see"]


def visits_of(workshop: Workshop, uid: str) -> list[Action]:
    """Go-and-see actions where participant ``uid`` is the one who goes."""
    return [a for a in go_and_sees(workshop) if a.person == uid]


def never_met_customer(workshop: Workshop) -> list[Unmet]:
    """Participants who have not met a customer: behind-the-scenes people whose
    last-customer story is missing, indirect, over a year ago or forgotten.

    In participant order, each with their planned go-and-see visits.
    """
    stories: dict[str, list[Story]] = {}
    for s in workshop.table(Story).values():
        stories.setdefault(s.participant, []).append(s)
    out = []
    for p in workshop.table(Participant).values():
        if p.customer_facing:
            continue
        mine = stories.get(p.id, [])
        direct_recent = [s for s in mine
                         if s.contact == "direct" and s.recency not in LONG_AGO]
        if direct_recent:
            continue
        if not mine:
            reason = N_("no story of a customer")
        elif all(s.recency in LONG_AGO for s in mine):
            reason = (N_("last customer over a year ago")
                      if any(s.recency == "over_a_year" for s in mine)
                      else N_("cannot remember a customer"))
        elif any(s.contact == "direct" for s in mine):
            reason = N_("last customer over a year ago")
        elif all(s.contact == "unknown" for s in mine):
            reason = N_("not sure they met the customer")
        else:
            reason = N_("only indirect contact")
        out.append(Unmet(p, reason, visits_of(workshop, p.id)))
    return out
