"""The session overview: title, organization, date, place, facilitator, notes, stages."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...i18n import ngettext, tr
from ...model import SESSION
from ..dates import DateLineEdit
from ..departments import DepartmentsEditor
from ..reflow import FlowRow, ReflowSplitter
from ..theme import role
from . import Page


class CommitPlainTextEdit(QPlainTextEdit):
    """A multi-line field that reports ``editingFinished`` when it loses focus."""

    def __init__(self, on_finished, parent=None):
        super().__init__(parent)
        self._on_finished = on_finished

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self._on_finished()


class OverviewPage(Page):
    title = "Overview"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self.edits: dict[str, QLineEdit] = {}
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 16)

        heading = QLabel(tr("Workshop overview"))
        role(heading, "pageHeading")
        layout.addWidget(heading)
        hint = QLabel(tr("Every change is saved to the file as you make it. "
                         "Undo with Ctrl+Z."))
        role(hint, "hint")
        layout.addWidget(hint)

        about = QGroupBox(tr("Session"))
        form = QFormLayout(about)
        self._labels: dict[str, str] = {}
        for name, label, placeholder in (
                ("title", tr("&Title"), tr("e.g. Connecting the dots — spring workshop")),
                ("organization", tr("&Organization"), ""),
                ("date", tr("&Date"), "YYYY-MM-DD"),
                ("location", tr("&Location"), ""),
                ("facilitator", tr("&Facilitator"), "")):
            edit = DateLineEdit(what=tr("workshop date")) if name == "date" else QLineEdit()
            edit.setObjectName(f"overview_{name}")
            if name != "date":  # a date field shows the user's own format
                edit.setPlaceholderText(placeholder)
            edit.editingFinished.connect(lambda n=name: self._commit_text(n))
            self.edits[name] = edit
            self._labels[name] = label.replace("&", "")
            form.addRow(label, edit)
        self.date_error = QLabel()
        role(self.date_error, "error")
        self.date_error.hide()
        form.addRow("", self.date_error)
        self.budget = QSpinBox()
        self.budget.setObjectName("overview_vote_budget")
        self.budget.setRange(0, 100)
        self.budget.setSuffix(" " + tr("votes per participant"))
        self.budget.editingFinished.connect(self._commit_budget)
        form.addRow(tr("Dot-&vote budget"), self.budget)
        layout.addWidget(about)

        stages_box = QGroupBox(tr("Customer journey stages"))
        stages_layout = FlowRow(stages_box)   # wraps in a narrow window
        self.stage_edits: list[QLineEdit] = []
        for i in range(5):
            edit = QLineEdit()
            edit.setObjectName(f"overview_stage_{i}")
            edit.editingFinished.connect(self._commit_stages)
            self.stage_edits.append(edit)
            if i:
                stages_layout.addWidget(QLabel("→"))
            stages_layout.addWidget(edit)
        layout.addWidget(stages_box)

        lower = ReflowSplitter(Qt.Horizontal)  # one above the other in a narrow window
        lower.setChildrenCollapsible(False)
        depts_box = QGroupBox(tr("Departments"))
        depts_layout = QVBoxLayout(depts_box)
        lanes = QLabel(tr("The map's swimlanes, top to bottom."))  # wraps; a long title was cut
        role(lanes, "hint")
        lanes.setWordWrap(True)
        depts_layout.addWidget(lanes)
        self.departments = DepartmentsEditor(document)
        depts_layout.addWidget(self.departments)
        lower.addWidget(depts_box)
        notes_box = QGroupBox(tr("Facilitator notes (private)"))
        notes_layout = QVBoxLayout(notes_box)
        self.notes = CommitPlainTextEdit(self._commit_notes)
        self.notes.setObjectName("overview_notes")
        self.notes.setPlaceholderText(tr("Goals, room set-up, who is coming…"))
        notes_layout.addWidget(self.notes)
        lower.addWidget(notes_box)
        layout.addWidget(lower, 1)

        self.counts = QLabel()
        role(self.counts, "hint")
        self.counts.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.counts.setWordWrap(True)  # one long line pushed the page sideways in large text
        layout.addWidget(self.counts)

        document.info_changed.connect(self.refresh)
        document.commit_failed.connect(self.refresh)  # show what is saved, not what was typed
        self.follow(self._refresh_counts, info=False)
        self.refresh()
        self._refresh_counts()

    # -- document → widgets ---------------------------------------------------
    def refresh(self, *_):
        info = self.document.info
        for name, edit in self.edits.items():
            value = getattr(info, name) or ""
            if isinstance(edit, DateLineEdit):
                edit.set_iso(value or None)
            elif edit.text() != value:
                edit.setText(value)
        self.date_error.hide()
        for edit, name in zip(self.stage_edits, info.stages, strict=False):
            if edit.text() != name:
                edit.setText(name)
        if self.notes.toPlainText() != info.notes:
            self.notes.setPlainText(info.notes)
        self.budget.setValue(info.vote_budget)
        read_only = self.document.read_only
        for w in (*self.edits.values(), *self.stage_edits):
            w.setReadOnly(read_only)
        self.notes.setReadOnly(read_only)
        self.budget.setReadOnly(read_only)

    def _refresh_counts(self):
        w = self.document.workshop

        def n(kind: str) -> int:
            return len(w.table(kind))
        parts = [ngettext("{n} participant", "{n} participants", n("participants")),
                 ngettext("{n} story", "{n} stories", n("stories")),
                 ngettext("{n} process", "{n} processes", n("processes")),
                 ngettext("{n} link", "{n} links", n("links")),
                 ngettext("{n} advisory group member", "{n} advisory group members",
                          n("members")),
                 ngettext("{n} change", "{n} changes", n("changes")),
                 ngettext("{n} champion call-out", "{n} champion call-outs",
                          n("recognitions")),
                 ngettext("{n} action", "{n} actions", n("actions"))]
        kinds = ("participants", "stories", "processes", "links", "members", "changes",
                 "recognitions", "actions")
        self.counts.setText(tr("This session holds {parts}.").format(
            parts=", ".join(p.format(n=n(k)) for p, k in zip(parts, kinds, strict=True))))

    # -- widgets → commands -----------------------------------------------------
    def _commit_text(self, name: str) -> None:
        value = self.edits[name].text()
        if name == "title":
            value = value.strip() or tr("Untitled workshop")
        if name == "date":
            try:
                value = self.edits[name].iso()  # the user's format (or ISO) -> ISO
            except ValueError as e:
                self.date_error.setText(f"{str(e)[0].upper()}{str(e)[1:]}.")
                self.date_error.show()
                return
            self.date_error.hide()
        self.document.update(SESSION, None, **{name: value}, text=tr(
            "Edit session {field}").format(field=self._labels[name].lower()))

    def _commit_notes(self) -> None:
        self.document.update(SESSION, None, text=tr("Edit facilitator notes"),
                             notes=self.notes.toPlainText())

    def _commit_budget(self) -> None:
        self.document.update(SESSION, None, text=tr("Change vote budget"),
                             vote_budget=self.budget.value())

    def _commit_stages(self) -> None:
        current = self.document.info.stages
        stages = tuple(e.text().strip() or old
                       for e, old in zip(self.stage_edits, current, strict=False))
        self.document.update(SESSION, None, text=tr("Rename journey stage"), stages=stages)
        self.refresh()
