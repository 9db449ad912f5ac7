"""The whole session in memory: its info plus one ordered table per entity kind.

Also the changes that can be applied to it (:class:`Add`, :class:`Remove`,
:class:`Update`), which the document, the store and undo all share.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Any, TypeVar, overload

from ..i18n import tr
from .entities import (
    KINDS,
    Action,
    AgendaItem,
    Change,
    Department,
    Entity,
    Link,
    Member,
    Metric,
    MetricLink,
    Note,
    Nps,
    ParkingItem,
    Participant,
    Placement,
    Process,
    Recognition,
    SessionInfo,
    Story,
)
from .fields import REF, specs
from .graph import ProcessGraph
from .record import record

SESSION = "session"  # the pseudo-kind of an Update to SessionInfo
E = TypeVar("E", bound=Entity)


def _kind(kind: type[Entity] | str) -> str:
    return kind.KIND if isinstance(kind, type) else kind


@record
class Add:
    """Add ``entity``; in front of the row ``before`` (an id of its kind), or last."""

    entity: Entity
    before: str | None = None

    @property
    def kind(self) -> str:
        return self.entity.KIND


@record
class Remove:
    """Remove the row ``id`` of ``kind``."""

    kind: str
    id: str


@record
class Update:
    """Change some ``fields`` of one row (or of the session, kind SESSION)."""

    kind: str  # an entity kind, or SESSION
    id: str | None
    fields: dict[str, Any] = field(hash=False)


@record
class Move:
    """Move a row in front of the row ``before`` (an id of its kind), or to the end."""

    kind: str
    id: str
    before: str | None = None


Op = Add | Remove | Update | Move


class Workshop:
    """A session's data: ``info`` and ``tables[kind][id] -> entity``."""

    def __init__(self, info: SessionInfo | None = None):
        self.info = info or SessionInfo()
        self.tables: dict[str, dict[str, Entity]] = {kind: {} for kind in KINDS}
        self._graph: ProcessGraph | None = None
        #: Derived data that model functions cache, each entry checked against what it
        #: was computed from (e.g. the :meth:`graph` object), so never stale.
        self.memo: dict[str, Any] = {}
        #: True on the copy :func:`~cxworkshop.model.anonymize.anonymize` makes
        self.anonymized = False

    def graph(self) -> ProcessGraph:
        """The links between processes, built once and kept until processes or links
        are added, removed or re-linked (callers must not change it)."""
        if self._graph is None:
            self._graph = ProcessGraph.build(self.table(Process),
                                             self.table(Link).values())
        return self._graph

    # -- reading -------------------------------------------------------
    # ``kind`` is an entity class (typed results: ``get(Process, id) -> Process | None``)
    # or a kind name (``Kind.PROCESSES`` / ``"processes"``, results typed as Entity).
    @overload
    def get(self, kind: type[E], id: str | None) -> E | None: ...
    @overload
    def get(self, kind: str, id: str | None) -> Entity | None: ...

    def get(self, kind: type[Entity] | str, id: str | None) -> Entity | None:
        """The row ``id`` of ``kind``, or None."""
        return self.tables[_kind(kind)].get(id) if id is not None else None

    @overload
    def all(self, kind: type[E]) -> list[E]: ...
    @overload
    def all(self, kind: str) -> list[Entity]: ...

    def all(self, kind: type[Entity] | str) -> list[Any]:
        """The rows of ``kind`` in list order (a new list)."""
        return list(self.tables[_kind(kind)].values())

    @overload
    def table(self, kind: type[E]) -> Mapping[str, E]: ...
    @overload
    def table(self, kind: str) -> Mapping[str, Entity]: ...

    def table(self, kind: type[Entity] | str) -> Mapping[str, Entity]:
        """The rows of ``kind`` by id, in list order, read-only (no copy): for lookups,
        ``in`` and counting outside the model. Change rows through :meth:`apply`."""
        return MappingProxyType(self.tables[_kind(kind)])

    def copy(self) -> Workshop:
        """A copy to read while this one goes on changing (rows are immutable, so the
        tables are copied, not the rows)."""
        other = Workshop(self.info)
        other.tables = {kind: dict(rows) for kind, rows in self.tables.items()}
        return other

    def counts(self) -> dict[str, int]:
        return {kind: len(rows) for kind, rows in self.tables.items()}

    def __iter__(self) -> Iterator[Entity]:
        for rows in self.tables.values():
            yield from rows.values()

    @property
    def departments(self) -> list[Department]:
        return self.all(Department)

    @property
    def participants(self) -> list[Participant]:
        return self.all(Participant)

    @property
    def stories(self) -> list[Story]:
        return self.all(Story)

    @property
    def processes(self) -> list[Process]:
        return self.all(Process)

    @property
    def links(self) -> list[Link]:
        return self.all(Link)

    @property
    def notes(self) -> list[Note]:
        return self.all(Note)

    @property
    def placements(self) -> list[Placement]:
        return self.all(Placement)

    @property
    def members(self) -> list[Member]:
        return self.all(Member)

    @property
    def changes(self) -> list[Change]:
        return self.all(Change)

    @property
    def recognitions(self) -> list[Recognition]:
        return self.all(Recognition)

    @property
    def actions(self) -> list[Action]:
        return self.all(Action)

    @property
    def agenda(self) -> list[AgendaItem]:
        return self.all(AgendaItem)

    @property
    def metrics(self) -> list[Metric]:
        return self.all(Metric)

    @property
    def metric_links(self) -> list[MetricLink]:
        return self.all(MetricLink)

    @property
    def nps(self) -> list[Nps]:
        return self.all(Nps)

    @property
    def parking_lot(self) -> list[ParkingItem]:
        return self.all(ParkingItem)


    def add_all(self, entities: Iterable[Entity]) -> None:
        """Put entities in place without checks (loading a checked file)."""
        for e in entities:
            self.tables[e.KIND][e.id] = e
        self._graph = None

    # -- changing --------------------------------------------------------
    def apply(self, ops: Iterable[Op]) -> list[Op]:
        """Apply ``ops`` in order and return the ops that undo them.

        Raises:
            ValueError: an op does not fit the current data (unknown id, a
                dangling reference, a bad value). Ops applied before it are
                rolled back, so the workshop is unchanged.
        """
        inverse: list[Op] = []
        try:
            for op in ops:
                inverse.append(self._apply_one(op))
        except Exception:
            for op in reversed(inverse):
                self._apply_one(op)
            raise
        inverse.reverse()
        return inverse

    def _apply_one(self, op: Op) -> Op:
        if op.kind == "links" or (op.kind == "processes" and not isinstance(op, Update)):
            self._graph = None
        if isinstance(op, Add):
            e = op.entity
            table = self.tables[e.KIND]
            if e.id in table:
                raise ValueError(f"{e.KIND}: id {e.id!r} exists already")
            self._check_entity(e)
            if op.before is not None and op.before in table:
                rows = list(table.items())
                at = next(i for i, (key, _) in enumerate(rows) if key == op.before)
                rows.insert(at, (e.id, e))
                table.clear()
                table.update(rows)
            else:
                table[e.id] = e
            return Remove(e.KIND, e.id)
        if isinstance(op, Remove):
            table = self.tables[op.kind]
            if op.id not in table:
                raise ValueError(f"{op.kind}: no id {op.id!r}")
            referrers = self.referrers(op.kind, op.id)
            if referrers:
                kind, rid, name = referrers[0]
                raise ValueError(f"{op.kind} {op.id!r} is still used by {kind} {rid!r}.{name}")
            keys = iter(table)
            for key in keys:
                if key == op.id:
                    break
            following = next(keys, None)  # undo puts the row back in its place
            return Add(table.pop(op.id), following)
        if isinstance(op, Move):
            table = self.tables[op.kind]
            if op.id not in table or (op.before is not None and op.before not in table):
                raise ValueError(f"{op.kind}: no id {op.id!r}")
            order = list(table)
            at = order.index(op.id)
            following = order[at + 1] if at + 1 < len(order) else None
            row = table.pop(op.id)
            self._apply_one(Add(row, op.before))
            return Move(op.kind, op.id, following)
        if isinstance(op, Update):
            if op.kind == SESSION:
                old = self.info
                new = old.replace(**op.fields)
                probs = new.problems()
                if probs:
                    raise ValueError(f"session.{probs[0][0]}: {probs[0][1]}")
                self.info = new
                return Update(SESSION, None, {k: getattr(old, k) for k in op.fields})
            table = self.tables[op.kind]
            old_row = table.get(op.id) if op.id is not None else None
            if old_row is None or op.id is None:
                raise ValueError(f"{op.kind}: no id {op.id!r}")
            if "id" in op.fields:
                raise ValueError("an id cannot be changed")
            new_row = old_row.replace(**op.fields)
            self._check_entity(new_row, op.fields)
            table[op.id] = new_row
            return Update(op.kind, op.id, {k: getattr(old_row, k) for k in op.fields})
        raise TypeError(op)

    def _check_entity(self, e: Entity, changed: dict[str, Any] | None = None) -> None:
        """Raise ValueError if ``e`` breaks a rule; for an update only the ``changed``
        fields are held to the rules (an old file's row stays editable)."""
        probs = [p for p in e.problems() if changed is None or p[0] in changed]
        if probs:
            raise ValueError(f"{e.KIND}.{probs[0][0]}: {probs[0][1]}")
        for name, spec in specs(e).items():
            value = getattr(e, name)
            if (spec.type == REF and spec.kind is not None and value is not None
                    and value not in self.tables[spec.kind]):
                raise ValueError(f"{e.KIND}.{name}: no {spec.kind} {value!r}")
        if isinstance(e, Process) and e.stage >= len(self.info.stages):
            raise ValueError(f"processes.stage: {e.stage} is out of range")
        if isinstance(e, Link):
            if e.upstream == e.downstream:
                raise ValueError("a process cannot link to itself")
            if self.find_link(e.upstream, e.downstream) not in (None, e.id):
                raise ValueError("these processes are linked already")
        if isinstance(e, Nps):
            msg = nps_scope_problem(e)
            if msg:
                raise ValueError(f"nps.{msg}")
        if isinstance(e, MetricLink):
            for other in self.table(MetricLink).values():
                if other.id != e.id and (other.metric, other.process) == (e.metric, e.process):
                    raise ValueError("this metric is linked to this process already")

    def find_link(self, upstream: str, downstream: str) -> str | None:
        for link in self.table(Link).values():
            if link.upstream == upstream and link.downstream == downstream:
                return link.id
        return None

    def referrers(self, kind: str, id: str) -> list[tuple[str, str, str]]:
        """Rows that reference ``kind``/``id``: ``(kind, id, field)``."""
        out = []
        for other_kind, cls in KINDS.items():
            ref_fields = [n for n, s in specs(cls).items() if s.type == REF and s.kind == kind]
            if not ref_fields:
                continue
            for row in self.tables[other_kind].values():
                for name in ref_fields:
                    if getattr(row, name) == id:
                        out.append((other_kind, row.id, name))
        return out

    def removal_ops(self, items: Iterable[tuple[str, str]]) -> list[Op]:
        """The ops that delete ``items`` and everything that depends on them.

        Rows with a cascading reference to a deleted row are deleted first;
        other references are set to null. The result applies in one step.
        """
        order: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        nulls: dict[tuple[str, str], dict[str, Any]] = {}

        def visit(kind: str, id: str) -> None:
            if (kind, id) in seen or id not in self.tables[kind]:
                return
            seen.add((kind, id))
            for rkind, rid, name in self.referrers(kind, id):
                spec = specs(KINDS[rkind])[name]
                if spec.cascade or not spec.nullable:
                    visit(rkind, rid)
                else:
                    nulls.setdefault((rkind, rid), {})[name] = None
            order.append((kind, id))

        for kind, id in items:
            visit(kind, id)
        ops: list[Op] = [Update(k, i, f) for (k, i), f in nulls.items() if (k, i) not in seen]
        ops.extend(Remove(k, i) for k, i in order)
        return ops

    def problems(self) -> list[str]:
        """Every consistency problem as ``list[index].field: message``."""
        return find_problems(self.info, {k: list(t.values()) for k, t in self.tables.items()})


def find_problems(info: SessionInfo, lists: dict[str, list[Entity]]) -> list[str]:
    """Check a session given as lists (which may hold duplicate ids).

    Returns every problem, each with its place, e.g.
    ``links[4].downstream: no process "p99"``.
    """
    out = [f"session.{name}: {msg}" for name, msg in info.problems()]
    ids = {kind: {e.id for e in rows} for kind, rows in lists.items()}
    for kind, rows in lists.items():
        first: dict[str, int] = {}
        for index, e in enumerate(rows):
            where = f"{kind}[{index}]"
            if e.id in first:
                out.append(tr('{where}: duplicate id "{id}" (also {other})').format(
                    where=f"{where}.id", id=e.id, other=f"{kind}[{first[e.id]}]"))
            first.setdefault(e.id, index)
            for name, msg in e.problems():
                out.append(f"{where}.{name}: {msg}")
            for name, spec in specs(e).items():
                value = getattr(e, name)
                if (spec.type == REF and spec.kind is not None and isinstance(value, str)
                        and value and value not in ids.get(spec.kind, ())):
                    out.append(tr('{where}: no {what} "{id}"').format(
                        where=f"{where}.{name}", what=tr(KINDS[spec.kind].LABEL), id=value))
            if (isinstance(e, Process) and isinstance(e.stage, int)
                    and not isinstance(e.stage, bool) and e.stage >= len(info.stages)):
                out.append(tr("{where}: {value} is out of range ({low}-{high})").format(
                    where=f"{where}.stage", value=e.stage, low=0, high=len(info.stages) - 1))
    for index, nps in enumerate(lists.get("nps", ())):
        scope_msg = nps_scope_problem(nps) if isinstance(nps, Nps) else None
        if scope_msg:
            out.append(f"nps[{index}].{scope_msg}")
    seen: dict[tuple[Any, Any], int] = {}
    for index, ml in enumerate(lists.get("metric_links", ())):
        if not isinstance(ml, MetricLink):
            continue
        key = (ml.metric, ml.process)
        try:
            if key in seen:
                out.append(_duplicate_of(f"metric_links[{index}]", f"metric_links[{seen[key]}]"))
            seen.setdefault(key, index)
        except TypeError:
            pass
    pairs: dict[tuple[Any, Any], int] = {}
    for index, link in enumerate(lists.get("links", ())):
        if not isinstance(link, Link):
            continue
        where = f"links[{index}]"
        if link.upstream == link.downstream and isinstance(link.upstream, str):
            out.append(f"{where}: " + tr("a process cannot link to itself"))
        key = (link.upstream, link.downstream)
        try:
            if key in pairs:
                out.append(_duplicate_of(where, f"links[{pairs[key]}]"))
            pairs.setdefault(key, index)
        except TypeError:  # unhashable values were reported above
            pass
    return out


def _duplicate_of(where: str, other: str) -> str:
    return tr("{where}: duplicate of {other}").format(where=where, other=other)


def nps_scope_problem(nps: Nps) -> str | None:
    """Why an NPS row's ``scope`` does not match its department/process, or None.

    A ``session`` result names neither, a ``department`` result names only its
    department and a ``process`` result only its process.
    """
    wants = {"session": (False, False), "department": (True, False), "process": (False, True)}
    want = wants.get(nps.scope) if isinstance(nps.scope, str) else None
    if want is None:
        return None  # a wrong scope value is reported by the field check
    has = (nps.department is not None, nps.process is not None)
    if has == want:
        return None
    if nps.scope == "session":  # the field first, as the format names it, then why
        return "scope: " + tr("a session result names no department or process")
    if nps.scope == "department":
        return ("department: " + tr("a department result needs its department")
                if not has[0] else "process: " + tr("a department result names no process"))
    return ("process: " + tr("a process result needs its process")
            if not has[1] else "department: " + tr("a process result names no department"))
