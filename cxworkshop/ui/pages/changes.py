"""The 5 Hows of a change: proposed changes, each assessed from the customer's side.

A list of changes on the left; on the right the five questions with short
guidance, risk, owner, decision and the process on the map it touches. Each
field is saved when the cursor leaves it, as one undo step.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...i18n import tr
from ...model import RISK, Change, ops, rules
from ...model.changes import FIVE_HOWS, RISK_LABELS, completeness
from ..editing import MessageLine, TextEdit, say
from ..reflow import ReflowSplitter
from ..theme import role
from . import Page

TEXT_FIELDS = ("title", "owner")
ANSWER_FIELDS = tuple(f for f, _q, _g in FIVE_HOWS)
RISK_COLORS = {"low": "#2e7d32", "medium": "#b26a00", "high": "#c62828"}


def process_label(workshop, process_id: str | None) -> str:
    p = workshop.get("processes", process_id) if process_id else None
    if p is None:
        return ""
    d = workshop.get("departments", p.department) if p.department else None
    return (p.name or tr("(unnamed process)")) + (f" — {d.name}" if d and d.name else "")


class ChangesPage(Page):
    title = "5 Hows"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self.current_id: str | None = None
        self._filling = False
        outer = self.page_layout(
            tr("The 5 Hows of a change"),
            tr("For each change to a process, ask five questions from the customer's "
               "side. A change is ready to decide when all five have an answer."))
        self.message = MessageLine(undo_stack=document.undo_stack)
        outer.addWidget(self.message)

        splitter = ReflowSplitter(Qt.Horizontal)  # stacks in a narrow window
        outer.addWidget(splitter, 1)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        self.new_edit = QLineEdit()
        self.new_edit.setObjectName("new_change_title")
        self.new_edit.setPlaceholderText(tr("New change: type its title, press Enter"))
        self.new_edit.returnPressed.connect(self.add_change)
        lay.addWidget(self.new_edit)
        self.list = QListWidget()
        self.list.setTextElideMode(Qt.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setSpacing(3)
        self.list.currentItemChanged.connect(self._current_changed)
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("Add"))
        self.add_button.clicked.connect(self.add_change)
        self.delete_button = QPushButton(tr("Delete change"))
        self.delete_button.clicked.connect(self.delete_current)
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        lay.addLayout(row)
        splitter.addWidget(left)

        self.stack = QStackedWidget()
        empty = QLabel(tr("No change yet.\n\nType the title of a proposed change on the left "
                          "and press Enter;\nthen answer the five questions with the group."))
        empty.setAlignment(Qt.AlignCenter)
        role(empty, "hint")
        self.stack.addWidget(empty)
        self.stack.addWidget(self._build_form())
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 760])

        self.follow(self.refresh, {"changes", "processes", "departments"})
        self.refresh()
        if self.list.count():
            self.list.setCurrentRow(0)

    # -- building -----------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(12, 0, 12, 12)

        top = QFormLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("change_title")
        self.title_edit.setPlaceholderText(tr("What changes, in a few words"))
        self.title_edit.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.title_edit.editingFinished.connect(self.commit)
        top.addRow(tr("Change"), self.title_edit)
        self.process_combo = QComboBox()
        self.process_combo.setObjectName("change_process")
        self.process_combo.activated.connect(lambda _i: self.commit())
        top.addRow(tr("Process on the map"), self.process_combo)
        meta = QHBoxLayout()
        self.risk_combo = QComboBox()
        self.risk_combo.setObjectName("change_risk")
        self.risk_combo.addItem(tr(RISK_LABELS[None]), None)  # a new change is not judged yet
        for value in RISK:
            self.risk_combo.addItem(tr(RISK_LABELS[value]), value)
        self.risk_combo.activated.connect(lambda _i: self.commit())
        self.owner_edit = QLineEdit()
        self.owner_edit.setObjectName("change_owner")
        self.owner_edit.setPlaceholderText(tr("Who carries it"))
        self.owner_edit.editingFinished.connect(self.commit)
        meta.addWidget(self.risk_combo)
        meta.addWidget(QLabel(tr("Owner")))
        meta.addWidget(self.owner_edit, 1)
        top.addRow(tr("Risk"), meta)
        lay.addLayout(top)

        self.mark = QLabel()
        self.mark.setObjectName("change_completeness")
        self.mark.setStyleSheet("font-size: 13pt; font-weight: 600; margin-top: 6px;")
        lay.addWidget(self.mark)

        self.questions: dict[str, QLabel] = {}
        self.edits: dict[str, TextEdit] = {}
        for number, (field, question, guidance) in enumerate(FIVE_HOWS, start=1):
            q = QLabel()
            q.setWordWrap(True)
            q.setStyleSheet("font-weight: 600; margin-top: 10px;")
            q.setProperty("question", f"{number}. {tr(question)}")
            g = QLabel(tr(guidance))
            role(g, "hint")
            g.setWordWrap(True)
            edit = TextEdit(rows=3)
            edit.setObjectName(f"change_{field}")
            edit.setPlaceholderText(tr("The group's answer"))
            edit.editingFinished.connect(self.commit)
            edit.textChanged.connect(self._show_mark)
            self.questions[field] = q
            self.edits[field] = edit
            for w in (q, g, edit):
                lay.addWidget(w)
        decision = QLabel(tr("Decision"))
        decision.setStyleSheet("font-weight: 600; margin-top: 10px;")
        lay.addWidget(decision)
        self.decision_edit = TextEdit(rows=3)
        self.decision_edit.setObjectName("change_decision")
        self.decision_edit.setPlaceholderText(tr("Go, not yet, or changed how — and why"))
        self.decision_edit.editingFinished.connect(self.commit)
        lay.addWidget(self.decision_edit)
        lay.addStretch(1)
        return scroll

    # -- document → widgets -------------------------------------------------------------
    def current(self) -> Change | None:
        return self.document.get("changes", self.current_id) if self.current_id else None

    def refresh(self) -> None:
        w = self.document.workshop
        self._filling = True
        changes = w.changes
        if self.current_id not in w.table("changes"):
            self.current_id = None
        self.list.blockSignals(True)
        self.list.clear()
        for change in changes:
            item = QListWidgetItem(self._list_text(change))
            item.setData(Qt.UserRole, change.id)
            item.setToolTip(self._list_text(change))
            self.list.addItem(item)
            if change.id == self.current_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.current_id is None and changes:
            self.current_id = changes[0].id
            self.list.setCurrentRow(0)

        self.process_combo.clear()
        self.process_combo.addItem(tr("(no process)"), None)
        for p in sorted(w.processes, key=lambda p: (p.stage, (p.name or "").casefold())):
            self.process_combo.addItem(process_label(w, p.id), p.id)
        self._fill_form()
        read_only = self.document.read_only
        for wdg in (self.new_edit, self.add_button, self.delete_button, self.title_edit,
                    self.process_combo, self.risk_combo, self.owner_edit, self.decision_edit,
                    *self.edits.values()):
            wdg.setEnabled(not read_only)
        self.delete_button.setEnabled(not read_only and self.current_id is not None)
        self._filling = False

    def _list_text(self, change: Change) -> str:
        where = process_label(self.document.workshop, change.process)
        return ((change.title or tr("(untitled change)")) + "\n"
                + f"{completeness(change)}/5 · "
                + (tr("{risk} risk").format(risk=tr(RISK_LABELS.get(change.risk, change.risk)))
                   if change.risk else tr("risk not judged yet"))
                + (f" · {where}" if where else ""))

    def _fill_form(self) -> None:
        change = self.current()
        self.stack.setCurrentIndex(1 if change else 0)
        if change is None:
            return
        if self.title_edit.text() != change.title:
            self.title_edit.setText(change.title)
        if self.owner_edit.text() != change.owner:
            self.owner_edit.setText(change.owner)
        at = self.process_combo.findData(change.process)
        self.process_combo.setCurrentIndex(max(at, 0))
        self.risk_combo.setCurrentIndex(
            0 if change.risk is None else max(self.risk_combo.findData(change.risk), 0))
        for field, edit in self.edits.items():
            edit.set_text(getattr(change, field))
        self.decision_edit.set_text(change.decision)
        self._show_mark()

    def _show_mark(self) -> None:
        done = 0
        for field, edit in self.edits.items():
            answered = bool(edit.toPlainText().strip())
            done += answered
            q = self.questions[field]
            mark = ("<span style='color:#2e7d32'>✓</span>" if answered
                    else "<span style='color:#9aa5b1'>○</span>")
            q.setText(f"{mark} {q.property('question')}")
        color = "#2e7d32" if done == len(FIVE_HOWS) else "#b26a00" if done else "#c62828"
        dots = "●" * done + "○" * (len(FIVE_HOWS) - done)
        self.mark.setText(f"<span style='color:{color}'>{dots}&nbsp; "
                          + tr("{done}/{total} answered").format(done=done, total=len(FIVE_HOWS))
                          + "</span>")
        self.mark.setProperty("done", done)

    # -- widgets → document ---------------------------------------------------------------
    def _current_changed(self, item, _previous) -> None:
        if self._filling:
            return
        chosen = item.data(Qt.UserRole) if item else None
        self.commit()  # what was typed belongs to the change it was typed for (refreshes)
        self.current_id = chosen
        self.refresh()

    def select_change(self, change_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.UserRole) == change_id:
                self.list.setCurrentRow(row)
                return

    def form_values(self) -> dict:
        values = {"title": " ".join(self.title_edit.text().split()),
                  "owner": self.owner_edit.text().strip(),
                  "process": self.process_combo.currentData(),
                  "risk": self.risk_combo.currentData(),
                  "decision": self.decision_edit.toPlainText().strip()}
        for field, edit in self.edits.items():
            values[field] = edit.toPlainText().strip()
        return values

    def commit(self) -> bool:
        """Save what differs between the form and the current change, as one undo step."""
        change = self.current()
        if self._filling or change is None or self.document.read_only:
            return False
        values = self.form_values()
        if rules.field_problem("changes", "title", values["title"]):
            say(self.message, rules.field_problem("changes", "title", values["title"])
                .rstrip(".") + tr("; the old one is kept."), error=True)
            values["title"] = change.title
            self.title_edit.setText(change.title)
        else:
            say(self.message, "")
        changed = {k: v for k, v in values.items() if getattr(change, k) != v}
        if not changed:
            return False
        if len(changed) == 1:
            field = next(iter(changed))
            label = {"title": tr("title"), "owner": tr("owner"), "process": tr("process"),
                     "risk": tr("risk"), "decision": tr("decision")}.get(
                         field, field.replace("_", " "))
            text = tr("Edit {field} of “{title}”").format(field=label, title=change.title)
        else:
            text = tr("Edit “{title}”").format(title=change.title)
        return self.document.update("changes", change.id, changed, text=text)

    def add_change(self) -> bool:
        title = " ".join(self.new_edit.text().split())
        if not title:
            say(self.message, tr("Type the title of the change first, e.g. “Text customers "
                                 "the technician's arrival time”."), error=True)
            self.new_edit.setFocus()
            return False
        self.commit()
        add = ops.add_change(self.document.workshop, title)
        if not self.document.do(add):
            return False
        change = add[0].entity
        self.new_edit.clear()
        say(self.message, "")
        self.current_id = change.id
        self.refresh()
        self.edits["impact"].setFocus()
        return True

    def delete_current(self) -> bool:
        change = self.current()
        if change is None:
            return False
        done = self.document.remove([("changes", change.id)],
                                    text=tr("Delete change “{title}”").format(
                                        title=change.title))
        if done:
            say(self.message, tr("Deleted “{title}”.").format(title=html.escape(change.title))
                + " <a href='undo'>" + tr("Undo") + "</a>")
        return done

    def activated(self) -> None:
        self.refresh()
