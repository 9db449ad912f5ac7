"""The entities of a workshop session, as immutable dataclasses.

Every field carries a :class:`~cxworkshop.model.fields.Spec`; ``KINDS`` maps
each entity list name (as in the JSON interchange) to its class, in an order
where every reference points to an earlier list.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, ClassVar, Self

from ..i18n import N_, tr
from . import fields as F
from . import rules
from .fields import check_value, specs
from .record import record
from .room import DEFAULT_ROOM, RoomState

RECENCY = ("today", "this_week", "this_month", "this_quarter", "this_year",
           "over_a_year", "cant_remember")
#: the words for each value (English; translated where shown, with ``tr(label)``)
RECENCY_LABELS = {"today": N_("Today"), "this_week": N_("This week"),
                  "this_month": N_("This month"), "this_quarter": N_("This quarter"),
                  "this_year": N_("This year"), "over_a_year": N_("Over a year ago"),
                  "cant_remember": N_("Can't remember")}
CONTACT = ("direct", "indirect", "unknown")  # unknown: not said, or can't remember
OUTCOME = ("resolved", "partly", "unresolved", "unknown")
OUTCOME_LABELS = {"resolved": N_("Resolved"), "partly": N_("Partly resolved"),
                  "unresolved": N_("Unresolved"), "unknown": N_("Don't know")}
NOTE_KINDS = ("pain", "idea", "question")
RISK = ("low", "medium", "high")
ACTION_STATUS = ("open", "done")
ACTION_KINDS = ("action", "go_and_see")
ACTION_KIND_LABELS = {"action": N_("Action"), "go_and_see": N_("Go and see")}
METRIC_KINDS = ("outside_in", "inside_out")
METRIC_KIND_LABELS = {"outside_in": "Outside-in (the customer feels it)",
                      "inside_out": "Inside-out (a department measures it)"}
METRIC_BETTER = ("higher", "lower")
NPS_SCOPES = ("session", "department", "process")
PARKING_KINDS = ("question", "idea")
PARKING_STATUS = ("open", "answered", "moved")
PARKING_STATUS_LABELS = {"open": "Open", "answered": "Answered", "moved": "Moved on"}

#: (English, as stored by default; a new workshop gets them in the current language)
DEFAULT_STAGES = (N_("Need"), N_("Evaluate options"), N_("Decide"), N_("Deliver"),
                  N_("Ongoing service"))
DEFAULT_PROMPTS = (
    N_("Who was the last customer you interacted with directly?"),
    N_("What was their name?"),
    N_("What was their challenge?"),
    N_("How was it ultimately resolved?"),
)
STAGE_COUNT = 5
DEFAULT_VOTE_BUDGET = 3


class Kind(StrEnum):
    """The entity lists of a session (the JSON list names); equal to their strings."""

    DEPARTMENTS = "departments"
    PARTICIPANTS = "participants"
    STORIES = "stories"
    PROCESSES = "processes"
    LINKS = "links"
    NOTES = "notes"
    PLACEMENTS = "placements"
    MEMBERS = "members"
    CHANGES = "changes"
    RECOGNITIONS = "recognitions"
    ACTIONS = "actions"
    AGENDA = "agenda"
    METRICS = "metrics"
    METRIC_LINKS = "metric_links"
    NPS = "nps"
    PARKING_LOT = "parking_lot"
    BALLOTS = "ballots"


def new_id() -> str:
    """A fresh, stable entity id (also the database key)."""
    import uuid  # here: uuid loads the platform module, 1 % of the app's start-up
    return uuid.uuid4().hex


@record
class Entity:
    """Base of every list entity: a string id plus typed fields."""

    KIND: ClassVar[Kind]
    TABLE: ClassVar[str] = ""
    LABEL: ClassVar[str] = ""

    id: str

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id}
        for name, spec in specs(self).items():
            value = getattr(self, name)
            if spec.type == F.FLOAT and isinstance(value, float):
                value += 0.0  # -0.0 is stored and exported as 0.0
            d[name] = value
        return d

    def problems(self) -> list[tuple[str, str]]:
        """Field-level problems as ``(field, message)``; references not resolved."""
        out = []
        if not isinstance(self.id, str) or not self.id:
            out.append(("id", tr("must be a non-empty string")))
        elif not F.is_unicode(self.id):
            out.append(("id", tr(F.NOT_UNICODE)))
        for name, spec in specs(self).items():
            msg = check_value(spec, getattr(self, name))
            if msg:
                out.append((name, msg))
        bad = {name for name, _msg in out}
        out.extend(p for p in rules.entity_problems(
            self.KIND, {name: getattr(self, name) for name in specs(self)}) if p[0] not in bad)
        return out


@record
class Department(Entity):
    """A department: one swimlane of the map, with its colour."""

    KIND: ClassVar[Kind] = Kind.DEPARTMENTS
    TABLE: ClassVar[str] = "department"
    LABEL: ClassVar[str] = N_("department")
    name: str = F.text()
    color: str = F.text("#7f7f7f")
    # True: the advisory group need not have someone from here (e.g. a tiny back office)
    roster_optional: bool = F.flag(False)


#: Colours for new departments (the map's lanes), in the order they are given out.
DEPARTMENT_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                     "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")


def next_department_color(used: Iterable[str]) -> str:
    """The first of :data:`DEPARTMENT_COLORS` not in ``used`` (cycling once all are)."""
    used = set(used)
    for color in DEPARTMENT_COLORS:
        if color not in used:
            return color
    return DEPARTMENT_COLORS[len(used) % len(DEPARTMENT_COLORS)]


@record
class Participant(Entity):
    """Someone in the workshop: name, department, role, customer-facing or not."""

    KIND: ClassVar[Kind] = Kind.PARTICIPANTS
    TABLE: ClassVar[str] = "participant"
    LABEL: ClassVar[str] = N_("participant")
    name: str = F.text()
    department: str | None = F.ref("departments")
    role: str = F.text()
    customer_facing: bool = F.flag(False)
    email: str = F.text()


@record
class Story(Entity):
    """A participant's last customer: who, the challenge, how it ended, how long ago."""

    KIND: ClassVar[Kind] = Kind.STORIES
    TABLE: ClassVar[str] = "story"
    LABEL: ClassVar[str] = N_("story")
    participant: str = F.ref("participants", nullable=False, defines_row=True, cascade=True)
    customer: str = F.text()
    when: str | None = F.date()
    recency: str = F.choice(RECENCY, "cant_remember")
    contact: str = F.choice(CONTACT, "unknown")
    challenge: str = F.text()
    resolution: str = F.text()
    outcome: str = F.choice(OUTCOME, "unknown")
    quote: str = F.text()


@record
class Process(Entity):
    """A box of the process map: a department's step at one journey stage."""

    KIND: ClassVar[Kind] = Kind.PROCESSES
    TABLE: ClassVar[str] = "process"
    LABEL: ClassVar[str] = N_("process")
    name: str = F.text()
    department: str | None = F.ref("departments")
    stage: int = F.integer(0, minimum=0)
    owner: str = F.text()
    description: str = F.text()
    moment_of_truth: bool = F.flag(False)
    frontstage: bool = F.flag(False)
    x: float = F.number(0.0)
    y: float = F.number(0.0)
    votes: int = F.integer(0, minimum=0)


@record
class Link(Entity):
    """An arrow of the map, from an upstream process to a downstream one."""

    KIND: ClassVar[Kind] = Kind.LINKS
    TABLE: ClassVar[str] = "link"
    LABEL: ClassVar[str] = N_("link")
    upstream: str = F.ref("processes", nullable=False, defines_row=True, cascade=True)
    downstream: str = F.ref("processes", nullable=False, defines_row=True, cascade=True)
    label: str = F.text()


@record
class Note(Entity):
    """A sticky note on a process (a pain, an idea or a question), or loose on the map."""

    KIND: ClassVar[Kind] = Kind.NOTES
    TABLE: ClassVar[str] = "note"
    LABEL: ClassVar[str] = N_("note")
    process: str | None = F.ref("processes", cascade=True)
    kind: str = F.choice(NOTE_KINDS, "pain")
    text: str = F.text()
    x: float = F.number(0.0)
    y: float = F.number(0.0)
    w: float = F.number(0.0, minimum=0)   # size on the map (0: the default size)
    h: float = F.number(0.0, minimum=0)


@record
class Placement(Entity):
    """A person placed on the map: the process their daily work is part of."""

    KIND: ClassVar[Kind] = Kind.PLACEMENTS
    TABLE: ClassVar[str] = "placement"
    LABEL: ClassVar[str] = N_("placement")
    participant: str = F.ref("participants", nullable=False, defines_row=True, cascade=True)
    process: str = F.ref("processes", nullable=False, defines_row=True, cascade=True)
    statement: str = F.text()


@record
class Member(Entity):
    """A member of the advisory group."""

    KIND: ClassVar[Kind] = Kind.MEMBERS
    TABLE: ClassVar[str] = "member"
    LABEL: ClassVar[str] = N_("member")
    name: str = F.text()
    department: str | None = F.ref("departments")
    role: str = F.text()
    frontline: bool = F.flag(True)
    location: str = F.text()
    tenure_years: float | None = F.number(None, minimum=0, nullable=True)
    email: str = F.text()
    notes: str = F.text()
    present: bool = F.flag(False)   # in the room today: votes when the session says so


@record
class Change(Entity):
    """A change worked through the 5 Hows, tied to a process."""

    KIND: ClassVar[Kind] = Kind.CHANGES
    TABLE: ClassVar[str] = "change"
    LABEL: ClassVar[str] = N_("change")
    title: str = F.text()
    process: str | None = F.ref("processes")
    impact: str = F.text()
    look: str = F.text()
    response: str = F.text()
    find_out: str = F.text()
    feedback: str = F.text()
    risk: str | None = F.choice(RISK, None, nullable=True)  # unset until judged
    owner: str = F.text()
    decision: str = F.text()


@record
class Recognition(Entity):
    """A Customer Champion call-out: who is thanked, by whom, for what."""

    KIND: ClassVar[Kind] = Kind.RECOGNITIONS
    TABLE: ClassVar[str] = "recognition"
    LABEL: ClassVar[str] = N_("recognition")
    nominee: str = F.text()
    nominator: str = F.text()
    behaviour: str = F.text()
    date: str | None = F.date()


@record
class Action(Entity):
    """An action: what, who owns it, by when, for which process, its status."""

    KIND: ClassVar[Kind] = Kind.ACTIONS
    TABLE: ClassVar[str] = "action"
    LABEL: ClassVar[str] = N_("action")
    text: str = F.text()
    owner: str = F.text()
    due: str | None = F.date()
    process: str | None = F.ref("processes")
    status: str = F.choice(ACTION_STATUS, "open")
    kind: str = F.choice(ACTION_KINDS, "action")
    #: for a go-and-see: who goes, and the customer-facing colleague they go with
    person: str | None = F.ref("participants", cascade=False)
    host: str | None = F.ref("participants", cascade=False)


@record
class AgendaItem(Entity):
    """One step of the workshop agenda, with planned and actually spent time."""

    KIND: ClassVar[Kind] = Kind.AGENDA
    TABLE: ClassVar[str] = "agenda_item"
    LABEL: ClassVar[str] = N_("agenda step")
    title: str = F.text()
    planned_minutes: int = F.integer(10, minimum=0)
    actual_seconds: int | None = F.integer(None, minimum=0, nullable=True)


@record
class Metric(Entity):
    """A number someone watches: what the customer feels (outside-in) or what a
    department measures of its own work (inside-out)."""

    KIND: ClassVar[Kind] = Kind.METRICS
    TABLE: ClassVar[str] = "metric"
    LABEL: ClassVar[str] = N_("metric")
    name: str = F.text()
    kind: str = F.choice(METRIC_KINDS, "inside_out")
    department: str | None = F.ref("departments")
    unit: str = F.text()
    target: float | None = F.number(None, nullable=True)
    current: float | None = F.number(None, nullable=True)
    previous: float | None = F.number(None, nullable=True)
    better: str = F.choice(METRIC_BETTER, "higher")
    notes: str = F.text()


@record
class MetricLink(Entity):
    """A metric measures, or is moved by, a process."""

    KIND: ClassVar[Kind] = Kind.METRIC_LINKS
    TABLE: ClassVar[str] = "metric_link"
    LABEL: ClassVar[str] = N_("metric link")
    metric: str = F.ref("metrics", nullable=False, defines_row=True, cascade=True)
    process: str = F.ref("processes", nullable=False, defines_row=True, cascade=True)


@record
class Nps(Entity):
    """Net Promoter Score counts for the session, a department or a process."""

    KIND: ClassVar[Kind] = Kind.NPS
    TABLE: ClassVar[str] = "nps"
    LABEL: ClassVar[str] = N_("NPS result")
    scope: str = F.choice(NPS_SCOPES, "session")
    department: str | None = F.ref("departments", cascade=True)
    process: str | None = F.ref("processes", cascade=True)
    survey: str = F.text()
    promoters: int = F.integer(0, minimum=0)
    passives: int = F.integer(0, minimum=0)
    detractors: int = F.integer(0, minimum=0)


@record
class ParkingItem(Entity):
    """A question or idea that belongs to no process (the parking lot)."""

    KIND: ClassVar[Kind] = Kind.PARKING_LOT
    TABLE: ClassVar[str] = "parking_item"
    LABEL: ClassVar[str] = N_("parking-lot item")
    text: str = F.text()
    kind: str = F.choice(PARKING_KINDS, "question")
    owner: str = F.text()
    status: str = F.choice(PARKING_STATUS, "open")


@record
class Ballot(Entity):
    """One dot a participant placed on a process from a phone (the room link).

    ``Process.votes`` counts every dot, including those the facilitator adds by
    hand; ballots say whose dots they are, so a person's budget can be kept.
    """

    KIND: ClassVar[Kind] = Kind.BALLOTS
    TABLE: ClassVar[str] = "ballot"
    LABEL: ClassVar[str] = N_("ballot")
    participant: str = F.ref("participants", nullable=False, defines_row=True, cascade=True)
    process: str = F.ref("processes", nullable=False, defines_row=True, cascade=True)


ENTITY_CLASSES: tuple[type[Entity], ...] = (
    Department, Participant, Story, Process, Link, Note, Placement, Member, Change,
    Recognition, Action, AgendaItem, Metric, MetricLink, Nps, ParkingItem, Ballot)
KINDS: dict[str, type[Entity]] = {cls.KIND: cls for cls in ENTITY_CLASSES}


def _whole_number(low: int, high: int) -> str:
    return tr("must be a whole number from {low} to {high}").format(low=low, high=high)


@record
class SessionInfo:
    """The session's own fields (one per file)."""

    title: str = "Untitled workshop"
    organization: str = ""
    date: str | None = None
    location: str = ""
    facilitator: str = ""
    notes: str = ""
    stages: tuple[str, ...] = DEFAULT_STAGES
    vote_budget: int = DEFAULT_VOTE_BUDGET
    prompts: tuple[str, ...] = DEFAULT_PROMPTS
    roster_min_size: int = 10  # advisory group composition rules (model/roster.py)
    roster_max_size: int = 12
    roster_max_share: float = 0.25
    room: RoomState = DEFAULT_ROOM  # what the room is doing now (model/room.py)
    vote_members: bool = True       # advisory members marked present vote too
    hide_empty_lanes: bool = False  # the map leaves out departments with no process

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = (
        "title", "organization", "location", "facilitator", "notes")

    def replace(self, **changes: Any) -> SessionInfo:
        for key in ("stages", "prompts"):
            if key in changes and isinstance(changes[key], list):
                changes[key] = tuple(changes[key])
        if isinstance(changes.get("room"), dict):
            changes["room"] = RoomState.from_dict(changes["room"])
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["stages"] = list(self.stages)
        d["prompts"] = list(self.prompts)
        d["room"] = self.room.to_dict() if isinstance(self.room, RoomState) else self.room
        return d

    def problems(self) -> list[tuple[str, str]]:
        out = []
        for name in self.TEXT_FIELDS:
            if not isinstance(getattr(self, name), str):
                out.append((name, tr("must be a string")))
            elif not F.is_unicode(getattr(self, name)):
                out.append((name, tr(F.NOT_UNICODE)))
            elif msg := F.too_long(getattr(self, name), F.text_limit(name)):
                out.append((name, msg))
        from .fields import is_valid_date
        if self.date is not None and not is_valid_date(self.date):
            out.append(("date", tr("must be a date YYYY-MM-DD, not {value}").format(
                value=repr(self.date))))
        if (not isinstance(self.stages, tuple) or len(self.stages) != STAGE_COUNT
                or not all(isinstance(s, str) for s in self.stages)):
            out.append(("stages", tr("must be a list of {n} names").format(n=STAGE_COUNT)))
        elif not all(F.is_unicode(s) for s in self.stages):
            out.append(("stages", tr(F.NOT_UNICODE)))
        elif any(len(s) > F.NAME_MAX for s in self.stages):
            out.append(("stages", tr("names must be at most {n} characters long").format(
                n=F.NAME_MAX)))
        if (isinstance(self.vote_budget, bool) or not isinstance(self.vote_budget, int)
                or not 0 <= self.vote_budget <= 100):
            out.append(("vote_budget", _whole_number(0, 100)))
        if (not isinstance(self.prompts, tuple) or len(self.prompts) != len(DEFAULT_PROMPTS)
                or not all(isinstance(s, str) for s in self.prompts)):
            out.append(("prompts", tr("must be a list of {n} texts").format(
                n=len(DEFAULT_PROMPTS))))
        elif not all(F.is_unicode(s) for s in self.prompts):
            out.append(("prompts", tr(F.NOT_UNICODE)))
        elif any(len(s) > F.TEXT_MAX for s in self.prompts):
            out.append(("prompts", tr("must be at most {n} characters each").format(
                n=f"{F.TEXT_MAX:,}")))
        for name, top in (("roster_min_size", 1000), ("roster_max_size", 1000)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
                out.append((name, _whole_number(1, top)))
        if (isinstance(self.roster_min_size, int) and isinstance(self.roster_max_size, int)
                and self.roster_max_size < self.roster_min_size):
            out.append(("roster_max_size", tr("must be at least roster_min_size")))
        share = self.roster_max_share
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
            out.append(("roster_max_share", tr("must be a number above 0 and at most 1")))
        for name in ("vote_members", "hide_empty_lanes"):
            if not isinstance(getattr(self, name), bool):
                out.append((name, tr("must be true or false")))
        if not isinstance(self.room, RoomState):
            out.append(("room", tr("must be a room state")))
        else:
            out.extend((f"room.{name}", msg) for name, msg in self.room.problems())
        return out
