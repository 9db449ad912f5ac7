"""File ▸ New from Template, New from Previous Workshop and Save as Template.

:func:`install` adds the three entries to the main window's File menu. A new
workshop is written as a file, opened, and shown on its Overview page.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from ..i18n import N_, tr
from ..io import templates as T
from ..model import Workshop
from ..model.templates import from_previous, new_workshop

FILE_FILTER = N_("cxworkshop sessions (*.cxw);;All files (*)")


class TemplateDialog(QDialog):
    """Pick a template (or confirm a previous workshop) and what to copy from it."""

    def __init__(self, templates: list[T.Template] | None, source_name: str | None = None,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("New from previous workshop") if templates is None
                            else tr("New from template"))
        lay = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setObjectName("templates")
        self.templates = templates or []
        if templates is not None:
            lay.addWidget(QLabel(tr("Start the new workshop from:")))
            for t in templates:
                item = QListWidgetItem(f"{t.name}\n    {t.description}")
                self.list.addItem(item)
            self.list.setCurrentRow(0)
            self.list.itemDoubleClicked.connect(lambda _i: self.accept())
            lay.addWidget(self.list, 1)
            self.list.currentRowChanged.connect(self._update)
        else:
            about = QLabel(
                tr("<b>{file}</b><br>The new workshop copies its title (the next in its "
                   "series), departments, stages, map, prompts, agenda and metrics (this "
                   "time's values become “previous”). Votes and time spent start at "
                   "zero.").format(file=source_name))
            about.setWordWrap(True)  # a long file name or a translation stays on screen
            lay.addWidget(about)
        self.people = QCheckBox(tr("Also copy the people (participants and advisory group)"))
        self.people.setObjectName("copy_people")
        self.answers = QCheckBox(tr("Also copy the answers (stories, notes, votes, "
                                    "placements, 5 Hows, call-outs, actions, NPS, parking lot)"))
        self.answers.setObjectName("copy_answers")
        lay.addWidget(self.people)
        lay.addWidget(self.answers)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.button(QDialogButtonBox.Ok).setText(tr("Create…"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(560, 380 if templates is not None else 220)
        self._update()

    def _update(self, *_):
        blank = bool(self.templates) and self.list.currentRow() == 0
        for box in (self.people, self.answers):
            box.setEnabled(not blank)

    def chosen(self) -> T.Template | None:
        row = self.list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def build(self, source: Workshop) -> Workshop:
        return from_previous(source, people=self.people.isChecked(),
                             answers=self.answers.isChecked())


def _save_new(window, workshop: Workshop, suggested: str) -> bool:
    """Ask where to save ``workshop``, write it, open it on Overview."""
    from ..store import SUFFIX, write_session_file
    start = os.path.join(window._start_dir(), suggested)
    path, _ = QFileDialog.getSaveFileName(window, tr("Save the new workshop as"), start,
                                          tr(FILE_FILTER))
    if not path:
        return False
    path = Path(path)
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    if window.document and window.document.path and path.exists() \
            and path.resolve() == window.document.path.resolve():
        window._error(tr("That workshop is open now; choose another name."),
                      tr("New workshop"))
        return False
    try:
        write_session_file(path, workshop, overwrite=True)  # the dialog asked already
    except OSError as e:
        window._error(tr("{name} cannot be written: {reason}").format(
            name=path.name, reason=e.strerror or e), tr("New workshop"))
        return False
    if window.open_file(path):
        window.sidebar.setCurrentRow(0)  # a new workshop starts on Overview
        return True
    return False


def _file_name(title: str) -> str:
    name = T.safe_name(title).replace(" — ", " - ")
    return f"{name}.cxw"


def new_from_template(window, dialog_factory=TemplateDialog) -> bool:
    templates = T.available()
    dialog = dialog_factory(templates, parent=window)
    if dialog.exec() != QDialog.Accepted or dialog.chosen() is None:
        return False
    template = dialog.chosen()
    try:
        source = template.load()
    except Exception as e:  # a broken template file: say which and why
        problems = getattr(e, "problems", None)
        why = "; ".join(problems[:3]) if problems else str(e)
        window._error(tr("The template “{name}” cannot be read: {reason}").format(
            name=template.name, reason=why), tr("New workshop"))
        return False
    workshop = source if template.load is new_workshop else dialog.build(source)
    if template.relative and dialog.answers.isChecked() and source.info.date:
        # a sample's due dates and story dates move with it to today
        from ..model import SESSION
        from ..model.templates import as_of_today
        workshop.apply([op for op in as_of_today(source) if op.kind != SESSION
                        and op.id in workshop.table(op.kind)])
    return _save_new(window, workshop, _file_name(workshop.info.title or "workshop"))


def new_from_previous(window, dialog_factory=TemplateDialog) -> bool:
    from ..store import SessionError, SessionStore
    src, _ = QFileDialog.getOpenFileName(window, tr("Start from a previous workshop"),
                                         window._start_dir(), tr(FILE_FILTER))
    if not src:
        return False
    try:
        source = SessionStore.read(src)
    except SessionError as e:
        window._error(str(e), tr("New from previous workshop"))
        return False
    dialog = dialog_factory(None, Path(src).name, parent=window)
    if dialog.exec() != QDialog.Accepted:
        return False
    workshop = dialog.build(source)
    return _save_new(window, workshop, _file_name(workshop.info.title or "workshop"))


def save_as_template(window, name: str | None = None) -> bool:
    doc = window.document
    if doc is None:
        return False
    if name is None:
        name, ok = QInputDialog.getText(window, tr("Save as template"), tr("Template name:"),
                                        text=doc.info.title)
        if not ok or not name.strip():
            return False
    try:
        path = T.save_template(doc.workshop, name)
    except OSError as e:
        window._error(tr("The template could not be saved: {reason}").format(
            reason=e.strerror or e), tr("Save as template"))
        return False
    window.statusBar().showMessage(
        tr("Saved the template “{name}” (departments, map, agenda, metrics; no people or "
           "answers). File ▸ New from Template offers it.").format(name=path.stem), 8000)
    return True


def install(window) -> None:
    """Add the template entries to ``window``'s File menu, after New."""
    menu = window.file_menu
    before = window.act_open
    window.act_new_template = menu.addAction(tr("New from &Template…"),
                                             lambda: new_from_template(window))
    window.act_new_previous = menu.addAction(tr("New from &Previous Workshop…"),
                                             lambda: new_from_previous(window))
    for act in (window.act_new_template, window.act_new_previous):
        menu.removeAction(act)
        menu.insertAction(before, act)
    window.act_save_template = menu.addAction(tr("Save as &Template…"),
                                              lambda: save_as_template(window))
    menu.removeAction(window.act_save_template)
    menu.insertAction(window.act_close, window.act_save_template)
    window.act_save_template.setEnabled(window.document is not None)
    window.document_changed.connect(
        lambda doc: window.act_save_template.setEnabled(doc is not None))

