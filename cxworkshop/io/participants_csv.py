"""The participant list from a CSV file, read like the advisory-group roster.

The same reader as the roster (:mod:`cxworkshop.io.csv_text`): UTF-8 (with or without a
byte-order mark), UTF-16 or Windows-1252; comma, semicolon or tab (or Excel's
``sep=`` line); columns found by their header (any case, a few aliases); every
bad row reported with its line number. Nothing here writes: :func:`import_ops`
gives the ops to apply as one step. Also: people copied between the participant
list and the advisory group (:func:`members_from_participants` and back).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..i18n import tr
from ..model import Add, Department, Member, Op, Participant, Workshop, new_id, rules
from .csv_text import map_header, read_table, too_many_cells, unsafe_cell
from .roster_csv import find_department, name_key, new_department, parse_flag

COLUMNS = (("name", "name"), ("department", "department"), ("role", "role"),
           ("customer_facing", "customer_facing"), ("email", "email"))
_ALIASES = {
    "name": ("name", "fullname", "participant", "person", "employee", "attendee"),
    "department": ("department", "dept", "team", "unit", "departmentname"),
    "role": ("role", "jobtitle", "job", "position", "function", "title"),
    "customer_facing": ("customerfacing", "frontline", "isfrontline", "frontstage",
                        "facescustomers", "customercontact"),
    "email": ("email", "emailaddress", "mail"),
}
_HEADER_TO_FIELD = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}


@dataclass
class PersonRow:
    line: int
    values: dict[str, str]
    participant: Participant | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class ParticipantsImport:
    """What a CSV file would add to the participant list; nothing has been applied."""

    rows: list[PersonRow] = field(default_factory=list)
    new_departments: list[Department] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    fatal: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def participants(self) -> list[Participant]:
        return [r.participant for r in self.rows if r.participant is not None]

    @property
    def bad_rows(self) -> list[PersonRow]:
        return [r for r in self.rows if r.problems]

    @property
    def problems(self) -> list[str]:
        out = list(self.fatal)
        for row in self.bad_rows:
            out.extend(tr("line {n}: {problem}").format(n=row.line, problem=p)
                       for p in row.problems)
        return out

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.bad_rows


def parse_participants_csv(data: bytes | str, workshop: Workshop) -> ParticipantsImport:
    """Read a participant list against ``workshop`` (departments, people already there)."""
    result = ParticipantsImport()
    seen = {(name_key(p.name), (p.email or "").strip().casefold())
            for p in workshop.table(Participant).values()}
    read_table(data, tr("it needs a header line (name, department, role, customer_facing, "
                        "email) and rows"), result,
               lambda header, line: _map_header(header, line, result),
               lambda line, cells, header, fields: _read_row(
                   line, cells, header, fields, workshop, result, seen))
    used = {r.participant.department for r in result.rows if r.participant is not None}
    result.new_departments = [d for d in result.new_departments if d.id in used]
    return result


def _map_header(header: list[str], line: int, result: ParticipantsImport) -> list[str | None]:
    fields, where = map_header(header, line, _HEADER_TO_FIELD, result.fatal,
                               result.unknown_columns)
    result.columns = [f for f in fields if f]
    if "name" not in where:
        found = ", ".join(f"“{c}”" for c in header if c) or tr("nothing")
        result.fatal.append(tr("line {n}: no “name” column (found {found}); the header needs "
                               "at least name, and may have department, role, customer_facing, "
                               "email").format(n=line, found=found))
    elif "customer_facing" not in where:
        result.notes.append(tr("There is no customer_facing column: nobody is marked "
                               "customer-facing."))
    return fields


def _read_row(line: int, cells: list[str], header: list[str], fields: list[str | None],
              workshop: Workshop, result: ParticipantsImport,
              seen: set[tuple[str, str]]) -> PersonRow:
    values = {f: "" for f, _h in COLUMNS}
    too_many = too_many_cells(cells, header)
    problems: list[str] = [too_many] if too_many else []
    for name, cell in zip(fields, cells, strict=False):
        if name:
            values[name] = unsafe_cell(cell.strip())
    row = PersonRow(line, values, problems=problems)
    name = " ".join(values["name"].split())
    if not name:
        problems.append(tr("the name is empty"))
    facing = False
    if "customer_facing" in fields and values["customer_facing"]:
        flag = parse_flag(values["customer_facing"])
        if flag is None:
            problems.append(tr("customer-facing “{value}” is not yes or no").format(
                value=values["customer_facing"]))
        else:
            facing = flag
    email = values["email"]
    problem = rules.email_problem(email) if email else None
    if problem:
        problems.append(problem)
    key = (name_key(name), email.casefold())
    if name and key in seen:
        problems.append((tr("{name} is already a participant with email {email} (or earlier "
                            "in this file)") if email else
                         tr("{name} is already a participant (or earlier in this file)")
                         ).format(name=name, email=email))
    if problems:
        return row
    seen.add(key)
    dept_id = None
    if values["department"]:
        dept_id = find_department(workshop, values["department"], result.new_departments)
        if dept_id is None:
            dept = new_department(workshop, values["department"], result.new_departments)
            result.new_departments.append(dept)
            dept_id = dept.id
    row.participant = Participant(new_id(), name, dept_id, " ".join(values["role"].split()),
                                  facing, email)
    return row


def import_ops(result: ParticipantsImport) -> list[Op]:
    """The ops adding the valid rows of ``result`` (and the departments they need)."""
    people = result.participants
    used = {p.department for p in people}
    return [*(Add(d) for d in result.new_departments if d.id in used),
            *(Add(p) for p in people)]


# -- participants ↔ advisory group -------------------------------------------------------

def members_from_participants(workshop: Workshop, ids: Iterable[str]
                              ) -> tuple[list[Member], list[str]]:
    """New advisory-group members for participants ``ids`` (customer-facing people are
    frontline); returns them and the names skipped because they are on the roster."""
    on_roster = {(name_key(m.name), (m.email or "").casefold())
                 for m in workshop.table(Member).values()}
    out, skipped = [], []
    for pid in ids:
        p = workshop.table(Participant).get(pid)
        if p is None:
            continue
        key = (name_key(p.name), (p.email or "").casefold())
        if key in on_roster:
            skipped.append(p.name)
            continue
        on_roster.add(key)
        out.append(Member(new_id(), p.name, p.department, p.role, p.customer_facing, "", None,
                          p.email, ""))
    return out, skipped


def participants_from_members(workshop: Workshop, ids: Iterable[str]
                              ) -> tuple[list[Participant], list[str]]:
    """New participants for advisory-group members ``ids`` (frontline people are
    customer-facing); returns them and the names skipped because they take part already."""
    taking_part = {(name_key(p.name), (p.email or "").casefold())
                   for p in workshop.table(Participant).values()}
    out, skipped = [], []
    for mid in ids:
        m = workshop.table(Member).get(mid)
        if m is None:
            continue
        key = (name_key(m.name), (m.email or "").casefold())
        if key in taking_part:
            skipped.append(m.name)
            continue
        taking_part.add(key)
        out.append(Participant(new_id(), m.name, m.department, m.role, m.frontline, m.email))
    return out, skipped
