"""Named domain operations: each returns the op list for :meth:`Workshop.apply`.

They are how the GUI, the command line and the room link ask for a change, so
a rule (a vote budget, one answer per person) lives here once. An operation
checks what only it knows and raises :class:`Refused` with a message a person
can act on; the workshop's own validation checks every field when the ops are
applied.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from .entities import (CONTACT, NOTE_KINDS, OUTCOME, RECENCY, Ballot, Note, Participant,
                       Recognition, Story, new_id)
from .fields import is_valid_date
from .workshop import Add, Op, Remove, Update, Workshop

#: Longest text a participant may send for one field (characters).
TEXT_LIMIT = 2000
#: Longest name (participant, nominee).
NAME_LIMIT = 120

#: Story fields a participant answers (the session's prompts, plus when and how it ended).
STORY_FIELDS = ("contact", "recency", "when", "customer", "challenge", "resolution",
                "outcome", "quote")


class Refused(ValueError):
    """An operation that does not fit the session: ``code`` for programs,
    ``field`` (or None) and a message for people."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message


def _text(name: str, value: Any, limit: int = TEXT_LIMIT, required: bool = False) -> str:
    if not isinstance(value, str):
        raise Refused("invalid", f"{name} must be text", name)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused("invalid", f"{name} is not valid text", name) from None
    value = value.strip()
    if len(value) > limit:
        raise Refused("too_long", f"{name} is too long ({len(value)} characters; "
                      f"at most {limit})", name)
    if required and not value:
        raise Refused("required", f"{name} is required", name)
    return value


def _choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise Refused("invalid", f"{name} must be one of {', '.join(choices)}", name)
    return value


def _participant(w: Workshop, participant: str) -> Participant:
    p = w.tables["participants"].get(participant) if isinstance(participant, str) else None
    if p is None:
        raise Refused("unknown_participant", "this participant is not in the session",
                      "participant")
    return p


def _process(w: Workshop, process: Any):
    p = w.tables["processes"].get(process) if isinstance(process, str) else None
    if p is None:
        raise Refused("unknown_process", "this process is not on the map", "process")
    return p


def _new_id(value: str | None) -> str:
    if value is None:
        return new_id()
    if not isinstance(value, str) or not value:
        raise Refused("invalid", "id must be a non-empty string", "id")
    return value


def story_of(w: Workshop, participant: str) -> Story | None:
    """The participant's story (their first, as the statistics count it)."""
    for story in w.tables["stories"].values():
        if story.participant == participant:
            return story
    return None


def add_participant(w: Workshop, name: str, participant_id: str | None = None,
                    department: str | None = None) -> list[Op]:
    """Add a person to the participants list (e.g. approved from a phone)."""
    name = _text("name", name, NAME_LIMIT, required=True)
    if department is not None and department not in w.tables["departments"]:
        raise Refused("unknown_department", "this department is not in the session",
                      "department")
    return [Add(Participant(_new_id(participant_id), name=name, department=department))]


def submit_story(w: Workshop, participant: str, answers: Mapping[str, Any],
                 story_id: str | None = None, today: str | None = None) -> list[Op]:
    """Set a participant's "last customer" answer: add it, or change their one answer.

    ``answers`` may hold any of :data:`STORY_FIELDS`; a date in ``when`` sets
    ``recency`` from it (as seen from ``today``, default the real today).
    An answer that changes nothing returns no ops.
    """
    from .stats import recency_for_date
    _participant(w, participant)
    unknown = sorted(set(answers) - set(STORY_FIELDS))
    if unknown:
        raise Refused("invalid", f"unknown field {unknown[0]}", unknown[0])
    values: dict[str, Any] = {}
    for name in ("customer", "challenge", "resolution", "quote"):
        if name in answers:
            values[name] = _text(name, answers[name])
    if "contact" in answers:
        values["contact"] = _choice("contact", answers["contact"], CONTACT)
    if "outcome" in answers:
        values["outcome"] = _choice("outcome", answers["outcome"], OUTCOME)
    if "recency" in answers:
        values["recency"] = _choice("recency", answers["recency"], RECENCY)
    if "when" in answers:
        when = answers["when"] or None
        if when is not None and not is_valid_date(when):
            raise Refused("invalid", "when must be a date YYYY-MM-DD", "when")
        values["when"] = when
        if when is not None:
            values["recency"] = recency_for_date(
                when, today or _dt.date.today().isoformat())
    current = story_of(w, participant)
    if current is None:
        return [Add(Story(_new_id(story_id), participant=participant, **values))]
    changed = {k: v for k, v in values.items() if getattr(current, k) != v}
    return [Update("stories", current.id, changed)] if changed else []


def ballots_of(w: Workshop, participant: str) -> list[Ballot]:
    return [b for b in w.tables["ballots"].values() if b.participant == participant]


def votes_left_for(w: Workshop, participant: str) -> int:
    """How many dots this participant may still place (the session's budget each)."""
    return max(w.info.vote_budget - len(ballots_of(w, participant)), 0)


def vote(w: Workshop, participant: str, process: str, ballot_id: str | None = None
         ) -> list[Op]:
    """Place one of the participant's dots on a process (within their budget)."""
    _participant(w, participant)
    p = _process(w, process)
    if ballot_id is not None and ballot_id in w.tables["ballots"]:
        raise Refused("duplicate", "this vote was counted already", "id")
    if votes_left_for(w, participant) <= 0:
        raise Refused("budget_spent", f"all {w.info.vote_budget} votes are placed; "
                      "take one back to vote again", "process")
    return [Add(Ballot(_new_id(ballot_id), participant=participant, process=p.id)),
            Update("processes", p.id, {"votes": p.votes + 1})]


def unvote(w: Workshop, participant: str, process: str | None = None,
           ballot: str | None = None) -> list[Op]:
    """Take back one of the participant's dots: the ballot ``ballot``, or the
    latest one on ``process``."""
    _participant(w, participant)
    mine = ballots_of(w, participant)
    if ballot is not None:
        mine = [b for b in mine if b.id == ballot]
    else:
        pid = _process(w, process).id
        mine = [b for b in mine if b.process == pid]
    if not mine:
        raise Refused("no_vote", "you have no such vote", "process")
    p = w.tables["processes"][mine[-1].process]
    return [Remove("ballots", mine[-1].id),
            Update("processes", p.id, {"votes": max(p.votes - 1, 0)})]


def add_note(w: Workshop, process: str | None, kind: str, text: str,
             note_id: str | None = None) -> list[Op]:
    """Put a sticky note (pain point, idea, question) on a process."""
    p = _process(w, process) if process is not None else None
    kind = _choice("kind", kind, NOTE_KINDS)
    text = _text("text", text, required=True)
    return [Add(Note(_new_id(note_id), process=p.id if p else None, kind=kind, text=text))]


def call_out(w: Workshop, nominee: str, nominator: str, behaviour: str,
             date: str | None = None, recognition_id: str | None = None) -> list[Op]:
    """Recognise a colleague's customer-focused behaviour (a Customer Champion card)."""
    nominee = _text("nominee", nominee, NAME_LIMIT, required=True)
    nominator = _text("nominator", nominator, NAME_LIMIT)
    behaviour = _text("behaviour", behaviour, required=True)
    if date is not None and not is_valid_date(date):
        raise Refused("invalid", "date must be a date YYYY-MM-DD", "date")
    return [Add(Recognition(_new_id(recognition_id), nominee=nominee, nominator=nominator,
                            behaviour=behaviour, date=date))]
