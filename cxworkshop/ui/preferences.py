"""Edit ▸ Preferences: the language of the app (and of the PDFs it writes)."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from ..i18n import LANGUAGES, detect_language, language, tr
from .theme import role

LANGUAGE_KEY = "ui/language"  # "" = follow the system (LANG)


class PreferencesDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(tr("Preferences"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setObjectName("preferences_language")
        system = LANGUAGES[detect_language(None)]
        self.language.addItem(tr("System language ({name})").format(name=system), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        saved = str(settings.value(LANGUAGE_KEY, "") or "")
        self.language.setCurrentIndex(max(0, self.language.findData(saved)))
        form.addRow(tr("&Language:"), self.language)
        lay.addLayout(form)
        self.note = QLabel(tr("The app and the PDFs it writes use this language from the "
                              "next start of cxworkshop."))
        role(self.note, "hint")
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def accept(self) -> None:
        self.settings.setValue(LANGUAGE_KEY, self.language.currentData())
        super().accept()

    def chosen_language(self) -> str:
        """The language the next start will use."""
        return detect_language(self.language.currentData() or None)


def install(window: QMainWindow, edit_menu) -> QAction:
    """Edit ▸ Preferences… (Ctrl+, where the platform has no own key)."""
    act = QAction(tr("&Preferences…"), window)
    keys = QKeySequence.keyBindings(QKeySequence.Preferences) or [QKeySequence("Ctrl+,")]
    act.setShortcuts(keys)
    act.setMenuRole(QAction.PreferencesRole)
    act.triggered.connect(lambda: _open(window))
    edit_menu.addSeparator()
    edit_menu.addAction(act)
    return act


def _open(window: QMainWindow) -> None:
    dialog = PreferencesDialog(window.settings, window)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    window._preferences_dialog = dialog
    dialog.open()


def current_language() -> str:
    return language()
