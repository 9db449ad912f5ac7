"""Logging: the rotating log file, --verbose, unexpected errors in the CLI and the app."""
from __future__ import annotations

import logging
import sys

import pytest

from cxworkshop import logs
from cxworkshop.cli import main


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(folder))
    yield folder
    logs.stop_logging()
    logging.getLogger().setLevel(logging.WARNING)


def _log_text(folder) -> str:
    for h in logging.getLogger().handlers:
        h.flush()
    return (folder / logs.LOG_NAME).read_text(encoding="utf-8")


def test_log_file_lives_in_the_user_log_folder_and_rotates(log_dir, monkeypatch):
    monkeypatch.delenv(logs.LOG_DIR_ENV)
    monkeypatch.setenv("XDG_STATE_HOME", str(log_dir.parent / "state"))
    if sys.platform.startswith("linux"):
        assert logs.log_dir() == log_dir.parent / "state" / "cxworkshop" / "log"
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(log_dir))
    monkeypatch.setattr(logs, "MAX_BYTES", 5_000)
    assert logs.setup_logging() == log_dir / "cxworkshop.log"
    for i in range(200):
        logging.getLogger("cxworkshop.test").info("line %d %s", i, "x" * 50)
    assert "line 199" in _log_text(log_dir)
    assert (log_dir / "cxworkshop.log.1").exists()
    assert len(list(log_dir.iterdir())) == 1 + logs.BACKUPS  # old ones are dropped
    files = [log_dir / "cxworkshop.log", *(log_dir / f"cxworkshop.log.{i}"
                                          for i in range(1, logs.BACKUPS + 1))]
    assert all(f.stat().st_size <= 5_000 for f in files)
    numbers = [int(line.split("line ")[1].split()[0]) for f in reversed(files)
               for line in f.read_text(encoding="utf-8").splitlines()]
    assert numbers == list(range(numbers[0], 200))  # newest kept, in order, none lost between


def test_verbose_prints_the_log_on_stderr(log_dir, session_path, capsys):
    assert main(["--verbose", "info", str(session_path)]) == 0
    err = capsys.readouterr().err
    assert "cxworkshop.cli: cxworkshop" in err and "done in" in err
    assert main(["info", str(session_path), "-v"]) == 0  # after the command too
    assert "done in" in capsys.readouterr().err
    assert main(["info", str(session_path)]) == 0
    assert capsys.readouterr().err == ""
    assert "info " in _log_text(log_dir)


def test_a_bug_in_a_command_is_one_line_for_the_user_and_a_traceback_in_the_log(
        log_dir, session_path, capsys, monkeypatch):
    import cxworkshop.store as store

    def broken(path):
        return 1 / 0
    monkeypatch.setattr(store, "inspect_header", broken)
    assert main(["info", str(session_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "unexpected error (ZeroDivisionError: division by zero)" in err
    assert str(log_dir / "cxworkshop.log") in err
    text = _log_text(log_dir)
    assert "CRITICAL" in text and "Traceback" in text and "in broken" in text


@pytest.mark.qt_no_exception_capture
def test_an_error_in_the_app_is_logged_and_told_calmly(qtbot, qapp, log_dir, monkeypatch):
    from PySide6.QtCore import QTimer, qWarning
    from PySide6.QtGui import QGuiApplication

    from cxworkshop.ui import crash
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    import threading
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    logs.setup_logging()
    crash.install(qapp)
    try:
        qWarning("a warning from Qt")

        def slot():
            raise RuntimeError("the printer caught fire")
        QTimer.singleShot(0, slot)  # raised inside Qt's event loop, like any slot
        qtbot.waitUntil(lambda: any(isinstance(w, crash.CrashDialog) and w.isVisible()
                                    for w in qapp.topLevelWidgets()), timeout=3000)
        dialog = next(w for w in qapp.topLevelWidgets() if isinstance(w, crash.CrashDialog))
        text = dialog.message.text()
        assert "RuntimeError: the printer caught fire" in text
        assert "Nothing you saved is lost" in text
        assert str(log_dir / "cxworkshop.log") in text
        dialog.copy_button.click()
        copied = QGuiApplication.clipboard().text()
        assert "Traceback" in copied and "the printer caught fire" in copied
        assert "cxworkshop " in copied.splitlines()[0]  # version and platform first
        # a second error while the dialog is open does not open a second dialog
        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: dialog.repeats == 1, timeout=3000)
        assert sum(isinstance(w, crash.CrashDialog) and w.isVisible()
                   for w in qapp.topLevelWidgets()) == 1
        dialog.close()
        log_text = _log_text(log_dir)
        assert "a warning from Qt" in log_text and "qt:" in log_text
        assert "the printer caught fire" in log_text and "Traceback" in log_text
    finally:
        from PySide6.QtCore import qInstallMessageHandler
        qInstallMessageHandler(None)


def test_a_log_that_cannot_be_written_stays_silent(log_dir, session_path, capsys, monkeypatch):
    """A full disk must not put "--- Logging error ---" in front of the user."""
    logs.setup_logging()

    def full(self):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(logs._QuietFileHandler, "flush", full)
    assert main(["info", str(session_path)]) == 0
    assert capsys.readouterr().err == ""
    monkeypatch.undo()  # a flushing close again before the fixture ends
