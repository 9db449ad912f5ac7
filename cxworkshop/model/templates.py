"""New workshops: sensible defaults, templates, "new from previous", relative dates.

A template is a workshop's structure without what a room said in it: the
departments, stages, map (processes and links), prompts, agenda and metrics.
:func:`from_previous` makes one from any workshop (optionally with its people
and answers); :func:`shift_dates` moves every date of a workshop by a number
of days (the samples are copied "as of today"). Pure Python, no Qt.
"""
from __future__ import annotations

import datetime as dt
import re

from ..i18n import tr
from .agenda import default_agenda, default_prompts
from .entities import DEFAULT_STAGES, Metric, SessionInfo
from .workshop import Op, Workshop

#: lists copied as the workshop's structure
STRUCTURE = ("departments", "processes", "links", "agenda", "metrics", "metric_links")
#: lists that hold people
PEOPLE = ("participants", "members")
#: lists that hold what the room said or decided (some need people)
ANSWERS = ("stories", "notes", "placements", "changes", "recognitions", "actions", "nps",
           "parking_lot")


def new_workshop(title: str | None = None, today: dt.date | None = None) -> Workshop:
    """An empty workshop dated ``today`` with the default prompts and agenda."""
    today = today or dt.date.today()
    info = SessionInfo(date=today.isoformat(), prompts=default_prompts(),
                       stages=tuple(tr(s) for s in DEFAULT_STAGES))
    if title:
        info = info.replace(title=title)
    w = Workshop(info)
    w.add_all(default_agenda())
    return w


_QUARTER = re.compile(r"\bQ([1-4])(\s*|[-/ ])(\d{4})\b")
_YEAR = re.compile(r"\b(20\d\d)\b")


def next_title(title: str) -> str:
    """The title of the next workshop in a series: ``Q2 2026`` → ``Q3 2026``,
    ``Q4 2026`` → ``Q1 2027``; otherwise unchanged."""
    m = _QUARTER.search(title)
    if m:
        q, year = int(m.group(1)), int(m.group(3))
        q, year = (1, year + 1) if q == 4 else (q + 1, year)
        return title[:m.start()] + f"Q{q}{m.group(2)}{year}" + title[m.end():]
    return title


def from_previous(source: Workshop, today: dt.date | None = None, *,
                  people: bool = False, answers: bool = False) -> Workshop:
    """A new workshop that starts where ``source`` left off.

    Copies the title (the next in its series, see :func:`next_title`), the
    organization, location, facilitator, stages, vote budget, prompts and
    advisory-group rules; departments, the map (processes and links, votes set
    to 0), the agenda (no time spent yet) and the metrics (this time's
    ``current`` becomes ``previous``) with their links. People (participants,
    advisory group) and answers (stories, notes, placements, changes,
    call-outs, actions, NPS results, parking lot) only when asked; answers
    that name a person come only with the people.
    """
    today = today or dt.date.today()
    info = source.info.replace(title=next_title(source.info.title), date=today.isoformat(),
                               notes="")
    w = Workshop(info)
    kinds = list(STRUCTURE)
    if people:
        kinds += PEOPLE
    if answers:
        kinds += [k for k in ANSWERS if people or k not in ("stories", "placements")]
    for kind in w.tables:  # in the model's order: references point to earlier lists
        if kind not in kinds:
            continue
        for e in source.tables[kind].values():
            if kind == "processes" and not answers:
                e = e.replace(votes=0)
            elif kind == "agenda":
                e = e.replace(actual_seconds=None)
            elif isinstance(e, Metric) and not answers:
                e = e.replace(previous=e.current if e.current is not None else e.previous,
                              current=None)
            elif kind == "actions" and not people:
                e = e.replace(person=None, host=None)
            w.tables[kind][e.id] = e
    return w


def shift_dates(workshop: Workshop, days: int) -> list[Op]:
    """The ops moving every date of ``workshop`` by ``days`` (session date, story
    dates, call-out dates, due dates)."""
    from .workshop import SESSION, Update

    def moved(value: str | None) -> str | None:
        if not value:
            return value
        try:
            return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
        except (ValueError, OverflowError):
            return value

    ops: list[Op] = []
    if workshop.info.date:
        ops.append(Update(SESSION, None, {"date": moved(workshop.info.date)}))
    for kind, field in (("stories", "when"), ("recognitions", "date"), ("actions", "due")):
        for e in workshop.tables[kind].values():
            value = getattr(e, field)
            if value and moved(value) != value:
                ops.append(Update(kind, e.id, {field: moved(value)}))
    return ops


def as_of_today(workshop: Workshop, today: dt.date | None = None) -> list[Op]:
    """Ops that move the workshop's dates so that its session date is ``today``."""
    today = today or dt.date.today()
    if not workshop.info.date:
        return []
    try:
        days = (today - dt.date.fromisoformat(workshop.info.date)).days
    except ValueError:
        return []
    return shift_dates(workshop, days) if days else []
