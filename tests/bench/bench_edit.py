"""What a user waits for after an edit, and for the first window.

``edit_to_screen_ms_*``: the real main window with every page built, one rename
(a process or a participant, in turn) made through the document, timed until
Qt's event queue is idle — every signal handled, every page refreshed that
will be, the shown page repainted. Measured with each page as the shown one;
the figure is the median over all of those runs, its p99 beside it, and the
worst page named in :data:`DETAILS`.

``startup_ratio``: launch → the main window painted with the last workshop,
divided by launch → a bare PySide6 window painted, both measured in the same
run as separate processes, alternately.
"""
from __future__ import annotations

import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cxworkshop.model import Action, Add, Participant, Workshop

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SAMPLE = ROOT / "sample_sessions" / "home-services.cxw"

#: Per-page medians and p99s of the last runs, for the report.
DETAILS: dict[str, dict[str, tuple[float, float]]] = {}


class Samples(list):
    """Times in ms of real runs: the runner prints the median and the p99."""


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _app():
    from PySide6.QtWidgets import QApplication
    return QApplication.instance() or QApplication([])


class _Idle:
    """Process events until one pass delivers none (the event queue is idle)."""

    def __init__(self, app):
        from PySide6.QtCore import QObject

        class Counter(QObject):
            count = 0

            def eventFilter(self, obj, event):
                Counter.count += 1
                return False

        self.app, self.counter = app, Counter()
        app.installEventFilter(self.counter)

    def wait(self) -> None:
        from PySide6.QtCore import QCoreApplication
        while True:
            before = self.counter.count
            QCoreApplication.sendPostedEvents()
            self.app.processEvents()
            if self.counter.count == before:
                return


def _with_actions(workshop: Workshop, n: int) -> Workshop:
    procs = [p.id for p in workshop.processes]
    people = [p.name for p in workshop.participants] or ["Ana"]
    workshop.apply([Add(Action(f"bench-a{i}", f"Follow up on point {i} with the team",
                                   people[i % len(people)], f"2026-0{1 + i % 9}-1{i % 10}",
                                   procs[i % len(procs)] if procs else None,
                                   "done" if i % 5 == 0 else "open"))
                    for i in range(n)])
    return workshop


def _sample_12(actions: int = 0) -> Workshop:
    from cxworkshop.store import SessionStore
    return _with_actions(SessionStore.read(SAMPLE), actions)


def _big_2000(actions: int = 0) -> Workshop:
    sys.path.insert(0, str(HERE))
    from bench_map import big_workshop
    w = big_workshop(2000, 2600)
    w.apply([Add(Participant(f"u{i}", f"Person {i}", f"d{i % 10}")) for i in range(12)])
    return _with_actions(w, actions)


def _window(workshop: Workshop):
    """The real main window, 1280×800, with ``workshop`` open and every page built, once
    Qt is idle; and the idle waiter."""
    from PySide6.QtCore import QSettings

    from cxworkshop.store import write_session_file
    from cxworkshop.ui.main_window import MainWindow
    idle = _Idle(_app())
    folder = Path(tempfile.mkdtemp())
    path = folder / "bench.cxw"
    write_session_file(path, workshop)
    win = MainWindow(QSettings(str(folder / "settings.ini"), QSettings.IniFormat))
    win.resize(1280, 800)
    win.show()
    assert win.open_file(path)
    idle.wait()
    assert len(win.pages[:]) == len(win.pages)  # every page built before measuring
    idle.wait()
    return win, idle


def _edit_figures(make, runs_per_page: int) -> tuple[Samples, dict[str, tuple[float, float]]]:
    win, idle = _window(make())
    doc = win.document
    w = doc.workshop
    pid = w.processes[len(w.processes) // 2].id
    uid = w.participants[0].id
    all_times = Samples()
    per_page: dict[str, tuple[float, float]] = {}
    for index, page in enumerate(win.pages):
        win.sidebar.setCurrentRow(index)
        idle.wait()
        times = []
        for run in range(runs_per_page):
            kind, id = ("processes", pid) if run % 2 == 0 else ("participants", uid)
            t0 = time.perf_counter()
            doc.update(kind, id, name=f"Renamed {index}.{run}")  # as a page or the map does
            idle.wait()
            times.append((time.perf_counter() - t0) * 1000)
        per_page[page.title] = (statistics.median(times), p99(times))
        all_times.extend(times)
    win.set_document(None)
    win.close()
    idle.wait()
    return all_times, per_page


def _edit(name: str, make, runs: int) -> Samples:
    times, per_page = _edit_figures(make, runs)
    DETAILS[name] = per_page
    for title, (median, top) in per_page.items():
        print(f"    {name} [{title}]: {median:.2f} (p99 {top:.2f})", file=sys.stderr)
    return times


def edit_to_screen_ms_12() -> Samples:
    """The 12-person sample workshop, each page shown in turn (median, p99)."""
    return _edit("edit_to_screen_ms_12", _sample_12, 16)


def edit_to_screen_ms_12_200_actions() -> Samples:
    """The same with 200 actions in the session."""
    return _edit("edit_to_screen_ms_12_200_actions", functools.partial(_sample_12, 200), 12)


def edit_to_screen_ms_2000() -> Samples:
    """2,000 processes, 2,600 links, 12 people, each page shown in turn."""
    return _edit("edit_to_screen_ms_2000", _big_2000, 8)


def edit_to_screen_ms_2000_200_actions() -> Samples:
    """The 2,000-process workshop with 200 actions."""
    return _edit("edit_to_screen_ms_2000_200_actions", functools.partial(_big_2000, 200), 8)


def theme_toggle_ms() -> Samples:
    """View ▸ Large Text switched on or off in the real window with every page built (the
    12-person sample), until Qt is idle: every label, list and map restyled and laid out."""
    win, idle = _window(_sample_12())
    times = Samples()
    for _ in range(8):
        t0 = time.perf_counter()
        win.act_large.trigger()
        idle.wait()
        times.append((time.perf_counter() - t0) * 1000)
    if win.act_large.isChecked():
        win.act_large.trigger()
    win.set_document(None)
    win.close()
    idle.wait()
    return times


# -- start-up ----------------------------------------------------------------------------
_BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Window(QMainWindow):  # reports when its first frame is painted, as the app does
    painted = False

    def event(self, event):
        done = super().event(event)
        if event.type() == QEvent.UpdateRequest and not self.painted:
            self.painted = True
            print('{"cpu_ms": %.1f}' % (time.process_time() * 1000), flush=True)
            QTimer.singleShot(0, app.quit)
        return done

app = QApplication(sys.argv)
win = Window()
win.setCentralWidget(QLabel("Hello"))
win.resize(1280, 800)
win.show()
app.exec()
"""


_CPU: dict[str, list[float]] = {"app": [], "bare": []}


def _launch(args: list[str], env: dict[str, str], who: str = "") -> float:
    """Wall ms from launch to the painted window (the first line the program prints, the
    moment its first frame is painted); its CPU ms (user + system) until then go to
    ``_CPU[who]``. What comes after that frame (the repaint when the window becomes the
    active one, shutting down) is not counted, for either program."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    ms = (time.perf_counter() - t0) * 1000
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and line, err[-2000:]
    if who:
        _CPU[who].append(float(json.loads(line)["cpu_ms"]))
    return ms


@functools.cache
def _startup(runs: int = 15) -> tuple[Samples, Samples]:
    """(app, bare) launch-to-painted times, alternately, each a fresh process."""
    folder = Path(tempfile.mkdtemp())
    session = folder / "last.cxw"
    session.write_bytes(SAMPLE.read_bytes())
    # Bytecode as an installed app has it (pip compiles it): with PYTHONDONTWRITEBYTECODE
    # set, every launch would compile the modules changed since the last cache (~70 ms).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**env, "QT_QPA_PLATFORM": "offscreen", "CXWORKSHOP_SMOKE": "1",
           "HOME": str(folder), "XDG_CONFIG_HOME": str(folder / "config"),
           "XDG_DOCUMENTS_DIR": str(folder / "docs"),
           "PYTHONPATH": str(ROOT)}  # this checkout's cxworkshop
    app_cmd = [sys.executable, "-m", "cxworkshop", str(session)]
    bare_cmd = [sys.executable, "-c", _BARE]
    _launch(app_cmd, env), _launch(bare_cmd, env)  # warm the disk cache
    app_times, bare_times = Samples(), Samples()
    for _ in range(runs):
        app_times.append(_launch(app_cmd, env, "app"))
        bare_times.append(_launch(bare_cmd, env, "bare"))
    return app_times, bare_times


def startup_ms() -> Samples:
    """Launch → the main window painted with a workshop (the 12-person sample)."""
    return _startup()[0]


def startup_bare_qt_ms() -> Samples:
    """Launch → a bare PySide6 main window painted, in the same run."""
    return _startup()[1]


def startup_ratio() -> float:
    """startup_ms / startup_bare_qt_ms (medians); the target is at most 2."""
    app_times, bare_times = _startup()
    return statistics.median(app_times) / statistics.median(bare_times)


def startup_cpu_ms() -> Samples:
    """Launch → painted in CPU time (user + system) of the app's process."""
    _startup()
    return Samples(_CPU["app"])


def startup_bare_qt_cpu_ms() -> Samples:
    """The same for the bare PySide6 window."""
    _startup()
    return Samples(_CPU["bare"])


def startup_cpu_ratio() -> float:
    """The same ratio in CPU time (user + system) of the two processes: what the
    launches cost, untouched by other work on a shared machine."""
    _startup()
    return statistics.median(_CPU["app"]) / statistics.median(_CPU["bare"])


def startup_instructions_ratio() -> float:
    """Launch → first frame in instructions (valgrind's callgrind), app ÷ bare window: the
    same figure on a busy machine as on a quiet one (CPU time varies by ±10 % here).
    Each program exits at its first frame; timers that natively fire long after it (the
    page builder, the file watcher) are held back, as valgrind runs ~50× slower. NaN
    without valgrind."""
    import shutil
    if shutil.which("valgrind") is None:
        return float("nan")
    folder = Path(tempfile.mkdtemp())
    session = folder / "last.cxw"
    session.write_bytes(SAMPLE.read_bytes())
    app = folder / "app.py"
    app.write_text(
        "import os, sys\n"
        "import cxworkshop.app as A\n"
        "import cxworkshop.ui.main_window as mw\n"
        "mw.BUILD_DELAY_MS = mw.WATCH_MS = 10**7\n"
        "def fast(qapp, window):\n"
        "    window.first_painted.connect(lambda: os._exit(0))\n"
        "    qapp.exec()\n"
        "A._smoke_exit = fast\n"
        "from cxworkshop.cli import main\n"
        "main(sys.argv[1:])\n", encoding="utf-8")
    bare = folder / "bare.py"
    bare.write_text(_BARE.replace("QTimer.singleShot(0, lambda: report(cpu))", "os._exit(0)")
                    .replace("import sys, time", "import os, sys, time"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**env, "QT_QPA_PLATFORM": "offscreen", "CXWORKSHOP_SMOKE": "1",
           "HOME": str(folder), "XDG_CONFIG_HOME": str(folder / "config"),
           "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}

    def instructions(args: list[str]) -> int:
        subprocess.run(args, env=env, capture_output=True, timeout=120)  # bytecode written
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                              *args], env=env, capture_output=True, text=True, timeout=600)
        refs = [line for line in out.stderr.splitlines() if "Collected" in line]
        return int(refs[-1].split()[-1].replace(",", ""))

    return (instructions([sys.executable, str(app), str(session)])
            / instructions([sys.executable, str(bare)]))


BENCHMARKS = {"edit_to_screen_ms_12": edit_to_screen_ms_12,
              "edit_to_screen_ms_12_200_actions": edit_to_screen_ms_12_200_actions,
              "edit_to_screen_ms_2000": edit_to_screen_ms_2000,
              "edit_to_screen_ms_2000_200_actions": edit_to_screen_ms_2000_200_actions,
              "startup_ms": startup_ms, "startup_bare_qt_ms": startup_bare_qt_ms,
              "startup_ratio": startup_ratio, "startup_cpu_ms": startup_cpu_ms,
              "startup_bare_qt_cpu_ms": startup_bare_qt_cpu_ms,
              "startup_cpu_ratio": startup_cpu_ratio,
              "startup_instructions_ratio": startup_instructions_ratio,
              "theme_toggle_ms": theme_toggle_ms}
