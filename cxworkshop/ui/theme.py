"""Look of the app: normal and projector (large text, high contrast) themes."""
from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

# No style sheet on the whole app: with one, Qt styles every widget through its
# style-sheet engine (5 % of the start-up before the first window). The few looks the
# app adds are set on the widgets that have them: fonts and palettes for the labels'
# roles (:func:`role`), and small sheets of their own for the step list and the answer
# buttons. Group boxes keep the system's own look. High Contrast alone adds a sheet
# for everything.
SIDEBAR_STYLE = """
QListWidget { font-size: %(side)dpt; border: none; background: %(side_bg)s; }
QListWidget::item { padding: 10px 14px; }
QListWidget::item:selected { background: %(accent)s; color: %(accent_text)s; }
"""

CHOICE_STYLE = """
QPushButton { border: 1px solid %(choice_border)s; border-radius: 4px;
    padding: 4px 6px; background: %(choice_bg)s; color: %(choice_fg)s; }
QPushButton:checked { background: %(choice_on_bg)s; color: %(choice_on_fg)s;
    border: 2px solid %(choice_ring)s; }
QPushButton:disabled { color: %(hint)s; }
"""

ERROR_COLOR = "#c62828"
ROLES = ("pageHeading", "hint", "error")  # object names of labels with a look of their own

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
HIGH_CONTRAST_COLORS = {"hint": "#e0e0e0", "side_bg": "#111111", "accent": "#0050b3",
                        "accent_text": "#ffffff",
                        "choice_bg": "#1a1a1a", "choice_fg": "#ffffff",
                        "choice_border": "#bdbdbd", "choice_ring": "#ffffff",
                        "choice_on_bg": "#ffd600", "choice_on_fg": "#000000"}


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
            for which, color in ((QPalette.Window, "#000000"), (QPalette.WindowText, "#ffffff"),
                                (QPalette.Base, "#000000"), (QPalette.AlternateBase, "#1a1a1a"),
                                (QPalette.Text, "#ffffff"), (QPalette.Button, "#1a1a1a"),
                                (QPalette.ButtonText, "#ffffff"), (QPalette.Highlight, "#ffd600"),
                                (QPalette.HighlightedText, "#000000"),
                                (QPalette.ToolTipBase, "#000000"),
                                (QPalette.ToolTipText, "#ffffff"),
                                (QPalette.PlaceholderText, "#bdbdbd")):
                pal.setColor(which, QColor(color))
            app.setPalette(pal)
            cls._palette_set = True
        elif cls._palette_set:  # back to the system's palette (and its light or dark mode)
            app.setPalette(QPalette())
            cls._palette_set = False
        cls._follow_system(app)
        app.setStyleSheet(HIGH_CONTRAST_STYLE if cls.high_contrast else "")
        told = QEvent(QEvent.StyleChange)  # widgets that draw by the theme redo it then
        for widget in app.allWidgets():  # none at start-up; every one on a change
            own = widget.styleSheet()
            if not cls.style(widget) and own:  # a sheet of its own: again, in the new font
                widget.setStyleSheet(own)
            app.sendEvent(widget, told)

    @classmethod
    def style(cls, widget: QWidget) -> bool:
        """Give ``widget`` the look of its role in the current theme (if it has one);
        True when that look is a style sheet (set anew)."""
        name = widget.objectName()
        if name not in ROLES and name != "sidebar" and not widget.property("choice"):
            return False
        colors = cls._theme_colors(QApplication.instance())  # as the theme is now
        if name in ROLES:
            font = QFont()  # only what is set here: family and size follow the app's
            if name == "pageHeading":
                font.setPointSize(colors["h"])
                widget.setContentsMargins(0, 0, 0, 4)
            if name != "hint":
                font.setWeight(QFont.DemiBold)
            widget.setFont(font)
            if name != "pageHeading":  # the colour alone: the rest follows the system's
                pal = QPalette()
                pal.setColor(QPalette.WindowText, QColor(ERROR_COLOR if name == "error"
                                                         else colors["hint"]))
                widget.setPalette(pal)
            return False
        widget.setStyleSheet((SIDEBAR_STYLE if name == "sidebar" else CHOICE_STYLE) % colors)
        return True

    @classmethod
    def _theme_colors(cls, app: QApplication) -> dict[str, Any]:
        """The sizes and colours of the theme's own looks, for the app's palette."""
        if cls.high_contrast:
            colors = HIGH_CONTRAST_COLORS
        elif app.palette().color(QPalette.Window).lightness() >= 128:
            colors = LIGHT_COLORS
        else:
            colors = DARK_COLORS
        size = cls.base_point_size()
        return {"h": round(size * 1.8), "side": round(size * 1.2), **colors}

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


_W = TypeVar("_W", bound=QWidget)


def role(widget: _W, name: str) -> _W:
    """Give a label one of the :data:`ROLES` ("pageHeading", "hint", "error"): its
    object name, and its look now and after every change of theme."""
    widget.setObjectName(name)
    Theme.style(widget)
    return widget

