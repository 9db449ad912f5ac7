"""Named domain operations: what a person can do to a workshop, as a :class:`Change`.

Every caller that changes a session — the pages, the map, the CLI, the importers,
the room link — asks one of these for the change and hands it to the document
(``document.do(change)``) or, without Qt, to :meth:`Workshop.apply`. A
:class:`Change` is a list of ops with the sentence the undo menu shows; an
operation that breaks a rule (:mod:`.rules`) raises :class:`Refused` with a
sentence for the user and changes nothing.

Operations read the current session (``w``) and never change it themselves.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Hashable, Iterable
from typing import Any, TypeVar

from ..i18n import ngettext, tr
from . import rules
from .entities import (
    CONTACT,
    KINDS,
    NOTE_KINDS,
    OUTCOME,
    RECENCY,
    Action,
    Ballot,
    Department,
    Entity,
    Link,
    Metric,
    MetricLink,
    Note,
    Nps,
    ParkingItem,
    Participant,
    Placement,
    Process,
    Recognition,
    Story,
    new_id,
)
from .entities import Change as ChangeRow
from .fields import is_valid_date
from .rules import Refused
from .workshop import SESSION, Add, Move, Op, Remove, Update, Workshop

E = TypeVar("E", bound=Entity)

__all__ = ["Change", "Refused", "add", "add_action", "add_change", "add_department",
           "add_link", "add_member", "add_note", "add_participant", "add_process",
           "call_out", "edit", "edit_session", "move", "move_process", "place_person",
           "remove", "rename", "reorder", "set_department", "submit_story", "unplace_person",
           "unvote", "vote", "add_metric", "link_metric", "add_nps", "park",
           "plan_go_and_see", "story_of", "ballots_of", "votes_left_for",
           "STORY_FIELDS"]

#: Longest text a participant may send for one field from a phone (characters).
TEXT_LIMIT = 2000
#: Longest name (participant, nominee) sent from a phone.
NAME_LIMIT = 120
#: Story fields a participant answers (the session's prompts, plus when and how it ended).
STORY_FIELDS = ("contact", "recency", "when", "customer", "challenge", "resolution",
                "outcome", "quote")


class Change(list[Op]):
    """Ops that go together (one undo step), with the text the undo menu shows.

    ``merge_key``: consecutive changes with the same key merge into one undo step
    (typing into one field).
    """

    def __init__(self, ops: Iterable[Op] = (), text: str = "",
                 merge_key: Hashable | None = None):
        super().__init__(ops)
        self.text = text
        self.merge_key = merge_key

    def __repr__(self) -> str:
        return f"Change({self.text!r}, {list.__repr__(self)})"


def _check(kind: str, values: dict[str, Any]) -> None:
    for name, value in values.items():
        problem = rules.field_problem(kind, name, value)
        if problem:
            raise Refused(problem)


def _row(w: Workshop, kind: type[E], id: str) -> E:
    row = w.get(kind, id)
    if row is None:
        raise Refused(tr("That {thing} is no longer in the workshop.").format(
            thing=tr(kind.LABEL)))
    return row


def _text(name: str, value: Any, limit: int = TEXT_LIMIT, required: bool = False) -> str:
    """Typed text checked as it arrives from outside (a phone): text, valid, bounded."""
    if not isinstance(value, str):
        raise Refused(f"{name} must be text", "invalid", name)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(f"{name} is not valid text", "invalid", name) from None
    clean: str = value.strip()
    if len(clean) > limit:
        raise Refused(f"{name} is too long ({len(clean)} characters; at most {limit})",
                      "too_long", name)
    if required and not clean:
        raise Refused(f"{name} is required", "required", name)
    return clean


def _choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise Refused(f"{name} must be one of {', '.join(choices)}", "invalid", name)
    chosen: str = value
    return chosen


def _new_id(value: str | None) -> str:
    if value is None:
        return new_id()
    if not isinstance(value, str) or not value:
        raise Refused("id must be a non-empty string", "invalid", "id")
    return value


def _person(w: Workshop, participant: Any) -> Participant:
    p = w.table(Participant).get(participant) if isinstance(participant, str) else None
    if p is None:
        raise Refused(tr("This participant is not in the workshop."), "unknown_participant",
                      "participant")
    return p


def _process(w: Workshop, process: Any) -> Process:
    p = w.table(Process).get(process) if isinstance(process, str) else None
    if p is None:
        raise Refused(tr("This process is not on the map."), "unknown_process", "process")
    return p


# -- generic ----------------------------------------------------------------------------
def add(w: Workshop, *entities: Entity, text: str | None = None) -> Change:
    """Add ``entities`` (in this order) as one step."""
    for e in entities:
        _check(e.KIND, {name: getattr(e, name) for name in rules.ruled_fields(e.KIND)})
    what = text or (tr("Add {thing}").format(thing=tr(entities[0].LABEL)) if len(entities) == 1
                    else tr("Add {n} items").format(n=len(entities)))
    return Change([Add(e) for e in entities], what)


def edit(w: Workshop, kind: str, id: str | None, values: dict[str, Any] | None = None, *,
         text: str | None = None, merge: bool = False, **fields: Any) -> Change:
    """Change fields of one row (``kind`` SESSION for session fields).

    Fields come as keywords or, for names taken by this function's own
    parameters (``text``), in ``values``. Fields that already hold the value are
    left out; the change is empty when nothing differs.
    """
    current: Any = w.info if kind == SESSION else _row(w, KINDS[kind], id or "")
    changed = {k: v for k, v in {**(values or {}), **fields}.items()
               if getattr(current, k) != v}
    if not changed:
        return Change([], text or "")
    if kind != SESSION:
        _check(kind, changed)
    what = text or tr("Edit {fields}").format(
        fields=", ".join(f.replace("_", " ") for f in changed))
    return Change([Update(kind, id, changed)], what,
                  (kind, id, tuple(changed)) if merge else None)


def edit_session(w: Workshop, text: str | None = None, **fields: Any) -> Change:
    """Change the session's own fields (title, stages, vote budget, …)."""
    return edit(w, SESSION, None, fields, text=text)


def remove(w: Workshop, items: Iterable[tuple[str, str]], text: str | None = None) -> Change:
    """Delete ``items`` (``(kind, id)``) and what depends on them, as one step."""
    items = list(items)
    ops = w.removal_ops(items)
    if text is None and items:
        kind = items[0][0]
        text = (ngettext("Delete {thing}", "Delete {n} {things}", 1).format(
                    thing=tr(KINDS[kind].LABEL)) if len(items) == 1
                else tr("Delete {n} items").format(n=len(items)))
    return Change(ops, text or "")


def rename(w: Workshop, kind: str, id: str, name: str) -> Change:
    """Give a row a new name (its title or text, whichever names it)."""
    field = next((f for (k, f) in rules.REQUIRED if k == kind), "name")
    new = rules.require(kind, field, name)
    return edit(w, kind, id, {field: new}, text=tr("Rename {thing} to {name}").format(
        thing=tr(KINDS[kind].LABEL), name=new))


def reorder(w: Workshop, kind: str, id: str, before: str | None,
            text: str | None = None) -> Change:
    """Move a row in front of the row ``before`` (or to the end) of its list."""
    _row(w, KINDS[kind], id)
    return Change([Move(kind, id, before)], text or f"Reorder {KINDS[kind].LABEL}s")


def move(w: Workshop, positions: Iterable[tuple[str, str, dict[str, Any]]], text: str,
         merge_key: Hashable | None = None) -> Change:
    """Put several boxes and notes where a drag left them: ``(kind, id, fields)``."""
    ops: list[Op] = []
    for kind, id, fields in positions:
        row = _row(w, KINDS[kind], id)
        changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
        if changed:
            ops.append(Update(kind, id, changed))
    return Change(ops, text, merge_key)


# -- departments -----------------------------------------------------------------------
def add_department(w: Workshop, name: str, color: str | None = None) -> Change:
    """A new lane on the map; a name the workshop has already (any case) is refused."""
    clean = rules.require("departments", "name", name)
    if rules.find_department(w, clean) is not None:
        raise Refused(tr("There is a department called {name} already.").format(name=clean))
    return Change([Add(rules.new_department(w, clean, color=color))], tr("Add department"))


def set_department(w: Workshop, kind: str, id: str, department: str | None) -> Change:
    """Put a participant, member or process in ``department``: an id, a name (matched
    case- and space-insensitively, created when new) or None/"" for none."""
    row = _row(w, KINDS[kind], id)
    label = getattr(row, "name", "") or tr(KINDS[kind].LABEL)
    if not department:
        return edit(w, kind, id, department=None,
                    text=tr("Clear department of {name}").format(name=label))
    if department in w.table(Department):
        return edit(w, kind, id, department=department,
                    text=tr("Move {name}").format(name=label))
    found = rules.find_department(w, department)
    if found is not None:
        return edit(w, kind, id, department=found, text=tr("Move {name}").format(name=label))
    dept = rules.new_department(w, department)
    return Change([Add(dept), Update(kind, id, {"department": dept.id})],
                  tr("Move {name} to new department {department}").format(
                      name=label, department=dept.name))


def _department_ops(w: Workshop, name: str | None,
                    created: list[Department]) -> tuple[str | None, list[Op]]:
    """The department id for ``name``, and the op creating it when it is new."""
    if not rules.clean(name):
        return None, []
    found = rules.find_department(w, name, created)
    if found is not None:
        return found, []
    dept = rules.new_department(w, name or "", created)
    created.append(dept)
    return dept.id, [Add(dept)]


# -- people --------------------------------------------------------------------------------
def add_participant(w: Workshop, name: str, department: str | None = None, role: str = "",
                    customer_facing: bool = False, email: str = "",
                    participant_id: str | None = None) -> Change:
    """A person in the room; ``department`` is a name (a new one is created).

    ``participant_id``: the new row's id when the caller must know it (a phone's
    "I'm not on the list", approved by the facilitator).
    """
    clean = rules.require("participants", "name", _text("name", name, NAME_LIMIT))
    email = email.strip()
    _check("participants", {"email": email})
    dept_id, ops = _department_ops(w, department, [])
    person = Participant(_new_id(participant_id), clean, dept_id, rules.clean(role),
                         customer_facing, email)
    return Change([*ops, Add(person)], tr("Add participant {name}").format(name=clean))


def add_people(w: Workshop, people: Iterable[Entity],
               departments: Iterable[Department] = (), text: str | None = None) -> Change:
    """Add many people (a paste or a CSV import) and the departments they need."""
    people, departments = list(people), list(departments)
    used = {getattr(p, "department", None) for p in people}
    entities = [*(d for d in departments if d.id in used), *people]
    n = len(people)
    kind = people[0].LABEL if people else ""
    what = text or (ngettext("Add {n} participant", "Add {n} participants", n) if
                    kind == "participant" else
                    ngettext("Add {n} member", "Add {n} members", n) if kind == "member" else
                    tr("Add {n} items")).format(n=n)
    return add(w, *entities, text=what)


def add_member(w: Workshop, name: str, department: str | None = None, role: str = "",
               frontline: bool = True, location: str = "", tenure_years: float | None = None,
               email: str = "", notes: str = "") -> Change:
    """A member of the employee advisory group; ``department`` is a name."""
    from .entities import Member
    clean = rules.require("members", "name", name)
    email = email.strip()
    _check("members", {"email": email})
    dept_id, ops = _department_ops(w, department, [])
    member = Member(new_id(), clean, dept_id, rules.clean(role), frontline,
                    rules.clean(location), tenure_years, email, notes)
    return Change([*ops, Add(member)], tr("Add member {name}").format(name=clean))


def story_of(w: Workshop, participant: str) -> Story | None:
    """The participant's answer (their first, as the statistics count it)."""
    for story in w.table(Story).values():
        if story.participant == participant:
            return story
    return None


def submit_story(w: Workshop, participant: str, story_id: str | None = None,
                 today: str | None = None, **fields: Any) -> Change:
    """Set fields of the participant's answer (their last customer served).

    The first answer creates the story (with id ``story_id`` if given); later
    ones change it. ``fields`` may hold any of :data:`STORY_FIELDS`, checked as
    text from outside would be; a date in ``when`` without a ``recency`` sets
    it, as seen from ``today`` (default: the workshop's date, else the real
    today). Empty when nothing changes.
    """
    from .stats import recency_for_date
    person = _person(w, participant)
    unknown = sorted(set(fields) - set(STORY_FIELDS))
    if unknown:
        raise Refused(f"unknown field {unknown[0]}", "invalid", unknown[0])
    values: dict[str, Any] = {}
    for name in ("customer", "challenge", "resolution", "quote"):
        if name in fields:
            values[name] = _text(name, fields[name])
    for name, choices in (("contact", CONTACT), ("outcome", OUTCOME), ("recency", RECENCY)):
        if name in fields:
            values[name] = _choice(name, fields[name], choices)
    if "when" in fields:
        when = fields["when"] or None
        if when is not None and not is_valid_date(when):
            raise Refused("when must be a date YYYY-MM-DD", "invalid", "when")
        values["when"] = when
        if when is not None and "recency" not in fields:
            values["recency"] = recency_for_date(
                when, today or w.info.date or _dt.date.today().isoformat())
    story = story_of(w, participant)
    text = f"Answer of {person.name}"
    if story is None:
        return add(w, Story(_new_id(story_id), participant, **values), text=text)
    return edit(w, "stories", story.id, values, text=text)


def place_person(w: Workshop, participant: str, process: str,
                 statement: str | None = None) -> Change:
    """Put a participant on a process of the map (moving their placement if any)."""
    person = _row(w, Participant, participant)
    _row(w, Process, process)
    name = getattr(person, "name", "")
    current = next((pl for pl in w.all(Placement) if pl.participant == participant), None)
    if current is None:
        return Change([Add(Placement(new_id(), participant, process,
                                     (statement or "").strip()))],
                      tr("Place {name} on the map").format(name=name))
    fields: dict[str, Any] = {"process": process}
    if statement is not None:
        fields["statement"] = statement.strip()
    return edit(w, "placements", current.id, fields,
                text=tr("Move {name} on the map").format(name=name))


def unplace_person(w: Workshop, participant: str) -> Change:
    """Take a participant off the map."""
    ids = [pl.id for pl in w.all(Placement) if pl.participant == participant]
    return remove(w, [("placements", i) for i in ids], text=tr("Remove from the map"))


# -- the map ----------------------------------------------------------------------------
def add_process(w: Workshop, name: str, department: str | None, stage: int,
                x: float = 0.0, y: float = 0.0, **fields: Any) -> Change:
    """A box in the cell of ``department`` (an id or None) × ``stage``."""
    process = Process(new_id(), rules.require("processes", "name", name), department, stage,
                      x=x, y=y, **fields)
    return add(w, process, text=tr("Add process"))


def move_process(w: Workshop, pid: str, x: float, y: float,
                 cell: tuple[str | None, int] | None = None) -> Change:
    """Move a box; with ``cell`` (department id or None, stage) into another cell."""
    fields: dict[str, Any] = {"x": x, "y": y}
    if cell is not None:
        fields["department"], fields["stage"] = cell
    return move(w, [("processes", pid, fields)], tr("Move process"))


def add_link(w: Workshop, upstream: str, downstream: str, label: str = "") -> Change:
    """``upstream`` feeds into ``downstream``."""
    if upstream == downstream:
        raise Refused(tr("A process cannot feed into itself."))
    _row(w, Process, upstream)
    _row(w, Process, downstream)
    if w.find_link(upstream, downstream) is not None:
        raise Refused(tr("These processes are linked already."))
    return Change([Add(Link(new_id(), upstream, downstream, label))], tr("Link processes"))


def add_note(w: Workshop, text: str = "", kind: str = "pain", process: str | None = None,
             x: float = 0.0, y: float = 0.0, note_id: str | None = None) -> Change:
    """A sticky note (pain, idea, question) on a process, or free on the map."""
    if process is not None:
        _process(w, process)
    kind = _choice("kind", kind, NOTE_KINDS)
    if not isinstance(text, str) or len(text) > TEXT_LIMIT:
        _text("text", text)  # says what is wrong with it
    return add(w, Note(_new_id(note_id), process, kind, text, x, y), text=tr("Add note"))


def _votes_left(w: Workshop) -> int:
    from .voting import votes_left
    return votes_left(w)


def ballots_of(w: Workshop, participant: str) -> list[Ballot]:
    """The dots this participant placed (from a phone)."""
    return [b for b in w.table(Ballot).values() if b.participant == participant]


def votes_left_for(w: Workshop, participant: str) -> int:
    """How many dots this participant may still place (the session's budget each)."""
    return max(w.info.vote_budget - len(ballots_of(w, participant)), 0)


def vote(w: Workshop, pid: str, participant: str | None = None,
         ballot_id: str | None = None) -> Change:
    """One dot vote on a process.

    Without ``participant``, within the room's budget (the facilitator clicking
    on the map); with it, as that person's dot (a :class:`Ballot`), within
    their own budget of ``vote_budget``.
    """
    p = _process(w, pid) if participant is not None else _row(w, Process, pid)
    votes = getattr(p, "votes", 0) + 1
    if participant is None:
        if _votes_left(w) <= 0:
            from .voting import voters
            if not voters(w):
                raise Refused(tr("Nobody votes yet: add participants, or mark advisory "
                                 "group members present."))
            raise Refused(tr("No votes left: the room has used its whole budget."))
        return edit(w, "processes", pid, votes=votes, text=tr("Add vote"))
    person = _person(w, participant)
    if ballot_id is not None and ballot_id in w.table(Ballot):
        raise Refused(tr("This vote was counted already."), "duplicate", "id")
    if votes_left_for(w, participant) <= 0:
        raise Refused(ngettext("Your {n} vote is placed; take it back to vote again.",
                               "All {n} votes are placed; take one back to vote again.",
                               w.info.vote_budget).format(n=w.info.vote_budget),
                      "budget_spent", "process")
    return Change([Add(Ballot(_new_id(ballot_id), participant, pid)),
                   Update("processes", pid, {"votes": votes})],
                  f"Vote of {person.name} on {p.name}")


def unvote(w: Workshop, pid: str | None = None, participant: str | None = None,
           ballot: str | None = None) -> Change:
    """Take one dot vote back from a process.

    With ``participant``: one of their own dots — the ballot ``ballot``, or
    their latest on ``pid``.
    """
    if participant is None:
        p = _row(w, Process, pid or "")
        votes = getattr(p, "votes", 0)
        if votes <= 0:
            raise Refused(tr("This process has no votes to take back."))
        return edit(w, "processes", pid, votes=votes - 1, text=tr("Remove vote"))
    person = _person(w, participant)
    mine = ballots_of(w, participant)
    if ballot is not None:
        mine = [b for b in mine if b.id == ballot]
    else:
        mine = [b for b in mine if b.process == _process(w, pid).id]
    if not mine:
        raise Refused(tr("You have no such vote."), "no_vote", "process")
    target = w.table(Process)[mine[-1].process]
    return Change([Remove("ballots", mine[-1].id),
                   Update("processes", target.id, {"votes": max(target.votes - 1, 0)})],
                  f"Vote of {person.name} taken back from {target.name}")

# -- after the map -------------------------------------------------------------------------
def call_out(w: Workshop, nominee: str, behaviour: str, nominator: str = "",
             date: str | None = None, recognition_id: str | None = None) -> Change:
    """A Customer Champion call-out: who did what for a customer."""
    who = rules.require("recognitions", "nominee", _text("nominee", nominee, NAME_LIMIT))
    what = _text("behaviour", behaviour or "")
    if not what:
        raise Refused(tr("What did {name} do for a customer? A call-out needs the "
                         "behaviour, in a sentence or two.").format(name=who),
                      "required", "behaviour")
    if date is not None and not is_valid_date(date):
        raise Refused("date must be a date YYYY-MM-DD", "invalid", "date")
    rec = Recognition(_new_id(recognition_id), who,
                      rules.clean(_text("nominator", nominator, NAME_LIMIT)), what, date)
    return add(w, rec, text=tr("Call out {name}").format(name=who))


def add_action(w: Workshop, text: str, owner: str = "", due: str | None = None,
               process: str | None = None, kind: str | None = None) -> Change:
    """An action with its owner, due date and (optionally) the process it is about."""
    what = (text or "").strip()
    if not what:
        raise Refused(rules.required_message("actions", "text"))
    extra = {"kind": kind} if kind is not None else {}
    action = Action(new_id(), what, rules.clean(owner), due, process, "open", **extra)
    return add(w, action, text=tr("Add action"))


def add_change(w: Workshop, title: str, process: str | None = None,
               **fields: Any) -> Change:
    """A change to think through with the 5 Hows."""
    clean = rules.require("changes", "title", title)
    return add(w, ChangeRow(new_id(), clean, process, **fields),
               text=tr("Add change “{title}”").format(title=clean))


# -- metrics, NPS, parking lot, go and see ---------------------------------------------------
def add_metric(w: Workshop, name: str, kind: str = "inside_out",
               department: str | None = None, **fields: Any) -> Change:
    """A metric: what the customer feels (``outside_in``) or a department measures."""
    clean = rules.require("metrics", "name", name)
    metric = Metric(new_id(), clean, kind, department, **fields)
    return add(w, metric, text=tr("Add metric “{name}”").format(name=clean))


def link_metric(w: Workshop, metric: str, process: str) -> Change:
    """Say that ``metric`` measures, or is moved by, ``process``."""
    m = _row(w, Metric, metric)
    p = _row(w, Process, process)
    if any(ml.metric == metric and ml.process == process
           for ml in w.table(MetricLink).values()):
        raise Refused(tr("“{metric}” is linked to “{process}” already.").format(
            metric=m.name, process=p.name))
    return add(w, MetricLink(new_id(), metric, process),
               text=tr("Link “{name}” to a process").format(name=m.name))


def add_nps(w: Workshop, scope: str, target: str | None, promoters: int, passives: int,
            detractors: int, survey: str = "") -> Change:
    """An NPS result for the session, a department or a process (``target``)."""
    if promoters + passives + detractors <= 0:
        raise Refused(tr("Type how many promoters, passives and detractors answered."))
    row = Nps(new_id(), scope, target if scope == "department" else None,
              target if scope == "process" else None, rules.clean(survey),
              promoters, passives, detractors)
    return add(w, row, text=tr("Add NPS result"))


def park(w: Workshop, text: str, kind: str = "question", owner: str = "") -> Change:
    """Put a question or idea that belongs to no process on the parking lot."""
    clean = rules.require("parking_lot", "text", text)
    item = ParkingItem(new_id(), clean, kind, rules.clean(owner), "open")
    return add(w, item, text=tr("Park a question or idea"))


def plan_go_and_see(w: Workshop, person: str, host: str | None = None,
                    process: str | None = None, due: str | None = None,
                    text: str = "") -> Change:
    """A ride-along or shadowing: ``person`` goes with ``host`` to ``process`` on ``due``."""
    who = _row(w, Participant, person)
    if host is not None and host == person:
        raise Refused(tr("Someone cannot shadow themselves: choose a colleague."))
    if host is not None:
        _row(w, Participant, host)
    where = _row(w, Process, process).name if process else ""
    what = rules.clean(text) or (tr("Go and see: {text}").format(text=where) if where
                                 else tr("Go and see a customer"))
    action = Action(new_id(), what, who.name, due, process, "open", "go_and_see", person, host)
    return add(w, action, text=tr("Plan a go-and-see"))
