"""Print benchmark figures, one ``name: value`` per line.

Each ``tests/bench/bench_<area>.py`` exposes ``BENCHMARKS = {name: fn}`` where
``fn()`` returns a float; this runner finds and runs them all (or those named
on the command line: ``python tests/bench/run.py map_load_ms``).
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))


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
        value = benches[name]()
        print(f"{name}: {value:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
