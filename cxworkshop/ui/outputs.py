"""Before an export writes a file: the shared check, as dialogs (refuse, or confirm)."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from ..fileutil import OutputRefused, check_output
from ..i18n import tr


def may_write(parent: QWidget, dest: str | os.PathLike, kind: str, document=None,
              title: str = "Export") -> bool:
    """May an export of ``document`` write ``dest`` (a ``kind`` file such as "csv")?

    A workshop, the open file or a file open in the app is refused with a
    message; an existing file of another kind is replaced only if the user
    confirms. Returns True when the export may go ahead.
    """
    inputs = [document.path] if document is not None and document.path else []
    try:
        check_output(dest, kind, inputs=inputs)
    except OutputRefused as e:
        if not e.needs_force:
            QMessageBox.critical(parent, title, tr("Nothing was written: {reason}").format(
                reason=e))
            return False
        held = str(e).split(" exists and is ", 1)[-1].split(";")[0]
        answer = QMessageBox.question(
            parent, title, tr("{name} exists and holds something else ({what}).").format(
                name=Path(dest).name, what=held) + "\n\n" + tr("Replace it?"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes
    return True
