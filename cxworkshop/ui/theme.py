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
QListWidget#sidebar::item:selected { background: %(accent)s; color: %(accent_text)s; }
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


# Style-sheet colours over the system's own palette (which is never replaced): a light
# desktop and a dark one. Chosen answers keep >= 3:1 against the others, text >= 4.5:1.
LIGHT_COLORS = {"hint": "#5f6368", "side_bg": "#f1f3f4", "accent": "#1a73e8",
                "accent_text": "#ffffff",
                "choice_bg": "#ffffff", "choice_fg": "#202124",
                "choice_border": "#9aa0a6", "choice_ring": "#062e6f",
                "choice_on_bg": "#0b57d0", "choice_on_fg": "#ffffff"}
DARK_COLORS = {"hint": "#bdc1c6", "side_bg": "#2a2b2e", "accent": "#8ab4f8",
               "accent_text": "#202124",
               "choice_bg": "#303134", "choice_fg": "#e8eaed",
               "choice_border": "#9aa0a6", "choice_ring": "#ffffff",
               "choice_on_bg": "#8ab4f8", "choice_on_fg": "#202124"}


class Theme:
    """Current theme settings; the map and presenter read them too.

    The normal theme is the system's: its palette (light or dark, followed live)
    and its font size. Large Text and High Contrast are the projector themes,
    explicit choices that override them.
    """

    large_text = False
    high_contrast = False
    _system_font: QFont | None = None  # the desktop's font, before any change of ours
    _palette_set = False  # True while the high-contrast palette replaces the system's
    _following: QApplication | None = None

    @classmethod
    def system_point_size(cls) -> float:
        """The desktop's font size (10 pt when the platform does not say)."""
        if cls._system_font is None:
            cls._system_font = QFont(QApplication.font())
        size = cls._system_font.pointSizeF()
        return size if size > 0 else 10.0

    @classmethod
    def base_point_size(cls) -> float:
        system = cls.system_point_size()
        return max(15.0, system * 1.5) if cls.large_text else system

    @classmethod
    def apply(cls, app: QApplication | None = None) -> None:
        app = app or QApplication.instance()
        if app is None:
            return
        cls.system_point_size()  # remember the desktop's font before setting ours
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
                                (QPalette.ToolTipBase, "#000000"),
                                (QPalette.ToolTipText, "#ffffff"),
                                (QPalette.PlaceholderText, "#bdbdbd")):
                pal.setColor(role, QColor(color))
            app.setPalette(pal)
            cls._palette_set = True
            colors = {"hint": "#e0e0e0", "side_bg": "#111111", "accent": "#0050b3",
                      "accent_text": "#ffffff",
                      "choice_bg": "#1a1a1a", "choice_fg": "#ffffff",
                      "choice_border": "#bdbdbd", "choice_ring": "#ffffff",
                      "choice_on_bg": "#ffd600", "choice_on_fg": "#000000"}
        else:
            if cls._palette_set:  # back to the system's palette (and its light or dark mode)
                app.setPalette(QPalette())
                cls._palette_set = False
            colors = cls._system_colors(app.palette())
        cls._follow_system(app)
        size = cls.base_point_size()
        app.setStyleSheet(BASE_STYLE % {"h": round(size * 1.8), "side": round(size * 1.2),
                                        **colors}
                          + (HIGH_CONTRAST_STYLE if cls.high_contrast else ""))

    @staticmethod
    def _system_colors(pal: QPalette) -> dict[str, str]:
        """The style sheet's colours for the system palette: light or dark."""
        if pal.color(QPalette.Window).lightness() >= 128:
            return dict(LIGHT_COLORS)
        return dict(DARK_COLORS)

    @classmethod
    def _follow_system(cls, app: QApplication) -> None:
        """Re-derive the colours when the desktop switches between light and dark."""
        if cls._following is app:
            return
        cls._following = app
        hints = app.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda *_: None if cls.high_contrast
                                             else cls.apply(app))
