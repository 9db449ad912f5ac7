"""``cxworkshop check FILE --repair``: recover what SQLite can still read into a new file.

The damaged file is never opened for writing: it is copied (with its ``-wal``)
into a temporary folder and read from there, table by table and row by row.
Values that break the model's rules go back to their defaults, references to
rows that were lost are cleared (or, where a row cannot exist without them,
the row is dropped), and a valid session is written beside the original as
``NAME.repaired.cxw``. Every change is reported in words a facilitator reads.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from sqlite_utils import Database

from ..i18n import N_, tr
from ..model import KINDS, Link, MetricLink, Nps, Process, SessionInfo, Workshop
from ..model.fields import BOOL, FLOAT, INT, REF, Spec, check_value, specs, text_limit
from ..model.workshop import nps_scope_problem
from .errors import DamagedSession, SessionError
from .salvage import salvage_to
from .schema import migrate
from .sqlite_store import SUFFIX, foreign_objects, inspect_header, write_session_file


def repair_file(path: str | os.PathLike[str], report: list[str] | None = None) -> Path:
    """Write a repaired copy of the session ``path`` beside it; return the copy's path.

    Args:
        path: the damaged session (left untouched).
        report: if given, one line is appended per row dropped or value changed.

    Raises:
        SessionError: nothing can be recovered (not a session, a newer format,
            or SQLite cannot read even the list of tables).
    """
    path = Path(path)
    out = report if report is not None else []
    version = _version_of(path)
    with tempfile.TemporaryDirectory(prefix="cxworkshop-repair-") as tmp:
        copy = Path(tmp) / "damaged.cxw"
        try:
            shutil.copyfile(path, copy)
            wal = Path(str(path) + "-wal")
            if wal.exists():
                shutil.copyfile(wal, Path(str(copy) + "-wal"))
        except OSError as e:
            raise SessionError(tr("{name} cannot be read ({reason})").format(
                name=path.name, reason=e.strerror or e)) from None
        notes = _Notes([])
        try:
            workshop: Workshop | None = recover(copy, version, notes, path.name)
        except DamagedSession as e:
            workshop, failure = None, e
        if workshop is None or _truncated(copy) or notes.out:
            # Also read the file page by page; keep whichever recovers more rows.
            page_notes = _Notes([])
            try:
                salvaged = Path(tmp) / "salvaged.cxw"
                found = salvage_to(copy.read_bytes(), version, salvaged, _fits)
                by_pages = recover(salvaged, version, page_notes, path.name)
            except (DamagedSession, sqlite3.Error, OSError, ValueError):
                by_pages = None
            if by_pages is not None and (workshop is None or _rows(by_pages) > _rows(workshop)):
                workshop, notes = by_pages, page_notes
                notes.add(tr("SQLite stopped at damaged or missing pages; the rows were "
                             "read page by page instead"))
                for table in sorted(found.incomplete):
                    kind = next((k for k, c in KINDS.items() if table == c.TABLE), table)
                    notes.add(tr("{kind}: some pages of this list are lost; rows on them "
                                 "could not be recovered").format(kind=kind))
        if workshop is None:
            raise failure
    notes.flush()
    _unstack_boxes(workshop, notes)
    out.extend(notes.out)
    counts = ", ".join(f"{n} {k}" for k, n in workshop.counts().items() if n)
    out.append(tr("recovered: {counts}").format(counts=counts) if _rows(workshop)
               else tr("recovered: no rows"))
    problems = workshop.problems()
    if problems:  # pragma: no cover - recover() leaves none; never write an invalid file
        raise DamagedSession(tr("{name} could not be repaired: {problem}").format(
            name=path.name, problem=problems[0]))
    return _write_beside(path, workshop)


def _fits(table: str, row: dict[str, Any]) -> bool:
    """Can ``row`` (column -> value, from a page no tree reached) be a row of ``table``?"""
    if table == "session":
        return row.get("id") in (None, 1) and isinstance(row.get("stages"), str)
    cls = next((c for c in KINDS.values() if table == c.TABLE), None)
    if cls is None or not isinstance(row.get("id"), str) or not row["id"]:
        return False
    for name, spec in specs(cls).items():
        if name in row and check_value(spec, _from_column(spec, row[name])) is not None:
            return False
    return True


def _rows(workshop: Workshop) -> int:
    return sum(workshop.counts().values())


def _truncated(path: Path) -> bool:
    with open(path, "rb") as f:
        header = f.read(100)
    if len(header) < 100:
        return True
    size = path.stat().st_size
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages = struct.unpack(">I", header[28:32])[0]
    return bool(page_size) and (size % page_size != 0 or size < pages * page_size)


def _unstack_boxes(workshop: Workshop, notes: _Notes) -> None:
    """Store boxes stacked on others (or outside their cell) where the map shows them."""
    from ..model.layout import position_fixes
    from ..model.workshop import Update
    try:
        fixes = position_fixes(workshop)
    except (KeyError, ValueError, TypeError):   # pragma: no cover - a recovered map lays out
        return
    for pid, x, y in fixes:
        p = workshop.table(Process)[pid]
        notes.add(tr('process "{name}": moved from ({x}, {y}) to a free spot ({new_x}, '
                     '{new_y}) in its cell').format(name=p.name or pid, x=f"{p.x:g}",
                                                    y=f"{p.y:g}", new_x=f"{x:g}",
                                                    new_y=f"{y:g}"))
    if fixes:
        workshop.apply([Update("processes", pid, {"x": x, "y": y}) for pid, x, y in fixes])


def _version_of(path: Path) -> int:
    try:
        return inspect_header(path)
    except DamagedSession as e:
        if not e.truncated:
            raise DamagedSession(tr("{name} cannot be repaired: {reason}").format(
                name=path.name, reason=str(e).split(": ", 1)[-1])) from None
        with open(path, "rb") as f:  # a truncated file: read the pages that are there
            version: int = struct.unpack(">I", f.read(100)[60:64])[0]
            return version


def _write_beside(path: Path, workshop: Workshop) -> Path:
    n = 1
    while True:
        out = path.with_name(f"{path.stem}.repaired{'' if n == 1 else f'-{n}'}{SUFFIX}")
        try:
            write_session_file(out, workshop)
            return out
        except FileExistsError:
            n += 1


class _Reason(NamedTuple):
    """Why a row was dropped or changed: marked texts for one row and for several
    (``its`` / ``their``), translated when the report is written."""
    one: str
    many: str
    params: tuple[tuple[str, str], ...] = ()

    def text(self, many: bool) -> str:
        return tr(self.many if many else self.one).format(**dict(self.params))


def _reason(one: str, many: str | None = None, **params: Any) -> _Reason:
    return _Reason(one, many or one, tuple(sorted((k, str(v)) for k, v in params.items())))


class _Notes:
    """What the repair changed, grouped so that 300 rows lost one way read as one line."""

    def __init__(self, out: list[str]):
        self.out = out
        self.groups: dict[tuple[str, _Reason], list[tuple[str, str]]] = {}

    def add(self, line: str) -> None:
        self.out.append(line)

    def row(self, kind: str, rowid: int, rid: Any, reason: _Reason, detail: str = "") -> None:
        where = (tr("row {row} ({id})").format(row=rowid, id=_show(rid)) if rid is not None
                 else tr("row {row}").format(row=rowid))
        self.groups.setdefault((kind, reason), []).append((where, detail))

    def flush(self) -> None:
        for (kind, reason), examples in self.groups.items():
            if len(examples) <= 3:
                self.out.extend(
                    (tr("{kind} {where}: {reason} ({detail})") if detail
                     else tr("{kind} {where}: {reason}")).format(
                        kind=kind, where=where, reason=reason.text(many=False), detail=detail)
                    for where, detail in examples)
            else:
                where, detail = examples[0]
                self.out.append(
                    (tr("{kind}: {n} rows {reason} (e.g. {where}: {detail})") if detail
                     else tr("{kind}: {n} rows {reason} (e.g. {where})")).format(
                        kind=kind, n=len(examples), reason=reason.text(many=True),
                        where=where, detail=detail))
        self.groups.clear()


def recover(copy: Path, version: int, notes: _Notes, name: str = "") -> Workshop:
    """Read every readable row of the session file ``copy`` into a valid workshop."""
    try:
        conn = sqlite3.connect(copy, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = OFF")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except (sqlite3.DatabaseError, UnicodeDecodeError) as e:  # garbage in the table list
        raise DamagedSession(tr("{name} cannot be repaired: SQLite cannot read even its "
                                "list of tables ({reason})").format(name=name or copy.name,
                                                                    reason=e)) from None
    try:
        try:
            for what in foreign_objects(conn, version):
                notes.add(tr("dropped {what}: cxworkshop did not create it").format(what=what))
        except sqlite3.DatabaseError:
            pass
        expected = _tables_of_version(version)
        info = _recover_session(conn, "session" in tables, notes)
        w = Workshop(info)
        for kind, cls in KINDS.items():
            if cls.TABLE not in tables:
                if cls.TABLE in expected:
                    notes.add(tr("{kind}: the whole table is missing; none could be "
                                 "recovered").format(kind=kind))
                continue
            _recover_kind(conn, w, kind, notes)
        return w
    finally:
        conn.close()


def _tables_of_version(version: int) -> set[str]:
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(Database(mem), version)
        return {r[0] for r in mem.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        mem.close()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
    except sqlite3.DatabaseError:
        return []


def _readable_rows(conn: sqlite3.Connection, table: str, columns: list[str],
                   notes: _Notes, kind: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """``(rowid, values)`` of every row SQLite can read, skipping damaged stretches.

    When reading stops at a damaged page, the next readable row is found by
    probing ever larger rowids, then narrowing back, so that only the rows on
    the damaged pages are lost.
    """
    cols = ", ".join(f"[{c}]" for c in columns)
    after = f"SELECT rowid, {cols} FROM [{table}] WHERE rowid > ? ORDER BY rowid"

    def readable(y: int) -> bool:
        try:
            conn.execute(after + " LIMIT 1", (y,)).fetchall()
            return True
        except sqlite3.DatabaseError:
            return False

    last = -(1 << 63)
    error: str | None = None
    read = 0
    while True:
        try:
            for row in conn.execute(after, (last,)):
                last = row[0]
                read += 1
                yield row[0], row[1:]
            break
        except sqlite3.DatabaseError as e:
            error = error or str(e)
        base = max(last, 0)
        step = 1
        while not readable(base + step):  # find a readable point past the damage
            step *= 2
            if step > 1 << 40:
                step = 0
                break
        if not step:
            break
        lo, hi = base + step // 2, base + step  # lo unreadable (or base), hi readable
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if readable(mid) else (mid, hi)
        last = hi
    if error:
        notes.add(tr("{kind}: some rows could not be read and are lost ({error}); "
                     "{n} were recovered").format(kind=kind, error=error, n=read))


def _recover_session(conn: sqlite3.Connection, present: bool, notes: _Notes) -> SessionInfo:
    default = SessionInfo()
    row: dict[str, Any] | None = None
    if present:
        try:
            cur = conn.execute("SELECT * FROM session WHERE id = 1")
            values = cur.fetchone()
            if values is not None:
                row = dict(zip([c[0] for c in cur.description], values, strict=True))
        except sqlite3.DatabaseError:
            row = None
    if row is None:
        notes.add(tr("session: its title, date and stage names could not be read; "
                     "defaults are used"))
        return default
    info = default
    for name in (f.name for f in dataclasses.fields(SessionInfo)):
        if name not in row:
            continue  # an older file: the default is right
        value = row[name]
        if name in ("stages", "prompts", "room"):
            try:
                value = json.loads(value)
                value = tuple(value) if isinstance(value, list) else value
            except (TypeError, ValueError, RecursionError):
                value = None
        elif name in ("vote_members", "hide_empty_lanes") and value in (0, 1):
            value = bool(value)   # stored as 0/1
        elif value is None and name in SessionInfo.TEXT_FIELDS:
            value = ""
        elif name in SessionInfo.TEXT_FIELDS and isinstance(value, str) \
                and len(value) > text_limit(name):
            notes.add(tr("session: {field} cut to {n} characters (it had {had})").format(
                field=name, n=f"{text_limit(name):,}", had=f"{len(value):,}"))
            value = value[:text_limit(name)]
        try:
            candidate = info.replace(**{name: value})
        except (TypeError, ValueError):
            candidate = None
        if candidate is None or any(field == name for field, _ in candidate.problems()):
            notes.add(tr("session: {field} could not be read ({value}); the default is "
                         "used").format(field=name.replace("_", " "), value=_show(row[name])))
            continue
        info = candidate
    for _ in range(3):  # rules between fields (e.g. roster max below min): back to defaults
        problems = info.problems()
        if not problems:
            break
        for name, _ in problems:
            notes.add(tr("session: {field} did not fit the other settings; the default is "
                         "used").format(field=name.replace("_", " ")))
            info = info.replace(**{name: getattr(default, name)})
    else:
        notes.add(tr("session: its settings did not fit together; the defaults are used"))
        info = default.replace(**{n: getattr(info, n) for n in SessionInfo.TEXT_FIELDS})
    return info


def _recover_kind(conn: sqlite3.Connection, w: Workshop, kind: str, notes: _Notes) -> None:
    cls = KINDS[kind]
    fields = specs(cls)
    defaults = {f: getattr(cls, f, None) for f in fields}
    present = _columns(conn, cls.TABLE)
    columns = [c for c in present if c == "id" or c in fields]
    if "position" in present:  # schema 3 keeps the row order in a column
        columns.append("position")
    if "id" not in columns:
        notes.add(tr("{kind}: the table cannot be read; none could be recovered").format(
            kind=kind))
        return
    table = w.tables[kind]
    stages = len(w.info.stages)
    recovered: list[tuple[tuple[Any, ...], Any]] = []
    seen: set[str] = set()
    pairs: set[tuple[Any, ...]] = set()
    for rowid, values in _readable_rows(conn, cls.TABLE, columns, notes, kind):
        row = dict(zip(columns, values, strict=True))
        rid = row.pop("id")
        position = row.pop("position", None)
        order = (position if isinstance(position, (int, float)) else float("inf"), rowid)
        if not isinstance(rid, str) or not rid:
            notes.row(kind, rowid, None, _reason(N_("dropped: no valid id")))
            continue
        if rid in seen:
            notes.row(kind, rowid, rid, _reason(N_("dropped: its id is used twice"),
                                                N_("dropped: their id is used twice")))
            continue
        kept: dict[str, Any] = {}
        dropped: tuple[_Reason, str] | None = None
        for name, spec in fields.items():
            value = _from_column(spec, row[name]) if name in row else defaults[name]
            if spec.max_length and isinstance(value, str) and len(value) > spec.max_length:
                notes.row(kind, rowid, rid,
                          _reason(N_("{field} cut to {n} characters"),
                                  field=name.replace("_", " "), n=f"{spec.max_length:,}"),
                          tr("it had {n}").format(n=f"{len(value):,}"))
                value = value[:spec.max_length]
            target = KINDS[spec.kind].LABEL if spec.type == REF and spec.kind else ""
            what = name if name == target or not target else f"{name} {target}"
            if check_value(spec, value) is not None:
                if spec.type == REF and not spec.nullable:
                    dropped = (_reason(N_("dropped: its {what} could not be read"),
                                       N_("dropped: their {what} could not be read"),
                                       what=what), "")
                    break
                notes.row(kind, rowid, rid,
                          _reason(N_("{field} could not be read, set to {value}"),
                                  field=name.replace("_", " "), value=_show(defaults[name])),
                          tr("was {value}").format(value=_show(row.get(name))))
                value = defaults[name]
            elif (spec.type == REF and spec.kind is not None and value is not None
                  and value not in w.tables[spec.kind]):
                if not spec.nullable:
                    dropped = (_reason(N_("dropped: its {what} is missing"),
                                       N_("dropped: their {what} is missing"), what=what),
                               _show(value))
                    break
                notes.row(kind, rowid, rid,
                          _reason(N_("kept without its {what}, which is missing"),
                                  N_("kept without their {what}, which is missing"), what=what),
                          _show(value))
                value = None
            kept[name] = value
        if dropped is None and cls is Process and kept["stage"] >= stages:
            notes.row(kind, rowid, rid,
                      _reason(N_("moved to the last stage: their stage does not exist")),
                      tr("stage {n}").format(n=kept["stage"]))
            kept["stage"] = stages - 1
        if dropped is None and cls is Link:
            if kept["upstream"] == kept["downstream"]:
                dropped = (_reason(N_("dropped: it links a process to itself")), "")
            elif (kept["upstream"], kept["downstream"]) in pairs:
                dropped = (_reason(N_("dropped: the same two processes are linked already")),
                           "")
        if dropped is None and cls is Nps and nps_scope_problem(cls(id=rid, **kept)):
            dropped = (_reason(N_("dropped: the department or process it was for is "
                                  "missing")), "")
        if dropped is None and cls is MetricLink:
            if (kept["metric"], kept["process"]) in pairs:
                dropped = (_reason(N_("dropped: the same metric and process are linked "
                                      "already")), "")
            pairs.add((kept["metric"], kept["process"]))
        if dropped:
            notes.row(kind, rowid, rid, *dropped)
            continue
        seen.add(rid)
        if cls is Link:
            pairs.add((kept["upstream"], kept["downstream"]))
        recovered.append((order, cls(id=rid, **kept)))
    for _, entity in sorted(recovered, key=lambda pair: pair[0]):
        table[entity.id] = entity


def _from_column(spec: Spec, value: Any) -> Any:
    """A stored value as the model holds it (0/1 flags, whole numbers in REAL columns)."""
    if spec.type == BOOL and value in (0, 1) and not isinstance(value, float):
        return bool(value)
    if spec.type == FLOAT and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if spec.type == INT and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _show(value: Any) -> str:
    if value is None:
        return tr("empty")
    if isinstance(value, (bytes, bytearray)):
        return tr("{n} bytes of binary data").format(n=len(value))
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"
