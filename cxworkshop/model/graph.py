"""Graph queries on the process map: upstream/downstream chains, cycles, paths
to moments of truth. Pure and cycle-safe (iterative searches, visited sets).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .entities import Link, Process

if TYPE_CHECKING:
    from .workshop import Workshop


@dataclass
class ProcessGraph:
    """Adjacency of processes: ``down[p]`` = direct downstream ids, ``up[p]`` upstream."""

    down: dict[str, list[str]]
    up: dict[str, list[str]]
    _numbered: Numbered | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, processes: Iterable[Process | str], links: Iterable[Link]) -> ProcessGraph:
        down: dict[str, list[str]] = {}
        up: dict[str, list[str]] = {}
        for p in processes:
            pid = p if isinstance(p, str) else p.id
            down.setdefault(pid, [])
            up.setdefault(pid, [])
        for link in links:
            down.setdefault(link.upstream, []).append(link.downstream)
            up.setdefault(link.downstream, []).append(link.upstream)
            down.setdefault(link.downstream, [])
            up.setdefault(link.upstream, [])
        return cls(down, up)

    @classmethod
    def of(cls, workshop: Workshop) -> ProcessGraph:
        """The workshop's graph (built once per change of processes or links)."""
        return workshop.graph()

    @classmethod
    def journey(cls, workshop: Workshop) -> ProcessGraph:
        """The map without its loop-backs (links from a later stage back to an
        earlier one): chains followed by focus stop there. Kept in the workshop's
        memo until links, processes or a process's stage change."""
        procs = workshop.table(Process)
        graph = workshop.graph()
        stages = tuple(p.stage for p in procs.values())  # a move can make a loop-back
        memo = workshop.memo.get("journey")
        if memo is not None and memo[0] is graph and memo[1] == stages:
            kept: ProcessGraph = memo[2]
            return kept
        journey = cls.build(procs, [ln for ln in workshop.table(Link).values()
                                    if not _loops_back(procs, ln)])
        workshop.memo["journey"] = (graph, stages, journey)
        return journey

    def numbered(self) -> Numbered:
        """The graph with its processes numbered in the order they were given (built
        once per graph): for searches that visit most of a large map."""
        if self._numbered is None:
            ids = list(self.down)
            number = {pid: i for i, pid in enumerate(ids)}
            self._numbered = Numbered(ids, number,
                                      [[number[o] for o in self.down[pid]] for pid in ids],
                                      [[number[o] for o in self.up.get(pid, ())] for pid in ids])
        return self._numbered

    # -- reachability ------------------------------------------------------------
    @staticmethod
    def _reach(start: Iterable[str], edges: dict[str, list[str]]) -> set[str]:
        seen: set[str] = set()
        todo = deque(start)
        while todo:
            node = todo.popleft()
            for nxt in edges.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    def ancestors(self, pid: str | Iterable[str]) -> set[str]:
        """Everything upstream of ``pid`` (excluding it unless it is on a cycle)."""
        return self._reach([pid] if isinstance(pid, str) else pid, self.up)

    def descendants(self, pid: str | Iterable[str]) -> set[str]:
        """Everything downstream of ``pid`` (excluding it unless it is on a cycle)."""
        return self._reach([pid] if isinstance(pid, str) else pid, self.down)

    # -- cycles --------------------------------------------------------------------
    def cyclic_nodes(self) -> set[str]:
        """Processes that lie on at least one cycle."""
        return set(self.cycle_groups())

    def cycle_groups(self) -> dict[str, int]:
        """For each process on a cycle, the number of its strongly connected
        group (Tarjan's SCCs, iterative): two processes share a number when each
        reaches the other."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        result: dict[str, int] = {}
        counter = 0
        for root in self.down:
            if root in index:
                continue
            work = [(root, iter(self.down[root]))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                node, it = work[-1]
                advanced = False
                for nxt in it:
                    if nxt not in index:
                        index[nxt] = low[nxt] = counter
                        counter += 1
                        stack.append(nxt)
                        on_stack.add(nxt)
                        work.append((nxt, iter(self.down.get(nxt, ()))))
                        advanced = True
                        break
                    if nxt in on_stack:
                        low[node] = min(low[node], index[nxt])
                if advanced:
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == node:
                            break
                    if len(component) > 1 or node in self.down.get(node, ()):
                        result.update(dict.fromkeys(component, index[node]))
        return result

    def cyclic_links(self, links: Iterable[Link]) -> set[str]:
        """Ids of links whose both ends lie in the same cycle (one graph search in all)."""
        group = self.cycle_groups()
        return {link.id for link in links
                if link.upstream in group and group[link.upstream] == group.get(link.downstream)}

    # -- moments of truth --------------------------------------------------------------
    def chain_to_moments(self, pid: str, moments: set[str]) -> set[str]:
        """Processes on shortest paths from ``pid`` to the nearest moments of truth.

        Searches both directions (downstream first, then upstream) and returns
        the union of the nodes on the shortest paths found; ``pid`` itself is
        included when a path exists. Empty when no moment of truth is reachable.
        """
        out: set[str] = set()
        if pid in moments:
            return {pid}
        for edges in (self.down, self.up):
            path_nodes = self._shortest_paths_to(pid, moments, edges)
            out |= path_nodes
        return out

    @staticmethod
    def _shortest_paths_to(start: str, targets: set[str],
                           edges: dict[str, list[str]]) -> set[str]:
        dist = {start: 0}
        parents: dict[str, list[str]] = {start: []}
        todo = deque([start])
        found_at = None
        hits = []
        while todo:
            node = todo.popleft()
            if found_at is not None and dist[node] >= found_at:
                break
            for nxt in edges.get(node, ()):
                if nxt not in dist:
                    dist[nxt] = dist[node] + 1
                    parents[nxt] = [node]
                    todo.append(nxt)
                    if nxt in targets:
                        found_at = dist[nxt]
                        hits.append(nxt)
                elif dist[nxt] == dist[node] + 1:
                    parents[nxt].append(node)
        out: set[str] = set()
        todo = deque(hits)
        while todo:
            node = todo.popleft()
            if node in out:
                continue
            out.add(node)
            todo.extend(parents.get(node, ()))
        return out

    def nearest_moments(self, moments: set[str]) -> dict[str, set[str]]:
        """For each process, the moments of truth nearest it downstream and the nearest
        upstream (the moments :meth:`chain_to_moments` gives it; a moment itself: just
        it), from one search out of all the moments in each direction: a process ``d``
        steps from its nearest moments takes those of its neighbours ``d - 1`` steps
        from theirs. Processes reaching no moment are left out."""
        out: dict[str, set[str]] = {}
        for back in (self.up, self.down):   # nearest downstream, then upstream
            dist = dict.fromkeys(moments, 0)
            near = {m: {m} for m in moments}
            frontier = list(moments)
            step = 0
            while frontier:
                step += 1
                nxt = []
                for node in frontier:
                    for prev in back.get(node, ()):
                        if prev not in dist:
                            dist[prev] = step
                            near[prev] = set(near[node])
                            nxt.append(prev)
                        elif dist[prev] == step:
                            near[prev] |= near[node]
                frontier = nxt
            for node, found in near.items():
                out.setdefault(node, set()).update(found)
        for m in moments:
            out[m] = {m}
        return out

    def reaches_moment(self, pid: str, moments: set[str]) -> bool:
        """True when ``pid`` is a moment of truth or has one up- or downstream."""
        if pid in moments:
            return True
        return bool((self.descendants(pid) | self.ancestors(pid)) & moments)


@dataclass
class Numbered:
    """A :class:`ProcessGraph` with its processes numbered 0, 1, …: ``ids[i]`` is the
    process numbered ``i``, ``number[pid]`` its number, ``down[i]`` / ``up[i]`` the
    numbers of its direct downstream / upstream processes."""

    ids: list[str]
    number: dict[str, int]
    down: list[list[int]]
    up: list[list[int]]

    @staticmethod
    def steps(start: int, edges: list[list[int]]) -> tuple[list[int], list[list[int]]]:
        """Breadth-first from ``start`` along ``edges``: the number of steps to each
        process (-1: not reached; 0 for ``start``) and the processes reached at 1, 2, …
        steps, each in the order found."""
        dist = [-1] * len(edges)
        dist[start] = 0
        found: list[list[int]] = []
        frontier = [start]
        step = 0
        while frontier:   # one step further each round
            step += 1
            nxt = []
            for node in frontier:
                for other in edges[node]:
                    if dist[other] < 0:
                        dist[other] = step
                        nxt.append(other)
            if nxt:
                found.append(nxt)
            frontier = nxt
        return dist, found


def _loops_back(procs: Mapping[str, Process], link: Link) -> bool:
    a, b = procs.get(link.upstream), procs.get(link.downstream)
    return a is not None and b is not None and a.stage > b.stage


def loop_back_links(workshop: Workshop) -> set[str]:
    """Links from a later stage back to an earlier one (renewal, repeat business):
    the journey going round, not an error."""
    procs = workshop.table(Process)
    return {ln.id for ln in workshop.table(Link).values() if _loops_back(procs, ln)}


def flagged_cycles(workshop: Workshop) -> list[list[str]]:
    """Cycles worth a look: processes feeding back into themselves without going
    through a later stage (within one stage). Each is a list of process ids in
    document order; loop-backs across stages are never flagged."""
    groups = ProcessGraph.journey(workshop).cycle_groups()
    out: dict[int, list[str]] = {}
    for pid in workshop.table(Process):
        if pid in groups:
            out.setdefault(groups[pid], []).append(pid)
    return list(out.values())


def moments_of_truth(workshop: Workshop) -> set[str]:
    return {p.id for p in workshop.table(Process).values() if p.moment_of_truth}
