"""Map benchmarks: load a big session into the scene, paint it, drag a box.

The view keeps a picture of the map (see ``cxworkshop.ui.canvas.items``), so a
repaint with nothing changed is a blit: ``map_repaint_cached_ms`` measures that, the
``*_cold_ms`` figures measure the same paint right after the picture was
dropped (what a zoom step, a focus change or a theme change costs).
``map_drag_ms`` times real mouse events sent to the viewport, each followed by
the synchronous repaint they cause (checked: each one repaints the viewport).
"""
from __future__ import annotations

import functools
import random
import tempfile
import time
from pathlib import Path

from cxworkshop.model import Add, Department, Link, Process, Workshop
from cxworkshop.model.layout import BOX_H, BOX_W

DEPARTMENTS = 10
PER_ROW = 5


def big_workshop(n_processes: int, n_links: int, seed: int = 7) -> Workshop:
    """A map of ``n_processes`` boxes on a 10 × 5 grid, laid out in rows inside cells."""
    rnd = random.Random(seed)
    w = Workshop()
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
              "#7f7f7f", "#bcbd22", "#17becf"]
    ops = [Add(Department(f"d{i}", f"Department {i}", colors[i])) for i in range(DEPARTMENTS)]
    counts: dict[tuple, int] = {}
    procs = []
    for i in range(n_processes):
        cell = (i % DEPARTMENTS, (i // DEPARTMENTS) % 5)
        k = counts.get(cell, 0)
        counts[cell] = k + 1
        row, col = divmod(k, PER_ROW)
        procs.append(Process(f"p{i}", f"Process number {i} of the map", f"d{cell[0]}", cell[1],
                             moment_of_truth=i % 37 == 0, votes=i % 4,
                             x=16 + col * (BOX_W + 24), y=16 + row * (BOX_H + 24)))
    ops += [Add(p) for p in procs]
    pairs = set()
    while len(pairs) < n_links:
        a = rnd.randrange(n_processes)
        b = min(n_processes - 1, a + rnd.randint(1, 60))
        if a != b:
            pairs.add((a, b))
    ops += [Add(Link(f"l{i}", f"p{a}", f"p{b}")) for i, (a, b) in enumerate(sorted(pairs))]
    w.apply(ops)
    return w


def _session_file(n_processes: int, n_links: int) -> Path:
    from cxworkshop.store import write_session_file
    path = Path(tempfile.mkdtemp()) / f"big-{n_processes}.cxw"
    write_session_file(path, big_workshop(n_processes, n_links))
    return path


def _app():
    from PySide6.QtWidgets import QApplication
    return QApplication.instance() or QApplication([])


def _open(path):
    from cxworkshop.document import SessionDocument
    from cxworkshop.ui.canvas.scene import MapScene
    doc = SessionDocument.open(path)
    return doc, MapScene(doc)


def _view(scene):
    from cxworkshop.ui.canvas.view import MapView
    view = MapView(scene)
    view.resize(1920 + 2, 1080 + 2)
    view.setHorizontalScrollBarPolicy(view.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(view.verticalScrollBarPolicy().ScrollBarAlwaysOff)
    view.show()
    _app().processEvents()
    size = view.viewport().size()
    assert (size.width(), size.height()) == (1920, 1080), size
    return view


def map_load_ms() -> list[float]:
    """2,000 processes and 2,600 links: open the file and build the scene, including
    the scene's deferred work (5 runs)."""
    app = _app()
    path = _session_file(2000, 2600)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        doc, scene = _open(path)
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
        scene.deleteLater()
        doc.close()
        app.processEvents()
    return times


@functools.cache
def _paint_figures(n_processes: int, n_links: int, scale: float | None = None
                   ) -> tuple[list[float], list[float]]:
    """Full-view paints of the map (7 each), fitted (``scale`` None) or at ``scale``
    around the middle of the map: (picture kept, picture dropped first)."""
    _app()
    doc, scene = _open(_session_file(n_processes, n_links))
    view = _view(scene)
    view.zoom_fit()
    if scale is not None:
        view.set_scale(scale)
        view.centerOn(scene.sceneRect().center())
    vp = view.viewport()
    vp.repaint()
    warm, cold = [], []
    for _ in range(7):
        t0 = time.perf_counter()
        vp.repaint()
        warm.append((time.perf_counter() - t0) * 1000)
        view.resetCachedContent()   # as after a zoom step, a focus or theme change
        t0 = time.perf_counter()
        vp.repaint()
        cold.append((time.perf_counter() - t0) * 1000)
    view.close()
    doc.close()
    return warm, cold


def map_repaint_cached_ms() -> list[float]:
    """A repaint at 1920×1080 of the fitted 2,000-process map with nothing changed:
    the view copies its cached picture (what a paint costs is map_paint_cold_ms)."""
    return _paint_figures(2000, 2600)[0]


def map_paint_cold_ms() -> list[float]:
    """The same paint when the view's picture must be painted anew."""
    return _paint_figures(2000, 2600)[1]


def map_repaint_cached_ms_5000() -> list[float]:
    """The same with 5,000 processes and 6,500 links."""
    return _paint_figures(5000, 6500)[0]


def map_paint_cold_ms_5000() -> list[float]:
    """5,000 processes, the picture painted anew."""
    return _paint_figures(5000, 6500)[1]


def map_paint_cold_ms_50() -> list[float]:
    """The 2,000-process map at 50 % (boxes with text, about 1,400 long links in
    view), the picture painted anew."""
    return _paint_figures(2000, 2600, 0.5)[1]


def map_paint_cold_ms_100() -> list[float]:
    """The same at 100 %."""
    return _paint_figures(2000, 2600, 1.0)[1]


def map_focus_ms() -> list[float]:
    """Clicking a process on the fitted 2,000-process map: focus on (everything
    upstream and downstream lit, the rest dimmed) and the view repainted (7 runs)."""
    app = _app()
    doc, scene = _open(_session_file(2000, 2600))
    view = _view(scene)
    view.zoom_fit()
    vp = view.viewport()
    vp.repaint()
    times = []
    for i in range(7):
        t0 = time.perf_counter()
        scene.select_ids("processes", [f"p{1000 + 7 * i}"])
        app.processEvents()
        vp.repaint()
        times.append((time.perf_counter() - t0) * 1000)
        assert scene.focused == {f"p{1000 + 7 * i}"}
        scene.clearSelection()
        scene.clear_focus()
        app.processEvents()
        vp.repaint()
    view.close()
    doc.close()
    return times


def map_drag_ms() -> list[float]:
    """One mouse-move (event + repaint) while dragging a process with 5 links (the
    moves after the 5th of 5 drags)."""
    return _drag_figures()[0]


def map_drag_start_ms() -> list[float]:
    """The first mouse-move of that drag (the rest of the picture repainted without it)."""
    return _drag_figures()[1]


def map_drop_ms() -> list[float]:
    """Releasing the mouse: the move is stored (one undo step) and repainted."""
    return _drag_figures()[2]


@functools.cache
def _drag_figures() -> tuple[list[float], list[float], list[float]]:
    from PySide6.QtCore import QEvent, QObject, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication
    app = _app()
    w = big_workshop(2000, 2600)
    # give p1000 exactly five links of its own
    from cxworkshop.model import Remove
    w.apply([Remove("links", ln.id) for ln in w.links if "p1000" in (ln.upstream, ln.downstream)])
    for i, other in enumerate((1001, 1002, 1003, 998, 997)):
        up, down = ("p1000", f"p{other}") if i < 3 else (f"p{other}", "p1000")
        w.apply([Add(Link(f"extra{i}", up, down))])
    from cxworkshop.store import write_session_file
    path = Path(tempfile.mkdtemp()) / "drag.cxw"
    write_session_file(path, w)
    doc, scene = _open(path)
    view = _view(scene)
    view.set_scale(1.0)
    item = scene.item_for_process["p1000"]
    view.centerOn(item)
    app.processEvents()
    vp = view.viewport()
    start = view.mapFromScene(item.box_rect().center())

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint:
                self.count += 1
            return False

    paints = PaintCounter()
    vp.installEventFilter(paints)

    def send(kind, pos, buttons, repaints: bool = True) -> float:
        """Send one mouse event to the viewport, process what it causes (the
        repaint included); the milliseconds it took."""
        ev = QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)),
                         Qt.LeftButton if kind != QEvent.MouseMove else Qt.NoButton,
                         buttons, Qt.NoModifier)
        paints.count = 0
        t0 = time.perf_counter()
        QApplication.sendEvent(vp, ev)
        app.processEvents()
        ms = (time.perf_counter() - t0) * 1000
        assert paints.count >= 1 or not repaints, "the event caused no repaint"
        return ms

    moves: list[float] = []
    firsts: list[float] = []
    drops: list[float] = []
    for drag in range(5):  # there and back: every drag starts where the box is
        start = view.mapFromScene(item.box_rect().center())
        send(QEvent.MouseButtonPress, start, Qt.LeftButton, repaints=drag == 0)
        times = []
        pos = start
        sign = 1 if drag % 2 == 0 else -1
        for step in range(1, 41):
            pos = start + type(start)(sign * step * 3, sign * step * 2)
            times.append(send(QEvent.MouseMove, pos, Qt.LeftButton))
        steps = doc.undo_stack.count()
        drops.append(send(QEvent.MouseButtonRelease, pos, Qt.NoButton))
        # one step per drag (none when the box snaps back to the free spot it left)
        assert doc.undo_stack.count() - steps <= 1, "the drag was not stored as one step"
        moves += times[5:]
        firsts.append(times[0])
    view.close()
    doc.close()
    return moves, firsts, drops


def _stacked_2000() -> Workshop:
    """The 2,000-process map as another tool might write it: every third box stored
    exactly on the box before it in its cell."""
    w = big_workshop(2000, 2600)
    from cxworkshop.model import Update
    procs = list(w.tables["processes"].values())
    last: dict[tuple, object] = {}
    ops = []
    for i, p in enumerate(procs):
        cell = (p.department, p.stage)
        if i % 3 == 2 and cell in last:
            q = last[cell]
            ops.append(Update("processes", p.id, {"x": q.x, "y": q.y}))
        last[cell] = p
    w.apply(ops)
    return w


def map_overlaps_after_import() -> float:
    """Overlapping boxes (and notes over boxes) on the map after importing the
    stacked 16-process fixture and a 2,000-process map with a third of its boxes
    stored on others, as JSON (sum of both; 0 means none)."""
    from cxworkshop.io.json_io import dumps, loads
    from cxworkshop.model.layout import compute_layout, count_overlaps
    from tests.map_fixtures import stacked_workshop
    total = 0
    for w in (stacked_workshop(), _stacked_2000()):
        total += count_overlaps(compute_layout(loads(dumps(w))))
    return float(total)


def _ratio(w) -> float:
    from cxworkshop.model.arrange import arrange_ops, crossings
    before = crossings(w)
    w.apply(arrange_ops(w))
    return crossings(w) / before if before else 1.0


def arrange_crossings_ratio() -> float:
    """Crossings after / before auto-arrange, the worst of the two samples, the
    stacked fixture and the 2,000-process map (<= 1.0: never worse)."""
    from cxworkshop.store import SessionStore
    from tests.map_fixtures import stacked_workshop
    here = Path(__file__).resolve().parents[2] / "sample_sessions"
    maps = [SessionStore.read(here / "home-services.cxw"),
            SessionStore.read(here / "service-desk.cxw"), stacked_workshop(),
            big_workshop(2000, 2600)]
    return max(_ratio(w) for w in maps)


def map_route_ms_2000() -> list[float]:
    """Route every link of the 2,000-process map around the boxes (median of 3)."""
    from cxworkshop.model.layout import compute_layout
    from cxworkshop.model.route import route_all
    w = big_workshop(2000, 2600)
    layout = compute_layout(w)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        route_all(w, layout)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def png_export_s() -> float:
    """The 2,000-process map as a PNG 8,000 pixels wide (tiled), seconds."""
    from cxworkshop.export.png import render_map_png
    w = big_workshop(2000, 2600)
    path = Path(tempfile.mkdtemp()) / "map.png"
    t0 = time.perf_counter()
    render_map_png(w, path, width=8000)
    return time.perf_counter() - t0


def map_drop_ms_window() -> list[float]:
    """A drop on the 2,000-process map in the real main window (every page built,
    40 participants placed, 200 actions): from the release until the next frame is
    painted (the events it caused processed, then the viewport repainted), wall
    clock; 15 drops of different boxes, each nudged inside its cell."""
    return _window_drops()[0]


def map_drop_cpu_ms_window() -> list[float]:
    """The same drops as ``map_drop_ms_window`` in this process's CPU time (what the
    drop costs, without the waits of a machine shared with other work)."""
    return _window_drops()[1]


@functools.cache
def _window_drops() -> tuple[list[float], list[float]]:
    from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from cxworkshop.model import Action, Participant, Placement
    from cxworkshop.ui.main_window import MainWindow
    app = _app()
    w = big_workshop(2000, 2600)
    ops = []
    for i in range(40):
        ops.append(Add(Participant(f"u{i}", f"Person {i}", f"d{i % DEPARTMENTS}")))
        ops.append(Add(Placement(f"pl{i}", f"u{i}", f"p{i * 37}")))
    ops += [Add(Action(f"a{i}", f"Action {i}")) for i in range(200)]
    w.apply(ops)
    from cxworkshop.store import write_session_file
    path = Path(tempfile.mkdtemp()) / "window.cxw"
    write_session_file(path, w)
    settings = QSettings(str(path.with_suffix(".ini")), QSettings.IniFormat)
    win = MainWindow(settings)
    win.resize(1366, 768)
    win.show()
    assert win.open_file(path)
    page = win.show_page("Map")
    app.processEvents()
    built = list(win.pages)   # every page built, as after the window's idle build
    assert all(p is not None for p in built) and len(built) == len(win.page_titles())
    view, scene = page.view, page.scene
    view.set_scale(1.0)
    vp = view.viewport()
    times, cpu = [], []
    for i in range(15):
        item = scene.item_for_process[f"p{1000 + 10 * i}"]
        view.centerOn(item)
        app.processEvents()
        start = view.mapFromScene(item.box_rect().center())

        def send(kind, pos, buttons):
            ev = QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)),
                             Qt.LeftButton if kind != QEvent.MouseMove else Qt.NoButton,
                             buttons, Qt.NoModifier)
            QApplication.sendEvent(vp, ev)

        send(QEvent.MouseButtonPress, start, Qt.LeftButton)
        pos = start
        for step in range(1, 8):
            pos = start + type(start)(step * 4, step * 3)
            send(QEvent.MouseMove, pos, Qt.LeftButton)
            app.processEvents()
        steps = page.document.undo_stack.count()
        t0, c0 = time.perf_counter(), time.process_time()
        send(QEvent.MouseButtonRelease, pos, Qt.NoButton)
        app.processEvents()
        vp.repaint()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert page.document.undo_stack.count() == steps + 1, "the drop was not stored"
    win.close()
    return times, cpu


BENCHMARKS = {"map_load_ms": map_load_ms, "map_repaint_cached_ms": map_repaint_cached_ms,
              "map_drag_ms": map_drag_ms,
              "map_repaint_cached_ms_5000": map_repaint_cached_ms_5000,
              "map_paint_cold_ms": map_paint_cold_ms,
              "map_paint_cold_ms_5000": map_paint_cold_ms_5000,
              "map_paint_cold_ms_50": map_paint_cold_ms_50,
              "map_paint_cold_ms_100": map_paint_cold_ms_100, "map_focus_ms": map_focus_ms,
              "map_drag_start_ms": map_drag_start_ms, "map_drop_ms": map_drop_ms,
              "map_overlaps_after_import": map_overlaps_after_import,
              "arrange_crossings_ratio": arrange_crossings_ratio,
              "map_route_ms_2000": map_route_ms_2000, "png_export_s": png_export_s,
              "map_drop_ms_window": map_drop_ms_window,
              "map_drop_cpu_ms_window": map_drop_cpu_ms_window}
