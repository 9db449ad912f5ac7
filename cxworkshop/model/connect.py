"""Connect the dots: who in the room sits where on the map, and what nobody reaches.

Definitions (all through :class:`~cxworkshop.model.graph.ProcessGraph`, links
followed from upstream to downstream):

* A participant is **placed** when they have at least one placement.
* A placed participant is **unconnected** when none of their processes has a
  path to any moment of truth: no placed process is itself a moment of truth,
  and no moment of truth lies upstream or downstream of one of them.
* A moment of truth is **touched** when some participant is placed on it, or on
  a process upstream of it (its work flows into the moment), or on a process
  downstream of it (it acts on what the moment produced). It is **untouched**
  otherwise — nobody in the room works anywhere on its chain.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .entities import Participant, Placement, Process
from .graph import ProcessGraph, moments_of_truth

if TYPE_CHECKING:
    from .workshop import Workshop


def placed_processes(workshop: Workshop, participant_id: str) -> list[str]:
    """Ids of the processes a participant placed themselves on, in placement order."""
    out: list[str] = []
    for placement in workshop.table(Placement).values():
        if placement.participant == participant_id and placement.process not in out:
            out.append(placement.process)
    return out


def unplaced_people(workshop: Workshop) -> list[Participant]:
    """Participants without any placement, in participant order."""
    placed = {p.participant for p in workshop.table(Placement).values()}
    return [p for p in workshop.table(Participant).values() if p.id not in placed]


def reaching_processes(workshop: Workshop, graph: ProcessGraph | None = None) -> frozenset[str]:
    """Processes that are a moment of truth or have one up- or downstream.

    Computed in one pass from the moments (not per person) and kept until the
    graph or the set of moments changes, so a rename or a new placement costs
    nothing here.
    """
    graph = graph or ProcessGraph.of(workshop)
    moments = frozenset(moments_of_truth(workshop))
    hit = workshop.memo.get("reaching") if hasattr(workshop, "memo") else None
    if hit is not None and hit[0] is graph and hit[1] == moments:
        cached: frozenset[str] = hit[2]
        return cached
    result = frozenset(moments | graph.ancestors(moments) | graph.descendants(moments))
    if hasattr(workshop, "memo"):
        workshop.memo["reaching"] = (graph, moments, result)
    return result


def placements_by_person(workshop: Workshop) -> dict[str, list[str]]:
    """``{participant id: [process ids]}`` in placement order (no repeats)."""
    out: dict[str, list[str]] = {}
    for placement in workshop.table(Placement).values():
        pids = out.setdefault(placement.participant, [])
        if placement.process not in pids:
            pids.append(placement.process)
    return out


def unconnected_people(workshop: Workshop, graph: ProcessGraph | None = None) -> list[Participant]:
    """Placed participants whose processes have no path to any moment of truth."""
    reaching = reaching_processes(workshop, graph)
    placed = placements_by_person(workshop)
    return [person for person in workshop.table(Participant).values()
            if placed.get(person.id) and not any(pid in reaching
                                                 for pid in placed[person.id])]


def touched_processes(workshop: Workshop, graph: ProcessGraph | None = None) -> set[str]:
    """Processes someone is placed on, plus everything up- and downstream of them."""
    graph = graph or ProcessGraph.of(workshop)
    placed = frozenset(p.process for p in workshop.table(Placement).values())
    hit = workshop.memo.get("touched") if hasattr(workshop, "memo") else None
    if hit is not None and hit[0] is graph and hit[1] == placed:
        return set(hit[2])
    touched = placed | graph.ancestors(placed) | graph.descendants(placed)
    if hasattr(workshop, "memo"):
        workshop.memo["touched"] = (graph, placed, frozenset(touched))
    return set(touched)


def untouched_moments(workshop: Workshop, graph: ProcessGraph | None = None) -> list[Process]:
    """Moments of truth that no participant's process touches (see module doc)."""
    touched = touched_processes(workshop, graph)
    return [p for p in workshop.table(Process).values()
            if p.moment_of_truth and p.id not in touched]


def person_chain(workshop: Workshop, participant_id: str,
                 graph: ProcessGraph | None = None) -> set[str]:
    """What lights up when a person is selected: their processes and everything
    upstream and downstream of them (so every moment of truth they reach)."""
    graph = graph or ProcessGraph.of(workshop)
    pids = placed_processes(workshop, participant_id)
    if not pids:
        return set()
    return set(pids) | graph.ancestors(pids) | graph.descendants(pids)


def reached_moments(workshop: Workshop, participant_id: str,
                    graph: ProcessGraph | None = None) -> list[Process]:
    """Moments of truth on a person's chain, in process order."""
    chain = person_chain(workshop, participant_id, graph)
    return [p for p in workshop.table(Process).values()
            if p.moment_of_truth and p.id in chain]
