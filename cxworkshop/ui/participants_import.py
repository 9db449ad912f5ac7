"""Participants from a CSV file (preview first), and people copied to and from the
advisory group. Used by the Participants and Advisory group pages."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..commands import ChangeCommand
from ..i18n import ngettext, tr
from ..io.participants_csv import (
    COLUMNS,
    ParticipantsImport,
    import_ops,
    members_from_participants,
    parse_participants_csv,
    participants_from_members,
)
from ..model import Add

CSV_FILTER = "CSV files (*.csv *.txt);;All files (*)"
BAD = "#c62828"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ParticipantsImportDialog(QDialog):
    """What a CSV file would add; nothing is imported until the user confirms.

    When some rows are bad, the user may import only the valid ones.
    """

    HEADERS = ("Line", *(h for _f, h in COLUMNS), "Problem")

    def __init__(self, result: ParticipantsImport, source: str, parent=None):
        super().__init__(parent)
        self.result = result
        self.setWindowTitle(f"Import participants from {source}")
        self.resize(900, 480)
        lay = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay.addWidget(self.summary)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setObjectName("participants_preview")
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.only_valid = QCheckBox("Import only the valid rows and leave the others out")
        self.only_valid.toggled.connect(self._update_button)
        lay.addWidget(self.only_valid)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._fill()

    def _fill(self) -> None:
        r = self.result
        bad, good = len(r.bad_rows), len(r.participants)
        parts = []
        if r.fatal:
            parts.append(f"<b style='color:{BAD}'>This file cannot be imported:</b> "
                         + _html(" ".join(r.fatal)))
        else:
            parts.append(f"<b>{_plural(len(r.rows), 'row')}</b>: {good} ready to import"
                         + (f", <b style='color:{BAD}'>{bad} with problems</b> (shown in red)"
                            if bad else "") + ".")
            if r.new_departments:
                parts.append("New departments will be created (as map lanes): "
                             + _html(", ".join(d.name for d in r.new_departments)) + ".")
            if r.unknown_columns:
                parts.append("Columns not used (ignored): "
                             + _html(", ".join(f"“{c}”" for c in r.unknown_columns)) + ".")
            parts.extend(_html(n) for n in r.notes)
        self.summary.setText("<br>".join(parts))
        self.table.setRowCount(len(r.rows))
        bad_brush = QBrush(QColor(198, 40, 40, 45))
        for i, row in enumerate(r.rows):
            cells = [str(row.line), *(row.values.get(f, "") for f, _h in COLUMNS),
                     "; ".join(row.problems)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.problems:
                    item.setBackground(bad_brush)
                if col == len(cells) - 1 and row.problems:
                    item.setForeground(QBrush(QColor(BAD)))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self.only_valid.setVisible(bool(bad))
        self.only_valid.setEnabled(bool(bad and good and not r.fatal))
        self._update_button()

    def _update_button(self) -> None:
        r = self.result
        ok = self.buttons.button(QDialogButtonBox.Ok)
        count = len(r.participants)
        allowed = not r.fatal and count > 0 and (r.ok or self.only_valid.isChecked())
        ok.setEnabled(allowed)
        ok.setText(f"Import {_plural(count, 'participant')}" if allowed else "Import")


def import_participants_csv(page, path: str | Path | None = None,
                            dialog_factory=ParticipantsImportDialog) -> int:
    """Preview a CSV file and, once confirmed, add its people in one undo step.

    ``page`` is the calling page (its ``document`` and ``_say(text, error)``).
    """
    if path is None:
        path, _ = QFileDialog.getOpenFileName(page, "Import participants from CSV", "",
                                              CSV_FILTER)
        if not path:
            return 0
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        result = ParticipantsImport()
        result.fatal.append(f"{path.name} cannot be read ({e.strerror or e})")
    else:
        result = parse_participants_csv(data, page.document.workshop)
    dialog = dialog_factory(result, path.name, page)
    if dialog.exec() != QDialog.Accepted:
        page._say("Import cancelled; nothing was added.")
        return 0
    count = len(result.participants)
    if not count or result.fatal:
        page._say(f"Nothing imported from {path.name}.", error=True)
        return 0
    if not page.document.push(ChangeCommand(
            page.document, f"Import {_plural(count, 'participant')} from {path.name}",
            import_ops(result))):
        return 0
    parts = [f"Imported {_plural(count, 'participant')} from {path.name}."]
    if result.new_departments:
        parts.append("New departments: " + ", ".join(d.name for d in result.new_departments)
                     + ".")
    if result.bad_rows:
        parts.append(f"Left out {_plural(len(result.bad_rows), 'row')} with problems: "
                     + "; ".join(f"line {r.line}" for r in result.bad_rows) + ".")
    page._say(" ".join(parts))
    return count


def add_to_advisory_group(document, participant_ids) -> tuple[int, list[str]]:
    """Add participants to the advisory group (one undo step); ``(added, skipped names)``."""
    members, skipped = members_from_participants(document.workshop, participant_ids)
    if members and not document.push(ChangeCommand(
            document, f"Add {_plural(len(members), 'participant')} to the advisory group",
            [Add(m) for m in members])):
        return 0, skipped
    return len(members), skipped


def add_as_participants(document, member_ids) -> tuple[int, list[str]]:
    """Add advisory-group members as participants (one undo step); ``(added, skipped)``."""
    people, skipped = participants_from_members(document.workshop, member_ids)
    if people and not document.push(ChangeCommand(
            document, f"Add {_plural(len(people), 'member')} as participants",
            [Add(p) for p in people])):
        return 0, skipped
    return len(people), skipped


def copy_message(added: int, skipped: list[str], where: str) -> str:
    text = ngettext("Added {n} person to {where}.", "Added {n} people to {where}.",
                    added).format(n=added, where=where)
    if skipped:
        text += " " + tr("Already there: {names}.").format(names=", ".join(skipped))
    return text
