"""Statistics of the "last customer you served" answers, for the room and the PDF.

Pure Python (no Qt): :func:`story_stats` counts the answers and
:meth:`StoryStats.sentences` says what they mean in plain words.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..i18n import N_, ngettext, tr
from .entities import (
    CONTACT,
    OUTCOME,
    OUTCOME_LABELS,
    RECENCY,
    RECENCY_LABELS,
    Department,
    Participant,
    Story,
)

if TYPE_CHECKING:
    from .workshop import Workshop

NO_ANSWER = "no_answer"
NO_ANSWER_LABEL = N_("No answer yet")
RECENCY_WITH_NONE = (*RECENCY, NO_ANSWER)
RECENCY_LABELS_WITH_NONE = {**RECENCY_LABELS, NO_ANSWER: NO_ANSWER_LABEL}
#: Buckets that count as "served a customer this quarter".
RECENT = ("today", "this_week", "this_month", "this_quarter")
UNASSIGNED = N_("Unassigned")


@dataclass
class GroupStats:
    """Counts for one group of participants (a department, or customer-facing or not)."""

    label: str
    participants: int = 0
    answered: int = 0
    recent: int = 0          # served a customer this quarter or more recently
    outcome_known: int = 0   # answered and knows how it ended

    @property
    def not_recent(self) -> int:
        """Participants who cannot name a customer from this quarter (no answer included)."""
        return self.participants - self.recent


@dataclass
class StoryStats:
    """What the room answered, one answer per participant.

    Attributes:
        participants: how many people are in the room (the participants list).
        answered: how many of them have an answer.
        recency: count per bucket, in ``RECENCY_WITH_NONE`` order; participants
            without an answer count under ``"no_answer"``.
        outcome: count per outcome among the answers, in ``OUTCOME`` order.
        contact: count of ``direct``, ``indirect`` and ``unknown`` contact among the answers.
        by_department: one :class:`GroupStats` per department that has
            participants, in department order, then "Unassigned".
        customer_facing, behind_the_scenes: the same counts split by the
            participants' customer-facing flag.
    """

    participants: int = 0
    answered: int = 0
    recency: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECENCY_WITH_NONE, 0))
    outcome: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOME, 0))
    contact: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CONTACT, 0))
    by_department: list[GroupStats] = field(default_factory=list)
    customer_facing: GroupStats = field(default_factory=lambda: GroupStats(tr("Customer-facing")))
    behind_the_scenes: GroupStats = field(
        default_factory=lambda: GroupStats(tr("Behind the scenes")))

    @property
    def recent(self) -> int:
        """Participants who served a customer this quarter or more recently."""
        return sum(self.recency[r] for r in RECENT)

    @property
    def not_recent(self) -> int:
        """Participants who can't name a customer they served this quarter."""
        return self.participants - self.recent

    @property
    def cant_remember(self) -> int:
        return self.recency["cant_remember"]

    @property
    def unknown_outcome(self) -> int:
        return self.outcome["unknown"]

    def recency_rows(self) -> list[tuple[str, int]]:
        """``(label, count)`` per recency bucket, "no answer" last (for charts), the
        labels in the current language."""
        return [(tr(RECENCY_LABELS_WITH_NONE[k]), v) for k, v in self.recency.items()]

    def outcome_rows(self) -> list[tuple[str, int]]:
        return [(tr(OUTCOME_LABELS[k]), v) for k, v in self.outcome.items()]

    def sentences(self) -> list[str]:
        """Plain sentences for the room, most telling first.

        E.g. ``"7 of 12 can't name a customer they served this quarter."`` and
        ``"4 don't know how it ended."``. Empty when nobody is in the room.
        """
        n = self.participants
        if n == 0:
            return []
        out: list[str] = []
        if self.answered == 0:
            return [ngettext("None of the {n} has answered yet.",
                             "None of the {n} have answered yet.", n).format(n=n)]
        out.append(ngettext("{k} of {n} can't name a customer they served this quarter.",
                            "{k} of {n} can't name a customer they served this quarter.",
                            n).format(k=self.not_recent, n=n))
        if self.cant_remember:
            out.append(ngettext("{n} person can't remember when it was.",
                                "{n} people can't remember when it was.",
                                self.cant_remember).format(n=self.cant_remember))
        if self.unknown_outcome:
            out.append(ngettext("{n} doesn't know how it ended.", "{n} don't know how it ended.",
                                self.unknown_outcome).format(n=self.unknown_outcome))
        resolved = self.outcome["resolved"]
        out.append(ngettext("{k} of {n} answer ended fully resolved.",
                            "{k} of {n} answers ended fully resolved.",
                            self.answered).format(k=resolved, n=self.answered))
        if self.contact["indirect"]:
            out.append(tr("{k} of {n} only dealt with their customer indirectly.").format(
                k=self.contact["indirect"], n=self.answered))
        cf, bs = self.customer_facing, self.behind_the_scenes
        if cf.participants and bs.participants:
            out.append(tr("Customer-facing: {cf} of {cfn} served a customer this quarter; "
                          "behind the scenes: {bs} of {bsn}.").format(
                cf=cf.recent, cfn=cf.participants, bs=bs.recent, bsn=bs.participants))
        missing = n - self.answered
        if missing:
            out.append(ngettext("{n} person has not answered yet.",
                                "{n} people have not answered yet.", missing).format(n=missing))
        return out


def answer_of(workshop: Workshop, participant_id: str) -> Story | None:
    """The participant's answer: their first story (one per person in the room)."""
    for story in workshop.table(Story).values():
        if story.participant == participant_id:
            return story
    return None


def answers(workshop: Workshop) -> dict[str, Story]:
    """``{participant id: story}`` — each participant's first story."""
    out: dict[str, Story] = {}
    for story in workshop.table(Story).values():
        out.setdefault(story.participant, story)
    return out


def story_stats(workshop: Workshop) -> StoryStats:
    """Count the room's answers (see :class:`StoryStats`).

    Each participant counts once, with their first story; stories of people
    no longer in the participants list cannot exist (they cascade).
    """
    stats = StoryStats()
    by_story = answers(workshop)
    departments = workshop.table(Department)
    groups: dict[str | None, GroupStats] = {
        d.id: GroupStats(d.name or tr("(unnamed)")) for d in departments.values()}
    groups[None] = GroupStats(tr(UNASSIGNED))
    for person in workshop.table(Participant).values():
        story = by_story.get(person.id)
        stats.participants += 1
        dept = groups.get(person.department, groups[None])
        side = stats.customer_facing if person.customer_facing else stats.behind_the_scenes
        touched = (dept, side)
        for g in touched:
            g.participants += 1
        if story is None:
            stats.recency[NO_ANSWER] += 1
            continue
        stats.answered += 1
        stats.recency[story.recency] += 1
        stats.outcome[story.outcome] += 1
        stats.contact[story.contact] += 1
        for g in touched:
            g.answered += 1
            if story.recency in RECENT:
                g.recent += 1
            if story.outcome != "unknown":
                g.outcome_known += 1
    stats.by_department = [g for g in groups.values() if g.participants]
    return stats


def recency_for_date(when: str, today: str | _dt.date | None = None) -> str:
    """The recency bucket of a date, seen from ``today`` (a date or ``YYYY-MM-DD``).

    "This week" means the last 7 days, "this month" the last 31, "this quarter"
    the last 92 and "this year" the last 366 days. A date after ``today``
    counts as today.
    """
    day = _dt.date.fromisoformat(when)
    if today is None:
        ref = _dt.date.today()
    elif isinstance(today, str):
        ref = _dt.date.fromisoformat(today)
    else:
        ref = today
    days = (ref - day).days
    for limit, bucket in ((0, "today"), (6, "this_week"), (31, "this_month"),
                          (92, "this_quarter"), (366, "this_year")):
        if days <= limit:
            return bucket
    return "over_a_year"
