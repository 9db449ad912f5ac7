"""Customer Champions: the leaderboard of call-outs by nominee."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import rules
from .entities import Recognition


@dataclass(frozen=True)
class LeaderRow:
    """One champion: how often they were called out, and the latest date (or None)."""

    nominee: str
    count: int
    latest: str | None


name_key = rules.name_key  # the same person however the name was typed


def leaderboard(recognitions: Iterable[Recognition]) -> list[LeaderRow]:
    """Nominees by number of call-outs; ties go to the most recent call-out, then the name.

    Names that differ only in case or spacing count as one person, shown with
    the spelling of their latest call-out. Call-outs without a nominee are left out.
    """
    groups: dict[str, list[Recognition]] = {}
    for r in recognitions:
        key = name_key(r.nominee)
        if key:
            groups.setdefault(key, []).append(r)
    rows = []
    for recs in groups.values():
        dates = [r.date for r in recs if r.date]
        latest = max(dates) if dates else None
        newest = max(reversed(recs), key=lambda r: r.date or "")  # of equals: last entered
        rows.append(LeaderRow(" ".join(newest.nominee.split()), len(recs), latest))
    rows.sort(key=lambda row: name_key(row.nominee))
    rows.sort(key=lambda row: row.latest or "", reverse=True)
    rows.sort(key=lambda row: row.count, reverse=True)
    return rows
