"""Connect the dots: the conversation-starter lists for a known graph."""
from __future__ import annotations

from cxworkshop.model import Add, Link, Participant, Placement, Process, Workshop
from cxworkshop.model.connect import (person_chain, reached_moments, touched_processes,
                                      unconnected_people, unplaced_people,
                                      untouched_moments)


def graph_room() -> Workshop:
    """a -> b -> M1 (moment);  c -> d (no moment);  M2 alone;  e -> M3 -> f.

    Ana on a, Bo on d, Cy on f, Di on c and a, Ed unplaced."""
    w = Workshop()
    procs = [Process("a", "A"), Process("b", "B"), Process("m1", "M1", moment_of_truth=True),
             Process("c", "C"), Process("d", "D"), Process("m2", "M2", moment_of_truth=True),
             Process("e", "E"), Process("m3", "M3", moment_of_truth=True), Process("f", "F")]
    links = [Link("l1", "a", "b"), Link("l2", "b", "m1"), Link("l3", "c", "d"),
             Link("l4", "e", "m3"), Link("l5", "m3", "f")]
    people = [Participant(f"u{i}", n) for i, n in enumerate(["Ana", "Bo", "Cy", "Di", "Ed"])]
    places = [Placement("c1", "u0", "a"), Placement("c2", "u1", "d"), Placement("c3", "u2", "f"),
              Placement("c4", "u3", "c"), Placement("c5", "u3", "a")]
    w.apply([Add(e) for e in (*procs, *links, *people, *places)])
    return w


def names(items):
    return [i.name for i in items]


def test_unplaced_and_unconnected_people():
    w = graph_room()
    assert names(unplaced_people(w)) == ["Ed"]
    # Di is on c (dead end) but also on a, which reaches M1: connected.
    assert names(unconnected_people(w)) == ["Bo"]


def test_untouched_moments_upstream_and_downstream_count():
    w = graph_room()
    # M1 touched from upstream (a), M3 from downstream (f); M2 by nobody.
    assert names(untouched_moments(w)) == ["M2"]
    assert touched_processes(w) == {"a", "b", "m1", "c", "d", "f", "m3", "e"}
    w.apply([Add(Placement("c6", "u4", "m2"))])
    assert untouched_moments(w) == []
    assert unplaced_people(w) == []


def test_no_moments_at_all_leaves_everyone_placed_unconnected():
    w = Workshop()
    w.apply([Add(Process("a", "A")), Add(Participant("u", "Ana")),
             Add(Placement("c", "u", "a"))])
    assert names(unconnected_people(w)) == ["Ana"]
    assert untouched_moments(w) == []


def test_person_chain_lights_up_and_downstream():
    w = graph_room()
    assert person_chain(w, "u0") == {"a", "b", "m1"}
    assert person_chain(w, "u2") == {"e", "m3", "f"}
    assert person_chain(w, "u4") == set()
    assert names(reached_moments(w, "u3")) == ["M1"]


def test_cycles_do_not_hang():
    w = graph_room()
    w.apply([Add(Link("l6", "d", "c"))])
    assert names(unconnected_people(w)) == ["Bo"]
