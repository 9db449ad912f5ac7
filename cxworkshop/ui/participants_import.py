"""Participants from a CSV file (preview first), and people copied to and from the
advisory group. Used by the Participants and Advisory group pages."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
)

from ..commands import ChangeCommand
from ..i18n import ngettext, tr
from ..io.participants_csv import (
    ParticipantsImport,
    import_ops,
    members_from_participants,
    parse_participants_csv,
    participants_from_members,
)
from ..model import Add
from .csv_preview import CsvPreviewDialog, plural

CSV_FILTER = "CSV files (*.csv *.txt);;All files (*)"


class ParticipantsImportDialog(CsvPreviewDialog):
    """What a participants CSV file would add (see :class:`CsvPreviewDialog`)."""

    COLUMNS = (("name", "Name"), ("department", "Department"), ("role", "Role"),
               ("customer_facing", "Customer-facing"), ("email", "Email"))
    NOUN = "participant"
    NEW_DEPARTMENTS = "New departments will be created (as map lanes): "

    def __init__(self, result: ParticipantsImport, source: str, parent=None):
        super().__init__(result, f"Import participants from {source}", parent,
                         table_name="participants_preview")


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
            page.document, f"Import {plural(count, 'participant')} from {path.name}",
            import_ops(result))):
        return 0
    parts = [f"Imported {plural(count, 'participant')} from {path.name}."]
    if result.new_departments:
        parts.append("New departments: " + ", ".join(d.name for d in result.new_departments)
                     + ".")
    if result.bad_rows:
        parts.append(f"Left out {plural(len(result.bad_rows), 'row')} with problems: "
                     + "; ".join(f"line {r.line}" for r in result.bad_rows) + ".")
    page._say(" ".join(parts))
    return count


def add_to_advisory_group(document, participant_ids) -> tuple[int, list[str]]:
    """Add participants to the advisory group (one undo step); ``(added, skipped names)``."""
    members, skipped = members_from_participants(document.workshop, participant_ids)
    if members and not document.push(ChangeCommand(
            document, f"Add {plural(len(members), 'participant')} to the advisory group",
            [Add(m) for m in members])):
        return 0, skipped
    return len(members), skipped


def add_as_participants(document, member_ids) -> tuple[int, list[str]]:
    """Add advisory-group members as participants (one undo step); ``(added, skipped)``."""
    people, skipped = participants_from_members(document.workshop, member_ids)
    if people and not document.push(ChangeCommand(
            document, f"Add {plural(len(people), 'member')} as participants",
            [Add(p) for p in people])):
        return 0, skipped
    return len(people), skipped


def copy_message(added: int, skipped: list[str], where: str) -> str:
    text = ngettext("Added {n} person to {where}.", "Added {n} people to {where}.",
                    added).format(n=added, where=where)
    if skipped:
        text += " " + tr("Already there: {names}.").format(names=", ".join(skipped))
    return text
