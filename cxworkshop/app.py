"""Start the GUI: the main window, opening a file or (on first run) a sample workshop."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from . import APP_NAME, __version__
from .resources import samples_dir

FIRST_SAMPLE = "home-services.cxw"


def first_run_sample() -> Path | None:
    """Copy a sample workshop where the user can edit it; return its path."""
    from platformdirs import user_documents_dir
    src = samples_dir() / FIRST_SAMPLE
    if not src.exists():
        return None
    dest_dir = Path(user_documents_dir()) / "cxworkshop"
    dest = dest_dir / f"Sample - {src.name}"
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        if not dest.exists():
            shutil.copyfile(src, dest)
            make_current(dest)
    except OSError:
        return None
    return dest


def app_icon():
    """The application icon in every size shipped (PNG: no SVG plug-in needed)."""
    from PySide6.QtGui import QIcon

    from .resources import resource_path
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = resource_path("icons", f"cxworkshop-{size}.png")
        if png.exists():
            icon.addFile(str(png))
    return icon


def install_language(app, choice: str | None) -> str:
    """Use the chosen language (or the system's, from LANG) for our text and Qt's own."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from .i18n import detect_language, set_language
    language = set_language(detect_language(choice))
    old = getattr(app, "_qt_words", None)
    if old is not None:
        app.removeTranslator(old)
        app._qt_words = None
    if language != "en":
        qt = QTranslator(app)  # Qt's own words: OK, Cancel, Close…
        if qt.load(QLocale(language), "qtbase", "_",
                   QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(qt)
            app._qt_words = qt
    return language


def make_current(path: Path) -> None:
    """Move a freshly copied sample's dates so that its workshop was held today
    (no wall of overdue actions on first run). Leaves the file alone on failure."""
    from .model.templates import as_of_today
    from .store import SessionError, SessionStore
    try:
        with SessionStore.open(path) as store:
            ops = as_of_today(store.load())
            if ops:
                store.apply(ops)
    except (SessionError, OSError):
        pass


def create_app(argv: list[str] | None = None):
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from .ui.theme import Theme
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setWindowIcon(app_icon())
    QGuiApplication.setDesktopFileName("cxworkshop")  # Wayland: matches cxworkshop.desktop
    settings = QSettings()
    install_language(app, str(settings.value("ui/language", "") or "") or None)
    Theme.large_text = settings.value("view/large_text", False, type=bool)
    Theme.high_contrast = settings.value("view/high_contrast", False, type=bool)
    Theme.apply(app)
    return app


def no_display_reason() -> str | None:
    """Why no window can open here (Linux without X11 or Wayland), or None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display found (DISPLAY and WAYLAND_DISPLAY are not set): the app needs a "
            "screen; the command line works without one, see 'cxworkshop --help'")


def _load_core_before_qt() -> None:
    """Load the Qt-free modules the window needs before PySide6: PySide6 reads the
    source of every module imported after it (looking for ``from __feature__``), a
    twentieth of the start-up for these ~70 modules. Only the order changes."""
    import platformdirs  # noqa: F401

    from .io import json_io  # noqa: F401
    from .model import agenda, stats, templates  # noqa: F401
    from .store import sqlite_store  # noqa: F401


def run_gui(path: str | None = None, verbose: bool = False) -> int:
    """Open the main window (with ``path``, or a sample on first run) and run."""
    reason = no_display_reason()
    if reason:
        print(f"cxworkshop: {reason}", file=sys.stderr)
        return 1
    _load_core_before_qt()
    from PySide6.QtCore import QSettings

    from .logs import log, setup_logging
    from .ui import crash
    from .ui.main_window import MainWindow
    log_file = setup_logging(verbose=verbose)
    log.info("cxworkshop %s starting (log: %s)", __version__, log_file)
    app = create_app()
    app._crash_reporter = crash.install(app)  # kept alive with the app
    if os.environ.get(SMOKE_ENV):
        _smoke_dialogs()
    window = MainWindow(QSettings())
    window.show()
    if path:
        window.open_file(path)
    else:
        settings = QSettings()
        recent = [f for f in window.recent_files() if Path(f).exists()]
        if not settings.value("first_run_done", False, type=bool) or not recent:
            sample = first_run_sample()
            settings.setValue("first_run_done", True)
            if sample:
                window.open_file(sample)
        else:
            window.open_file(recent[0])
    if os.environ.get(SMOKE_ENV):
        return _smoke_exit(app, window)
    return app.exec()


# -- smoke runs -------------------------------------------------------------------
# CXWORKSHOP_SMOKE=1 starts the app, opens the file (or the first-run sample),
# prints one JSON line about what is open, and quits: for the packaged-app and
# two-instance tests (CXWORKSHOP_SMOKE_SCREENSHOT=FILE.png also saves a picture
# of the window). Dialogs do not block: their text goes to stderr, and a
# question is answered by CXWORKSHOP_SMOKE_ANSWER (yes/no, default no).
SMOKE_ENV = "CXWORKSHOP_SMOKE"


def _smoke_dialogs() -> None:
    from PySide6.QtWidgets import QMessageBox

    def notice(kind):
        def show(parent, title, text, *args, **kwargs):
            print(f"{kind}: {title}: {text}", file=sys.stderr, flush=True)
            if kind == "question":
                yes = os.environ.get("CXWORKSHOP_SMOKE_ANSWER", "no").lower() == "yes"
                return QMessageBox.Yes if yes else QMessageBox.No
            return QMessageBox.Ok
        return staticmethod(show)

    for kind in ("critical", "warning", "information", "question"):
        setattr(QMessageBox, kind, notice(kind))


def _smoke_exit(app, window) -> int:
    import json
    import time

    from PySide6.QtCore import QTimer
    opened = []

    def report() -> None:  # the moment the first frame is painted: the line says so
        cpu_ms = round(time.process_time() * 1000, 1)  # launch → here, in CPU time
        doc = window.document
        opened.append(doc is not None)
        print(json.dumps({"opened": str(doc.path) if doc else None, "cpu_ms": cpu_ms,
                          "read_only": bool(doc and doc.read_only),
                          "title": window.windowTitle(),
                          "pages": [window.sidebar.item(i).text()
                                    for i in range(window.sidebar.count())],
                          "processes": len(doc.workshop.processes) if doc else 0,
                          "status": window.statusBar().currentMessage()},
                         ensure_ascii=False), flush=True)
        QTimer.singleShot(0, finish)

    def finish() -> None:
        shot = os.environ.get("CXWORKSHOP_SMOKE_SCREENSHOT")
        if shot:
            window.grab().save(shot)
        window.close()  # closes the session and frees its lock
        app.quit()

    # Once the first frame is painted (a 0 ms timer alone may fire before it is).
    if window.painted:
        QTimer.singleShot(0, report)
    else:
        window.first_painted.connect(report)
    app.exec()
    return 0 if opened and opened[0] else 1
