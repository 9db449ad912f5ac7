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

from ..i18n import N_, decimal, ngettext, tr
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
            out.append(tr("The smallest group size must be a whole number from 1 to 1000."))
        if not self.min_size <= self.max_size <= 1000:
            out.append(tr("The largest group size must be at least the smallest and at most "
                          "1000."))
        if not 0 < self.max_department_share <= 1:
            out.append(tr("The largest share of one department must be between 1 % and 100 %."))
        return out


@dataclass(frozen=True)
class Check:
    """One composition rule: its name, whether the roster passes, and why."""

    name: str
    ok: bool
    message: str


_key = name_key


#: the checks' names, in their order (translated where a check is made)
SIZE, DEPARTMENTS, SHARE = N_("Size"), N_("Departments"), N_("Department share")
FRONTLINE, TENURE, LOCATIONS = (N_("Frontline and behind the scenes"), N_("Tenure"),
                                N_("Locations"))


def _members(n: int) -> str:
    return ngettext("{n} member", "{n} members", n).format(n=n)


def _departments_n(n: int) -> str:
    return ngettext("{n} department", "{n} departments", n).format(n=n)


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def _names(names: list[str], limit: int = 4) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    rest = len(names) - limit
    return tr("{names} and {n} more").format(names=", ".join(names[:limit]), n=rest)


def _under(value: float) -> str:
    return ngettext("under {n} year", "under {n} years", 1 if value == 1 else 2).format(
        n=decimal(value))


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
        rows.append((dept_id, (d.name or tr("(unnamed)")) if d else tr("No department"),
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
        none = tr("No members yet.")
        return checks + [Check(tr(name), False, none) for name in (
            DEPARTMENTS, SHARE, FRONTLINE, TENURE, LOCATIONS)]
    counts = department_counts(workshop)
    checks += [_departments(workshop, counts, rules), _share(counts, len(members), rules),
               _frontline(members), _tenure(members), _locations(members)]
    return checks


def _size(members: list[Member], rules: RosterRules) -> Check:
    n = len(members)
    want = (f"{rules.min_size}" if rules.min_size == rules.max_size
            else f"{rules.min_size}–{rules.max_size}")
    name = tr(SIZE)
    if n == 0:
        return Check(name, False,
                     tr("No members yet: the group needs {want} people.").format(want=want))
    if n < rules.min_size:
        return Check(name, False, ngettext(
            "{n} member: too small, the group needs {want} people ({more} more) to hear "
            "enough of the organization.",
            "{n} members: too small, the group needs {want} people ({more} more) to hear "
            "enough of the organization.", n).format(n=n, want=want, more=rules.min_size - n))
    if n > rules.max_size:
        return Check(name, False, tr(
            "{n} members: too large, the group should have {want} people ({extra} too many); "
            "a large group talks less and decides more slowly.").format(
                n=n, want=want, extra=n - rules.max_size))
    return Check(name, True, ngettext("{n} member: within {want}.", "{n} members: within {want}.",
                                      n).format(n=n, want=want))


def _departments(workshop: Workshop, counts: DeptCounts, rules: RosterRules) -> Check:
    """Every department of the session has a member, except those marked optional
    (``Department.roster_optional``): "3 of 7 represented" is not a pass."""
    named = [(dept_id, name) for dept_id, name, _c, _n in counts if dept_id is not None]
    present = {i for i, _ in named}
    departments = list(workshop.table(Department).values())
    required = [d for d in departments if not d.roster_optional]
    unnamed = tr("(unnamed)")
    missing = [d.name or unnamed for d in required if d.id not in present]
    optional = [d.name or unnamed for d in departments
                if d.roster_optional and d.id not in present]
    loose = sum(n for dept_id, _name, _c, n in counts if dept_id is None)
    tail = (" " + ngettext("{n} member has no department.", "{n} members have no department.",
                           loose).format(n=loose) if loose else "")
    if optional:
        tail += " " + tr("Need not be represented: {names}.").format(names=_names(optional))
    k = len(named)
    name = tr(DEPARTMENTS)
    if k == 0:
        return Check(name, False,
                     tr("No member has a department yet: record where each one works.") + tail)
    here = _names([n for _, n in named])
    if missing:
        return Check(name, False, ngettext(
            "Only {k} of {n} department represented ({names}): not represented: {missing}. "
            "Add someone from each, or mark a department as not needed in the group.",
            "Only {k} of {n} departments represented ({names}): not represented: {missing}. "
            "Add someone from each, or mark a department as not needed in the group.",
            len(required)).format(k=k, n=len(required), names=here, missing=_names(missing))
            + tail)
    total = len(required)
    if total:
        text = ngettext("All {n} department represented ({names}).",
                        "All {n} departments represented ({names}).", total)
    else:
        text = ngettext("{n} department represented ({names}).",
                        "{n} departments represented ({names}).", k)
    return Check(name, True, text.format(n=total or k, names=here) + tail)


def _share(counts: DeptCounts, n: int, rules: RosterRules) -> Check:
    limit = rules.max_department_share
    over = [(name, c) for dept_id, name, _col, c in counts
            if dept_id is not None and c / n > limit + 1e-9]
    allowed = math.floor(limit * n + 1e-9)
    title = tr(SHARE)
    if over:
        parts = "; ".join(tr("{name} has {c} of {n} members ({share})").format(
            name=name, c=c, n=n, share=_percent(c / n)) for name, c in over)
        return Check(title, False, ngettext(
            "{parts}: above the {limit} limit, so one department would dominate the group "
            "(at most {most} from one department).",
            "{parts}: above the {limit} limit, so these departments would dominate the group "
            "(at most {most} from one department).", len(over)).format(
                parts=parts, limit=_percent(limit), most=_members(allowed)))
    named = [(name, c) for dept_id, name, _col, c in counts if dept_id is not None]
    if not named:
        return Check(title, True,
                     tr("No member has a department yet, so no department dominates."))
    name, c = named[0]
    return Check(title, True,
                 tr("No department has more than {limit} of the members "
                    "(largest: {name}, {c} of {n}).").format(limit=_percent(limit), name=name,
                                                             c=c, n=n))


def _frontline(members: list[Member]) -> Check:
    front = sum(1 for m in members if m.frontline)
    back = len(members) - front
    name = tr(FRONTLINE)
    if back == 0:
        return Check(name, False, ngettext(
            "The {n} member works on the frontline: add people from behind the scenes "
            "(billing, IT, facilities), whose work reaches customers too.",
            "All {n} members work on the frontline: add people from behind the scenes "
            "(billing, IT, facilities), whose work reaches customers too.", front).format(n=front))
    if front == 0:
        return Check(name, False, ngettext(
            "The {n} member works behind the scenes: add frontline people who meet customers "
            "every day.",
            "All {n} members work behind the scenes: add frontline people who meet customers "
            "every day.", back).format(n=back))
    return Check(name, True, tr("{front} frontline and {back} behind the scenes.").format(
        front=front, back=back))


def _tenure(members: list[Member]) -> Check:
    known = [m.tenure_years for m in members if m.tenure_years is not None]
    unknown = len(members) - len(known)
    tail = (" " + tr("Tenure unknown for {n}.").format(n=unknown)) if unknown and known else ""
    name = tr(TENURE)
    if len(known) < 2:
        return Check(name, False, (
            tr("No tenure recorded yet: add years in the organization to see whether "
               "newcomers and long-serving staff are both in the group.") if not known else
            tr("Tenure known for only 1 member: add years in the organization to see whether "
               "newcomers and long-serving staff are both in the group.")))
    low, high = min(known), max(known)
    new = sum(1 for t in known if t < NEWCOMER_YEARS)
    old = sum(1 for t in known if t >= LONG_SERVING_YEARS)
    span = ngettext("From {low} to {high} year", "From {low} to {high} years",
                    1 if high == 1 else 2).format(low=decimal(low), high=decimal(high))
    under = _under(NEWCOMER_YEARS)
    if new and old:
        return Check(name, True, ngettext(
            "{span}: {n} newcomer ({under}) and {old} long-serving (5 years or more).",
            "{span}: {n} newcomers ({under}) and {old} long-serving (5 years or more).",
            new).format(span=span, n=new, under=under, old=old) + tail)
    if not new and not old:
        lacking = tr("{span}: neither newcomers ({under}) nor long-serving staff "
                     "(5 years or more).")
    elif not new:
        lacking = tr("{span}: no newcomers ({under}), who still see the organization "
                     "as customers do.")
    else:
        lacking = tr("{span}: no long-serving staff (5 years or more), who know why things "
                     "are as they are.")
    return Check(name, False, lacking.format(span=span, under=under) + tail)


def _locations(members: list[Member]) -> Check:
    counts: dict[str, list[Any]] = {}  # key: [shown name, count]
    for m in members:
        key = _key(m.location)
        if key:
            counts.setdefault(key, [" ".join(m.location.split()), 0])[1] += 1
    unknown = sum(1 for m in members if not _key(m.location))
    tail = (" " + tr("Location unknown for {n}.").format(n=unknown)) if unknown and counts else ""
    title = tr(LOCATIONS)
    if not counts:
        return Check(title, False, tr("No locations recorded yet: add where each member works "
                                      "to see the spread."))
    if len(counts) == 1:
        (name, n), = counts.values()
        text = (tr("Everyone with a location works at {place}: include people from other "
                   "sites, if the organization has any.") if unknown else
                tr("Everyone works at {place}: include people from other sites, if the "
                   "organization has any."))
        return Check(title, False, text.format(place=name) + tail)
    ranked = sorted(counts.values(), key=lambda v: (-v[1], v[0].casefold()))
    return Check(title, True, tr("{n} locations: {names}.").format(
        n=len(ranked), names=_names([f"{name} ({n})" for name, n in ranked])) + tail)
