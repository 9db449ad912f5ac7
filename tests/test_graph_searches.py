"""Whole-map searches done once for many processes answer as the one-process searches do.

A handout's neighbourhood searches numbered processes (ProcessGraph.numbered); the
handouts of people not on the map take "leads to a moment of truth" and the nearest
moments from one search out of all the moments. Each is compared here with the plain
definition on random maps full of loops.
"""
from __future__ import annotations

import io
import random
from collections import deque

import pytest
from pypdf import PdfReader

from cxworkshop.export.pdf_handout import Handouts
from cxworkshop.export.pdf_map import neighbourhood
from cxworkshop.model import (
    Add,
    Department,
    Link,
    Participant,
    Placement,
    Process,
    Update,
    Workshop,
)
from cxworkshop.model.graph import ProcessGraph


def looping_map(rnd: random.Random, n: int) -> Workshop:
    w = Workshop()
    w.apply([Add(Department("d0", "Ops", "#1f77b4"))])
    w.apply([Add(Process(f"p{i}", f"Step {i}", "d0", rnd.randrange(4),
                         moment_of_truth=rnd.random() < 0.08)) for i in range(n)])
    pairs = {(rnd.randrange(n), rnd.randrange(n)) for _ in range(n * 2)}
    w.apply([Add(Link(f"l{k}", f"p{a}", f"p{b}"))
             for k, (a, b) in enumerate(sorted(pairs)) if a != b])
    return w


def steps_from(start: str, edges: dict[str, list[str]]) -> dict[str, int]:
    dist = {start: 0}
    todo = deque([start])
    while todo:
        node = todo.popleft()
        for other in edges.get(node, ()):
            if other not in dist:
                dist[other] = dist[node] + 1
                todo.append(other)
    return dist


@pytest.mark.parametrize("seed", range(12))
def test_a_neighbourhood_lists_each_process_once_at_its_shortest_distance(seed):
    rnd = random.Random(seed)
    w = looping_map(rnd, rnd.choice([6, 20, 60]))
    graph = ProcessGraph.of(w)
    order = list(w.table(Process))
    for pid in order:
        down, up = steps_from(pid, graph.down), steps_from(pid, graph.up)
        for node in set(down) & set(up) - {pid}:   # a loop: the shorter side, down on a tie
            del (up if down[node] <= up[node] else down)[node]
        nb = neighbourhood(w, pid)
        for side, dist in ((nb.downstream, down), (nb.upstream, up)):
            far = max(dist.values())   # every distance up to the farthest, maybe empty
            assert side == [sorted((n for n, d in dist.items() if d == level), key=order.index)
                            for level in range(1, far + 1)], pid


@pytest.mark.parametrize("seed", range(12))
def test_moments_reached_and_nearest_are_those_of_the_one_process_searches(seed):
    rnd = random.Random(100 + seed)
    w = looping_map(rnd, rnd.choice([6, 20, 60]))
    graph = ProcessGraph.of(w)
    moments = {p.id for p in w.table(Process).values() if p.moment_of_truth}
    handouts = Handouts(w)
    nearest = graph.nearest_moments(moments)
    for pid in w.table(Process):
        assert (pid in handouts.reaching_moments()) == graph.reaches_moment(pid, moments)
        assert nearest.get(pid, set()) == {m for m in graph.chain_to_moments(pid, moments)
                                           if m in moments}, pid


def test_someone_not_on_the_map_is_told_the_nearest_moment_even_when_it_is_far():
    w = Workshop()
    w.apply([Add(Department("d0", "Ops", "#1f77b4")), Add(Department("d1", "Sales", "#ff7f0e"))])
    w.apply([Add(Process(f"p{i}", f"Step {i}", "d1" if i < 3 else "d0", i % 4))
             for i in range(12)])
    w.apply([Add(Link(f"l{i}", f"p{i}", f"p{i + 1}")) for i in range(11)])
    w.apply([Update("processes", "p11", {"moment_of_truth": True})])
    w.apply([Add(Participant("u0", "Di", "d1", "Clerk", False))])
    story = Handouts(w).story(w.table(Participant)["u0"])
    text = " ".join(getattr(f, "text", "") for f in story)
    assert "Moments of truth your department touches: Step 11." in text


def test_a_process_past_a_loop_is_named_at_its_true_distance():
    """P -> A -> B -> X with B -> P: B is one step upstream (not two down), and X is
    three steps downstream even though nothing is left two steps down."""
    w = Workshop()
    w.apply([Add(Department("d0", "Ops", "#1f77b4"))])
    w.apply([Add(Process(n, f"Step {n}", "d0", 0)) for n in ("P", "A", "B", "X")])
    w.apply([Add(Link("l1", "P", "A")), Add(Link("l2", "A", "B")), Add(Link("l3", "B", "X")),
             Add(Link("l4", "B", "P"))])
    nb = neighbourhood(w, "P")
    assert nb.downstream == [["A"], [], ["X"]] and nb.upstream == [["B"]]
    w.apply([Add(Participant("u0", "Ana", "d0", "Clerk", True)),
             Add(Placement("c0", "u0", "P", ""))])
    data = Handouts(w).pdf(w.table(Participant)["u0"])[0]
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    assert "YOUR WORK FEEDS directly: Step A; 3 steps away: Step X" in text
    assert "2 steps away" not in text
    assert "FEEDS YOUR WORK directly: Step B" in text
