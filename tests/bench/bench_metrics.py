"""Metrics benchmarks on the 2,000-process map with 500 metrics.

``metrics_chain_ms``: the chain of one metric ("what moves this score" for an
outside-in metric, "which customer number this moves" for an inside-out one),
median over 60 metrics of both kinds, the metric index built each time and the
map's graph as the workshop caches it (what a click on the Metrics page costs).
``metrics_unreached_ms``: every inside-out
metric checked for a path to the customer (the report's list, the page's warning).
"""
from __future__ import annotations

import importlib.util
import random
import statistics
import time
from pathlib import Path

from cxworkshop.model import Add, Metric, MetricLink
from cxworkshop.model import metrics as M


def _big_map():
    spec = importlib.util.spec_from_file_location(
        "bench_map_for_metrics", Path(__file__).with_name("bench_map.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.big_workshop(2000, 2600)


def metrics_workshop(n_metrics: int = 500, seed: int = 11):
    """The 2,000 map with ``n_metrics`` metrics (a fifth outside-in), each on 1-3 processes."""
    rnd = random.Random(seed)
    w = _big_map()
    ops = []
    for i in range(n_metrics):
        kind = "outside_in" if i % 5 == 0 else "inside_out"
        ops.append(Add(Metric(f"k{i}", f"Metric {i}", kind, f"d{i % 10}", "%", 90.0,
                              rnd.uniform(50, 100), rnd.uniform(50, 100))))
        for j, p in enumerate(rnd.sample(range(2000), rnd.randint(1, 3))):
            ops.append(Add(MetricLink(f"kl{i}-{j}", f"k{i}", f"p{p}")))
    w.apply(ops)
    return w


def metrics_chain_ms() -> float:
    w = metrics_workshop()
    times = []
    for i in range(0, 500, 500 // 60):
        start = time.perf_counter()
        M.metric_chain(w, f"k{i}")
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def metrics_unreached_ms() -> float:
    w = metrics_workshop()
    start = time.perf_counter()
    M.unreached_metrics(w)
    return (time.perf_counter() - start) * 1000


BENCHMARKS = {"metrics_chain_ms": metrics_chain_ms,
              "metrics_unreached_ms": metrics_unreached_ms}
