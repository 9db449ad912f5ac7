"""The facilitator's main window: sidebar of workshop steps, one page per step."""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..document import SessionDocument
from ..fileutil import write_atomic
from ..i18n import N_, ngettext, tr
from ..io.json_io import ImportProblems
from ..io.json_io import dumps as json_dumps
from ..io.json_io import loads as json_loads
from ..store import (
    SUFFIX,
    NotWritable,
    SessionError,
    SessionLocked,
    new_session_file,
    write_session_file,
)
from .outputs import may_write
from .pages import Page, PageSpec, page_specs
from .reflow import fit_narrow
from .theme import Theme
from .undo_notice import UndoNotice

MAX_RECENT = 8
BUILD_DELAY_MS = 50  # after the window is painted, before the pages not shown are built
WATCH_MS = 1500  # how often an open window looks whether its file was changed outside
FILE_FILTER = N_("cxworkshop sessions (*.cxw);;All files (*)")
JSON_FILTER = N_("JSON interchange (*.json);;All files (*)")


class PageList(Sequence):
    """The main window's pages, each built on first access (see MainWindow.pages)."""

    def __init__(self, window: MainWindow):
        self.window = window

    def __len__(self) -> int:
        return len(self.window._pages)

    def __getitem__(self, row):  # type: ignore[override]
        if isinstance(row, slice):
            return [self.window._page_at(r) for r in range(len(self))[row]]
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        return self.window._page_at(row)


class MainWindow(QMainWindow):
    """Holds at most one open :class:`SessionDocument` and its pages."""

    document_changed = Signal(object)  # the new document, or None
    first_painted = Signal()  # the window's first frame is on screen

    def __init__(self, settings: QSettings | None = None, parent=None):
        super().__init__(parent)
        self._first_frame = True  # see _after_first_frame
        self.settings = settings or QSettings()
        self.document: SessionDocument | None = None
        self._pages: list[Page | None] = []  # None: not built yet (see pages)
        self._page_specs: list[PageSpec] = []
        self._builder = QTimer(self)  # builds the pages not shown yet, once painted
        self._builder.setSingleShot(True)
        self._builder.setInterval(BUILD_DELAY_MS)
        self._builder.timeout.connect(self._build_pages)
        self._build_when_painted = False
        self._fit_to_screen()

        splitter = QSplitter(Qt.Horizontal, self)
        self.splitter = splitter
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        Theme.style(self.sidebar)
        self.sidebar.setMinimumWidth(200)
        self.sidebar.currentRowChanged.connect(self._show_page)
        self.stack = QStackedWidget()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self._empty: QWidget | None = None  # "No workshop open", made when first shown

        self._make_actions()
        self._make_outside_banner()
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._check_outside)
        self.watcher.directoryChanged.connect(self._check_outside)
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(WATCH_MS)
        self.watch_timer.timeout.connect(self._check_outside)
        self._update_title()
        self.undo_notice = UndoNotice(self)   # "Undid: … (page) — Show" in the status bar
        from .presenter import install as install_room
        self.room_menu = install_room(self)  # Room menu, View ▸ Presenter Window
        from . import help as help_menu
        from . import preferences
        from .templates import install as install_templates
        install_templates(self)  # File ▸ New from Template / Previous, Save as Template
        self.act_preferences = preferences.install(self, self.edit_menu)  # language
        self.help_menu = help_menu.install(self)  # Help: shortcuts (F1), user guide, about
        from .roomlink_panel import install as install_roomlink
        self.roomlink = install_roomlink(self)  # Room ▸ Start Room Link (phones answer)

    @property
    def empty(self) -> QWidget:
        """The page shown when no workshop is open (built when first needed: its rich
        text is about 4 % of the start-up of a window that opens a workshop)."""
        if self._empty is None:
            self._empty = QWidget()
            lay = QVBoxLayout(self._empty)
            msg = QLabel(tr("<h2>No workshop open</h2><p>Use <b>File ▸ New</b> to start a "
                            "workshop or <b>File ▸ Open</b> to continue one.</p>"))
            msg.setAlignment(Qt.AlignCenter)
            lay.addWidget(msg)
            self.stack.addWidget(self._empty)
        return self._empty

    @property
    def painted(self) -> bool:
        """Whether the first frame is on screen."""
        return not self._first_frame

    # -- menus ------------------------------------------------------------------
    def _make_actions(self) -> None:
        mb = self.menuBar()
        file_menu = mb.addMenu(tr("&File"))
        self.file_menu = file_menu
        self.act_new = file_menu.addAction(tr("&New…"), self.new_session)
        self.act_new.setShortcut(QKeySequence.New)
        self.act_open = file_menu.addAction(tr("&Open…"), self.open_dialog)
        self.act_open.setShortcut(QKeySequence.Open)
        self.recent_menu = file_menu.addMenu(tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self.act_copy = file_menu.addAction(tr("Save a &Copy…"), self.save_copy_dialog)
        self.act_copy.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.act_close = file_menu.addAction(tr("&Close"), self.close_document)
        self.act_close.setShortcuts(QKeySequence.Close)
        file_menu.addSeparator()
        self.act_import_json = file_menu.addAction(tr("&Import from JSON…"),
                                                     self.import_json_dialog)
        self.act_export_json = file_menu.addAction(tr("&Export as JSON…"),
                                                     self.export_json_dialog)
        file_menu.addSeparator()
        quit_ = file_menu.addAction(tr("&Quit"), self.close)
        quit_.setShortcut(QKeySequence.Quit)

        edit_menu = mb.addMenu(tr("&Edit"))
        self.act_undo = QAction(tr("&Undo"), self)
        self.act_undo.setShortcuts(QKeySequence.Undo)
        self.act_undo.triggered.connect(self.undo)
        self.act_redo = QAction(tr("&Redo"), self)
        self.act_redo.setShortcuts(QKeySequence.Redo)  # all: Ctrl+Y, Ctrl+Shift+Z
        self.act_redo.triggered.connect(self.redo)
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        self.edit_menu = edit_menu

        view_menu = mb.addMenu(tr("&View"))
        self.view_menu = view_menu
        self.go_menu = mb.addMenu(tr("&Go"))  # one entry per workshop step (Ctrl+1…9)
        self.act_full = view_menu.addAction(tr("&Full Screen"), self.toggle_full_screen)
        self.act_full.setShortcut(QKeySequence("F11"))
        self.act_full.setCheckable(True)
        self.act_large = view_menu.addAction(tr("&Large Text (projector)"), self._toggle_large)
        self.act_large.setCheckable(True)
        self.act_large.setChecked(Theme.large_text)
        self.act_contrast = view_menu.addAction(tr("&High Contrast"), self._toggle_contrast)
        self.act_contrast.setCheckable(True)
        self.act_contrast.setChecked(Theme.high_contrast)
        self._update_actions()

    def _toggle_large(self) -> None:
        Theme.large_text = self.act_large.isChecked()
        self.settings.setValue("view/large_text", Theme.large_text)
        Theme.apply()
        self._fit_sidebar()
        self._fit_pages()

    def _fit_pages(self) -> None:
        """Cap the built pages' widths again in the theme's new font."""
        for page in self._pages:
            if page is not None:
                fit_narrow(page)

    def _fit_sidebar(self) -> None:
        """Make the step list wide enough for its longest title in the current font."""
        from PySide6.QtGui import QFontMetrics
        font = self.sidebar.font()
        font.setPointSizeF(Theme.base_point_size() * 1.2)  # as the style sheet sets it
        metrics = QFontMetrics(font)
        titles = [self.sidebar.item(i).text() for i in range(self.sidebar.count())]
        widest = max((metrics.horizontalAdvance(t) for t in titles), default=120)
        width = max(200, widest + 48)
        self.sidebar.setFixedWidth(width)
        splitter = self.splitter  # give the page what the list does not take
        sizes = splitter.sizes()
        if len(sizes) == 2 and sizes[0] != width:
            splitter.setSizes([width, sum(sizes) - width])

    def _toggle_contrast(self) -> None:
        Theme.high_contrast = self.act_contrast.isChecked()
        self.settings.setValue("view/high_contrast", Theme.high_contrast)
        Theme.apply()
        self._fit_pages()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.act_full.setChecked(self.isFullScreen())

    def undo(self) -> None:
        """Undo the last change and say in the status bar what it was and where."""
        if self.document and self.document.undo_stack.canUndo():
            stack = self.document.undo_stack
            command = stack.command(stack.index() - 1)
            stack.undo()
            self.undo_notice.announce("Undid", command)

    def redo(self) -> None:
        if self.document and self.document.undo_stack.canRedo():
            stack = self.document.undo_stack
            command = stack.command(stack.index())
            stack.redo()
            self.undo_notice.announce("Redid", command)

    def _update_actions(self) -> None:
        doc = self.document
        stack = doc.undo_stack if doc else None
        self.act_undo.setEnabled(bool(stack and stack.canUndo()))
        self.act_redo.setEnabled(bool(stack and stack.canRedo()))
        self.act_undo.setText(tr("&Undo {what}").format(what=stack.undoText())
                              if stack and stack.canUndo() else tr("&Undo"))
        self.act_redo.setText(tr("&Redo {what}").format(what=stack.redoText())
                              if stack and stack.canRedo() else tr("&Redo"))
        self.act_copy.setEnabled(doc is not None)
        self.act_export_json.setEnabled(doc is not None)
        self.act_close.setEnabled(doc is not None)

    # -- recent files ----------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, path: Path) -> None:
        path = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != path]
        self.settings.setValue("recent_files", [path, *files][:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for f in files:
            self.recent_menu.addAction(f"{Path(f).name}  —  {Path(f).parent}",
                                       lambda f=f: self.open_file(f))
        if not files:
            act = self.recent_menu.addAction(tr("(no recent sessions)"))
            act.setEnabled(False)

    # -- file operations ---------------------------------------------------------------
    def _start_dir(self) -> str:
        files = self.recent_files()
        return str(Path(files[0]).parent) if files else os.path.expanduser("~")

    def new_session(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, tr("New workshop session"),
                                              os.path.join(self._start_dir(), "workshop.cxw"),
                                              tr(FILE_FILTER))
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        if self._is_open_here(path):
            self._error(tr("That workshop is open now; choose another name."))
            return
        try:
            # The dialog asked before replacing; the store refuses a workshop open in
            # any window and removes nothing before it holds the file's lock.
            new_session_file(path, path.stem.replace("_", " ").replace("-", " ").strip(),
                             overwrite=True)
        except SessionError as e:
            self._error(tr("{name} was not replaced: {reason}").format(name=path.name, reason=e))
            return
        except OSError as e:
            self._error(tr("{name} cannot be created: {reason}").format(
                name=path.name, reason=e.strerror or e))
            return
        if self.open_file(path):
            self.sidebar.setCurrentRow(0)  # a new workshop starts on Overview

    def _is_open_here(self, path: Path) -> bool:
        doc = self.document
        if not (doc and doc.path and path.exists()):
            return False
        try:
            return path.samefile(doc.path)
        except OSError:
            return False

    def open_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, tr("Open workshop session"),
                                                    self._start_dir(), tr(FILE_FILTER))
        if path:
            self.open_file(path)

    def open_file(self, path: str | os.PathLike) -> bool:
        """Open ``path`` in this window; explain and keep the current one on failure."""
        path = Path(path)
        if self.document and self.document.path and self.document.path.resolve() == path.resolve():
            return True
        try:
            doc = SessionDocument.open(path)
        except (SessionLocked, NotWritable) as e:  # also a lock that cannot be taken
            answer = QMessageBox.question(
                self, tr("Session already open") if isinstance(e, SessionLocked)
                else tr("Session is read-only"),
                f"{e}\n\n" + tr("Open a read-only view instead?"),
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer != QMessageBox.Yes:
                return False
            try:
                doc = SessionDocument.open(path, read_only=True)
            except SessionError as e2:
                self._error(str(e2), tr("Cannot open session"))
                return False
        except SessionError as e:
            self._error(str(e), tr("Cannot open session"))
            return False
        self.set_document(doc)
        self._remember(path)
        store = doc.store
        if store and store.read_only and store.migrated_from is not None:
            self.statusBar().showMessage(
                tr("Opened read-only in an older file format ({version}); the file was not "
                   "upgraded. Save a Copy to edit it.").format(version=store.migrated_from),
                15000)
        elif store and store.migrated_from is not None:
            self.statusBar().showMessage(
                tr("Upgraded from file format {version}; the original was kept as "
                   "{backup}").format(version=store.migrated_from,
                                      backup=store.backup_path.name), 10000)
        elif store and store.lock and store.lock.was_stale:
            self.statusBar().showMessage(
                tr("This session was not closed properly last time (the app stopped or the "
                   "computer lost power). It was checked and opened with every saved change."),
                15000)
        return True

    def save_copy_dialog(self) -> None:
        if not self.document or not self.document.store:
            return
        src = self.document.path
        path, _filter = QFileDialog.getSaveFileName(
            self, tr("Save a copy"), str(src.with_name(src.stem + tr(" copy") + SUFFIX)),
            tr(FILE_FILTER))
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        if path.resolve() == src.resolve() or self._is_open_here(path):
            self._error(tr("Choose another name: this is the open session itself."))
            return
        try:
            self.document.store.save_copy(path)
        except SessionError as e:
            self._error(tr("The copy was not written to {path}: {reason}").format(
                path=path, reason=e))
            return
        except OSError as e:
            self._error(tr("The copy could not be written to {path}: {reason}").format(
                path=path, reason=e.strerror or e))
            return
        self.statusBar().showMessage(tr("Saved a copy as {path}").format(path=path), 6000)

    def import_json_dialog(self) -> None:
        """Make a new session file from a JSON interchange document, then open it."""
        src, _filter = QFileDialog.getOpenFileName(self, tr("Import a workshop from JSON"),
                                                   self._start_dir(), tr(JSON_FILTER))
        if not src:
            return
        src = Path(src)
        try:
            workshop = json_loads(src.read_bytes())
        except OSError as e:
            self._error(tr("{name} cannot be read: {reason}").format(
                name=src.name, reason=e.strerror or e), tr("Import from JSON"))
            return
        except ImportProblems as e:
            shown = "\n".join(e.problems[:12])
            more = len(e.problems) - 12
            self._error(tr("{name} was not imported; nothing was written.").format(name=src.name)
                        + " " + ngettext("{n} problem:", "{n} problems:",
                                         len(e.problems)).format(n=len(e.problems))
                        + f"\n\n{shown}"
                        + ("\n" + tr("… and {n} more").format(n=more) if more > 0 else ""),
                        tr("Import from JSON"))
            return
        from ..model.layout import unstack
        unstack(workshop)   # boxes stored on top of others: where the map shows them
        dest, _filter = QFileDialog.getSaveFileName(self, tr("Save the imported workshop as"),
                                                    str(src.with_suffix(SUFFIX)),
                                                    tr(FILE_FILTER))
        if not dest:
            return
        dest = Path(dest)
        if dest.suffix.lower() != SUFFIX:
            dest = dest.with_name(dest.name + SUFFIX)
        if self._is_open_here(dest):
            self._error(tr("That workshop is open now; choose another name."),
                        tr("Import from JSON"))
            return
        try:
            # The dialog already asked before replacing an existing file; the store
            # never replaces a workshop open in another window (its lock).
            write_session_file(dest, workshop, overwrite=True)
        except SessionError as e:
            self._error(tr("{name} was not replaced: {reason}").format(name=dest.name, reason=e),
                        tr("Import from JSON"))
            return
        except OSError as e:
            self._error(tr("{name} cannot be written: {reason}").format(
                name=dest.name, reason=e.strerror or e), tr("Import from JSON"))
            return
        self.open_file(dest)

    def export_json_dialog(self) -> None:
        """Write the open session as a JSON interchange document."""
        if not self.document:
            return
        src = self.document.path
        dest, _filter = QFileDialog.getSaveFileName(self, tr("Export the workshop as JSON"),
                                                    str(src.with_suffix(".json")),
                                                    tr(JSON_FILTER))
        if not dest:
            return
        if not may_write(self, dest, "json", self.document, tr("Export as JSON")):
            return
        try:
            write_atomic(dest, json_dumps(self.document.workshop).encode("utf-8"))
        except OSError as e:
            self._error(tr("{name} cannot be written: {reason}").format(
                name=Path(dest).name, reason=e.strerror or e), tr("Export as JSON"))
            return
        self.statusBar().showMessage(tr("Exported {path}").format(path=dest), 6000)

    def close_document(self) -> None:
        self.set_document(None)

    # -- changes made outside the app ---------------------------------------------------
    def _make_outside_banner(self) -> None:
        bar = QToolBar(tr("Changed outside"), self)
        bar.setObjectName("outside_banner")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setStyleSheet("QToolBar#outside_banner { background: #ffe08a; border: 0; "
                          "padding: 4px; } QToolBar#outside_banner QLabel { color: #3b2a00; }")
        self.outside_label = QLabel()
        self.outside_label.setWordWrap(True)
        self.outside_label.setMinimumWidth(480)  # wraps to two lines, not a tall column
        self.outside_label.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        bar.addWidget(self.outside_label)
        self.act_reload = bar.addAction(tr("Reload"), self.reload_document)
        self.act_save_mine = bar.addAction(tr("Save my version as a copy…"),
                                           self.save_mine_dialog)
        self.act_close_outside = bar.addAction(tr("Close"), self.close_document)
        self.addToolBar(Qt.TopToolBarArea, bar)
        bar.hide()
        self.outside_banner = bar

    def _watch(self, doc: SessionDocument | None) -> None:
        for paths in (self.watcher.files(), self.watcher.directories()):
            if paths:
                self.watcher.removePaths(paths)
        self.outside_banner.hide()
        if doc is None or doc.path is None or doc.read_only:
            self.watch_timer.stop()
            return
        self.watcher.addPath(str(doc.path))
        self.watcher.addPath(str(doc.path.parent))
        self.watch_timer.start()

    def _check_outside(self, *_) -> None:
        if self.document is not None:
            self.document.check_outside()

    def _changed_outside(self, reason: str) -> None:
        """Stop at once and say so; the user chooses what happens next."""
        self.watch_timer.stop()
        self.outside_label.setText(
            "<b>" + tr("This workshop was changed outside cxworkshop") + f"</b> ({reason}). "
            + tr("Nothing more is saved to it. Reload the file as it is now, save your "
                 "version as a copy, or close it."))
        self.outside_banner.show()
        self.act_reload.setEnabled(self.document is not None and self.document.path.exists())
        self._update_title()

    def reload_document(self) -> None:
        """Open the file at the same path again, as it is now."""
        if not self.document or not self.document.path:
            return
        path = self.document.path
        self.set_document(None)
        self.open_file(path)

    def save_mine_dialog(self) -> None:
        """Write this window's version of the workshop to a new file and continue there."""
        doc = self.document
        if not doc or not doc.path:
            return
        src = doc.path
        path, _filter = QFileDialog.getSaveFileName(
            self, tr("Save my version as a copy"),
            str(src.with_name(src.stem + tr(" (my version)") + SUFFIX)), tr(FILE_FILTER))
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        if path.resolve() == src.resolve():
            self._error(tr("Choose another name: the file at this name was changed outside."))
            return
        try:
            write_session_file(path, doc.workshop, overwrite=True)
        except SessionError as e:
            self._error(tr("Your version was not written to {path}: {reason}").format(
                path=path, reason=e))
            return
        except OSError as e:
            self._error(tr("Your version could not be written to {path}: {reason}").format(
                path=path, reason=e.strerror or e))
            return
        self.set_document(None)
        if self.open_file(path):
            self.statusBar().showMessage(tr("Your version was saved as {path}; you are "
                                            "working on it now.").format(path=path), 10000)

    def set_document(self, doc: SessionDocument | None) -> None:
        """Show ``doc`` (closing the current one) and rebuild the pages."""
        old = self.document
        current_row = max(self.sidebar.currentRow(), 0)
        self._builder.stop()
        for page in self._pages:
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self._pages = []
        self._page_specs = []
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        self.go_menu.clear()
        self.sidebar.blockSignals(False)
        if old is not None:
            old.undo_stack.indexChanged.disconnect(self._update_actions)
            old.close()
            old.deleteLater()
        self.document = doc
        self._watch(doc)
        if doc is not None:
            doc.setParent(self)
            doc.undo_stack.indexChanged.connect(self._update_actions)
            doc.info_changed.connect(self._update_title)
            doc.commit_failed.connect(self._commit_failed)
            doc.changed_outside.connect(self._changed_outside)
            # The shown page is built now; the others once the window is painted
            # (_builder), or when one of them is asked for (pages, page(), a click).
            self._page_specs = page_specs()
            self._pages = [None] * len(self._page_specs)
            for row, spec in enumerate(self._page_specs):
                QListWidgetItem(tr(spec.title), self.sidebar)
                if row < 9:
                    act = self.go_menu.addAction(
                        tr(spec.title), lambda row=row: self.sidebar.setCurrentRow(row))
                    act.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            self.sidebar.setCurrentRow(min(current_row, len(self._pages) - 1)
                                       if old is not None else 0)
            self._build_when_painted = True
            if not self.isVisible():
                self._builder.start()
            self._fit_sidebar()
        else:
            self.stack.setCurrentWidget(self.empty)
        self._update_title()
        self._update_actions()
        self.document_changed.emit(doc)

    def page(self, cls_or_title) -> Page | None:
        for row, spec in enumerate(self._page_specs):
            if spec.title == cls_or_title or (isinstance(cls_or_title, type)
                                              and spec.load() is cls_or_title):
                return self._page_at(row)
        return None

    @property
    def pages(self) -> PageList:
        """The pages of the open workshop in sidebar order; a page is built when it is
        first looked at (``pages[i]``, iteration), ``len(pages)`` builds none."""
        return PageList(self)

    def page_titles(self) -> list[str]:
        return [spec.title for spec in self._page_specs]

    def _page_at(self, row: int) -> Page:
        page = self._pages[row]
        if page is None:
            shown = self.stack.currentWidget()
            if shown is not None and shown in self._pages:
                self._build_pages()  # all at once: the window sizes itself to all of them
            else:
                self._build_page(row)  # the first one, shown at once
            page = self._pages[row]
        assert page is not None
        return page

    def _build_page(self, row: int) -> None:
        page = self._pages[row] = self._page_specs[row].load()(self.document, self)
        fit_narrow(page)  # combos and long labels never set the window's width
        self.stack.addWidget(page)

    def event(self, event) -> bool:
        # every event of the window passes here: one look at its type
        if event.type() != QEvent.UpdateRequest:
            return super().event(event)
        first = getattr(self, "_first_frame", False)  # (events come during __init__ too)
        if first and self.document is None:
            self.stack.setCurrentWidget(self.empty)  # nothing opened: the first frame says so
        done = super().event(event)
        if first:
            self._first_frame = False
            self.first_painted.emit()
            QTimer.singleShot(0, self._after_first_frame)  # once this frame is out
        if getattr(self, "_build_when_painted", False):
            self._build_when_painted = False  # the workshop is on screen: build the rest
            self._builder.start()
        return done

    def _after_first_frame(self) -> None:
        """What only matters once the window is on screen: the application-wide event
        filters (a Python call for each of the ~1,700 events of building the window)."""
        from . import a11y
        a11y.install(shown=[self])  # every control gets a name a screen reader can say
        self.room_menu.listen_for_keys()  # the clicker's PageDown / PageUp

    def _build_pages(self) -> None:
        """Build the pages not built yet (so the first visit to each is instant)."""
        self._builder.stop()
        if self.document is None:
            return
        for row, page in enumerate(self._pages):
            if page is None:
                self._build_page(row)

    def show_page(self, cls_or_title) -> Page | None:
        page = self.page(cls_or_title)
        if page is not None:
            self.sidebar.setCurrentRow(self._pages.index(page))
        return page

    def _show_page(self, row: int) -> None:
        if self.document is not None:
            self.document.checkpoint()  # a pause: the .cxw alone holds everything
        if 0 <= row < len(self._pages):
            page = self._page_at(row)
            fit_narrow(page)  # its entries or the theme may have changed
            self.stack.setCurrentWidget(page)
            page.ensure_fresh()
            page.activated()

    def _update_title(self, *_) -> None:
        doc = self.document
        if doc is None:
            self.setWindowTitle("cxworkshop")
            return
        name = doc.path.name if doc.path else tr("unsaved")
        ro = (" " + tr("[changed outside — not saving]") if doc.stopped
              else " " + tr("[read-only]") if doc.read_only else "")
        self.setWindowTitle(f"{doc.info.title} — {name}{ro} — cxworkshop")

    def _commit_failed(self, message: str) -> None:
        if self.document is not None and self.document.stopped:
            # the banner explains and offers the choices; no dialog per keystroke
            self.statusBar().showMessage(tr("Not saved: this workshop was changed outside "
                                            "cxworkshop (see the banner above)."), 8000)
            return
        self._error(message, tr("Change not saved"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.ActivationChange and self.document is not None:
            if self.isActiveWindow():
                self.document.check_outside()
            else:
                self.document.checkpoint()  # focus lost: a break, maybe a file copy
        super().changeEvent(event)

    def _error(self, message: str, title: str = "cxworkshop") -> None:
        QMessageBox.critical(self, title, message)

    def _fit_to_screen(self) -> None:
        """Restore the last geometry, or take most of the screen (never more than it)."""
        saved = self.settings.value("window/geometry")
        if saved is not None and self.restoreGeometry(saved):
            return
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1280, 800
        if screen is not None and not screen.isEmpty():
            width = min(width, int(screen.width() * 0.95))
            height = min(height, int(screen.height() * 0.9))
        self.resize(width, height)

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.set_document(None)
        super().closeEvent(event)
