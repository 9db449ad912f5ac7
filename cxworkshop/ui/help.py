"""Help menu: Keyboard shortcuts (F1, read from the window's actions), User guide, About."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..i18n import N_, tr
from ..resources import readme_text, resource_path, resources_dir


def _plain(text: str) -> str:
    """A menu text as read aloud: no "&" accelerators, no trailing "…"."""
    return re.sub(r"&(?!&)", "", text).replace("&&", "&").rstrip("…").strip()


def _on_a_keyboard(keys: QKeySequence) -> bool:
    """False for empty sequences and media keys (a keyboard's "Undo" or "Close" key)."""
    if keys.isEmpty():
        return False
    return int(keys[0].key().value) < 0x01000060  # Escape…F35, Menu: keys of a keyboard


def submenus(owner: QWidget) -> dict[int, QMenu]:
    """id(menu action) -> menu, for the menus directly in a menu bar or menu.

    (Not ``QAction.menu()``: with PySide6 6.10 the menu it returns can be deleted when
    that Python object goes away.)
    """
    found = {}
    for m in owner.findChildren(QMenu, "", Qt.FindDirectChildrenOnly):
        action = m.menuAction()
        found[id(action)] = m
        _keep[id(action)] = action  # the same wrapper (and id) for the walk over actions()
    return found


_keep: dict = {}  # menu actions seen by submenus(); a few dozen at most


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(where, what, keys) for every action and shortcut of ``window`` that has keys.

    Read from the live objects, so a new action with a shortcut is listed without
    anyone editing a table. Menus come first in menu-bar order, then actions of
    pages and toolbars, then stand-alone shortcuts.
    """
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def keys_of(action: QAction) -> str:
        return ", ".join(k.toString(QKeySequence.NativeText) for k in action.shortcuts()
                         if _on_a_keyboard(k))

    def walk(menu: QMenu, path: str) -> None:
        subs = submenus(menu)
        for action in menu.actions():
            sub = subs.get(id(action))
            if sub is not None:
                walk(sub, f"{path} ▸ {_plain(sub.title())}")
                continue
            if action.isSeparator():
                continue
            seen.add(id(action))
            keys = keys_of(action)
            if keys:
                rows.append((path, _plain(action.text()), keys))

    if isinstance(window, QMainWindow):
        tops = submenus(window.menuBar())
        for top in window.menuBar().actions():
            menu = tops.get(id(top))
            if menu is not None:
                walk(menu, _plain(menu.title()))
    for action in window.findChildren(QAction):
        if id(action) in seen or action.isSeparator():
            continue
        keys = keys_of(action)
        if keys:
            owner = action.parent()
            where = getattr(owner, "title", None)
            where = tr(where) if isinstance(where, str) and where else tr("Window")
            rows.append((where, _plain(action.text() or action.toolTip()), keys))
    for shortcut in window.findChildren(QShortcut):
        keys = shortcut.key().toString(QKeySequence.NativeText)
        if keys and shortcut.isEnabled():
            what = shortcut.whatsThis() or shortcut.objectName() or tr("(shortcut)")
            rows.append((tr("Window"), what, keys))
    return rows


class ShortcutsDialog(QDialog):
    """A searchable table of every keyboard shortcut, built when it opens."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.resize(620, 560)
        lay = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr("Search shortcuts"))
        self.filter.setAccessibleName(tr("Search shortcuts"))
        self.filter.setClearButtonEnabled(True)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([tr("Menu or place"), tr("Command"), tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.rows = shortcut_rows(window)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        self.filter.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        for w in (self.filter, self.table, buttons):
            lay.addWidget(w)

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for r, row in enumerate(self.rows):
            self.table.setRowHidden(r, bool(needle) and not any(
                needle in cell.casefold() for cell in row))


def user_guide_markdown() -> str:
    """The README's part for facilitators (up to "For developers"), pictures made local."""
    text = readme_text()
    end = text.find("\n## For developers")
    if end != -1:
        text = text[:end]
    base = QUrl.fromLocalFile(str(resources_dir())).toString()
    return text.replace("](resources/", f"]({base}/")


class GuideDialog(QDialog):
    """The user guide, offline: the README's facilitator part as rich text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("cxworkshop user guide"))
        self.resize(820, 700)
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(tr("User guide"))
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # the guide is one page; links to files open nothing
        self.browser.setMarkdown(user_guide_markdown())
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)


# Bundled libraries and fonts: (name, distribution for the version, licence)
CREDITS = [
    ("Qt / PySide6", "PySide6-Essentials", "LGPL-3.0 (Qt for Python)"),
    ("ReportLab", "reportlab", "BSD-3-Clause"),
    ("rl-accel", "rl-accel", "BSD-3-Clause"),
    ("uharfbuzz / HarfBuzz", "uharfbuzz", "Apache-2.0 / MIT"),
    ("sqlite-utils", "sqlite-utils", "Apache-2.0"),
    ("Pillow", "pillow", "MIT-CMU (HPND)"),
    ("platformdirs", "platformdirs", "MIT"),
    ("SQLite", None, N_("public domain")),
    ("Python", None, "PSF-2.0"),
]


def _version(dist: str | None, name: str) -> str:
    if name == "Python":
        import platform  # here: not needed before the About box
        return platform.python_version()
    if name == "SQLite":
        import sqlite3
        return sqlite3.sqlite_version
    from importlib import metadata  # here: it costs ~40 ms of a start-up
    try:
        return metadata.version(dist or name)
    except metadata.PackageNotFoundError:
        return "—"


def about_html() -> str:
    rows = "".join(f"<tr><td>{name}</td><td>{_version(dist, name)}</td><td>{tr(lic)}</td></tr>"
                   for name, dist, lic in CREDITS)
    font_licence = resource_path("fonts", "DejaVu-LICENSE.txt")
    try:
        font_text = font_licence.read_text(encoding="utf-8")
    except OSError:
        font_text = tr("(the licence file is missing from this installation)")
    escaped = font_text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (f"<h2>cxworkshop {__version__}</h2>"
            "<p>" + tr("An offline desktop app for customer-experience workshops.") + "<br>"
            + tr("Licence: MIT.") + "</p>"
            "<h3>" + tr("Libraries") + "</h3><table cellpadding='3'>"
            f"<tr><th align='left'>{tr('Library')}</th><th align='left'>{tr('Version')}</th>"
            f"<th align='left'>{tr('Licence')}</th></tr>{rows}</table>"
            "<h3>" + tr("Fonts") + "</h3><p>"
            + tr("DejaVu Sans (embedded in PDFs): Bitstream Vera / DejaVu licence (free to "
                 "use, embed and redistribute):") + "</p>"
            f"<pre style='font-size:small'>{escaped}</pre>"
            "<p>" + tr("Noto Sans Arabic, Hebrew, Devanagari and Thai (embedded in PDFs): "
                       "SIL Open Font License 1.1 (resources/fonts/Noto-LICENSE.txt).") + "</p>")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("About cxworkshop"))
        self.resize(620, 560)
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(tr("About cxworkshop"))
        self.browser.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)


def install(window: QMainWindow) -> QMenu:
    """Add the Help menu (last in the menu bar) to ``window``."""
    menu = window.menuBar().addMenu(tr("&Help"))
    window.act_shortcuts = menu.addAction(tr("&Keyboard Shortcuts"),
                                          lambda: _show(window, ShortcutsDialog(window)))
    window.act_shortcuts.setShortcut(QKeySequence(Qt.Key_F1))
    window.act_shortcuts.setShortcutContext(Qt.ApplicationShortcut)
    window.act_guide = menu.addAction(tr("&User Guide"),
                                      lambda: _show(window, GuideDialog(window)))
    window.act_about = menu.addAction(tr("&About cxworkshop"),
                                      lambda: _show(window, AboutDialog(window)))
    window.act_about.setMenuRole(QAction.AboutRole)
    return menu


def _show(window: QWidget, dialog: QDialog) -> None:
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    window._help_dialog = dialog  # the test reads it
    dialog.show()
