"""Look of the app: normal and projector (large text, high contrast) themes."""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

BASE_STYLE = """
QLabel#pageHeading { font-size: %(h)dpt; font-weight: 600; margin-bottom: 4px; }
QLabel#hint { color: %(hint)s; }
QLabel#error { color: #c62828; font-weight: 600; }
QListWidget#sidebar { font-size: %(side)dpt; border: none; background: %(side_bg)s; }
QListWidget#sidebar::item { padding: 10px 14px; }
QListWidget#sidebar::item:selected { background: %(accent)s; color: white; }
QGroupBox { font-weight: 600; margin-top: 12px; }
QPushButton[choice="true"] { border: 1px solid %(choice_border)s; border-radius: 4px;
    padding: 4px 6px; background: %(choice_bg)s; color: %(choice_fg)s; }
QPushButton[choice="true"]:checked { background: %(choice_on_bg)s; color: %(choice_on_fg)s;
    border: 2px solid %(choice_ring)s; }
QPushButton[choice="true"]:disabled { color: %(hint)s; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 4px; }
"""

HIGH_CONTRAST_STYLE = """
QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDoubleSpinBox, QComboBox, QListWidget,
QListView, QTableView, QTableWidget, QTreeView {
    border: 1px solid #bdbdbd; }
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus, QComboBox:focus {
    border: 2px solid #ffd600; }
QPushButton, QToolButton { border: 1px solid #bdbdbd; padding: 3px 10px; }
QPushButton:checked, QToolButton:checked { background: #ffd600; color: #000000; }
QPushButton:disabled, QToolButton:disabled, QLineEdit:disabled { color: #8a8a8a;
    border-color: #555555; }
QRadioButton::indicator, QCheckBox::indicator { border: 2px solid #ffffff; width: 12px;
    height: 12px; background: #000000; }
QRadioButton::indicator { border-radius: 8px; }
QRadioButton::indicator:checked, QCheckBox::indicator:checked { background: #ffd600; }
"""


class Theme:
    """Current theme settings; the map and presenter read them too."""

    large_text = False
    high_contrast = False

    @classmethod
    def base_point_size(cls) -> float:
        return 15.0 if cls.large_text else 10.0

    @classmethod
    def apply(cls, app: QApplication | None = None) -> None:
        app = app or QApplication.instance()
        if app is None:
            return
        font = QFont(app.font())
        font.setPointSizeF(cls.base_point_size())
        app.setFont(font)
        if cls.high_contrast:
            pal = QPalette()
            for role, color in ((QPalette.Window, "#000000"), (QPalette.WindowText, "#ffffff"),
                                (QPalette.Base, "#000000"), (QPalette.AlternateBase, "#1a1a1a"),
                                (QPalette.Text, "#ffffff"), (QPalette.Button, "#1a1a1a"),
                                (QPalette.ButtonText, "#ffffff"), (QPalette.Highlight, "#ffd600"),
                                (QPalette.HighlightedText, "#000000"),
                                (QPalette.ToolTipBase, "#000000"), (QPalette.ToolTipText, "#ffffff"),
                                (QPalette.PlaceholderText, "#bdbdbd")):
                pal.setColor(role, QColor(color))
            app.setPalette(pal)
            colors = {"hint": "#e0e0e0", "side_bg": "#111111", "accent": "#0050b3",
                      "choice_bg": "#1a1a1a", "choice_fg": "#ffffff",
                      "choice_border": "#bdbdbd", "choice_ring": "#ffffff",
                      "choice_on_bg": "#ffd600", "choice_on_fg": "#000000"}
        else:
            app.setPalette(app.style().standardPalette())
            colors = {"hint": "#5f6368", "side_bg": "#f1f3f4", "accent": "#1a73e8",
                      "choice_bg": "#ffffff", "choice_fg": "#202124",
                      "choice_border": "#9aa0a6", "choice_ring": "#062e6f",
                      "choice_on_bg": "#0b57d0", "choice_on_fg": "#ffffff"}
        size = cls.base_point_size()
        app.setStyleSheet(BASE_STYLE % {"h": int(size * 1.8), "side": int(size * 1.2),
                                        **colors}
                          + (HIGH_CONTRAST_STYLE if cls.high_contrast else ""))
