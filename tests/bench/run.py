"""Print benchmark figures, one ``name: value`` per line.

Each ``tests/bench/bench_<area>.py`` exposes ``BENCHMARKS = {name: fn}`` where
``fn()`` returns the times of real runs (a list: printed as their median with
the p99 and the number of runs) or one float (a ratio, a count); this runner
finds and runs them all (or those named on the command line:
``python tests/bench/run.py map_load_ms``).
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))  # timing.py, shared by the benchmarks


def discover() -> dict:
    found = {}
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(f"bench.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.update(getattr(module, "BENCHMARKS", {}))
    return found


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])  # noqa: F841 - one GUI app for all
    benches = discover()
    wanted = argv or list(benches)
    unknown = [n for n in wanted if n not in benches]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(benches)}",
              file=sys.stderr)
        return 2
    for name in wanted:
        print(line(name, benches[name]()), flush=True)
    return 0


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def line(name: str, value) -> str:
    """``name: median (p99 …, n runs)`` for run times, ``name: value`` otherwise."""
    import statistics
    if isinstance(value, (list, tuple)):
        return (f"{name}: {statistics.median(value):.2f} "
                f"(p99 {p99(list(value)):.2f}, {len(value)} runs)")
    return f"{name}: {value:.2f}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
