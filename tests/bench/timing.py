"""Shared by the benchmarks: time real runs, report them as a median with its p99."""
from __future__ import annotations

import time
from collections.abc import Callable


class Samples(list):
    """Times in ms of real runs; ``run.py`` prints their median, p99 and count."""


def runs(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> Samples:
    """Call ``fn`` ``warmup`` times untimed, then ``repeat`` times timed (ms each)."""
    for _ in range(warmup):
        fn()
    out = Samples()
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out
