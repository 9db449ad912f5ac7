"""Crash-safety stress run: SIGKILL an editing process 1,000 times and print the figures.

Usage: python tests/stress_kill.py [--kills 1000] [--seed 1] [--keep DIR]
Prints ``name: value`` lines (kills, kills_survived, edits_acknowledged,
edits_lost, ...); exit status 1 if any acknowledged edit was lost or the
file did not pass the integrity check.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication  # noqa: E402

from cxworkshop.store import write_session_file  # noqa: E402
from tests.conftest import small_workshop  # noqa: E402
from tests.crash_child import kill_loop  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-delay", type=float, default=0.25,
                    help="longest wait (s) between the child's start of editing and the kill")
    ap.add_argument("--keep", type=Path, help="folder to keep the session file in")
    a = ap.parse_args()
    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])  # noqa: F841
    folder = a.keep or Path(tempfile.mkdtemp(prefix="cxw-stress-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "stress.cxw"
    if not path.exists():
        write_session_file(path, small_workshop())
    stats = kill_loop(path, a.kills, seed=a.seed, max_delay=a.max_delay, progress=50)
    print("\n".join(stats.lines()))
    print(f"failures: {len(stats.failures)}")
    for failure in stats.failures[:20]:
        print(f"# {failure}")
    return 1 if stats.failures or stats.lost else 0


if __name__ == "__main__":
    sys.exit(main())
