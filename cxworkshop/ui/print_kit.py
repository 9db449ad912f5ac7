"""The printing kit on the Export page: name tents and a sign-in sheet."""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton

from ..i18n import N_, ngettext, tr

KIT = (("name_tents", N_("Name &tents…"), "name tents.pdf",
        N_("A sheet per participant, folded across the middle: the name large on both sides, "
           "the department below")),
       ("sign_in", N_("&Sign-in sheet…"), "sign-in sheet.pdf",
        N_("Every participant with room to sign, plus blank rows for walk-ins")))


class PrintKitBox(QGroupBox):
    """Buttons that each write one PDF of the kit; ``page`` gives the paper size."""

    def __init__(self, page, parent=None):
        super().__init__(tr("Printing kit"), parent)
        self.page = page
        self.setObjectName("print_kit")
        lay = QHBoxLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        for key, label, _name, tip in KIT:
            button = QPushButton(tr(label))
            button.setObjectName(f"kit_{key}")
            button.setToolTip(tr(tip))
            button.clicked.connect(lambda _c=False, key=key: self.write(key))
            self.buttons[key] = button
            lay.addWidget(button)
        self.status = QLabel()
        self.status.setObjectName("kit_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay.addWidget(self.status, 1)

    def _paper(self) -> str:
        paper = getattr(self.page, "paper", None)
        return paper() if callable(paper) else "a4"

    def write(self, key: str, path: str | Path | None = None) -> Path | None:
        """Ask where (unless ``path`` is given), write the PDF, and say so."""
        from ..export.pdf_kit import name_tents_pdf, sign_in_pdf
        from ..fileutil import write_atomic
        document = self.page.document
        name = next(n for k, _l, n, _t in KIT if k == key)
        if path is None:
            start = document.path.with_name(name) if document.path else Path(name)
            chosen, _ = QFileDialog.getSaveFileName(self, tr("Save as"), str(start),
                                                     tr("PDF files") + " (*.pdf)")
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        maker = {"name_tents": name_tents_pdf, "sign_in": sign_in_pdf}[key]
        from ..fileutil import OutputRefused, check_output
        try:
            # the save dialog asked before replacing a file; never a workshop or this one
            check_output(path, "pdf", inputs=[document.path], force=True)
        except OutputRefused as e:
            self.status.setText(f"<span style='color:#c62828'>{e}</span>")
            return None
        try:
            data, pages = maker(document.workshop, self._paper())
            write_atomic(path, data)
        except OSError as e:
            self.status.setText("<span style='color:#c62828'>" + html.escape(
                tr("{file} cannot be written: {reason}").format(
                    file=path.name, reason=e.strerror or e)) + "</span>")
            return None
        self.status.setText(tr("Wrote {file} ({pages}).").format(
            file=path.name, pages=ngettext("{n} page", "{n} pages", pages).format(n=pages)))
        return path
