"""Participants from a CSV file (preview first), and people copied to and from the
advisory group. Used by the Participants and Advisory group pages."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
)

from ..commands import ChangeCommand
from ..i18n import N_, ngettext, tr
from ..io.participants_csv import (
    ParticipantsImport,
    import_ops,
    members_from_participants,
    parse_participants_csv,
    participants_from_members,
)
from ..model import Add
from .csv_preview import CsvPreviewDialog

CSV_FILTER = N_("CSV files (*.csv *.txt);;All files (*)")


class ParticipantsImportDialog(CsvPreviewDialog):
    """What a participants CSV file would add (see :class:`CsvPreviewDialog`)."""

    COLUMNS = (("name", N_("Name")), ("department", N_("Department")), ("role", N_("Role")),
               ("customer_facing", N_("Customer-facing")), ("email", N_("Email")))
    NEW_DEPARTMENTS = N_("New departments will be created (as map lanes): {names}.")

    def __init__(self, result: ParticipantsImport, source: str, parent=None):
        super().__init__(result, tr("Import participants from {file}").format(file=source),
                         parent, table_name="participants_preview")

    def import_label(self, n: int) -> str:
        return ngettext("Import {n} participant", "Import {n} participants", n).format(n=n)


def import_participants_csv(page, path: str | Path | None = None,
                            dialog_factory=ParticipantsImportDialog) -> int:
    """Preview a CSV file and, once confirmed, add its people in one undo step.

    ``page`` is the calling page (its ``document`` and ``_say(text, error)``).
    """
    if path is None:
        path, _ = QFileDialog.getOpenFileName(page, tr("Import participants from CSV"), "",
                                              tr(CSV_FILTER))
        if not path:
            return 0
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        result = ParticipantsImport()
        result.fatal.append(tr("{file} cannot be read ({reason})").format(
            file=path.name, reason=e.strerror or e))
    else:
        result = parse_participants_csv(data, page.document.workshop)
    dialog = dialog_factory(result, path.name, page)
    if dialog.exec() != QDialog.Accepted:
        page._say(tr("Import cancelled; nothing was added."))
        return 0
    count = len(result.participants)
    if not count or result.fatal:
        page._say(tr("Nothing imported from {file}.").format(file=path.name), error=True)
        return 0
    if not page.document.push(ChangeCommand(
            page.document, ngettext("Import {n} participant from {file}",
                                    "Import {n} participants from {file}", count).format(
                n=count, file=path.name),
            import_ops(result))):
        return 0
    parts = [ngettext("Imported {n} participant from {file}.",
                      "Imported {n} participants from {file}.", count).format(
        n=count, file=path.name)]
    if result.new_departments:
        parts.append(tr("New departments: {names}.").format(
            names=", ".join(d.name for d in result.new_departments)))
    if result.bad_rows:
        bad = len(result.bad_rows)
        parts.append(ngettext("Left out {n} row with problems: {lines}.",
                              "Left out {n} rows with problems: {lines}.", bad).format(
            n=bad, lines="; ".join(tr("line {n}").format(n=r.line) for r in result.bad_rows)))
    page._say(" ".join(parts))
    return count


def add_to_advisory_group(document, participant_ids) -> tuple[int, list[str]]:
    """Add participants to the advisory group (one undo step); ``(added, skipped names)``."""
    members, skipped = members_from_participants(document.workshop, participant_ids)
    if members and not document.push(ChangeCommand(
            document, ngettext("Add {n} participant to the advisory group",
                               "Add {n} participants to the advisory group",
                               len(members)).format(n=len(members)),
            [Add(m) for m in members])):
        return 0, skipped
    return len(members), skipped


def add_as_participants(document, member_ids) -> tuple[int, list[str]]:
    """Add advisory-group members as participants (one undo step); ``(added, skipped)``."""
    people, skipped = participants_from_members(document.workshop, member_ids)
    if people and not document.push(ChangeCommand(
            document, ngettext("Add {n} member as a participant",
                               "Add {n} members as participants",
                               len(people)).format(n=len(people)),
            [Add(p) for p in people])):
        return 0, skipped
    return len(people), skipped


def copy_message(added: int, skipped: list[str], where: str) -> str:
    text = ngettext("Added {n} person to {where}.", "Added {n} people to {where}.",
                    added).format(n=added, where=where)
    if skipped:
        text += " " + tr("Already there: {names}.").format(names=", ".join(skipped))
    return text
