"""Export: the facilitator's PDF report, a handout per participant, Champion postcards.

The export runs in a worker thread on a snapshot of the session, so the app
stays usable; a progress bar follows it and it can be cancelled between files.
When it is done the page lists the files and offers to open their folder.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from ...i18n import ngettext, tr
from ...localeinfo import default_paper
from ...model import Workshop
from ..reflow import FlowRow, scrolling_layout
from ..theme import role
from . import Page

if TYPE_CHECKING:  # the PDF libraries load on the first export, not at start-up
    from ...export.pdf_export import ExportRequest


def snapshot(workshop: Workshop) -> Workshop:
    """A copy the worker can read while the facilitator goes on editing.

    Entities are immutable, so copying the tables is enough.
    """
    return workshop.copy()


class ExportThread(QThread):
    """Runs :func:`run_export` off the GUI thread; cancel() stops it between files."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)      # ExportResult
    failed = Signal(str)
    cancelled = Signal(list)        # paths written before the cancel

    def __init__(self, workshop: Workshop, request: ExportRequest, parent=None):
        super().__init__(parent)
        self.workshop = workshop
        self.request = request
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def run(self) -> None:
        def progress(done: int, total: int, what: str) -> bool:
            self.progressed.emit(done, total, what)
            return not self._cancel
        from ...export.pdf_export import Cancelled, ExportError, run_export
        try:
            result = run_export(self.workshop, self.request, progress)
        except Cancelled as e:
            self.cancelled.emit([str(p) for p in e.written])
        except ExportError as e:
            self.failed.emit(str(e))
        except Exception as e:  # a bug must not kill the app; say what happened
            self.failed.emit(tr("The export stopped: {error}").format(
                error=f"{type(e).__name__}: {e}"))
        else:
            self.succeeded.emit(result)


# Running exports, kept alive here: a page is rebuilt (deleted) when another file is
# opened, but its worker must finish writing first.
_RUNNING: set[ExportThread] = set()


def wait_for_exports(ms: int = 60000) -> None:
    """Let running exports finish (called when the app quits)."""
    for thread in list(_RUNNING):
        thread.wait(ms)


def _keep(thread: ExportThread) -> None:
    if not _RUNNING:
        app = QCoreApplication.instance()
        if app is not None and not getattr(app, "_cx_export_wait", False):
            app.aboutToQuit.connect(wait_for_exports)
            app._cx_export_wait = True
    _RUNNING.add(thread)
    thread.finished.connect(lambda: _RUNNING.discard(thread))


class _PathRow:
    """A checkbox, a path field and a Browse… button in one grid row."""

    def __init__(self, grid: QGridLayout, row: int, label: str, name: str, browse):
        self.check = QCheckBox(label)
        self.check.setObjectName(f"export_{name}_check")
        self.edit = QLineEdit()
        self.edit.setObjectName(f"export_{name}_path")
        self.button = QPushButton(tr("Browse…"))
        self.button.clicked.connect(browse)
        self.note = QLabel()
        role(self.note, "hint")
        self.note.setWordWrap(True)
        grid.addWidget(self.check, row, 0)
        grid.addWidget(self.edit, row, 1)
        grid.addWidget(self.button, row, 2)
        grid.addWidget(self.note, row + 1, 1, 1, 2)
        self.wanted = False  # the tick the user chose, kept while there is nothing to write
        self.check.toggled.connect(self._toggled)
        self._toggled(self.check.isChecked())

    def _toggled(self, on: bool) -> None:
        if self.check.isEnabled():
            self.wanted = on
        self.edit.setEnabled(on)
        self.button.setEnabled(on)

    def set_available(self, available: bool) -> None:
        """Offer the row only when there is something to write; then tick it as wanted."""
        if available != self.check.isEnabled():
            self.check.setEnabled(available)
            self.check.setChecked(self.wanted and available)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if self.check.isChecked() and text else None


class ExportPage(Page):
    title = "Export"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self.thread: ExportThread | None = None
        self.last_result = None
        settings = getattr(window, "settings", None)
        self.settings = settings

        layout = scrolling_layout(self.page_layout(  # scrolls on a short screen
            tr("Export for print"),
            tr("A report for you, a personal handout for every participant and "
               "Customer Champion postcards to cut out. You can keep working while "
               "the files are written.")))

        what = QGroupBox(tr("What to write"))
        grid = QGridLayout(what)
        grid.setColumnStretch(1, 1)
        self.report_row = _PathRow(grid, 0, tr("Facilitator &report (PDF)"), "report",
                                   self._browse_report)
        self.handouts_row = _PathRow(grid, 2, tr("&Handouts, one per participant"), "handouts",
                                     self._browse_handouts)
        self.postcards_row = _PathRow(grid, 4, tr("Champion &postcards (PDF)"), "postcards",
                                      self._browse_postcards)
        layout.addWidget(what)

        options = QGroupBox(tr("Options"))
        rows = QVBoxLayout(options)
        olay = FlowRow()  # rows wrap in a narrow window
        rows.addLayout(olay)
        olay.addWidget(QLabel(tr("Paper:")))
        self.a4 = QRadioButton("A&4")
        self.letter = QRadioButton(tr("&Letter"))
        self.paper_group = QButtonGroup(self)
        for b in (self.a4, self.letter):
            self.paper_group.addButton(b)
            olay.addWidget(b)
        olay.addSpacing(24)
        self.anonymize = QCheckBox(tr('&Anonymize customers ("Customer A", "Customer B"…)'))
        self.anonymize.setObjectName("export_anonymize")
        self.anonymize.setToolTip(tr("Customer names are replaced everywhere in the report and "
                                     "the handouts, also inside the stories' text."))
        olay.addWidget(self.anonymize)
        self.handouts_combined = QCheckBox(tr("All handouts also in &one PDF"))
        self.handouts_combined.setObjectName("export_handouts_combined")
        self.handouts_combined.setToolTip(tr('Writes "All handouts.pdf" into the handouts folder '
                                             "as well: one file to print, a bookmark per person."))
        olay.addStretch(1)
        olay = FlowRow()  # second row: how the handouts and the map are printed
        rows.addLayout(olay)
        olay.addWidget(self.handouts_combined)
        olay.addSpacing(24)
        self.poster = QComboBox()
        self.poster.setObjectName("export_poster")
        self.poster.setAccessibleName(tr("Process map in the report"))
        for label, value in ((tr("Map in parts"), None), (tr("Map on an A3 poster"), "a3"),
                             (tr("Map on an A2 poster"), "a2"),
                             (tr("Map on an A1 poster"), "a1")):
            self.poster.addItem(label, value)
        self.poster.setToolTip(tr("A large map is split into parts, one page each; or print the "
                                  "whole map on one large page for a print shop."))
        olay.addWidget(self.poster)
        olay.addStretch(1)
        olay = FlowRow()  # third row: how the postcards are printed (wraps when narrow)
        rows.addLayout(olay)
        from ...export.pdf_postcards import SHEETS
        self.postcard_sheet = QComboBox()
        self.postcard_sheet.setObjectName("export_postcard_sheet")
        self.postcard_sheet.setAccessibleName(tr("Postcard sheet"))
        self.postcard_sheet.addItem(tr("Postcards: A6 on SRA4 with A4 paper, 4 × 6 in on "
                                       "Letter"), None)
        for key, sheet in SHEETS.items():
            self.postcard_sheet.addItem(tr("Postcards: {sheet}").format(sheet=sheet.label), key)
        self.postcard_sheet.setToolTip(tr(
            "How the cards sit on the sheet: 3 mm bleed, gutters and cut marks outside the "
            "trim. Four A6 cards with gutters do not fit A4, so a print shop prints them on "
            "SRA4 (225 × 320 mm); A4 takes two."))
        self.postcard_sheet.currentIndexChanged.connect(self.refresh)
        olay.addWidget(self.postcard_sheet)
        olay.addSpacing(24)
        self.postcard_backs = QCheckBox(tr("Postcard &backs with the champion's story"))
        self.postcard_backs.setObjectName("export_postcard_backs")
        self.postcard_backs.setToolTip(tr("A back for every card, after each sheet of fronts: "
                                          "print double-sided, flip on the long edge."))
        self.postcard_backs.toggled.connect(self.refresh)
        self.paper_group.buttonToggled.connect(lambda *_: self.refresh())
        olay.addWidget(self.postcard_backs)
        olay.addStretch(1)
        layout.addWidget(options)
        from ..print_kit import PrintKitBox
        self.print_kit = PrintKitBox(self)  # name tents, sign-in sheet, all handouts
        layout.addWidget(self.print_kit)

        run = QHBoxLayout()
        self.export_button = QPushButton(tr("&Export"))
        self.export_button.setObjectName("export_button")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setValue(0)
        run.addWidget(self.export_button)
        run.addWidget(self.cancel_button)
        run.addWidget(self.progress, 1)
        layout.addLayout(run)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.error = QLabel()
        role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

        done = QGroupBox(tr("Written"))
        dlay = QVBoxLayout(done)
        self.files = QListWidget()
        self.files.setObjectName("export_files")
        dlay.addWidget(self.files)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(tr("&Open folder"))
        self.open_button.setObjectName("export_open_folder")
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.setEnabled(False)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.slides_button = QPushButton(tr("Room &slides (PNG, 1024×768)…"))
        self.slides_button.setObjectName("export_slides")
        self.slides_button.setToolTip(tr("One picture per room view, exactly as the presenter "
                                         "window shows it, numbered in agenda order"))
        self.slides_button.clicked.connect(self.slides_dialog)
        buttons.addWidget(self.slides_button)
        dlay.addLayout(buttons)
        layout.addWidget(done, 1)

        self._load_defaults()
        self.follow(self.refresh, {"participants", "recognitions"}, info=False)
        self.refresh()

    def slides_dialog(self) -> list:
        """Ask for a folder and write the room's slides there."""
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for the room's slides"))
        return self.write_slides(Path(folder)) if folder else []

    def write_slides(self, folder: Path, size: tuple[int, int] = (1024, 768)) -> list:
        from ..presenter.slides import render_slides
        try:
            written = render_slides(snapshot(self.document.workshop), folder, size,
                                    check=self._may_write_slides)
        except _SlidesRefused:
            return []
        except OSError as e:
            self._show_error(tr("The slides could not be written to {folder}: {reason}").format(
                folder=folder, reason=e.strerror or e))
            return []
        self._show_error("")
        self.files.clear()
        for path in written:
            self.files.addItem(str(path))
        self.status.setText(ngettext("Wrote {n} slide ({size}) to {folder}.",
                                     "Wrote {n} slides ({size}) to {folder}.",
                                     len(written)).format(n=len(written),
                                                          size=f"{size[0]}×{size[1]}",
                                                          folder=folder))
        return written

    def _may_write_slides(self, paths: list[Path]) -> None:
        """Refuse (a message, then :class:`_SlidesRefused`) slides that would replace a
        workshop, an open file or, unless the facilitator agrees, a file of another kind."""
        from ...fileutil import OutputRefused, check_output
        inputs = [self.document.path] if self.document.path else []
        others = []
        for path in paths:
            try:
                check_output(path, "png", inputs=inputs)
            except OutputRefused as e:
                if not e.needs_force:
                    self._show_error(tr("No slides were written: {reason}").format(reason=e))
                    raise _SlidesRefused() from None
                others.append(path.name)
        if others and QMessageBox.question(
                self, tr("Room slides"), ngettext(
                    "{n} file in the folder has a slide's name but holds something else "
                    "({names}).\n\nReplace it?",
                    "{n} files in the folder have the slides' names but hold something else "
                    "({names}).\n\nReplace them?", len(others)).format(
                        n=len(others),
                        names=", ".join(others[:3]) + ("…" if len(others) > 3 else "")),
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No) != QMessageBox.Yes:
            self.status.setText(tr("No slides were written."))
            raise _SlidesRefused()

    # -- defaults and settings -----------------------------------------------------------
    def _setting(self, key: str, default):
        if self.settings is None:
            return default
        value = self.settings.value(f"export/{key}", default)
        if isinstance(default, bool) and isinstance(value, str):
            return value.lower() == "true"
        return value

    def _load_defaults(self) -> None:
        path = self.document.path
        folder = path.parent if path else Path.home()
        stem = path.stem if path else "workshop"
        self.report_row.edit.setText(str(folder / f"{stem} report.pdf"))
        self.handouts_row.edit.setText(str(folder / f"{stem} handouts"))
        self.postcards_row.edit.setText(str(folder / f"{stem} postcards.pdf"))
        for row in (self.report_row, self.handouts_row, self.postcards_row):
            row.check.setChecked(True)
        paper = self._setting("paper", default_paper(QLocale().territoryToCode(
            QLocale().territory())))  # until chosen once: Letter in the US and Canada
        (self.letter if paper == "letter" else self.a4).setChecked(True)
        self.anonymize.setChecked(self._setting("anonymize", False))

    def _remember(self) -> None:
        if self.settings is not None:
            self.settings.setValue("export/paper", self.paper())
            self.settings.setValue("export/anonymize", self.anonymize.isChecked())

    def paper(self) -> str:
        return "letter" if self.letter.isChecked() else "a4"

    # -- document → widgets --------------------------------------------------------------
    def refresh(self) -> None:
        w = self.document.workshop
        people = len(w.table("participants"))
        cards = len(w.table("recognitions"))
        from ...export.pdf_postcards import sheet_for, sheet_pages
        sheet = sheet_for(self.paper(), self.postcard_sheet.currentData())
        pages = sheet_pages(cards, sheet, self.postcard_backs.isChecked())
        self.handouts_row.note.setText(
            ngettext("{n} participant: one PDF each, named after the person",
                     "{n} participants: one PDF each, named after the person",
                     people).format(n=people)
            if people else tr("No participants yet: add them on the Participants page."))
        self.handouts_row.set_available(bool(people))
        self.postcards_row.note.setText(
            tr("{callouts} on {pages}: {sheet}, with bleed and cut marks").format(
                callouts=ngettext("{n} call-out", "{n} call-outs", cards).format(n=cards),
                pages=ngettext("{n} page", "{n} pages", pages).format(n=pages),
                sheet=sheet.label) if cards
            else tr("No Customer Champion call-outs yet."))
        self.postcards_row.set_available(bool(cards))
        self.report_row.note.setText(tr("Cover, agenda, stories and statistics, the process map, "
                                        "votes, connect the dots, 5 Hows, advisory group, "
                                        "Champions and actions."))

    def activated(self) -> None:
        self.refresh()

    # -- browsing ----------------------------------------------------------------------------
    def _browse_report(self) -> None:
        self._browse_file(self.report_row, tr("Save the report as"))

    def _browse_postcards(self) -> None:
        self._browse_file(self.postcards_row, tr("Save the postcards as"))

    def _browse_file(self, row: _PathRow, caption: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, caption, row.edit.text(),
                                              tr("PDF documents") + " (*.pdf)")
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            row.edit.setText(path)

    def _browse_handouts(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("Write the handouts into"),
                                                self.handouts_row.edit.text())
        if path:
            self.handouts_row.edit.setText(path)

    # -- running -------------------------------------------------------------------------------
    def request(self) -> ExportRequest:
        from ...export.pdf_export import ExportRequest
        return ExportRequest(report=self.report_row.path(), handouts=self.handouts_row.path(),
                             postcards=self.postcards_row.path(),
                             anonymize=self.anonymize.isChecked(), paper=self.paper(),
                             source=self.document.path,
                             handouts_combined=self.handouts_combined.isChecked(),
                             poster=self.poster.currentData() if self.report_row.path()
                             else None,
                             postcard_sheet=self.postcard_sheet.currentData(),
                             postcard_backs=self.postcard_backs.isChecked())

    def running(self) -> bool:
        return self.thread is not None

    def start(self) -> bool:
        """Check the request and start the worker; False (with a message) if it cannot run."""
        if self.running():
            return False
        request = self.request()
        workshop = snapshot(self.document.workshop)
        from ...export.pdf_export import problems, steps
        found = problems(workshop, request)
        force = "; use --force to replace it"
        if found and all(force in p for p in found):
            # files of another kind where a PDF goes: replaced only if the user says so
            shown = "\n".join(p.replace(force, "") for p in found)
            answer = QMessageBox.question(
                self, tr("Replace files?"),
                shown + "\n\n" + tr("Replace with the PDF export?"),
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer != QMessageBox.Yes:
                return False
            request.force = True
            found = problems(workshop, request)
        if found:
            self._show_error(tr("Nothing was written: {problems}.").format(
                problems="; ".join(found)))
            return False
        self._show_error("")
        self._remember()
        self.files.clear()
        self.open_button.setEnabled(False)
        self.last_result = None
        self.progress.setRange(0, max(1, steps(workshop, request)))
        self.progress.setValue(0)
        self.status.setText(tr("Starting…"))
        self.thread = ExportThread(workshop, request)
        _keep(self.thread)
        self.thread.progressed.connect(self._progressed)
        self.thread.succeeded.connect(self._succeeded)
        self.thread.failed.connect(self._failed)
        self.thread.cancelled.connect(self._cancelled)
        self.thread.finished.connect(self._finished)
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.thread.start()
        return True

    def cancel(self) -> None:
        if self.thread is not None:
            self.thread.cancel()
            self.status.setText(tr("Stopping after the current file…"))

    def _progressed(self, done: int, total: int, what: str) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)
        self.status.setText(what)

    def _list_files(self, files) -> None:
        for path, pages in files:
            self.files.addItem(f"{path}  (" + ngettext("{n} page", "{n} pages", pages).format(
                n=pages) + ")")

    def _succeeded(self, result) -> None:
        self.last_result = result
        self._list_files(result.files)
        self.progress.setValue(self.progress.maximum())
        self.status.setText(tr("Done: {summary}.").format(summary="; ".join(result.summary)))
        self.open_button.setEnabled(result.folder is not None)
        if self.window_ is not None and hasattr(self.window_, "statusBar"):
            self.window_.statusBar().showMessage(tr("Export finished"), 5000)

    def _failed(self, message: str) -> None:
        self.status.setText("")
        self._show_error(message)

    def _cancelled(self, written: list) -> None:
        self.status.setText(ngettext(
            "Cancelled; {n} file had been written and was kept.",
            "Cancelled; {n} files had been written and were kept.", len(written)).format(
                n=len(written)))
        for path in written:
            self.files.addItem(path)

    def _finished(self) -> None:
        thread, self.thread = self.thread, None
        if thread is not None:
            thread.deleteLater()
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def open_folder(self) -> bool:
        """Open the folder of the written files in the system's file manager."""
        if self.last_result is None or self.last_result.folder is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_result.folder)))

    def wait(self, ms: int = 30000) -> None:
        """Block until a running export ends (for closing the window and for tests)."""
        if self.thread is not None:
            self.thread.wait(ms)

    def closeEvent(self, event) -> None:
        self.cancel()
        self.wait()
        super().closeEvent(event)


class _SlidesRefused(Exception):
    """The slides' folder holds files they may not replace (the user was told)."""
