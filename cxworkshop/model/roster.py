"""The employee advisory group: is the roster the right size and mix of people?

:func:`composition_checks` gives one :class:`Check` per rule, each with a plain
sentence saying why it passes or warns. The thresholds are :class:`RosterRules`;
a session keeps its own in ``SessionInfo`` (``roster_min_size``,
``roster_max_size``, ``roster_max_share``) when it has them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .entities import Department, Member, SessionInfo
from .rules import name_key

if TYPE_CHECKING:
    from .workshop import Workshop

NEWCOMER_YEARS = 2.0  # under this many years in the organization: a newcomer
LONG_SERVING_YEARS = 5.0  # this many years or more: long-serving


@dataclass(frozen=True)
class RosterRules:
    """Thresholds for the composition checks."""

    min_size: int = 10
    max_size: int = 12
    max_department_share: float = 0.25

    @classmethod
    def of(cls, info: SessionInfo) -> RosterRules:
        """The rules a session keeps (defaults for what it does not)."""
        d = cls()
        return cls(min_size=getattr(info, "roster_min_size", d.min_size),
                   max_size=getattr(info, "roster_max_size", d.max_size),
                   max_department_share=getattr(info, "roster_max_share",
                                                d.max_department_share))

    def problems(self) -> list[str]:
        """Why these rules cannot be used, as sentences (empty when they are fine)."""
        out = []
        if not 1 <= self.min_size <= 1000:
            out.append("The smallest group size must be a whole number from 1 to 1000.")
        if not self.min_size <= self.max_size <= 1000:
            out.append("The largest group size must be at least the smallest and at most 1000.")
        if not 0 < self.max_department_share <= 1:
            out.append("The largest share of one department must be between 1 % and 100 %.")
        return out


@dataclass(frozen=True)
class Check:
    """One composition rule: its name, whether the roster passes, and why."""

    name: str
    ok: bool
    message: str


_key = name_key


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def _names(names: list[str], limit: int = 4) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def _years(value: float) -> str:
    return f"{value:g} year" + ("" if value == 1 else "s")


#: ``(department id, name, colour, member count)`` rows, largest first
DeptCounts = list[tuple[str | None, str, str, int]]


def department_counts(workshop: Workshop) -> DeptCounts:
    """Members per department as ``(department id, name, colour, count)``, largest first.

    Members without a department are one row with id None ("No department").
    """
    counts: dict[str | None, int] = {}
    for m in workshop.table(Member).values():
        dept = m.department if m.department in workshop.table(Department) else None
        counts[dept] = counts.get(dept, 0) + 1
    rows = []
    for dept_id, n in counts.items():
        d = workshop.table(Department).get(dept_id) if dept_id else None
        rows.append((dept_id, (d.name or "(unnamed)") if d else "No department",
                     d.color if d else "#9aa5b1", n))
    order: dict[str | None, int] = {d: i for i, d in enumerate(workshop.table(Department))}
    rows.sort(key=lambda r: (-r[3], order.get(r[0], len(order))))
    return rows


def composition_checks(workshop: Workshop, rules: RosterRules | None = None) -> list[Check]:
    """Check the advisory group of ``workshop`` against ``rules``.

    Args:
        workshop: the session (:class:`~cxworkshop.model.Workshop`).
        rules: the thresholds; by default the session's own (see :meth:`RosterRules.of`).

    Returns:
        One check each for size, departments represented, the largest
        department's share, frontline and behind-the-scenes, spread of tenure
        and spread of locations, in that order.
    """
    if rules is None:
        rules = RosterRules.of(workshop.info)
    members = list(workshop.table(Member).values())
    checks = [_size(members, rules)]
    if not members:
        none = "No members yet."
        return checks + [Check(name, False, none) for name in (
            "Departments", "Department share", "Frontline and behind the scenes",
            "Tenure", "Locations")]
    counts = department_counts(workshop)
    checks += [_departments(workshop, counts, rules), _share(counts, len(members), rules),
               _frontline(members), _tenure(members), _locations(members)]
    return checks


def _size(members: list[Member], rules: RosterRules) -> Check:
    n = len(members)
    want = (f"{rules.min_size}" if rules.min_size == rules.max_size
            else f"{rules.min_size}–{rules.max_size}")
    if n == 0:
        return Check("Size", False, f"No members yet: the group needs {want} people.")
    if n < rules.min_size:
        return Check("Size", False,
                     f"{_plural(n, 'member')}: too small, the group needs {want} people "
                     f"({rules.min_size - n} more) to hear enough of the organization.")
    if n > rules.max_size:
        return Check("Size", False,
                     f"{_plural(n, 'member')}: too large, the group should have {want} people "
                     f"({n - rules.max_size} too many); a large group talks less and "
                     "decides more slowly.")
    return Check("Size", True, f"{_plural(n, 'member')}: within {want}.")


def _departments(workshop: Workshop, counts: DeptCounts, rules: RosterRules) -> Check:
    """Every department of the session has a member, except those marked optional
    (``Department.roster_optional``): "3 of 7 represented" is not a pass."""
    named = [(dept_id, name) for dept_id, name, _c, _n in counts if dept_id is not None]
    present = {i for i, _ in named}
    departments = list(workshop.table(Department).values())
    required = [d for d in departments if not d.roster_optional]
    missing = [d.name or "(unnamed)" for d in required if d.id not in present]
    optional = [d.name or "(unnamed)" for d in departments
                if d.roster_optional and d.id not in present]
    loose = sum(n for dept_id, _name, _c, n in counts if dept_id is None)
    tail = (f" {_plural(loose, 'member has', 'members have')} no department."
            if loose else "")
    if optional:
        tail += f" Need not be represented: {_names(optional)}."
    k = len(named)
    if k == 0:
        return Check("Departments", False,
                     "No member has a department yet: record where each one works." + tail)
    here = f" ({_names([n for _, n in named])})"
    if missing:
        return Check("Departments", False,
                     f"Only {k} of {_plural(len(required), 'department')} represented{here}:"
                     f" not represented: {_names(missing)}. Add someone from each, or mark a "
                     "department as not needed in the group." + tail)
    total = len(required)
    return Check("Departments", True,
                 f"All {_plural(total, 'department')} represented{here}." + tail
                 if total else f"{_plural(k, 'department')} represented{here}." + tail)


def _share(counts: DeptCounts, n: int, rules: RosterRules) -> Check:
    limit = rules.max_department_share
    over = [(name, c) for dept_id, name, _col, c in counts
            if dept_id is not None and c / n > limit + 1e-9]
    allowed = math.floor(limit * n + 1e-9)
    if over:
        parts = [f"{name} has {c} of {n} members ({_percent(c / n)})" for name, c in over]
        who = "one department" if len(over) == 1 else "these departments"
        return Check("Department share", False,
                     "; ".join(parts) + f": above the {_percent(limit)} limit, so {who} "
                     f"would dominate the group (at most {_plural(allowed, 'member')} "
                     "from one department).")
    named = [(name, c) for dept_id, name, _col, c in counts if dept_id is not None]
    if not named:
        return Check("Department share", True,
                     "No member has a department yet, so no department dominates.")
    name, c = named[0]
    return Check("Department share", True,
                 f"No department has more than {_percent(limit)} of the members "
                 f"(largest: {name}, {c} of {n}).")


def _frontline(members: list[Member]) -> Check:
    front = sum(1 for m in members if m.frontline)
    back = len(members) - front
    name = "Frontline and behind the scenes"
    if back == 0:
        return Check(name, False,
                     f"All {_plural(front, 'member')} work on the frontline: add people from "
                     "behind the scenes (billing, IT, facilities), whose work reaches "
                     "customers too.")
    if front == 0:
        return Check(name, False,
                     f"All {_plural(back, 'member')} work behind the scenes: add frontline "
                     "people who meet customers every day.")
    return Check(name, True, f"{front} frontline and {back} behind the scenes.")


def _tenure(members: list[Member]) -> Check:
    known = [m.tenure_years for m in members if m.tenure_years is not None]
    unknown = len(members) - len(known)
    tail = f" Tenure unknown for {unknown}." if unknown and known else ""
    if len(known) < 2:
        what = "No tenure recorded yet" if not known else "Tenure known for only 1 member"
        return Check("Tenure", False,
                     f"{what}: add years in the organization to see whether newcomers and "
                     "long-serving staff are both in the group.")
    low, high = min(known), max(known)
    new = sum(1 for t in known if t < NEWCOMER_YEARS)
    old = sum(1 for t in known if t >= LONG_SERVING_YEARS)
    span = f"From {low:g} to {_years(high)}"
    if new and old:
        return Check("Tenure", True,
                     f"{span}: {new} newcomer{'s' if new != 1 else ''} (under "
                     f"{_years(NEWCOMER_YEARS)}) and {old} long-serving (5 years or more)."
                     + tail)
    lacking = (f"no newcomers (under {_years(NEWCOMER_YEARS)}), who still see the "
               "organization as customers do" if not new else
               "no long-serving staff (5 years or more), who know why things are as they are")
    if not new and not old:
        lacking = (f"neither newcomers (under {_years(NEWCOMER_YEARS)}) nor long-serving "
                   "staff (5 years or more)")
    return Check("Tenure", False, f"{span}: {lacking}." + tail)


def _locations(members: list[Member]) -> Check:
    counts: dict[str, list[Any]] = {}  # key: [shown name, count]
    for m in members:
        key = _key(m.location)
        if key:
            counts.setdefault(key, [" ".join(m.location.split()), 0])[1] += 1
    unknown = sum(1 for m in members if not _key(m.location))
    tail = f" Location unknown for {unknown}." if unknown and counts else ""
    if not counts:
        return Check("Locations", False,
                     "No locations recorded yet: add where each member works to see the spread.")
    if len(counts) == 1:
        (name, n), = counts.values()
        return Check("Locations", False,
                     f"{'Everyone with a location' if unknown else 'Everyone'} works at "
                     f"{name}: include people from other "
                     "sites, if the organization has any." + tail)
    ranked = sorted(counts.values(), key=lambda v: (-v[1], v[0].casefold()))
    return Check("Locations", True,
                 f"{len(ranked)} locations: "
                 + _names([f"{name} ({n})" for name, n in ranked]) + "." + tail)
