"""Finding things on the map by typing: processes, notes and people (whose
placements point at processes), ignoring case and accents ("cafe" finds "Café")."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ...i18n import tr
from ...model.entities import Note, Participant, Placement, Process


def fold(text: str) -> str:
    """``text`` without case or accents, for matching what a user types."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class Hit:
    kind: str          # "processes" or "notes"
    id: str            # what to select
    label: str         # what the list shows


def find(workshop, query: str, limit: int = 50) -> list[Hit]:
    """What matches ``query``: processes by name, notes by text, people by name
    (their processes); names starting with the query first."""
    q = fold(query.strip())
    if not q:
        return []
    starts: list[Hit] = []
    contains: list[Hit] = []

    def consider(text: str, hit: Hit) -> None:
        f = fold(text)
        if f.startswith(q):
            starts.append(hit)
        elif q in f:
            contains.append(hit)

    procs = workshop.table(Process)
    for p in procs.values():
        consider(p.name, Hit("processes", p.id, tr("Process: {name}").format(name=p.name)))
    for n in workshop.table(Note).values():
        consider(n.text, Hit("notes", n.id, tr("Note: {text}").format(text=n.text)))
    people = workshop.table(Participant)
    for pl in workshop.table(Placement).values():
        person = people.get(pl.participant)
        if person is not None and pl.process in procs:
            consider(person.name, Hit("processes", pl.process,
                                      f"{person.name}: {procs[pl.process].name}"))
    return (starts + contains)[:limit]
