"""The main window's minimum width per theme (every page built, home-services sample):
``main_window_min_width_normal`` / ``_large_text`` / ``_high_contrast`` in pixels;
the window works from 1024×768 up when each is at most 1,000."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


def min_width(large: bool = False, contrast: bool = False) -> float:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from cxworkshop.resources import samples_dir
    from cxworkshop.ui.main_window import MainWindow
    from cxworkshop.ui.theme import Theme
    app = QApplication.instance()
    saved = (Theme.large_text, Theme.high_contrast, app.styleSheet(), QFont(app.font()))
    Theme.large_text, Theme.high_contrast = large, contrast
    Theme.apply(app)
    folder = Path(tempfile.mkdtemp())
    path = folder / "home-services.cxw"
    shutil.copy(samples_dir() / "home-services.cxw", path)
    window = MainWindow(QSettings(str(folder / "settings.ini"), QSettings.IniFormat))
    try:
        window.resize(1024, 768)
        window.show()
        window.open_file(path)
        list(window.pages)
        app.processEvents()
        return float(window.minimumSizeHint().width())
    finally:
        window.close()
        Theme.large_text, Theme.high_contrast, sheet, font = saved
        Theme.apply(app)
        app.setStyleSheet(sheet)
        app.setFont(font)


BENCHMARKS = {"main_window_min_width_normal": lambda: min_width(),
              "main_window_min_width_large_text": lambda: min_width(large=True),
              "main_window_min_width_high_contrast": lambda: min_width(contrast=True)}
