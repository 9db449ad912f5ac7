"""Unexpected errors in the app: logged, then told calmly; Qt's own messages go to the log.

``install(app)`` routes ``sys.excepthook`` (an exception in any slot or event
handler ends there) and Qt's message handler into the log file, and shows a
:class:`CrashDialog` saying what happened, that nothing saved was lost and where
the log is. The app keeps running: every change was already written to disk.
"""
from __future__ import annotations

import logging
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QtMsgType, QUrl, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import logs
from ..i18n import ngettext, tr

qt_log = logging.getLogger("qt")

_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING,
              QtMsgType.QtCriticalMsg: logging.ERROR, QtMsgType.QtFatalMsg: logging.CRITICAL}


def qt_message(mode: QtMsgType, context, message: str) -> None:
    """Qt's warnings (and the rest) go to the log instead of the terminal."""
    where = f" ({context.category})" if getattr(context, "category", None) not in (
        None, "", "default") else ""
    qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s%s", message, where)


class CrashDialog(QDialog):
    """What happened, that nothing saved was lost, the log's path; Copy details."""

    def __init__(self, summary: str, details: str, log_file: Path | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("cxworkshop — something went wrong"))
        self.setObjectName("crashDialog")
        self.details = details
        self.log_file = log_file
        self.setAccessibleName(tr("Unexpected problem"))
        lay = QVBoxLayout(self)
        heading = QLabel("<b>" + tr("Something went wrong, but your work is safe.") + "</b>")
        where = (tr("The details are in the log file:") + f"<br><code>{log_file}</code>"
                 if log_file else tr("The log file could not be written; use Copy details "
                                     "to keep the details."))
        self.message = QLabel(
            tr("cxworkshop ran into an unexpected problem: {what}.").format(
                what=f"<i>{_escape(summary)}</i>") + "<br><br>"
            + tr("Nothing you saved is lost: every change is written to the workshop file "
                 "the moment the screen shows it. The last thing you did may not have "
                 "finished — have a look, and do it again if needed.") + "<br><br>" + where)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.more = QLabel("")
        self.more.hide()
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(tr("Error details"))
        self.text.setMaximumHeight(160)
        self.text.setLineWrapMode(QPlainTextEdit.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.copy_button = QPushButton(tr("&Copy details"))
        self.copy_button.setAccessibleDescription(tr("Copy the error details to the "
                                                     "clipboard for a bug report"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ActionRole)
        self.folder_button = QPushButton(tr("Open &log folder"))
        self.folder_button.setEnabled(log_file is not None)
        self.folder_button.clicked.connect(self.open_log_folder)
        buttons.addButton(self.folder_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        for w in (heading, self.message, self.more, self.text, buttons):
            lay.addWidget(w)
        self.resize(560, 360)
        self.repeats = 0

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)

    def open_log_folder(self) -> None:
        if self.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))

    def add_repeat(self, details: str) -> None:
        """Another error while this dialog is open: counted, details appended."""
        self.repeats += 1
        self.details += "\n\n" + details
        self.text.setPlainText(self.details)
        self.more.setText(ngettext("{n} more error happened since; it is in the log.",
                                  "{n} more errors happened since; all are in the log.",
                                  self.repeats).format(n=self.repeats))
        self.more.show()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CrashReporter(QObject):
    """Shows one :class:`CrashDialog` at a time (a repeating error does not flood the screen)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.dialog: CrashDialog | None = None

    def handle(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_repeat(details)
            return
        summary = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
        parent = QApplication.activeWindow()
        self.dialog = CrashDialog(summary, details, logs.log_path(), parent)
        self.dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget)
        self.dialog.show()
        self.dialog.raise_()

    def _forget(self, *_) -> None:
        self.dialog = None


def install(app: QApplication) -> CrashReporter:
    """Route unexpected exceptions and Qt messages to the log; show the dialog on errors."""
    reporter = CrashReporter(app)
    qInstallMessageHandler(qt_message)
    logs.install_excepthook(reporter.handle)
    return reporter
