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
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Add, Department, Member, Op, Workshop, new_id, ops, rules
from ..model.fields import is_unicode, specs

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
    department_index: dict = field(default_factory=dict, repr=False)  # name key -> id

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
            out.extend(f"line {row.line}: {p}" for p in row.problems)
        return out

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.bad_rows


def header_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", (text or "").casefold())


name_key = rules.name_key


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (a byte-order mark is dropped), UTF-16 with its
    byte-order mark, else Windows-1252.

    Raises:
        ValueError: the bytes are none of these.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValueError("the file starts like UTF-16 text but is not") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mixed = mixed_encoding_lines(data)
    if mixed:
        return _decode_by_line(data)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError("the file is not text in UTF-8 or Windows-1252: "
                         "save it from the spreadsheet as “CSV UTF-8”") from None


def mixed_encoding_lines(data: bytes) -> list[int]:
    """Line numbers (1-based) that are not UTF-8 in a file whose other non-ASCII
    lines are: a file pasted together from two sources. Empty if not mixed."""
    bad, good_utf8 = [], False
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good_utf8 = True
        except UnicodeDecodeError:
            bad.append(number)
    return bad if bad and good_utf8 else []


def _decode_by_line(data: bytes) -> str:
    """UTF-8 lines as UTF-8, the others as Windows-1252."""
    out = []
    for line in data.removeprefix(b"\xef\xbb\xbf").split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
    return "\n".join(out)


def _dialect(text: str) -> tuple[type[csv.Dialect], int]:
    """The separator of ``text`` and how many lines to skip before the header.

    Excel's ``sep=;`` first line is honoured; otherwise the header line decides:
    the most frequent of comma, semicolon and tab outside quotes (comma on a tie).
    """
    lines = text.splitlines()
    index, first = next(((i, line) for i, line in enumerate(lines) if line.strip()), (0, ""))
    skip = 0
    if re.fullmatch(r"\s*sep=(.)\s*", first, re.IGNORECASE):
        best, skip = first.strip()[4], index + 1
    else:
        outside = re.sub(r'"[^"]*"', "", first)
        counts = {sep: outside.count(sep) for sep in (",", ";", "\t")}
        best = max(counts, key=lambda sep: (counts[sep], sep == ","))

    class Sniffed(csv.excel):
        delimiter = best
    return Sniffed, skip


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
        raise ValueError(f"tenure “{text.strip()}” is not a number of years") from None
    if not math.isfinite(value) or value < 0 or value > MAX_TENURE:
        raise ValueError(f"tenure “{text.strip()}” must be between 0 and {MAX_TENURE} years")
    return value


def parse_roster_csv(data: bytes | str, workshop: Workshop) -> RosterImport:
    """Read a roster file against ``workshop`` (for departments and duplicates).

    Returns:
        A :class:`RosterImport`: every data row with its line number, its
        :class:`Member` or its problems, the departments to create, unknown
        columns, and problems with the file as a whole.
    """
    result = RosterImport()
    if isinstance(data, bytes):
        try:
            text = decode(data)
        except ValueError as e:
            result.fatal.append(str(e))
            return result
        mixed = mixed_encoding_lines(data) if not data.isascii() else []
        if mixed:
            shown = ", ".join(map(str, mixed[:10])) + (" …" if len(mixed) > 10 else "")
            result.notes.append(
                f"The file mixes text encodings: line{'s' if len(mixed) > 1 else ''} {shown} "
                f"{'are' if len(mixed) > 1 else 'is'} not UTF-8 and "
                f"{'were' if len(mixed) > 1 else 'was'} read as Windows-1252; check the names on "
                f"{'them' if len(mixed) > 1 else 'it'} (save the file as “CSV UTF-8”).")
    else:
        text = data[1:] if data.startswith("\ufeff") else data
        if not is_unicode(text):  # e.g. a lone surrogate: no file could store it
            result.fatal.append("the text holds characters that are not valid Unicode")
            return result
    if "\x00" in text:
        result.fatal.append("the file is not a CSV text file (it holds binary data)")
        return result
    if not text.strip():
        result.fatal.append("the file is empty: it needs a header line (name, department, "
                            "role, frontline, location, tenure_years, email, notes) and rows")
        return result
    dialect, skip = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header: list[str] | None = None
    header_line = 0
    fields: list[str | None] = []
    last = 0
    seen = {(name_key(m.name), (m.email or "").strip().casefold())
            for m in workshop.table("members").values()}
    try:
        for cells in reader:
            line, last = last + 1, reader.line_num
            if line <= skip or not any(c.strip() for c in cells):
                continue
            if header is None:
                header, header_line = [c.strip() for c in cells], line
                fields = _map_header(header, line, result)
                if result.fatal:
                    return result
                continue
            result.rows.append(_read_row(line, cells, header, fields, workshop, result, seen))
    except csv.Error as e:
        result.fatal.append(f"line {reader.line_num}: the file cannot be read as CSV ({e})")
        return result
    if header is None:
        result.fatal.append("the file has no header line")
    elif not result.rows:
        result.fatal.append(f"no rows below the header (line {header_line})")
    used = {r.member.department for r in result.rows if r.member is not None}
    result.new_departments = [d for d in result.new_departments if d.id in used]
    return result


def _map_header(header: list[str], line: int, result: RosterImport) -> list[str | None]:
    fields: list[str | None] = []
    where: dict[str, str] = {}
    for cell in header:
        name = _HEADER_TO_FIELD.get(header_key(cell))
        if name is None:
            fields.append(None)
            if cell:
                result.unknown_columns.append(cell)
            continue
        if name in where:
            result.fatal.append(f"line {line}: columns “{where[name]}” and “{cell}” "
                                f"both mean "
                                f"{name.replace('_', ' ')}; keep one")
        where[name] = cell
        fields.append(name)
    result.columns = [f for f in fields if f]
    if "name" not in where:
        found = ", ".join(f"“{c}”" for c in header if c) or "nothing"
        result.fatal.append(f"line {line}: no “name” column (found {found}); the header needs "
                            "at least name, and may have department, role, frontline, "
                            "location, tenure_years, email, notes")
    elif "frontline" not in where:
        result.notes.append("There is no frontline column: everyone is counted as frontline.")
    return fields


def _read_row(line: int, cells: list[str], header: list[str], fields: list[str | None],
              workshop: Workshop, result: RosterImport, seen: set) -> RosterRow:
    values = dict.fromkeys(_FIELDS, "")
    problems: list[str] = []
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
        problems.append(f"{len(cells)} values but the header has {len(header)} columns "
                        "(a comma inside a value needs quotes)")
    for name, cell in zip(fields, cells, strict=False):
        if name:
            values[name] = _unsafe_cell(cell).strip()  # "'\t" is a disarmed tab
    row = RosterRow(line, values, problems=problems)
    name = " ".join(values["name"].split())
    if not name:
        problems.append("the name is empty")
    frontline = True
    if "frontline" in fields:
        flag = parse_flag(values["frontline"])
        if flag is None:
            shown = values["frontline"]
            problems.append(f"frontline “{shown}” is not yes or no" if shown
                            else "frontline is empty: write yes or no")
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
        problems.append(f"email {bad_email}")
    key = (name_key(name), email.casefold())
    if name and key in seen:
        problems.append(f"{name} is already on the roster"
                        + (f" with email {email}" if email else "")
                        + " (or earlier in this file)")
    if problems:
        return row
    seen.add(key)
    dept_id = None
    if values["department"]:
        index = result.department_index
        if not index:  # once per file: a lookup per row stays O(1) for 100,000 rows
            index.update((name_key(d.name), d.id)
                         for d in reversed(workshop.tables["departments"].values()))
            index[""] = None
        key = name_key(values["department"])
        dept_id = index.get(key)
        if dept_id is None:
            dept = new_department(workshop, values["department"], result.new_departments)
            result.new_departments.append(dept)
            dept_id = index[key] = dept.id
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
                                                         f"Department: {new[m.department]}")
                                             if x))
                   if m.department in new else m for m in members]
        departments = []
    return ops.add_people(workshop or Workshop(), members, departments,
                          f"Import {len(members)} member{'s' if len(members) != 1 else ''}")


def roster_to_csv(workshop: Workshop) -> str:
    """The roster as CSV text (comma-separated, a header line, ``\\r\\n`` line ends)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([h for _f, h in COLUMNS])
    departments = workshop.table("departments")
    for m in workshop.table("members").values():
        dept = departments.get(m.department) if m.department else None
        writer.writerow([_safe_cell(c) for c in (
            m.name, dept.name if dept else "", m.role, rules.flag_word(m.frontline),
            m.location, "" if m.tenure_years is None else f"{m.tenure_years:g}",
            m.email, m.notes)])
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula: a leading ' disarms =, +, -, @
    (and a text that starts with ' gets one more, so that reading it back is exact)."""
    return "'" + text if text.startswith((*_FORMULA_START, "'")) else text


def _unsafe_cell(text: str) -> str:
    """Undo :func:`_safe_cell` when reading our own export back."""
    if text.startswith("'") and text[1:].startswith((*_FORMULA_START, "'")):
        return text[1:]
    return text


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

    def change(self, target: Workshop) -> ops.Change:
        """The members (and departments) as one change to ``target``."""
        return ops.add_people(target, self.members, self.new_departments,
                              f"Copy {len(self.members)} members")


def copy_roster(source: Workshop, target: Workshop) -> RosterCopy:
    """The members of ``source`` as new rows for ``target``.

    Departments are matched by name (a missing one is created in the source's
    colour); members already on the target roster (same name and email) are skipped.
    """
    created: list[Department] = []
    members: list[Member] = []
    skipped: list[str] = []
    seen = {(name_key(m.name), (m.email or "").strip().casefold())
            for m in target.table("members").values()}
    for m in source.table("members").values():
        key = (name_key(m.name), (m.email or "").strip().casefold())
        if key in seen:
            skipped.append(m.name)
            continue
        seen.add(key)
        dept_id = None
        src = source.table("departments").get(m.department) if m.department else None
        if src is not None:
            dept_id = find_department(target, src.name, created)
            if dept_id is None:
                dept = new_department(target, src.name or "(unnamed)", created, src.color)
                created.append(dept)
                dept_id = dept.id
        members.append(m.replace(id=new_id(), department=dept_id))
    return RosterCopy(members, created, skipped)
