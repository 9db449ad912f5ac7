"""The presenter: name size on the room's map, and following the facilitator's map.

- ``presenter_min_name_px_1024`` / ``_1920``: the process names' font size in
  screen pixels on the room's map at fit, 16-process sample (service-desk) at
  1024×768 and 1920×1080 (every name is drawn at this one size); ``…_large``: the
  same with Large Text (the smallest over the pages of lanes).
- ``presenter_follow_ms``: on the 2,000-process map, the facilitator selects a
  process on the Map page → the room's map has painted a frame showing it
  (median and p99 of 15 runs); ``presenter_follow_cpu_ms``: the same runs' CPU time.
"""
from __future__ import annotations

import importlib.util
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _bench_map():
    spec = importlib.util.spec_from_file_location("bench.bench_map_for_presenter",
                                                  HERE / "bench_map.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def min_name_px(size: tuple[int, int], sample: str = "service-desk.cxw",
                large_text: bool = False) -> float:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from cxworkshop.document import SessionDocument
    from cxworkshop.resources import samples_dir
    from cxworkshop.store import SessionStore
    from cxworkshop.ui.presenter.controller import RoomController
    from cxworkshop.ui.presenter.window import PresenterWindow
    from cxworkshop.ui.theme import Theme
    app = QApplication.instance()
    doc = SessionDocument(workshop=SessionStore.read(samples_dir() / sample))
    room = RoomController(doc, clock=lambda: 0.0, wall=lambda: 0.0)
    win = PresenterWindow(room)
    win.setAttribute(Qt.WA_DontShowOnScreen, True)
    before = Theme.large_text
    Theme.large_text = large_text
    try:
        win.resize(*size)
        win.show()
        room.show("map")
        for _ in range(3):
            app.processEvents()
        sizes = []
        for _ in range(room.pages):   # Large Text may page the lanes: the smallest page
            sizes.append(win.map_body.canvas.name_px_drawn())
            room.advance()
            for _ in range(3):
                app.processEvents()
        return round(min(sizes), 2)
    finally:
        Theme.large_text = before
        win.close()
        win.deleteLater()


def presenter_min_name_px_1024() -> float:
    return min_name_px((1024, 768))


def presenter_min_name_px_1920() -> float:
    return min_name_px((1920, 1080))


_FOLLOW: dict[str, list[float]] = {}


def presenter_follow_ms() -> list[float]:
    """Wall-clock times (what the room waits)."""
    return _FOLLOW.pop("wall", None) or follow_runs()["wall"]


def presenter_follow_cpu_ms() -> list[float]:
    """The same runs' CPU time of this process (steady on a machine shared with
    other work, where the wall clock also counts waiting for a core)."""
    return _FOLLOW.pop("cpu", None) or follow_runs()["cpu"]


def follow_runs(runs: int = 15) -> dict[str, list[float]]:
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from cxworkshop.store import write_session_file
    from cxworkshop.ui.main_window import MainWindow
    app = QApplication.instance()
    path = Path(tempfile.mkdtemp()) / "big-2000.cxw"
    write_session_file(path, _bench_map().big_workshop(2000, 2600))
    settings = QSettings(str(path.with_suffix(".ini")), QSettings.IniFormat)
    win = MainWindow(settings)
    win.resize(1366, 768)
    win.show()
    win.open_file(path)
    page = win.show_page("Map")
    presenter = win.room_menu.show_presenter()
    presenter.resize(1024, 768)
    for _ in range(5):
        app.processEvents()
    canvas = presenter.map_body.canvas
    frames: list[tuple[float, set]] = []   # when the room's map painted, showing what
    canvas.frame_painted.connect(lambda: frames.append((time.perf_counter(),
                                                        time.process_time(),
                                                        set(canvas.selected))))
    times, cpu = [], []
    ok = True
    for i in range(runs):
        target = {f"p{(i * 131) % 2000}"}
        frames.clear()
        t, c = time.perf_counter(), time.process_time()
        page.scene.select_ids("processes", sorted(target))
        while not any(shown == target for _, _, shown in frames):
            app.processEvents()      # the facilitator's map, the follow signal, the room
            if time.perf_counter() - t > 5:
                ok = False
                break
        done, done_cpu = next(((at, at_cpu) for at, at_cpu, shown in frames
                               if shown == target),
                              (time.perf_counter(), time.process_time()))
        times.append((done - t) * 1000)
        cpu.append((done_cpu - c) * 1000)
    ok = ok and win.room_menu.room.map_view.get("selected") == target
    presenter.close()
    win.close()
    if not ok:
        raise RuntimeError("the presenter did not follow the selection")
    _FOLLOW.update(wall=times, cpu=cpu)  # printed as median and p99 (tests/bench/run.py)
    return dict(_FOLLOW)


BENCHMARKS = {"presenter_min_name_px_1024": presenter_min_name_px_1024,
              "presenter_min_name_px_1920": presenter_min_name_px_1920,
              "presenter_min_name_px_1024_large": lambda: min_name_px((1024, 768),
                                                                      large_text=True),
              "presenter_min_name_px_1920_large": lambda: min_name_px((1920, 1080),
                                                                      large_text=True),
              "presenter_follow_ms": presenter_follow_ms,
              "presenter_follow_cpu_ms": presenter_follow_cpu_ms}
