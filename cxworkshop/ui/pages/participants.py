"""Participants: who is in the room, entered at typing speed or pasted from a spreadsheet."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from ...i18n import N_, ngettext, tr
from ...model import Department, Participant, new_id, ops, rules
from ..editing import department_combo
from ..reflow import FlowRow
from ..theme import role
from . import Page

COLUMNS = (N_("Name"), N_("Department"), N_("Role"), N_("Customer-facing"), N_("Email"))
FIELDS = ("name", "department", "role", "customer_facing", "email")


def parse_flag(text: str) -> bool | None:
    """``yes``/``no`` and friends as a bool (an empty cell is no); None when neither."""
    return rules.parse_flag(text, empty=False)


def parse_rows(text: str, workshop) -> tuple[list[Participant], list[Department], list[str]]:
    """Read pasted spreadsheet lines: name, department, role, customer-facing, email.

    Columns are separated by tabs (or by ``;`` when a line has no tab). A first
    line whose first cell is "name" is a header and is skipped. Departments are
    matched by name; an unknown one is created (returned in the second list).

    Returns:
        ``(participants, new departments, problems)``; a line with a problem is
        not added, and its problem says which line and column, e.g.
        ``line 3, customer-facing: “maybe” is not yes or no``.
    """
    people: list[Participant] = []
    created: list[Department] = []
    problems: list[str] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in (line.split("\t") if "\t" in line else line.split(";"))]
        if number == 1 and cells[0].casefold() in ("name", "participant", "full name"):
            continue
        cells += [""] * (len(FIELDS) - len(cells))
        name, dept, role, facing, email = cells[:5]
        where = tr("line {n}").format(n=number)
        bad = []
        if len(cells) > len(FIELDS) and any(cells[len(FIELDS):]):
            bad.append(tr("{where}: {n} columns, expected at most 5 (name, department, role, "
                          "customer-facing, email)").format(where=where, n=len(cells)))
        if not name:
            bad.append(tr("{where}: the name is empty").format(where=where))
        flag = parse_flag(facing)
        if flag is None:
            bad.append(tr("{where}, customer-facing: “{value}” is not yes or no").format(
                where=where, value=facing))
        if rules.email_problem(email):
            bad.append(tr("{where}, email: {problem}").format(
                where=where, problem=rules.email_problem(email)))
        if bad:
            problems.extend(bad)
            continue
        dept_id = None
        if dept:
            dept_id = rules.find_department(workshop, dept, created)
            if dept_id is None:
                created.append(rules.new_department(workshop, dept, created))
                dept_id = created[-1].id
        people.append(Participant(new_id(), rules.clean(name), dept_id, role, bool(flag), email))
    return people, created, problems


class ParticipantsPage(Page):
    title = "Participants"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self._filling = False
        layout = self.page_layout(
            tr("Participants"),
            tr("Type a name and press Enter: the person is saved and the next row "
               "starts. Paste lines from a spreadsheet (name, department, role, "
               "customer-facing, email) to add many at once. Unknown departments "
               "are created."))

        entry = FlowRow()  # wraps in a narrow window
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("Name"))
        self.dept_combo = department_combo(160)
        self.role_edit = QLineEdit()
        self.role_edit.setPlaceholderText(tr("Role"))
        self.facing_check = QCheckBox(tr("Customer-facing"))
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText(tr("Email (optional)"))
        self.add_button = QPushButton(tr("Add"))
        self.add_button.clicked.connect(self.commit_entry)
        for w, stretch in ((self.name_edit, 3), (self.dept_combo, 2), (self.role_edit, 2),
                           (self.facing_check, 0), (self.email_edit, 3),
                           (self.add_button, 0)):
            entry.addWidget(w, stretch)
        for edit in (self.name_edit, self.role_edit, self.email_edit,
                     self.dept_combo.lineEdit()):
            edit.returnPressed.connect(self.commit_entry)
        self.name_edit.installEventFilter(self)
        layout.addLayout(entry)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.message)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked
                                   | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.AnyKeyPressed)
        self.table.itemChanged.connect(self._cell_edited)
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)

        buttons = FlowRow()
        self.count_label = QLabel()
        role(self.count_label, "hint")
        paste = QPushButton(tr("Paste rows from spreadsheet"))
        paste.clicked.connect(self.paste_clipboard)
        self.import_button = QPushButton(tr("Import CSV…"))
        self.import_button.setToolTip(tr("A participant list with a header line: name, department, "
                                         "role, customer_facing, email (a preview comes first)"))
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.group_button = QPushButton(tr("Add to advisory group"))
        self.group_button.setToolTip(tr("Add the selected participants to the employee advisory "
                                        "group (customer-facing people count as frontline)"))
        self.group_button.clicked.connect(self.add_selected_to_group)
        self.remove_button = QPushButton(tr("Remove selected"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(paste)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.group_button)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)

        self.follow(self.refresh, {"participants", "departments"}, info=False)
        self.refresh()

    # -- document → widgets ----------------------------------------------------
    def refresh(self) -> None:
        w = self.document.workshop
        self._filling = True
        current = self.dept_combo.currentText()
        self.dept_combo.clear()
        self.dept_combo.addItems([d.name for d in w.departments])
        self.dept_combo.setEditText(current)
        people = w.participants
        self.table.setRowCount(len(people))
        for row, p in enumerate(people):
            dept = w.get("departments", p.department) if p.department else None
            values = (p.name, dept.name if dept else "", p.role, None, p.email)
            for col, value in enumerate(values):
                item = self.table.item(row, col)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(row, col, item)
                if col == 3:
                    item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
                    item.setCheckState(Qt.Checked if p.customer_facing else Qt.Unchecked)
                    item.setText(tr("yes") if p.customer_facing else tr("no"))
                else:
                    item.setText(value)
                item.setData(Qt.UserRole, p.id)
        facing = sum(p.customer_facing for p in people)
        self.count_label.setText(
            ngettext("{n} participant", "{n} participants", len(people)).format(n=len(people))
            + " — " + tr("{facing} customer-facing, {behind} behind the scenes").format(
                facing=facing, behind=len(people) - facing))
        read_only = self.document.read_only
        for wdg in (self.name_edit, self.dept_combo, self.role_edit, self.facing_check,
                    self.email_edit, self.add_button, self.remove_button, self.import_button,
                    self.group_button):
            wdg.setEnabled(not read_only)
        self._filling = False

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setObjectName("error" if error else "hint")
        self.message.setStyleSheet("color: #c62828; font-weight: 600;" if error else "")

    # -- widgets → document -----------------------------------------------------
    def commit_entry(self) -> bool:
        """Add the person typed in the entry row; clear it and start the next one."""
        name = rules.clean(self.name_edit.text())
        if not name:
            self._say(tr("Type a name first."), error=True)
            self.name_edit.setFocus()
            return False
        email = self.email_edit.text().strip()
        if rules.email_problem(email):
            self._say(tr("{problem}; fix it or leave it empty.").format(
                problem=rules.email_problem(email)), error=True)
            self.email_edit.setFocus()
            return False
        w = self.document.workshop
        dept_name = rules.clean(self.dept_combo.currentText())
        new_dept = bool(dept_name) and rules.find_department(w, dept_name) is None
        change = ops.add_participant(w, name, dept_name, self.role_edit.text(),
                                     self.facing_check.isChecked(), email)
        if not self.document.do(change):
            return False
        self._say(tr("Added {name}.").format(name=name) + (
            " " + tr("New department “{name}” created.").format(name=dept_name)
            if new_dept else ""))
        self.name_edit.clear()
        self.role_edit.clear()
        self.email_edit.clear()
        self.name_edit.setFocus()  # department and customer-facing stay for the next person
        return True

    def paste_text(self, text: str) -> int:
        """Add every good line of ``text`` in one undo step; report the rest."""
        people, depts, problems = parse_rows(text, self.document.workshop)
        added = 0
        if people:
            what = ngettext("Paste {n} participant", "Paste {n} participants",
                            len(people)).format(n=len(people))
            if self.document.do(ops.add_people(self.document.workshop, people, depts, what)):
                added = len(people)
        parts = []
        if added:
            parts.append(ngettext("Added {n} participant.", "Added {n} participants.",
                                  added).format(n=added))
        if depts and added:
            parts.append(tr("New departments: {names}.").format(
                names=", ".join(d.name for d in depts)))
        if problems:
            parts.append(tr("Not added — {problems}.").format(problems="; ".join(problems)))
        if not parts:
            parts.append(tr("Nothing to paste: copy rows with name, department, role, "
                            "customer-facing, email."))
        self._say(" ".join(parts), error=bool(problems) or not added)
        return added

    def paste_clipboard(self) -> int:
        return self.paste_text(QGuiApplication.clipboard().text())

    def import_csv(self, path=None) -> int:
        """Preview a participant CSV and, once confirmed, add its people in one undo step."""
        from ..participants_import import import_participants_csv
        return import_participants_csv(self, path)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.table.item(r, 0).data(Qt.UserRole) for r in rows]

    def add_selected_to_group(self) -> int:
        """Add the selected participants to the advisory group (one undo step)."""
        from ..participants_import import add_to_advisory_group, copy_message
        ids = self.selected_ids()
        if not ids:
            self._say(tr("Select the participants to add to the advisory group first."),
                      error=True)
            return 0
        added, skipped = add_to_advisory_group(self.document, ids)
        self._say(copy_message(added, skipped, tr("the advisory group")), error=not added)
        return added

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        ids = [self.table.item(r, 0).data(Qt.UserRole) for r in rows]
        if ids:
            self.document.remove([("participants", i) for i in ids],
                                 text=tr("Remove participant") if len(ids) == 1
                                 else tr("Remove {n} participants").format(n=len(ids)))

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        pid = item.data(Qt.UserRole)
        person = self.document.get("participants", pid)
        if person is None:
            return
        col = item.column()
        field = FIELDS[col]
        text = item.text().strip()
        try:
            if col == 3:
                self.document.update("participants", pid,
                                     customer_facing=item.checkState() == Qt.Checked)
            elif col == 1:
                new = rules.clean(text) and rules.find_department(
                    self.document.workshop, text) is None
                if self.document.do(ops.set_department(self.document.workshop,
                                                       "participants", pid, text)) and new:
                    self._say(tr("New department “{name}” created.").format(
                        name=rules.clean(text)))
            elif col == 0:
                self.document.do(ops.rename(self.document.workshop, "participants", pid, text))
            else:
                self.document.update("participants", pid, **{field: text})
        except ops.Refused as e:
            message = str(e)
            if col == 0:
                message = message.rstrip(".") + tr("; use Remove selected to delete.")
            self._say(message, error=True)
        self.refresh()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.KeyPress:
            if event.matches(QKeySequence.Paste):
                text = QGuiApplication.clipboard().text()
                if obj is self.table or "\t" in text or "\n" in text.strip():
                    self.paste_text(text)
                    return True
            if obj is self.table and event.key() in (Qt.Key_Delete, Qt.Key_Backspace) \
                    and self.table.state() != QAbstractItemView.EditingState:
                self.remove_selected()
                return True
        return super().eventFilter(obj, event)

    def activated(self) -> None:
        self.name_edit.setFocus()
