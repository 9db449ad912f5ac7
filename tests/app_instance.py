"""A real cxworkshop window in its own process, driven line by line from stdin.

Usage: ``python tests/app_instance.py FILE [yes|no]`` (offscreen). The window
opens FILE; dialogs are answered with the second argument and recorded. One
JSON line is printed after opening and after each command:

- ``edit TEXT``: type TEXT as the session title on the Overview page;
- ``quit``: close the window (and so the session) and exit.
"""
from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(path: str, answer: str = "no") -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from cxworkshop.app import create_app
    from cxworkshop.ui.main_window import MainWindow
    from cxworkshop.ui.pages.overview import OverviewPage

    notices: list[str] = []

    def record(kind):
        def show(parent, title, text, *args, **kwargs):
            notices.append(f"{kind}: {text}")
            if kind == "question":
                return QMessageBox.Yes if answer == "yes" else QMessageBox.No
            return QMessageBox.Ok
        return staticmethod(show)

    for kind in ("critical", "warning", "information", "question"):
        setattr(QMessageBox, kind, record(kind))
    app = create_app()
    settings = QSettings(os.path.join(os.path.dirname(os.path.abspath(path)), "settings.ini"),
                         QSettings.IniFormat)
    window = MainWindow(settings)
    window.show()
    window.open_file(path)

    def report(**extra) -> None:
        app.processEvents()
        doc = window.document
        print(json.dumps({"pid": os.getpid(), "opened": doc is not None,
                          "read_only": bool(doc and doc.read_only),
                          "title": doc.info.title if doc else None,
                          "window_title": window.windowTitle(),
                          "status": window.statusBar().currentMessage(),
                          "notices": list(notices), **extra}, ensure_ascii=False), flush=True)
        notices.clear()

    report()
    for line in sys.stdin:
        command, _, arg = line.rstrip("\n").partition(" ")
        if command == "edit" and window.document:
            page = window.show_page(OverviewPage)
            page.edits["title"].setText(arg)
            page.edits["title"].editingFinished.emit()
            report(field=page.edits["title"].text())
        elif command == "quit":
            window.close()
            app.processEvents()
            print(json.dumps({"closed": True}), flush=True)
            return 0
        else:
            report(unknown=line.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "no"))
