"""The room link under a burst: 60 phones (another process) each send a story and
three votes at once to ``cxworkshop serve``'s server on 127.0.0.1; the session
file is on the normal disk (each group commit is fsynced). The ``roomlink_gui_*``
figures are the same burst against the main window's room link while the facilitator
edits the map."""
from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path


@cache
def _burst() -> tuple[float, float]:
    from cxworkshop.document import SessionDocument
    from cxworkshop.roomlink.owner import ThreadOwner
    from cxworkshop.roomlink.server import start_server
    from tests.roomlink_burst import go, result, spawn_phones, wait_joined
    from tests.test_roomlink_load import room_session
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "room.cxw"
        people, processes = room_session(path)
        doc = SessionDocument.open(path)
        server = start_server(ThreadOwner(doc), "127.0.0.1", 0)
        try:
            phones = spawn_phones(server.base_url, server.state.session_token, people,
                                  processes)
            wait_joined(phones)
            server.httpd.timings.clear()
            go(phones)
            out = result(phones)
            assert not out.failures, out.failures[:3]
            return out.seconds, server.p99_ms()
        finally:
            server.stop()
            doc.close()


def roomlink_60_phones_s() -> float:
    """Seconds from "go" until all 60 phones have their 4 answers acknowledged."""
    return _burst()[0]


def roomlink_p99_ms() -> float:
    """The server's 99th-percentile time per request during that burst."""
    return _burst()[1]


@cache
def _gui_burst() -> tuple[float, float, tuple[float, ...]]:
    """The same burst against the main window's room link (file in memory where there is
    /dev/shm) while a map edit is asked for every 50 ms, as in the load test."""
    import os
    import time

    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from cxworkshop.ui.main_window import MainWindow
    from tests.roomlink_burst import gui_burst
    from tests.test_roomlink_load import room_session

    def wait_until(condition, timeout_ms: int) -> None:
        deadline = time.monotonic() + timeout_ms / 1000
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: (condition() or time.monotonic() > deadline)
                              and loop.quit())
        timer.start()
        if not condition():
            loop.exec()
        timer.stop()

    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=base) as folder:
        path = Path(folder) / "room.cxw"
        people, processes = room_session(path)
        window = MainWindow(QSettings(str(Path(folder) / "settings.ini"), QSettings.IniFormat))
        try:
            run = gui_burst(window, path, people, processes, wait_until)
        finally:
            window.set_document(None)
            window.deleteLater()
        assert not run.out.failures, run.out.failures[:3]
        return run.out.seconds, run.server_p99_ms, tuple(run.edit_ms)


def roomlink_gui_60_phones_s() -> float:
    """Seconds until all 60 phones are acknowledged, the room link in the main window."""
    return _gui_burst()[0]


def roomlink_gui_p99_ms() -> float:
    """The server's p99 per request during that burst (writes committed on the GUI thread)."""
    return _gui_burst()[1]


def roomlink_gui_edit_ms() -> list[float]:
    """Each map edit asked for during the burst: ms until it was committed."""
    return list(_gui_burst()[2])


BENCHMARKS = {"roomlink_60_phones_s": roomlink_60_phones_s, "roomlink_p99_ms": roomlink_p99_ms,
              "roomlink_gui_60_phones_s": roomlink_gui_60_phones_s,
              "roomlink_gui_p99_ms": roomlink_gui_p99_ms,
              "roomlink_gui_edit_ms": roomlink_gui_edit_ms}
