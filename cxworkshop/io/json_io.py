"""JSON interchange: a whole session as one UTF-8 JSON document.

The format is described in DESIGN.md ("Interchange: JSON") and in the README.
Import checks everything before anything is written and reports every
problem at once, each with its place.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..i18n import ngettext, tr
from ..model import KINDS, Entity, SessionInfo, Workshop
from ..model.fields import FLOAT, specs
from ..model.room import RoomState
from ..model.workshop import find_problems

FORMAT = "cxworkshop-session"
VERSION = 1
_SESSION_KEYS = ("title", "organization", "date", "location", "facilitator", "notes",
                 "stages", "vote_budget", "prompts", "roster_min_size", "roster_max_size",
                 "roster_max_share", "vote_members", "hide_empty_lanes")


class ImportProblems(Exception):
    """The JSON document cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        super().__init__(ngettext("{n} problem: {first}", "{n} problems: {first}",
                                  len(problems)).format(n=len(problems),
                                                        first="; ".join(problems[:3])))
        self.problems = problems


def to_dict(workshop: Workshop) -> dict[str, Any]:
    """The interchange document of ``workshop`` as plain Python data."""
    session = workshop.info.to_dict()
    room = session.pop("room")
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "session": session}
    for kind in KINDS:
        doc[kind] = [e.to_dict() for e in workshop.table(kind).values()]
    doc["room"] = room
    return doc


def dumps(workshop: Workshop) -> str:
    """Serialise ``workshop``; the same session always gives the same bytes."""
    return json.dumps(to_dict(workshop), ensure_ascii=False, indent=2) + "\n"


def loads(text: str | bytes) -> Workshop:
    """Parse and check an interchange document.

    Raises:
        ImportProblems: with every problem found, e.g.
            ``links[4].downstream: no process "p99"``.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ImportProblems([tr("the file is not UTF-8 text (byte {byte})").format(
                byte=e.start)]) from None
    elif text.startswith("\ufeff"):
        text = text[1:]
    try:
        doc = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as e:
        raise ImportProblems([tr("line {line}, column {column}: not valid JSON ({reason})")
                              .format(line=e.lineno, column=e.colno, reason=e.msg)]) from None
    except RecursionError:
        raise ImportProblems([tr("the JSON is nested too deeply")]) from None
    duplicates = list(_duplicates(doc, ""))
    if duplicates:
        raise ImportProblems(duplicates)
    return from_dict(doc)


class _Repeated(dict[str, Any]):
    """A JSON object in which a key appears more than once (the last value would win)."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    marked = _Repeated(obj)
    seen: set[str] = set()
    marked.repeated = []
    for k, _ in pairs:
        if k in seen:
            marked.repeated.append(k)
        seen.add(k)
    return marked


def _duplicates(value: Any, where: str, depth: int = 0) -> Iterator[str]:
    """``where.key: the key appears more than once`` for every repeated key."""
    if depth > 4:  # deeper than the format goes: the checks that follow say so
        return
    if isinstance(value, dict):
        if isinstance(value, _Repeated):
            for key in dict.fromkeys(value.repeated):
                yield tr("{where}: the key appears more than once (only one value can be "
                         "kept; remove the others)").format(
                    where=f"{where + '.' if where else ''}{_key(key)}")
        for key, item in value.items():
            yield from _duplicates(item, f"{where + '.' if where else ''}{_key(key)}", depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _duplicates(item, f"{where}[{i}]", depth + 1)


def from_dict(doc: Any) -> Workshop:
    """Check plain data as an interchange document and build the workshop."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise ImportProblems([tr("the document must be a JSON object")])
    if doc.get("format") != FORMAT:
        problems.append(tr('format: must be "{format}", not {value}').format(
            format=FORMAT, value=_show(doc.get("format"))))
    version = doc.get("version")
    if version != VERSION:
        newer = isinstance(version, int) and version > VERSION
        problems.append((tr("version: must be {version}, not {value} (written by a newer "
                            "cxworkshop?)") if newer else
                         tr("version: must be {version}, not {value}")).format(
            version=VERSION, value=_show(version)))
    known = {"format", "version", "session", "room", *KINDS}
    for key in doc:
        if key not in known:
            problems.append(_unknown(_key(key)))
    info = _read_session(doc.get("session", {}), problems)
    if "room" in doc:
        raw = doc["room"]
        if isinstance(raw, dict):  # unknown keys named as everywhere else (escaped)
            names = RoomState.__dataclass_fields__
            problems.extend(_unknown(f"room.{_key(k)}") for k in raw if k not in names)
            raw = {k: v for k, v in raw.items() if k in names}
        try:
            info = info.replace(room=RoomState.from_dict(raw))
        except (ValueError, TypeError) as e:
            problems.append(f"room.{e}" if ": " in str(e) else f"room: {e}")
    lists = {kind: _read_list(kind, doc.get(kind, []), problems) for kind in KINDS}
    problems.extend(p for p in find_problems(info, lists) if not p.startswith("session."))
    problems.extend(_room_problems(info.room, lists))
    if problems:
        raise ImportProblems(problems)
    w = Workshop(info)
    for rows in lists.values():
        w.add_all(rows)
    return w


def _room_problems(room: RoomState, lists: dict[str, list[Entity]]) -> list[str]:
    """Dangling references of the room state (``room.step: no agenda step "g9"``)."""
    ids = {kind: {e.id for e in rows} for kind, rows in lists.items()}
    out = []
    if room.step is not None and room.step not in ids.get("agenda", set()):
        out.append(tr('{where}: no agenda step "{id}"').format(where="room.step", id=room.step))
    no_participant = tr('{where}: no participant "{id}"')
    for name in ("story", "person"):
        value = getattr(room, name)
        if value is not None and value not in ids["participants"]:
            out.append(no_participant.format(where=f"room.{name}", id=value))
    out.extend(no_participant.format(where=f"room.revealed[{i}]", id=p)
               for i, p in enumerate(room.revealed) if p not in ids["participants"])
    return out


def _read_session(raw: Any, problems: list[str]) -> SessionInfo:
    if not isinstance(raw, dict):
        problems.append(_must_be_object("session"))
        return SessionInfo()
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _SESSION_KEYS:
            problems.append(_unknown(f"session.{_key(key)}"))
        else:
            values[key] = value
    for key in ("stages", "prompts"):
        if key in values:
            if isinstance(values[key], list):
                values[key] = tuple(values[key])
            else:
                problems.append(_must_be_list(f"session.{key}"))
                values.pop(key)
    info = SessionInfo(**values)
    problems.extend(f"session.{name}: {msg}" for name, msg in info.problems())
    return info if not info.problems() else SessionInfo()


def _read_list(kind: str, raw: Any, problems: list[str]) -> list[Entity]:
    cls = KINDS[kind]
    if not isinstance(raw, list):
        problems.append(_must_be_list(kind))
        return []
    fields = specs(cls)
    out = []
    for index, row in enumerate(raw):
        where = f"{kind}[{index}]"
        if not isinstance(row, dict):
            problems.append(_must_be_object(where))
            continue
        ok = True
        for key in row:
            if key != "id" and key not in fields:
                problems.append(_unknown(f"{where}.{_key(key)}"))
        rid = row.get("id")
        if not isinstance(rid, str) or not rid:
            problems.append(_missing(f"{where}.id") if "id" not in row else
                            tr("{where}: must be a non-empty string").format(
                                where=f"{where}.id"))
            ok = False
        for name, spec in fields.items():
            if spec.defines_row and name not in row:
                problems.append(_missing(f"{where}.{name}"))
                ok = False
        if not ok or not isinstance(rid, str):
            continue
        values = {name: row[name] for name in fields if name in row}
        for name, value in values.items():
            if fields[name].type == FLOAT and isinstance(value, int) \
                    and not isinstance(value, bool):
                values[name] = float(value)
        out.append(cls(id=rid, **values))
    return out


def _key(key: str) -> str:
    """A key as it can be printed on one line: quoted if empty, spaced or unprintable."""
    if key and key.isprintable() and key.strip() == key and '"' not in key:
        return key
    return json.dumps(key)


def _show(value: Any) -> str:
    return tr("missing") if value is None else json.dumps(value)[:40]


def _unknown(where: str) -> str:
    return tr("{where}: unknown key").format(where=where)


def _missing(where: str) -> str:
    return tr("{where}: missing").format(where=where)


def _must_be_list(where: str) -> str:
    return tr("{where}: must be a list").format(where=where)


def _must_be_object(where: str) -> str:
    return tr("{where}: must be an object").format(where=where)


__all__ = ["FORMAT", "VERSION", "ImportProblems", "dumps", "loads", "to_dict", "from_dict"]
