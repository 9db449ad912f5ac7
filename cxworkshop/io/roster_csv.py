"""The advisory group roster as CSV: read a spreadsheet export with a preview, write one back.

Columns are found by their header (any case, spaces or underscores, a few
common aliases); unknown columns are reported and ignored. The separator is
sniffed (comma, semicolon or tab), a UTF-8 byte-order mark is dropped, blank
lines are skipped, and every bad row is reported with its line number and
reason. Nothing here writes: :func:`import_ops` gives the ops to apply as one step.
"""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..i18n import ngettext, tr
from ..model import Add, Department, Member, Op, Workshop, new_id, ops, rules
from ..model.fields import specs
from ..model.ops import Change as OpsChange
from .csv_text import map_header, read_table, safe_cell, too_many_cells, unsafe_cell

#: The roster columns in file order: (field of Member, header written on export).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "name"), ("department", "department"), ("role", "role"),
    ("frontline", "frontline"), ("location", "location"), ("tenure_years", "tenure_years"),
    ("email", "email"), ("notes", "notes"))

_ALIASES = {
    "name": ("name", "fullname", "member", "membername", "person", "employee"),
    "department": ("department", "dept", "team", "unit", "departmentname"),
    "role": ("role", "jobtitle", "job", "position", "function"),
    "frontline": ("frontline", "isfrontline", "frontlinerole", "customerfacing", "frontstage"),
    "location": ("location", "site", "office", "place", "city"),
    "tenure_years": ("tenureyears", "tenure", "years", "yearsofservice", "tenureinyears",
                     "yearsinorganization", "yearsatcompany"),
    "email": ("email", "emailaddress", "mail"),
    "notes": ("notes", "note", "comments", "comment", "remarks"),
}
_HEADER_TO_FIELD = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}

MAX_TENURE = 80


@dataclass
class RosterRow:
    """One data row of the file as the preview shows it."""

    line: int
    values: dict[str, str]
    member: Member | None = None  # None when the row has problems
    problems: list[str] = field(default_factory=list)


@dataclass
class RosterImport:
    """What a CSV file would add to a session; nothing has been applied."""

    rows: list[RosterRow] = field(default_factory=list)
    new_departments: list[Department] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # Member fields found, in file order
    unknown_columns: list[str] = field(default_factory=list)
    fatal: list[str] = field(default_factory=list)  # the file as a whole cannot be read
    notes: list[str] = field(default_factory=list)  # worth knowing, not a problem
    # name key -> department id
    department_index: dict[str, str | None] = field(default_factory=dict, repr=False)

    @property
    def members(self) -> list[Member]:
        return [r.member for r in self.rows if r.member is not None]

    @property
    def bad_rows(self) -> list[RosterRow]:
        return [r for r in self.rows if r.problems]

    @property
    def problems(self) -> list[str]:
        """Every problem as ``line N: reason``, file-level ones first."""
        out = list(self.fatal)
        for row in self.bad_rows:
            out.extend(tr("line {n}: {problem}").format(n=row.line, problem=p)
                       for p in row.problems)
        return out

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.bad_rows


name_key = rules.name_key


def find_department(workshop: Workshop, name: str,
                    created: Iterable[Department] = ()) -> str | None:
    return rules.find_department(workshop, name, created)


def new_department(workshop: Workshop, name: str, created: Iterable[Department],
                   color: str | None = None) -> Department:
    """A department called ``name``, in a colour not used yet when one is left."""
    return rules.new_department(workshop, name, created, color)


def parse_flag(text: str) -> bool | None:
    return rules.parse_flag(text)


def parse_tenure(text: str) -> float | None:
    """Years as a number (``3``, ``3.5``, ``3,5``); raises ValueError with the reason."""
    t = text.strip().casefold()
    for unit in ("years", "year", "yrs", "yr", "y"):
        if t.endswith(unit):
            t = t[: -len(unit)].strip()
            break
    if not t:
        return None
    try:
        value = float(t.replace(",", "."))
    except ValueError:
        raise ValueError(tr("tenure “{value}” is not a number of years").format(
            value=text.strip())) from None
    if not math.isfinite(value) or value < 0 or value > MAX_TENURE:
        raise ValueError(tr("tenure “{value}” must be between 0 and {most} years").format(
            value=text.strip(), most=MAX_TENURE))
    return value


def parse_roster_csv(data: bytes | str, workshop: Workshop) -> RosterImport:
    """Read a roster file against ``workshop`` (for departments and duplicates).

    Returns:
        A :class:`RosterImport`: every data row with its line number, its
        :class:`Member` or its problems, the departments to create, unknown
        columns, and problems with the file as a whole.
    """
    result = RosterImport()
    seen = {(name_key(m.name), (m.email or "").strip().casefold())
            for m in workshop.table(Member).values()}
    read_table(data, tr("it needs a header line (name, department, role, frontline, "
                        "location, tenure_years, email, notes) and rows"), result,
               lambda header, line: _map_header(header, line, result),
               lambda line, cells, header, fields: _read_row(
                   line, cells, header, fields, workshop, result, seen))
    used = {r.member.department for r in result.rows if r.member is not None}
    result.new_departments = [d for d in result.new_departments if d.id in used]
    return result


def _map_header(header: list[str], line: int, result: RosterImport) -> list[str | None]:
    fields, where = map_header(header, line, _HEADER_TO_FIELD, result.fatal,
                               result.unknown_columns)
    result.columns = [f for f in fields if f]
    if "name" not in where:
        found = ", ".join(f"“{c}”" for c in header if c) or tr("nothing")
        result.fatal.append(tr("line {n}: no “name” column (found {found}); the header needs "
                               "at least name, and may have department, role, frontline, "
                               "location, tenure_years, email, notes").format(n=line,
                                                                              found=found))
    elif "frontline" not in where:
        result.notes.append(tr("There is no frontline column: everyone is counted as "
                               "frontline."))
    return fields


def _read_row(line: int, cells: list[str], header: list[str], fields: list[str | None],
              workshop: Workshop, result: RosterImport, seen: set[tuple[str, str]]
              ) -> RosterRow:
    values = dict.fromkeys(_FIELDS, "")
    too_many = too_many_cells(cells, header)
    problems: list[str] = [too_many] if too_many else []
    for name, cell in zip(fields, cells, strict=False):
        if name:
            values[name] = unsafe_cell(cell).strip()  # "'\t" is a disarmed tab
    row = RosterRow(line, values, problems=problems)
    name = " ".join(values["name"].split())
    if not name:
        problems.append(tr("the name is empty"))
    frontline = True
    if "frontline" in fields:
        flag = parse_flag(values["frontline"])
        if flag is None:
            shown = values["frontline"]
            problems.append(tr("frontline “{value}” is not yes or no").format(value=shown)
                            if shown else tr("frontline is empty: write yes or no"))
        else:
            frontline = flag
    tenure = None
    try:
        tenure = parse_tenure(values["tenure_years"])
    except ValueError as e:
        problems.append(str(e))
    email = values["email"]
    bad_email = rules.email_problem(email)
    if bad_email:
        problems.append(tr("email {problem}").format(problem=bad_email))
    key = (name_key(name), email.casefold())
    if name and key in seen:
        problems.append((tr("{name} is already on the roster with email {email} (or earlier "
                            "in this file)") if email else
                         tr("{name} is already on the roster (or earlier in this file)")
                         ).format(name=name, email=email))
    if problems:
        return row
    seen.add(key)
    dept_id = None
    if values["department"]:
        index = result.department_index
        if not index:  # once per file: a lookup per row stays O(1) for 100,000 rows
            index.update((name_key(d.name), d.id)
                         for d in reversed(workshop.all(Department)))
            index[""] = None
        dept_key = name_key(values["department"])
        dept_id = index.get(dept_key)
        if dept_id is None:
            dept = new_department(workshop, values["department"], result.new_departments)
            result.new_departments.append(dept)
            dept_id = index[dept_key] = dept.id
    member = Member(new_id(), name, dept_id, values["role"], frontline,
                    values["location"], tenure, email, values["notes"])
    too_long = [] if max(map(len, values.values())) <= rules.NAME_MAX else [
        f"{name.replace('_', ' ')} {why}" for name, limit in _TEXT_LIMITS
        for why in (rules.too_long(getattr(member, name), limit),) if why]
    if too_long:  # the model's text bounds: say which row and field
        problems.extend(too_long)
        return row
    row.member = member
    return row


_FIELDS = tuple(f for f, _h in COLUMNS)
_TEXT_LIMITS = tuple((name, spec.max_length) for name, spec in specs(Member).items()
                     if spec.max_length)


def import_ops(result: RosterImport, create_departments: bool = True,
               workshop: Workshop | None = None) -> ops.Change:
    """The change adding the valid rows of ``result`` (and the departments they need).

    With ``create_departments`` False no department is added (each would become a lane on
    the map): members of a department the session lacks get none, and the name the file
    gave is kept in their notes ("Department: IT"), so nothing typed is lost.
    """
    members = result.members
    departments = result.new_departments
    if not create_departments:
        new = {d.id: d.name for d in result.new_departments}
        members = [m.replace(department=None,
                             notes="; ".join(x for x in (m.notes,
                                                         tr("Department: {name}").format(
                                                             name=new[m.department]))
                                             if x))
                   if m.department in new else m for m in members]
        departments = []
    return ops.add_people(workshop or Workshop(), members, departments,
                          ngettext("Import {n} member", "Import {n} members",
                                   len(members)).format(n=len(members)))


def roster_to_csv(workshop: Workshop) -> str:
    """The roster as CSV text (comma-separated, a header line, ``\\r\\n`` line ends)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([h for _f, h in COLUMNS])
    departments = workshop.table(Department)
    for m in workshop.table(Member).values():
        dept = departments.get(m.department) if m.department else None
        writer.writerow([safe_cell(c) for c in (
            m.name, dept.name if dept else "", m.role, rules.flag_word(m.frontline),
            m.location, "" if m.tenure_years is None else f"{m.tenure_years:g}",
            m.email, m.notes)])
    return out.getvalue()


def roster_csv_bytes(workshop: Workshop) -> bytes:
    """:func:`roster_to_csv` as UTF-8 with a byte-order mark, which spreadsheets expect."""
    return roster_to_csv(workshop).encode("utf-8-sig")


@dataclass
class RosterCopy:
    """Members of another session to add to this one."""

    members: list[Member]
    new_departments: list[Department]
    skipped: list[str]  # names already on this roster

    def ops(self) -> list[Op]:
        return [*(Add(d) for d in self.new_departments), *(Add(m) for m in self.members)]

    def change(self, target: Workshop) -> OpsChange:  # (``ops`` here is the method)
        """The members (and departments) as one change to ``target``."""
        return ops.add_people(target, self.members, self.new_departments,
                              ngettext("Copy {n} member", "Copy {n} members",
                                       len(self.members)).format(n=len(self.members)))


def copy_roster(source: Workshop, target: Workshop) -> RosterCopy:
    """The members of ``source`` as new rows for ``target``.

    Departments are matched by name (a missing one is created in the source's
    colour); members already on the target roster (same name and email) are skipped.
    """
    created: list[Department] = []
    members: list[Member] = []
    skipped: list[str] = []
    seen = {(name_key(m.name), (m.email or "").strip().casefold())
            for m in target.table(Member).values()}
    for m in source.table(Member).values():
        key = (name_key(m.name), (m.email or "").strip().casefold())
        if key in seen:
            skipped.append(m.name)
            continue
        seen.add(key)
        dept_id = None
        src = source.table(Department).get(m.department) if m.department else None
        if src is not None:
            dept_id = find_department(target, src.name, created)
            if dept_id is None:
                dept = new_department(target, src.name or "(unnamed)", created, src.color)
                created.append(dept)
                dept_id = dept.id
        members.append(m.replace(id=new_id(), department=dept_id))
    return RosterCopy(members, created, skipped)
