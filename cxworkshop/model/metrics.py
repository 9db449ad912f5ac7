"""Outside-in and inside-out metrics, NPS arithmetic and the chains between them.

An *outside-in* metric is what the customer experiences (was it fixed, would I
recommend you); an *inside-out* metric is what a department measures of its own
work (calls handled, invoice accuracy). A metric is linked to the processes it
measures or is moved by; the process map's links then say which inside-out
numbers feed which customer numbers. Pure Python, no Qt.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .entities import Metric, MetricLink, Nps, Placement, Process
from .graph import ProcessGraph, moments_of_truth

if TYPE_CHECKING:
    from .workshop import Workshop

PROMOTER_MIN = 9  # 9-10
PASSIVE_MIN = 7  # 7-8; 0-6 are detractors


# -- NPS -----------------------------------------------------------------------

@dataclass(frozen=True)
class NpsResult:
    """Promoter, passive and detractor counts with the score they give."""

    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    @property
    def n(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        """% promoters minus % detractors, from -100 to +100; None with no answers."""
        if self.n == 0:
            return None
        return 100.0 * (self.promoters - self.detractors) / self.n

    def __add__(self, other: NpsResult) -> NpsResult:
        return NpsResult(self.promoters + other.promoters, self.passives + other.passives,
                         self.detractors + other.detractors)

    def text(self) -> str:
        """``NPS +23 (n=48)``, or ``no answers``."""
        return f"NPS {format_nps(self.score)} (n={self.n})" if self.n else "no answers"


def format_nps(score: float | None) -> str:
    """A score as a whole number with its sign (``+23``, ``-5``, ``0``), or ``–``."""
    if score is None:
        return "–"
    whole = int(score + 0.5) if score >= 0 else -int(-score + 0.5)
    return f"+{whole}" if whole > 0 else str(whole)


def classify(score: int) -> str:
    """``promoter`` (9-10), ``passive`` (7-8) or ``detractor`` (0-6).

    Raises:
        ValueError: ``score`` is not a whole number from 0 to 10.
    """
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
        raise ValueError(f"{score!r} is not a score from 0 to 10")
    if score >= PROMOTER_MIN:
        return "promoter"
    return "passive" if score >= PASSIVE_MIN else "detractor"


def from_scores(scores: Iterable[int]) -> NpsResult:
    """Counts of 0-10 answers (see :func:`classify`)."""
    counts = {"promoter": 0, "passive": 0, "detractor": 0}
    for s in scores:
        counts[classify(s)] += 1
    return NpsResult(counts["promoter"], counts["passive"], counts["detractor"])


def of_row(row: Nps) -> NpsResult:
    return NpsResult(row.promoters, row.passives, row.detractors)


def _total(rows: Iterable[Nps]) -> NpsResult | None:
    total = None
    for row in rows:
        total = of_row(row) if total is None else total + of_row(row)
    return total


def session_nps(workshop: Workshop) -> NpsResult | None:
    """All session-wide results added up, or None when there are none."""
    return _total(r for r in workshop.table(Nps).values() if r.scope == "session")


def process_nps(workshop: Workshop, pid: str) -> NpsResult | None:
    return _total(r for r in workshop.table(Nps).values()
                  if r.scope == "process" and r.process == pid)


def department_own_nps(workshop: Workshop, did: str) -> NpsResult | None:
    return _total(r for r in workshop.table(Nps).values()
                  if r.scope == "department" and r.department == did)


@dataclass
class DepartmentNps:
    """What NPS a department can point to as "the customer's score of my work"."""

    department: str
    own: NpsResult | None  # results surveyed for the department itself
    processes: list[tuple[str, NpsResult]]  # its own processes with a result
    touches_moment: bool  # owns at least one moment of truth
    fed_moments: list[tuple[str, NpsResult | None]]  # downstream moments of truth
    session: NpsResult | None

    @property
    def fed_total(self) -> NpsResult | None:
        return _total_results(r for _p, r in self.fed_moments if r is not None)


def _total_results(results: Iterable[NpsResult]) -> NpsResult | None:
    total = None
    for r in results:
        total = r if total is None else total + r
    return total


def department_nps(workshop: Workshop, did: str,
                   graph: ProcessGraph | None = None) -> DepartmentNps:
    """The NPS picture of department ``did``.

    A department that touches no moment of truth still sees the NPS of the
    moments of truth its work feeds: ``fed_moments`` lists every moment of
    truth downstream of its processes (in map order) with its result, if any.
    """
    graph = graph or ProcessGraph.of(workshop)
    procs = [p for p in workshop.table(Process).values() if p.department == did]
    own_ids = {p.id for p in procs}
    moments = moments_of_truth(workshop)
    with_result = []
    for p in procs:
        r = process_nps(workshop, p.id)
        if r is not None:
            with_result.append((p.id, r))
    downstream = graph.descendants(own_ids) - own_ids if own_ids else set()
    fed = [(pid, process_nps(workshop, pid)) for pid in workshop.table(Process)
           if pid in downstream and pid in moments]
    return DepartmentNps(did, department_own_nps(workshop, did), with_result,
                         bool(own_ids & moments), fed, session_nps(workshop))


# -- metric chains ---------------------------------------------------------------

@dataclass
class MetricIndex:
    """Metric ↔ process links of a workshop, both ways."""

    processes_of: dict[str, list[str]] = field(default_factory=dict)
    metrics_of: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, workshop: Workshop) -> MetricIndex:
        index = cls()
        for mid in workshop.table(Metric):
            index.processes_of[mid] = []
        for ml in workshop.table(MetricLink).values():
            index.processes_of.setdefault(ml.metric, []).append(ml.process)
            index.metrics_of.setdefault(ml.process, []).append(ml.metric)
        return index


@dataclass
class MetricChain:
    """What a metric is connected to through the map.

    For an outside-in metric: the processes upstream of (and at) its own
    processes, and the inside-out metrics on them — "what moves this score".
    For an inside-out metric: the processes downstream of (and at) its own,
    and the outside-in metrics on them — "which customer number this moves".
    """

    metric: str
    kind: str
    own_processes: list[str]
    processes: set[str]  # the whole chain, own processes included
    related: list[str]  # metric ids of the other kind, nearest on the map first

    @property
    def reaches_customer(self) -> bool:
        """For an inside-out metric: at least one outside-in metric lies downstream."""
        return bool(self.related)


def metric_chain(workshop: Workshop, mid: str, graph: ProcessGraph | None = None,
                 index: MetricIndex | None = None) -> MetricChain:
    """The chain of metric ``mid`` (see :class:`MetricChain`)."""
    metric: Metric = workshop.table(Metric)[mid]
    graph = graph or ProcessGraph.of(workshop)
    index = index or MetricIndex.of(workshop)
    own = list(dict.fromkeys(index.processes_of.get(mid, ())))
    outside = metric.kind == "outside_in"
    distance = _distances(own, graph.up if outside else graph.down)
    chain = set(distance)
    want = "inside_out" if outside else "outside_in"
    nearest: dict[str, int] = {}
    for pid, d in distance.items():
        for k in index.metrics_of.get(pid, ()):
            if d < nearest.get(k, d + 1):
                nearest[k] = d
    metrics = workshop.table(Metric)
    order = {k: i for i, k in enumerate(metrics)}
    related = sorted((k for k in nearest if k != mid and k in metrics
                      and metrics[k].kind == want), key=lambda k: (nearest[k], order[k]))
    return MetricChain(mid, metric.kind, own, chain, related)


def _distances(start: Iterable[str], edges: dict[str, list[str]]) -> dict[str, int]:
    """Steps from the nearest of ``start`` to every process reachable along ``edges``."""
    dist = {pid: 0 for pid in start}
    todo = deque(start)
    while todo:
        node = todo.popleft()
        for nxt in edges.get(node, ()):
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                todo.append(nxt)
    return dist


def unreached_metrics(workshop: Workshop, graph: ProcessGraph | None = None) -> list[str]:
    """Inside-out metrics with no path to any outside-in metric: "measured, but no
    path to the customer" (in the metrics' order)."""
    graph = graph or ProcessGraph.of(workshop)
    index = MetricIndex.of(workshop)
    metrics = workshop.table(Metric)
    customer = {pid for mid, pids in index.processes_of.items()
                if mid in metrics and metrics[mid].kind == "outside_in" for pid in pids}
    # one search: a process reaches the customer when it is, or feeds, a customer process
    reaching = graph.ancestors(customer) | customer if customer else set()
    return [m.id for m in metrics.values() if m.kind == "inside_out"
            and not any(p in reaching for p in index.processes_of.get(m.id, ()))]


def pairing(workshop: Workshop, graph: ProcessGraph | None = None) -> list[tuple[str, list[str]]]:
    """Each outside-in metric with the inside-out metrics that move it."""
    graph = graph or ProcessGraph.of(workshop)
    index = MetricIndex.of(workshop)
    return [(m.id, metric_chain(workshop, m.id, graph, index).related)
            for m in workshop.table(Metric).values() if m.kind == "outside_in"]


def customer_metrics_for_processes(workshop: Workshop, pids: Iterable[str],
                                   graph: ProcessGraph | None = None) -> list[str]:
    """Outside-in metrics on or downstream of ``pids``: the customer numbers this
    work moves (in the metrics' order)."""
    pids = set(pids)
    metrics = workshop.table(Metric)
    if not pids or not any(m.kind == "outside_in" for m in metrics.values()):
        return []   # nothing to find: no search of the map
    graph = graph or ProcessGraph.of(workshop)
    chain = graph.descendants(pids) | pids
    index = MetricIndex.of(workshop)
    found: set[str] = set()
    for pid in chain:
        found.update(index.metrics_of.get(pid, ()))
    return [m.id for m in metrics.values() if m.id in found and m.kind == "outside_in"]


def customer_metrics_for_participant(workshop: Workshop, uid: str,
                                     graph: ProcessGraph | None = None) -> list[str]:
    """Outside-in metrics moved by the processes participant ``uid`` placed themselves on."""
    pids = {c.process for c in workshop.table(Placement).values() if c.participant == uid}
    return customer_metrics_for_processes(workshop, pids, graph)


# -- one metric's numbers ----------------------------------------------------------

def on_target(metric: Metric) -> bool | None:
    """True when ``current`` meets ``target`` (in the metric's better direction);
    None when either is missing."""
    if metric.current is None or metric.target is None:
        return None
    if metric.better == "lower":
        return metric.current <= metric.target
    return metric.current >= metric.target


def trend(metric: Metric) -> str | None:
    """``better``, ``worse`` or ``same`` from previous to current; None if unknown."""
    if metric.current is None or metric.previous is None:
        return None
    if metric.current == metric.previous:
        return "same"
    up = metric.current > metric.previous
    return "better" if up == (metric.better == "higher") else "worse"


def format_value(value: float | None, unit: str = "") -> str:
    """``87.5%``, ``4 min``, ``12``; ``–`` when missing."""
    if value is None:
        return "–"
    text = f"{value:g}" if abs(value) < 1e7 else f"{value:.4g}"
    unit = unit.strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def gauge_text(metric: Metric) -> str:
    """The short text of a gauge chip: the current value with its unit, and an
    arrow for the way the number moved since ``previous`` (▲ up, ▼ down)."""
    arrow = ""
    if metric.current is not None and metric.previous is not None:
        if metric.current > metric.previous:
            arrow = " ▲"
        elif metric.current < metric.previous:
            arrow = " ▼"
    return format_value(metric.current, metric.unit) + arrow
