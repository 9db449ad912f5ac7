"""Logging: a rotating file in the user's log folder, unexpected errors written there.

``setup_logging()`` is called once by the command line and the app. The file is
``cxworkshop.log`` in platformdirs' user log folder (``CXWORKSHOP_LOG_DIR``
overrides it); ``--verbose`` also prints the log on stderr. No Qt here: the
app's Qt message handler and crash dialog live in ``ui/crash.py``.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from . import APP_NAME, __version__

LOG_NAME = "cxworkshop.log"
LOG_DIR_ENV = "CXWORKSHOP_LOG_DIR"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

log = logging.getLogger("cxworkshop")

_file_handler: logging.Handler | None = None
_stderr_handler: logging.Handler | None = None


class _QuietFileHandler(logging.FileHandler):
    """A log file that never disturbs the user: when it cannot be written (a full disk,
    a file-size limit, a removed folder) the record is dropped, not printed on stderr.

    It rotates as ``logging.handlers.RotatingFileHandler`` does: a record that would take
    the file past ``max_bytes`` first moves it to ``.1`` (``.1`` to ``.2``…, keeping
    ``backups``). Not that class itself: ``logging.handlers`` brings sockets, pickle and
    queues along, a twentieth of the app's start-up.
    """

    def __init__(self, path: Path, max_bytes: int, backups: int):
        super().__init__(path, encoding="utf-8", delay=True)
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(len(self.format(record).encode("utf-8")) + 1):
                self._rotate()
        except Exception:  # noqa: BLE001 - a log that cannot rotate still takes the record
            pass
        super().emit(record)

    def _full(self, size: int) -> bool:
        if self.stream is None:
            path = Path(self.baseFilename)
            return path.exists() and path.stat().st_size + size > self.max_bytes
        return self.stream.tell() + size > self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]  # reopened by emit (delay)
        base = self.baseFilename
        for i in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{i}"):
                os.replace(f"{base}.{i}", f"{base}.{i + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def log_dir() -> Path:
    """The folder of the log file (platformdirs' user log dir, or ``$CXWORKSHOP_LOG_DIR``)."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_log_dir
    return Path(user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path | None:
    """The log file being written, or None when it could not be opened."""
    if _file_handler is None:
        return None
    return Path(_file_handler.baseFilename)  # type: ignore[attr-defined]


def setup_logging(verbose: bool = False) -> Path | None:
    """Log to the rotating file (INFO and up) and, when ``verbose``, to stderr (DEBUG).

    Safe to call again (the handlers are replaced, e.g. when the log folder changes).
    Returns the log file, or None when it cannot be written (then nothing is logged to a
    file and nothing else changes: a read-only home must not stop a workshop).
    """
    global _file_handler, _stderr_handler
    stop_logging()
    root = logging.getLogger()
    formatter = logging.Formatter(FORMAT)
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = _QuietFileHandler(folder / LOG_NAME, MAX_BYTES, BACKUPS)
        handler.setFormatter(formatter)
        handler.setLevel(logging.INFO)
        root.addHandler(handler)
        _file_handler = handler
    except OSError:
        pass
    if verbose:
        _stderr_handler = logging.StreamHandler(sys.stderr)
        _stderr_handler.setFormatter(formatter)
        _stderr_handler.setLevel(logging.DEBUG)
        root.addHandler(_stderr_handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.captureWarnings(True)
    return log_path()


def stop_logging() -> None:
    """Remove the handlers ``setup_logging`` added (tests; a clean shutdown)."""
    global _file_handler, _stderr_handler
    root = logging.getLogger()
    for handler in (_file_handler, _stderr_handler):
        if handler is not None:
            root.removeHandler(handler)
            handler.close()
    _file_handler = _stderr_handler = None


def describe(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> str:
    """The details a bug report needs: version, platform and the traceback."""
    import platform
    lines = [f"cxworkshop {__version__}, Python {platform.python_version()}, "
             f"{platform.platform()}"]
    try:
        from PySide6 import __version__ as pyside
        lines[0] += f", PySide6 {pyside}"
    except ImportError:
        pass
    lines.append("".join(traceback.format_exception(exc_type, exc, tb)).rstrip())
    return "\n".join(lines)


def log_exception(exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None, where: str = "") -> str:
    """Write an unexpected exception to the log; return its details."""
    details = describe(exc_type, exc, tb)
    log.critical("unexpected error%s\n%s", f" in {where}" if where else "", details)
    return details


def install_excepthook(on_error: Callable[[type[BaseException], BaseException,
                                          TracebackType | None, str], None] | None = None
                       ) -> None:
    """Send unexpected exceptions (main and other threads) to the log, then to ``on_error``.

    ``on_error(type, exc, tb, details)`` is how the app shows its dialog; without it
    the default hook still prints the traceback (the command line handles its own).
    """
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = log_exception(exc_type, exc, tb)
        if on_error is not None:
            on_error(exc_type, exc, tb, details)
        else:
            sys.__excepthook__(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        where = f"thread {args.thread.name}" if args.thread else "a thread"
        log_exception(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback,
                      where)

    sys.excepthook = hook
    threading.excepthook = thread_hook
