"""Big input: roster CSV import of 100,000 rows, opening 20,000 processes in the app,
an edit with 5,000 participants (issue #16). Each runs in a fresh process so that
its memory figure is its own."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, sys.argv[1])
what, folder = sys.argv[2], sys.argv[3]
from pathlib import Path
from cxworkshop.model import Add, Department, Participant, Process, Workshop
from cxworkshop.store import write_session_file
out = {}
if what == "roster":
    from cxworkshop.cli import main
    path = Path(folder) / "r.cxw"
    write_session_file(path, Workshop())
    rows = ["name,department,role,frontline,location,tenure_years,email,notes"]
    rows += [f"Person {i},Dept {i % 40},Role {i % 9},yes,Site {i % 7},{i % 30},"
             f"p{i}@example.com,note {i}" for i in range(100_000)]
    csv = Path(folder) / "r.csv"
    csv.write_text("\n".join(rows) + "\n")
    t0, c0 = time.perf_counter(), time.process_time()
    assert main(["roster", "import", str(path), str(csv)]) == 0
    out["s"] = time.perf_counter() - t0
    out["cpu_s"] = time.process_time() - c0  # what it takes on a machine of its own
else:
    w = Workshop()
    ents = [Department(f"d{i}", f"Dept {i}") for i in range(20)]
    if what == "open20000":
        ents += [Process(f"p{i}", f"Process {i}", f"d{i % 20}", i % 5) for i in range(20_000)]
    else:
        ents += [Participant(f"u{i}", f"Person {i}", f"d{i % 20}") for i in range(5_000)]
        ents += [Process(f"p{i}", f"Process {i}", f"d{i % 20}", i % 5) for i in range(200)]
    w.apply([Add(e) for e in ents])
    path = Path(folder) / "big.cxw"
    write_session_file(path, w)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from cxworkshop.ui.main_window import MainWindow
    app = QApplication([])
    settings = QSettings(str(Path(folder) / "s.ini"), QSettings.IniFormat)
    win = MainWindow(settings)
    win.show()
    t0, c0 = time.perf_counter(), time.process_time()
    assert win.open_file(path)
    app.processEvents()
    out["open_s"] = time.perf_counter() - t0
    out["open_cpu_s"] = time.process_time() - c0
    doc = win.document
    times = []
    for i in range(15):
        t0 = time.perf_counter()
        doc.update("session", None, title=f"Title {i}")
        app.processEvents()
        times.append(time.perf_counter() - t0)
    times.sort()
    out["edit_ms"] = times[len(times) // 2] * 1000
    win.set_document(None)
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _child(what: str) -> dict:
    with tempfile.TemporaryDirectory() as d:
        run = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), what, d],
                             capture_output=True, text=True, timeout=1200,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        if run.returncode:
            raise RuntimeError(run.stderr[-2000:])
        return json.loads(run.stdout.strip().splitlines()[-1])


def roster_csv_100k_s() -> float:
    """Seconds for ``cxworkshop roster import`` of a 100,000-row CSV (parse, check, write)."""
    return _child("roster")["s"]


def roster_csv_100k_cpu_s() -> float:
    """CPU seconds of the same import: its time on a machine not shared with others."""
    return _child("roster")["cpu_s"]


def open_20000_s() -> float:
    """Seconds to open a 20,000-process workshop in the main window (pages built)."""
    return _child("open20000")["open_s"]


def open_20000_rss_mb() -> float:
    """Peak memory (MB) of the app after opening 20,000 processes and 15 edits."""
    return _child("open20000")["rss_mb"]


def edit_ms_20000_processes() -> float:
    """Median ms of a title edit (to the screen) with 20,000 processes open."""
    return _child("open20000")["edit_ms"]


def edit_ms_5000_participants() -> float:
    """Median ms of a title edit (to the screen) with 5,000 participants open."""
    return _child("people5000")["edit_ms"]


BENCHMARKS = {"roster_csv_100k_s": roster_csv_100k_s,
              "roster_csv_100k_cpu_s": roster_csv_100k_cpu_s, "open_20000_s": open_20000_s,
              "open_20000_rss_mb": open_20000_rss_mb,
              "edit_ms_20000_processes": edit_ms_20000_processes,
              "edit_ms_5000_participants": edit_ms_5000_participants}
